// swift-tools-version: 6.0
// An example of extending EscapeLab from a package of your own: a landscape
// (TiltedWell), an optimizer (SignSGD), the `escapelab` CLI with the
// landscape added, and a study built on StudyKit. It depends on EscapeLab by
// path here; a package elsewhere names it by URL and version instead:
//     .package(url: "https://github.com/OWNER/EscapeLab", from: "0.2.0")
// Build it in release mode with the same speed flags as EscapeLab's own builds
// (see EscapeLab's README, "Extending from your own package"):
//     swift build -c release -Xswiftc -target-cpu -Xswiftc native
import PackageDescription

let package = Package(
    name: "CustomLandscape",
    dependencies: [
        // Named: a path dependency's identity is otherwise its folder's name,
        // which is not "EscapeLab" in a clone under another name.
        .package(name: "EscapeLab", path: "../.."),
    ],
    targets: [
        .target(name: "CustomLandscape", dependencies: [.product(name: "EscapeLab", package: "EscapeLab")]),
        .executableTarget(name: "custom-escapelab", dependencies: [
            "CustomLandscape", .product(name: "EscapeLabCLI", package: "EscapeLab"),
        ]),
        .executableTarget(name: "tilted-study", dependencies: [
            "CustomLandscape", .product(name: "EscapeLab", package: "EscapeLab"),
            .product(name: "StudyKit", package: "EscapeLab"),
        ]),
    ]
)
