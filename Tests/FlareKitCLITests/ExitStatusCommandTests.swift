import Datasets
import Foundation
import NeuralCore
import Testing

/// Bad command lines and bad files through every command, end to end: each must end with the
/// exit status of the README's table (64 command line, 65 input data, 66 input missing or
/// unreadable, 73 output, 1 other) and say on standard error which file or option is wrong and
/// how, without Foundation or Swift decoding dumps.
///
/// A case is plain text: `$NAME` tokens stand for the paths of ``Files`` (made once per run).
@Suite("flarekit exit statuses and error messages (end to end)")
struct ExitStatusCommandTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: String
        var status: Int32
        var mentions: [String]
        var testDescription: String { "\(status) ← \(arguments)" }

        init(_ arguments: String, _ status: Int32, _ mentions: String...) {
            self.arguments = arguments
            self.status = status
            self.mentions = mentions
        }
    }

    /// What no message may show: Foundation's and Swift's wording instead of FlareKit's.
    static let leaks = [
        "NSCocoaErrorDomain", "could not be completed", "couldn’t be completed", "couldn't be completed", "DecodingError",
        "CodingKeys", "formatVersion", "Expected to decode",
    ]

    static let cases: [Case] = [
        // 64: the command line (parser, validate(), checks while running, the library's checks of option values)
        Case("nosuchcommand", 64, "nosuchcommand"),
        Case("score --predictions $PRED", 64, "--labels"),
        Case("score --predictions $PRED --labels $LABELS --threshold abc", 64, "--threshold"),
        Case("score --predictions $PRED --labels $LABELS --threshold nan", 64, "threshold"),
        Case("inspect", 64, "<file>"),
        Case("catalog $TEXT $TEXT", 64),
        Case("xrs $TEXT --frobnicate", 64, "--frobnicate"),
        Case("collect", 64, "<folder>"),
        Case("evaluate --manifest $MANIFEST_NO_VERSION --weights $WEIGHTS --output $OUT --batch-size 0", 64, "--batch-size"),
        Case("evaluate --manifest $MANIFEST_NO_VERSION --weights $WEIGHTS --output $OUT --threshold 1.5", 64, "--threshold"),
        Case("evaluate --manifest $MANIFEST_NO_VERSION --weights $WEIGHTS --output $OUT --cadence-minutes inf", 64, "--cadence-minutes"),
        Case("svm --train-features $SVM_TRAIN_FEATURES --train-labels $SVM_TRAIN_LABELS --features $SVM_FEATURES --output $OUT --gamma x", 64, "--gamma", "Usage: flarekit svm"),
        Case("svm --train-features $SVM_TRAIN_FEATURES --train-labels $SVM_TRAIN_LABELS --features $SVM_FEATURES --output $OUT --class-weight heavy", 64, "--class-weight"),
        Case("svm --train-features $SVM_TRAIN_FEATURES --train-labels $SVM_TRAIN_LABELS --features $SVM_FEATURES --output $OUT --c=-1", 64, "C"),
        Case("svm --train-features $SVM_TRAIN_FEATURES --train-labels $SVM_TRAIN_LABELS --features $SVM_FEATURES --output $SVM_FEATURES", 64, "$SVM_FEATURES"),
        Case("train --manifest $MISSING --output $OUT --parts 0", 64, "--parts"),
        Case("train --manifest $MISSING --output $OUT --parts 1", 64, "parts", "at least 2"),
        Case("train --manifest $MISSING --output $OUT --arch resnet", 64, "--arch"),
        Case("tune --manifest $MISSING --output $OUT --learning-rates x --batch-sizes 8", 64, "--learning-rates"),
        Case("tune --manifest $MISSING --output $OUT --learning-rates 1e-3 --batch-sizes 0", 64, "--batch-sizes"),
        Case("predict --weights $WEIGHTS --output $OUT/p.npy", 64, "--input", "Usage: flarekit predict"),
        Case("predict --weights $WEIGHTS --input $BATCH --output $OUT/p.txt", 64, "--output"),
        Case("predict --weights $WEIGHTS --input $BATCH --output $OUT/p.npy --threads 0", 64, "--threads", "Usage: flarekit predict"),
        Case("occlusion --arch cnn1 --weights $WEIGHTS --input $BATCH --output $OUT/m.npy --mask 0", 64, "--mask"),
        Case("occlusion --arch cnn2 --weights $WEIGHTS --input $BATCH --output $OUT/m.npy", 64, "$WEIGHTS", "cnn1"),
        Case("probe --weights $WEIGHTS --parameter radius --values abc --output $OUT", 64, "abc"),
        Case("probe --weights $WEIGHTS --parameter radius --values 3:1:1 --output $OUT", 64, "STOP"),
        Case("probe --weights $WEIGHTS --parameter mass --values 1:2:1 --output $OUT", 64, "--parameter"),
        Case("demo --epochs 0", 64, "--epochs"),
        Case("demo --skip-bhattacharjee --skip-guastavino", 64, "nothing to run"),
        Case("index $DIR --catalog $TEXT --harps $TEXT --output $OUT/m.json --threshold Q1", 64, "--threshold"),
        Case("index $DIR --catalog $TEXT --harps $TEXT --output $OUT/m.json --sampling-hours=-1", 64, "--sampling-hours"),
        Case("demo --seed=-1", 64, "--seed"),
        Case("demo --epochs 99999999999999999999999", 64, "--epochs"),
        Case("svm --train-features $SVM_TRAIN_FEATURES --train-labels $SVM_TRAIN_LABELS --features $SVM_FEATURES --output $OUT/d.npy --c 1e400", 64, "invalid C"),
        Case("svm --train-features $SVM_TRAIN_FEATURES --train-labels $SVM_TRAIN_LABELS --features $SVM_FEATURES --output $OUT/d.npy --gamma nan", 64, "invalid gamma"),
        Case("train --manifest $MISSING --output $OUT --test-from 2011-13-01", 64, "--test-from"),
        Case("tune --manifest $MISSING --output $OUT --learning-rates 1e-3 --batch-sizes 8 --arch lrcn", 64, "--sharp-dir"),
        Case("occlusion --arch cnn1 --weights $WEIGHTS --input $BATCH --output $OUT/m.npy --png $OUT/m.jpg", 64, "--png"),

        // 66: an input that is missing, a folder, or unreadable; the message names it in words
        Case("score --predictions $MISSING --labels $LABELS", 66, "$MISSING", "no such file"),
        Case("score --predictions $DIR --labels $LABELS", 66, "$DIR", "is a directory"),
        Case("score --predictions $PRED --labels $UNICODE_MISSING", 66, "$UNICODE_MISSING", "no such file"),
        Case("inspect $MISSING", 66, "$MISSING", "no such file"),
        Case("inspect $DIR", 66, "$DIR", "is a directory"),
        Case("catalog $MISSING", 66, "$MISSING", "no such file"),
        Case("catalog $DIR", 66, "$DIR", "is a directory"),
        Case("xrs $DIR", 66, "$DIR", "is a directory"),
        Case("xrs $UNICODE_MISSING", 66, "$UNICODE_MISSING", "no such file"),
        Case("probe --weights $DIR --parameter radius --values 1:2:1 --output $OUT", 66, "$DIR", "is a directory"),
        Case("probe --weights $MISSING --parameter radius --values 1:2:1 --output $OUT", 66, "$MISSING", "no such file"),
        Case("occlusion --arch cnn1 --weights $MISSING --input $BATCH --output $OUT/m.npy", 66, "$MISSING", "no such file"),
        Case("occlusion --arch cnn1 --weights $WEIGHTS --input $DIR --output $OUT/m.npy", 66, "$DIR", "is a directory"),
        Case("occlusion --arch cnn1 --weights $WEIGHTS --input $UNICODE_MISSING --output $OUT/m.npy", 66, "$UNICODE_MISSING"),
        Case("evaluate --manifest $DIR --weights $WEIGHTS --output $OUT", 66, "$DIR", "is a directory"),
        Case("evaluate --manifest $MISSING --weights $WEIGHTS --output $OUT", 66, "$MISSING", "no such file"),
        Case("evaluate --manifest $MANIFEST_NO_VERSION --weights $MISSING --output $OUT", 66, "$MISSING"),
        Case("train --manifest $MISSING --output $OUT", 66, "$MISSING", "no such file"),
        Case("tune --manifest $DIR --output $OUT --learning-rates 1e-3 --batch-sizes 8", 66, "$DIR", "is a directory"),
        Case("predict --weights $WEIGHTS --input $MISSING --output $OUT/p.npy", 66, "$MISSING", "no such file"),
        Case("predict --weights $WEIGHTS --manifest $DIR --output $OUT/p.npy", 66, "$DIR", "is a directory"),
        Case("collect $MISSING", 66, "$MISSING"),
        Case("collect $DIR", 66, "training-run.json"),
        Case("svm --train-features $MISSING --train-labels $SVM_TRAIN_LABELS --features $SVM_FEATURES --output $OUT/d.npy", 66, "$MISSING"),
        Case("svm --train-features $SVM_TRAIN_FEATURES --train-labels $DIR --features $SVM_FEATURES --output $OUT/d.npy", 66, "$DIR", "is a directory"),
        Case("index $DIR --catalog $MISSING --harps $TEXT --output $OUT/m.json", 66, "$MISSING", "no such file"),
        Case("collect $TEXT", 66, "$TEXT", "is a file, not a run folder"),
        Case("index $TEXT --catalog $SWPC --harps $HARPS --output $OUT/m.json --no-cache", 66, "$TEXT", "is a file, not a folder"),
        Case("predict --weights $WEIGHTS --fits $DIR --output $OUT/p.npy", 66, "$DIR", "is a directory"),
        Case("probe --weights $WEIGHTS --compare-weights $MISSING --parameter radius --values 1:2:1 --output $OUT", 66, "$MISSING", "no such file"),

        // 65: an input that was read and is not what the command reads
        Case("score --predictions $EMPTY --labels $LABELS", 65, "$EMPTY", "not a .npy file"),
        Case("score --predictions $TEXT --labels $LABELS", 65, "$TEXT", "not a .npy file"),
        Case("score --predictions $BAD/npy-truncated.npy --labels $LABELS", 65, "npy-truncated.npy"),
        Case("score --predictions $PRED --labels $LABELS_SHORT", 65, "$PRED", "$LABELS_SHORT"),
        Case("score --predictions $PRED_NAN --labels $LABELS", 65, "$PRED_NAN", "index 1"),
        Case("score --predictions $PRED --labels $LABELS_TWO", 65, "$LABELS_TWO", "index 1"),
        Case("score --predictions $BATCH --labels $LABELS", 65, "$BATCH", "[1, 1, 8, 8]"),
        Case("inspect $EMPTY", 65, "$EMPTY", "empty"),
        Case("inspect $TEXT", 65, "$TEXT", "not a FITS file"),
        Case("inspect $BAD/fits-truncated-data.fits", 65, "fits-truncated-data.fits", "truncated"),
        Case("catalog $BAD/swpc-not-utf8.csv", 65, "swpc-not-utf8.csv", "UTF-8"),
        Case("catalog $BAD/swpc-bad-row.csv --strict", 65, "swpc-bad-row.csv", "line"),
        Case("xrs $TEXT", 65, "$TEXT", "not a FITS file"),
        Case("xrs $BAD/xrs-no-fluxes-table.fits", 65, "xrs-no-fluxes-table.fits"),
        Case("probe --weights $EMPTY --parameter radius --values 1:2:1 --output $OUT", 65, "$EMPTY"),
        Case("probe --weights $BAD/safetensors-truncated.safetensors --parameter radius --values 1:2:1 --output $OUT", 65, "safetensors-truncated.safetensors"),
        Case("probe --weights $WEIGHTS_BAD_METADATA --parameter radius --values 1:2:1 --output $OUT", 65, "$WEIGHTS_BAD_METADATA", "'architecture'"),
        Case("occlusion --arch cnn1 --weights $WEIGHTS --input $BATCH --output $OUT/m.npy", 65, "$BATCH", "[1, 1, 32, 32]"),
        Case("evaluate --manifest $MANIFEST_NO_VERSION --weights $WEIGHTS --output $OUT", 65, "$MANIFEST_NO_VERSION", "'format_version'"),
        Case("evaluate --manifest $MANIFEST_TEXT_VERSION --weights $WEIGHTS --output $OUT", 65, "'format_version': expected a whole number, found a string"),
        Case("evaluate --manifest $MANIFEST_CUT --weights $WEIGHTS --output $OUT", 65, "$MANIFEST_CUT", "not valid JSON"),
        Case("train --manifest $EMPTY --output $OUT", 65, "$EMPTY", "not valid JSON"),
        Case("collect $RUN_EMPTY_RECORD", 65, "training-run.json", "missing key 'format'"),
        Case("collect $RUN_TEXT_RECORD", 65, "training-run.json", "not valid JSON"),
        Case("collect $RUN_BAD_ARGUMENTS", 65, "training-run.json", "arguments are not valid", "--parts must be at least 1"),
        Case("svm --train-features $TEXT --train-labels $SVM_TRAIN_LABELS --features $SVM_FEATURES --output $OUT/d.npy", 65, "$TEXT"),
        Case("svm --train-features $SVM_TRAIN_FEATURES --train-labels $LABELS --features $SVM_FEATURES --output $OUT/d.npy", 65, "$LABELS"),
        Case("svm --train-features $SVM_TRAIN_FEATURES --train-labels $SVM_TRAIN_LABELS --features $PRED --output $OUT/d.npy", 65, "$PRED", "2-D"),
        Case("catalog $EMPTY", 65, "$EMPTY", "empty"),
        Case("xrs $EMPTY", 65, "$EMPTY", "empty"),
        Case("xrs $BAD/xrs-bad-date.fits", 65, "DATE-OBS"),
        Case("inspect $BAD/huge-table-allocation.fits", 65, "NAXIS2"),
        Case("inspect $UNICODE_TEXT", 65, "$UNICODE_TEXT", "not a FITS file"),

        // 73: an output that cannot be created
        Case("probe --weights $WEIGHTS --parameter radius --values 1:2:1 --output $TEXT", 73, "$TEXT"),
        Case("svm --train-features $SVM_TRAIN_FEATURES --train-labels $SVM_TRAIN_LABELS --features $SVM_FEATURES --output $NOWHERE/d.npy", 73, "$NOWHERE/d.npy"),
        Case("svm --train-features $SVM_TRAIN_FEATURES --train-labels $SVM_TRAIN_LABELS --features $SVM_FEATURES --output $DIR", 73, "$DIR"),
        Case("demo --output $TEXT --epochs 1", 73, "$TEXT"),
        Case("demo --archive $TEXT --output $OUT/demo --epochs 1", 73, "$TEXT: --archive: is a file, not a folder"),
        Case("evaluate --manifest $MANIFEST_NO_VERSION --weights $WEIGHTS --output $TEXT", 73, "$TEXT"),
        Case("train --manifest $MANIFEST_NO_VERSION --output $TEXT", 73, "$TEXT"),
        Case("index $DIR --catalog $SWPC --harps $HARPS --output $DIR --no-cache", 64, "--output $DIR is the same file as the input"),
        Case("index $DIR --catalog $SWPC --harps $HARPS --output $NOWHERE/m.json --no-cache", 73, "$NOWHERE/m.json: --output: the folder $NOWHERE does not exist"),

        // 1: the files and the command line are fine, the run cannot be done with them
        Case("predict --weights $WEIGHTS --manifest $MANIFEST_EMPTY --output $OUT/p.npy", 1, "$MANIFEST_EMPTY", "no samples"),
        Case("train --manifest $MANIFEST_EMPTY --output $OUT/train --arch cnn1 --input-size 8", 1, "not enough data"),
        Case("evaluate --manifest $MANIFEST_EMPTY --weights $WEIGHTS --output $OUT/evaluate", 1, "$MANIFEST_EMPTY", "no samples"),
    ]

    /// The files the cases name (made once, under the temporary folder, in a path with a space).
    static let files: [String: String] = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit exit-status \(UUID().uuidString)")
        func path(_ name: String) -> URL { folder.appendingPathComponent(name) }
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
        var files: [String: String] = [
            "DIR": path("a folder").path, "MISSING": path("nowhere.npy").path,
            "UNICODE_MISSING": path("dossier é/ünïcode fïle.npy").path, "EMPTY": path("empty.bin").path,
            "UNICODE_TEXT": path("dossier é/ünïcode téxt.fits").path,
            "TEXT": path("text.txt").path, "OUT": path("out").path, "NOWHERE": "/nonexistent-flarekit-folder",
            "BAD": fixtures.appendingPathComponent("bad-inputs").path, "HARPS": path("harps.txt").path,
            "SWPC": fixtures.appendingPathComponent("catalogs/swpc_excerpt.csv").path,
            "WEIGHTS": fixtures.appendingPathComponent("keras/cnn1_32/weights.safetensors").path,
            "WEIGHTS_BAD_METADATA": path("bad-metadata.safetensors").path,
        ]
        for (key, name) in [("SVM_TRAIN_FEATURES", "train_features"), ("SVM_TRAIN_LABELS", "train_labels"), ("SVM_FEATURES", "features")] {
            files[key] = fixtures.appendingPathComponent("svm/value_none_raw_\(name).npy").path
        }
        do {
            try FileManager.default.createDirectory(at: path("a folder"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: path("out"), withIntermediateDirectories: true)   // outputs go in an existing folder
            try Data().write(to: path("empty.bin"))
            try Data("hello\n".utf8).write(to: path("text.txt"))
            try Data("HARPNUM NOAA_ARS\n377 11158\n".utf8).write(to: path("harps.txt"))
            try FileManager.default.createDirectory(at: path("dossier é"), withIntermediateDirectories: true)
            try Data("ünïcode\n".utf8).write(to: path("dossier é/ünïcode téxt.fits"))
            let arrays: [(String, [Double], [Int])] = [
                ("PRED", [0.1, 0.9, 0.4], [3]), ("PRED_NAN", [0.1, .nan, 0.4], [3]), ("LABELS", [0, 1, 1], [3]),
                ("LABELS_SHORT", [0, 1], [2]), ("LABELS_TWO", [0, 2, 1], [3]), ("BATCH", Array(repeating: 0, count: 64), [1, 1, 8, 8]),
            ]
            for (key, values, shape) in arrays {
                let url = path(key.lowercased() + ".npy")
                try NumpyArray.write(try Tensor(shape: shape, scalars: values.map(Float.init)), to: url)
                files[key] = url.path
            }
            let texts = [
                ("MANIFEST_NO_VERSION", "manifest-no-version.json", #"{"samples": []}"#),
                ("MANIFEST_TEXT_VERSION", "manifest-text-version.json", #"{"format_version": "two"}"#),
                ("MANIFEST_CUT", "manifest-cut.json", #"{"format_version": 1, "samp"#),
                ("RUN_EMPTY_RECORD", "run-empty/training-run.json", "{}"),
                ("RUN_TEXT_RECORD", "run-text/training-run.json", "not json"),
                ("RUN_BAD_ARGUMENTS", "run-bad-arguments/training-run.json",
                 #"{"format": "flarekit-training-run-1", "arguments": ["--manifest", "m.json", "--parts", "0"], "settings": {}}"#),
            ]
            for (key, name, text) in texts {
                let url = path(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
                files[key] = name.hasPrefix("run-") ? url.deletingLastPathComponent().path : url.path
            }
            let empty = path("manifest-empty.json")
            try SampleManifest(configuration: SampleLabelingConfiguration(), report: LabelingReport(), samples: []).write(to: empty)
            files["MANIFEST_EMPTY"] = empty.path
            try SafeTensors.write(
                [(name: "w", tensor: try Tensor(shape: [1], scalars: [0]))],
                metadata: ["flarekit.model": #"{"architecture": 3}"#], to: path("bad-metadata.safetensors"))
        } catch {
            Issue.record("cannot make the files of the cases: \(error)")
        }
        return files
    }()

    /// `text` with every `$NAME` replaced by its path (longest names first).
    static func substitute(_ text: String) -> String {
        var result = text
        for key in files.keys.sorted(by: { $0.count > $1.count }) { result = result.replacingOccurrences(of: "$" + key, with: files[key] ?? "") }
        return result
    }

    @Test(arguments: cases)
    func statusAndMessage(_ bad: Case) throws {
        let arguments = bad.arguments.split(separator: " ").map { Self.substitute(String($0)) }
        let result = try runFlareKit(arguments)
        let error = result.standardError
        #expect(result.status == bad.status, "stderr: \(error)")
        for mention in bad.mentions.map(Self.substitute) {
            #expect(error.contains(mention), "'\(mention)' is not in: \(error)")
        }
        for leak in Self.leaks { #expect(!error.contains(leak), "stderr shows '\(leak)': \(error)") }
        #expect(!error.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "control characters in: \(error)")
        if bad.status == 64 {
            #expect(error.hasPrefix("Error: ") && error.contains("Usage: flarekit"), "\(error)")
        } else {
            // Progress lines (`probe: ...`, `index: ...`) may come before the error.
            let lines = error.split(separator: "\n").filter { !$0.hasPrefix(arguments[0] + ": ") }
            #expect(lines.count == 1 && lines[0].hasPrefix("flarekit: error: "), "\(error)")
        }
    }

    @Test func helpListsTheExitStatuses() throws {
        for arguments in [["--help"], ["help"]] {
            let result = try runFlareKit(arguments)
            #expect(result.status == 0)
            for status in ["64", "65", "66", "70", "73"] { #expect(result.standardOutput.contains(status), "\(arguments)") }
        }
    }
}
