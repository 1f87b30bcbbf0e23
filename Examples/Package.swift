// swift-tools-version:6.0
import PackageDescription

// Example programs built on Daemoniker. A package of their own, so that the library itself keeps
// no dependency beyond the toolchain.
let package = Package(
    name: "DaemonikerExamples",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Daemoniker", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "NIOServer",
            dependencies: [
                .product(name: "Daemoniker", package: "Daemoniker"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        )
    ]
)
