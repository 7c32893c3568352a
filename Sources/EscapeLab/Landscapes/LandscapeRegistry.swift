/// Every built-in landscape, by spec name. Adding a landscape = one line here.
public enum LandscapeRegistry {
    public static let all: [any LandscapeParsing.Type] = [
        DoubleWell.self,
        AsymmetricWell.self,
        StyblinskiTang.self,
        Saddle.self,
        Quadratic.self,
        CosineWell.self,
        Zhu2D.self,
        LogisticRegression.self,
        SoftmaxRegression.self,
    ]

    /// Parses `--landscape`.
    public static func parse(_ text: String) throws -> any Landscape {
        var spec = try Spec(text, flag: "--landscape")
        guard let type = all.first(where: { $0.specName == spec.name }) else {
            throw SpecError.invalid(flag: "--landscape", value: text,
                                    accepted: "one of \(all.map { $0.specName }.joined(separator: ", "))")
        }
        let landscape = try type.init(parsing: &spec)
        try spec.finish()
        return landscape
    }
}
