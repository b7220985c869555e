// swift-tools-version:6.0
//
// FlareKit's fuzz targets and the checkpoint-interruption trainer. A separate package so that
// the library itself never carries sanitizer flags: Scripts/fuzz.sh builds one target with
// `swift build --sanitize=fuzzer,address` and runs it with libFuzzer; Scripts/interruption_test.sh
// builds `interruption-trainer` without sanitizers. See Documentation/Reliability.md.

import PackageDescription

// A path dependency is named by its folder, whatever the clone is called.
let flareKit = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "main"

/// One libFuzzer target: `Targets/NAME/FuzzTarget.swift` defines `LLVMFuzzerTestOneInput`.
func fuzzTarget(_ name: String, _ modules: [String]) -> Target {
    .executableTarget(
        name: "fuzz-\(name)",
        dependencies: ["FuzzSupport"] + modules.map { .product(name: $0, package: flareKit) },
        path: "Targets/\(name)")
}

let package = Package(
    name: "FlareKitFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport", path: "Sources/FuzzSupport"),
        fuzzTarget("fits-memory", ["Magnetogram"]),
        fuzzTarget("fits-file", ["Magnetogram"]),
        fuzzTarget("swpc", ["Datasets"]),
        fuzzTarget("plain-csv", ["Datasets"]),
        fuzzTarget("harp-noaa", ["Datasets"]),
        fuzzTarget("goes-xrs", ["Datasets", "Magnetogram"]),
        fuzzTarget("safetensors", ["NeuralCore"]),
        fuzzTarget("npy", ["NeuralCore"]),
        .executableTarget(
            name: "interruption-trainer",
            dependencies: [.product(name: "NeuralCore", package: flareKit)],
            path: "Tools/interruption-trainer"),
    ],
    swiftLanguageModes: [.v6]
)
