import Foundation

// Low-level helpers shared by the file formats: reading a whole file, and converting packed
// fixed-width numbers to and from Swift arrays without per-element allocation.

/// The contents of the file at `url`, memory-mapped when the system allows it.
/// - Throws: ``NeuralCoreError/file(path:problem:)`` when the file cannot be read.
func readFileBytes(_ url: URL) throws -> Data {
    do {
        return try Data(contentsOf: url, options: .mappedIfSafe)
    } catch {
        throw unreadableFileError(url, error)
    }
}

/// The error for a file that could not be opened or read because of `error`.
func unreadableFileError(_ url: URL, _ error: any Error) -> NeuralCoreError {
    .file(path: url.path, problem: FileReadProblem(url: url, error: error).description)
}

/// Decodes `count` packed values of type `Raw`, stored in the given byte order at the start of
/// `bytes`, converting each with `convert`. The caller guarantees
/// `bytes.count >= count * MemoryLayout<Raw>.size`.
@inline(__always)
func decodePacked<Raw: FixedWidthInteger & BitwiseCopyable, Element>(
    _ bytes: UnsafeRawBufferPointer, count: Int, as _: Raw.Type, bigEndian: Bool = false,
    _ convert: (Raw) -> Element
) -> [Element] {
    let size = MemoryLayout<Raw>.size
    return [Element](unsafeUninitializedCapacity: count) { output, initialized in
        for i in 0..<count {
            let raw = bytes.loadUnaligned(fromByteOffset: i * size, as: Raw.self)
            output.initializeElement(at: i, to: convert(bigEndian ? Raw(bigEndian: raw) : Raw(littleEndian: raw)))
        }
        initialized = count
    }
}

/// Stores `values` as packed little-endian `Raw` numbers at the start of `bytes`, converting
/// each with `convert`. The caller guarantees `bytes.count >= values.count * MemoryLayout<Raw>.size`.
@inline(__always)
func encodeLittleEndian<Element, Raw: FixedWidthInteger & BitwiseCopyable>(
    _ values: UnsafeBufferPointer<Element>, into bytes: UnsafeMutableRawBufferPointer,
    _ convert: (Element) -> Raw
) {
    let size = MemoryLayout<Raw>.size
    for i in 0..<values.count {
        bytes.storeBytes(of: convert(values[i]).littleEndian, toByteOffset: i * size, as: Raw.self)
    }
}

/// The `Float` value of IEEE 754 half-precision bits (exact: every half value is a float).
func floatFromHalfBits(_ bits: UInt16) -> Float {
    let negative = bits & 0x8000 != 0
    let exponent = UInt32(bits >> 10) & 0x1F
    let mantissa = UInt32(bits & 0x3FF)
    let magnitude: Float
    switch exponent {
    case 0:  // zero or subnormal: mantissa * 2^-24
        magnitude = Float(mantissa) * 0x1p-24
    case 0x1F:  // infinity or NaN, keeping the payload
        magnitude = Float(bitPattern: 0x7F80_0000 | mantissa << 13)
    default:  // normal: rebias the exponent from 15 to 127
        magnitude = Float(bitPattern: (exponent + 112) << 23 | mantissa << 13)
    }
    return negative ? -magnitude : magnitude
}

/// The `Float` value of bfloat16 bits (the upper half of a float's bits).
func floatFromBFloat16Bits(_ bits: UInt16) -> Float {
    Float(bitPattern: UInt32(bits) << 16)
}
