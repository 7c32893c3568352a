import EscapeLabTestSupport
import Foundation
import PropertyBased
import Testing
@testable import EscapeLab

/// Random and mutated specs never crash a parser; each is accepted or refused
/// with one line (10,000+ cases in process), and the binary answers random
/// command lines with one line at most and an exit status in {0, 64, 65, 74}.
@Suite struct SpecFuzzTests {
    static let seeds = [
        "double-well:barrier=1,k=1", "asymmetric-well:sharp=16,flat=2", "styblinski-tang:dim=3,k=0.5",
        "saddle:neg=0.1,pos=1,dim=4", "quadratic:k=2,dim=3,anisotropy=10,angle=30", "cosine-well:width=2",
        "zhu2d:n=10,seed=3", "logistic:loss=focal,gamma=2,alpha=0.25,n=20", "softmax:loss=balanced,beta=0.9,n=30",
        "deep-linear:depth=4,target=2", "matrix-factorization:n=2,rank=1,target-rank=1,seed=7",
        "formula:(x0^2-1)^2 + 0.5*x1^2", "formula:tanh(x0)*sigmoid(x1)-softplus(x2)",
        "sgd:momentum=0.9,nesterov=true", "adam:beta1=0.5,amsgrad=vhat", "adamw", "rmsprop:centered=true", "adagrad",
        "adai:beta0=0.2", "gaussian:sigma=3", "sgd:batch=4,hessian=local", "levy:alpha=1.5,sigma=2",
        "student-t:nu=3", "minibatch:batch=2,replacement=true", "shaped:shape=hessian,trace=1,at=start",
        "covariance:matrix=1;0.5;0.5;2", "x0>=1", "radius=2", "min<=-1", "loss>=0.5", "none", "-0.5,2",
    ]
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789:=,;.-+eE^*/()<>! \t\n\u{1b}xX_") + ["é", "∞"]

    /// One mutation: insert, delete, replace or duplicate a stretch.
    static func mutate(_ s: String, _ ops: [Int]) -> String {
        var c = Array(s)
        for (k, op) in ops.enumerated() {
            let p = c.isEmpty ? 0 : (op >> 4) % (c.count + 1)
            switch op & 3 {
            case 0: c.insert(alphabet[(op >> 8) % alphabet.count], at: p)
            case 1: if p < c.count { c.remove(at: p) }
            case 2: if p < c.count { c[p] = alphabet[(op >> 8 + k) % alphabet.count] }
            default: c.insert(contentsOf: c[p..<min(c.count, p + 3)], at: p)
            }
        }
        return String(c)
    }

    /// Parses `text` as every kind of spec; true when nothing crashed and
    /// every refusal is a one-line SpecError.
    static func parseEverything(_ text: String) -> Bool {
        // A finite-sum data set of 10^5 or more examples is legal but slow to
        // build (a Newton solve at set-up); such mutations are skipped.
        if text.range(of: "n=[0-9]{5,}", options: .regularExpression) != nil { return true }
        var ok = true
        func check(_ body: () throws -> Void) {
            do { try body() } catch let e as SpecError {
                if e.description.contains("\n") || e.message(naming: { "--\($0.rawValue)" }).contains("\n") { ok = false }
            } catch { ok = false }
        }
        check { _ = try Registry.builtIn.landscape(parsing: text) }
        check { _ = try OptimizerSpec(parsing: text) }
        check { _ = try NoiseSpec(parsing: text) }
        check { _ = try EscapeCriterion(parsing: text, dimension: 3) }
        check { _ = try parseVector(text, field: .start) }
        check { _ = try Shard(parsing: text) }
        return ok
    }

    @Test func mutatedSpecsNeverCrashAndFailInOneLine() async {
        await propertyCheck(count: 8_000, input: Gen.int(in: 0..<Self.seeds.count), Gen.int(in: 0...(1 << 20)).array(of: 0...5)) { i, ops in
            let text = Self.mutate(Self.seeds[i], ops)
            #expect(Self.parseEverything(text), "\(text.debugDescription)")
        }
    }

    @Test func randomTextNeverCrashesAndFailsInOneLine() async {
        await propertyCheck(count: 4_000, input: Gen.int(in: 0..<Self.alphabet.count).array(of: 0...40)) { letters in
            let text = String(letters.map { Self.alphabet[$0] })
            #expect(Self.parseEverything(text), "\(text.debugDescription)")
        }
    }

    /// The binary itself: random flags and mutated specs, 150 processes.
    @Test func theBinaryAnswersInOneLineWithADocumentedStatus() throws {
        var g = SplitMix(seed: 2026)
        let flags = ["--landscape", "--optimizer", "--noise", "--escape", "--start", "--lr", "--shard", "--rng", "--trajectories"]
        for _ in 0..<150 {
            var args = ["run", "--max-steps", "50", "--trajectories", "4", "--quiet", "--threads", "1"]
            for _ in 0..<(1 + Int(g.uniform() * 3)) {
                let flag = flags[Int(g.uniform() * Double(flags.count))]
                let seed = Self.seeds[Int(g.uniform() * Double(Self.seeds.count))]
                let ops = (0..<Int(g.uniform() * 4)).map { _ in Int(g.next() % (1 << 20)) }
                args += [flag, Self.mutate(seed, ops)]
            }
            if args.contains(where: { $0.range(of: "n=[0-9]{5,}", options: .regularExpression) != nil }) { continue }
            let r = try TestSupport.run(args)
            #expect([0, 64, 65, 74].contains(r.status), "\(args): status \(r.status) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count <= 1, "\(args): \(r.stderr)")
        }
    }
}
