import Architectures
import Magnetogram
import NeuralCore

/// Occlusion maps (Zeiler & Fergus 2014) as Bhattacharjee et al. (2020, Sect. 4.5) compute
/// them: a square mask of the fill value slides over the network input (after preprocessing);
/// at each placement the change y0 - y_masked of the output is added to every masked pixel,
/// and the map is the mean change per pixel, resized to the magnetogram's size with bicubic
/// interpolation and divided by its absolute maximum.
///
/// The masked inputs are evaluated in batches, either through the whole network
/// (``OcclusionMethod/full``) or incrementally (``OcclusionMethod/incremental``, the default):
/// a mask changes only part of each layer's input, so the leading convolutions, poolings,
/// normalisations and inception modules are recomputed only on the window the mask reaches
/// (its receptive field), over cached activations of the unmasked input. The two agree up to
/// floating-point rounding: the windows go through the same kernels (a convolution and the max
/// pool after it fused, as the network's inference fuses them), but as smaller products whose
/// sums may be ordered differently (tested to 1e-5 in probability on CNN-1 and CNN-2); in
/// label mode they can differ only where a probability lies within rounding of 0.5.
///
/// Both use every core: a batch of masked inputs is split over the workers by the layers; and
/// under `mpirun` the ranks share the placements (``map(for:communicator:progress:)-(Tensor,_,_)``).
///
/// ```swift
/// let model = try FlareModel.load(from: weightsURL)
/// var configuration = OcclusionConfiguration()    // M = 100, S = 1, label change
/// configuration.target = .probability
/// let analysis = OcclusionAnalysis(model: model, configuration: configuration)
/// let input = try MagnetogramInput(magnetogram, model: model)
/// let result = try analysis.map(for: input) { done, total in
///     print("\(done)/\(total)")
/// }
/// try result.map.write(to: URL(fileURLWithPath: "map.fits"))
/// ```
public struct OcclusionAnalysis {
    /// The network: a chain whose output is one probability per sample.
    public let network: Sequential
    /// The mask, stride, measure and evaluation method.
    public var configuration: OcclusionConfiguration

    /// An analysis of `network` (its output must be one probability per sample).
    public init(network: Sequential, configuration: OcclusionConfiguration = OcclusionConfiguration()) {
        self.network = network
        self.configuration = configuration
    }

    /// An analysis of one of the papers' CNNs.
    public init(model: FlareModel, configuration: OcclusionConfiguration = OcclusionConfiguration()) {
        self.init(network: model.network, configuration: configuration)
    }

    /// The placements over an input `[1, C, H, W]`. Every occlusion computation starts here,
    /// so it also makes NeuralCore's `FiniteInputCheck` (the check `FlareModel.forward` makes).
    /// - Throws: ``InterpretabilityError`` for another shape or a mask that does not fit;
    ///   `NeuralCoreError.nonFiniteInput` for a NaN or infinite input value.
    public func placements(for input: Tensor) throws -> OcclusionPlacements {
        try configuration.validate()
        guard input.rank == 4, input.shape[0] == 1, input.shape[1] >= 1 else {
            throw InterpretabilityError.invalidInput(shape: input.shape, reason: "expected one sample [1, C, H, W]")
        }
        try FiniteInputCheck.require(input)
        return try OcclusionPlacements(
            height: input.shape[2], width: input.shape[3], maskSize: configuration.maskSize, stride: configuration.stride)
    }

    /// The probability of the unmasked input and of the inputs masked at the placements
    /// `range` (row-major indices into ``placements(for:)``; all by default). `progress` is
    /// called after each batch with the placements done and the total.
    /// - Throws: ``InterpretabilityError`` for a bad input or output, and the layers' errors.
    public func maskedProbabilities(
        for input: Tensor, range: Range<Int>? = nil, progress: ((Int, Int) -> Void)? = nil
    ) throws -> (baseline: Float, masked: [Float]) {
        let placements = try placements(for: input)
        let range = range ?? 0..<placements.count
        guard range.lowerBound >= 0, range.upperBound <= placements.count else {
            throw InterpretabilityError.invalidArgument(
                name: "placement range", value: "\(range)", reason: "outside 0..<\(placements.count)")
        }
        let evaluate: ([Int]) throws -> [Float]
        let baseline: Float
        switch configuration.method {
        case .incremental:
            let incremental = try IncrementalOcclusion(
                network: network, input: input, placements: placements, fillValue: configuration.fillValue)
            baseline = incremental.baselineProbability
            evaluate = incremental.probabilities(for:)
        case .full:
            baseline = try OutputProbabilities.extract(try network.forward(input, mode: .inference), batch: 1)[0]
            let fill = configuration.fillValue
            evaluate = { indices in
                let masked = try Self.maskedInputs(input, placements: placements, indices: indices, fill: fill)
                return try OutputProbabilities.extract(try network.forward(masked, mode: .inference), batch: indices.count)
            }
        }
        let unchanged = UnchangedPlacements(input: input, placements: placements, fill: configuration.fillValue)
        var masked = [Float](repeating: baseline, count: range.count)
        var start = range.lowerBound
        while start < range.upperBound {
            let batch = Array(start..<min(start + configuration.batchSize, range.upperBound))
            let needed = batch.filter { !unchanged.contains($0) }
            for (index, probability) in zip(needed, try evaluate(needed)) { masked[index - range.lowerBound] = probability }
            start = batch.last! + 1
            progress?(start - range.lowerBound, range.count)
        }
        return (baseline, masked)
    }

    /// The occlusion map of an input `[1, C, H, W]` (the network input, after preprocessing),
    /// at the input's size.
    ///
    /// With several ranks (`mpirun -np N`) the placements are shared among them in consecutive
    /// blocks of whole batches (the batches one process evaluates), every rank receives the
    /// others' probabilities (`allgather`) and assembles the same map as one process; rank 0
    /// alone should write it. `progress` then counts this rank's placements. Every rank must
    /// call this with the same input and configuration.
    ///
    /// ```swift
    /// let result = try analysis.map(for: input, communicator: communicator)
    /// if communicator.isRoot { try result.map.write(to: output) }
    /// ```
    /// - Throws: ``InterpretabilityError`` for a bad input, mask or output, and the layers' and
    ///   the communicator's errors.
    public func map(
        for input: Tensor, communicator: any Communicator = SingleProcessCommunicator.shared,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> OcclusionMap {
        let placements = try placements(for: input)
        let (baselineProbability, masked) = try sharedMaskedProbabilities(
            for: input, count: placements.count, communicator: communicator, progress: progress)
        let unchanged = UnchangedPlacements(input: input, placements: placements, fill: configuration.fillValue)
        let (height, width) = (input.shape[2], input.shape[3])
        let target = configuration.target
        func measure(_ p: Float) -> Float { target == .label ? (p >= 0.5 ? 1 : 0) : p }
        let baseline = measure(baselineProbability)
        var accumulator = OcclusionAccumulator(height: height, width: width)
        var unchangedCount = 0
        for index in 0..<placements.count {
            let (row, column) = placements[index]
            if unchanged.contains(index) { unchangedCount += 1 }
            accumulator.add(Double(baseline) - Double(measure(masked[index])), row: row, column: column, size: placements.maskSize)
        }
        let meanChange = accumulator.average()
        return OcclusionMap(
            map: try SensitivityMap(unnormalized: meanChange, width: width, height: height), meanChange: meanChange,
            inputHeight: height, inputWidth: width, baselineProbability: baselineProbability, baseline: baseline,
            target: target, placementCount: placements.count, unchangedPlacementCount: unchangedCount)
    }

    /// The occlusion map of a prepared magnetogram, brought back onto the magnetogram (the
    /// paper's bicubic resize, see ``MagnetogramInput/projectOntoMagnetogram(_:)``) and then
    /// normalised, so that it overlays it.
    /// The placements are shared among the ranks of `communicator` as in
    /// ``map(for:communicator:progress:)-(Tensor,_,_)``.
    /// - Throws: As ``map(for:communicator:progress:)-(Tensor,_,_)``.
    public func map(
        for input: MagnetogramInput, communicator: any Communicator = SingleProcessCommunicator.shared,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> OcclusionMap {
        let result = try map(for: input.tensor, communicator: communicator, progress: progress)
        return OcclusionMap(
            map: try input.sensitivityMap(result.meanChange), meanChange: result.meanChange,
            inputHeight: result.inputHeight, inputWidth: result.inputWidth,
            baselineProbability: result.baselineProbability, baseline: result.baseline, target: result.target,
            placementCount: result.placementCount, unchangedPlacementCount: result.unchangedPlacementCount)
    }

    /// ``maskedProbabilities(for:range:progress:)`` of all `count` placements, each rank
    /// evaluating a block of whole batches (so every batch is the one a single process
    /// evaluates) and receiving the other ranks' blocks.
    private func sharedMaskedProbabilities(
        for input: Tensor, count: Int, communicator: any Communicator, progress: ((Int, Int) -> Void)?
    ) throws -> (baseline: Float, masked: [Float]) {
        guard communicator.size > 1 else { return try maskedProbabilities(for: input, progress: progress) }
        let batchSize = configuration.batchSize
        let batches = (count + batchSize - 1) / batchSize
        let blocks = WorkShare.contiguous(count: batches, rank: communicator.rank, size: communicator.size)
        let mine = min(blocks.lowerBound * batchSize, count)..<min(blocks.upperBound * batchSize, count)
        let (baseline, masked) = try maskedProbabilities(for: input, range: mine, progress: progress)
        let all = try communicator.allgather(masked).flatMap { $0 }
        guard all.count == count else {
            throw InterpretabilityError.invalidArgument(
                name: "gathered placements", value: "\(all.count)", reason: "the ranks sent \(all.count) of \(count) placements")
        }
        return (baseline, all)
    }

    /// The input repeated once per placement of `indices`, each masked with `fill`.
    static func maskedInputs(_ input: Tensor, placements: OcclusionPlacements, indices: [Int], fill: Float) throws -> Tensor {
        let (channels, height, width) = (input.shape[1], input.shape[2], input.shape[3])
        let sample = channels * height * width, mask = placements.maskSize
        var batch = try Tensor(shape: [indices.count, channels, height, width])
        batch.withUnsafeMutableBufferPointer { target in
            input.withUnsafeBufferPointer { source in
                for (b, index) in indices.enumerated() {
                    let destination = target.baseAddress! + b * sample
                    destination.update(from: source.baseAddress!, count: sample)
                    let (row, column) = placements[index]
                    for channel in 0..<channels {
                        for y in row..<(row + mask) {
                            (destination + (channel * height + y) * width + column).update(repeating: fill, count: mask)
                        }
                    }
                }
            }
        }
        return batch
    }
}
