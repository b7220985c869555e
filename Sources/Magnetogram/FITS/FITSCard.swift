import Foundation

/// One header card (keyword record): its keyword, the value text as written, and the comment.
///
/// Value text is kept as written so that nothing is lost to a strict parser: a string keeps its
/// quotes and `''` escapes (`'Mx/cm^2'`), a number its spelling (`2.714760e+22`, `nan`). Parse it
/// with ``parsedValue`` or with the typed accessors of ``FITSHeader``.
///
/// ```swift
/// let card = try FITSCard(parsing: "USFLUX  = 2.714760e+22 / [Maxwell] Total unsigned flux")
/// card.keyword      // "USFLUX"
/// card.value        // "2.714760e+22"
/// card.comment      // "[Maxwell] Total unsigned flux"
/// FITSCard(keyword: "BUNIT", string: "Mx/cm^2").value   // "'Mx/cm^2'"
/// ```
public struct FITSCard: Sendable, Equatable {
    /// The keyword, upper case, without trailing spaces; empty for a blank-keyword card.
    public var keyword: String
    /// The value text as written (after `= `, trimmed, without the comment); `""` for a keyword
    /// with an undefined value; `nil` for a card without value indicator (COMMENT, HISTORY,
    /// blank keyword, CONTINUE that continues nothing, ...).
    public var value: String?
    /// The comment after `/` (trimmed), or the text of a commentary card (columns 9-80, trailing
    /// spaces removed).
    public var comment: String

    /// A card from its parts. `value` is value text: use the typed initialisers to format one.
    public init(keyword: String, value: String?, comment: String = "") {
        self.keyword = keyword
        self.value = value
        self.comment = comment
    }

    /// A string-valued card; the value is quoted with `''` escapes.
    public init(keyword: String, string: String, comment: String = "") {
        self.init(keyword: keyword, value: FITSValue.quote(string), comment: comment)
    }

    /// An integer-valued card.
    public init(keyword: String, integer: Int, comment: String = "") {
        self.init(keyword: keyword, value: String(integer), comment: comment)
    }

    /// A real-valued card (shortest round-trip digits; NaN is written as `nan`, as JSOC does).
    public init(keyword: String, double: Double, comment: String = "") {
        self.init(keyword: keyword, value: FITSValue.format(double), comment: comment)
    }

    /// A logical card (`T` or `F`).
    public init(keyword: String, bool: Bool, comment: String = "") {
        self.init(keyword: keyword, value: bool ? "T" : "F", comment: comment)
    }

    /// A `COMMENT` card.
    public static func commentary(_ text: String) -> FITSCard {
        FITSCard(keyword: "COMMENT", value: nil, comment: text)
    }

    /// A `HISTORY` card.
    public static func history(_ text: String) -> FITSCard {
        FITSCard(keyword: "HISTORY", value: nil, comment: text)
    }

    /// The typed value, parsed leniently (see ``FITSValue``); `nil` for a card without value or
    /// with value text that is none of the FITS forms.
    public var parsedValue: FITSValue? {
        value.flatMap(FITSValue.init(valueText:))
    }

    /// Whether the card describes the data layout rather than the data: the mandatory keywords
    /// (SIMPLE, XTENSION, BITPIX, NAXISn, EXTEND, PCOUNT, GCOUNT, END), scaling and null value
    /// (BSCALE, BZERO, BLANK), checksums, table structure (TFIELDS, TTYPEn, TFORMn, ...), the
    /// tile-compression keywords (ZIMAGE, ZBITPIX, ZCMPTYPE, ...) and the two COMMENT lines
    /// cfitsio writes into every new header. ``FITSWriter`` writes these itself and skips them
    /// among the caller's cards.
    public var isStructural: Bool {
        if keyword == "COMMENT" { return FITSCard.cfitsioBoilerplate.contains(comment) }
        if FITSCard.structuralKeywords.contains(keyword) { return true }
        for prefix in FITSCard.structuralIndexedPrefixes where keyword.hasPrefix(prefix) {
            let index = keyword.dropFirst(prefix.count)
            if !index.isEmpty, index.allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
        }
        return false
    }

    static let structuralKeywords: Set<String> = [
        "SIMPLE", "XTENSION", "BITPIX", "NAXIS", "EXTEND", "PCOUNT", "GCOUNT", "GROUPS", "END",
        "BSCALE", "BZERO", "BLANK", "CHECKSUM", "DATASUM", "TFIELDS", "THEAP",
        "ZIMAGE", "ZBITPIX", "ZNAXIS", "ZCMPTYPE", "ZMASKCMP", "ZQUANTIZ", "ZDITHER0", "ZSIMPLE",
        "ZTENSION", "ZEXTEND", "ZBLOCKED", "ZPCOUNT", "ZGCOUNT", "ZHECKSUM", "ZDATASUM", "ZBLANK",
        "ZSCALE", "ZZERO",
    ]
    static let structuralIndexedPrefixes = [
        "NAXIS", "ZNAXIS", "ZTILE", "ZNAME", "ZVAL", "TTYPE", "TFORM", "TUNIT", "TSCAL", "TZERO",
        "TNULL", "TDISP", "TDIM", "TBCOL", "PTYPE", "PSCAL", "PZERO",
    ]
    static let cfitsioBoilerplate: Set<String> = [
        "  FITS (Flexible Image Transport System) format is defined in 'Astronomy",
        "  and Astrophysics', volume 376, page 359; bibcode: 2001A&A...376..359H",
    ]

    // MARK: Parsing one card image

    /// Parses one card image of at most 80 characters (shorter lines are padded with spaces, as
    /// in header text dumps whose trailing spaces were removed).
    ///
    /// - Throws: `MagnetogramError.invalidHeader` (card 0, no path) when the line is longer than
    ///   80 characters or holds characters outside printable ASCII; ``FITSHeader`` re-throws it
    ///   with the file and position.
    public init(parsing line: String) throws {
        var image = line
        while image.hasSuffix(" ") || image.hasSuffix("\r") { image.removeLast() }
        guard image.count <= 80 else {
            throw MagnetogramError.invalidHeader(path: "", card: 0, reason: "longer than 80 characters: \(image.prefix(40))...")
        }
        if let bad = image.unicodeScalars.first(where: { $0.value < 0x20 || $0.value > 0x7E }) {
            throw MagnetogramError.invalidHeader(
                path: "", card: 0, reason: "character U+\(String(bad.value, radix: 16, uppercase: true)) is not printable ASCII")
        }
        let characters = Array(image)
        let keywordField = String(characters.prefix(8)).trimmingCharacters(in: .whitespaces)
        let rest = characters.count > 8 ? String(characters[8...]) : ""

        if keywordField == "HIERARCH", let equals = rest.firstIndex(of: "=") {
            // ESO convention: HIERARCH A B C = value / comment.
            keyword = rest[..<equals].trimmingCharacters(in: .whitespaces).uppercased()
            (value, comment) = FITSCard.splitValue(rest[rest.index(after: equals)...])
            return
        }
        keyword = keywordField.uppercased()
        if rest.hasPrefix("= ") || rest == "=" {
            (value, comment) = FITSCard.splitValue(Substring(rest).dropFirst())
        } else if keyword == "CONTINUE" {
            // Long-string continuation: the value is in columns 11-80, without `=`.
            (value, comment) = FITSCard.splitValue(Substring(rest))
            if value.map({ !$0.hasPrefix("'") }) ?? true {
                value = nil
                comment = rest
            }
        } else {
            value = nil
            comment = rest
            while comment.hasSuffix(" ") { comment.removeLast() }
        }
    }

    /// Splits the text after the value indicator into value text and comment.
    static func splitValue(_ text: Substring) -> (String, String) {
        let trimmed = text.drop(while: { $0 == " " })
        if trimmed.first == "'" {
            if let (_, after) = FITSValue.scanQuoted(trimmed) {
                let valueText = String(trimmed[..<after.startIndex])
                let tail = after.drop(while: { $0 == " " })
                let comment = tail.first == "/" ? tail.dropFirst() : tail
                return (valueText, comment.trimmingCharacters(in: .whitespaces))
            }
            // Unterminated string: keep it all as value text (the typed accessors will refuse it).
            return (String(trimmed).trimmingCharacters(in: .whitespaces), "")
        }
        if let slash = trimmed.firstIndex(of: "/") {
            return (trimmed[..<slash].trimmingCharacters(in: .whitespaces),
                    trimmed[trimmed.index(after: slash)...].trimmingCharacters(in: .whitespaces))
        }
        return (trimmed.trimmingCharacters(in: .whitespaces), "")
    }

    // MARK: Writing

    /// The card images (80 characters each, without padding) that write this card, for cards
    /// whose value is not a string; strings go through cfitsio's long-string writer instead.
    var imageForWriting: String {
        let name = keyword.count <= 8 ? keyword.padding(toLength: 8, withPad: " ", startingAt: 0) : "HIERARCH \(keyword)"
        guard let value else {
            return String((name + comment).prefix(80))
        }
        var image = name + "= "
        let padded = value.count < 20 ? String(repeating: " ", count: 20 - value.count) + value : value
        image += padded
        if !comment.isEmpty { image += " / " + comment }
        return String(image.prefix(80))
    }
}
