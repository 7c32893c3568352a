// The `escapelab` command: EscapeLab's CLI with the built-in landscapes.
// A package of your own builds the same CLI with its landscapes added:
// `EscapeLabCLI.main(registry: try Registry.builtIn.adding([MyWell.self]))`.
import EscapeLabCLI

EscapeLabCLI.main()
