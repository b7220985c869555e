import Foundation
import Testing

@testable import NeuralCore

/// `Tests/Fixtures/io`, written by `Scripts/fixtures/make_io_fixtures.py` (see Tests/Fixtures/README.md).
private let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/io")

/// Runs `body` with a fresh temporary directory that is removed afterwards.
private func withScratchDirectory<R>(_ body: (URL) throws -> R) throws -> R {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("flarekit-safetensors-\(UInt64.random(in: 0...UInt64.max))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// The path and problem of the ``NeuralCoreError/file(path:problem:)`` that `body` throws, or
/// nil (recording an issue) if it throws something else or nothing.
private func fileError(_ body: () throws -> Void) -> (path: String, problem: String)? {
    do {
        try body()
        Issue.record("expected a file error, but nothing was thrown")
    } catch let NeuralCoreError.file(path, problem) {
        return (path, problem)
    } catch {
        Issue.record("expected a file error, got \(error)")
    }
    return nil
}

/// A safetensors file built byte by byte: the length field (the JSON's length unless
/// `declaredLength` is given), the JSON header and the data.
private func safetensorsBytes(_ header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
    let json = Array(header.utf8)
    var bytes: [UInt8] = []
    withUnsafeBytes(of: (declaredLength ?? UInt64(json.count)).littleEndian) { bytes += $0 }
    return bytes + json + data
}

/// The little-endian bytes of fixed-width values.
private func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
}

/// A malformed file and a phrase its error must contain.
struct MalformedSafeTensors: Sendable, CustomTestStringConvertible {
    var label: String
    var bytes: [UInt8]
    var problem: String
    var testDescription: String { label }

    init(_ label: String, _ bytes: [UInt8], _ problem: String) {
        self.label = label
        self.bytes = bytes
        self.problem = problem
    }

    /// A one-tensor header `{"t": {fields}}` followed by `dataSize` zero bytes.
    init(_ label: String, entry fields: String, dataSize: Int = 8, _ problem: String) {
        self.init(label, safetensorsBytes("{\"t\":{\(fields)}}", data: .init(repeating: 0, count: dataSize)), problem)
    }

    static let all: [MalformedSafeTensors] = [
        .init("empty file", [], "0 bytes, shorter than the 8-byte header length"),
        .init("file shorter than 8 bytes", [1, 2, 3, 4, 5], "5 bytes, shorter than the 8-byte header length"),
        .init("header length beyond the file", safetensorsBytes("{}", declaredLength: 1000),
              "header length 1000 exceeds the 2 bytes"),
        .init("header length UInt64.max", safetensorsBytes("{}", declaredLength: .max), "exceeds"),
        .init("header not JSON", safetensorsBytes("{not json"), "not valid JSON"),
        .init("header not UTF-8", [3, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0xFF, 0x7D], "not valid JSON"),
        .init("header an array", safetensorsBytes("[1, 2]"), "the header is not an object"),
        .init("entry not an object", safetensorsBytes("{\"t\": 3}"), "tensor \"t\" is not an object"),
        .init("missing dtype", entry: "\"shape\":[2],\"data_offsets\":[0,8]", "tensor \"t\" has no \"dtype\""),
        .init("missing shape", entry: "\"dtype\":\"F32\",\"data_offsets\":[0,8]", "tensor \"t\" has no \"shape\""),
        .init("missing data_offsets", entry: "\"dtype\":\"F32\",\"shape\":[2]", "has no \"data_offsets\""),
        .init("dtype not a string", entry: "\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]",
              "tensor \"t\".dtype is not a string"),
        .init("shape not an array", entry: "\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]",
              "tensor \"t\".shape is not an array"),
        .init("shape of strings", entry: "\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]",
              "tensor \"t\".shape[0] is not an integer"),
        .init("fractional shape", entry: "\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]",
              "tensor \"t\".shape[0] is not an integer"),
        .init("offset beyond 64 bits", entry: "\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,1e30]",
              "tensor \"t\".data_offsets[1] is not an integer"),
        .init("negative shape", entry: "\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]",
              "shape [-2] has a negative extent"),
        .init("overflowing shape",
              entry: "\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]",
              "has too many elements"),
        .init("overflowing byte count",
              entry: "\"dtype\":\"F64\",\"shape\":[4611686018427387904],\"data_offsets\":[0,8]",
              "has too many elements"),
        .init("offsets past the data", entry: "\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]",
              "data_offsets [0, 16] extend past the 8-byte data section"),
        .init("end before begin", entry: "\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]",
              "do not form a range"),
        .init("negative begin", entry: "\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]",
              "do not form a range"),
        .init("three offsets", entry: "\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]",
              "must be [begin, end]"),
        .init("size not matching the shape", entry: "\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]",
              "span 8 bytes, but shape [3] of F32 needs 12"),
        .init("size not matching the dtype", entry: "\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]",
              "span 8 bytes, but shape [2] of F64 needs 16"),
        .init("unsupported dtype", entry: "\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]",
              "unsupported dtype \"I64\""),
        .init("overlapping tensors",
              safetensorsBytes(
                  "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                      + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                  data: .init(repeating: 0, count: 12)),
              "tensors \"a\" (bytes 0..<8) and \"b\" (bytes 4..<12) overlap"),
        .init("metadata value not a string", safetensorsBytes("{\"__metadata__\":{\"epoch\":3}}"),
              "__metadata__.epoch is not a string"),
        .init("metadata not an object", safetensorsBytes("{\"__metadata__\":\"x\"}"), "__metadata__ is not an object"),
    ]
}

@Suite struct SafeTensorsTests {
    @Test func roundTripIsBitIdenticalAndAligned() throws {
        let special: [Float] = [
            0, -0.0, 1, -1.5, .pi, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            Float(bitPattern: 0x7FC0_1234),
        ]
        let tensors: [(name: String, tensor: Tensor)] = [
            ("layer.kernel", try Tensor(shape: [2, 5], scalars: special)),
            ("odd \"name\"\t\u{1}é", try Tensor(shape: [3], scalars: [1, 2, 3])),
            ("scalar", Tensor(scalar: -7.25)),
            ("empty", try Tensor(shape: [0, 4], scalars: [])),
        ]
        let metadata = ["epoch": "12", "note": "quotes \" backslash \\ newline \n sun ☀︎", "": "empty key"]

        try withScratchDirectory { directory in
            let url = directory.appendingPathComponent("model.safetensors")
            try SafeTensors.write(tensors, metadata: metadata, to: url)

            let file = try SafeTensors.readOrdered(from: url)
            #expect(file.metadata == metadata)
            #expect(file.tensors.map(\.name) == tensors.map(\.name))
            for (read, written) in zip(file.tensors, tensors) {
                #expect(read.tensor.shape == written.tensor.shape)
                #expect(read.tensor.scalars.map(\.bitPattern) == written.tensor.scalars.map(\.bitPattern))
            }
            #expect(try SafeTensors.read(from: url).tensors["scalar"] == Tensor(scalar: -7.25))
            #expect(try SafeTensors.readMetadata(from: url) == metadata)

            let bytes = try [UInt8](Data(contentsOf: url))
            let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            #expect((8 + headerLength) % 8 == 0)
            #expect(bytes.count == 8 + headerLength + (10 + 3 + 1 + 0) * 4)
            #expect(bytes[8] == UInt8(ascii: "{"))
        }
    }

    @Test func emptyMetadataIsOmittedAndFilesAreReplacedWithoutLeftovers() throws {
        try withScratchDirectory { directory in
            let url = directory.appendingPathComponent("weights.safetensors")
            try SafeTensors.write([("a", try Tensor(shape: [2], scalars: [1, 2]))], metadata: ["v": "1"], to: url)
            try SafeTensors.write([("b", try Tensor(shape: [1], scalars: [3]))], to: url)

            let header = String(decoding: try Data(contentsOf: url).dropFirst(8), as: UTF8.self)
            #expect(!header.contains("__metadata__"))
            let file = try SafeTensors.read(from: url)
            #expect(file.metadata.isEmpty)
            #expect(file.tensors == ["b": try Tensor(shape: [1], scalars: [3])])
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["weights.safetensors"])
        }
    }

    @Test func writerMatchesCommittedFixture() throws {
        // Also checked by Python: `make_io_fixtures.py --check Tests/Fixtures/io/swift_written.safetensors`.
        let tensors: [(name: String, tensor: Tensor)] = [
            ("dense.kernel", try Tensor(shape: [2, 3], scalars: (0..<6).map { Float($0) * 0.25 - 0.5 })),
            ("dense.bias", try Tensor(shape: [3], scalars: [0.1, -0.2, 0.3])),
            ("step", Tensor(scalar: 7)),
        ]
        let metadata = ["format": "flarekit", "epoch": "3"]
        let fixture = fixtures.appendingPathComponent("swift_written.safetensors")
        if ProcessInfo.processInfo.environment["FLAREKIT_WRITE_IO_FIXTURES"] != nil {
            try SafeTensors.write(tensors, metadata: metadata, to: fixture)
        }
        #expect(try Data(contentsOf: fixture) == SafeTensors.encode(tensors, metadata: metadata))
    }

    @Test func rejectsDuplicateAndReservedNames() throws {
        try withScratchDirectory { directory in
            let url = directory.appendingPathComponent("bad.safetensors")
            let tensor = Tensor(scalar: 1)
            #expect(throws: NeuralCoreError.invalidArgument(
                name: "tensor name", value: "a", reason: "appears more than once")) {
                try SafeTensors.write([("a", tensor), ("b", tensor), ("a", tensor)], to: url)
            }
            #expect(throws: NeuralCoreError.invalidArgument(
                name: "tensor name", value: "__metadata__", reason: "is reserved for the file's metadata")) {
                try SafeTensors.write([("__metadata__", tensor)], to: url)
            }
            #expect(!FileManager.default.fileExists(atPath: url.path))
        }
    }

    @Test func writeFailureNamesTheDestination() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("flarekit-missing-\(UInt64.random(in: 0...UInt64.max))/w.safetensors")
        let failure = try #require(fileError { try SafeTensors.write([("a", Tensor(scalar: 1))], to: url) })
        #expect(failure.path == url.path)
        #expect(failure.problem.contains("cannot create a temporary file"))
    }

    @Test func missingFileIsAFileError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-nonexistent.safetensors")
        let failure = try #require(fileError { _ = try SafeTensors.read(from: url) })
        #expect(failure == (url.path, "no such file"))
        #expect(fileError { _ = try SafeTensors.readMetadata(from: url) }?.problem == "no such file")
    }

    @Test(arguments: MalformedSafeTensors.all)
    func malformedFileIsReported(_ malformed: MalformedSafeTensors) throws {
        try withScratchDirectory { directory in
            let url = directory.appendingPathComponent("malformed.safetensors")
            try Data(malformed.bytes).write(to: url)
            let failure = try #require(fileError { _ = try SafeTensors.read(from: url) })
            #expect(failure.path == url.path)
            #expect(failure.problem.contains(malformed.problem), "problem: \(failure.problem)")
            // Reading only the header validates the same way.
            let headerFailure = try #require(fileError { _ = try SafeTensors.readMetadata(from: url) })
            #expect(headerFailure == failure)
        }
    }

    @Test func convertsF64F16AndBF16() throws {
        let header = """
            {"d":{"dtype":"F64","shape":[3],"data_offsets":[0,24]},\
            "h":{"dtype":"F16","shape":[9],"data_offsets":[24,42]},\
            "b":{"dtype":"BF16","shape":[2,2],"data_offsets":[42,50]}}
            """
        let doubles = littleEndianBytes([1.5, -0.1, 1e300].map { (value: Double) in value.bitPattern })
        let halves = littleEndianBytes([0x3C00, 0xC000, 0x7BFF, 0x0001, 0x03FF, 0x7C00, 0x8000, 0x3555, 0x7E00] as [UInt16])
        let bfloats = littleEndianBytes([0x3F80, 0xC040, 0x4049, 0xFF80] as [UInt16])
        try withScratchDirectory { directory in
            let url = directory.appendingPathComponent("types.safetensors")
            try Data(safetensorsBytes(header, data: doubles + halves + bfloats)).write(to: url)
            let tensors = try SafeTensors.read(from: url).tensors

            #expect(tensors["d"]?.scalars == [1.5, Float(-0.1), .infinity])
            let half = try #require(tensors["h"]?.scalars)
            #expect(half.dropLast().map(\.bitPattern) == [
                1, -2, 65504, 0x1p-24, 0x3FF * 0x1p-24, .infinity, -0.0, 0.333251953125,
            ].map { (value: Float) in value.bitPattern })
            #expect(half.last?.isNaN == true)
            #expect(tensors["b"] == (try Tensor(shape: [2, 2], scalars: [1, -3, 3.140625, -.infinity])))
        }
    }

    #if !(os(macOS) && arch(x86_64))
    @Test func halfConversionMatchesFloat16ForEveryBitPattern() {
        var mismatches = 0
        for bits in UInt16.min...UInt16.max {
            let expected = Float(Float16(bitPattern: bits))
            let actual = floatFromHalfBits(bits)
            if !(expected.isNaN && actual.isNaN) && expected.bitPattern != actual.bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
    #endif

    @Test func readsPythonWrittenFile() throws {
        let url = fixtures.appendingPathComponent("python_written.safetensors")
        let (tensors, metadata) = try SafeTensors.read(from: url)
        #expect(metadata == ["source": "python"])
        #expect(try SafeTensors.readMetadata(from: url) == ["source": "python"])
        #expect(Set(tensors.keys) == ["dense.kernel", "dense.bias", "stats.mean", "half.weights"])
        #expect(tensors["dense.kernel"] == (try Tensor(shape: [2, 3], scalars: (0..<6).map { Float($0) / 3 })))
        #expect(tensors["dense.bias"] == (try Tensor(shape: [1], scalars: [42])))
        #expect(tensors["stats.mean"] == (try Tensor(shape: [4], scalars: (0..<4).map { Float(Double($0) * 0.1 + 1) })))
        #expect(tensors["half.weights"] == (try Tensor(shape: [2, 2], scalars: [0.5, -2, 65504, 0x1p-20])))
    }
}

// MARK: - Layer weights

/// A layer with a trainable and a non-trainable parameter.
private final class TinyLayer: Layer {
    let weight: Parameter
    let runningMean: Parameter

    init(fill: Float) throws {
        weight = Parameter(try Tensor(shape: [2, 3], scalars: (0..<6).map { fill + Float($0) }))
        runningMean = Parameter(try Tensor(shape: [3], repeating: fill), isTrainable: false)
    }

    var parameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("running_mean", runningMean)] }
    func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
    func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor { input }
    func backward(_ outputGradient: Tensor) throws -> Tensor { outputGradient }
}

/// A container with one parameter of its own and a `block` sublayer.
private final class TinyModel: Layer {
    let scale: Parameter
    let block: TinyLayer

    init(fill: Float) throws {
        scale = Parameter(try Tensor(shape: [1], repeating: fill))
        block = try TinyLayer(fill: fill)
    }

    var parameters: [(name: String, parameter: Parameter)] { [("scale", scale)] }
    var sublayers: [(name: String, layer: any Layer)] { [("block", block)] }
    func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
    func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor { input }
    func backward(_ outputGradient: Tensor) throws -> Tensor { outputGradient }

    var values: [Tensor] { namedParameters().map(\.parameter.value) }
}

@Suite struct SafeTensorsLayerWeightsTests {
    @Test func saveAndLoadRestoreEveryParameter() throws {
        try withScratchDirectory { directory in
            let url = directory.appendingPathComponent("model.safetensors")
            let source = try TinyModel(fill: 0.5)
            try source.saveWeights(to: url, metadata: ["epoch": "4"])
            #expect(try SafeTensors.readOrdered(from: url).tensors.map(\.name)
                == ["scale", "block.weight", "block.running_mean"])

            let target = try TinyModel(fill: -9)
            #expect(try target.loadWeights(from: url) == ["epoch": "4"])
            #expect(target.values == source.values)
        }
    }

    @Test func mismatchListsEveryProblemAndAssignsNothing() throws {
        try withScratchDirectory { directory in
            let url = directory.appendingPathComponent("other.safetensors")
            try SafeTensors.write([
                ("scale", try Tensor(shape: [1], scalars: [100])),
                ("block.weight", try Tensor(shape: [3, 2], repeating: 1)),
                ("block.extra", Tensor(scalar: 1)),
                ("aaa", Tensor(scalar: 2)),
            ], to: url)

            let model = try TinyModel(fill: 1)
            let before = model.values
            #expect(throws: NeuralCoreError.weightMismatch(
                path: url.path, missing: ["block.running_mean"], unexpected: ["aaa", "block.extra"],
                misshaped: [.init(name: "block.weight", expected: [2, 3], found: [3, 2])])) {
                try model.loadWeights(from: url)
            }
            #expect(model.values == before)
        }
    }

    @Test func malformedWeightFileIsAFileError() throws {
        try withScratchDirectory { directory in
            let url = directory.appendingPathComponent("short.safetensors")
            try Data([1, 2, 3]).write(to: url)
            #expect(fileError { try TinyModel(fill: 0).loadWeights(from: url) }?.path == url.path)
        }
    }
}
