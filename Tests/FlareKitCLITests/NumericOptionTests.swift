import Foundation
import Testing

/// Numeric options outside their domain are refused before any file is read, with a message
/// naming the option (not an answer computed from an absurd setting).
@Suite("flarekit: absurd numeric options")
struct NumericOptionTests {
    private static let missing = "/nonexistent/flarekit-numeric-option-test"

    @Test(arguments: ["2", "-1", "nan", "inf"])
    func scoreThresholdOutsideTheUnitInterval(value: String) throws {
        let result = try runFlareKit([
            "score", "--predictions", Self.missing + ".npy", "--labels", Self.missing + ".npy", "--threshold", value,
        ])
        #expect(result.status != 0)
        #expect(result.standardError.contains("--threshold") && result.standardError.contains("[0, 1]"), "\(result.standardError)")
    }

    @Test(arguments: ["1.5", "-2", "1"])
    func occlusionThresholdOutsideTheNormalisedRange(value: String) throws {
        let result = try runFlareKit([
            "occlusion", "--arch", "cnn1", "--weights", Self.missing, "--input", Self.missing + ".npy",
            "--output", Self.missing + ".npy", "--threshold", value,
        ])
        #expect(result.status != 0)
        #expect(result.standardError.contains("--threshold") && result.standardError.contains("[-1, 1)"), "\(result.standardError)")
    }

    @Test(arguments: [["--input-size", "0"], ["--frames", "-3"]])
    func predictSizesBelowOne(option: [String]) throws {
        let result = try runFlareKit(
            ["predict", "--weights", Self.missing, "--input", Self.missing + ".npy", "--output", Self.missing + ".csv"] + option)
        #expect(result.status != 0)
        #expect(result.standardError.contains(option[0]), "\(result.standardError)")
    }
}
