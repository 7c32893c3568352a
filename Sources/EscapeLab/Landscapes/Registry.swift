// The names a spec can use. `Registry.builtIn` holds EscapeLab's landscapes;
// a user's program extends it with its own types and passes it to
// `EscapeLabCLI.main`, `Problem(parsingLandscape:...)` and `ShardMerge`, which
// all look names up in the registry they are given. Nothing global changes.

/// The landscapes a spec may name.
public struct Registry: Sendable {
    /// The landscape types, by spec name (the first of a name wins).
    public private(set) var landscapes: [any LandscapeParsing.Type]

    public init(landscapes: [any LandscapeParsing.Type]) {
        self.landscapes = landscapes
    }

    /// Every built-in landscape. Adding one = one line here.
    public static let builtIn = Registry(landscapes: [
        DoubleWell.self,
        AsymmetricWell.self,
        StyblinskiTang.self,
        Saddle.self,
        Quadratic.self,
        DeepLinear.self,
        MatrixFactorization.self,
        CosineWell.self,
        Zhu2D.self,
        LogisticRegression.self,
        SoftmaxRegression.self,
        TeacherStudent.self,
        SampledWell.self,
        ShiftedWell.self,
        FormulaLandscape.self,
    ])

    /// This registry with `types` added (a type whose spec name is already
    /// taken is refused: one name, one landscape).
    public func adding(_ types: [any LandscapeParsing.Type]) throws -> Registry {
        var r = self
        for t in types {
            guard !r.landscapes.contains(where: { $0.specName == t.specName }) else {
                throw SpecError.conflict("landscape name '\(t.specName)' is already registered")
            }
            r.landscapes.append(t)
        }
        return r
    }

    /// Parses a landscape spec.
    public func landscape(parsing text: String) throws -> any Landscape {
        var spec = try Spec(text, field: .landscape)
        guard let type = landscapes.first(where: { $0.specName == spec.name }) else {
            throw SpecError.invalid(.landscape, value: text,
                                    accepted: "one of \(landscapes.map { $0.specName }.joined(separator: ", "))")
        }
        let landscape = try type.init(parsing: &spec)
        try spec.finish()
        return landscape
    }

    /// `escapelab list landscapes`.
    public var landscapeCatalog: [SpecListing] { landscapes.map { $0.listing } }
}
