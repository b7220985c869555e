import Foundation
import Magnetogram

extension SHARPObservation {
    /// Reads the index record of a SHARP CEA magnetogram from its headers (the list
    /// `FITSReader.readHeaders(at:)` returns; the pixels are not read).
    ///
    /// - The image header is the first HDU holding an image: a tile-compressed image's table
    ///   (ZIMAGE = T, its size from ZNAXIS1 / ZNAXIS2), or an image HDU with NAXIS >= 2.
    /// - The SHARP keywords are read by `SHARPMetadata(header:path:)`: T_REC becomes a UTC
    ///   instant (TAI - UTC from `JSOCTime`'s table); when T_REC is missing the file name's stamp
    ///   is used the same way.
    /// - HARP number: HARPNUM, or the file name's when the header lacks it; a header and a file
    ///   name that disagree are an error.
    /// - Central meridian distance: LON_FWT (Stonyhurst longitude of the flux-weighted centre)
    ///   when finite, else CRVAL1 - CRLN_OBS wrapped into [-180, 180); latitude: LAT_FWT, else
    ///   CRVAL2.
    /// - NOAA regions: NOAA_ARS, else NOAA_AR; numbers <= 0 (JSOC's "no NOAA region") are
    ///   dropped.
    /// - A value that is NaN or infinite in the header (JSOC writes a bare `nan`) is taken as
    ///   missing (`nil`).
    /// - The SHARP space-weather keywords (``SHARPSpaceWeatherKeywords/keywords``) are kept in
    ///   ``spaceWeatherKeywords``, each `nil` when missing or not finite.
    ///
    /// - Throws: `MagnetogramError.invalidKeyword` for a keyword that cannot be read as its type;
    ///   `DatasetsError.file` when no HDU holds an image, when neither the header nor the file
    ///   name gives the HARP number or the time, or when they disagree on the HARP number.
    public init(headers: [FITSHeader], path: String, fileName: SHARPFileName? = nil) throws {
        guard let header = SHARPObservation.imageHeader(headers) else {
            throw DatasetsError.file(path: path, reason: "no HDU holds an image (\(headers.count) HDUs)")
        }
        let metadata = try SHARPMetadata(header: header, path: path)
        var located = header
        located.path = path
        let compressed = (try located.bool("ZIMAGE")) ?? false
        try self.init(
            metadata: metadata, observerLongitude: try located.double("CRLN_OBS"),
            width: try located.integer(compressed ? "ZNAXIS1" : "NAXIS1") ?? 0,
            height: try located.integer(compressed ? "ZNAXIS2" : "NAXIS2") ?? 0,
            spaceWeatherKeywords: try SHARPSpaceWeatherKeywords { try located.double($0) },
            path: path, fileName: fileName)
    }

    /// The record from SHARP keywords already read (see ``init(headers:path:fileName:)`` for the
    /// rules); `observerLongitude` is CRLN_OBS.
    init(
        metadata: SHARPMetadata, observerLongitude: Double?, width: Int, height: Int,
        spaceWeatherKeywords: SHARPSpaceWeatherKeywords, path: String, fileName: SHARPFileName?
    ) throws {
        let harp: Int
        switch (metadata.harpNumber, fileName?.harpNumber) {
        case let (header?, name?) where header != name:
            throw DatasetsError.file(path: path, reason: "HARPNUM is \(header) in the header but \(name) in the file name")
        case let (header?, _):
            harp = header
        case let (nil, name?):
            harp = name
        case (nil, nil):
            throw DatasetsError.file(path: path, reason: "no HARPNUM in the header and no HARP number in the file name")
        }
        guard let time = metadata.recordTime ?? fileName?.recordTime else {
            throw DatasetsError.file(path: path, reason: "no T_REC in the header and no time stamp in the file name")
        }

        var regions = (metadata.noaaRegions ?? metadata.noaaRegion.map { [$0] } ?? []).filter { $0 > 0 }
        if regions.isEmpty, let single = metadata.noaaRegion, single > 0 { regions = [single] }

        let longitude: Double?
        if let fluxWeighted = SHARPObservation.finite(metadata.fluxWeightedLongitude) {
            longitude = fluxWeighted
        } else if let centre = SHARPObservation.finite(metadata.referenceLongitude),
                  let observer = SHARPObservation.finite(observerLongitude) {
            longitude = SHARPObservation.wrapped(centre - observer)
        } else {
            longitude = nil
        }

        self.init(
            harpNumber: harp, time: time, path: path, noaaRegions: regions, quality: metadata.quality,
            observerRadialVelocity: SHARPObservation.finite(metadata.observerRadialVelocity),
            centralMeridianDistance: longitude,
            latitude: SHARPObservation.finite(metadata.fluxWeightedLatitude) ?? SHARPObservation.finite(metadata.referenceLatitude),
            areaMicroHemispheres: SHARPObservation.finite(metadata.activeRegionArea),
            unsignedFlux: SHARPObservation.finite(metadata.unsignedFlux),
            width: max(width, 0), height: max(height, 0), spaceWeatherKeywords: spaceWeatherKeywords,
            pixelScaleX: SHARPObservation.positive(metadata.pixelScaleX), pixelScaleY: SHARPObservation.positive(metadata.pixelScaleY))
    }

    /// Reads the record of the file at `path` (headers only).
    /// - Throws: the reader's `MagnetogramError`, or the errors of ``init(headers:path:fileName:)``.
    public init(contentsOf path: String, reader: FITSReader = FITSReader()) throws {
        let name = SHARPFileName(parsing: URL(fileURLWithPath: path).lastPathComponent)
        try self.init(headers: try reader.readHeaders(at: path), path: path, fileName: name)
    }

    /// The header of the first HDU holding an image (compressed or not).
    static func imageHeader(_ headers: [FITSHeader]) -> FITSHeader? {
        headers.first { header in
            if (try? header.bool("ZIMAGE")) == true { return true }
            let isImage = header.contains("SIMPLE") || (try? header.string("XTENSION"))?.uppercased() == "IMAGE"
            return isImage && ((try? header.integer("NAXIS")) ?? 0) >= 2
        }
    }

    /// `value` when finite, else `nil`.
    static func finite(_ value: Double?) -> Double? {
        guard let value, value.isFinite else { return nil }
        return value
    }

    /// `value` when finite and positive, else `nil`.
    static func positive(_ value: Double?) -> Double? {
        guard let value, value.isFinite, value > 0 else { return nil }
        return value
    }

    /// An angle in degrees wrapped into [-180, 180).
    static func wrapped(_ degrees: Double) -> Double {
        var angle = degrees.truncatingRemainder(dividingBy: 360)
        if angle >= 180 { angle -= 360 }
        if angle < -180 { angle += 360 }
        return angle
    }
}
