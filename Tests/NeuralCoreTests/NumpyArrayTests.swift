import Foundation
import Testing

@testable import NeuralCore

/// `Tests/Fixtures/io`, written by `Scripts/fixtures/make_io_fixtures.py` (see Tests/Fixtures/README.md).
private let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/io")

private func fixture(_ name: String) throws -> NumpyArray {
    try NumpyArray.read(from: fixtures.appendingPathComponent(name))
}

/// Runs `body` with a fresh temporary directory that is removed afterwards.
private func withScratchDirectory<R>(_ body: (URL) throws -> R) throws -> R {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("flarekit-npy-\(UInt64.random(in: 0...UInt64.max))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// A `.npy` file built byte by byte: magic, version, the header length (the header's length
/// unless `declaredLength` is given), the header text as given (no padding) and the data.
private func npyBytes(_ header: String, data: [UInt8] = [], version: UInt8 = 1, declaredLength: Int? = nil) -> [UInt8] {
    let text = Array(header.utf8)
    let length = declaredLength ?? text.count
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
    if version == 1 {
        withUnsafeBytes(of: UInt16(length).littleEndian) { bytes += $0 }
    } else {
        withUnsafeBytes(of: UInt32(length).littleEndian) { bytes += $0 }
    }
    return bytes + text + data
}

/// Writes `bytes` to a scratch file and reads it back.
private func readNpy(_ bytes: [UInt8]) throws -> NumpyArray {
    try withScratchDirectory { directory in
        let url = directory.appendingPathComponent("array.npy")
        try Data(bytes).write(to: url)
        return try NumpyArray.read(from: url)
    }
}

private func bytes<T: FixedWidthInteger>(_ values: [T], bigEndian: Bool = false) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: bigEndian ? value.bigEndian : value.littleEndian) { Array($0) } }
}

/// A malformed `.npy` file and a phrase its error must contain.
struct MalformedNumpyFile: Sendable, CustomTestStringConvertible {
    var label: String
    var bytes: [UInt8]
    var problem: String
    var testDescription: String { label }

    init(_ label: String, _ bytes: [UInt8], _ problem: String) {
        self.label = label
        self.bytes = bytes
        self.problem = problem
    }

    /// A file with the given header dictionary and four float32 values.
    init(_ label: String, header: String, _ problem: String) {
        self.init(label, npyBytes(header, data: .init(repeating: 0, count: 16)), problem)
    }

    static let all: [MalformedNumpyFile] = [
        .init("empty file", [], "not a .npy file"),
        .init("wrong magic", Array("PK\u{3}\u{4}NUMPY-not-really".utf8), "not a .npy file"),
        .init("version 4", npyBytes("{}", version: 4), "unsupported .npy format version 4.0"),
        .init("version 2 cut in the header length", Array(npyBytes("{}", version: 2).prefix(11)),
              "the file ends inside the header length"),
        .init("header length beyond the file",
              npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", declaredLength: 60000),
              "the header length 60000 exceeds"),
        .init("data too short",
              npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", data: .init(repeating: 0, count: 12)),
              "the data is 12 bytes, but shape [2, 2] of <f4 needs 16"),
        .init("data too long",
              npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", data: .init(repeating: 0, count: 16)),
              "the data is 16 bytes, but shape [3] of <f4 needs 12"),
        .init("overflowing shape",
              header: "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }",
              "has too many elements"),
        .init("overflowing byte count",
              header: "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904,), }",
              "has too many elements"),
        .init("integer beyond 64 bits",
              header: "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }",
              "an integer that fits in 64 bits"),
        .init("negative extent", header: "{'descr': '<f4', 'fortran_order': False, 'shape': (-4,), }",
              "'shape' must be a tuple of non-negative integers"),
        .init("complex dtype", header: "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }",
              "unsupported dtype '<c8'"),
        .init("byte order on a multi-byte type", header: "{'descr': '|f4', 'fortran_order': False, 'shape': (4,), }",
              "unsupported dtype '|f4'"),
        .init("unsigned 64-bit", header: "{'descr': '<u8', 'fortran_order': False, 'shape': (2,), }",
              "unsupported dtype '<u8'"),
        .init("structured dtype", header: "{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (4,), }",
              "malformed header: unexpected list (structured dtypes are not supported) at byte 10"),
        .init("descr not a string", header: "{'descr': True, 'fortran_order': False, 'shape': (4,), }",
              "'descr' must be a dtype string"),
        .init("missing shape", header: "{'descr': '<f4', 'fortran_order': False, }",
              "'shape' must be a tuple"),
        .init("fortran_order not a boolean", header: "{'descr': '<f4', 'fortran_order': 'no', 'shape': (4,), }",
              "'fortran_order' must be True or False"),
        .init("unexpected key", header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), 'x': True}",
              "unexpected key 'x'"),
        .init("duplicate key", header: "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (4,)}",
              "duplicate key 'descr'"),
        .init("missing comma", header: "{'descr': '<f4' 'fortran_order': False, 'shape': (4,)}", "expected ',' or '}'"),
        .init("tuple without comma", header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2 2)}",
              "expected ',' or ')'"),
        .init("unterminated string", header: "{'descr': '<f4", "unterminated string at byte 14"),
        .init("text after the dictionary",
              header: "{'descr': '<f4', 'fortran_order': False, 'shape': (4,)} x", "unexpected text after the dictionary"),
        .init("not a dictionary", header: "['descr', '<f4']", "expected '{' (the header must be a dictionary) at byte 0"),
    ]
}

@Suite struct NumpyArrayTests {
    // MARK: Files written by NumPy

    @Test func readsFloat32COrder() throws {
        let array = try fixture("float32_c.npy")
        #expect(array.shape == [3, 4])
        #expect(array.elementType == .float32)
        #expect(array.descriptor == "<f4")
        #expect(array.floats() == (0..<12).map { Float($0) / 7 })
        #expect(array.tensor() == (try Tensor(shape: [3, 4], scalars: (0..<12).map { Float($0) / 7 })))
        #expect(array.integers() == nil)
    }

    @Test func readsFloat64() throws {
        let array = try fixture("float64.npy")
        #expect(array.shape == [5])
        #expect(array.elementType == .float64)
        #expect(array.doubles() == (0..<5).map { Double($0) * 0.1 - 0.2 })
        #expect(array.floats() == (0..<5).map { Float(Double($0) * 0.1 - 0.2) })
    }

    @Test func transposesFortranOrder() throws {
        let array = try fixture("float32_fortran.npy")
        #expect(array.shape == [2, 3, 4])
        #expect(array.floats() == (0..<24).map(Float.init))
    }

    @Test func readsIntegersAndBooleans() throws {
        let int64 = try fixture("int64.npy")
        #expect(int64.elementType == .int64)
        #expect(int64.integers() == [-3, 0, 7, 1 << 40])
        #expect(int64.doubles() == [-3, 0, 7, 1_099_511_627_776])

        let uint8 = try fixture("uint8.npy")
        #expect(uint8.descriptor == "|u1")
        #expect(uint8.integers() == [0, 51, 102, 153, 204, 255])

        let bool = try fixture("bool.npy")
        #expect(bool.elementType == .bool)
        #expect(bool.integers() == [1, 0, 1])
        #expect(bool.floats() == [1, 0, 1])

        let bigEndian = try fixture("int32_be.npy")
        #expect(bigEndian.descriptor == ">i4")
        #expect(bigEndian.shape == [2, 2])
        #expect(bigEndian.integers() == [1, -2, 300_000, -400_000])
    }

    @Test func readsScalarAndLaterFormatVersions() throws {
        let scalar = try fixture("scalar_float32.npy")
        #expect(scalar.shape == [])
        #expect(scalar.tensor() == Tensor(scalar: 2.5))
        for version in [2, 3] {
            let array = try fixture("float32_v\(version).npy")
            #expect(array.shape == [2, 2])
            #expect(array.floats() == [1, 2, 3, 4])
        }
    }

    // MARK: Files built byte by byte

    @Test func readsEveryElementTypeInBothByteOrders() throws {
        func read(_ descriptor: String, _ shape: String, _ data: [UInt8]) throws -> NumpyArray {
            try readNpy(npyBytes("{'descr': '\(descriptor)', 'fortran_order': False, 'shape': \(shape), }", data: data))
        }
        let doubles = [1.5, -0.25].map(\.bitPattern)
        #expect(try read(">f8", "(2,)", bytes(doubles, bigEndian: true)).doubles() == [1.5, -0.25])
        #expect(try read("<f8", "(2,)", bytes(doubles)).doubles() == [1.5, -0.25])
        let floats = [Float(3.5), -1e-3].map(\.bitPattern)
        #expect(try read(">f4", "(2,)", bytes(floats, bigEndian: true)).floats() == [3.5, -1e-3])
        #expect(try read("<f2", "(3,)", bytes([0x3C00, 0xC000, 0x0001] as [UInt16])).floats() == [1, -2, 0x1p-24])
        #expect(try read(">f2", "(1,)", bytes([0x3555] as [UInt16], bigEndian: true)).floats() == [0.333251953125])
        #expect(try read("|i1", "(3,)", [0x80, 0x7F, 0xFF]).integers() == [-128, 127, -1])
        #expect(try read("<i2", "(2,)", bytes([-300, 7] as [Int16])).integers() == [-300, 7])
        #expect(try read(">i2", "(2,)", bytes([-300, 7] as [Int16], bigEndian: true)).integers() == [-300, 7])
        #expect(try read("<u2", "(1,)", bytes([65535] as [UInt16])).integers() == [65535])
        #expect(try read("<u4", "(2,)", bytes([4_000_000_000, 1] as [UInt32])).integers() == [4_000_000_000, 1])
        #expect(try read(">u4", "(1,)", bytes([4_000_000_000] as [UInt32], bigEndian: true)).integers() == [4_000_000_000])
        #expect(try read("<i4", "(1,)", bytes([-5] as [Int32])).integers() == [-5])
        #expect(try read(">i8", "(1,)", bytes([-(1 << 50)] as [Int64], bigEndian: true)).integers() == [-(1 << 50)])
        #expect(try read("|b1", "(3,)", [0, 1, 2]).integers() == [0, 1, 1])
        #expect(try read("<f4", "(0, 3)", []).shape == [0, 3])
    }

    @Test func fortranOrderByHand() throws {
        // [[0, 1, 2], [3, 4, 5]] stored column by column.
        let data = bytes([0, 3, 1, 4, 2, 5].map { Float($0).bitPattern })
        let array = try readNpy(npyBytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", data: data))
        #expect(array.floats() == [0, 1, 2, 3, 4, 5])
        let integers = try readNpy(npyBytes(
            "{'descr': '|u1', 'fortran_order': True, 'shape': (3, 2), }", data: [0, 2, 4, 1, 3, 5]))
        #expect(integers.integers() == [0, 1, 2, 3, 4, 5])
        let empty = try readNpy(npyBytes("{'descr': '<f4', 'fortran_order': True, 'shape': (0, 2), }"))
        #expect(empty.shape == [0, 2] && empty.count == 0)
    }

    @Test func acceptsHeaderVariants() throws {
        let data = bytes([Float(1), 2].map(\.bitPattern))
        for header in [
            "{\"shape\": (2,), \"fortran_order\": False, \"descr\": \"<f4\"}",
            "{'descr':'<f4','fortran_order':False,'shape':(2L,)}   \n",
            "{ 'descr' : '<f4' ,\n 'fortran_order' : False ,\t'shape' : ( 2 , ) , }\n",
        ] {
            #expect(try readNpy(npyBytes(header, data: data)).floats() == [1, 2], "header: \(header)")
        }
    }

    @Test(arguments: MalformedNumpyFile.all)
    func malformedFileIsReported(_ malformed: MalformedNumpyFile) throws {
        try withScratchDirectory { directory in
            let url = directory.appendingPathComponent("malformed.npy")
            try Data(malformed.bytes).write(to: url)
            do {
                let array = try NumpyArray.read(from: url)
                Issue.record("expected an error, read \(array.shape)")
            } catch let NeuralCoreError.file(path, problem) {
                #expect(path == url.path)
                #expect(problem.contains(malformed.problem), "problem: \(problem)")
            }
        }
    }

    // MARK: Writing

    @Test func tensorRoundTripIsBitIdentical() throws {
        let values: [Float] = [0, -0.0, .pi, -.infinity, .leastNonzeroMagnitude, Float(bitPattern: 0x7FC0_1234)]
        let tensor = try Tensor(shape: [2, 3], scalars: values)
        try withScratchDirectory { directory in
            let url = directory.appendingPathComponent("tensor.npy")
            try NumpyArray.write(tensor, to: url)
            let array = try NumpyArray.read(from: url)
            #expect(array.descriptor == "<f4")
            #expect(array.shape == [2, 3])
            #expect(array.floats().map(\.bitPattern) == values.map(\.bitPattern))

            let file = [UInt8](try Data(contentsOf: url))
            #expect(Array(file.prefix(8)) == [0x93] + Array("NUMPY".utf8) + [1, 0])
            let headerLength = Int(file[8]) | Int(file[9]) << 8
            #expect((10 + headerLength) % 64 == 0)
            #expect(file[10 + headerLength - 1] == UInt8(ascii: "\n"))
            #expect(String(decoding: file[10..<(10 + headerLength)], as: UTF8.self)
                .hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"))
            #expect(file.count == 10 + headerLength + 24)
        }
    }

    @Test func writesDoublesIntegersBytesAndScalars() throws {
        try withScratchDirectory { directory in
            let url = directory.appendingPathComponent("values.npy")
            try NumpyArray.write([0.1, -2.5, .greatestFiniteMagnitude], shape: [3], to: url)
            var array = try NumpyArray.read(from: url)
            #expect(array.descriptor == "<f8" && array.doubles() == [0.1, -2.5, .greatestFiniteMagnitude])

            try NumpyArray.write([Int32.min, 0, Int32.max, -1], shape: [2, 2], to: url)
            array = try NumpyArray.read(from: url)
            #expect(array.descriptor == "<i4" && array.shape == [2, 2])
            #expect(array.integers() == [Int64(Int32.min), 0, Int64(Int32.max), -1])

            try NumpyArray.write([0, 1, 255] as [UInt8], shape: [3], to: url)
            array = try NumpyArray.read(from: url)
            #expect(array.descriptor == "|u1" && array.integers() == [0, 1, 255])

            try NumpyArray.write(Tensor(scalar: 4), to: url)
            array = try NumpyArray.read(from: url)
            #expect(array.shape == [] && array.floats() == [4])
            #expect(String(decoding: try Data(contentsOf: url), as: UTF8.self).contains("'shape': (), }"))

            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["values.npy"])
        }
    }

    @Test func longHeaderUsesVersion2() throws {
        let shape = [Int](repeating: 1, count: 22_000)
        try withScratchDirectory { directory in
            let url = directory.appendingPathComponent("deep.npy")
            try NumpyArray.write([7] as [Double], shape: shape, to: url)
            let file = [UInt8](try Data(contentsOf: url))
            #expect(file[6] == 2)
            let headerLength = file[8..<12].reversed().reduce(0) { $0 << 8 | Int($1) }
            #expect((12 + headerLength) % 64 == 0)
            let array = try NumpyArray.read(from: url)
            #expect(array.shape == shape && array.doubles() == [7])
        }
    }

    @Test func rejectsValuesThatDoNotFitTheShape() throws {
        try withScratchDirectory { directory in
            let url = directory.appendingPathComponent("bad.npy")
            #expect(throws: NeuralCoreError.self) { try NumpyArray.write([1, 2, 3] as [Int32], shape: [2, 2], to: url) }
            #expect(throws: NeuralCoreError.self) { try NumpyArray.write([] as [Double], shape: [-1], to: url) }
            #expect(!FileManager.default.fileExists(atPath: url.path))
        }
    }
}
