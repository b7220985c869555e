import Foundation

/// What `flarekit inspect FILE [--json]` prints: the image HDU used, its layout, pixel
/// statistics (after BSCALE / BZERO, over finite pixels) and the SHARP keywords of its header.
///
/// The JSON object has exactly the keys `hdu` (0-based), `shape` (`[NAXIS2, NAXIS1]`), `bitpix`
/// (of the stored data: ZBITPIX for a compressed image), `compressed`, `nan_count`,
/// `infinite_count`, `finite_count`, `min`, `max`, `mean`, `sum_abs` (null when no pixel is finite) and `keywords`:
/// each of ``SHARPMetadata/headerKeywords`` that the header has, numbers as numbers, strings as
/// in the header (`NOAA_ARS` stays `"11158"`), NaN, infinities and undefined values as null.
///
/// ```swift
/// let inspection = try FITSInspection(path: "hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits")
/// print(inspection.text)
/// let json = try inspection.jsonData()   // {"bitpix":32,"compressed":true,"finite_count":280488,...}
/// ```
public struct FITSInspection: Sendable, Equatable {
    /// One header keyword and its value.
    public struct Keyword: Sendable, Equatable {
        /// The keyword.
        public var name: String
        /// Its parsed value (`.undefined` for a keyword without value).
        public var value: FITSValue
    }

    /// The file.
    public var path: String
    /// The HDU read, 0-based.
    public var hdu: Int
    /// `[NAXIS2, NAXIS1]`.
    public var shape: [Int]
    /// BITPIX of the stored data (ZBITPIX for a compressed image).
    public var bitpix: Int
    /// Whether the image is tile-compressed.
    public var compressed: Bool
    /// ZCMPTYPE of a compressed image.
    public var compressionAlgorithm: String?
    /// Pixel statistics.
    public var statistics: FITSImageStatistics
    /// The SHARP keywords the header has, in ``SHARPMetadata/headerKeywords`` order.
    public var keywords: [Keyword]

    /// Inspects an image already read.
    ///
    /// - Throws: `MagnetogramError.invalidKeyword` when a SHARP keyword's value is none of the
    ///   FITS forms.
    public init(image: FITSImage) throws {
        path = image.path
        hdu = image.hduIndex
        shape = image.shape
        bitpix = image.bitpix
        compressed = image.compressed
        compressionAlgorithm = image.compression?.algorithm
        statistics = image.statistics
        keywords = try SHARPMetadata.headerKeywords.compactMap { name in
            guard image.header.card(name) != nil else { return nil }
            return Keyword(name: name, value: try image.header.value(name) ?? .undefined)
        }
    }

    /// Reads the image of the file at `path` (see ``FITSReader``; infinite pixels are counted
    /// apart from NaN) and inspects it.
    public init(path: String, options: FITSReadOptions = FITSReadOptions()) throws {
        var options = options
        options.countsInfinitePixels = true
        try self.init(image: FITSReader(options: options).readImage(at: path))
    }

    // MARK: Output

    /// The JSON object (UTF-8, keys sorted, one line).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(JSONForm(self))
    }

    /// A human-readable summary, one item per line.
    public var text: String {
        var lines = ["file: \(path)"]
        lines.append("hdu: \(hdu)" + (compressed ? " (tile-compressed, \(compressionAlgorithm ?? "unknown"))" : ""))
        lines.append("shape: \(shape[0]) x \(shape[1]) (NAXIS2 x NAXIS1)")
        lines.append("bitpix: \(bitpix)")
        lines.append("pixels: \(statistics.finiteCount) finite, \(statistics.nanCount) NaN, \(statistics.infiniteCount) infinite")
        func show(_ value: Double?) -> String { value.map { "\($0)" } ?? "-" }
        lines.append("min: \(show(statistics.min.map(FITSInspection.shortest)))")
        lines.append("max: \(show(statistics.max.map(FITSInspection.shortest)))")
        lines.append("mean: \(show(statistics.mean))")
        lines.append("sum |value|: \(show(statistics.sumAbs))")
        if keywords.isEmpty {
            lines.append("keywords: none of the SHARP keywords")
        } else {
            lines.append("keywords:")
            for keyword in keywords {
                let value: String
                switch keyword.value {
                case let .string(text): value = "'\(text)'"
                case let .integer(number): value = "\(number)"
                case let .real(number): value = "\(number)"
                case let .logical(flag): value = flag ? "T" : "F"
                case let .complex(re, im): value = "(\(re), \(im))"
                case .undefined: value = "(undefined)"
                }
                lines.append("  \(keyword.name.padding(toLength: 8, withPad: " ", startingAt: 0)) = \(value)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A pixel value (a Float32 widened to Double) as the shortest decimal of the Float32, so
    /// -1872.2f prints as -1872.2 rather than -1872.199951171875.
    static func shortest(_ value: Double) -> Double {
        Double("\(Float(value))") ?? value
    }

    /// The JSON layout.
    private struct JSONForm: Encodable {
        let inspection: FITSInspection
        init(_ inspection: FITSInspection) { self.inspection = inspection }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ string: String) { stringValue = string }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            let statistics = inspection.statistics
            try container.encode(inspection.hdu, forKey: Key("hdu"))
            try container.encode(inspection.shape, forKey: Key("shape"))
            try container.encode(inspection.bitpix, forKey: Key("bitpix"))
            try container.encode(inspection.compressed, forKey: Key("compressed"))
            try container.encode(statistics.nanCount, forKey: Key("nan_count"))
            try container.encode(statistics.infiniteCount, forKey: Key("infinite_count"))
            try container.encode(statistics.finiteCount, forKey: Key("finite_count"))
            try encodeNumber(statistics.min.map(FITSInspection.shortest), "min", &container)
            try encodeNumber(statistics.max.map(FITSInspection.shortest), "max", &container)
            try encodeNumber(statistics.mean, "mean", &container)
            try encodeNumber(statistics.sumAbs, "sum_abs", &container)
            var keywords = container.nestedContainer(keyedBy: Key.self, forKey: Key("keywords"))
            for keyword in inspection.keywords {
                let key = Key(keyword.name)
                switch keyword.value {
                case let .string(text): try keywords.encode(text, forKey: key)
                case let .integer(number): try keywords.encode(number, forKey: key)
                case let .real(number): try encodeNumber(number, keyword.name, &keywords)
                case let .logical(flag): try keywords.encode(flag, forKey: key)
                case let .complex(re, im): try keywords.encode([re, im].map { $0.isFinite ? $0 : nil } as [Double?], forKey: key)
                case .undefined: try keywords.encodeNil(forKey: key)
                }
            }
        }

        private func encodeNumber(_ value: Double?, _ key: String, _ container: inout KeyedEncodingContainer<Key>) throws {
            if let value, value.isFinite {
                try container.encode(value, forKey: Key(key))
            } else {
                try container.encodeNil(forKey: Key(key))
            }
        }
    }
}
