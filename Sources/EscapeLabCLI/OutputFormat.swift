import ArgumentParser

/// What a command prints on stdout. The parser rejects any other word and
/// `--help` lists these.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, none
}
