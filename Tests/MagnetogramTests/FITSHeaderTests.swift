import Foundation
import Testing
@testable import Magnetogram

@Suite("FITS header cards and typed accessors")
struct FITSHeaderTests {
    func header(_ lines: [String]) throws -> FITSHeader {
        try FITSHeader(textDump: lines.joined(separator: "\n"), path: "test.header")
    }

    @Test func parsesKeywordValueAndComment() throws {
        let card = try FITSCard(parsing: "USFLUX  = 2.714760e+22 / [Maxwell] Total unsigned flux")
        #expect(card.keyword == "USFLUX")
        #expect(card.value == "2.714760e+22")
        #expect(card.comment == "[Maxwell] Total unsigned flux")
        let string = try FITSCard(parsing: "TUNIT2  = 'W /m**2 '           /Units of column 2")
        #expect(string.value == "'W /m**2 '")
        #expect(string.comment == "Units of column 2")
        #expect(string.parsedValue == .string("W /m**2"))
        let comment = try FITSCard(parsing: "COMMENT   FITS (Flexible Image Transport System) format")
        #expect(comment.keyword == "COMMENT" && comment.value == nil)
        #expect(comment.comment == "  FITS (Flexible Image Transport System) format")
        let undefined = try FITSCard(parsing: "GWILL   =                      / [Mm] (MISSING) GWILL")
        #expect(undefined.value == "" && undefined.parsedValue == .undefined)
        let hierarch = try FITSCard(parsing: "HIERARCH ESO DET CHIP = 'CCD-1' / chip name")
        #expect(hierarch.keyword == "ESO DET CHIP" && hierarch.parsedValue == .string("CCD-1"))
    }

    @Test func typedAccessorsAreLenient() throws {
        let h = try header([
            "USFLUX  = 2.714760e+22", "R_VALUE = nan", "GWILL   =                      / missing",
            "TOTPOT  = 4.6494022600000002E+21 / x", "DBL     = 1.5D-3", "TRECSTEP= 720.", "NAXIS1  =                  744",
            "QUOTE   = 'O''Brien  '", "EMPTY   = ''", "FLAG    =                    T", "OFF     = F",
            "BIG     = 99999999999999999999", "NEG     = -42", "POS     = +7", "BUNIT   = 'Mx/cm^2'",
        ])
        #expect(try h.double("USFLUX") == 2.71476e22)
        #expect(try h.double("R_VALUE")?.isNaN == true)
        #expect(try h.double("GWILL") == nil)
        #expect(h.contains("GWILL"))
        #expect(try h.double("TOTPOT") == 4.6494022600000002e21)
        #expect(try h.double("DBL") == 1.5e-3)
        #expect(try h.double("TRECSTEP") == 720)
        #expect(try h.integer("TRECSTEP") == 720)
        #expect(try h.integer("NAXIS1") == 744)
        #expect(try h.double("NAXIS1") == 744)
        #expect(try h.string("QUOTE") == "O'Brien")
        #expect(try h.string("EMPTY") == "")
        #expect(try h.bool("FLAG") == true)
        #expect(try h.bool("OFF") == false)
        #expect(try h.value("BIG") == .real(1e20))
        #expect(try h.integer("NEG") == -42)
        #expect(try h.integer("POS") == 7)
        #expect(try h.string("BUNIT") == "Mx/cm^2")
        #expect(try h.string("MISSING") == nil)
        #expect(try h.integer("missing") == nil)
        #expect(try h.string("bunit") == "Mx/cm^2")
    }

    @Test func unparseableValuesThrowNamingTheKeyword() throws {
        let h = try header(["HARPNUM = 'abc'", "USFLUX  = 1.2.3", "FLAG    = 1", "TEXT    = 12", "HALF    = 1.5", "NANINT  = nan"])
        #expect(throws: MagnetogramError.invalidKeyword(path: "test.header", keyword: "HARPNUM", value: "'abc'", expected: "an integer")) {
            try h.integer("HARPNUM")
        }
        #expect(throws: MagnetogramError.invalidKeyword(path: "test.header", keyword: "USFLUX", value: "1.2.3", expected: "a number")) {
            try h.double("USFLUX")
        }
        #expect(throws: MagnetogramError.self) { try h.bool("FLAG") }
        #expect(throws: MagnetogramError.self) { try h.string("TEXT") }
        #expect(throws: MagnetogramError.self) { try h.integer("HALF") }
        #expect(throws: MagnetogramError.self) { try h.integer("NANINT") }
        #expect(throws: MagnetogramError.self) { try h.value("USFLUX") }
    }

    @Test func joinsLongStringContinuations() throws {
        let h = try header([
            "INVCODEV= 'vfisvcombine FD10 2013 Apr. 30; uses time-dependent HMI filter phas&'",
            "CONTINUE  'e maps  '           / Version of VFISV code",
            "NEXT    = 1",
            "CONTINUE  'orphan'",
        ])
        #expect(h.cards.count == 3)
        #expect(try h.string("INVCODEV") == "vfisvcombine FD10 2013 Apr. 30; uses time-dependent HMI filter phase maps")
        #expect(h.card("INVCODEV")?.comment == "Version of VFISV code")
        #expect(h.cards[2].keyword == "CONTINUE" && h.cards[2].value == nil)
    }

    @Test func stopsAtEndAndRejectsBadLines() throws {
        let h = try header(["A       = 1", "END", "B       = 2"])
        #expect(h.cards.count == 1)
        #expect(throws: MagnetogramError.invalidHeader(path: "x", card: 2, reason: "longer than 80 characters: \(String(repeating: "C", count: 40))...")) {
            try FITSHeader(textDump: "A       = 1\n" + String(repeating: "C", count: 81), path: "x")
        }
        #expect(throws: MagnetogramError.self) { try FITSHeader(textDump: "A       = 'tab\there'", path: "x") }
    }

    @Test func formatsCardsForWriting() {
        #expect(FITSCard(keyword: "BUNIT", string: "it's").value == "'it''s   '")
        #expect(FITSCard(keyword: "X", double: 1e22).value == "1.0E+22")
        #expect(FITSCard(keyword: "X", double: 0.1).value == "0.1")
        #expect(FITSCard(keyword: "X", double: 720).value == "720.0")
        #expect(FITSCard(keyword: "X", double: .nan).value == "nan")
        #expect(FITSCard(keyword: "X", integer: -3).value == "-3")
        #expect(FITSCard(keyword: "X", bool: true).value == "T")
        #expect(FITSCard(keyword: "NAXIS2", integer: 3).isStructural)
        #expect(FITSCard(keyword: "ZTILE1", integer: 3).isStructural)
        #expect(!FITSCard(keyword: "NAXISX", integer: 3).isStructural)
        #expect(!FITSCard(keyword: "USFLUX", double: 1).isStructural)
    }

    // MARK: The real header dumps

    @Test(.enabled(if: SharedData.isAvailable, SharedData.skipMessage),
          arguments: ["hmi_cea_sharp_magnetogram.header", "hmi_sharp_magnetogram.header"])
    func headerDumpMatchesItsReference(_ name: String) throws {
        let header = try FITSHeader(contentsOfTextDump: SharedData.path("headers/\(name)"))
        let reference = try SharedData.reference(name)
        #expect(header.cards.count == reference["n_cards"] as? Int)
        let keywords = try #require(reference["header_keywords"] as? [String: Any])
        let worst = try checkKeywords(header, keywords)
        reportDifference(name, worst)
    }
}

/// Checks every keyword of a reference's `header_keywords` (null = absent) and returns the worst
/// relative difference of the numbers.
func checkKeywords(_ header: FITSHeader, _ keywords: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) throws -> Double {
    var worst = 0.0
    for (keyword, expected) in keywords.sorted(by: { $0.key < $1.key }) {
        switch expected {
        case is NSNull:
            #expect(try header.value(keyword) == nil, "\(keyword) should be absent", sourceLocation: sourceLocation)
        case let text as String:
            #expect(try header.string(keyword) == text, "\(keyword)", sourceLocation: sourceLocation)
        case let number as NSNumber:
            let actual = try #require(try header.double(keyword), "\(keyword) missing", sourceLocation: sourceLocation)
            let difference = relativeDifference(actual, number.doubleValue)
            worst = max(worst, difference)
            #expect(difference <= 1e-12, "\(keyword): \(actual) vs \(number)", sourceLocation: sourceLocation)
        default:
            Issue.record("unexpected reference value for \(keyword): \(expected)", sourceLocation: sourceLocation)
        }
    }
    return worst
}
