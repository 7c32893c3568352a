/// A parsed `--noise` spec: what is added to (or replaces) the exact gradient.
///
/// | spec | gradient used at each step |
/// |---|---|
/// | `none` | grad L(x) |
/// | `gaussian:sigma=s` | grad L(x) + s z, z ~ N(0, I) (white noise, T = eta s^2 / 2) |
/// | `sgd:batch=B,hessian=start` | grad L(x) + xi, xi ~ N(0, abs(H(x_start)) / B) |
/// | `sgd:batch=B,hessian=local` | grad L(x) + xi, xi ~ N(0, abs(H(x)) / B) |
/// | `levy:alpha=a,sigma=c` | grad L(x) + per-coordinate symmetric alpha-stable, E e^(i t X) = e^(-abs(c t)^a) |
/// | `student-t:nu=n,sigma=s` | grad L(x) + s t_n per coordinate |
/// | `minibatch:batch=B` | (1/B) sum_{i in batch} grad l_i(x), B of N samples without replacement |
/// | `shaped:shape=S,trace=T,at=local` | grad L(x) + xi, xi ~ N(0, T S(x) / Tr S(x)), S of ``NoiseShape`` |
///
/// abs(H) replaces H's eigenvalues by their absolute values. With
/// `hessian=local` the covariance vanishes where the curvature does (the
/// inflection points of a smooth barrier), where the continuous model cannot
/// cross: escape times then depend on eta. `minibatch` is the realistic
/// model; the Gaussian ones approximate it.
public enum NoiseSpec: Equatable, Sendable {
    case none
    case gaussian(sigma: Double)
    case sgd(batch: Int, localHessian: Bool)
    case levy(alpha: Double, scale: Double)
    case studentT(nu: Double, scale: Double)
    case minibatch(batch: Int, replacement: Bool)
    /// Gaussian with a fixed covariance Sigma given directly (studies; no CLI spec).
    case covariance(Matrix)
    /// Gaussian of total variance `trace` shaped like a matrix of the landscape,
    /// re-evaluated at every step (`frozen` false) or frozen at the start.
    case shaped(NoiseShape, trace: Double, frozen: Bool)

    public static let catalog: [(name: String, summary: String)] = [
        ("none", "none  exact gradient"),
        ("gaussian", "gaussian:sigma=1  white noise N(0, sigma^2 I) on the gradient"),
        ("sgd", "sgd:batch=1,hessian=start  N(0, |H|/B), H frozen at the run's start point, --start when given (start), or at the current point (local)"),
        ("levy", "levy:alpha=1.5,sigma=1  symmetric alpha-stable per coordinate, GSL scale c: E exp(itX) = exp(-|c t|^alpha)"),
        ("student-t", "student-t:nu=3,sigma=1  sigma * Student-t(nu) per coordinate"),
        ("minibatch", "minibatch:batch=1,replacement=false  mean gradient of B of the N samples (finite-sum landscapes only)"),
        ("shaped", "shaped:shape=isotropic,trace=1,at=local  N(0, T S/Tr S), S = I | diagonal (diag of the per-sample gradient covariance C) | covariance (C) | hessian (|H|) | top-eigenvector (v v^T of H's largest eigenvalue), at the current point (local) or the start"),
    ]

    /// Parses `--noise`.
    public init(parsing text: String) throws {
        var spec = try Spec(text, flag: "--noise")
        switch spec.name {
        case "none": self = .none
        case "gaussian": self = .gaussian(sigma: try spec.double("sigma", default: 1, .nonNegative))
        case "sgd":
            let b = try spec.int("batch", default: 1, 1...Int(Int32.max))
            let h = try spec.choice("hessian", default: "start", ["start", "local"])
            self = .sgd(batch: b, localHessian: h == "local")
        case "levy":
            self = .levy(alpha: try spec.double("alpha", default: 1.5, .openClosed(0, 2)),
                         scale: try spec.double("sigma", default: 1, .nonNegative))
        case "student-t":
            self = .studentT(nu: try spec.double("nu", default: 3, .positive),
                             scale: try spec.double("sigma", default: 1, .nonNegative))
        case "minibatch":
            self = .minibatch(batch: try spec.int("batch", default: 1, 1...Int(Int32.max)),
                              replacement: try spec.bool("replacement", default: false))
        case "shaped":
            let shape = try spec.choice("shape", default: "isotropic", NoiseShape.allCases.map(\.rawValue))
            self = .shaped(NoiseShape(rawValue: shape)!, trace: try spec.double("trace", default: 1, .nonNegative),
                           frozen: try spec.choice("at", default: "local", ["local", "start"]) == "start")
        default:
            throw SpecError.invalid(flag: "--noise", value: text,
                                    accepted: "one of \(Self.catalog.map(\.name).joined(separator: ", "))")
        }
        try spec.finish()
    }

    /// The canonical spec with every parameter after defaults.
    public var spec: String {
        switch self {
        case .none: return "none"
        case let .gaussian(s): return "gaussian:sigma=\(s.compact)"
        case let .sgd(b, local): return "sgd:batch=\(b),hessian=\(local ? "local" : "start")"
        case let .levy(a, c): return "levy:alpha=\(a.compact),sigma=\(c.compact)"
        case let .studentT(nu, s): return "student-t:nu=\(nu.compact),sigma=\(s.compact)"
        case let .minibatch(b, r): return "minibatch:batch=\(b),replacement=\(r)"
        case let .covariance(m): return "covariance:trace=\(m.trace.compact)"
        case let .shaped(shape, t, frozen):
            return "shaped:shape=\(shape.rawValue),trace=\(t.compact),at=\(frozen ? "start" : "local")"
        }
    }

    /// Checks the noise against the landscape it will run on.
    public func validate(for landscape: any Landscape) throws {
        switch self {
        case let .minibatch(b, replacement):
            let n = landscape.sampleCount
            guard n > 0 else {
                throw SpecError.conflict("--noise minibatch needs a finite-sum landscape (see `escapelab list landscapes`); '\(landscape.spec)' is analytic: use sgd:batch=B for its Gaussian model")
            }
            if !replacement && b > n {
                throw SpecError.invalid(flag: "--noise", value: spec, accepted: "batch <= \(n) (the landscape's sample count) without replacement")
            }
        case let .covariance(m):
            guard m.dimension == landscape.dimension else {
                throw SpecError.conflict("noise covariance is \(m.dimension)x\(m.dimension) but the landscape has dimension \(landscape.dimension)")
            }
        case let .shaped(shape, _, _) where shape.needsSamples && landscape.sampleCount == 0:
            throw SpecError.conflict("--noise shaped:shape=\(shape.rawValue) needs a finite-sum landscape (the per-sample gradient covariance); '\(landscape.spec)' is analytic: use shape=hessian or isotropic")
        default: break
        }
    }
}
