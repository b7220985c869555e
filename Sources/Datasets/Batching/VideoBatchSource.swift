import Foundation
import NeuralCore

/// A lazy `BatchSource` of videos for the LRCN: inputs `[N, T, 1, H, W]`, labels `[N]`.
/// Everything works as in ``MagnetogramBatchSource`` (lazy loading, prepared data set, parallel loading,
/// augmentation, the epoch through `fit`'s callbacks); all frames of a video get the same
/// transform and the same Hale/Joy decision (from the item's latitude).
///
/// ```swift
/// let result = try VideoSampler(.guastavino2022).videos(endingAt: samples, from: archive)
/// let items = zip(result.videos, labels).compactMap { frames, label in frames.map { BatchItem(video: $0, label: label) } }
/// let videos = try VideoBatchSource(items: items, preparation: try SamplePreparation())
/// let (x, y) = try videos.batch([0, 1])      // x: [2, 40, 1, 128, 128]
/// ```
public final class VideoBatchSource: BatchSource, TrainingCallback, @unchecked Sendable {
    let core: LazyBatchCore

    /// Creates the source.
    /// - Parameters:
    ///   - items: the frame paths of each video, oldest first, all of one length `T`.
    ///   - frameCount: `T`; by default the first item's frame count.
    ///   - preparation, dataSet, augmentation, parallelLoading: as for ``MagnetogramBatchSource``.
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` for items of another length
    ///   (or no frames) or with a non-finite label, and for quarter turns of non-square inputs.
    public init(
        items: [BatchItem], frameCount: Int? = nil, preparation: SamplePreparation, dataSet: PreparedDataSet? = nil,
        augmentation: Augmentation = .none, parallelLoading: Bool = true
    ) throws {
        let frames = frameCount ?? items.first?.framePaths.count ?? 1
        guard frames >= 1 else {
            throw DatasetsError.invalidValue(what: "video frame count", value: "\(frames)", reason: "must be at least 1")
        }
        core = try LazyBatchCore(
            items: items, framesPerItem: frames, preparation: preparation, dataSet: dataSet, augmentation: augmentation,
            parallel: parallelLoading)
    }

    /// The items.
    public var items: [BatchItem] { core.items }
    /// The frames per video, `T`.
    public var frameCount: Int { core.framesPerItem }
    /// The preparation.
    public var preparation: SamplePreparation { core.loader.preparation }
    /// The prepared data set frames are read from, if any.
    public var dataSet: PreparedDataSet? { core.loader.dataSet }
    /// The augmentation.
    public var augmentation: Augmentation { core.augmentation }

    /// The epoch (from 1) whose random transforms batches use.
    public var epoch: Int {
        get { core.epoch }
        set { core.epoch = newValue }
    }

    /// The number of samples: the items, times the transforms when expanded.
    public var count: Int { core.count }

    /// The prepared, augmented videos `[k, T, 1, H, W]` and labels `[k]` of the samples at `indices`.
    /// - Throws: as ``MagnetogramBatchSource/batch(_:)``.
    public func batch(_ indices: [Int]) throws -> (inputs: Tensor, labels: Tensor) {
        try core.batch(indices, sampleShape: [frameCount] + preparation.sampleShape)
    }

    /// The labels `[k]` of the samples at `indices`, without reading any file.
    public func labels(_ indices: [Int]) throws -> Tensor {
        try core.labels(indices)
    }

    /// The item and transform of sample `index` in the current epoch.
    public func assignment(of index: Int) throws -> (item: BatchItem, transform: AugmentationTransform) {
        let (item, transform) = try core.assignment(index)
        return (core.items[item], transform)
    }

    /// Records the epoch (called by `fit` when the source is among its callbacks).
    public func epochWillBegin(_ epoch: Int) {
        core.epoch = epoch
    }
}
