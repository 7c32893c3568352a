import CGSL

// GSL's default error handler calls abort(). EscapeLab switches it off once,
// before the first GSL call, and turns the status codes GSL returns into
// Swift errors at this boundary. Nothing outside Interop sees a status code.

/// A failure reported by a GSL routine, with GSL's own description.
public struct GSLError: Error, CustomStringConvertible, Sendable {
    /// The GSL status code (`GSL_EDOM`, `GSL_EMAXITER`, ...).
    public let status: Int32
    /// Which routine failed.
    public let routine: String

    public var description: String {
        let reason = String(cString: gsl_strerror(status))
        return "\(routine) failed: \(reason) (GSL status \(status))"
    }
}

enum GSL {
    /// Switches GSL's abort-on-error handler off (idempotent, thread-safe:
    /// Swift runs a global's initializer exactly once).
    static func prepare() { _ = handlerOff }

    private static let handlerOff: Bool = {
        gsl_set_error_handler_off()
        return true
    }()

    /// Throws a ``GSLError`` when `status` is not `GSL_SUCCESS`.
    static func check(_ status: Int32, _ routine: String) throws {
        if status != GSL_SUCCESS { throw GSLError(status: status, routine: routine) }
    }
}
