import Architectures
import Datasets
import Foundation
import Interpretability
import NeuralCore
import Resampling

/// Every setting of the Bhattacharjee et al. (2020) pipeline: CNN-2 on single line-of-sight
/// magnetograms, weighted cross-entropy, AR-grouped cross-validation, recall versus time to
/// flare, the flux-binned outputs, an occlusion map and a bipole radius sweep.
///
/// The defaults are the paper's (Sect. 4.1, Appendix A): CNN-2 at 256 x 256, 3 parts repeated
/// 10 times, C = 4.5, minibatch 64, threshold 0.5. Departures, all settings:
/// - inputs are resized bilinearly (the paper: bicubic, ``interpolation``) and fed in kG (the
///   paper feeds gauss), see ``preprocessing``; nothing is clipped unless you set
///   ``InputPreprocessing/clip`` (a clip is stored in the weight file, and `flarekit probe`
///   warns when a probed field exceeds it);
/// - the optimizer is Adam at 1e-3 (the paper's 5e-6 with SGD needs far more epochs);
/// - early stopping is decided on ``innerValidationParts`` held out of the *training* regions,
///   and the held-out part is scored only once at the end. The paper tuned its hyperparameters
///   on the same validation TSS it reported, which makes that figure optimistic.
///
/// ```swift
/// var configuration = BhattacharjeeConfiguration()
/// configuration.inputSize = 32          // the demo's reduced size
/// configuration.repetitions = 3
/// ```
public struct BhattacharjeeConfiguration: Sendable {
    /// The network (CNN-2 at 256 x 256 by default; CNN-1 also works) with its input size,
    /// which ``inputSize`` reads and sets: assign a network first, then the size.
    public var architecture: ArchitectureConfiguration = .cnn2(CNN2Configuration())
    /// Square input size, pixels (the paper: 256): the network's own
    /// (``ArchitectureConfiguration/inputSize`` of ``architecture``), held nowhere else.
    public var inputSize: Int {
        get { architecture.inputSize }
        set { architecture.inputSize = newValue }
    }
    /// How field values become inputs. Default: NaN to 0, in kG, not clipped. The geometry is
    /// set by the pipeline from ``inputSize`` and ``interpolation``.
    public var preprocessing = InputPreprocessing(nanFill: 0, scale: 1e-3)
    /// How magnetograms are resized to ``inputSize`` (the paper: bicubic; FlareKit's default:
    /// bilinear). Recorded in the weight files, so `predict`, `evaluate`, `occlusion` and `probe`
    /// prepare inputs the same way.
    public var interpolation: ResizeMethod = .bilinear
    /// Parts each class's regions are split into (one part is held out per round).
    public var parts: Int = 3
    /// Rounds of the split (the paper: 10); each round is one fold of the results.
    public var repetitions: Int = 10
    /// The training regions of each round are split again into this many parts, one of which
    /// decides the best epoch (`nil`: no early stopping; the last epoch is kept).
    public var innerValidationParts: Int? = 4
    /// Epochs per fold.
    public var epochs: Int = 20
    /// Minibatch size.
    public var batchSize: Int = 64
    /// The optimizer (Adam at 1e-3).
    public var optimizer: TrainingOptimizer = .adam(learningRate: 1e-3)
    /// The loss: weighted cross-entropy with the paper's C = 4.5 (`nil` C: each fold's ratio of
    /// nonflaring to flaring training samples, which the paper's 4.5 was on its data).
    public var loss: TrainingLoss = .weightedCrossEntropy(positiveWeight: 4.5)
    /// Random rotations and flips of the training magnetograms, drawn anew each epoch (empty:
    /// none, as in the paper). They leave the flux and the polarity-inversion lines unchanged
    /// and make a model of few regions memorise less.
    public var augmentation: [AugmentationTransform] = []
    /// Probability at or above which a sample is predicted flaring.
    public var threshold: Double = 0.5
    /// The chronological test set (`nil`: none, FlareKit's default; the paper preset: regions
    /// from 1 October 2015 on). Its regions take no part in the cross-validation; every fold's
    /// model is scored on them (``BhattacharjeeResult/chronologicalTest``). A manifest with no
    /// region after the cut has no such test; score a separate test manifest with
    /// `flarekit evaluate` then.
    public var chronologicalTest: ChronologicalSplit?
    /// Train the two SVM baselines of Fig. 5 (right) on every fold (default `true`): RBF SVMs on
    /// the SHARP keywords and on area and line-of-sight flux (``SVMBaselineComparison``).
    public var svmBaselines = true
    /// Retrain every fold with the Hale/Joy normalisation (Sect. 4.4: southern-hemisphere
    /// regions polarity-reversed and flipped north-south) and sweep the bipole radius through
    /// both sets of models for the `-+` and `+-` arrangements (Fig. 11). Default `false`: it
    /// doubles the training time.
    public var haleJoyComparison = false
    /// The magnetogram dimensions (x- and y-resolution of the resized input, degrees per pixel)
    /// of Fig. 10 (right): one radius sweep over ``probeRadii`` each, and the high-to-low peak
    /// radius ratio against the aspect ratio (`peak_ratio.*`). Empty: none. The default is the
    /// paper's Fig. 10 set: y-resolution 0.05 with x-resolution 0.05, 0.09 and 0.13, and
    /// x-resolution 0.09 with y-resolution 0.03 and 0.07. They are the resolutions at the
    /// paper's 256-pixel input: at another ``inputSize`` they are scaled by 256 / inputSize, so
    /// the probe magnetograms are the paper's whatever the input. Radii larger than the
    /// smallest of these magnetograms holds are left out of these sweeps (and logged).
    public var peakRatioResolutions: [BipoleResolution] = BipoleResolution.figure10
    /// The seed of the splits, the initial weights and the batch order.
    public var seed: UInt64 = 1
    /// The occlusion map of the first fold's model on its most confident flaring test sample
    /// (`nil`: none). Mask size and stride are in input pixels.
    public var occlusion: OcclusionConfiguration? = OcclusionConfiguration()
    /// The bipole radii, in Mm on the solar surface (``BipoleProbeSettings/radius``), swept
    /// through every fold's model on the paper's 768 x 427 probe magnetogram
    /// (``BipoleProbeSettings/paper(inputWidth:inputHeight:)``; empty: no sweep). A radius the
    /// magnetogram cannot hold (above 69.9 Mm for the `-+` bipole) is refused.
    public var probeRadii: [Double] = stride(from: 2.5, through: 40, by: 2.5).map { $0 }

    /// The paper's settings (see the type's documentation for the two departures).
    public init() {}

    /// Throws ``PipelinesError/invalidSetting(name:value:reason:)`` for values out of their
    /// domain, including a size whose estimated training memory exceeds the memory available.
    public func validate() throws {
        try validate(checkingTrainingMemory: true)
    }

    /// As ``validate()``; without the training-memory check when nothing will be trained
    /// (assembling finished splits).
    func validate(checkingTrainingMemory: Bool) throws {
        if case .lrcn = architecture {
            throw PipelinesError.invalidSetting(name: "architecture", value: "lrcn", reason: "this pipeline trains CNN-1 or CNN-2")
        }
        let checks: [(String, Int, Int)] = [
            ("inputSize", inputSize, 8), ("parts", parts, 2), ("repetitions", repetitions, 1), ("epochs", epochs, 1),
            ("batchSize", batchSize, 1),
        ]
        for (name, value, minimum) in checks where value < minimum {
            throw PipelinesError.invalidSetting(name: name, value: "\(value)", reason: "must be at least \(minimum)")
        }
        if let inner = innerValidationParts, inner < 2 {
            throw PipelinesError.invalidSetting(name: "innerValidationParts", value: "\(inner)", reason: "must be at least 2")
        }
        guard optimizer.learningRate.isFinite, optimizer.learningRate > 0 else {
            throw PipelinesError.invalidSetting(name: "learning rate", value: "\(optimizer.learningRate)", reason: "must be positive")
        }
        if case let .weightedCrossEntropy(c?) = loss, !(c.isFinite && c > 0) {
            throw PipelinesError.invalidSetting(name: "positive weight C", value: "\(c)", reason: "must be positive")
        }
        guard threshold > 0, threshold < 1 else {
            throw PipelinesError.invalidSetting(name: "threshold", value: "\(threshold)", reason: "must lie in (0, 1)")
        }
        try occlusion?.validate()
        try ArchitectureCheck.check(
            architecture, setting: "inputSize", value: inputSize, batchSize: batchSize, checkingMemory: checkingTrainingMemory)
    }
}
