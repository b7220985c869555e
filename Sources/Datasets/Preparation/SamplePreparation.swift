import Foundation
import Magnetogram
import NeuralCore

/// Turns a magnetogram into a network input `[1, H, W]` following an ``InputPreprocessing``
/// (the record stored with a model's weights), in this order:
///
/// 1. NaN (off-disk or missing pixels) replaced by `nanFill` (default 0). This happens before
///    the resize, so a missing pixel does not spread NaN to its neighbours (Magnetogram's
///    resize propagates NaN through every tap, as TensorFlow does). An infinite pixel becomes
///    ±`clip`, or is an error when there is no clip.
/// 2. The geometry (``InputGeometryMapping``'s forward): by default a bilinear resize to the
///    model's input size, as the papers did (Guastavino et al. 2022, Sect. 3: every frame to 128 x 128 by bilinear interpolation;
///    Bhattacharjee et al. 2020, Sect. 4.1: 128 x 128 or 256 x 256, bicubic), with Magnetogram's
///    TensorFlow-exact `resized(width:height:method:)`; or the resolution-preserving
///    alternative, `resampled(toScale:width:height:method:)`: one physical pixel scale for every
///    region, then a centre crop or zero padding to the size (padding is 0, not `nanFill`).
/// 3. The Hale/Joy normalisation when `haleJoyNormalization` is set: a region in the southern
///    hemisphere (latitude < 0) has its polarity reversed (Hale's polarity law) and is flipped
///    about the horizontal axis (Joy's law), as Bhattacharjee et al. (2020, Sect. 4.4) retrained
///    their CNN: "To account for Hale's polarity law, we reversed the polarity of all
///    magnetograms in the southern hemisphere. To account for Joy's law, we flipped all
///    magnetograms in the southern hemisphere about the horizontal axis." Northern regions
///    (latitude >= 0) are unchanged.
/// 4. Clipping to ±`clip` and multiplying by `scale`. The papers feed the field in gauss
///    unscaled: the defaults neither clip nor scale (scale 1).
///
/// The latitude is the one given with the sample (``SHARPObservation/latitude``), or else the
/// file's LAT_FWT, or else its CRVAL2; a normalisation without any latitude is an error.
/// A prepared input that still holds a non-finite value is an error too, never a silent NaN.
///
/// ```swift
/// let preparation = try SamplePreparation(InputPreprocessing(haleJoyNormalization: true))
/// let x = try preparation.tensor(contentsOf: observation.path, latitude: observation.latitude)
/// x.shape      // [1, 128, 128]
/// ```
public struct SamplePreparation: Sendable, Equatable {
    /// The preprocessing, with ``geometry`` filled in (store this one with the model).
    public let preprocessing: InputPreprocessing
    /// How magnetograms are brought to the input size.
    public let geometry: InputGeometry

    /// The papers' geometry: a bilinear resize to 128 x 128 (Guastavino et al. 2022, Sect. 3).
    public static let paperGeometry = InputGeometry.resize(width: 128, height: 128, method: .bilinear)

    /// Creates a preparation; `defaultGeometry` is used when `preprocessing` records none.
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` for a non-positive size or
    ///   scale, a negative or non-finite clip, or a non-finite fill or scale.
    public init(_ preprocessing: InputPreprocessing = InputPreprocessing(), defaultGeometry: InputGeometry = paperGeometry) throws {
        let geometry = preprocessing.geometry ?? defaultGeometry
        do {
            try geometry.validate()
        } catch {
            throw DatasetsError.invalidValue(what: "input geometry", value: "\(geometry)", reason: "\(error)")
        }
        if let clip = preprocessing.clip, !(clip >= 0 && clip.isFinite) {
            throw DatasetsError.invalidValue(what: "clip bound", value: "\(clip)", reason: "must be finite and >= 0")
        }
        guard preprocessing.nanFill.isFinite, preprocessing.scale.isFinite else {
            throw DatasetsError.invalidValue(
                what: "NaN fill and scale", value: "\(preprocessing.nanFill), \(preprocessing.scale)", reason: "must be finite")
        }
        var resolved = preprocessing
        resolved.geometry = geometry
        self.preprocessing = resolved
        self.geometry = geometry
    }

    /// The width of a prepared input, pixels.
    public var width: Int { geometry.width }
    /// The height of a prepared input, pixels.
    public var height: Int { geometry.height }
    /// The shape of one prepared input, `[1, H, W]`.
    public var sampleShape: [Int] { [1, height, width] }

    /// The prepared input of a magnetogram.
    /// - Parameters:
    ///   - magnetogram: the map as read.
    ///   - latitude: the region's latitude in degrees (needed for the Hale/Joy normalisation
    ///     unless the map's metadata has one).
    ///   - source: names the map in errors (its file path).
    /// - Throws: ``DatasetsError`` when the latitude is needed and unknown or the result is not
    ///   finite; Magnetogram's errors for a map that cannot be resampled.
    public func tensor(from magnetogram: Magnetogram, latitude: Double? = nil, source: String = "magnetogram") throws -> Tensor {
        var result = try Tensor(shape: sampleShape)
        try result.withUnsafeMutableBufferPointer { try prepare(magnetogram, latitude: latitude, source: source, into: $0) }
        return result
    }

    /// The prepared input of a FITS file.
    /// - Throws: the reader's `MagnetogramError` naming the file when it cannot be read, and the
    ///   errors of ``tensor(from:latitude:source:)``.
    public func tensor(contentsOf path: String, latitude: Double? = nil) throws -> Tensor {
        try tensor(from: Magnetogram(contentsOf: path), latitude: latitude, source: path)
    }

    /// Writes the prepared input of `magnetogram` into `output` (`H * W` values, row-major).
    public func prepare(
        _ magnetogram: Magnetogram, latitude: Double?, source: String, into output: UnsafeMutableBufferPointer<Float>
    ) throws {
        guard output.count == width * height else {
            throw DatasetsError.invalidValue(
                what: "output buffer for \(source)", value: "\(output.count) values", reason: "needs \(width * height)")
        }
        let southern = try isSouthern(magnetogram, latitude: latitude, source: source)
        var map = magnetogram
        let fill = preprocessing.nanFill
        if map.pixels.contains(where: { !$0.isFinite }) {
            // NaN is filled; an infinity becomes ±clip, or is an error without a clip (resizing
            // would turn it into NaN, inf - inf, next to its neighbours).
            let bound = preprocessing.clip
            var infinite: Int?
            map.pixels.withUnsafeMutableBufferPointer { pixels in
                for i in 0..<pixels.count where !pixels[i].isFinite {
                    if pixels[i].isNaN {
                        pixels[i] = fill
                    } else if let bound {
                        pixels[i] = pixels[i] > 0 ? bound : -bound
                    } else if infinite == nil {
                        infinite = i
                    }
                }
            }
            if let infinite {
                throw DatasetsError.invalidValue(
                    what: "pixel \(infinite) of \(source)", value: "\(magnetogram.pixels[infinite])",
                    reason: "an infinite field value; set a clip bound to keep it as ±clip")
            }
        }
        let shaped = try InputGeometryMapping(geometry, magnetogram: map, flipped: southern).forward(map)
        shaped.withUnsafeBufferPointer { pixels in
            if southern {
                for i in 0..<pixels.count { output[i] = -pixels[i] }     // Hale's law: polarity reversed
            } else {
                _ = output.initialize(from: pixels)
            }
        }
        preprocessing.apply(to: output)
        if let bad = output.firstIndex(where: { !$0.isFinite }) {
            throw DatasetsError.invalidValue(
                what: "prepared input of \(source)", value: "\(output[bad]) at pixel \(bad)",
                reason: "not finite after preparation (the values overflow Float after scaling)")
        }
    }

    /// Whether the Hale/Joy normalisation flips this map (`false` whenever it is off).
    /// `magnetogram` supplies the header latitude when `latitude` is `nil`.
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` when it is on and no latitude
    ///   is known.
    public func isSouthern(_ magnetogram: Magnetogram?, latitude: Double?, source: String) throws -> Bool {
        guard preprocessing.haleJoyNormalization else { return false }
        let metadata = magnetogram?.metadata
        guard let latitude = latitude ?? metadata?.fluxWeightedLatitude ?? metadata?.referenceLatitude,
              latitude.isFinite else {
            throw DatasetsError.invalidValue(
                what: "latitude of \(source)", value: "unknown",
                reason: "the Hale/Joy normalisation needs the region's latitude (none given, no LAT_FWT or CRVAL2)")
        }
        return latitude < 0
    }

    /// The geometry mapping of `magnetogram` (``InputGeometryMapping``: its forward is what
    /// ``prepare(_:latitude:source:into:)`` applies, its inverse brings input maps back),
    /// flipped when the Hale/Joy normalisation flips this region.
    /// - Throws: the errors of ``isSouthern(_:latitude:source:)`` and of the mapping.
    public func mapping(for magnetogram: Magnetogram, latitude: Double?, source: String) throws -> InputGeometryMapping {
        try InputGeometryMapping(geometry, magnetogram: magnetogram, flipped: isSouthern(magnetogram, latitude: latitude, source: source))
    }
}
