import Architectures
import Datasets
import Foundation
import NeuralCore
import Testing

/// `flarekit predict` on a Keras model converted with the committed script (the parity fixture),
/// and on FITS files and a manifest with an ensemble of tiny models.
@Suite("flarekit predict (end to end)")
struct PredictCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/keras")

    /// Reads the float32 values of a small little-endian `.npy` written by NumPy or FlareKit.
    func floats(_ url: URL) throws -> [Float] {
        let data = try Data(contentsOf: url)
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        let body = data.dropFirst(10 + headerLength)
        return body.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    @Test func reproducesKerasOutputs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-predict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (arch, fixture, extra) in [("cnn1", "cnn1_32", [String]()), ("cnn2", "cnn2", []), ("lrcn", "lrcn_t3", ["--frames", "3"])] {
            let input = fixture == "cnn2" ? "input_256.npy" : "input.npy"
            let expected = fixture == "cnn2" ? "output_256.npy" : "output.npy"
            let output = folder.appendingPathComponent("\(fixture).npy")
            let result = try runFlareKit([
                "predict", "--arch", arch, "--weights", Self.fixtures.appendingPathComponent("\(fixture)/weights.safetensors").path,
                "--input", Self.fixtures.appendingPathComponent("\(fixture)/\(input)").path, "--output", output.path,
            ] + extra)
            #expect(result.status == 0, "\(arch): \(result.standardError)")
            let actual = try floats(output), keras = try floats(Self.fixtures.appendingPathComponent("\(fixture)/\(expected)"))
            #expect(actual.count == keras.count)
            #expect(zip(actual, keras).allSatisfy { abs($0 - $1) <= 1e-4 }, "\(arch): \(actual) vs Keras \(keras)")

            // The weight files carry metadata: --arch and --frames may be left out.
            let bare = folder.appendingPathComponent("\(fixture)-bare.npy")
            let withoutFlags = try runFlareKit([
                "predict", "--weights", Self.fixtures.appendingPathComponent("\(fixture)/weights.safetensors").path,
                "--input", Self.fixtures.appendingPathComponent("\(fixture)/\(input)").path, "--output", bare.path,
            ])
            #expect(withoutFlags.status == 0, "\(arch) without --arch: \(withoutFlags.standardError)")
            #expect(try floats(bare) == actual)
        }
    }

    @Test func disagreementsAndBadFilesFailWithOneLine() throws {
        let weights = Self.fixtures.appendingPathComponent("cnn2/weights.safetensors").path
        let input = Self.fixtures.appendingPathComponent("cnn2/input_128.npy").path
        let wrongSize = try runFlareKit(["predict", "--arch", "cnn2", "--weights", weights, "--input", input, "--output", "/tmp/x.npy"])
        #expect(wrongSize.status != 0)
        #expect(wrongSize.standardError.contains("expected shape [2, 1, 256, 256]"))
        let wrongArch = try runFlareKit(["predict", "--arch", "lrcn", "--weights", weights, "--input", input, "--output", "/tmp/x.npy"])
        #expect(wrongArch.status != 0)
        #expect(wrongArch.standardError.contains("holds a cnn2 model"))
        let notWeights = try runFlareKit(["predict", "--arch", "cnn2", "--weights", input, "--input", input, "--output", "/tmp/x.npy"])
        #expect(notWeights.status != 0)
        #expect(notWeights.standardError.split(separator: "\n").count == 1)
    }

    // MARK: Ensembles on FITS files and manifests

    /// A tiny CNN-1 (16 x 16) or CNN-2 (32 x 32) with scaled inputs, saved in `folder`.
    static func tinyModel(_ arch: String, seed: UInt64, in folder: URL) throws -> (URL, FlareModel) {
        var generator = SeededGenerator(seed: seed)
        let configuration: ArchitectureConfiguration
        let preprocessing: InputPreprocessing
        switch arch {
        case "cnn2":
            var c = CNN2Configuration()
            c.inputSize = 32
            c.stemFilters = [2, 2]
            c.inceptionFilters = 2
            configuration = .cnn2(c)
            preprocessing = InputPreprocessing(clip: 1500, scale: 2e-3)
        case "lrcn":
            var c = LRCNConfiguration()
            c.frames = 3
            c.frameSize = 16
            c.filters = [2, 2]
            c.kernelSizes = [3, 3]
            c.denseUnits = 4
            c.lstmUnits = 3
            configuration = .lrcn(c)
            preprocessing = InputPreprocessing(scale: 1e-3)
        default:
            var c = CNN1Configuration()
            c.inputSize = 16
            c.filters = [2, 2]
            c.denseUnits = 4
            configuration = .cnn1(c)
            preprocessing = InputPreprocessing(scale: 1e-3)
        }
        let model = try FlareModel(configuration, preprocessing: preprocessing, generator: &generator)
        let url = folder.appendingPathComponent("\(arch)-\(seed).safetensors")
        try model.save(to: url)
        return (url, model)
    }

    /// A small synthetic archive and its manifest (no selection cuts), written into `folder`.
    static func archive(in folder: URL) throws -> (magnetograms: [String], sharp: String, manifest: URL, samples: [LabeledSample]) {
        let summary = try SyntheticArchive(configuration: .small).generate(into: folder.appendingPathComponent("archive"))
        let result = try SampleIndexing(cuts: nil, indexOptions: .init(cache: .disabled)).run(
            directory: URL(fileURLWithPath: summary.magnetogramFolder), catalog: URL(fileURLWithPath: summary.flareCatalogPath),
            harpTable: URL(fileURLWithPath: summary.harpTablePath))
        let manifest = folder.appendingPathComponent("manifest.json")
        try result.manifest.write(to: manifest)
        let files = try FileManager.default.contentsOfDirectory(atPath: summary.magnetogramFolder)
            .filter { $0.hasSuffix(".magnetogram.fits") }.sorted().map { summary.magnetogramFolder + "/" + $0 }
        return (files, summary.magnetogramFolder, manifest, result.manifest.samples)
    }

    /// `model`'s probabilities on `paths`, each prepared here as its metadata says.
    static func probabilities(of model: FlareModel, on paths: [String]) throws -> [Float] {
        let size = model.configuration.sampleShape.last!
        let preparation = try SamplePreparation(model.preprocessing, defaultGeometry: .resize(width: size, height: size, method: .bilinear))
        var scalars: [Float] = []
        for path in paths { scalars += try preparation.tensor(contentsOf: path).scalars }
        return try model.probabilities(for: Tensor(shape: [paths.count, 1, size, size], scalars: scalars))
    }

    @Test func twoModelsOnFITSFilesToNpyJsonAndCSV() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-predict-fits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = Array(try Self.archive(in: folder).magnetograms.prefix(6))
        let (first, cnn1) = try Self.tinyModel("cnn1", seed: 1, in: folder)
        let (second, cnn2) = try Self.tinyModel("cnn2", seed: 2, in: folder)
        let a = try Self.probabilities(of: cnn1, on: files), b = try Self.probabilities(of: cnn2, on: files)
        let medians = zip(a, b).map { Float((Double($0) + Double($1)) / 2) }
        #expect(a != b)

        func run(_ output: String) throws -> ProcessResult {
            try runFlareKit(
                ["predict", "--weights", first.path, "--weights", second.path, "--fits"] + files
                    + ["--output", folder.appendingPathComponent(output).path, "--batch-size", "4"])
        }
        let npy = try run("p.npy")
        #expect(npy.status == 0, "\(npy.standardError)")
        #expect(npy.standardOutput.contains("samples 6, skipped 0, models 2"))
        #expect(npy.standardError.contains("predict: 6/6 samples"))
        let written = try floats(folder.appendingPathComponent("p.npy"))
        #expect(written.count == 6 && zip(written, medians).allSatisfy { abs($0 - $1) <= 1e-5 }, "\(written) vs \(medians)")

        let json = try run("p.json")
        #expect(json.status == 0, "\(json.standardError)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("p.json"))) as? [String: Any])
        #expect(object["models"] as? [String] == [first.path, second.path])
        let rows = try #require(object["samples"] as? [[String: Any]])
        #expect(rows.compactMap { $0["id"] as? String } == files)
        for (k, row) in rows.enumerated() {
            let p = try #require(row["probabilities"] as? [Double])
            #expect(p.count == 2 && abs(p[0] - Double(a[k])) <= 1e-5 && abs(p[1] - Double(b[k])) <= 1e-5)
            #expect(row["label"] == nil)
        }

        let csv = try run("p.csv")
        #expect(csv.status == 0, "\(csv.standardError)")
        let lines = try String(contentsOf: folder.appendingPathComponent("p.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "sample_id,sample_index,harpnum,noaa_ar,t_rec,label,probability,threshold,predicted,model,split")
        #expect(lines.count == 1 + 3 * 6)   // two models and the median, six samples each
        let medianRows = lines.filter { $0.hasSuffix(",median,") }
        let csvMedians = medianRows.compactMap { Float(String($0.split(separator: ",", omittingEmptySubsequences: false)[6])) }
        #expect(csvMedians == written)
        #expect(medianRows.map { String($0.split(separator: ",")[0]) } == files)

        // A folder of weight files is the ensemble of its .safetensors files, as for evaluate.
        let models = folder.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: first, to: models.appendingPathComponent("a.safetensors"))
        try FileManager.default.copyItem(at: second, to: models.appendingPathComponent("b.safetensors"))
        let fromFolder = try runFlareKit(
            ["predict", "--weights", models.path, "--fits"] + files + ["--output", folder.appendingPathComponent("d.npy").path])
        #expect(fromFolder.status == 0 && fromFolder.standardOutput.contains("models 2"), "\(fromFolder.standardError)")
        #expect(try floats(folder.appendingPathComponent("d.npy")) == written)
    }

    @Test func manifestGivesLabelledRowsAndTheTSSOfTheMedian() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-predict-manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try Self.archive(in: folder)
        let (first, _) = try Self.tinyModel("cnn1", seed: 3, in: folder)
        let (second, _) = try Self.tinyModel("cnn1", seed: 4, in: folder)
        let (third, _) = try Self.tinyModel("cnn2", seed: 5, in: folder)
        let output = folder.appendingPathComponent("p.json")
        let result = try runFlareKit([
            "predict", "--weights", first.path, "--weights", second.path, "--weights", third.path,
            "--manifest", archive.manifest.path, "--output", output.path,
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
        let rows = try #require(object["samples"] as? [[String: Any]])
        #expect(rows.count == archive.samples.count)
        #expect(rows.compactMap { $0["label"] as? Int } == archive.samples.map(\.regionLabel))
        #expect(rows.compactMap { $0["sample_class"] as? String } == archive.samples.map(\.sampleClass.rawValue))
        // The TSS of the median (middle of three) at 0.5, from the written probabilities.
        var (tp, fn, fp, tn) = (0.0, 0.0, 0.0, 0.0)
        for row in rows {
            let p = try #require(row["probabilities"] as? [Double]).sorted()
            switch (row["label"] as? Int == 1, p[1] >= 0.5) {
            case (true, true): tp += 1
            case (true, false): fn += 1
            case (false, true): fp += 1
            case (false, false): tn += 1
            }
        }
        #expect(tp + fn > 0 && fp + tn > 0)
        let tss = tp / (tp + fn) - fp / (fp + tn)
        #expect(result.standardOutput.contains(String(format: "TSS %.4f", tss)), "\(result.standardOutput) vs \(tss)")
    }

    @Test func badArgumentsAndAnLRCNWithoutArchiveAreOneLineErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-predict-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (weights, _) = try Self.tinyModel("cnn1", seed: 6, in: folder)
        let (lrcn, _) = try Self.tinyModel("lrcn", seed: 7, in: folder)
        let input = Self.fixtures.appendingPathComponent("cnn1_32/input.npy").path
        let cases: [([String], Int32, String)] = [
            (["--weights", weights.path, "--input", input, "--output", folder.appendingPathComponent("p.txt").path], 64, ".npy, .json or .csv"),
            (["--weights", weights.path, "--input", input, "--fits", input, "--output", folder.appendingPathComponent("p.npy").path], 64, "exactly one of"),
            (["--input", input, "--output", folder.appendingPathComponent("p.npy").path], 64, "--weights"),
            (["--weights", lrcn.path, "--manifest", folder.appendingPathComponent("m.json").path, "--output", folder.appendingPathComponent("p.npy").path], 66, "m.json"),
        ]
        for (arguments, status, message) in cases {
            let result = try runFlareKit(["predict"] + arguments)
            #expect(result.status == status, "\(arguments): \(result.standardError)")
            // A command-line error (64) is followed by the usage, as ArgumentParser's own are.
            #expect(status == 64
                ? result.standardError.hasPrefix("Error: ") && result.standardError.contains("Usage: flarekit predict")
                : result.standardError.hasPrefix("flarekit: error:") && result.standardError.split(separator: "\n").count == 1)
            #expect(result.standardError.contains(message), "\(result.standardError)")
        }
        // An LRCN on a manifest needs --sharp-dir: the error names the weight file.
        let archive = try Self.archive(in: folder)
        let missingArchive = try runFlareKit(["predict", "--weights", lrcn.path, "--manifest", archive.manifest.path, "--output", folder.appendingPathComponent("p.npy").path])
        #expect(missingArchive.status == 64 && missingArchive.standardError.hasPrefix("Error: "))
        #expect(missingArchive.standardError.contains(lrcn.path))
    }
}
