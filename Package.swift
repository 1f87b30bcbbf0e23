// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Daemoniker",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Daemoniker", targets: ["Daemoniker"]),
        .library(name: "DaemonikerSignals", targets: ["DaemonikerSignals"]),
        .executable(name: "daemoniker-example", targets: ["daemoniker-example"]),
        .executable(name: "daemoniker", targets: ["daemoniker"]),
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
        // Signal handling for any process: handlers, sequences, actions; the error type.
        .target(
            name: "DaemonikerSignals",
            dependencies: ["DaemonikerPlatform"]
        ),
        // Daemonizing, the pid file, the relay; re-exports DaemonikerSignals.
        .target(
            name: "Daemoniker",
            dependencies: ["DaemonikerSignals", "DaemonikerPlatform"]
        ),
        .executableTarget(
            name: "daemoniker-example",
            dependencies: ["Daemoniker"]
        ),
        // The command-line tool: starts, stops and watches any program (README, "Command-line tool").
        // Its subcommands, parsing, help, keeper and service definitions are a library, so that
        // they are unit-tested without starting a process; the executable only calls it.
        .target(
            name: "DaemonikerTool",
            dependencies: ["Daemoniker", "DaemonikerPlatform"]
        ),
        .executableTarget(
            name: "daemoniker",
            dependencies: ["DaemonikerTool"]
        ),
        // The benchmark runs the tool's code in a hidden mode (its logs measurements).
        .executableTarget(
            name: "daemoniker-bench",
            dependencies: ["Daemoniker", "DaemonikerPlatform", "DaemonikerTool"]
        ),
        // C the test helper and tests need: subreaper, controlling terminal, pseudo-terminals.
        .target(
            name: "CTestSupport",
            path: "Tests/CTestSupport"
        ),
        // What the helper and both test targets share: the report's and the state's types, waiting
        // for a condition, reading /proc, temporary directories, stand-in sockets.
        .target(
            name: "DaemonikerTestSupport",
            path: "Tests/DaemonikerTestSupport"
        ),
        .executableTarget(
            name: "DaemonikerTestHelper",
            dependencies: ["Daemoniker", "CTestSupport", "DaemonikerTestSupport"],
            path: "Tests/DaemonikerTestHelper"
        ),
        // A program that handles signals without daemonizing, for the tests of that use.
        .executableTarget(
            name: "DaemonikerSignalsHelper",
            dependencies: ["Daemoniker"],
            path: "Tests/DaemonikerSignalsHelper"
        ),
        .testTarget(
            name: "DaemonikerTests",
            dependencies: [
                "Daemoniker", "DaemonikerPlatform", "DaemonikerTestHelper", "DaemonikerSignalsHelper", "CTestSupport",
                "DaemonikerTestSupport", "daemoniker",
            ]
        ),
        // Unit tests of the tool's parsing, help, exit statuses, quoting and service definitions.
        .testTarget(
            name: "DaemonikerToolTests",
            dependencies: ["DaemonikerTool", "Daemoniker"]
        ),
        // Behaviour tests of the built `daemoniker` tool against real programs.
        .testTarget(
            name: "DaemonikerCLITests",
            dependencies: ["daemoniker", "DaemonikerTestSupport"]
        ),
    ]
)
