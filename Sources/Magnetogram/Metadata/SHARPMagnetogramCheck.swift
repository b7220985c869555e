import Foundation

/// Whether a FITS image is what FlareKit's networks and indexes read: a SHARP CEA
/// line-of-sight magnetogram (`hmi.sharp_cea_720s ... .magnetogram.fits`), not an AIA image, a
/// full-disk HMI map, or another SHARP segment (continuum, bitmap, disambiguation confidence).
///
/// The check reads only header keywords and the file name:
/// - Projection: `CTYPE1 = 'CRLN-CEA'` and `CTYPE2 = 'CRLT-CEA'` (Carrington longitude and
///   latitude, cylindrical equal area). Full-disk HMI and AIA images are `HPLN-TAN` /
///   `HPLT-TAN`.
/// - Unit: `BUNIT` a magnetic field, `Mx/cm^2` (as JSOC writes it) or gauss (`Gauss`, `G`).
///   Continuum images are `DN/s`; the bitmap has an empty `BUNIT`.
/// - Pixel scale: `CDELT1` and `CDELT2` within ``plausiblePixelScale``, degrees per pixel
///   (`CUNIT1` / `CUNIT2`, when present, must be degrees). SHARP CEA maps are 0.03 deg/px; the
///   range allows maps binned up to 10 times (0.3) and finer resamplings down to 0.01, and
///   refuses arcsecond scales (HMI 0.504, AIA 0.6, resampled full-disk maps 20.7).
/// - Segment: a file-name component naming another segment (``refusedSegments``: `bitmap`,
///   `continuum`, `conf_disambig`, `Bp`, `Dopplergram`, ...) is refused; `magnetogram` and `Br`
///   are accepted; so is a name that names no segment. A `CONTENT` keyword describing an
///   intensity, a Dopplergram, a mask or a bitmap is refused too.
///
/// Every command that reads FITS magnetograms makes this check unless given
/// `--accept-any-image` (see Documentation/Reliability.md).
///
/// ```swift
/// let header = try FITSReader().readImage(at: path).header
/// try SHARPMagnetogramCheck.validate(header: header, path: path)   // MagnetogramError.notSHARPMagnetogram
/// ```
public enum SHARPMagnetogramCheck {
    /// The pixel scales taken as SHARP CEA, degrees per pixel (SHARP: 0.03).
    public static let plausiblePixelScale: ClosedRange<Double> = 0.01...0.3

    /// The header keywords the check reads.
    public static let keywords = ["CTYPE1", "CTYPE2", "CUNIT1", "CUNIT2", "CDELT1", "CDELT2", "BUNIT", "CONTENT"]

    /// File-name segments of line-of-sight or radial field maps (compared lowercased).
    public static let acceptedSegments: Set<String> = ["magnetogram", "br"]

    /// File-name segments of other SHARP and HMI products (compared lowercased).
    public static let refusedSegments: Set<String> = [
        "bitmap", "continuum", "conf_disambig", "dopplergram", "bp", "bt", "br_err", "bp_err", "bt_err",
        "field", "inclination", "azimuth", "disambig", "field_err", "inclination_err", "azimuth_err", "vlos_mag",
        "dop_width", "eta_0", "damping", "src_continuum", "src_grad", "alpha_mag", "chisq", "conv_flag", "info_map",
        "confid_map", "ic", "ic_nolimbdark", "intensity", "image_lev1", "lev1",
    ]

    /// Words of a `CONTENT` value that mark another product (compared lowercased).
    static let refusedContent = ["continuum", "intensity", "doppler", "bitmap", "mask", "confidence", "disambig"]

    /// Field units accepted in `BUNIT`, lowercased without blanks.
    static let fieldUnits: Set<String> = ["mx/cm^2", "mx/cm2", "mx/cm**2", "mxcm^-2", "mxcm-2", "gauss", "g"]

    /// Angle units accepted in `CUNIT1` / `CUNIT2`, lowercased without blanks.
    static let degreeUnits: Set<String> = ["deg", "degree", "degrees"]

    /// What makes the image not a SHARP CEA line-of-sight magnetogram, one sentence each; empty
    /// when it is one.
    /// - Parameters:
    ///   - fileName: the file's name (or path) for the segment check.
    ///   - value: a keyword's value, `nil` when the header lacks it (or it cannot be read).
    public static func problems(fileName: String, value: (String) -> FITSValue?) -> [String] {
        var problems: [String] = []
        func text(_ keyword: String) -> String? {
            guard case let .string(string)? = value(keyword) else { return nil }
            return string.trimmingCharacters(in: .whitespaces)
        }
        for (keyword, expected) in [("CTYPE1", "CRLN-CEA"), ("CTYPE2", "CRLT-CEA")] {
            switch text(keyword) {
            case let found? where found.uppercased() == expected: break
            case let found?: problems.append("\(keyword) is '\(found)', not '\(expected)' (a SHARP CEA map)")
            case nil: problems.append("\(keyword) is missing (a SHARP CEA map has '\(expected)')")
            }
        }
        switch text("BUNIT") {
        case let unit? where fieldUnits.contains(unit.lowercased().replacingOccurrences(of: " ", with: "")): break
        case let unit? where !unit.isEmpty: problems.append("BUNIT is '\(unit)', not a magnetic field (Mx/cm^2 or Gauss)")
        default: problems.append("BUNIT is missing or empty (a magnetogram's is Mx/cm^2 or Gauss)")
        }
        for axis in ["1", "2"] {
            if let unit = text("CUNIT" + axis), !degreeUnits.contains(unit.lowercased().replacingOccurrences(of: " ", with: "")) {
                problems.append("CUNIT\(axis) is '\(unit)', not degrees")
            }
            let keyword = "CDELT" + axis
            if let scale = value(keyword)?.number {
                if !plausiblePixelScale.contains(scale) {
                    problems.append(
                        "\(keyword) is \(scale), outside the SHARP CEA pixel scales \(plausiblePixelScale.lowerBound)..."
                            + "\(plausiblePixelScale.upperBound) deg/px (SHARP: 0.03)")
                }
            } else {
                problems.append("\(keyword) is missing or not a number (SHARP: 0.03 deg/px)")
            }
        }
        if let content = text("CONTENT")?.lowercased(), let word = refusedContent.first(where: { content.contains($0) }) {
            problems.append("CONTENT is '\(text("CONTENT") ?? "")' (\(word)), not a line-of-sight magnetogram")
        }
        let name = (fileName as NSString).lastPathComponent
        let components = name.split(separator: ".").map { $0.lowercased() }
        if !components.contains(where: acceptedSegments.contains),
           let segment = components.first(where: refusedSegments.contains) {
            problems.append("the file name names the '\(segment)' segment, not the line-of-sight magnetogram")
        }
        return problems
    }

    /// The problems of an image header (see ``problems(fileName:value:)``); `path` gives the
    /// file name.
    public static func problems(header: FITSHeader, path: String) -> [String] {
        problems(fileName: path) { keyword in (try? header.value(keyword)) ?? nil }
    }

    /// Throws unless the image header is a SHARP CEA line-of-sight magnetogram's.
    /// - Throws: ``MagnetogramError/notSHARPMagnetogram(path:problems:)`` naming `path` and
    ///   every problem found.
    public static func validate(header: FITSHeader, path: String) throws {
        let found = problems(header: header, path: path)
        guard found.isEmpty else { throw MagnetogramError.notSHARPMagnetogram(path: path, problems: found) }
    }

    /// Reads the headers of the file at `path` (no pixels) and checks its image header: the
    /// first HDU holding an image (a tile-compressed image's table, or NAXIS >= 2).
    /// - Throws: the reader's ``MagnetogramError`` for a file that cannot be read,
    ///   ``MagnetogramError/noImage(path:hduCount:)`` without an image, and
    ///   ``MagnetogramError/notSHARPMagnetogram(path:problems:)``.
    public static func validate(fileAt path: String, reader: FITSReader = FITSReader()) throws {
        let headers = try reader.readHeaders(at: path)
        guard let image = headers.first(where: holdsImage) else {
            throw MagnetogramError.noImage(path: path, hduCount: headers.count)
        }
        try validate(header: image, path: path)
    }

    /// Whether a header describes an image: `ZIMAGE = T`, or NAXIS >= 2 with every axis > 0.
    static func holdsImage(_ header: FITSHeader) -> Bool {
        if (try? header.bool("ZIMAGE")) == true { return true }
        guard let axes = (try? header.integer("NAXIS")) ?? nil, axes >= 2 else { return false }
        return (1...axes).allSatisfy { (((try? header.integer("NAXIS\($0)")) ?? nil) ?? 0) > 0 }
    }
}
