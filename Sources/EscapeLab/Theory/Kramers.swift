import Foundation

/// The Kramers / Eyring-Kramers low-temperature escape time (<doc:Theory#Kramers-and-Eyring-Kramers-laws>).
///
/// 1-D:  tau ~ 2 pi / sqrt(U''(a) |U''(b)|) exp(Delta U / T)
/// d-D:  tau ~ (2 pi / |lambda_-(b)|) sqrt(|det H(b)| / det H(a)) exp(Delta U / T)
/// with a the minimum, b the index-1 saddle, Delta U = U(b) - U(a), in
/// continuous time. Valid for Delta U / T >~ 5; it is the time to cross the
/// barrier and reach well beyond it (about twice the time to reach b). With n
/// equivalent saddles out of the basin the rates add: tau / n.
public enum Kramers {
    /// The estimate from the Hessians at `minimum` and `saddle`; nil when the
    /// points are not a minimum and an index-1 saddle.
    public static func time(on landscape: any Landscape, temperature T: Double,
                            minimum: [Double], saddle: [Double]) throws -> PassageTime? {
        let ha = try symmetricEigen(landscape.hessian(at: minimum)).values
        let hb = try symmetricEigen(landscape.hessian(at: saddle)).values
        guard ha.allSatisfy({ $0 > 0 }), isIndexOneSaddle(hb) else { return nil }
        let deltaU = landscape.loss(at: saddle) - landscape.loss(at: minimum)
        let negative = -hb.first(where: { $0 < 0 })!
        var logPrefactor = log(2 * Double.pi / negative)
        for (x, y) in zip(hb, ha) { logPrefactor += 0.5 * (log(abs(x)) - log(y)) }
        return PassageTime(logTime: logPrefactor + deltaU / T)
    }

    /// Hessian eigenvalues of an index-1 saddle: exactly one negative, none zero.
    static func isIndexOneSaddle(_ eigenvalues: [Double]) -> Bool {
        eigenvalues.filter { $0 < 0 }.count == 1 && !eigenvalues.contains(0)
    }

    /// The estimate from the landscape's own start minimum and saddle, its
    /// rate summed over the landscape's ``Landscape/exitCount`` saddles.
    public static func time(on landscape: any Landscape, temperature T: Double) throws -> PassageTime? {
        guard let a = landscape.startMinimum, let b = landscape.saddle,
              let one = try time(on: landscape, temperature: T, minimum: a, saddle: b) else { return nil }
        return PassageTime(logTime: one.logTime - log(Double(landscape.exitCount)))
    }
}
