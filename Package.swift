// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ParamLint",
    products: [
        .executable(name: "lint", targets: ["lint"]),
        .library(name: "ParamLint", targets: ["ParamLint"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CJansson",
            pkgConfig: "jansson",
            providers: [.apt(["libjansson-dev"])]
        ),
        .target(
            name: "ParamLint",
            dependencies: ["CJansson"]
        ),
        // Heap advice for the command-line tool (glibc's mallopt/madvise; see heap.c).
        .target(name: "CHeap"),
        .executableTarget(
            name: "lint",
            dependencies: [
                "ParamLint",
                "CHeap",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ParamLintTests",
            // The command-line tests run the built `lint`, so it must be built with the tests.
            dependencies: ["ParamLint", "lint"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
