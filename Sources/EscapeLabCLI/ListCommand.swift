import ArgumentParser
import EscapeLab

/// `escapelab list`: what can be named in a spec, with parameters and defaults,
/// printed from the same declarations the parsers read.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List landscapes, optimizers, noises, escape criteria or the GSL generators --rng accepts.")

    enum Section: String, ExpressibleByArgument, CaseIterable {
        case landscapes, optimizers, noises, escapes, generators
    }

    @Argument(help: "What to list (default: all but generators).")
    var what: Section?

    @Flag(help: "Markdown tables with every parameter (the README's reference tables).")
    var markdown = false

    func run() throws {
        let chosen = what.map { [$0] } ?? [.landscapes, .optimizers, .noises, .escapes]
        if markdown {
            print(chosen.map { Self.markdown($0, registry: EscapeLabCLI.registry) }.joined(separator: "\n"), terminator: "")
            return
        }
        for section in chosen {
            if chosen.count > 1 { print("\(section.rawValue):") }
            let indent = chosen.count > 1 ? "  " : ""
            switch section {
            case .landscapes, .optimizers, .noises:
                for l in Self.listings(section, registry: EscapeLabCLI.registry) { print(indent + l.line) }
            case .escapes: for e in EscapeCriterion.catalog { print(indent + e) }
            case .generators: for g in Generator.supported { print(indent + g) }
            }
        }
    }

    static func listings(_ section: Section, registry: Registry) -> [SpecListing] {
        switch section {
        case .landscapes: return registry.landscapeCatalog
        case .optimizers: return OptimizerSpec.catalog
        case .noises: return NoiseSpec.catalog
        default: return []
        }
    }

    /// One Markdown table per family kind: spec, parameter, default, accepted, meaning.
    static func markdown(_ section: Section, registry: Registry) -> String {
        var out = "#### \(section.rawValue)\n\n"
        switch section {
        case .escapes:
            out += EscapeCriterion.catalog.map { "- `\($0.split(separator: " ", maxSplits: 1)[0])` \($0.split(separator: " ", maxSplits: 1).dropFirst().joined().trimmingCharacters(in: .whitespaces))" }.joined(separator: "\n") + "\n"
        case .generators:
            out += Generator.supported.map { "- `\($0)`" }.joined(separator: "\n") + "\n"
        default:
            out += "| spec | parameter | default | accepted | meaning |\n|---|---|---|---|---|\n"
            for l in listings(section, registry: registry) {
                out += "| `\(l.name)` | | | | \(l.summary.replacingOccurrences(of: "|", with: "\\|")) |\n"
                for p in l.parameters {
                    out += "| | `\(p.key)` | `\(p.defaultText)` | \(p.accepted.replacingOccurrences(of: "|", with: "\\|")) | \(p.help.replacingOccurrences(of: "|", with: "\\|")) |\n"
                }
            }
        }
        return out
    }
}
