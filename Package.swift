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
    .testTarget(
        name: "EscapeLabTests",
        dependencies: ["EscapeLab", "EscapeLabTestSupport", "escapelab"]
    ),
]

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
