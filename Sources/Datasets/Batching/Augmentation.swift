import NeuralCore

/// How a lazy batch source augments its samples. A video's frames all get the same transform.
///
/// - ``none``: samples as prepared (validation and test sets, unless expanded).
/// - ``random(transforms:seed:)``: every epoch, each sample gets one transform drawn uniformly
///   from `transforms` (list `.identity` to keep originals), from a generator seeded by the
///   seed, the epoch and the sample index only: the same seed gives the same transforms
///   whatever the batch order, the batch size or the loading threads.
/// - ``expanded(transforms:)``: Guastavino et al. (2022, Sect. 5) enlarged each set five-fold
///   (3000 training samples to 15 000, and validation and test likewise); every item appears
///   once per transform, so the source has `items x transforms` samples: sample `i` is item
///   `i / transforms.count` under `transforms[i % transforms.count]`.
///
/// ```swift
/// let training = try MagnetogramBatchSource(
///     items: items, preparation: preparation,
///     augmentation: .random(transforms: AugmentationTransform.guastavino2022, seed: 7))
/// ```
public enum Augmentation: Sendable, Hashable {
    /// No augmentation.
    case none
    /// One transform per sample and epoch, drawn from `transforms`.
    case random(transforms: [AugmentationTransform], seed: UInt64)
    /// Each item once per transform.
    case expanded(transforms: [AugmentationTransform])

    /// The transforms used.
    public var transforms: [AugmentationTransform] {
        switch self {
        case .none: [.identity]
        case let .random(transforms, _), let .expanded(transforms): transforms
        }
    }

    /// Samples per item: `transforms.count` when expanded, else 1.
    var multiplicity: Int {
        if case let .expanded(transforms) = self { return transforms.count }
        return 1
    }

    /// The item and transform of sample `index` in `epoch` (from 1).
    func assignment(sample index: Int, epoch: Int) -> (item: Int, transform: AugmentationTransform) {
        switch self {
        case .none:
            return (index, .identity)
        case let .expanded(transforms):
            return (index / transforms.count, transforms[index % transforms.count])
        case let .random(transforms, seed):
            var generator = SeededGenerator(seed: SeedMixing.mix(seed, UInt64(bitPattern: Int64(epoch)), UInt64(index)))
            return (index, transforms[Int(generator.next() % UInt64(transforms.count))])
        }
    }

    /// Checks that there is a transform and that quarter turns meet square inputs.
    func validate(width: Int, height: Int) throws {
        guard !transforms.isEmpty else {
            throw DatasetsError.invalidValue(what: "augmentation", value: "no transforms", reason: "list at least one (.identity keeps originals)")
        }
        if width != height, let turn = transforms.first(where: \.swapsAxes) {
            throw DatasetsError.invalidValue(
                what: "augmentation", value: turn.rawValue,
                reason: "a quarter turn of a \(width)x\(height) input changes its shape; use square inputs or no quarter turns")
        }
    }
}
