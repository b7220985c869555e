import Foundation
import Testing

@testable import NeuralCore

/// `Tests/Fixtures/bad-inputs` (Scripts/fixtures/make_bad_inputs.py; see its README and
/// Documentation/Reliability.md): malformed safetensors and `.npy` files on disk, each refused
/// with ``NeuralCoreError/file(path:problem:)`` naming the file, before anything the size of
/// the header's claims is allocated. Fuzzing (fuzz-safetensors, fuzz-npy) found no crash in
/// these readers; this is the regression corpus. The byte-level cases are in
/// SafeTensorsTests.swift and NumpyArrayTests.swift.
private let badInputs = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/bad-inputs")

/// A bad file and a phrase its error must contain.
struct BadTensorFile: Sendable, CustomTestStringConvertible {
    var name: String
    var problem: String
    var testDescription: String { name }

    static let safetensors: [BadTensorFile] = [
        .init(name: "safetensors-truncated.safetensors", problem: "the header length 55 exceeds the 32 bytes after the length field"),
        .init(name: "safetensors-header-length-huge.safetensors",
              problem: "the header length 4611686018427387904 exceeds the 2 bytes after the length field"),
        .init(name: "safetensors-extent-beyond-file.safetensors",
              problem: "data_offsets [0, 4000000000] extend past the 16-byte data section"),
        .init(name: "safetensors-wrong-magic.safetensors", problem: "the header length 7595448452415441744 exceeds the 35 bytes"),
    ]

    static let npy: [BadTensorFile] = [
        .init(name: "npy-truncated.npy", problem: "the header length 57 exceeds the 20 bytes left"),
        .init(name: "npy-header-length-huge.npy", problem: "the header length 2147483648 exceeds the 73 bytes left"),
        .init(name: "npy-shape-beyond-data.npy", problem: "the data is 16 bytes, but shape [1000000, 1000000] of <f4 needs 4000000000000"),
        .init(name: "npy-wrong-magic.npy", problem: "not a .npy file"),
    ]
}

/// The ``NeuralCoreError/file(path:problem:)`` that `body` throws, checked to name `path` and
/// contain `phrase`.
private func expectFileError(path: String, phrase: String, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected a file error for \(path), but nothing was thrown")
    } catch let NeuralCoreError.file(errorPath, problem) {
        #expect(errorPath == path)
        #expect(problem.contains(phrase), "\(problem)")
    } catch {
        Issue.record("expected a file error for \(path), got \(error)")
    }
}

@Suite("NeuralCore bad inputs: typed errors naming the file")
struct NeuralCoreBadInputTests {
    @Test(arguments: BadTensorFile.safetensors)
    func safetensorsFileIsRefused(_ file: BadTensorFile) {
        let url = badInputs.appendingPathComponent(file.name)
        expectFileError(path: url.path, phrase: file.problem) { _ = try SafeTensors.read(from: url) }
        // The header-only reader and the checkpoint reader refuse it too (the same checks).
        expectFileError(path: url.path, phrase: file.problem) { _ = try SafeTensors.readMetadata(from: url) }
        expectFileError(path: url.path, phrase: file.problem) { _ = try TrainingCheckpoint.read(from: url) }
    }

    @Test(arguments: BadTensorFile.npy)
    func npyFileIsRefused(_ file: BadTensorFile) {
        let url = badInputs.appendingPathComponent(file.name)
        expectFileError(path: url.path, phrase: file.problem) { _ = try NumpyArray.read(from: url) }
    }
}
