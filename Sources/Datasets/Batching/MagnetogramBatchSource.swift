import Foundation
import NeuralCore

/// A lazy `BatchSource` of single magnetograms for CNN-1 and CNN-2: inputs `[N, 1, H, W]`,
/// labels `[N]`. It holds only the items (paths and labels); a batch reads its FITS files,
/// prepares them (``SamplePreparation``; read from a ``PreparedDataSet`` when one is given),
/// augments them and returns; memory is bounded by the batch. The files of a batch are loaded
/// in parallel on all cores, with the same result as one by one.
///
/// Random augmentation changes with the epoch. NeuralCore's `fit` does not tell a source the
/// epoch, but it calls its callbacks: pass the source among them (it is a `TrainingCallback`
/// that records the epoch in `epochWillBegin`), or set ``epoch`` yourself in another loop.
/// Without either, every epoch uses epoch 1's transforms. A validation source should use
/// ``Augmentation/none`` or ``Augmentation/expanded(transforms:)``.
///
/// ```swift
/// let preparation = try SamplePreparation()            // 128 x 128, bilinear
/// let items = trainingSamples.map { BatchItem(observation: $0.observation, label: Float($0.regionLabel)) }
/// let training = try MagnetogramBatchSource(
///     items: items, preparation: preparation,
///     dataSet: try PreparedDataSetCache(directory: cacheURL).dataSet(for: items, preparation: preparation),
///     augmentation: .random(transforms: AugmentationTransform.guastavino2022, seed: 1))
/// try fit(model: model, loss: loss, optimizer: adam, data: training, validation: validation,
///         configuration: configuration, callbacks: [training])
/// ```
public final class MagnetogramBatchSource: BatchSource, TrainingCallback, @unchecked Sendable {
    let core: LazyBatchCore

    /// Creates the source.
    /// - Parameters:
    ///   - items: one frame path per item.
    ///   - preparation: how files become inputs.
    ///   - dataSet: the prepared inputs (``PreparedDataSetCache``) to read frames from instead of
    ///     preparing their FITS files (`nil`: none; frames it lacks are prepared from their file).
    ///   - augmentation: none, random per epoch, or expanded.
    ///   - parallelLoading: load a batch's files on all cores.
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` for an item without exactly one
    ///   path or with a non-finite label, and for quarter turns of non-square inputs.
    public init(
        items: [BatchItem], preparation: SamplePreparation, dataSet: PreparedDataSet? = nil,
        augmentation: Augmentation = .none, parallelLoading: Bool = true
    ) throws {
        core = try LazyBatchCore(
            items: items, framesPerItem: 1, preparation: preparation, dataSet: dataSet, augmentation: augmentation,
            parallel: parallelLoading)
    }

    /// The items.
    public var items: [BatchItem] { core.items }
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

    /// The prepared, augmented inputs `[k, 1, H, W]` and labels `[k]` of the samples at `indices`.
    /// - Throws: ``DatasetsError`` for an index out of range; the reader's `MagnetogramError`
    ///   naming a file that cannot be read; the preparation's errors and the data set's read errors.
    public func batch(_ indices: [Int]) throws -> (inputs: Tensor, labels: Tensor) {
        try core.batch(indices, sampleShape: preparation.sampleShape)
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
