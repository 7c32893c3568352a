import ArgumentParser
import EscapeLab

/// `escapelab list`: what can be named in a spec, with parameters and defaults.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List landscapes, optimizers, noises, escape criteria or the GSL generators --rng accepts.")

    @Argument(help: "landscapes | optimizers | noises | escapes | generators (default: all but generators).")
    var what: String?

    func run() throws {
        let sections = ["landscapes", "optimizers", "noises", "escapes", "generators"]
        if let what, !sections.contains(what) {
            throw SpecError.invalid(flag: "list", value: what, accepted: sections.joined(separator: ", "))
        }
        let chosen = what.map { [$0] } ?? Array(sections.dropLast())
        for section in chosen {
            if chosen.count > 1 { print("\(section):") }
            let indent = chosen.count > 1 ? "  " : ""
            switch section {
            case "landscapes": for t in LandscapeRegistry.all { print(indent + t.summary) }
            case "optimizers": for o in OptimizerSpec.catalog { print(indent + o.summary) }
            case "noises": for n in NoiseSpec.catalog { print(indent + n.summary) }
            case "escapes":
                for e in ["xI>=C   coordinate I (from 0) at least C", "xI<=C   coordinate I at most C",
                          "min<=C  some coordinate at most C", "max>=C  some coordinate at least C",
                          "radius=R  distance from the start at least R", "loss>=V  loss at least V",
                          "none    never (every run goes to --max-steps)"] { print(indent + e) }
            default: for g in Generator.supported { print(indent + g) }
            }
        }
    }
}
