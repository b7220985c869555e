import Foundation

/// Reads the headers of a plain FITS file before cfitsio moves to its HDUs.
///
/// When cfitsio (4.2) moves to a tile-compressed image HDU it divides each image axis by its
/// tile size (`ZTILEn`, default `ZNAXIS1` for the first axis and 1 for the others), so a
/// header with `ZTILEn = 0`, or a zero first axis and no `ZTILE1`, stops the process with a
/// division by zero (SIGFPE; found by fuzzing, Documentation/Reliability.md). This scan walks
/// the raw header blocks and throws ``MagnetogramError/invalidKeyword(path:keyword:value:expected:)``
/// for such a header instead. It is lenient about everything else: a header it cannot follow
/// ends the scan and cfitsio reports the problem. A whole-file gzip stream is decompressed by
/// cfitsio itself and is not scanned.
///
/// It also refuses a table column name (`TTYPEn`) written without quotes in a value field of
/// 59 characters or more: cfitsio copies such a value with `strcpy` into a 70-byte field, and a 70-character
/// one overflows it (glibc stops the process, "buffer overflow detected").
enum FITSHeaderPrescan {
    /// The size of a FITS block.
    static let blockSize = 2880

    /// Scans the HDU headers of the plain FITS file at `path`.
    static func check(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        guard let fileSize = try? handle.seekToEnd(), fileSize > 0 else { return }
        var offset: UInt64 = 0
        var hdu = 0
        while offset < fileSize {
            guard (try? handle.seek(toOffset: offset)) != nil else { return }
            // The cards up to END (at most 1000 blocks: a longer header is not followed).
            var cards: [String: String] = [:]  // the first value of each keyword
            var tileCards: [String: [String]] = [:]  // every ZTILEn and ZNAXIS1 value
            var blocks: UInt64 = 0
            var ended = false
            while !ended, blocks < 1000 {
                guard let block = try? handle.read(upToCount: blockSize), block.count == blockSize else { return }
                blocks += 1
                for start in stride(from: 0, to: blockSize, by: 80) {
                    let card = block[block.startIndex + start ..< block.startIndex + start + 80]
                    let keyword = String(decoding: card.prefix(8), as: Unicode.ASCII.self)
                        .trimmingCharacters(in: .whitespaces)
                    if keyword == "END" {
                        ended = true
                        break
                    }
                    // A value follows "=" in column 9 (cfitsio does not insist on the blank in column 10).
                    if card.dropFirst(8).first == UInt8(ascii: "=") {
                        let text = value(of: card.dropFirst(9))
                        if cards[keyword] == nil { cards[keyword] = text }
                        if keyword.hasPrefix("ZTILE") || keyword == "ZNAXIS1" { tileCards[keyword, default: []].append(text) }
                        if keyword.hasPrefix("TTYPE"), !text.hasPrefix("'") {
                            // The raw field up to a comment, as cfitsio copies it.
                            let raw = String(decoding: card.dropFirst(9), as: Unicode.ASCII.self)
                                .split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                            // cfitsio copies it while reading the header, END or no END: refuse it now.
                            if raw.count >= 59, ["'BINTABLE'", "'A3DTABLE'", "'TABLE'"].contains(cards["XTENSION"] ?? "") {
                                throw MagnetogramError.invalidKeyword(
                                    path: path, keyword: keyword, value: text,
                                    expected: "a quoted column name (HDU \(hdu)): cfitsio copies an unquoted one into a 70-byte buffer")
                            }
                        }
                    }
                }
            }
            guard ended else { return }
            let table = ["'BINTABLE'", "'A3DTABLE'"].contains(cards["XTENSION"] ?? "")
            if table, cards["ZIMAGE"]?.split(separator: " ").first == "T" {
                try checkTiles(cards, tileCards, path: path, hdu: hdu)
            }
            // Skip the data unit: |BITPIX| / 8 x GCOUNT x (PCOUNT + NAXIS1 x ... x NAXISn), in blocks.
            guard let dataBytes = dataSize(cards) else { return }
            let dataBlocks = (dataBytes + UInt64(blockSize) - 1) / UInt64(blockSize)
            let (headerEnd, overflow1) = offset.addingReportingOverflow(blocks * UInt64(blockSize))
            let (next, overflow2) = headerEnd.addingReportingOverflow(dataBlocks * UInt64(blockSize))
            guard !overflow1, !overflow2 else { return }
            offset = next
            hdu += 1
        }
    }

    /// The tile sizes cfitsio divides by must be positive integers. cfitsio looks a keyword up
    /// from where its last look-up stopped, so with a repeated keyword any copy may be the one
    /// it reads: every copy must be valid.
    private static func checkTiles(
        _ cards: [String: String], _ tileCards: [String: [String]], path: String, hdu: Int
    ) throws {
        guard let text = cards["ZNAXIS"], let dimensions = integer(text), dimensions >= 1 else { return }
        for axis in 1...min(dimensions, 6) {
            if let tiles = tileCards["ZTILE\(axis)"] {
                for tile in tiles {
                    guard let size = integer(tile), size >= 1 else {
                        throw MagnetogramError.invalidKeyword(
                            path: path, keyword: "ZTILE\(axis)", value: tile,
                            expected: "a positive tile size (HDU \(hdu) is a tile-compressed image)")
                    }
                }
            } else if axis == 1 {
                for length in tileCards["ZNAXIS1"] ?? [""] {
                    guard let size = integer(length), size >= 1 else {
                        throw MagnetogramError.invalidKeyword(
                            path: path, keyword: "ZNAXIS1", value: length,
                            expected: "a positive axis length (HDU \(hdu) is a tile-compressed image without ZTILE1)")
                    }
                }
            }
        }
    }

    /// An integer value, also written with a fraction of zero (`300.0`), as cfitsio reads it:
    /// the first blank-separated token (cfitsio ignores what follows it, `8   $`).
    private static func integer(_ text: String) -> Int? {
        let token = String(text.split(separator: " ", maxSplits: 1).first ?? "")
        if let value = Int(token) { return value }
        guard let value = Double(token.replacingOccurrences(of: "D", with: "E")), value == value.rounded(),
              abs(value) < 1e15 else { return nil }
        return Int(value)
    }

    /// The data unit's size in bytes, or nil when the header's sizes cannot be read.
    private static func dataSize(_ cards: [String: String]) -> UInt64? {
        guard let bitpix = cards["BITPIX"].flatMap(integer), let naxis = cards["NAXIS"].flatMap(integer),
              (0...999).contains(naxis)
        else { return nil }
        if naxis == 0 { return 0 }
        var product: UInt64 = 1
        for axis in 1...naxis {
            guard let length = cards["NAXIS\(axis)"].flatMap(integer), length >= 0 else { return nil }
            if axis == 1, cards["GROUPS"]?.split(separator: " ").first == "T", length == 0 { continue }
            let (next, overflow) = product.multipliedReportingOverflow(by: UInt64(length))
            guard !overflow else { return nil }
            product = next
        }
        let parameters = UInt64(max(cards["PCOUNT"].flatMap(integer) ?? 0, 0))
        let groups = UInt64(max(cards["GCOUNT"].flatMap(integer) ?? 1, 0))
        let (sum, o1) = product.addingReportingOverflow(parameters)
        let (values, o2) = sum.multipliedReportingOverflow(by: groups)
        let (bytes, o3) = values.multipliedReportingOverflow(by: UInt64(abs(bitpix) / 8))
        return o1 || o2 || o3 ? nil : bytes
    }

    /// A card's value field: a quoted string as written (quotes kept, trailing blanks inside
    /// removed), or the text before any comment, trimmed.
    private static func value(of field: Data.SubSequence) -> String {
        let text = String(decoding: field, as: Unicode.ASCII.self)
        let trimmed = text.drop { $0 == " " }
        if trimmed.first == "'" {
            var result = "'"
            var index = trimmed.index(after: trimmed.startIndex)
            while index < trimmed.endIndex {
                let character = trimmed[index]
                if character == "'" {
                    let next = trimmed.index(after: index)
                    if next < trimmed.endIndex, trimmed[next] == "'" {
                        result += "''"
                        index = trimmed.index(after: next)
                        continue
                    }
                    break
                }
                result.append(character)
                index = trimmed.index(after: index)
            }
            while result.hasSuffix(" ") { result.removeLast() }
            return result + "'"
        }
        let beforeComment = trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return beforeComment.trimmingCharacters(in: .whitespaces)
    }
}
