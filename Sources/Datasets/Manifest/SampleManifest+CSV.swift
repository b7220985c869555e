import Foundation

extension SampleManifest {
    /// The CSV header: one column per field of a sample. `los_unsigned_flux_mx` is the total
    /// unsigned line-of-sight flux measured from the magnetogram's pixels, `usflux_mx` the
    /// header's USFLUX (radial field inside the HARP mask); both in Mx, empty when unknown. The
    /// last 18 columns are the SHARP space-weather keywords (``SHARPSpaceWeatherKeywords``) in
    /// the order of ``SHARPSpaceWeatherKeywords/keywords``, lowercased (`usflux`, `meangam`, ...,
    /// `r_value`, `area_acr`), in the header's units, empty when missing or not indexed.
    public static let csvColumns = [
        "harp_number", "time", "path", "noaa_regions", "is_flaring_region", "region_label",
        "sample_class", "label_c1", "label_m1", "largest_forward_flare", "time_to_flare_hours",
        "flare_peak", "flare_class", "los_unsigned_flux_mx", "usflux_mx",
    ] + SHARPSpaceWeatherKeywords.keywords.map { $0.lowercased() }

    /// The samples as CSV (RFC 4180: comma-separated, fields with commas, quotes or line breaks
    /// quoted, LF line ends), one row per sample after the ``csvColumns`` header. NOAA regions
    /// are joined with `;`; missing values are empty fields.
    public func csv() -> String {
        var lines = [Self.csvColumns.joined(separator: ",")]
        lines.reserveCapacity(samples.count + 1)
        for sample in samples {
            let observation = sample.observation
            var fields: [String] = [
                "\(observation.harpNumber)",
                ManifestCoding.format(observation.time),
                observation.path,
                observation.noaaRegions.map(String.init).joined(separator: ";"),
                sample.isFlaringRegion ? "true" : "false",
                "\(sample.regionLabel)",
                sample.sampleClass.rawValue,
                "\(sample.label(for: .c1))",
                "\(sample.label(for: .m1))",
                sample.largestForwardFlare?.description ?? "",
                sample.timeToFlare.map { "\($0.hours)" } ?? "",
                sample.timeToFlare.map { ManifestCoding.format($0.flarePeak) } ?? "",
                sample.timeToFlare?.flareClass.description ?? "",
                observation.lineOfSightUnsignedFlux.map { "\($0)" } ?? "",
                observation.unsignedFlux.map { "\($0)" } ?? "",
            ]
            let keywords = observation.spaceWeatherKeywords
            for keyword in SHARPSpaceWeatherKeywords.keywords {
                fields.append(keywords?[keyword: keyword].map { "\($0)" } ?? "")
            }
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes ``csv()`` to a file, replacing it atomically.
    public func writeCSV(to url: URL) throws {
        try ManifestCoding.writeAtomically(Data(csv().utf8), to: url)
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
