import CGSL

// GSL's adaptive quadrature (QAGS, QAGP, QAGIL, QAGIU) for Swift closures.
// A closure is passed to GSL through the `params` pointer of a gsl_function;
// each call owns its workspace, so integrals nest (the exact mean
// first-passage time is an integral of integrals).

/// Adaptive numerical integration with GSL.
public enum Quadrature {
    /// Relative and absolute tolerances, and the workspace size.
    public struct Tolerance: Sendable {
        public var relative: Double
        public var absolute: Double
        public var intervals: Int
        public init(relative: Double = 1e-10, absolute: Double = 0, intervals: Int = 2000) {
            self.relative = relative
            self.absolute = absolute
            self.intervals = intervals
        }
    }

    private final class Box {
        let f: (Double) -> Double
        init(_ f: @escaping (Double) -> Double) { self.f = f }
    }

    private static func call(_ f: @escaping (Double) -> Double, _ tol: Tolerance,
                             _ body: (UnsafeMutablePointer<gsl_function>, UnsafeMutablePointer<gsl_integration_workspace>,
                                      UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Int32,
                             _ routine: String) throws -> Double {
        GSL.prepare()   // before the allocation: GSL's errors become return codes
        let ws = gsl_integration_workspace_alloc(tol.intervals)!
        defer { gsl_integration_workspace_free(ws) }
        var result = 0.0, error = 0.0
        let status = withGSLFunction(f) { fn in body(fn, ws, &result, &error) }
        try GSL.check(status, routine)
        return result
    }

    /// Calls `body` with f as a `gsl_function` that lives for the call.
    private static func withGSLFunction<R>(_ f: @escaping (Double) -> Double,
                                           _ body: (UnsafeMutablePointer<gsl_function>) -> R) -> R {
        GSL.prepare()
        let box = Box(f)
        var fn = gsl_function(function: { x, p in Unmanaged<Box>.fromOpaque(p!).takeUnretainedValue().f(x) },
                              params: Unmanaged.passUnretained(box).toOpaque())
        return withExtendedLifetime(box) { body(&fn) }
    }

    /// Integral of f over [a, b] (`gsl_integration_qags`), or over [a, b] split at
    /// `breakpoints` (`gsl_integration_qagp`) where the integrand peaks.
    public static func integrate(_ f: @escaping (Double) -> Double, from a: Double, to b: Double,
                                 breakpoints: [Double] = [], tolerance tol: Tolerance = Tolerance()) throws -> Double {
        if a == b { return 0 }
        if a > b { return -(try integrate(f, from: b, to: a, breakpoints: breakpoints, tolerance: tol)) }
        let inner = breakpoints.filter { $0 > a && $0 < b }.sorted()
        if inner.isEmpty {
            return try call(f, tol, { fn, ws, r, e in
                gsl_integration_qags(fn, a, b, tol.absolute, tol.relative, tol.intervals, ws, r, e)
            }, "gsl_integration_qags")
        }
        var pts = [a] + inner + [b]
        return try call(f, tol, { fn, ws, r, e in
            pts.withUnsafeMutableBufferPointer { p in
                gsl_integration_qagp(fn, p.baseAddress, p.count, tol.absolute, tol.relative, tol.intervals, ws, r, e)
            }
        }, "gsl_integration_qagp")
    }

    /// Integral of a smooth f over a short [a, b] by the non-adaptive
    /// Gauss-Kronrod-Patterson rules (`gsl_integration_qng`: 21, 43, then 87
    /// points, no workspace), falling back to adaptive QAGS when 87 points do
    /// not reach the tolerance. The cheap inner step of a tabulated integral.
    public static func integrateSmooth(_ f: @escaping (Double) -> Double, from a: Double, to b: Double,
                                       tolerance tol: Tolerance = Tolerance()) throws -> Double {
        if a == b { return 0 }
        var result = 0.0, error = 0.0
        var evaluations = 0
        let status = withGSLFunction(f) { fn in
            gsl_integration_qng(fn, a, b, tol.absolute, tol.relative, &result, &error, &evaluations)
        }
        if status == GSL_SUCCESS { return result }
        return try integrate(f, from: a, to: b, tolerance: tol)
    }

    /// Integral of f over (-infinity, b] (`gsl_integration_qagil`).
    public static func integrate(_ f: @escaping (Double) -> Double, fromMinusInfinityTo b: Double,
                                 tolerance tol: Tolerance = Tolerance()) throws -> Double {
        try call(f, tol, { fn, ws, r, e in
            gsl_integration_qagil(fn, b, tol.absolute, tol.relative, tol.intervals, ws, r, e)
        }, "gsl_integration_qagil")
    }
}
