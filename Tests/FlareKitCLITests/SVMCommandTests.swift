import Foundation
import Testing

/// End-to-end tests of `flarekit svm`: the decision values of the scikit-learn fixtures, and
/// one-line errors with exit status 1.
@Suite("flarekit svm (end to end)")
struct SVMCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/svm")

    func fixture(_ name: String, _ suffix: String) -> String {
        Self.fixtures.appendingPathComponent("\(name)_\(suffix).npy").path
    }

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-svm-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The float64 values of a `[N]` `.npy` written by NumPy or FlareKit (version 1.0, `<f8`).
    func float64Vector(_ path: String) throws -> [Double] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        let header = String(decoding: data[10..<(10 + headerLength)], as: UTF8.self)
        #expect(header.contains("'descr': '<f8'"), "\(header)")
        return stride(from: 10 + headerLength, to: data.count, by: 8).map { offset in
            Double(bitPattern: data[offset..<(offset + 8)].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        }
    }

    @Test(arguments: [
        ("value_balanced_standardized", ["--c", "2", "--gamma", "0.05", "--class-weight", "balanced"]),
        ("scale_balanced_raw", ["--c", "0.5", "--class-weight", "balanced", "--no-standardize"]),
    ])
    func writesScikitLearnsDecisionValues(_ name: String, _ options: [String]) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("decision.npy").path
        let result = try runFlareKit([
            "svm", "--train-features", fixture(name, "train_features"), "--train-labels", fixture(name, "train_labels"),
            "--features", fixture(name, "features"), "--output", output,
        ] + options)
        #expect(result.status == 0, "stderr: \(result.standardError)")
        #expect(result.standardOutput.contains("wrote"))
        let values = try float64Vector(output)
        let expected = try float64Vector(fixture(name, "decision"))
        #expect(values.count == expected.count)
        #expect(zip(values, expected).allSatisfy { abs($0 - $1) <= 1e-5 })
    }

    @Test func badArgumentsAndFilesAreOneLineErrors() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = "scale_none_standardized"
        let base = [
            "svm", "--train-features", fixture(name, "train_features"), "--train-labels", fixture(name, "train_labels"),
            "--features", fixture(name, "features"),
        ]
        // The output may not be an input, also through a symbolic link.
        let link = folder.appendingPathComponent("link.npy")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: fixture(name, "train_labels"))
        for output in [fixture(name, "features"), link.path] {
            let result = try runFlareKit(base + ["--output", output])
            #expect(result.status == 64)
            #expect(result.standardError.hasPrefix("Error: the output ") && result.standardError.contains("is the input file"))
        }
        let output = folder.appendingPathComponent("out.npy").path
        for (options, phrase) in [
            (["--gamma", "wide"], "--gamma must be 'scale' or a number"),
            (["--gamma=-1"], "invalid gamma '-1.0'"),
            (["--class-weight", "heavy"], "--class-weight must be 'none' or 'balanced'"),
            (["--c", "0"], "invalid C '0.0'"),
        ] {
            let result = try runFlareKit(base + ["--output", output] + options)
            #expect(result.status == 64, "\(options)")
            #expect(result.standardError.contains(phrase), "\(options): \(result.standardError)")
            #expect(result.standardError.hasPrefix("Error: ") && result.standardError.contains("Usage: flarekit svm"))
        }
        // Labels that are not 0/1: the error names the labels file.
        let result = try runFlareKit([
            "svm", "--train-features", fixture(name, "train_features"), "--train-labels", fixture(name, "train_features"),
            "--features", fixture(name, "features"), "--output", output,
        ])
        #expect(result.status == 65)
        #expect(result.standardError.contains(fixture(name, "train_features")))
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
