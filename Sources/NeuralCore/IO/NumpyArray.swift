import Foundation

/// An array read from or written to a NumPy `.npy` file.
///
/// Reading accepts format versions 1.0, 2.0 and 3.0, both byte orders, Fortran (column-major)
/// files (transposed to row-major on read), and the element types of ``ElementType``. Values
/// are kept at their file precision and converted on request with ``floats()``, ``doubles()``,
/// ``integers()`` or ``tensor()``. Writing produces version 1.0 files (2.0 if the header is too
/// long) with little-endian data, replacing the destination atomically.
///
/// ```swift
/// let labels = try NumpyArray.read(from: url)        // e.g. a uint8 vector
/// let classes = labels.integers() ?? []
/// try NumpyArray.write(images, to: outputURL)        // a Tensor, as <f4
/// ```
///
/// Malformed files are reported as ``NeuralCoreError/file(path:problem:)`` naming the file.
public struct NumpyArray: Sendable, Equatable {
    /// The element types NumpyArray reads.
    public enum ElementType: String, Sendable, CaseIterable {
        case bool, int8, int16, int32, int64, uint8, uint16, uint32, float16, float32, float64

        /// The size of one element in bytes.
        public var size: Int {
            switch self {
            case .bool, .int8, .uint8: 1
            case .int16, .uint16, .float16: 2
            case .int32, .uint32, .float32: 4
            case .int64, .float64: 8
            }
        }

        /// The type for a NumPy kind character (`b`, `i`, `u`, `f`) and size, if supported.
        init?(kind: Character, size: Int) {
            let match = ElementType.allCases.first { type in
                type.size == size && type.kindCharacter == kind
            }
            guard let match else { return nil }
            self = match
        }

        private var kindCharacter: Character {
            switch self {
            case .bool: "b"
            case .int8, .int16, .int32, .int64: "i"
            case .uint8, .uint16, .uint32: "u"
            case .float16, .float32, .float64: "f"
            }
        }
    }

    /// The values at file precision.
    enum Storage: Sendable, Equatable {
        case float([Float])
        case double([Double])
        /// Booleans (as 0 and 1) and integers.
        case integer([Int64])
    }

    /// The extent of each axis; the values are in row-major order whatever the file's order.
    public let shape: [Int]
    /// The element type stored in the file.
    public let elementType: ElementType
    /// The file's dtype descriptor as written, such as `<f4` or `>i4`.
    public let descriptor: String
    let storage: Storage

    /// The number of values.
    public var count: Int {
        switch storage {
        case let .float(values): values.count
        case let .double(values): values.count
        case let .integer(values): values.count
        }
    }

    /// The values as `Float`, in row-major order (rounded from `float64` and large integers).
    public func floats() -> [Float] {
        switch storage {
        case let .float(values): values
        case let .double(values): values.map(Float.init)
        case let .integer(values): values.map(Float.init)
        }
    }

    /// The values as `Double`, in row-major order (exact except for integers beyond 2^53).
    public func doubles() -> [Double] {
        switch storage {
        case let .float(values): values.map(Double.init)
        case let .double(values): values
        case let .integer(values): values.map(Double.init)
        }
    }

    /// The values of an integer or boolean array (booleans as 0 and 1), in row-major order;
    /// `nil` for floating-point arrays.
    public func integers() -> [Int64]? {
        if case let .integer(values) = storage { return values }
        return nil
    }

    /// The values as a `Float` tensor of the same shape.
    public func tensor() -> Tensor {
        Tensor(validShape: shape, scalars: floats())
    }
}

// MARK: - Reading

extension NumpyArray {
    /// The `.npy` magic string, `\x93NUMPY`.
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Reads a `.npy` file.
    /// - Throws: ``NeuralCoreError/file(path:problem:)`` when the file cannot be read, is
    ///   malformed, has an unsupported element type, or holds more or fewer bytes than its shape
    ///   needs.
    public static func read(from url: URL) throws -> NumpyArray {
        let contents = try readFileBytes(url)
        return try contents.withUnsafeBytes { try NumpyArray(parsing: $0, path: url.path) }
    }

    /// Parses the complete bytes of a `.npy` file.
    init(parsing file: UnsafeRawBufferPointer, path: String) throws {
        func problem(_ text: String) -> NeuralCoreError { .file(path: path, problem: text) }

        guard file.count >= 10, file.prefix(6).elementsEqual(NumpyArray.magic) else {
            throw problem("not a .npy file (it does not start with \\x93NUMPY and a header length)")
        }
        let headerStart: Int, headerLength: Int
        switch file[6] {
        case 1:
            headerStart = 10
            headerLength = Int(UInt16(littleEndian: file.loadUnaligned(fromByteOffset: 8, as: UInt16.self)))
        case 2, 3:
            guard file.count >= 12 else { throw problem("the file ends inside the header length") }
            headerStart = 12
            headerLength = Int(UInt32(littleEndian: file.loadUnaligned(fromByteOffset: 8, as: UInt32.self)))
        default:
            throw problem("unsupported .npy format version \(file[6]).\(file[7]) (1.0, 2.0 and 3.0 are read)")
        }
        guard headerLength <= file.count - headerStart else {
            throw problem("the header length \(headerLength) exceeds the \(file.count - headerStart) bytes left")
        }
        let dataStart = headerStart + headerLength
        let header = try NumpyHeader(parsing: Array(file[headerStart..<dataStart]), path: path)

        let (elementType, bigEndian) = try NumpyHeader.elementType(of: header.descriptor, path: path)
        var count = 1
        for extent in header.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else { throw problem("shape \(header.shape) has too many elements") }
            count = product
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: elementType.size)
        guard !overflow else { throw problem("shape \(header.shape) has too many elements") }
        guard byteCount == file.count - dataStart else {
            throw problem(
                "the data is \(file.count - dataStart) bytes, but shape \(header.shape) of "
                    + "\(header.descriptor) needs \(byteCount)")
        }

        let bytes = UnsafeRawBufferPointer(rebasing: file[dataStart...])
        var storage = NumpyArray.decode(bytes, count: count, as: elementType, bigEndian: bigEndian)
        if header.fortranOrder {
            storage = switch storage {
            case let .float(values): .float(rowMajor(fromColumnMajor: values, shape: header.shape))
            case let .double(values): .double(rowMajor(fromColumnMajor: values, shape: header.shape))
            case let .integer(values): .integer(rowMajor(fromColumnMajor: values, shape: header.shape))
            }
        }
        self.init(shape: header.shape, elementType: elementType, descriptor: header.descriptor, storage: storage)
    }

    /// Converts `count` packed elements to the storage for their type.
    private static func decode(
        _ bytes: UnsafeRawBufferPointer, count: Int, as type: ElementType, bigEndian: Bool
    ) -> Storage {
        switch type {
        case .bool: .integer(decodePacked(bytes, count: count, as: UInt8.self) { $0 == 0 ? 0 : 1 })
        case .int8: .integer(decodePacked(bytes, count: count, as: UInt8.self) { Int64(Int8(bitPattern: $0)) })
        case .uint8: .integer(decodePacked(bytes, count: count, as: UInt8.self) { Int64($0) })
        case .int16:
            .integer(decodePacked(bytes, count: count, as: UInt16.self, bigEndian: bigEndian) {
                Int64(Int16(bitPattern: $0))
            })
        case .uint16: .integer(decodePacked(bytes, count: count, as: UInt16.self, bigEndian: bigEndian) { Int64($0) })
        case .int32:
            .integer(decodePacked(bytes, count: count, as: UInt32.self, bigEndian: bigEndian) {
                Int64(Int32(bitPattern: $0))
            })
        case .uint32: .integer(decodePacked(bytes, count: count, as: UInt32.self, bigEndian: bigEndian) { Int64($0) })
        case .int64:
            .integer(decodePacked(bytes, count: count, as: UInt64.self, bigEndian: bigEndian) {
                Int64(bitPattern: $0)
            })
        case .float16: .float(decodePacked(bytes, count: count, as: UInt16.self, bigEndian: bigEndian, floatFromHalfBits))
        case .float32:
            .float(decodePacked(bytes, count: count, as: UInt32.self, bigEndian: bigEndian) { Float(bitPattern: $0) })
        case .float64:
            .double(decodePacked(bytes, count: count, as: UInt64.self, bigEndian: bigEndian) {
                Double(bitPattern: $0)
            })
        }
    }
}

/// Reorders column-major (Fortran) `values` of the given shape into row-major order.
private func rowMajor<T>(fromColumnMajor values: [T], shape: [Int]) -> [T] {
    guard shape.count > 1, !values.isEmpty else { return values }
    // In column-major order the first axis varies fastest: stride[k] = shape[0] * ... * shape[k-1].
    var strides = [Int](repeating: 1, count: shape.count)
    for axis in 1..<shape.count { strides[axis] = strides[axis - 1] * shape[axis - 1] }

    var index = [Int](repeating: 0, count: shape.count)
    var source = 0
    var result: [T] = []
    result.reserveCapacity(values.count)
    values.withUnsafeBufferPointer { values in
        for _ in 0..<values.count {
            result.append(values[source])
            // Advance the row-major index (last axis fastest), moving `source` along.
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                source += strides[axis]
                if index[axis] < shape[axis] { break }
                source -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
    return result
}

// MARK: - Writing

extension NumpyArray {
    /// Writes a tensor as a little-endian `float32` (`<f4`) array, atomically.
    /// - Throws: ``NeuralCoreError/file(path:problem:)`` when the file cannot be written.
    public static func write(_ tensor: Tensor, to url: URL) throws {
        try tensor.withUnsafeBufferPointer { values in
            try write(values, shape: tensor.shape, descriptor: "<f4", to: url) { $0.bitPattern }
        }
    }

    /// Writes `values` with the given shape as a little-endian `float64` (`<f8`) array, atomically.
    /// - Throws: ``NeuralCoreError/shapeMismatch(operation:expected:actual:)`` or
    ///   ``NeuralCoreError/invalidShape(_:reason:)`` when the shape does not fit the values;
    ///   ``NeuralCoreError/file(path:problem:)`` when the file cannot be written.
    public static func write(_ values: [Double], shape: [Int], to url: URL) throws {
        try values.withUnsafeBufferPointer { values in
            try write(values, shape: shape, descriptor: "<f8", to: url) { $0.bitPattern }
        }
    }

    /// Writes `values` with the given shape as a little-endian `int32` (`<i4`) array, atomically.
    /// - Throws: As the `[Double]` variant.
    public static func write(_ values: [Int32], shape: [Int], to url: URL) throws {
        try values.withUnsafeBufferPointer { values in
            try write(values, shape: shape, descriptor: "<i4", to: url) { UInt32(bitPattern: $0) }
        }
    }

    /// Writes `values` with the given shape as a `uint8` (`|u1`) array, atomically.
    /// - Throws: As the `[Double]` variant.
    public static func write(_ values: [UInt8], shape: [Int], to url: URL) throws {
        try values.withUnsafeBufferPointer { values in
            try write(values, shape: shape, descriptor: "|u1", to: url) { $0 }
        }
    }

    /// Writes a C-order `.npy` file whose elements are `convert(value)` in little-endian order.
    private static func write<Element, Raw: FixedWidthInteger & BitwiseCopyable>(
        _ values: UnsafeBufferPointer<Element>, shape: [Int], descriptor: String, to url: URL,
        _ convert: (Element) -> Raw
    ) throws {
        try Tensor.validate(shape)
        guard Tensor.elementCount(shape) == values.count else {
            throw NeuralCoreError.shapeMismatch(
                operation: "writing \(url.lastPathComponent)", expected: shape, actual: [values.count])
        }
        let header = NumpyHeader(descriptor: descriptor, fortranOrder: false, shape: shape).encoded()
        let byteCount = values.count * MemoryLayout<Raw>.size
        var file = Data(capacity: header.count + byteCount)
        file.append(contentsOf: header)
        file.count += byteCount
        file.withUnsafeMutableBytes { bytes in
            encodeLittleEndian(values, into: UnsafeMutableRawBufferPointer(rebasing: bytes[header.count...]), convert)
        }
        try writeAtomically(file, to: url)
    }
}
