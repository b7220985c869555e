import Foundation

/// How a tile-compressed image is stored (the ZCMPTYPE, ZTILEn, ZQUANTIZ keywords of its
/// binary table), together with that table's header.
///
/// ```swift
/// image.compression?.algorithm   // "RICE_1"
/// image.compression?.tileSize    // [744, 1]
/// ```
public struct FITSCompression: Sendable, Equatable {
    /// ZCMPTYPE: `RICE_1`, `GZIP_1`, `GZIP_2`, `HCOMPRESS_1`, `PLIO_1` or `NOCOMPRESS`.
    public var algorithm: String
    /// ZTILE1, ZTILE2, ...: tile size along each axis, NAXIS1 first (empty when absent).
    public var tileSize: [Int]
    /// ZQUANTIZ for floating-point images quantised to integers (`SUBTRACTIVE_DITHER_1`,
    /// `NO_DITHER`, ...), `nil` when absent (integer images, lossless floats).
    public var quantization: String?
    /// The header of the binary table that holds the compressed tiles, as stored.
    public var tableHeader: FITSHeader

    /// A description from its parts.
    public init(algorithm: String, tileSize: [Int], quantization: String?, tableHeader: FITSHeader) {
        self.algorithm = algorithm
        self.tileSize = tileSize
        self.quantization = quantization
        self.tableHeader = tableHeader
    }

    /// Reads the description from the header of a compressed-image table.
    init(tableHeader: FITSHeader) throws {
        algorithm = try tableHeader.string("ZCMPTYPE") ?? "RICE_1"
        let axes = try tableHeader.integer("ZNAXIS") ?? 0
        tileSize = try (0..<max(axes, 0)).compactMap { try tableHeader.integer("ZTILE\($0 + 1)") }
        quantization = try tableHeader.string("ZQUANTIZ")
        self.tableHeader = tableHeader
    }

    /// The header of the stored image, from the table header: ZSIMPLE / ZTENSION, ZBITPIX,
    /// ZNAXIS, ZNAXISn, ZPCOUNT, ZGCOUNT, ZEXTEND, ZHECKSUM, ZDATASUM become the image keywords;
    /// the table's own structure and the compression keywords are left out; every other card
    /// keeps its place.
    var imageHeader: FITSHeader {
        let renamed: [String: String] = [
            "ZSIMPLE": "SIMPLE", "ZTENSION": "XTENSION", "ZBITPIX": "BITPIX", "ZNAXIS": "NAXIS", "ZPCOUNT": "PCOUNT",
            "ZGCOUNT": "GCOUNT", "ZEXTEND": "EXTEND", "ZBLOCKED": "BLOCKED", "ZHECKSUM": "CHECKSUM", "ZDATASUM": "DATASUM",
        ]
        let dropped: Set<String> = [
            "XTENSION", "BITPIX", "NAXIS", "PCOUNT", "GCOUNT", "TFIELDS", "THEAP", "CHECKSUM", "DATASUM", "ZIMAGE",
            "ZCMPTYPE", "ZMASKCMP", "ZQUANTIZ", "ZDITHER0", "ZBLANK", "ZSCALE", "ZZERO",
        ]
        let droppedIndexed = ["NAXIS", "TTYPE", "TFORM", "TUNIT", "TSCAL", "TZERO", "TNULL", "TDIM", "TDISP", "ZTILE", "ZNAME", "ZVAL"]
        func isIndexed(_ keyword: String, _ prefix: String) -> Bool {
            guard keyword.hasPrefix(prefix) else { return false }
            let index = keyword.dropFirst(prefix.count)
            return !index.isEmpty && index.allSatisfy { $0.isASCII && $0.isNumber }
        }
        var structural: [FITSCard] = []
        var rest: [FITSCard] = []
        for card in tableHeader.cards {
            if let name = renamed[card.keyword] {
                structural.append(FITSCard(keyword: name, value: card.value, comment: card.comment))
            } else if isIndexed(card.keyword, "ZNAXIS") {
                structural.append(FITSCard(keyword: String(card.keyword.dropFirst()), value: card.value, comment: card.comment))
            } else if card.value != nil && (dropped.contains(card.keyword) || droppedIndexed.contains { isIndexed(card.keyword, $0) }) {
                continue
            } else {
                rest.append(card)
            }
        }
        if !structural.contains(where: { $0.keyword == "SIMPLE" || $0.keyword == "XTENSION" }) {
            structural.insert(FITSCard(keyword: "XTENSION", string: "IMAGE", comment: "IMAGE extension"), at: 0)
        }
        // Standard order: SIMPLE/XTENSION, BITPIX, NAXIS, NAXISn, then the rest.
        func rank(_ card: FITSCard) -> Int {
            switch card.keyword {
            case "SIMPLE", "XTENSION": return 0
            case "BITPIX": return 1
            case "NAXIS": return 2
            default: return isIndexed(card.keyword, "NAXIS") ? 3 + (Int(card.keyword.dropFirst(5)) ?? 0) : 1000
            }
        }
        let ordered = structural.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
        return FITSHeader(cards: ordered + rest, path: tableHeader.path)
    }
}
