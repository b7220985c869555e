import Architectures
import Datasets
import Magnetogram
import NeuralCore

/// A magnetogram made into the network input `[1, 1, N, N]` the way a model expects, kept
/// together with what is needed to bring an explanation back onto the magnetogram.
///
/// The preparation is the Datasets module's ``SamplePreparation`` with the model's stored
/// preprocessing (NaN fill, geometry, Hale/Joy normalisation, clip, scale); a model without a
/// recorded geometry is fed a bilinear resize to its input size, as the papers did.
/// ``projectOntoMagnetogram(_:)`` inverts the geometry for a map: it undoes the Hale/Joy flip,
/// then resizes back with bicubic interpolation (Bhattacharjee et al. 2020, Sect. 4.5), or, for
/// a resolution-preserving geometry, places the map in the resampled frame (zero where the
/// crop cut the region off) and resizes that back.
///
/// Rows keep the magnetogram's FITS order (row 0 at the bottom).
///
/// ```swift
/// let magnetogram = try Magnetogram(contentsOf: "hmi.sharp_cea_720s.377.20110215_020000_TAI.magnetogram.fits")
/// let input = try MagnetogramInput(magnetogram, model: model)
/// input.tensor.shape     // [1, 1, 256, 256] for CNN-2
/// ```
public struct MagnetogramInput: Sendable {
    /// The magnetogram as read.
    public let magnetogram: Magnetogram
    /// The network input `[1, 1, height, width]`.
    public let tensor: Tensor
    /// How the magnetogram was brought to the input size.
    public let geometry: InputGeometry
    /// Whether the Hale/Joy normalisation flipped the map (a southern region).
    public let isFlipped: Bool

    /// Prepares `magnetogram` for `model` (CNN-1 or CNN-2); `latitude` (degrees) is needed by
    /// the Hale/Joy normalisation when the magnetogram's header has none.
    /// - Throws: ``InterpretabilityError/invalidInput(shape:reason:)`` for the LRCN (videos) or a
    ///   recorded geometry of another size than the network's input, and the preparation's
    ///   `DatasetsError`s.
    public init(_ magnetogram: Magnetogram, model: FlareModel, latitude: Double? = nil) throws {
        let sample = model.configuration.sampleShape
        guard sample.count == 3, sample[0] == 1 else {
            throw InterpretabilityError.invalidInput(
                shape: sample, reason: "\(model.configuration.name) takes videos; explanations need a single-image CNN")
        }
        let preparation = try SamplePreparation(
            model.preprocessing, defaultGeometry: .resize(width: sample[2], height: sample[1], method: .bilinear))
        guard preparation.height == sample[1], preparation.width == sample[2] else {
            throw InterpretabilityError.invalidInput(
                shape: [1] + preparation.sampleShape,
                reason: "the weight file's input geometry does not give the network's input \(sample)")
        }
        let prepared = try preparation.tensor(from: magnetogram, latitude: latitude)
        self.magnetogram = magnetogram
        tensor = try prepared.reshaped([1] + preparation.sampleShape)
        geometry = preparation.geometry
        isFlipped = try preparation.isSouthern(magnetogram, latitude: latitude, source: "magnetogram")
    }

    /// A map at the network input's size (row-major, `tensor`'s height x width) brought onto
    /// the magnetogram's grid (unnormalised).
    /// - Throws: ``InterpretabilityError/invalidArgument(name:value:reason:)`` for a map of
    ///   another size, and the resizing errors.
    public func projectOntoMagnetogram(_ values: [Float]) throws -> [Float] {
        let (height, width) = (tensor.shape[2], tensor.shape[3])
        guard values.count == height * width else {
            throw InterpretabilityError.invalidArgument(
                name: "map", value: "\(values.count) values", reason: "needs one per input pixel (\(height)x\(width))")
        }
        var map = values
        if isFlipped {
            for y in 0..<(height / 2) {
                for x in 0..<width { map.swapAt(y * width + x, (height - 1 - y) * width + x) }
            }
        }
        switch geometry {
        case .resize:
            return try SensitivityMap.resize(
                map, width: width, height: height, to: magnetogram.width, magnetogram.height, method: .bicubic)
        case let .resolutionPreserving(scale, _, _, _):
            // The inverse of Magnetogram.resampled(toScale:width:height:method:): the frame the
            // region was resampled to, with the input window centred in it.
            let degrees: Double = switch scale {
            case let .degreesPerPixel(value): value
            case let .megametresPerPixel(value): value / magnetogram.megametresPerDegree
            }
            let scaledWidth = max(1, Int((Double(magnetogram.width) * magnetogram.scaleX / degrees).rounded()))
            let scaledHeight = max(1, Int((Double(magnetogram.height) * magnetogram.scaleY / degrees).rounded()))
            let x0 = (scaledWidth - width) / 2, y0 = (scaledHeight - height) / 2
            var frame = [Float](repeating: 0, count: scaledWidth * scaledHeight)
            for y in 0..<height where y + y0 >= 0 && y + y0 < scaledHeight {
                for x in 0..<width where x + x0 >= 0 && x + x0 < scaledWidth {
                    frame[(y + y0) * scaledWidth + x + x0] = map[y * width + x]
                }
            }
            return try SensitivityMap.resize(
                frame, width: scaledWidth, height: scaledHeight, to: magnetogram.width, magnetogram.height, method: .bicubic)
        }
    }

    /// The map onto the magnetogram, normalised.
    func sensitivityMap(_ values: [Float]) throws -> SensitivityMap {
        try SensitivityMap(unnormalized: projectOntoMagnetogram(values), width: magnetogram.width, height: magnetogram.height)
    }
}
