/// A parsed `--noise` spec: what is added to (or replaces) the exact gradient.
///
/// | spec | gradient used at each step |
/// |---|---|
/// | `none` | grad L(x) |
/// | `gaussian:sigma=s` | grad L(x) + s z, z ~ N(0, I) (white noise, T = eta s^2 / 2) |
/// | `sgd:batch=B,hessian=start` | grad L(x) + xi, xi ~ N(0, abs(H(x_start)) / B) |
/// | `sgd:batch=B,hessian=local` | grad L(x) + xi, xi ~ N(0, abs(H(x)) / B) |
/// | `sgd:batch=B,hessian=local,floor=h` | grad L(x) + xi, xi ~ N(0, sqrt(H(x)^2 + h^2) / B) |
/// | `loss-scaled:batch=B,hessian=start` | grad L(x) + xi, xi ~ N(0, 2 max(L(x), 0) abs(H(x_start)) / B) |
/// | `levy:alpha=a,sigma=c` | grad L(x) + per-coordinate symmetric alpha-stable, E e^(i t X) = e^(-abs(c t)^a) |
/// | `student-t:nu=n,sigma=s` | grad L(x) + s t_n per coordinate |
/// | `minibatch:batch=B` | (1/B) sum_{i in batch} grad l_i(x), B of N samples without replacement |
/// | `shaped:shape=S,trace=T,at=local` | grad L(x) + xi, xi ~ N(0, T S(x) / Tr S(x)), S of ``NoiseShape`` |
///
/// abs(H) replaces H's eigenvalues by their absolute values, sqrt(H^2 + h^2)
/// by sqrt(lambda^2 + h^2) (``CurvatureMagnitude``; h = 0 is abs(H)). With
/// `hessian=local` and no floor the covariance vanishes where the curvature
/// does (the inflection points of a smooth barrier), where the continuous
/// model cannot cross: escape times then depend on eta. A floor h > 0 keeps
/// D(x) >= eta h / (2B) and smooth, so the exact 1-D mean first-passage time
/// exists (Theory article, § State-dependent noise). `loss-scaled` is Mori et
/// al.'s (ICML 2022) model of SGD noise near a minimum, covariance 2 L H / B,
/// which vanishes with the loss (L clamped at 0). `minibatch` is the realistic
/// model; the Gaussian ones approximate it.
public enum NoiseSpec: Equatable, Sendable {
    case none
    case gaussian(sigma: Double)
    /// N(0, sqrt(H^2 + floor^2) / B), H at the start or the current point.
    case sgd(batch: Int, localHessian: Bool, floor: Double = 0)
    /// N(0, 2 max(L(x), 0) sqrt(H^2 + floor^2) / B) (Mori et al. 2022), H at the start or the current point.
    case lossScaled(batch: Int, localHessian: Bool, floor: Double)
    case levy(alpha: Double, scale: Double)
    case studentT(nu: Double, scale: Double)
    case minibatch(batch: Int, replacement: Bool)
    /// Gaussian with a fixed covariance Sigma given directly
    /// (`covariance:matrix=a;b;c;d`, row-major).
    case covariance(Matrix)
    /// Gaussian of total variance `trace` shaped like a matrix of the landscape,
    /// re-evaluated at every step (`frozen` false) or frozen at the start.
    case shaped(NoiseShape, trace: Double, frozen: Bool)

    /// The largest batch drawn with replacement (each worker keeps its indices).
    public static let maximumBatchWithReplacement = 1_000_000

    /// Every family the grammar accepts, with its declared parameters.
    public static var catalog: [SpecListing] { families.map(\.listing) }

    static let families: [NoiseFamily] = [
        NoiseFamily("none", "exact gradient", NoParameters.parameters, { _ in .none }, { $0 == .none ? NoParameters() : nil }),
        NoiseFamily("gaussian", "white noise N(0, sigma^2 I) on the gradient (T = lr sigma^2 / 2)", GaussianNoise.parameters,
                    { .gaussian(sigma: $0.sigma) }, { if case let .gaussian(s) = $0 { return GaussianNoise(sigma: s) }; return nil }),
        NoiseFamily("sgd", "N(0, |H|/B): H frozen at the run's start point (--start when given), or at the current point", SGDNoise.parameters,
                    { .sgd(batch: $0.batch, localHessian: $0.hessian == "local", floor: $0.floor) },
                    { if case let .sgd(b, l, h) = $0 { return SGDNoise(batch: b, hessian: l ? "local" : "start", floor: h) }; return nil }),
        // The same parameters as `sgd` (the loss factor has none of its own).
        NoiseFamily("loss-scaled", "N(0, 2 max(L,0) |H|/B), noise that vanishes with the loss (Mori et al. 2022); H at the start point or the current point", SGDNoise.parameters,
                    { .lossScaled(batch: $0.batch, localHessian: $0.hessian == "local", floor: $0.floor) },
                    { if case let .lossScaled(b, l, h) = $0 { return SGDNoise(batch: b, hessian: l ? "local" : "start", floor: h) }; return nil }),
        NoiseFamily("levy", "symmetric alpha-stable per coordinate, GSL scale c: E exp(itX) = exp(-|c t|^alpha)", LevyNoise.parameters,
                    { .levy(alpha: $0.alpha, scale: $0.sigma) }, { if case let .levy(a, c) = $0 { return LevyNoise(alpha: a, sigma: c) }; return nil }),
        NoiseFamily("student-t", "sigma * Student-t(nu) per coordinate", StudentTNoise.parameters,
                    { .studentT(nu: $0.nu, scale: $0.sigma) },
                    { if case let .studentT(n, s) = $0 { return StudentTNoise(nu: n, sigma: s) }; return nil }),
        NoiseFamily("minibatch", "mean gradient of B of the N samples (finite-sum landscapes only)", MinibatchNoise.parameters,
                    { .minibatch(batch: $0.batch, replacement: $0.replacement) },
                    { if case let .minibatch(b, r) = $0 { return MinibatchNoise(batch: b, replacement: r) }; return nil }),
        NoiseFamily("shaped", "N(0, T S/Tr S), S = I | diagonal (diag of the per-sample gradient covariance C) | covariance (C) | hessian (|H|) | top-eigenvector (v v^T of H's largest eigenvalue), at the current point (local) or the start",
                    ShapedNoise.parameters,
                    { .shaped(NoiseShape(rawValue: $0.shape)!, trace: $0.trace, frozen: $0.at == "start") },
                    { if case let .shaped(sh, t, f) = $0 { return ShapedNoise(shape: sh.rawValue, trace: t, at: f ? "start" : "local") }; return nil }),
        NoiseFamily("covariance", "N(0, Sigma) with Sigma given row-major, entries separated by ';' (symmetric, positive semi-definite, d x d)",
                    CovarianceNoise.parameters, { try $0.spec() },
                    { if case let .covariance(m) = $0 { return CovarianceNoise(m) }; return nil }),
    ]

    /// Parses a noise spec.
    public init(parsing text: String) throws {
        var spec = try Spec(text, field: .noise)
        guard let family = Self.families.first(where: { $0.name == spec.name }) else {
            throw SpecError.invalid(.noise, value: text, accepted: "one of \(Self.families.map(\.name).joined(separator: ", "))")
        }
        self = try family.parse(&spec)
        try spec.finish()
    }

    /// The canonical spec with every parameter after defaults.
    public var spec: String {
        for family in Self.families { if let s = family.render(self) { return s } }
        preconditionFailure("every noise spec has a family")
    }

    /// Checks the noise against the landscape it will run on.
    public func validate(for landscape: any Landscape) throws {
        switch self {
        case let .minibatch(b, replacement):
            let n = landscape.sampleCount
            guard n > 0 else {
                throw SpecError.conflict("minibatch noise needs a finite-sum landscape (see `escapelab list landscapes`); '\(landscape.spec)' is analytic: use sgd:batch=B for its Gaussian model")
            }
            if !replacement && b > n {
                throw SpecError.invalid(.noise, value: spec, accepted: "batch <= \(n) (the landscape's sample count) without replacement")
            }
            if replacement && b > Self.maximumBatchWithReplacement {
                throw SpecError.invalid(.noise, value: spec, accepted: "batch <= \(Self.maximumBatchWithReplacement) with replacement (each worker holds the batch's indices)")
            }
        case let .covariance(m):
            guard m.dimension == landscape.dimension else {
                throw SpecError.conflict("noise covariance is \(m.dimension)x\(m.dimension) but the landscape has dimension \(landscape.dimension)")
            }
        case let .shaped(shape, _, _) where shape.needsSamples && landscape.sampleCount == 0:
            throw SpecError.conflict("shaped noise with shape=\(shape.rawValue) needs a finite-sum landscape (the per-sample gradient covariance); '\(landscape.spec)' is analytic: use shape=hessian or isotropic")
        default: break
        }
    }
}

/// One noise family: its name, declarations, and the map between its
/// parameter struct and ``NoiseSpec``.
struct NoiseFamily: Sendable {
    let name: String
    let listing: SpecListing
    let parse: @Sendable (inout Spec) throws -> NoiseSpec
    let render: @Sendable (NoiseSpec) -> String?

    init<P>(_ name: String, _ summary: String, _ parameters: [ParameterInfo<P>],
            _ make: @escaping @Sendable (P) throws -> NoiseSpec, _ view: @escaping @Sendable (NoiseSpec) -> P?) where P: NoiseParameters {
        self.name = name
        listing = SpecListing(name: name, summary: summary, parameters: parameters)
        parse = { spec in try make(try spec.build(P(), parameters)) }
        render = { noise in view(noise).map { renderSpec(name, parameters, $0) } }
    }
}

/// The parameter struct of a noise family (defaults from `init()`, then read from the spec).
protocol NoiseParameters: Sendable { init() }

struct NoParameters: NoiseParameters {
    static let parameters: [ParameterInfo<NoParameters>] = []
}

struct GaussianNoise: NoiseParameters {
    var sigma = 1.0
    static let parameters = [SpecParameter("sigma", \GaussianNoise.sigma, default: 1.0, .nonNegative, "noise scale sigma").info]
}

/// The parameters of `sgd` and `loss-scaled` noise.
struct SGDNoise: NoiseParameters {
    var batch = 1
    var hessian = "start"
    var floor = 0.0
    static let parameters = [
        SpecParameter("batch", \SGDNoise.batch, default: 1, 1...Int(Int32.max), "batch size B").info,
        SpecParameter("hessian", \SGDNoise.hessian, default: "start", ["start", "local"], "where H is taken: the start point, or the current point").info,
        SpecParameter("floor", \SGDNoise.floor, default: 0.0, .nonNegative,
                      "curvature floor h: |lambda| becomes sqrt(lambda^2 + h^2) (written only when > 0)", when: { $0.floor != 0 }).info,
    ]
}

struct LevyNoise: NoiseParameters {
    var alpha = 1.5
    var sigma = 1.0
    static let parameters = [
        SpecParameter("alpha", \LevyNoise.alpha, default: 1.5, .openClosed(0, 2), "stability index alpha").info,
        SpecParameter("sigma", \LevyNoise.sigma, default: 1.0, .nonNegative, "GSL scale c").info,
    ]
}

struct StudentTNoise: NoiseParameters {
    var nu = 3.0
    var sigma = 1.0
    static let parameters = [
        SpecParameter("nu", \StudentTNoise.nu, default: 3.0, .positive, "degrees of freedom nu").info,
        SpecParameter("sigma", \StudentTNoise.sigma, default: 1.0, .nonNegative, "scale sigma").info,
    ]
}

struct MinibatchNoise: NoiseParameters {
    var batch = 1
    var replacement = false
    static let parameters = [
        SpecParameter("batch", \MinibatchNoise.batch, default: 1, 1...Int(Int32.max), "batch size B (at most N without replacement)").info,
        SpecParameter("replacement", \MinibatchNoise.replacement, default: false, AnyValue(), "sample with replacement").info,
    ]
}

struct ShapedNoise: NoiseParameters {
    var shape = "isotropic"
    var trace = 1.0
    var at = "local"
    static let parameters = [
        SpecParameter("shape", \ShapedNoise.shape, default: "isotropic", NoiseShape.allCases.map(\.rawValue), "the matrix S").info,
        SpecParameter("trace", \ShapedNoise.trace, default: 1.0, .nonNegative, "total variance T").info,
        SpecParameter("at", \ShapedNoise.at, default: "local", ["local", "start"], "S at the current point, or frozen at the start").info,
    ]
}

struct CovarianceNoise: NoiseParameters {
    var entries = SpecText("1")
    var matrix: String { entries.text }
    init() {}
    init(_ m: Matrix) { entries = SpecText(m.entries.map(\.compact).joined(separator: ";")) }
    static let parameters = [
        SpecParameter("matrix", \CovarianceNoise.entries, default: SpecText("1"), AnyValue(), "Sigma, row-major, entries separated by ';'").info,
    ]

    func spec() throws -> NoiseSpec {
        let bad = SpecError.invalid(.noise, value: "covariance:matrix=\(matrix)",
                                    accepted: "matrix=a;b;...: d x d finite entries, symmetric, positive semi-definite")
        let entries = matrix.split(separator: ";", omittingEmptySubsequences: false).map { Double(specText: String($0)) }
        guard entries.allSatisfy({ $0 != nil }) else { throw bad }
        let d = Int(Double(entries.count).squareRoot().rounded())
        guard d >= 1, d * d == entries.count, d <= maximumDimension else { throw bad }
        let m = Matrix(dimension: d, entries: entries.map { $0! })
        for i in 0..<d { for j in 0..<i where m[i, j] != m[j, i] { throw bad } }
        guard let e = try? symmetricEigen(m), e.values.allSatisfy({ $0 >= -1e-12 * (e.values.map(abs).max() ?? 0) }) else { throw bad }
        return .covariance(m)
    }
}
