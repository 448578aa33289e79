// swift-tools-version:6.0
// cogsh: Lua 5.4 scripting for the Amazon Cognito user-pool API.
// Targets follow the layers of DESIGN.md; each knows only the ones to its left:
//   CLua ──→ LuaHost ──────────┐
//                              ├──→ CogshLua ──→ cogsh
//   AWSCore ──→ Cognito ───────┤
//               Snapshot ──────┘   (Snapshot → Cognito, AWSCore)
import PackageDescription

/// The Lua-facing targets hold C pointers that must stay on one thread; Swift 5 mode
/// keeps the compiler from demanding Sendable on them while the rule is kept by design.
let luaSide: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "cogsh",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cogsh", targets: ["cogsh"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        // The Lua C API, from Debian's liblua5.4-dev.
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        // Macro wrappers, the one trampoline that raises for Swift, hooks and the allocator.
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        // libedit for the REPL.
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),

        .target(name: "LuaHost", dependencies: ["CLua", "CLuaShim"], swiftSettings: luaSide),
        .target(name: "AWSCore", dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        .target(name: "Cognito", dependencies: ["AWSCore"]),
        // Snapshots: a user pool in one SQLite file (GRDB over Debian's libsqlite3).
        .target(name: "Snapshot", dependencies: [
            "Cognito", "AWSCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "CogshLua", dependencies: [
            "LuaHost", "AWSCore", "Cognito", "Snapshot",
            .product(name: "CSV", package: "CSV.swift"),
            .product(name: "Logging", package: "swift-log"),
        ],
        // cogsh's own Lua (Sources/CogshLua/Lua), compiled into the binary.
        resources: [.embedInCode("Lua")],
        swiftSettings: luaSide),
        .executableTarget(name: "cogsh", dependencies: [
            "CogshLua", "LuaHost", "AWSCore", "Cognito", "CEditLine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: luaSide),

        // Loopback peers for the tests: a scripted HTTP server and a moto launcher.
        .target(name: "TestSupport", dependencies: [
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ], path: "Tests/TestSupport"),
        // What the Lua-side test targets share: running a snippet in a state for its result.
        .target(name: "LuaTestSupport", dependencies: ["LuaHost"], path: "Tests/LuaTestSupport", swiftSettings: luaSide),

        .testTarget(name: "LuaHostTests", dependencies: ["LuaHost", "CLua", "CLuaShim", "LuaTestSupport"], swiftSettings: luaSide),
        .testTarget(name: "AWSCoreTests", dependencies: ["AWSCore", "TestSupport"]),
        .testTarget(name: "CognitoTests", dependencies: ["Cognito", "AWSCore", "LuaHost", "TestSupport"]),
        .testTarget(name: "CogshLuaTests", dependencies: ["CogshLua", "LuaHost", "CLuaShim", "LuaTestSupport", "Snapshot"], swiftSettings: luaSide),
        // Runs the built executable end to end, against the system lua5.4 and loopback peers.
        .testTarget(name: "cogshTests", dependencies: ["cogsh", "Cognito", "Snapshot", "TestSupport"], swiftSettings: luaSide),
    ]
)
