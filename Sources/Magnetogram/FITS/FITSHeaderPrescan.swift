import Foundation

/// Reads the extension headers of a plain FITS file before cfitsio moves to its HDUs.
///
/// When cfitsio (4.2) moves to a tile-compressed image HDU it divides each image axis by its
/// tile size (`ZTILEn`, default `ZNAXIS1` for the first axis and 1 for the others), so a
/// header with `ZTILEn = 0`, or a zero first axis and no `ZTILE1`, stops the process with a
/// division by zero (SIGFPE; found by fuzzing, Documentation/Reliability.md). This scan walks
/// the raw header blocks and throws ``MagnetogramError/invalidKeyword(path:keyword:value:expected:)``
/// for such a header instead. It is lenient about everything else (cfitsio reports it). A
/// whole-file gzip stream is decompressed by cfitsio itself and is not scanned.
///
/// It also refuses a table column name (`TTYPEn`) written without quotes in a value field of
/// 59 characters or more: cfitsio copies such a value with `strcpy` into a 70-byte field, and a 70-character
/// one overflows it (glibc stops the process, "buffer overflow detected").
enum FITSHeaderPrescan {
    /// The size of a FITS block.
    static let blockSize = 2880

    /// Scans every header of the plain FITS file at `path` that cfitsio could read: each 2880-byte
    /// block that starts with `XTENSION` (the scan does not trust the sizes that lead from one
    /// header to the next, since cfitsio reads some of them more leniently than any rule here).
    static func check(path: String) throws {
        guard let file = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return }
        let marker = Array("XTENSION".utf8)
        var hdu = 0
        try checkHeader(file[file.startIndex...], path: path, hdu: 0)  // the primary header
        for start in stride(from: blockSize, to: file.count, by: blockSize) {
            let first = file.index(file.startIndex, offsetBy: start)
            guard file.count - start >= 80, file[first ..< first + 8].elementsEqual(marker) else { continue }
            hdu += 1
            try checkHeader(file[first...], path: path, hdu: hdu)
        }
    }

    /// Checks one extension header (`bytes` starts at its first card). `hdu` counts the headers
    /// found so far (the HDU number when every block before it was read as cfitsio reads it).
    private static func checkHeader(_ bytes: Data.SubSequence, path: String, hdu: Int) throws {
        var cards: [String: String] = [:]  // the first value of each keyword
        var tileCards: [String: [String]] = [:]  // every ZTILEn and ZNAXIS1 value
        var position = bytes.startIndex
        // At most 1000 blocks of cards: a longer header is not followed.
        let end = bytes.index(position, offsetBy: min(bytes.count / 80 * 80, 1000 * blockSize))
        while position < end {
            let card = bytes[position ..< position + 80]
            position += 80
            // The keyword as cfitsio reads it: up to the first blank ("END   =" and "END  \u{FF}" end a header).
            let keyword = String(decoding: card.prefix(8).prefix { $0 != UInt8(ascii: " ") }, as: Unicode.ASCII.self)
            if keyword == "END" {
                // cfitsio parses a compressed image's parameters once the header is read.
                let table = ["'BINTABLE'", "'A3DTABLE'"].contains(cards["XTENSION"] ?? "")
                if table, cards["ZIMAGE"]?.split(separator: " ").first == "T" {
                    try checkTiles(cards, tileCards, path: path, hdu: hdu)
                }
                return
            }
            // A value follows "=" in column 9 (cfitsio does not insist on the blank in column 10).
            guard card.dropFirst(8).first == UInt8(ascii: "=") else { continue }
            let text = value(of: card.dropFirst(9))
            if cards[keyword] == nil { cards[keyword] = text }
            if isNumericKeyword(keyword), !text.isEmpty, text != "''", number(text) == nil {
                // cfitsio's conversion error path copies a long bad value into an 81-byte message
                // buffer with strncat (glibc stops the process): refuse a value that is not a number.
                throw MagnetogramError.invalidKeyword(
                    path: path, keyword: keyword, value: text, expected: "a number (HDU \(hdu))")
            }
            if keyword.hasPrefix("ZTILE") || keyword == "ZNAXIS1" || keyword.hasPrefix("ZNAME") || keyword.hasPrefix("ZVAL") {
                tileCards[keyword, default: []].append(text)
            }
            if keyword.hasPrefix("TTYPE"), !text.hasPrefix("'") {
                // The raw field up to a comment, as cfitsio copies it while it reads the header
                // (END or no END): refuse it now.
                let raw = String(decoding: card.dropFirst(9), as: Unicode.ASCII.self)
                    .split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                if raw.count >= 59, ["'BINTABLE'", "'A3DTABLE'", "'TABLE'"].contains(cards["XTENSION"] ?? "") {
                    throw MagnetogramError.invalidKeyword(
                        path: path, keyword: keyword, value: text,
                        expected: "a quoted column name (HDU \(hdu)): cfitsio copies an unquoted one into a 70-byte buffer")
                }
            }
        }
    }

    /// The tile sizes and the RICE_1 block size cfitsio divides by must be positive integers. cfitsio looks a keyword up
    /// from where its last look-up stopped, so with a repeated keyword any copy may be the one
    /// it reads: every copy must be valid. Every `ZTILEn` is checked, whatever `ZNAXIS` says
    /// (cfitsio can read a `ZNAXIS` card this scan does not parse, `ZNAXIS     =  2`; a valid
    /// file has positive tile sizes only).
    private static func checkTiles(
        _ cards: [String: String], _ tileCards: [String: [String]], path: String, hdu: Int
    ) throws {
        for (keyword, tiles) in tileCards.sorted(by: { $0.key < $1.key }) where keyword.hasPrefix("ZTILE") {
            for tile in tiles {
                guard let size = integer(tile), size >= 1 else {
                    throw MagnetogramError.invalidKeyword(
                        path: path, keyword: keyword, value: tile,
                        expected: "a positive tile size (HDU \(hdu) is a tile-compressed image)")
                }
            }
        }
        // RICE_1's block size: cfitsio divides by it when it sizes the tile buffer. It takes
        // ZVAL1 as the block size of a RICE_1 image whatever ZNAME1 says (or whether it exists).
        let compression = (cards["ZCMPTYPE"] ?? "").uppercased()
        if compression.isEmpty || compression.contains("RICE") {
            for value in tileCards["ZVAL1"] ?? [] {
                guard let size = integer(value), size >= 1 else {
                    throw MagnetogramError.invalidKeyword(
                        path: path, keyword: "ZVAL1", value: value,
                        expected: "a positive RICE_1 block size (HDU \(hdu) is a tile-compressed image)")
                }
            }
        }
        for (keyword, names) in tileCards where keyword.hasPrefix("ZNAME") {
            let isBlockSize = names.contains {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: "' ")).uppercased() == "BLOCKSIZE"
            }
            guard isBlockSize else { continue }
            let valueKeyword = "ZVAL" + keyword.dropFirst("ZNAME".count)
            for value in tileCards[valueKeyword] ?? [] {
                guard let size = integer(value), size >= 1 else {
                    throw MagnetogramError.invalidKeyword(
                        path: path, keyword: valueKeyword, value: value,
                        expected: "a positive RICE_1 block size (HDU \(hdu) is a tile-compressed image)")
                }
            }
        }
        if tileCards["ZTILE1"] == nil {
            for length in tileCards["ZNAXIS1"] ?? [""] {
                guard let size = integer(length), size >= 1 else {
                    throw MagnetogramError.invalidKeyword(
                        path: path, keyword: "ZNAXIS1", value: length,
                        expected: "a positive axis length (HDU \(hdu) is a tile-compressed image without ZTILE1)")
                }
            }
        }
    }

    /// The keywords cfitsio reads as numbers while it opens an HDU (structure, scaling, null
    /// values, and a compressed image's parameters).
    private static func isNumericKeyword(_ keyword: String) -> Bool {
        if ["BITPIX", "NAXIS", "PCOUNT", "GCOUNT", "TFIELDS", "THEAP", "BSCALE", "BZERO", "BLANK", "ZBITPIX",
            "ZNAXIS", "ZBLANK", "ZSCALE", "ZZERO", "ZDITHER0"].contains(keyword) { return true }
        for prefix in ["NAXIS", "TSCAL", "TZERO", "TNULL", "TBCOL", "ZNAXIS", "ZTILE", "ZVAL"] where keyword.hasPrefix(prefix) {
            let index = keyword.dropFirst(prefix.count)
            if !index.isEmpty, index.allSatisfy(\.isASCIIDigitCharacter) { return true }
        }
        return false
    }

    /// A number as cfitsio reads one: the first blank-separated token (quotes removed), an
    /// integer or a real (`1.5E-3`, `1.5D-3`).
    private static func number(_ text: String) -> Double? {
        var body = Substring(text)
        if body.hasPrefix("'"), body.hasSuffix("'"), body.count >= 2 { body = body.dropFirst().dropLast() }
        let token = String(body.split(separator: " ", maxSplits: 1).first ?? "")
        if let value = Int(token) { return Double(value) }
        return Double(token.replacingOccurrences(of: "D", with: "E").replacingOccurrences(of: "d", with: "e"))
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

extension Character {
    /// Whether this is one of the ASCII digits 0-9.
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
