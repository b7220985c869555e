/// The header dictionary of a `.npy` file, a Python literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
struct NumpyHeader: Equatable {
    /// The dtype descriptor, such as `<f4`.
    var descriptor: String
    /// Whether the data is stored column-major.
    var fortranOrder: Bool
    /// The extent of each axis.
    var shape: [Int]

    init(descriptor: String, fortranOrder: Bool, shape: [Int]) {
        self.descriptor = descriptor
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    /// Parses the header text (the bytes between the header length and the data).
    /// - Throws: ``NeuralCoreError/file(path:problem:)`` naming `path` when the text is not a
    ///   dictionary with exactly the keys `descr` (a string), `fortran_order` (a boolean) and
    ///   `shape` (a tuple of non-negative integers).
    init(parsing text: [UInt8], path: String) throws {
        func problem(_ text: String) -> NeuralCoreError { .file(path: path, problem: "malformed header: \(text)") }
        var scanner = LiteralScanner(bytes: text)
        guard let dictionary = scanner.dictionary() else {
            throw problem("\(scanner.failure) at byte \(scanner.position)")
        }
        if let extra = dictionary.keys.sorted().first(where: { !["descr", "fortran_order", "shape"].contains($0) }) {
            throw problem("unexpected key '\(extra)'")
        }
        guard case let .string(descriptor)? = dictionary["descr"] else {
            throw problem("'descr' must be a dtype string (structured dtypes are not supported)")
        }
        guard case let .bool(fortranOrder)? = dictionary["fortran_order"] else {
            throw problem("'fortran_order' must be True or False")
        }
        guard case let .tuple(shape)? = dictionary["shape"], shape.allSatisfy({ $0 >= 0 }) else {
            throw problem("'shape' must be a tuple of non-negative integers")
        }
        self.init(descriptor: descriptor, fortranOrder: fortranOrder, shape: shape)
    }

    /// The element type and byte order of a descriptor such as `<f4`, `>i8` or `|b1`.
    /// - Throws: ``NeuralCoreError/file(path:problem:)`` for an unsupported descriptor.
    static func elementType(of descriptor: String, path: String) throws -> (NumpyArray.ElementType, bigEndian: Bool) {
        let characters = Array(descriptor)
        if characters.count >= 3, let size = Int(String(characters[2...])),
            let type = NumpyArray.ElementType(kind: characters[1], size: size)
        {
            switch characters[0] {
            case "<": return (type, false)
            case ">": return (type, true)
            case "=": return (type, 1.bigEndian == 1)
            case "|" where size == 1: return (type, false)
            default: break
            }
        }
        throw NeuralCoreError.file(
            path: path,
            problem: "unsupported dtype '\(descriptor)' (NumpyArray reads b1, i1, i2, i4, i8, u1, u2, u4, f2, f4 and f8)")
    }

    /// The complete file prefix: magic, version, header length and the header padded with
    /// spaces and a newline so that the data starts at a multiple of 64 bytes. Version 1.0
    /// unless the header is too long for its 16-bit length, then 2.0.
    func encoded() -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(\(shape.map(String.init).joined(separator: ", ")))"
        let dictionary = Array(
            "{'descr': '\(descriptor)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
                .utf8)
        func paddedLength(prefix: Int) -> Int { (prefix + dictionary.count + 1 + 63) / 64 * 64 - prefix }

        var result = NumpyArray.magic
        let version1Length = paddedLength(prefix: 10)
        let length: Int
        if version1Length <= Int(UInt16.max) {
            length = version1Length
            result += [1, 0]
            withUnsafeBytes(of: UInt16(length).littleEndian) { result += $0 }
        } else {
            length = paddedLength(prefix: 12)
            result += [2, 0]
            withUnsafeBytes(of: UInt32(length).littleEndian) { result += $0 }
        }
        result += dictionary
        result += repeatElement(UInt8(ascii: " "), count: length - dictionary.count - 1)
        result.append(UInt8(ascii: "\n"))
        return result
    }
}

/// A value in a `.npy` header dictionary.
private enum LiteralValue: Equatable {
    case string(String)
    case bool(Bool)
    case tuple([Int])
}

/// Scans the small subset of Python literal syntax used by `.npy` headers: a dictionary of
/// quoted-string keys to strings, `True`/`False` and tuples of integers, with optional trailing
/// commas, followed only by whitespace.
private struct LiteralScanner {
    let bytes: [UInt8]
    var position = 0
    /// What was wrong where scanning stopped.
    var failure = ""

    init(bytes: [UInt8]) { self.bytes = bytes }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, [0x20, 0x09, 0x0A, 0x0D].contains(byte) { position += 1 }
    }

    /// Consumes `character` (after whitespace) if it is next.
    private mutating func consume(_ character: Character) -> Bool {
        skipWhitespace()
        guard let ascii = character.asciiValue, current == ascii else { return false }
        position += 1
        return true
    }

    /// Records what was wrong (the first failure wins) and returns nil.
    private mutating func fail<T>(_ message: String) -> T? {
        if failure.isEmpty { failure = message }
        return nil
    }

    /// The whole input as a dictionary, or nil (with ``failure`` set) on a syntax error.
    mutating func dictionary() -> [String: LiteralValue]? {
        guard consume("{") else { return fail("expected '{' (the header must be a dictionary)") }
        var result: [String: LiteralValue] = [:]
        while !consume("}") {
            guard let key = string(), consume(":") else { return fail("expected a 'key': value pair") }
            guard let value = value() else { return fail("expected a string, True, False or a tuple of integers") }
            guard result.updateValue(value, forKey: key) == nil else { return fail("duplicate key '\(key)'") }
            if !consume(",") {
                guard consume("}") else { return fail("expected ',' or '}'") }
                break
            }
        }
        skipWhitespace()
        guard position == bytes.count else { return fail("unexpected text after the dictionary") }
        return result
    }

    private mutating func value() -> LiteralValue? {
        skipWhitespace()
        switch current {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return string().map(LiteralValue.string)
        case UInt8(ascii: "("):
            return tuple().map(LiteralValue.tuple)
        case UInt8(ascii: "["):
            return fail("unexpected list (structured dtypes are not supported)")
        default:
            let start = position
            while let byte = current, (UInt8(ascii: "A")...UInt8(ascii: "z")).contains(byte) { position += 1 }
            switch String(decoding: bytes[start..<position], as: UTF8.self) {
            case "True": return .bool(true)
            case "False": return .bool(false)
            default:
                position = start
                return nil
            }
        }
    }

    /// A single- or double-quoted string; a backslash takes the next byte literally.
    private mutating func string() -> String? {
        skipWhitespace()
        guard let quote = current, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else { return nil }
        position += 1
        var text: [UInt8] = []
        while let byte = current, byte != quote {
            if byte == UInt8(ascii: "\\") { position += 1 }
            if let next = current { text.append(next) }
            position += 1
        }
        guard current == quote else { return fail("unterminated string") }
        position += 1
        return String(decoding: text, as: UTF8.self)
    }

    /// A tuple of integers: `()`, `(5,)`, `(3, 4)`; Python 2's `L` suffix is accepted.
    private mutating func tuple() -> [Int]? {
        guard consume("(") else { return nil }
        var result: [Int] = []
        while !consume(")") {
            skipWhitespace()
            let start = position
            if current == UInt8(ascii: "-") { position += 1 }
            while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
            guard let value = Int(String(decoding: bytes[start..<position], as: UTF8.self)) else {
                return fail("expected an integer that fits in 64 bits")
            }
            if current == UInt8(ascii: "L") { position += 1 }
            result.append(value)
            if !consume(",") {
                guard consume(")") else { return fail("expected ',' or ')'") }
                break
            }
        }
        return result
    }
}
