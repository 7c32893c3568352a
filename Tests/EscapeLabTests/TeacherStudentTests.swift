import Foundation
import Testing
@testable import EscapeLab

/// The teacher-student network: exact derivatives, the symmetric saddle found
/// at set-up, data fixed by the spec, and runs with minibatch noise.
@Suite struct TeacherStudentTests {
    static let landscapes = [
        TeacherStudent(), TeacherStudent(inputs: 3, hidden: 2, count: 20, seed: 5),
        TeacherStudent(inputs: 1, hidden: 4, count: 10, seed: 2), TeacherStudent(inputs: 5, hidden: 1, count: 30, seed: 3),
    ]

    static func points(_ l: TeacherStudent) -> [[Double]] {
        var rng = SplitMix(seed: 11)
        return (0..<4).map { _ in (0..<l.dimension).map { _ in 2 * rng.uniform() - 1 } }
    }

    @Test(arguments: 0..<landscapes.count)
    func derivativesMatchFiniteDifferences(_ k: Int) {
        let l = Self.landscapes[k]
        #expect(l.dimension == l.hidden * (l.inputs + 1))
        for x in Self.points(l) {
            let g = l.gradient(at: x), h = l.hessian(at: x)
            for i in 0..<l.dimension {
                // Central differences, error O(h^2 L''') ~ 1e-10 at h = 1e-5.
                let fd = centralDifference({ l.loss(at: $0) }, at: x, i, h: 1e-5)
                #expect(abs(g[i] - fd) <= 1e-7 * max(1, abs(fd)), "\(l.spec) d/dx\(i)")
                for j in 0..<l.dimension {
                    let fd2 = centralDifference({ l.gradient(at: $0)[j] }, at: x, i, h: 1e-5)
                    #expect(abs(h[j, i] - fd2) <= 1e-6 * max(1, abs(fd2)), "\(l.spec) H[\(j),\(i)]")
                }
            }
            for s in [0, l.sampleCount - 1] {
                let gs = l.sampleGradient(at: x, sample: s)
                for i in 0..<l.dimension {
                    let fd = centralDifference({ l.sampleLoss(at: $0, sample: s) }, at: x, i, h: 1e-5)
                    #expect(abs(gs[i] - fd) <= 1e-7 * max(1, abs(fd)), "\(l.spec) sample \(s) d/dx\(i)")
                }
            }
        }
    }

    @Test func sampleGradientsSumToNTimesTheGradient() {
        let l = Self.landscapes[0]
        let x = Self.points(l)[0]
        var sum = DynamicVector(zeros: l.dimension)
        for i in 0..<l.sampleCount { l.addSampleGradient(at: DynamicVector(x), sample: i, to: &sum) }
        let g = l.gradient(at: x)
        for j in 0..<l.dimension { #expect(abs(sum[j] - Double(l.sampleCount) * g[j]) < 1e-12 * Double(l.sampleCount)) }
        // Lanes past d stay zero in wider storage.
        var wide = SIMD16<Double>(zeros: 16)
        for j in 0..<l.dimension { wide[j] = x[j] }
        let gw = l.gradient(at: wide)
        for j in l.dimension..<16 { #expect(gw[j] == 0) }
    }

    /// Every unit equal: w_j = start[0..<m], a_j = start[h m].
    static func unitsAreEqual(_ l: TeacherStudent) -> Bool {
        let m = l.inputs, h = l.hidden, s = l.start
        return (0..<h).allSatisfy { j in Array(s[j * m ..< (j + 1) * m]) == Array(s[0..<m]) && s[h * m + j] == s[h * m] }
    }

    @Test(arguments: [TeacherStudent(), TeacherStudent(inputs: 6, hidden: 4, count: 100, seed: 3)])
    func theStartIsTheSymmetricSaddle(_ l: TeacherStudent) throws {
        #expect(!l.startsAtOrigin)
        #expect(Self.unitsAreEqual(l))
        #expect(l.start.contains { $0 != 0 })
        #expect(l.saddle == l.start && l.startMinimum == nil)
        #expect(l.gradient(at: l.start).allSatisfy { abs($0) < 1e-10 }, "\(l.spec)")
        // The smallest Hessian eigenvalue is min eig M, computed at set-up from the m x m block.
        let e = try symmetricEigen(l.hessian(at: l.start)).values
        #expect(e[0] < -1e-3, "\(l.spec): \(e[0])")
        #expect(abs(e[0] - l.startCurvature) < 1e-9 * max(1, abs(e[0])), "\(e[0]) vs \(l.startCurvature)")
        // M's eigenvalues come h - 1 times (one per unit-difference direction).
        #expect(e.filter { abs($0 - e[0]) < 1e-9 }.count >= l.hidden - 1)
        #expect(l.defaultEscape == .radius(0.5))
    }

    /// Cases without a usable reduced minimum: N = 4 <= m = 8 (one effective unit
    /// fits the labels exactly; Newton is not tried), seed 24 (Newton drifts to
    /// the linear limit w -> 0, a -> infinity), and a strict reduced minimum whose M
    /// has no negative eigenvalue (m = 2, seed 4: w = (-2.64, 1.83), a = 0.084).
    static let originCases = [
        TeacherStudent(inputs: 8, hidden: 2, count: 4, seed: 1), TeacherStudent(seed: 24),
        TeacherStudent(inputs: 2, hidden: 2, count: 16, seed: 4),
    ]

    @Test(arguments: originCases)
    func withoutAReducedSaddleTheStartIsTheOrigin(_ l: TeacherStudent) throws {
        #expect(l.startsAtOrigin && l.start.allSatisfy { $0 == 0 } && l.saddle == l.start)
        #expect(l.gradient(at: l.start).allSatisfy { $0 == 0 })
        // Hessian eigenvalues +-|c| (h times each) and zeros, c = (1/N) sum_i y_i x_i.
        let e = try symmetricEigen(l.hessian(at: l.start)).values
        let m = l.inputs, n = l.count
        var c = [Double](repeating: 0, count: m)
        for i in 0..<n { for k in 0..<m { c[k] += l.labels[i] * l.features[i * m + k] / Double(n) } }
        let norm = c.map { $0 * $0 }.reduce(0, +).squareRoot()
        for j in 0..<l.hidden {
            #expect(abs(e[j] + norm) < 1e-12 && abs(e[e.count - 1 - j] - norm) < 1e-12, "\(l.spec): \(e)")
        }
        #expect(abs(e[l.hidden]) < 1e-12)
        #expect(abs(l.startCurvature + norm) < 1e-12)
    }

    @Test func oneUnitStartsAtTheTeacher() {
        // h = 1: the student can be the teacher; the reduced minimum is it (L = 0).
        let l = Self.landscapes[3]
        #expect(!l.startsAtOrigin && l.startMinimum == l.start && l.saddle == nil)
        #expect(l.loss(at: l.start) < 1e-20)
        for k in 0..<l.inputs { #expect(abs(abs(l.start[k]) - abs(l.teacherWeights[k])) < 1e-8) }
        #expect(l.startCurvature > 0)
    }

    static let registry = Registry.builtIn

    @Test func dataDependOnTheSpecOnly() throws {
        let a = try #require(try Self.registry.landscape(parsing: "teacher-student:seed=7") as? TeacherStudent)
        let b = try #require(try Self.registry.landscape(parsing: "teacher-student:seed=7") as? TeacherStudent)
        let c = try #require(try Self.registry.landscape(parsing: "teacher-student:seed=8") as? TeacherStudent)
        #expect(a.features == b.features && a.labels == b.labels && a.teacherWeights == b.teacherWeights)
        #expect(a.start == b.start)
        #expect(a.features != c.features && a.teacherWeights != c.teacherWeights)
        // The teacher is drawn first: more examples extend the same data set.
        let longer = TeacherStudent(inputs: 4, hidden: 3, count: 80, seed: 7)
        #expect(longer.teacherWeights == a.teacherWeights && Array(longer.features.prefix(64 * 4)) == a.features)
        #expect(a.features.count == 64 * 4 && a.labels.count == 64 && a.teacherWeights.count == 3 * 4)
    }

    @Test func specsRoundTripThroughTheRegistry() throws {
        #expect(TeacherStudent().spec == "teacher-student:inputs=4,hidden=3,n=64,seed=1")
        for l in Self.landscapes {
            let again = try Self.registry.landscape(parsing: l.spec)
            #expect(again.spec == l.spec)
            let x = Self.points(l)[0]
            #expect(again.loss(at: x) == l.loss(at: x))
        }
    }

    @Test func badSpecsAreRefused() throws {
        for text in ["teacher-student:inputs=0", "teacher-student:hidden=0", "teacher-student:n=1", "teacher-student:seed=-1",
                     "teacher-student:inputs=64,hidden=64", "teacher-student:inputs=4000,hidden=1,n=5000", "teacher-student:width=3"] {
            #expect(throws: SpecError.self, "\(text)") { try Self.registry.landscape(parsing: text) }
        }
        // 64 * 65 = 4160 > 4096 parameters, 4000 * 5000 > 2^24 input numbers: the messages name the limits.
        for (text, limit) in [("teacher-student:inputs=64,hidden=64", "4096"), ("teacher-student:inputs=4000,hidden=1,n=5000", "16777216")] {
            do {
                _ = try Self.registry.landscape(parsing: text)
                Issue.record("\(text) accepted")
            } catch let e as SpecError {
                #expect(e.description.contains(limit), "\(e)")
            }
        }
        // 4096 exactly is accepted (64 units of 63 inputs + 64 output weights).
        #expect(TeacherStudent(inputs: 63, hidden: 64, count: 2, seed: 1).dimension == maximumDimension)
    }

    @Test func minibatchNoiseKeepsTheUnitsEqual() throws {
        // Every example's gradient is equal across units at an equal-unit point, so
        // minibatch SGD never leaves that subspace (bit for bit): no escape.
        let l = TeacherStudent()
        let p = Problem(landscape: l, learningRate: 0.2, noise: .minibatch(batch: 8, replacement: false), maxSteps: 2000)
        let r = try p.run(ExecutionPlan(trajectories: 3, seed: 3, threads: 2))
        #expect(r.outcomes.allSatisfy { $0 == .censored }, "\(r.outcomes)")
        for k in 0..<3 {
            let x = Array(r.finalPoint(k)), m = l.inputs
            #expect(x != l.start)
            for j in 1..<l.hidden { #expect(Array(x[j * m ..< (j + 1) * m]) == Array(x[0..<m]) && x[l.hidden * m + j] == x[l.hidden * m]) }
        }
        // Broken symmetry (1e-3 along w_0 - w_1), the negative curvature takes over.
        var tilted = l.start
        tilted[0] += 1e-3
        tilted[l.inputs] -= 1e-3
        let q = Problem(landscape: l, learningRate: 0.2, noise: .minibatch(batch: 8, replacement: false), start: tilted,
                        maxSteps: 20_000)
        let escaped = try q.run(ExecutionPlan(trajectories: 3, seed: 4, threads: 2))
        #expect(escaped.outcomes.allSatisfy { $0 == .escaped }, "\(escaped.outcomes) after \(escaped.steps)")
        #expect(escaped.steps.allSatisfy { $0 < 20_000 })
        // Parsed with the registry and Gaussian noise, which breaks the symmetry itself.
        let parsed = try Problem(parsingLandscape: "teacher-student:inputs=3,hidden=2,n=20,seed=5", optimizer: "sgd",
                                 learningRate: 0.1, noise: "gaussian:sigma=0.05", start: { nil }, escape: nil, maxSteps: 20_000,
                                 registry: Self.registry)
        let g = try parsed.run(ExecutionPlan(trajectories: 3, seed: 5, threads: 1))
        #expect(g.outcomes.allSatisfy { $0 == .escaped }, "\(g.outcomes)")
    }
}
