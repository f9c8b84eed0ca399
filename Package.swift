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
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
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

        // The C surface of ncursesw (module map and shim header), nothing else.
        .systemLibrary(
            name: "CNcursesw",
            path: "Sources/CNcursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),

        // Cells, styles, frames and their difference, keys, the Terminal protocol and a
        // memory terminal for tests. Never imports curses.
        .target(name: "TerminalKit"),

        // The one target that imports curses: a Terminal over ncursesw.
        .target(name: "NcursesTerminal", dependencies: ["CNcursesw", "TerminalKit"]),

        // Records, validation, grievance workflow, store, search, indicators.
        .target(
            name: "LiaisonCore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                // The vault: protected contacts' fields sealed with HPKE, its key behind scrypt.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            plugins: ["EmbedResources"]
        ),

        // The export bundle: device and base keys, writing a signed (optionally sealed)
        // BagIt bundle with its analyst formats, and verifying one. Knows no screen.
        .target(
            name: "LiaisonBundle",
            dependencies: [
                "LiaisonCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),

        // Screens, key tables, the application state and its update function.
        .target(name: "LiaisonUI", dependencies: ["LiaisonCore", "LiaisonBundle", "TerminalKit"]),

        // The command line; with no subcommand it wires NcursesTerminal into LiaisonUI.
        .executableTarget(
            name: "liaison",
            dependencies: [
                "LiaisonCore",
                "LiaisonBundle",
                "LiaisonUI",
                "NcursesTerminal",
                "TerminalKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Figures for the speed and size targets: `swift run -c release liaison-bench`.
        .executableTarget(
            name: "liaison-bench",
            dependencies: [
                "LiaisonCore", "LiaisonBundle", "LiaisonUI", "NcursesTerminal", "TerminalKit",
                // SQLite alone, for the floor under the import's figure.
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Sources/LiaisonBench"
        ),

        // What tests share: reading a bundle's files, forging a tampered copy, seeded random input.
        .target(
            name: "LiaisonTestSupport",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "Tests/LiaisonTestSupport"
        ),

        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(name: "LiaisonCoreTests", dependencies: ["LiaisonCore"]),
        .testTarget(
            name: "LiaisonBundleTests",
            dependencies: [
                "LiaisonBundle",
                "LiaisonCore",
                "LiaisonTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(name: "LiaisonUITests",
                    dependencies: ["LiaisonUI", "LiaisonBundle", "LiaisonCore", "TerminalKit", "LiaisonTestSupport"]),
        .testTarget(
            name: "LiaisonCLITests",
            dependencies: [
                "liaison", "LiaisonCore", "LiaisonTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The Python script that runs the independent validators on an exported bundle.
            exclude: ["Validators"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
