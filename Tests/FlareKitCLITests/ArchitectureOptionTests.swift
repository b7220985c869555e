import Architectures
import Foundation
import Testing

@testable import flarekit

/// `--arch` is parsed once into `ArchitectureName` (or the CNNs' two names): an unknown value is
/// a usage error naming the option and the valid values, and `--help` lists them.
@Suite("flarekit --arch")
struct ArchitectureOptionTests {
    @Test func parsedIntoTheLibrarysName() throws {
        let predict = try PredictCommand.parse(["--arch", "lrcn", "--weights", "w", "--input", "x.npy", "--output", "p.npy"])
        #expect(predict.arch == .lrcn)
        let train = try TrainCommand.parse(["--manifest", "m.json", "--output", "run", "--arch", "cnn1"])
        #expect(train.options.arch == .cnn1)
        #expect(try TrainCommand.parse(["--manifest", "m.json", "--output", "run"]).options.arch == .cnn2)
        let occlusion = try OcclusionCommand.parse(["--arch", "cnn2", "--weights", "w", "--input", "x", "--output", "m.npy"])
        #expect(occlusion.arch?.architectureName == .cnn2)
    }

    @Test(arguments: [
        (["predict", "--weights", "/nonexistent/w", "--input", "/nonexistent/x.npy", "--output", "/nonexistent/p.npy", "--arch", "resnet"],
         ["'cnn1'", "'cnn2'", "'lrcn'"]),
        (["occlusion", "--weights", "/nonexistent/w", "--input", "/nonexistent/x.npy", "--output", "/nonexistent/m.npy", "--arch", "lrcn"],
         ["'cnn1'", "'cnn2'"]),
        (["probe", "--weights", "/nonexistent/w", "--parameter", "radius", "--values", "1:2:1", "--output", "/nonexistent/o", "--arch", "lrcn"],
         ["'cnn1'", "'cnn2'"]),
    ])
    func unknownValuesAreUsageErrorsListingTheValidOnes(arguments: [String], valid: [String]) throws {
        let result = try runFlareKit(arguments)
        #expect(result.status == 64)
        #expect(result.standardError.contains("--arch") && result.standardError.contains("'\(arguments.last!)'"), "\(result.standardError)")
        for name in valid { #expect(result.standardError.contains(name), "\(result.standardError)") }
    }

    @Test func helpListsTheValues() throws {
        /// The help text with its line wrapping undone.
        func help(_ command: String) throws -> String {
            try runFlareKit([command, "--help"]).standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        #expect(try help("train").contains("(values: cnn1, cnn2, lrcn; default: cnn2)"))
        #expect(try help("predict").contains("(values: cnn1, cnn2, lrcn)"))
        #expect(try help("occlusion").contains("(values: cnn1, cnn2)"))
        #expect(try help("probe").contains("(values: cnn1, cnn2)"))
    }
}
