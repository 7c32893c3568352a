// EscapeLab's command-line interface with this package's landscape added:
// `custom-escapelab run --landscape tilted-well:h=1,t=0.3 ...`, and `trace`,
// `theory`, `merge` and `list` know it too.
import CustomLandscape
import EscapeLab
import EscapeLabCLI

do {
    EscapeLabCLI.main(registry: try Registry.builtIn.adding([TiltedWell.self]))
} catch {
    fatalError("\(error)")
}
