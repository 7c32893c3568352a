// Placeholder so the package has one study while the studies are written.
import StudyKit
print("kramers study: not yet written")
