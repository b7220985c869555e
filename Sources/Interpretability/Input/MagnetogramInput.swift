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
/// ``projectOntoMagnetogram(_:)`` is the inverse of the same ``mapping`` (Datasets'
/// `InputGeometryMapping`): it undoes the Hale/Joy flip, then resizes back with bicubic
/// interpolation (Bhattacharjee et al. 2020, Sect. 4.5), or, for a resolution-preserving
/// geometry, places the map in the resampled frame (zero where the crop cut the region off)
/// and resizes that back.
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
    /// The geometry mapping between the magnetogram and the input (forward and inverse).
    public let mapping: InputGeometryMapping
    /// How the magnetogram was brought to the input size.
    public var geometry: InputGeometry { mapping.geometry }
    /// Whether the Hale/Joy normalisation flipped the map (a southern region).
    public var isFlipped: Bool { mapping.isFlipped }

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
        mapping = try preparation.mapping(for: magnetogram, latitude: latitude, source: "magnetogram")
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
        return try mapping.inverse(values, method: .bicubic)
    }

    /// The map onto the magnetogram, normalised.
    func sensitivityMap(_ values: [Float]) throws -> SensitivityMap {
        try SensitivityMap(unnormalized: projectOntoMagnetogram(values), width: magnetogram.width, height: magnetogram.height)
    }
}
