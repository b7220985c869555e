import Foundation
import NeuralCore

/// What the image and video batch sources share: the items, the loader, the augmentation and
/// the current epoch (which only ``Augmentation/random(transforms:seed:)`` reads).
final class LazyBatchCore: @unchecked Sendable {
    let items: [BatchItem]
    let loader: FrameLoader
    let augmentation: Augmentation
    let framesPerItem: Int

    private let lock = NSLock()
    private var currentEpoch = 1

    init(items: [BatchItem], framesPerItem: Int, preparation: SamplePreparation, dataSet: PreparedDataSet?,
         augmentation: Augmentation, parallel: Bool) throws {
        try augmentation.validate(width: preparation.width, height: preparation.height)
        if let dataSet, try PreparedDataSet.json(of: dataSet.preparation) != PreparedDataSet.json(of: preparation) {
            throw DatasetsError.invalidValue(
                what: "prepared data set \(dataSet.url.path)", value: try PreparedDataSet.json(of: dataSet.preparation),
                reason: "the batch source's preparation is \(try PreparedDataSet.json(of: preparation))")
        }
        try BatchItem.validate(items, frames: framesPerItem)
        self.items = items
        self.framesPerItem = framesPerItem
        self.augmentation = augmentation
        loader = FrameLoader(preparation: preparation, dataSet: dataSet, parallel: parallel)
    }

    var epoch: Int {
        get { lock.withLock { currentEpoch } }
        set { lock.withLock { currentEpoch = newValue } }
    }

    var count: Int { items.count * augmentation.multiplicity }

    func assignment(_ index: Int) throws -> (item: Int, transform: AugmentationTransform) {
        guard index >= 0, index < count else {
            throw DatasetsError.invalidValue(what: "sample index", value: "\(index)", reason: "outside 0..<\(count)")
        }
        return augmentation.assignment(sample: index, epoch: epoch)
    }

    func labels(_ indices: [Int]) throws -> Tensor {
        try Tensor(shape: [indices.count], scalars: indices.map { try items[assignment($0).item].label })
    }

    /// The inputs `[k] + sampleShape` (`sampleShape` has `framesPerItem * H * W` values) and labels.
    func batch(_ indices: [Int], sampleShape: [Int]) throws -> (inputs: Tensor, labels: Tensor) {
        let plane = loader.preparation.width * loader.preparation.height
        var jobs: [FrameLoader.Job] = []
        jobs.reserveCapacity(indices.count * framesPerItem)
        var labels: [Float] = []
        labels.reserveCapacity(indices.count)
        for (row, index) in indices.enumerated() {
            let (itemIndex, transform) = try assignment(index)
            let item = items[itemIndex]
            labels.append(item.label)
            for (frame, path) in item.framePaths.enumerated() {
                jobs.append(.init(
                    path: path, latitude: item.latitude, transform: transform, offset: (row * framesPerItem + frame) * plane))
            }
        }
        var inputs = try Tensor(shape: [indices.count] + sampleShape)
        try inputs.withUnsafeMutableBufferPointer { try loader.load(jobs, into: $0) }
        return (inputs, try Tensor(shape: [indices.count], scalars: labels))
    }
}
