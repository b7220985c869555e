import Foundation

/// The cards of one FITS header, in order, with typed accessors that parse the values
/// themselves (leniently: see ``FITSValue``), so that HMI's non-standard values (`2.714760e+22`,
/// a bare `nan`) never make a header unreadable.
///
/// Long strings written with the `CONTINUE` convention (a string ending in `&` continued on the
/// next cards) are joined into one card, so `cards.count` counts logical cards.
///
/// ```swift
/// let header = try FITSHeader(textDump: String(contentsOfFile: path, encoding: .utf8), path: path)
/// try header.integer("HARPNUM")     // 11465
/// try header.double("USFLUX")       // 1.99282158e21
/// try header.string("T_REC")        // "2024.06.28_00:00:00.000_TAI"
/// try header.double("NO_SUCH")      // nil
/// ```
///
/// A keyword that appears more than once is looked up at its first occurrence.
public struct FITSHeader: Sendable, Equatable {
    /// Every card in order (COMMENT, HISTORY and blank cards included, END excluded).
    public private(set) var cards: [FITSCard]
    /// The file the header came from (used in error messages).
    public var path: String

    /// A header from cards (continuations are not joined here: pass logical cards).
    public init(cards: [FITSCard], path: String = "") {
        self.cards = cards
        self.path = path
        indexKeywords()
    }

    /// Parses a header text dump: one card per line (up to 80 columns; trailing spaces may be
    /// missing), as in `headers/*.header`. Parsing stops at an `END` card; empty lines at the end
    /// are ignored, empty lines elsewhere are blank cards.
    ///
    /// - Throws: `MagnetogramError.invalidHeader` naming `path` and the line.
    public init(textDump: String, path: String) throws {
        var lines = textDump.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = lines.last, last.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { lines.removeLast() }
        try self.init(cardImages: lines, path: path)
    }

    /// Reads a header text dump from a file (see ``init(textDump:path:)``).
    public init(contentsOfTextDump path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw MagnetogramError.file(path: path, problem: "cannot read the header dump: \(error.localizedDescription)")
        }
        try self.init(textDump: String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses card images (one per element, as read from a file with cfitsio's `ffgrec`).
    init(cardImages: [String], path: String) throws {
        var cards: [FITSCard] = []
        var continuable = false
        for (offset, image) in cardImages.enumerated() {
            var card: FITSCard
            do {
                card = try FITSCard(parsing: image)
            } catch MagnetogramError.invalidHeader(_, _, let reason) {
                throw MagnetogramError.invalidHeader(path: path, card: offset + 1, reason: reason)
            }
            if card.keyword == "END", card.value == nil { break }
            if card.keyword == "CONTINUE", continuable, let piece = card.value.flatMap(FITSValue.unquote),
               let previous = cards.last, let head = previous.value.flatMap(FITSValue.unquote), head.hasSuffix("&") {
                // Join: drop the `&` of the previous piece, keep the comment of the last piece.
                let joined = String(head.dropLast()) + piece
                cards[cards.count - 1] = FITSCard(
                    keyword: previous.keyword, value: "'" + joined.replacingOccurrences(of: "'", with: "''") + "'",
                    comment: card.comment.isEmpty ? previous.comment : card.comment)
                continue
            }
            if card.keyword == "CONTINUE", let text = card.value {
                // A continuation of nothing: keep it as commentary.
                card = FITSCard(keyword: "CONTINUE", value: nil, comment: "  " + text + (card.comment.isEmpty ? "" : " / " + card.comment))
            }
            continuable = card.value?.hasPrefix("'") ?? false
            cards.append(card)
        }
        self.init(cards: cards, path: path)
    }

    // MARK: Lookup

    private var firstIndex: [String: Int] = [:]

    private mutating func indexKeywords() {
        firstIndex = [:]
        for (index, card) in cards.enumerated() where card.value != nil && firstIndex[card.keyword] == nil {
            firstIndex[card.keyword] = index
        }
    }

    /// The first card with a value for `keyword` (upper-cased), or `nil`.
    public func card(_ keyword: String) -> FITSCard? {
        firstIndex[keyword.uppercased()].map { cards[$0] }
    }

    /// Whether a valued card with this keyword exists.
    public func contains(_ keyword: String) -> Bool {
        card(keyword) != nil
    }

    /// The cards that are not ``FITSCard/isStructural``: what a writer copies into a new file.
    public var userCards: [FITSCard] {
        cards.filter { !$0.isStructural }
    }

    /// Appends a card.
    public mutating func append(_ card: FITSCard) {
        cards.append(card)
        if card.value != nil, firstIndex[card.keyword] == nil { firstIndex[card.keyword] = cards.count - 1 }
    }

    /// Replaces the first valued card with the same keyword, or appends it.
    public mutating func set(_ card: FITSCard) {
        if let index = firstIndex[card.keyword] {
            cards[index] = card
        } else {
            append(card)
        }
    }

    // MARK: Typed accessors

    /// The parsed value of `keyword`: `nil` when the keyword is missing or has an undefined value.
    ///
    /// - Throws: `MagnetogramError.invalidKeyword` when the value text is none of the FITS forms.
    public func value(_ keyword: String) throws -> FITSValue? {
        guard let card = card(keyword), let text = card.value else { return nil }
        guard let value = FITSValue(valueText: text) else {
            throw MagnetogramError.invalidKeyword(path: path, keyword: card.keyword, value: text, expected: "a FITS value")
        }
        return value == .undefined ? nil : value
    }

    /// A string value (quotes removed, `''` unescaped, trailing spaces removed).
    ///
    /// - Returns: `nil` when the keyword is missing or its value undefined.
    /// - Throws: `MagnetogramError.invalidKeyword` when the value is not a quoted string.
    public func string(_ keyword: String) throws -> String? {
        guard let (card, text) = valueText(keyword) else { return nil }
        guard let string = FITSValue.unquote(text) else {
            throw MagnetogramError.invalidKeyword(path: path, keyword: card.keyword, value: text, expected: "a quoted string")
        }
        return string
    }

    /// An integer value. A real with an integral value (`720.`, `3.0E2`) is accepted.
    ///
    /// - Returns: `nil` when the keyword is missing or its value undefined.
    /// - Throws: `MagnetogramError.invalidKeyword` for anything else (a string, `nan`, `1.5`).
    public func integer(_ keyword: String) throws -> Int? {
        guard let (card, text) = valueText(keyword) else { return nil }
        if let integer = FITSValue.integer(text) { return integer }
        if let real = FITSValue.real(text), real.isFinite, real.rounded() == real,
           real >= -9.2e18, real <= 9.2e18 {
            return Int(real)
        }
        throw MagnetogramError.invalidKeyword(path: path, keyword: card.keyword, value: text, expected: "an integer")
    }

    /// A real value: any FITS number, also with a lowercase `e` or a `D` exponent; `nan` is NaN.
    ///
    /// - Returns: `nil` when the keyword is missing or its value undefined.
    /// - Throws: `MagnetogramError.invalidKeyword` when the value is not a number.
    public func double(_ keyword: String) throws -> Double? {
        guard let (card, text) = valueText(keyword) else { return nil }
        guard let real = FITSValue.real(text) else {
            throw MagnetogramError.invalidKeyword(path: path, keyword: card.keyword, value: text, expected: "a number")
        }
        return real
    }

    /// A logical value (`T` or `F`).
    ///
    /// - Returns: `nil` when the keyword is missing or its value undefined.
    /// - Throws: `MagnetogramError.invalidKeyword` when the value is not `T` or `F`.
    public func bool(_ keyword: String) throws -> Bool? {
        guard let (card, text) = valueText(keyword) else { return nil }
        switch text {
        case "T", "t": return true
        case "F", "f": return false
        default:
            throw MagnetogramError.invalidKeyword(path: path, keyword: card.keyword, value: text, expected: "a logical (T or F)")
        }
    }

    /// The card and its non-empty value text, or `nil` when missing or undefined.
    private func valueText(_ keyword: String) -> (FITSCard, String)? {
        guard let card = card(keyword), let text = card.value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return nil
        }
        return (card, text)
    }
}
