// swift-tools-version: 6.0
import Foundation
import PackageDescription

// Release builds of the engine are what every statistical test and benchmark
// runs. Like the C reference (gcc -march=native) they target the build
// machine's CPU, which gives hardware fused multiply-add; set
// ESCAPELAB_PORTABLE=1 to build a binary for any CPU of the architecture.
// Exclusivity checks are dropped because the hot loop's inout state is
// single-owner by construction (see Engine/Trajectory.swift).
let portable = ProcessInfo.processInfo.environment["ESCAPELAB_PORTABLE"] == "1"
let targetCPU = ProcessInfo.processInfo.environment["ESCAPELAB_TARGET_CPU"] ?? "native"
let engineSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"] + (portable ? [] : ["-target-cpu", targetCPU]),
                 .when(configuration: .release)),
]

// The study executables, one folder each under Studies/ (built on StudyKit:
// shared options, tables, CSV, plots). Listed by name rather than discovered:
// SwiftPM caches a manifest's evaluation by its text, so a discovered new
// folder would go unseen until the manifest changed. A new study = one line.
let studyNames = [
    "kramers", "sharp-vs-flat", "batch-and-lr", "saddle-escape", "heavy-tails",
    "anisotropic-noise", "noise-covariance", "loss-shapes",
]

var targets: [Target] = [
    .systemLibrary(
        name: "CGSL",
        pkgConfig: "gsl",
        providers: [.apt(["libgsl-dev"])]
    ),
    .target(
        name: "EscapeLab",
        dependencies: ["CGSL"],
        swiftSettings: engineSettings
    ),
    .executableTarget(
        name: "escapelab",
        dependencies: [
            "EscapeLab",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]
    ),
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
        dependencies: ["EscapeLab", "EscapeLabTestSupport", "StudyKit", "escapelab"]
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
        .executable(name: "escapelab", targets: ["escapelab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: targets
)
