// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "liaison",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "liaison", targets: ["liaison"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Build-time: turns the data files in Resources/ into Swift source, so that a
        // binary copied alone to another folder still has its taxonomies.
        .executableTarget(
            name: "EmbedResourcesTool",
            path: "Sources/EmbedResourcesTool"
        ),
        .plugin(
            name: "EmbedResources",
            capability: .buildTool(),
            dependencies: ["EmbedResourcesTool"],
            path: "Sources/EmbedResourcesPlugin"
        ),

        // Display width of text in terminal cells; later the whole terminal layer.
        .target(name: "TerminalKit"),

        // Records, validation, grievance workflow, store, search, indicators.
        .target(
            name: "LiaisonCore",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
            plugins: ["EmbedResources"]
        ),

        // The command line.
        .executableTarget(
            name: "liaison",
            dependencies: [
                "LiaisonCore",
                "TerminalKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Figures for the speed and size targets: `swift run -c release liaison-bench`.
        .executableTarget(
            name: "liaison-bench",
            dependencies: ["LiaisonCore"],
            path: "Sources/LiaisonBench"
        ),

        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(name: "LiaisonCoreTests", dependencies: ["LiaisonCore"]),
        .testTarget(name: "LiaisonCLITests", dependencies: ["liaison", "LiaisonCore"]),
    ],
    swiftLanguageModes: [.v6]
)
