// swift-tools-version: 6.0
import Foundation
import PackageDescription

// No unsafe flags on any target, so the package is an ordinary dependency.
// The speed flags of this repository's own builds (the build machine's CPU,
// as gcc -march=native; see the README for a dependent package) are passed
// by the Makefile: swift build -c release -Xswiftc -target-cpu -Xswiftc native.

// The study executables, one folder each under Studies/ (built on StudyKit:
// shared options, tables, CSV, plots). Listed by name rather than discovered:
// SwiftPM caches a manifest's evaluation by its text, so a discovered new
// folder would go unseen until the manifest changed. A new study = one line.
let studyNames = [
    "kramers", "sharp-vs-flat", "batch-and-lr", "saddle-escape", "heavy-tails",
    "anisotropic-noise", "noise-covariance", "loss-shapes", "rare-escapes", "saddle-dimension",
    "state-dependent-noise",
    "escape-2d",
    "minima-selection",
]

var targets: [Target] = [
    .systemLibrary(
        name: "CGSL",
        pkgConfig: "gsl",
        providers: [.apt(["libgsl-dev"])]
    ),
    .target(
        name: "EscapeLab",
        dependencies: ["CGSL"]
    ),
    .target(
        name: "EscapeLabCLI",
        dependencies: [
            "EscapeLab",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]
    ),
    .executableTarget(name: "escapelab", dependencies: ["EscapeLabCLI"]),
    .target(
        name: "EscapeLabTestSupport",
        dependencies: ["EscapeLab"],
        path: "Tests/Support"
    ),
    .target(
        name: "StudyKit",
        dependencies: [
            "EscapeLab",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        path: "Studies/StudyKit"
    ),
    .testTarget(
        name: "EscapeLabTests",
        dependencies: ["EscapeLab", "EscapeLabCLI", "EscapeLabTestSupport", "StudyKit", "escapelab",
                       .product(name: "PropertyBased", package: "swift-property-based")]
            + studyNames.map { .target(name: $0) }
    ),
]
targets += studyNames.map { name in
    .executableTarget(name: name, dependencies: ["EscapeLab", "StudyKit"], path: "Studies/\(name)")
}

let package = Package(
    name: "EscapeLab",
    products: [
        .library(name: "EscapeLab", targets: ["EscapeLab"]),
        .library(name: "EscapeLabCLI", targets: ["EscapeLabCLI"]),
        .library(name: "StudyKit", targets: ["StudyKit"]),
        .executable(name: "escapelab", targets: ["escapelab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        // `make docs`: swift package generate-documentation (the DocC catalog
        // in Sources/EscapeLab/EscapeLab.docc). A plugin only: nothing of it is
        // linked into the library, its CLI or the studies.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: targets
)
