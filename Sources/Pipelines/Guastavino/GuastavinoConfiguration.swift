import Architectures
import Datasets
import Foundation
import Losses
import NeuralCore
import Resampling

/// Every setting of the Guastavino et al. (2022) pipeline: an LRCN on 24-hour videos, trained
/// with the score-oriented loss on the TSS over balanced training/validation/test triples,
/// repeated over random realisations.
///
/// The defaults are the paper's (Sects. 2-4): 40 frames at 36 minutes, 128 x 128 frames,
/// 3000/750/750 samples per triple at the paper's class rates, rotations and flips, SOL on the
/// TSS (uniform threshold distribution), Adam, 100 epochs of 128, 10 realisations, the M1+ task.
/// The best epoch is chosen on the validation TSS, the test set is scored once.
///
/// ```swift
/// var configuration = GuastavinoConfiguration()
/// configuration.video = VideoSpecification(frameCount: 8, cadence: 3 * 3600)
/// configuration.frameSize = 32
/// configuration.realisations = 3
/// ```
public struct GuastavinoConfiguration: Sendable {
    /// The LRCN with its frame size, which ``frameSize`` reads and sets (assign a network
    /// first, then the size); its frame count is set from ``video``.
    public var architecture = LRCNConfiguration()
    /// Frames per video and their cadence.
    public var video = VideoSpecification.guastavino2022
    /// Square frame size, pixels (the paper: 128): the network's own
    /// (``LRCNConfiguration/frameSize`` of ``architecture``), held nowhere else.
    public var frameSize: Int {
        get { architecture.frameSize }
        set { architecture.frameSize = newValue }
    }
    /// How field values become inputs. Default: NaN to 0, in kG, not clipped. The geometry is
    /// set by the pipeline from ``frameSize`` and ``interpolation``.
    public var preprocessing = InputPreprocessing(nanFill: 0, scale: 1e-3)
    /// How frames are resized to ``frameSize`` (the paper, Sect. 3: bilinear). Recorded in the
    /// weight files.
    public var interpolation: ResizeMethod = .bilinear
    /// Which flares count as positive.
    public var task: FlareTask = .m1
    /// Samples per training, validation and test set.
    public var sizes = BalancedSetSizes(training: 3000, validation: 750, test: 750)
    /// The class rates of every set.
    public var rates: PerSampleClass<Double> = .guastavino2022Rates
    /// What to do when the archive cannot fill the sets at those rates.
    public var shortfallPolicy: ShortfallPolicy = .scaleDown
    /// Random realisations of the triple.
    public var realisations: Int = 10
    /// The loss: the score-oriented loss on the TSS, uniform threshold distribution.
    public var loss: TrainingLoss = .scoreOriented(.trueSkillStatistic, .uniform)
    /// Random rotations and flips of the training videos (each epoch draws anew), or, with
    /// ``expandsEverySet``, the transforms every video of every set appears under.
    public var augmentation: [AugmentationTransform] = AugmentationTransform.guastavino2022
    /// The paper's expansion (Sect. 5): each of the three sets holds every video once per
    /// transform of ``augmentation`` (3000/750/750 became 15 000/3750/3750), and validation and
    /// test are scored on the expanded sets. `false` (FlareKit's default): one random transform
    /// per training video and epoch, validation and test on the videos as they are.
    public var expandsEverySet = false
    /// Epochs and minibatch size.
    public var epochs: Int = 100
    public var batchSize: Int = 128
    /// The optimizer (Adam at 1e-3).
    public var optimizer: TrainingOptimizer = .adam(learningRate: 1e-3)
    /// Probability at or above which a sample is predicted flaring.
    public var threshold: Double = 0.5
    /// The seed of the triples, the initial weights, the batch order and the augmentation.
    public var seed: UInt64 = 1

    /// The paper's settings.
    public init() {}

    /// The LRCN with ``video``'s frame count applied.
    public var sizedArchitecture: ArchitectureConfiguration {
        var lrcn = architecture
        lrcn.frames = video.frameCount
        return .lrcn(lrcn)
    }

    /// Throws ``PipelinesError/invalidSetting(name:value:reason:)`` for values out of their
    /// domain, including a size whose estimated training memory exceeds the memory available.
    public func validate() throws {
        try validate(checkingTrainingMemory: true)
    }

    /// As ``validate()``; without the training-memory check when nothing will be trained
    /// (assembling finished splits).
    func validate(checkingTrainingMemory: Bool) throws {
        let checks: [(String, Int, Int)] = [
            ("frameSize", frameSize, 8), ("realisations", realisations, 1), ("epochs", epochs, 1), ("batchSize", batchSize, 1),
            ("video.frameCount", video.frameCount, 1),
        ]
        for (name, value, minimum) in checks where value < minimum {
            throw PipelinesError.invalidSetting(name: name, value: "\(value)", reason: "must be at least \(minimum)")
        }
        guard optimizer.learningRate.isFinite, optimizer.learningRate > 0 else {
            throw PipelinesError.invalidSetting(name: "learning rate", value: "\(optimizer.learningRate)", reason: "must be positive")
        }
        guard threshold > 0, threshold < 1 else {
            throw PipelinesError.invalidSetting(name: "threshold", value: "\(threshold)", reason: "must lie in (0, 1)")
        }
        guard sizes.training > 0, sizes.validation > 0, sizes.test > 0 else {
            throw PipelinesError.invalidSetting(
                name: "sizes", value: "\(sizes.training)/\(sizes.validation)/\(sizes.test)", reason: "every set needs samples")
        }
        try ArchitectureCheck.check(
            sizedArchitecture, setting: "frameSize", value: frameSize, batchSize: batchSize, checkingMemory: checkingTrainingMemory)
    }
}
