import EscapeLab
import Foundation
import Testing

/// The exact mean first-passage time by GSL quadrature against an independent
/// high-precision evaluation, for barrier / temperature ratios 1 to 30.
@Suite struct TheoryQuadratureTests {
    /// (case, ratio r, x0, c, tau) in continuous time. Produced by
    /// `python3 Scripts/mfpt_reference.py` (mpmath, 30 digits; nested
    /// tanh-sinh and nested Gauss-Legendre agree to 1e-15; Phi in closed form,
    /// checked against U'/D by numerical differentiation). Cases:
    /// doubleWell U = (x^2 - 1)^2, T = 1/r; tiltedWell U = (x^2 - 1)^2 - x/4,
    /// T = 1/r, escape to the left; variableDiffusion U = (x^2 - 1)^2,
    /// D = (1 + x^2/2)/r (Ito: 1/D in the inner integral); invertedParabola
    /// U = -x^2/2, D = 1/r, reflecting at 0 (a saddle's unstable direction).
    static let reference: [(String, Double, Double, Double, Double)] = [
        ("doubleWell", 1, -1, 1, 3.5694341591270128),
        ("doubleWell", 2, -1, 1, 1.0258570067184178e+1),
        ("doubleWell", 3, -1, 1, 2.6640087798115305e+1),
        ("doubleWell", 5, -1, 1, 1.824176729855807e+2),
        ("doubleWell", 8, -1, 1, 3.5000348111867892e+3),
        ("doubleWell", 12, -1, 1, 1.871198407673346e+5),
        ("doubleWell", 20, -1, 1, 5.4966110035207222e+8),
        ("doubleWell", 30, -1, 1, 1.2024385980371952e+13),
        ("doubleWell", 1, -1, 0, 1.435859267008809),
        ("doubleWell", 5, -1, 0, 9.0475939875231091e+1),
        ("doubleWell", 30, -1, 0, 6.0121929901848935e+12),
        ("tiltedWell", 1, 1, -1, 4.4904498118704676),
        ("tiltedWell", 5, 1, -1, 6.4516865063797044e+2),
        ("tiltedWell", 30, 1, -1, 2.964603016095074e+16),
        ("variableDiffusion", 1, -1, 1, 2.7035159643889787),
        ("variableDiffusion", 3, -1, 1, 1.5740849114207177e+1),
        ("variableDiffusion", 10, -1, 1, 5.5617988302502067e+3),
        ("variableDiffusion", 30, -1, 1, 1.7524226874757557e+11),
        ("invertedParabola", 1, 0, 1, 4.2668560429604481e-1),
        ("invertedParabola", 10, 0, 1, 1.7241378464709262),
        ("invertedParabola", 30, 0, 1, 2.3181653415866553),
    ]

    static func computed(_ name: String, _ r: Double, _ x0: Double, _ c: Double) throws -> PassageTime {
        let t = 1 / r
        switch name {
        case "doubleWell":
            return try MeanFirstPassage.time(on: DoubleWell(barrier: 1, k: 1), temperature: t, from: x0, to: c)
        case "tiltedWell":
            return try MeanFirstPassage.time(potential: { (($0 * $0 - 1) * ($0 * $0 - 1)) - $0 / 4 }, temperature: t, from: x0, to: c)
        case "variableDiffusion":
            return try MeanFirstPassage.time(gradient: { 4 * $0 * ($0 * $0 - 1) }, diffusion: { t * (1 + $0 * $0 / 2) },
                                             from: x0, to: c)
        default:
            return try SaddleEscape.exactTime(gamma: 1, diffusion: t, radius: c)
        }
    }

    /// The acceptance bound is 1e-6 relative; the quadrature's own target is 1e-10.
    @Test func matchesIndependentHighPrecisionValues() throws {
        var worst = 0.0
        for (name, r, x0, c, tau) in Self.reference {
            let p = try Self.computed(name, r, x0, c)
            let rel = abs(p.time / tau - 1)
            worst = max(worst, rel)
            #expect(rel < 1e-6, "\(name) r=\(r) \(x0)->\(c): \(p.time) vs \(tau)")
            #expect(abs(p.logTime - log(tau)) < 1e-6)
        }
        #expect(worst < 1e-9, "worst relative error \(worst)")
    }

    /// Barrier / temperature 300: e^300 does not fit the integrands, but the
    /// shifted exponents keep them <= 1 and ln tau exact; Kramers' law is
    /// then correct to O(T / Delta U) = 1/300.
    @Test func noOverflowFarBeyondThirty() throws {
        let l = DoubleWell(barrier: 1, k: 1)
        let p = try MeanFirstPassage.time(on: l, temperature: 1.0 / 300, from: -1, to: 1)
        let k = try #require(try Kramers.time(on: l, temperature: 1.0 / 300))
        #expect(p.logTime.isFinite && p.time.isFinite)
        #expect(abs(p.logTime - k.logTime) < 1.0 / 300)
        let q = try MeanFirstPassage.time(on: l, temperature: 1.0 / 1000, from: -1, to: 1)
        #expect(q.logTime.isFinite && q.time == .infinity)
    }

    /// Kramers is the low-temperature limit of the exact MFPT to a point well
    /// beyond the barrier: relative error O(T / Delta U), here bounded by 1/r.
    @Test(arguments: [8.0, 12.0, 20.0, 30.0])
    func kramersIsTheLowTemperatureLimit(_ r: Double) throws {
        let l = DoubleWell(barrier: 1, k: 1)
        let exact = try MeanFirstPassage.time(on: l, temperature: 1 / r, from: -1, to: 1)
        let k = try #require(try Kramers.time(on: l, temperature: 1 / r))
        #expect(abs(exact.time / k.time - 1) < 1 / r)
    }

    /// D = eta |U''| / (2B) vanishes at the inflection point -1/sqrt(3): the
    /// continuous model cannot cross it (Theory article, § Units and the Langevin limit), so no finite MFPT.
    @Test func vanishingDiffusionIsReportedNotIntegrated() throws {
        let l = DoubleWell(barrier: 1, k: 1)
        #expect(throws: TheoryError.self) {
            try MeanFirstPassage.time(on: l, diffusion: { 0.01 * abs(l.hessian(at: [$0])[0, 0]) / 2 }, from: -1, to: 1)
        }
    }

    /// A position-dependent D that is constant must give the constant-T answer.
    @Test func variableDiffusionPathReducesToConstantTemperature() throws {
        let l = DoubleWell(barrier: 1, k: 1)
        let a = try MeanFirstPassage.time(on: l, temperature: 0.2, from: -1, to: 0.5)
        let b = try MeanFirstPassage.time(on: l, diffusion: { _ in 0.2 }, from: -1, to: 0.5)
        #expect(abs(a.time / b.time - 1) < 1e-9)
    }
}
