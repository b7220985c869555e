import Foundation
import Testing
@testable import Magnetogram

/// The shared development data set (`../shared/data` next to the package), and its references.
enum SharedData {
    /// `<package root>/../shared/data`.
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    /// Whether the data set is there (the tests that need it are skipped otherwise).
    static let isAvailable = FileManager.default.fileExists(atPath: folder.appendingPathComponent("reference").path)

    /// The skip message.
    static let skipMessage: Comment = "../shared/data (the real FITS files and their references) is absent: skipped"

    /// The path of a file of the data set, e.g. `sharp/x.fits`.
    static func path(_ relative: String) -> String {
        folder.appendingPathComponent(relative).path
    }

    /// A reference JSON object (`reference/NAME.json`).
    static func reference(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("reference/\(name).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

/// Relative difference `|actual - expected| / |expected|` (absolute when `expected` is 0).
func relativeDifference(_ actual: Double, _ expected: Double) -> Double {
    if actual == expected { return 0 }
    return expected == 0 ? abs(actual) : abs(actual - expected) / abs(expected)
}

/// Prints a line when `FLAREKIT_PRINT_REFERENCE_DIFFS=1` (worst differences per reference file).
func reportDifference(_ label: String, _ worst: Double) {
    if ProcessInfo.processInfo.environment["FLAREKIT_PRINT_REFERENCE_DIFFS"] == "1" {
        print("reference \(label): worst relative difference \(String(format: "%.3g", worst))")
    }
}

/// A fresh temporary directory, removed by the caller (`defer`).
func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flarekit-fits-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// Builds FITS bytes by hand (header cards, big-endian data, 2880-byte padding), so the tests of
/// the reader do not depend on the writer, and broken files can be made on purpose.
enum FITSBytes {
    /// One 80-column card `KEYWORD = value / comment` (value right-justified to column 30).
    static func card(_ keyword: String, _ value: String, _ comment: String = "") -> String {
        var image = keyword.padding(toLength: 8, withPad: " ", startingAt: 0) + "= "
        image += value.count < 20 ? String(repeating: " ", count: 20 - value.count) + value : value
        if !comment.isEmpty { image += " / " + comment }
        return image.padding(toLength: 80, withPad: " ", startingAt: 0)
    }

    /// A raw card image padded to 80 columns.
    static func raw(_ text: String) -> String {
        text.padding(toLength: 80, withPad: " ", startingAt: 0)
    }

    /// A header: the cards, END, padded with spaces to a multiple of 2880 bytes.
    static func header(_ cards: [String]) -> Data {
        var text = cards.joined() + "END".padding(toLength: 80, withPad: " ", startingAt: 0)
        while text.utf8.count % 2880 != 0 { text += " " }
        return Data(text.utf8)
    }

    /// A data unit padded with zeros to a multiple of 2880 bytes.
    static func data(_ bytes: [UInt8]) -> Data {
        var data = Data(bytes)
        while data.count % 2880 != 0 { data.append(0) }
        return data
    }

    /// Big-endian bytes of values of one BITPIX.
    static func bigEndian(_ values: [Double], bitpix: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in values {
            switch bitpix {
            case 8: bytes.append(UInt8(value))
            case 16: bytes += withUnsafeBytes(of: Int16(value).bigEndian, Array.init)
            case 32: bytes += withUnsafeBytes(of: Int32(value).bigEndian, Array.init)
            case 64: bytes += withUnsafeBytes(of: Int64(value).bigEndian, Array.init)
            case -32: bytes += withUnsafeBytes(of: Float(value).bitPattern.bigEndian, Array.init)
            default: bytes += withUnsafeBytes(of: value.bitPattern.bigEndian, Array.init)
            }
        }
        return bytes
    }

    /// A primary image: SIMPLE, BITPIX, NAXIS, NAXISn, extra cards, then the data.
    static func image(bitpix: Int, axes: [Int], values: [Double], cards: [String] = []) -> Data {
        var header = [card("SIMPLE", "T"), card("BITPIX", "\(bitpix)"), card("NAXIS", "\(axes.count)")]
        header += axes.enumerated().map { card("NAXIS\($0.offset + 1)", "\($0.element)") }
        return FITSBytes.header(header + cards) + data(bigEndian(values, bitpix: bitpix))
    }

    /// An empty primary HDU (NAXIS = 0) with EXTEND.
    static func emptyPrimary(_ cards: [String] = []) -> Data {
        header([card("SIMPLE", "T"), card("BITPIX", "8"), card("NAXIS", "0"), card("EXTEND", "T")] + cards)
    }

    /// A binary-table extension: columns as (name, TFORM, unit, big-endian bytes per row).
    static func binaryTable(rows: Int, columns: [(name: String, form: String, unit: String?, extra: [String])], rowBytes: [[UInt8]], name: String) -> Data {
        let width = rowBytes.first?.count ?? 0
        var cards = [
            card("XTENSION", "'BINTABLE'"), card("BITPIX", "8"), card("NAXIS", "2"), card("NAXIS1", "\(width)"),
            card("NAXIS2", "\(rows)"), card("PCOUNT", "0"), card("GCOUNT", "1"), card("TFIELDS", "\(columns.count)"),
            card("EXTNAME", "'\(name)'"),
        ]
        for (index, column) in columns.enumerated() {
            cards.append(card("TTYPE\(index + 1)", "'\(column.name)'"))
            cards.append(card("TFORM\(index + 1)", "'\(column.form)'"))
            if let unit = column.unit { cards.append(card("TUNIT\(index + 1)", "'\(unit)'")) }
            cards += column.extra
        }
        return header(cards) + data(rowBytes.flatMap { $0 })
    }

    /// A gzip file holding `data` in stored (uncompressed) deflate blocks, with its CRC-32 and
    /// size trailer: a valid `.gz` made without zlib.
    static func gzip(_ data: Data) -> Data {
        var out = Data([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255])
        let bytes = [UInt8](data)
        var offset = 0
        repeat {
            let count = min(65535, bytes.count - offset)
            let final: UInt8 = offset + count >= bytes.count ? 1 : 0
            out.append(final)
            out.append(contentsOf: withUnsafeBytes(of: UInt16(count).littleEndian, Array.init))
            out.append(contentsOf: withUnsafeBytes(of: (~UInt16(count)).littleEndian, Array.init))
            out.append(contentsOf: bytes[offset ..< offset + count])
            offset += count
        } while offset < bytes.count
        out.append(contentsOf: withUnsafeBytes(of: crc32(bytes).littleEndian, Array.init))
        out.append(contentsOf: withUnsafeBytes(of: UInt32(truncatingIfNeeded: bytes.count).littleEndian, Array.init))
        return out
    }

    /// CRC-32 (IEEE, as gzip uses).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

/// A card reduced to what a round trip must keep: keyword, value (strings unquoted, other value
/// text as written) and comment.
func normalized(_ card: FITSCard) -> String {
    let value: String
    if let text = card.value, text.hasPrefix("'") {
        value = "string:" + (FITSValue.unquote(text) ?? text)
    } else {
        value = card.value.map { "text:" + $0 } ?? "none"
    }
    return "\(card.keyword) | \(value) | \(card.comment)"
}
