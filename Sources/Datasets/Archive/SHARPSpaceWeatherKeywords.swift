import Foundation

/// The SHARP space-weather keywords of one magnetogram's header (Bobra et al. 2014, Table 3;
/// Bobra and Couvidat 2015): the active-region parameters that feature-based flare forecasts
/// such as Dhuri et al. (2019)'s SVM are trained on.
///
/// Each property is named after its FITS keyword and holds the header's value, or `nil` when
/// the header lacks the keyword or holds NaN or infinity there (JSOC writes a bare `nan`, for
/// example R_VALUE of a region without a strong-gradient inversion line).
///
/// In JSON every keyword is written, `null` when missing: `{"absnjzh": 823.317, ..., "r_value":
/// null, "usflux": 2.71476e+22}` (the manifest's snake_case: `rValue` becomes `r_value`,
/// `areaAcr` becomes `area_acr`).
///
/// ```swift
/// let observation = try SHARPObservation(contentsOf: path)
/// let keywords = observation.spaceWeatherKeywords          // nil: not read (an old manifest)
/// keywords?.meangam                                        // 59.699 (degrees)
/// keywords?[keyword: "R_VALUE"]                            // nil: the header says nan
/// SHARPSpaceWeatherKeywords.keywords.count                 // 18
/// ```
public struct SHARPSpaceWeatherKeywords: Sendable, Hashable, Codable {
    /// The FITS keywords, in the order of ``values``.
    public static let keywords = [
        "USFLUX", "MEANGAM", "MEANGBT", "MEANGBZ", "MEANGBH", "MEANJZD", "TOTUSJZ", "MEANALP", "MEANJZH",
        "TOTUSJH", "ABSNJZH", "SAVNCPP", "MEANPOT", "TOTPOT", "MEANSHR", "SHRGT45", "R_VALUE", "AREA_ACR",
    ]

    /// USFLUX: total unsigned flux of the radial field, Mx.
    public var usflux: Double?
    /// MEANGAM: mean angle of the field from the radial direction, degrees.
    public var meangam: Double?
    /// MEANGBT: mean gradient of the total field, G/Mm.
    public var meangbt: Double?
    /// MEANGBZ: mean gradient of the vertical field, G/Mm.
    public var meangbz: Double?
    /// MEANGBH: mean gradient of the horizontal field, G/Mm.
    public var meangbh: Double?
    /// MEANJZD: mean vertical current density, mA/m^2.
    public var meanjzd: Double?
    /// TOTUSJZ: total unsigned vertical current, A.
    public var totusjz: Double?
    /// MEANALP: mean characteristic twist parameter alpha, 1/Mm.
    public var meanalp: Double?
    /// MEANJZH: mean current helicity (Bz Jz), G^2/m.
    public var meanjzh: Double?
    /// TOTUSJH: total unsigned current helicity, G^2/m.
    public var totusjh: Double?
    /// ABSNJZH: absolute value of the net current helicity, G^2/m.
    public var absnjzh: Double?
    /// SAVNCPP: sum of the modulus of the net current per polarity, A.
    public var savncpp: Double?
    /// MEANPOT: mean photospheric magnetic free energy density, erg/cm^3.
    public var meanpot: Double?
    /// TOTPOT: total photospheric magnetic free energy density, erg/cm.
    public var totpot: Double?
    /// MEANSHR: mean shear angle, degrees.
    public var meanshr: Double?
    /// SHRGT45: fraction of the area with a shear angle above 45 degrees, percent.
    public var shrgt45: Double?
    /// R_VALUE: Schrijver's R, log10 of the unsigned flux near strong-gradient inversion lines (Mx).
    public var rValue: Double?
    /// AREA_ACR: de-projected area of the active pixels, micro-hemispheres.
    public var areaAcr: Double?

    /// Keywords all missing; set them by name with ``subscript(keyword:)`` or as properties.
    public init() {}

    /// The keywords from a lookup by FITS name (`nil` for a missing one); NaN and infinity are
    /// kept as missing.
    public init(_ value: (String) throws -> Double?) rethrows {
        for keyword in Self.keywords {
            self[keyword: keyword] = try value(keyword)
        }
    }

    /// The value of a keyword by its FITS name (``keywords``); `nil` for a missing value or an
    /// unknown name. Setting NaN or infinity stores `nil`; setting an unknown name does nothing.
    public subscript(keyword keyword: String) -> Double? {
        get {
            guard let path = Self.paths[keyword] else { return nil }
            return self[keyPath: path]
        }
        set {
            guard let path = Self.paths[keyword] else { return }
            self[keyPath: path] = newValue.flatMap { $0.isFinite ? $0 : nil }
        }
    }

    /// The values in the order of ``keywords``.
    public var values: [Double?] { Self.keywords.map { self[keyword: $0] } }

    /// The FITS names of the missing keywords, in the order of ``keywords``.
    public var missingKeywords: [String] { Self.keywords.filter { self[keyword: $0] == nil } }

    nonisolated(unsafe) private static let paths: [String: WritableKeyPath<SHARPSpaceWeatherKeywords, Double?>] = [
        "USFLUX": \.usflux, "MEANGAM": \.meangam, "MEANGBT": \.meangbt, "MEANGBZ": \.meangbz, "MEANGBH": \.meangbh,
        "MEANJZD": \.meanjzd, "TOTUSJZ": \.totusjz, "MEANALP": \.meanalp, "MEANJZH": \.meanjzh, "TOTUSJH": \.totusjh,
        "ABSNJZH": \.absnjzh, "SAVNCPP": \.savncpp, "MEANPOT": \.meanpot, "TOTPOT": \.totpot, "MEANSHR": \.meanshr,
        "SHRGT45": \.shrgt45, "R_VALUE": \.rValue, "AREA_ACR": \.areaAcr,
    ]

    // MARK: Codable (every keyword written, missing ones as null)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case usflux, meangam, meangbt, meangbz, meangbh, meanjzd, totusjz, meanalp, meanjzh, totusjh, absnjzh, savncpp,
             meanpot, totpot, meanshr, shrgt45, rValue, areaAcr
    }

    /// Reads the keywords; absent and `null` values are missing.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        for (key, keyword) in zip(CodingKeys.allCases, Self.keywords) {
            self[keyword: keyword] = try container.decodeIfPresent(Double.self, forKey: key)
        }
    }

    /// Writes every keyword, `null` when missing.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        for (key, keyword) in zip(CodingKeys.allCases, Self.keywords) {
            if let value = self[keyword: keyword] {
                try container.encode(value, forKey: key)
            } else {
                try container.encodeNil(forKey: key)
            }
        }
    }
}
