import Foundation

/// JSOC's HARP-to-NOAA table (`all_harps_with_noaa_ars.txt`) as read from a file: the
/// ``HARPNOAAMap`` of its valid lines and every line that could not be read, with why.
///
/// The format: an optional header `HARPNUM NOAA_ARS`, then one line per HARP with two
/// whitespace-separated fields, the HARP number and its NOAA active regions as a comma list
/// without spaces (`1449 11429,11430`). Blank lines are skipped; CRLF endings are accepted.
/// A line with the wrong number of fields, a non-numeric (or non-positive) HARP or region, a
/// region listed twice on the line, or a HARP already listed earlier becomes an
/// ``FlareCatalog/InvalidRow`` (physical 1-based line number) and the other lines are kept;
/// with `strict` the first such line throws instead.
///
/// ```swift
/// let table = try HARPNOAATable(contentsOf: URL(fileURLWithPath: "all_harps_with_noaa_ars.txt"))
/// table.map.regions(ofHARP: 1449)        // [11429, 11430]
/// table.map.harps(holdingRegion: 11158)  // [377]
/// table.invalidRows                      // [] for JSOC's file
/// ```
public struct HARPNOAATable: Sendable, Equatable {
    /// The mapping of every valid line.
    public var map: HARPNOAAMap
    /// The lines that could not be read, in file order.
    public var invalidRows: [FlareCatalog.InvalidRow]

    /// A table from its parts.
    public init(map: HARPNOAAMap, invalidRows: [FlareCatalog.InvalidRow] = []) {
        self.map = map
        self.invalidRows = invalidRows
    }

    /// Reads a table file.
    /// - Throws: ``DatasetsError/file(path:reason:)`` when it cannot be read, and in strict
    ///   mode ``DatasetsError/malformedRow(path:line:reason:)`` for the first malformed line.
    public init(contentsOf url: URL, strict: Bool = false) throws {
        // An empty table is read as one without lines: `flarekit index` warns, or refuses it with --strict.
        let text = try CatalogText.read(url)
        try self.init(text: text, path: url.path, strict: strict)
    }

    /// Reads table text; `path` names it in errors.
    public init(text: String, path: String = "<text>", strict: Bool = false) throws {
        let lines = CatalogText.lines(of: text)
        var body = lines[...]
        if let first = lines.firstIndex(where: { !$0.isBlank }) {
            let tokens = lines[first].text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if tokens.count == 2, tokens[0].uppercased() == "HARPNUM", tokens[1].uppercased() == "NOAA_ARS" {
                body = lines[(first + 1)...]
            }
        }
        var firstLineOfHARP: [Int: Int] = [:]
        let (rows, invalid) = try CatalogText.readRows(body, path: path, strict: strict) {
            line throws(CatalogText.RowProblem) -> (harp: Int, regions: [Int]) in
            let tokens = line.text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard tokens.count == 2 else {
                throw CatalogText.RowProblem(
                    "expected 2 fields (HARPNUM NOAA_ARS), found \(tokens.count)")
            }
            guard let harp = CatalogText.digits(tokens[0]), harp > 0 else {
                throw CatalogText.RowProblem("HARPNUM \(CatalogText.quoted(tokens[0])) is not a HARP number")
            }
            var regions: [Int] = []
            for piece in tokens[1].split(separator: ",", omittingEmptySubsequences: false) {
                guard let region = CatalogText.digits(piece), region > 0 else {
                    throw CatalogText.RowProblem(
                        "NOAA_ARS \(CatalogText.quoted(tokens[1])) is not a comma list of region numbers")
                }
                guard !regions.contains(region) else {
                    throw CatalogText.RowProblem("NOAA region \(region) is listed twice")
                }
                regions.append(region)
            }
            if let earlier = firstLineOfHARP[harp] {
                throw CatalogText.RowProblem("HARP \(harp) is already listed on line \(earlier)")
            }
            firstLineOfHARP[harp] = line.number
            return (harp, regions)
        }
        var regionsByHARP: [Int: [Int]] = [:]
        for row in rows { regionsByHARP[row.harp] = row.regions }
        self.init(map: HARPNOAAMap(regionsByHARP: regionsByHARP), invalidRows: invalid)
    }
}

extension HARPNOAAMap {
    /// Reads JSOC's HARP-to-NOAA table, keeping the valid lines. In non-strict mode malformed
    /// lines are left out of the map; use ``HARPNOAATable/init(contentsOf:strict:)`` to see
    /// which lines and why. See ``HARPNOAATable`` for the format.
    ///
    /// ```swift
    /// let map = try HARPNOAAMap(contentsOf: URL(fileURLWithPath: "all_harps_with_noaa_ars.txt"), strict: true)
    /// map.regions(ofHARP: 377)   // [11158]
    /// ```
    /// - Throws: ``DatasetsError/file(path:reason:)`` when it cannot be read, and in strict
    ///   mode ``DatasetsError/malformedRow(path:line:reason:)`` for the first malformed line.
    public init(contentsOf url: URL, strict: Bool = false) throws {
        self = try HARPNOAATable(contentsOf: url, strict: strict).map
    }
}
