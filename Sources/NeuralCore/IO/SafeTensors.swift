import Foundation

/// Reading and writing the safetensors format (Hugging Face's `safetensors`).
///
/// A file is an 8-byte little-endian header length `N`, then `N` bytes of UTF-8 JSON
///
/// ```json
/// {"__metadata__": {"epoch": "3"}, "conv1.kernel": {"dtype": "F32", "shape": [8, 1, 3, 3], "data_offsets": [0, 288]}}
/// ```
///
/// and then the raw little-endian tensor bytes; `data_offsets` are relative to the start of
/// that data section. FlareKit writes `F32` in the given tensor order, pads the header with
/// spaces so that the data section starts at an 8-byte-aligned offset, and replaces files
/// atomically. It reads `F32`, and converts `F64`, `F16` and `BF16` to `Float`.
///
/// Every malformed file is reported as ``NeuralCoreError/file(path:problem:)`` naming the file;
/// lengths and offsets are checked against the file size before anything is allocated.
public enum SafeTensors {
    /// The key under which a header stores the string-to-string metadata.
    static let metadataKey = "__metadata__"

    // MARK: Writing

    /// Writes `tensors` as `F32`, in the given order, with optional `metadata`, replacing any
    /// existing file atomically.
    /// - Throws: ``NeuralCoreError/invalidArgument(name:value:reason:)`` for a duplicate tensor
    ///   name or the reserved name `__metadata__`; ``NeuralCoreError/file(path:problem:)`` when
    ///   the file cannot be written.
    public static func write(
        _ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:], to url: URL
    ) throws {
        try writeAtomically(encode(tensors, metadata: metadata), to: url)
    }

    /// The bytes of a safetensors file holding `tensors` and `metadata`.
    static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) throws -> Data {
        var seen = Set<String>()
        for (name, _) in tensors {
            guard name != metadataKey else {
                throw NeuralCoreError.invalidArgument(
                    name: "tensor name", value: name, reason: "is reserved for the file's metadata")
            }
            guard seen.insert(name).inserted else {
                throw NeuralCoreError.invalidArgument(
                    name: "tensor name", value: name, reason: "appears more than once")
            }
        }

        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\(jsonString($0.value))" }
            fields.append("\(jsonString(metadataKey)):{\(pairs.joined(separator: ","))}")
        }
        var dataSize = 0
        for (name, tensor) in tensors {
            let begin = dataSize
            dataSize += tensor.count * MemoryLayout<Float>.size
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append(
                "\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(begin),\(dataSize)]}")
        }
        var header = Array("{\(fields.joined(separator: ","))}".utf8)
        header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)

        var file = Data(capacity: 8 + header.count + dataSize)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(contentsOf: header)
        var offset = file.count
        file.count += dataSize
        file.withUnsafeMutableBytes { bytes in
            for (_, tensor) in tensors {
                let end = offset + tensor.count * MemoryLayout<Float>.size
                tensor.withUnsafeBufferPointer { values in
                    encodeLittleEndian(values, into: UnsafeMutableRawBufferPointer(rebasing: bytes[offset..<end])) {
                        $0.bitPattern
                    }
                }
                offset = end
            }
        }
        return file
    }

    /// `text` as a JSON string literal.
    private static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    // MARK: Reading

    /// Reads every tensor and the metadata of a safetensors file.
    /// - Throws: ``NeuralCoreError/file(path:problem:)`` when the file cannot be read or is
    ///   malformed.
    public static func read(from url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let file = try readOrdered(from: url)
        return (Dictionary(uniqueKeysWithValues: file.tensors.map { ($0.name, $0.tensor) }), file.metadata)
    }

    /// Reads every tensor, in the order their data is stored in the file, and the metadata.
    /// - Throws: ``NeuralCoreError/file(path:problem:)`` when the file cannot be read or is
    ///   malformed.
    public static func readOrdered(
        from url: URL
    ) throws -> (tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) {
        let path = url.path
        let contents = try readFileBytes(url)
        let headerLength = try contents.withUnsafeBytes {
            try validatedHeaderLength(prefix: $0, fileSize: contents.count, path: path)
        }
        let dataStart = 8 + headerLength
        let header = try Header(
            json: contents.subdata(in: 8..<dataStart), dataSize: contents.count - dataStart, path: path)
        return contents.withUnsafeBytes { file in
            let data = UnsafeRawBufferPointer(rebasing: file[dataStart...])
            return (header.entries.map { ($0.name, $0.decode(from: data)) }, header.metadata)
        }
    }

    /// Reads only the header of a safetensors file and returns its metadata. The header is
    /// validated as in ``read(from:)``, but no tensor data is read.
    /// - Throws: ``NeuralCoreError/file(path:problem:)`` when the file cannot be read or its
    ///   header is malformed.
    public static func readMetadata(from url: URL) throws -> [String: String] {
        let path = url.path
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw unreadableFileError(url, error)
        }
        defer { try? handle.close() }
        do {
            guard let fileSize = Int(exactly: try handle.seekToEnd()) else {
                throw NeuralCoreError.file(path: path, problem: "the file is too large")
            }
            try handle.seek(toOffset: 0)
            let prefix = try handle.read(upToCount: 8) ?? Data()
            let headerLength = try prefix.withUnsafeBytes {
                try validatedHeaderLength(prefix: $0, fileSize: fileSize, path: path)
            }
            let json = try handle.read(upToCount: headerLength) ?? Data()
            guard json.count == headerLength else {
                throw NeuralCoreError.file(path: path, problem: "the file changed while it was read")
            }
            return try Header(json: json, dataSize: fileSize - 8 - headerLength, path: path).metadata
        } catch let error as NeuralCoreError {
            throw error
        } catch {
            throw unreadableFileError(url, error)
        }
    }

    /// The header length stored in the first 8 bytes, checked against the file size.
    private static func validatedHeaderLength(
        prefix: UnsafeRawBufferPointer, fileSize: Int, path: String
    ) throws -> Int {
        guard fileSize >= 8, prefix.count >= 8 else {
            throw NeuralCoreError.file(
                path: path, problem: "the file is \(fileSize) bytes, shorter than the 8-byte header length")
        }
        let declared = UInt64(littleEndian: prefix.loadUnaligned(as: UInt64.self))
        guard declared <= UInt64(fileSize - 8) else {
            throw NeuralCoreError.file(
                path: path,
                problem: "the header length \(declared) exceeds the \(fileSize - 8) bytes after the length field")
        }
        return Int(declared)
    }
}

// MARK: - Header

extension SafeTensors {
    /// The element types FlareKit reads, with their sizes in bytes.
    enum DType: String {
        case f32 = "F32", f64 = "F64", f16 = "F16", bf16 = "BF16"

        var size: Int {
            switch self {
            case .f32: 4
            case .f64: 8
            case .f16, .bf16: 2
            }
        }
    }

    /// One validated tensor entry of a header.
    struct Entry {
        var name: String
        var dtype: DType
        var shape: [Int]
        var count: Int
        /// The byte range within the data section.
        var begin: Int, end: Int

        /// The tensor, converted to `Float`, from the validated range of `data`.
        func decode(from data: UnsafeRawBufferPointer) -> Tensor {
            let bytes = UnsafeRawBufferPointer(rebasing: data[begin..<end])
            let scalars: [Float] = switch dtype {
            case .f32: decodePacked(bytes, count: count, as: UInt32.self) { Float(bitPattern: $0) }
            case .f64: decodePacked(bytes, count: count, as: UInt64.self) { Float(Double(bitPattern: $0)) }
            case .f16: decodePacked(bytes, count: count, as: UInt16.self, floatFromHalfBits)
            case .bf16: decodePacked(bytes, count: count, as: UInt16.self, floatFromBFloat16Bits)
            }
            return Tensor(validShape: shape, scalars: scalars)
        }
    }

    /// A parsed and fully validated header: metadata, and entries sorted by data offset.
    struct Header {
        var metadata: [String: String]
        var entries: [Entry]

        /// Parses `json` and validates every entry against a data section of `dataSize` bytes.
        init(json: Data, dataSize: Int, path: String) throws {
            func problem(_ text: String) -> NeuralCoreError { .file(path: path, problem: text) }
            let raw: RawHeader
            do {
                raw = try JSONDecoder().decode(RawHeader.self, from: json)
            } catch let error as DecodingError {
                throw problem("malformed header: \(SafeTensors.describe(error))")
            } catch {
                throw problem("malformed header: \(error)")
            }
            metadata = raw.metadata
            entries = try raw.entries.keys.sorted().compactMap { name in
                guard let entry = raw.entries[name] else { return nil }
                return try Entry(validating: entry, name: name, dataSize: dataSize, path: path)
            }
            entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
            for (previous, next) in zip(entries, entries.dropFirst()) where next.begin < previous.end {
                throw problem(
                    "tensors \"\(previous.name)\" (bytes \(previous.begin)..<\(previous.end)) and "
                        + "\"\(next.name)\" (bytes \(next.begin)..<\(next.end)) overlap")
            }
        }
    }

    /// A header entry as decoded from JSON, before validation.
    fileprivate struct RawEntry: Decodable {
        var dtype: String
        var shape: [Int]
        var dataOffsets: [Int]

        enum CodingKeys: String, CodingKey {
            case dtype, shape
            case dataOffsets = "data_offsets"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            dtype = try container.decode(String.self, forKey: .dtype)
            shape = try container.decode([JSONInteger].self, forKey: .shape).map(\.value)
            dataOffsets = try container.decode([JSONInteger].self, forKey: .dataOffsets).map(\.value)
        }
    }

    /// A JSON integer that fits in `Int`. A fraction or an out-of-range number is reported as a
    /// type mismatch at its key path (plain `Int` decoding reports it as invalid JSON, with no path).
    private struct JSONInteger: Decodable {
        var value: Int

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Int.self) {
                self.value = value
            } else if let number = try? container.decode(Double.self) {
                throw DecodingError.typeMismatch(
                    Int.self, .init(codingPath: container.codingPath, debugDescription: "\(number)"))
            } else {
                value = try container.decode(Int.self)
            }
        }
    }

    /// A header as decoded from JSON: the metadata object and every other key as an entry.
    private struct RawHeader: Decodable {
        var metadata: [String: String] = [:]
        var entries: [String: RawEntry] = [:]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            for key in container.allKeys {
                if key.stringValue == SafeTensors.metadataKey {
                    metadata = try container.decode([String: String].self, forKey: key)
                } else {
                    entries[key.stringValue] = try container.decode(RawEntry.self, forKey: key)
                }
            }
        }
    }

    /// A readable account of a JSON decoding failure, naming the offending key path.
    private static func describe(_ error: DecodingError) -> String {
        func location(_ path: [any CodingKey]) -> String {
            guard let first = path.first else { return "the header" }
            var text = first.stringValue == metadataKey ? "__metadata__" : "tensor \"\(first.stringValue)\""
            for key in path.dropFirst() {
                text += key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)"
            }
            return text
        }
        func kind(_ type: Any.Type) -> String {
            let name = String(describing: type)
            if name.hasPrefix("Dictionary") { return "an object" }
            if name.hasPrefix("Array") { return "an array" }
            if name == "String" { return "a string" }
            if name == "Int" { return "an integer in the 64-bit range" }
            return name
        }
        switch error {
        case let .keyNotFound(key, context):
            return "\(location(context.codingPath)) has no \"\(key.stringValue)\""
        case let .typeMismatch(type, context), let .valueNotFound(type, context):
            return "\(location(context.codingPath)) is not \(kind(type))"
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty { return "not valid JSON" }
            return "\(location(context.codingPath)) is invalid (\(context.debugDescription))"
        @unknown default:
            return "\(error)"
        }
    }
}

extension SafeTensors.Entry {
    /// Validates a raw entry's dtype, shape and offsets against a data section of `dataSize` bytes.
    fileprivate init(validating raw: SafeTensors.RawEntry, name: String, dataSize: Int, path: String) throws {
        func problem(_ text: String) -> NeuralCoreError {
            .file(path: path, problem: "tensor \"\(name)\": \(text)")
        }
        guard let dtype = SafeTensors.DType(rawValue: raw.dtype) else {
            throw problem("unsupported dtype \"\(raw.dtype)\" (FlareKit reads F32, F64, F16 and BF16)")
        }
        guard raw.shape.allSatisfy({ $0 >= 0 }) else {
            throw problem("shape \(raw.shape) has a negative extent")
        }
        var count = 1
        for extent in raw.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else { throw problem("shape \(raw.shape) has too many elements") }
            count = product
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.size)
        guard !overflow else { throw problem("shape \(raw.shape) has too many elements") }
        guard raw.dataOffsets.count == 2 else {
            throw problem("data_offsets \(raw.dataOffsets) must be [begin, end]")
        }
        let begin = raw.dataOffsets[0], end = raw.dataOffsets[1]
        guard begin >= 0, begin <= end else {
            throw problem("data_offsets \(raw.dataOffsets) do not form a range (end before begin or negative)")
        }
        guard end <= dataSize else {
            throw problem("data_offsets \(raw.dataOffsets) extend past the \(dataSize)-byte data section")
        }
        guard end - begin == byteCount else {
            throw problem(
                "data_offsets \(raw.dataOffsets) span \(end - begin) bytes, but shape \(raw.shape) of "
                    + "\(raw.dtype) needs \(byteCount)")
        }
        self.init(name: name, dtype: dtype, shape: raw.shape, count: count, begin: begin, end: end)
    }
}
