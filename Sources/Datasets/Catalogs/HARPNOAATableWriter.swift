import Foundation

extension HARPNOAAMap {
    /// The map written as JSOC's `all_harps_with_noaa_ars.txt`: the header `HARPNUM NOAA_ARS`,
    /// then one line per HARP in ascending HARP order, `HARPNUM` and its NOAA regions as a
    /// comma list without spaces, in the map's order (`1449 11429,11430`), LF line endings.
    ///
    /// HARPs with no region are left out: the format has no way to write them, and
    /// ``regions(ofHARP:)`` answers the same (an empty list) for them either way.
    ///
    /// ```swift
    /// let map = HARPNOAAMap(regionsByHARP: [1449: [11429, 11430], 377: [11158]])
    /// map.tableText()   // "HARPNUM NOAA_ARS\n377 11158\n1449 11429,11430\n"
    /// ```
    public func tableText() -> String {
        var text = "HARPNUM NOAA_ARS\n"
        for harp in regionsByHARP.keys.sorted() {
            guard let regions = regionsByHARP[harp], !regions.isEmpty else { continue }
            text += "\(harp) " + regions.map(String.init).joined(separator: ",") + "\n"
        }
        return text
    }

    /// Writes ``tableText()`` to `url` atomically (readers see the old file or the complete new one).
    /// - Throws: ``DatasetsError/file(path:reason:)`` naming `url` when it cannot be written.
    public func writeTable(to url: URL) throws {
        try CatalogText.writeAtomically(tableText(), to: url)
    }
}
