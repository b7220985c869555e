import Foundation
import Magnetogram
import NeuralCore

/// What a map's FITS header records about how it was made, so that the file can be traced and
/// overlaid on its magnetogram (for example with `sunpy.map.Map`): the method, the target, the
/// layer (Grad-CAM), the weight file, the FlareKit version and, for a FITS input, the
/// magnetogram's world coordinates and SHARP keywords.
///
/// Keywords written by ``cards(width:height:)``:
///
/// | Keyword | Value |
/// | --- | --- |
/// | `MAPMETH` | `occlusion`, `saliency` or `grad-cam` |
/// | `MAPTARG` | the target: `probability`, `label` or `logit` |
/// | `MAPLAYER` | the layer explained (Grad-CAM only) |
/// | `WEIGHTS` | the weight file's name |
/// | `FLKVER` | `FlareKitVersion.current` |
/// | `SRCFILE` | the input file's name |
/// | WCS and observer keys | the source's `FITSWorldCoordinates`, rescaled to the map's size |
/// | `HARPNUM`, `T_REC`, `NOAA_ARS`, `NOAA_AR`, `NOAA_NUM` | copied as present |
///
/// Without a FITS source (a `.npy` input) no WCS is written and a COMMENT card says so.
///
/// ```swift
/// let provenance = SensitivityMapProvenance(
///     method: .occlusion, target: "probability", weights: "cnn2.safetensors",
///     input: "sharp.fits", source: try SensitivityMapSource(fitsAt: "sharp.fits"))
/// try result.map.write(to: URL(fileURLWithPath: "map.fits"), provenance: provenance)
/// ```
public struct SensitivityMapProvenance: Sendable, Equatable {
    /// The method that made the map.
    public var method: ExplanationMethod
    /// The quantity explained: `probability`, `label` (occlusion) or `logit`.
    public var target: String
    /// The layer explained (Grad-CAM), or `nil`.
    public var layer: String?
    /// The weight file (its name is recorded, not its folder).
    public var weights: String
    /// The input file (its name is recorded).
    public var input: String
    /// The FITS magnetogram the map explains, or `nil` for an input that is not FITS.
    public var source: SensitivityMapSource?

    /// The comment card written when there is no WCS.
    public static let noWCSComment = "no WCS: the input was not a FITS magnetogram with world coordinates"

    /// A record of how a map was made.
    public init(
        method: ExplanationMethod, target: String, layer: String? = nil, weights: String, input: String,
        source: SensitivityMapSource?
    ) {
        self.method = method
        self.target = target
        self.layer = layer
        self.weights = weights
        self.input = input
        self.source = source
    }

    /// Whether a map's header gets world coordinates (a FITS source with a WCS).
    public var hasWorldCoordinates: Bool { source?.worldCoordinates != nil }

    /// The header cards of a map of `width` x `height` pixels covering the source's area.
    /// - Throws: ``InterpretabilityError/invalidArgument(name:value:reason:)`` for a
    ///   non-positive size.
    public func cards(width: Int, height: Int) throws -> [FITSCard] {
        var cards = [
            FITSCard(keyword: "MAPMETH", string: method.rawValue, comment: "explanation method"),
            FITSCard(keyword: "MAPTARG", string: target, comment: "quantity explained"),
        ]
        if let layer { cards.append(FITSCard(keyword: "MAPLAYER", string: layer, comment: "layer explained")) }
        cards += [
            FITSCard(keyword: "WEIGHTS", string: Self.name(weights), comment: "weight file of the network"),
            FITSCard(keyword: "FLKVER", string: FlareKitVersion.current, comment: "FlareKit version"),
            FITSCard(keyword: "SRCFILE", string: Self.name(input), comment: "input explained"),
        ]
        guard let source else { return cards + [.commentary(Self.noWCSComment)] }
        if let wcs = source.worldCoordinates {
            let resampled: FITSWorldCoordinates
            do {
                resampled = try wcs.resampled(width: width, height: height)
            } catch {
                throw InterpretabilityError.invalidArgument(
                    name: "map size", value: "\(width)x\(height)", reason: "must be positive")
            }
            cards += resampled.header.cards
            if width != source.width || height != source.height {
                cards.append(.history("WCS rescaled from \(source.width)x\(source.height) source pixels"))
            }
        } else {
            cards.append(.commentary(Self.noWCSComment))
        }
        return cards + source.sharpCards
    }

    private static func name(_ path: String) -> String {
        URL(fileURLWithPath: path).lastPathComponent
    }
}
