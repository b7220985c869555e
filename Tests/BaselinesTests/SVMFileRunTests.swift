import Foundation
import NeuralCore
import Testing

@testable import Baselines

/// `SVMFileRun`, what `flarekit svm` calls: `.npy` in, float64 `.npy` out, errors naming files.
@Suite("SVM file run")
struct SVMFileRunTests {
    static let fixtures = SVMParityTests.fixtures
    static let name = "scale_none_standardized"

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-svm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func run(output: URL, trainingFeatures: URL? = nil, trainingLabels: URL? = nil, features: URL? = nil) -> SVMFileRun {
        SVMFileRun(
            trainingFeatures: trainingFeatures ?? Self.fixtures.appendingPathComponent("\(Self.name)_train_features.npy"),
            trainingLabels: trainingLabels ?? Self.fixtures.appendingPathComponent("\(Self.name)_train_labels.npy"),
            features: features ?? Self.fixtures.appendingPathComponent("\(Self.name)_features.npy"), output: output)
    }

    @Test func writesFloat64DecisionValuesAtomically() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("decision.npy")
        let summary = try run(output: output).run()
        let written = try NumpyArray.read(from: output)
        #expect(written.elementType == .float64 && written.shape == [40] && summary.outputCount == 40)
        let expected = try NumpyArray.read(from: Self.fixtures.appendingPathComponent("\(Self.name)_decision.npy")).doubles()
        #expect(zip(written.doubles(), expected).allSatisfy { abs($0 - $1) <= 1e-5 })
        #expect(summary.fit.trainingSampleCount == 80 && summary.fit.featureCount == 6)
        // Again over the existing file; no temporary file left behind.
        _ = try run(output: output).run()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["decision.npy"])
    }

    @Test func refusesAnOutputThatIsAnInput() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let features = folder.appendingPathComponent("features.npy")
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("\(Self.name)_features.npy"), to: features)
        let before = try Data(contentsOf: features)

        // The same path, spelled differently.
        let spelled = URL(fileURLWithPath: folder.path + "/./features.npy")
        #expect(throws: BaselinesError.outputIsInput(output: spelled.path, input: features.path)) {
            try run(output: spelled, features: features).run()
        }
        // A symbolic link to an input, and a hard link to one.
        let symbolic = folder.appendingPathComponent("link.npy")
        try FileManager.default.createSymbolicLink(at: symbolic, withDestinationURL: features)
        #expect(throws: BaselinesError.self) { try run(output: symbolic, features: features).run() }
        let hard = folder.appendingPathComponent("hard.npy")
        try FileManager.default.linkItem(at: features, to: hard)
        #expect(throws: BaselinesError.outputIsInput(output: hard.path, input: features.path)) {
            try run(output: hard, features: features).run()
        }
        // A link to the folder holding an input.
        let folderLink = folder.appendingPathComponent("again")
        try FileManager.default.createSymbolicLink(at: folderLink, withDestinationURL: folder)
        #expect(throws: BaselinesError.self) {
            try run(output: folderLink.appendingPathComponent("features.npy"), features: features).run()
        }
        #expect(try Data(contentsOf: features) == before)
    }

    @Test func badFilesAreNamed() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out.npy")

        // Labels that are not 0/1 name the labels file.
        let labels = folder.appendingPathComponent("labels.npy")
        var values = [Double](repeating: 0, count: 80)
        values[0] = 1
        values[7] = 0.5
        try NumpyArray.write(values, shape: [80], to: labels)
        #expect(throws: BaselinesError.invalidLabel(what: labels.path, index: 7, value: 0.5)) {
            try run(output: output, trainingLabels: labels).run()
        }
        // One class only.
        try NumpyArray.write([Double](repeating: 1, count: 80), shape: [80, 1], to: labels)
        #expect(throws: BaselinesError.singleClass(what: labels.path, label: 1, count: 80)) {
            try run(output: output, trainingLabels: labels).run()
        }
        // Features that are 1-D, or of another width than the training ones.
        let flat = folder.appendingPathComponent("flat.npy")
        try NumpyArray.write([1, 2, 3] as [Double], shape: [3], to: flat)
        #expect(throws: BaselinesError.shapeMismatch(what: flat.path, expected: "a 2-D array [samples, features]", actual: "shape [3]")) {
            try run(output: output, features: flat).run()
        }
        let narrow = folder.appendingPathComponent("narrow.npy")
        try NumpyArray.write([1, 2, 3, 4] as [Double], shape: [2, 2], to: narrow)
        guard case let .shapeMismatch(what, _, actual)? = catching({ try run(output: output, features: narrow).run() }) else {
            Issue.record("wrong error")
            return
        }
        #expect(what == narrow.path && actual == "[2, 2]")
        // A NaN in the training features names that file.
        let nanFeatures = folder.appendingPathComponent("nan.npy")
        var x = try SVMFileRun.readMatrix(Self.fixtures.appendingPathComponent("\(Self.name)_train_features.npy")).values
        x[13] = .nan
        try NumpyArray.write(x, shape: [80, 6], to: nanFeatures)
        guard case let .nonFiniteFeature(nanWhat, sample, feature, _)? = catching({
            try run(output: output, trainingFeatures: nanFeatures).run()
        }) else {
            Issue.record("wrong error")
            return
        }
        #expect(nanWhat == nanFeatures.path && sample == 2 && feature == 1)
        // Zero samples.
        let empty = folder.appendingPathComponent("empty.npy")
        try NumpyArray.write([Double](), shape: [0, 6], to: empty)
        #expect(throws: BaselinesError.noSamples(what: empty.path)) { try run(output: output, trainingFeatures: empty).run() }
        // Missing and malformed files.
        let missing = folder.appendingPathComponent("missing.npy")
        guard case let .file(path, _)? = catching({ try run(output: output, trainingFeatures: missing).run() }) else {
            Issue.record("wrong error")
            return
        }
        #expect(path == missing.path)
        let text = folder.appendingPathComponent("text.npy")
        try Data("not numpy".utf8).write(to: text)
        guard case let .file(textPath, reason)? = catching({ try run(output: output, trainingLabels: text).run() }) else {
            Issue.record("wrong error")
            return
        }
        #expect(textPath == text.path && reason.contains("not a .npy file"))
        // Nothing was written by any failed run.
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    func catching(_ body: () throws -> Void) -> BaselinesError? {
        do {
            try body()
        } catch let error as BaselinesError {
            return error
        } catch {
            Issue.record("not a BaselinesError: \(error)")
        }
        return nil
    }
}
