import Foundation

/// The flare-list file formats FlareKit reads, told apart by their header line.
///
/// ```swift
/// let catalog = try FlareCatalog(contentsOf: url)   // SWPC event list or plain CSV, whichever it is
/// FlareCatalogFormat.detect(in: "start,peak,end,class,noaa_ar\n")   // .plainCSV
/// ```
public enum FlareCatalogFormat: String, Sendable, CaseIterable, Codable {
    /// NOAA SWPC's GOES event list (``FlareCatalog/init(swpcEventListAt:strict:)``): its header
    /// names `start_time` and `goes_class`.
    case swpcEventList
    /// FlareKit's ``PlainFlareCSV``: its header names `start`, `peak`, `end` and `class`.
    case plainCSV

    /// The format of a file's text, judged by its first non-blank line; `nil` when the header
    /// is neither format's.
    public static func detect(in text: String) -> FlareCatalogFormat? {
        guard let header = CatalogText.lines(of: text).first(where: { !$0.isBlank }) else { return nil }
        let names = Set(CatalogText.fields(of: header.text).map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        if names.contains("start_time"), names.contains("goes_class") { return .swpcEventList }
        if names.isSuperset(of: PlainFlareCSV.requiredColumns) { return .plainCSV }
        return nil
    }
}

extension FlareCatalog {
    /// Reads a flare list in either ``FlareCatalogFormat``, detected from its header.
    /// - Throws: ``DatasetsError/file(path:reason:)`` when the file cannot be read or its
    ///   header is neither format's, and every error of the format's reader.
    public init(contentsOf url: URL, strict: Bool = false) throws {
        let text = try CatalogText.read(url)
        switch FlareCatalogFormat.detect(in: text) {
        case .swpcEventList:
            try self.init(swpcEventListText: text, path: url.path, strict: strict)
        case .plainCSV:
            try self.init(plainCSVText: text, path: url.path, strict: strict)
        case nil where text.allSatisfy(\.isWhitespace):
            throw DatasetsError.file(path: url.path, reason: "the file is empty: not a flare list (no header line)")
        case nil:
            throw DatasetsError.file(
                path: url.path,
                reason: "not a flare list: the header names neither an SWPC event list (start_time, goes_class, ...) "
                    + "nor a plain flare CSV (\(PlainFlareCSV.header))")
        }
    }
}
