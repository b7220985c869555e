import Foundation

/// The features of a feature-based flare forecast, read from a sample's index record: the two
/// sets of the SVM baseline Bhattacharjee et al. (2020, Fig. 5 right) compare the CNN with.
///
/// - ``spaceWeatherKeywords``: the 18 SHARP space-weather keywords (the AR-averaged SHARP
///   features of Dhuri et al. 2019), in the order of ``SHARPSpaceWeatherKeywords/keywords``.
/// - ``lineOfSight``: what a line-of-sight magnetogram gives, its area (AREA_ACR,
///   micro-hemispheres) and its total unsigned line-of-sight flux
///   (``SHARPObservation/lineOfSightUnsignedFlux``, Mx, measured from the pixels).
///
/// ```swift
/// let set = SHARPFeatureSet.lineOfSight
/// set.featureNames                                  // ["area_acr", "los_unsigned_flux_mx"]
/// set.values(of: sample.observation)                // [1101.35, 3.1e22]; nil where missing
/// ```
public enum SHARPFeatureSet: String, Sendable, Hashable, Codable, CaseIterable {
    /// The 18 SHARP space-weather keywords.
    case spaceWeatherKeywords = "sharp-keywords"
    /// AREA_ACR and the total unsigned line-of-sight flux.
    case lineOfSight = "line-of-sight"

    /// The feature names, in column order: the manifest CSV's column names.
    public var featureNames: [String] {
        switch self {
        case .spaceWeatherKeywords: SHARPSpaceWeatherKeywords.keywords.map { $0.lowercased() }
        case .lineOfSight: ["area_acr", "los_unsigned_flux_mx"]
        }
    }

    /// The number of features.
    public var featureCount: Int { featureNames.count }

    /// The feature values of one record in column order, `nil` where missing (not in the
    /// header, not finite, not measured, or keywords not read at all).
    public func values(of observation: SHARPObservation) -> [Double?] {
        switch self {
        case .spaceWeatherKeywords:
            guard let keywords = observation.spaceWeatherKeywords else {
                return [Double?](repeating: nil, count: featureCount)
            }
            return keywords.values
        case .lineOfSight:
            return [observation.areaMicroHemispheres, observation.lineOfSightUnsignedFlux].map { value in
                value.flatMap { $0.isFinite ? $0 : nil }
            }
        }
    }

    /// Whether the record lacks what this set needs as a whole: space-weather keywords never
    /// read (a manifest written before FlareKit kept them), or a line-of-sight flux never
    /// measured (see ``LineOfSightFluxMeasurement/filling(_:reader:progress:)``).
    public func isNotRecorded(in observation: SHARPObservation) -> Bool {
        switch self {
        case .spaceWeatherKeywords: observation.spaceWeatherKeywords == nil
        case .lineOfSight: observation.lineOfSightUnsignedFlux == nil
        }
    }
}
