// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Daemoniker",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Daemoniker", targets: ["Daemoniker"]),
        .executable(name: "daemoniker-example", targets: ["daemoniker-example"]),
    ],
    targets: [
        // Code that Swift cannot or must not run itself: fork/exec without allocation,
        // signal handlers, the sentinel entry point that runs before any user code.
        .target(
            name: "CDaemonikerShim",
            path: "Platforms/CDaemonikerShim"
        ),
        // The platform layer: every system call the library makes, one folder per OS (each file
        // wrapped whole in `#if` for its OS), all held to one contract (PlatformConformance.swift).
        .target(
            name: "DaemonikerPlatform",
            dependencies: ["CDaemonikerShim"],
            path: "Platforms/DaemonikerPlatform",
            exclude: ["Windows/README.md"]
        ),
        .target(
            name: "Daemoniker",
            dependencies: ["DaemonikerPlatform"]
        ),
        .executableTarget(
            name: "daemoniker-example",
            dependencies: ["Daemoniker"]
        ),
        .executableTarget(
            name: "daemoniker-bench",
            dependencies: ["Daemoniker"]
        ),
        // C the test helper and tests need: subreaper, controlling terminal, pseudo-terminals.
        .target(
            name: "CTestSupport",
            path: "Tests/CTestSupport"
        ),
        // What the helper and the tests share: the report's and the state's types.
        .target(
            name: "DaemonikerTestSupport",
            path: "Tests/DaemonikerTestSupport"
        ),
        .executableTarget(
            name: "DaemonikerTestHelper",
            dependencies: ["Daemoniker", "CTestSupport", "DaemonikerTestSupport"],
            path: "Tests/DaemonikerTestHelper"
        ),
        .testTarget(
            name: "DaemonikerTests",
            dependencies: [
                "Daemoniker", "DaemonikerPlatform", "DaemonikerTestHelper", "CTestSupport", "DaemonikerTestSupport",
            ]
        ),
    ]
)
