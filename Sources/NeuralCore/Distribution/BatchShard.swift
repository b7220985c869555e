/// This rank's part of one global training batch, which `fit` hands to the layers whose training
/// forward pass depends on more than their own sample: BatchNorm (statistics over the global
/// batch) and Dropout (masks keyed by each sample's place in the global batch).
///
/// With it, a batch computed by N ranks gives the same result as the whole batch computed by one
/// process: the layers sum their statistics over ranks with ``communicator``, and random choices
/// do not depend on which rank draws them.
public struct BatchShard {
    /// The ranks that share the batch.
    public var communicator: any Communicator
    /// The samples of the global batch.
    public var globalSamples: Int
    /// The place of this rank's first sample in the global batch.
    public var firstSample: Int
    /// The samples this rank computes. A rank with no sample of its own still runs the step
    /// (every collective is called by every rank) on a stand-in sample that contributes nothing:
    /// then ``contributes`` is false and this count is that of the stand-in.
    public var localSamples: Int
    /// Whether this rank's samples belong to the batch (false for a stand-in).
    public var contributes: Bool

    /// Creates the shard.
    public init(communicator: any Communicator, globalSamples: Int, firstSample: Int, localSamples: Int, contributes: Bool = true) {
        self.communicator = communicator
        self.globalSamples = globalSamples
        self.firstSample = firstSample
        self.localSamples = localSamples
        self.contributes = contributes
    }

    /// The whole batch of `samples` in one process.
    public static func whole(_ samples: Int) -> BatchShard {
        BatchShard(communicator: SingleProcessCommunicator.shared, globalSamples: samples, firstSample: 0, localSamples: samples)
    }

    /// Whether collectives are needed (more than one rank).
    public var isDistributed: Bool { communicator.size > 1 }
}

/// A layer whose training forward pass needs to know the global batch it computes a part of
/// (see ``BatchShard``). `fit` sets ``batchShard`` on every such layer of the model before each
/// training step and clears it afterwards; a layer without a shard treats its input as the
/// whole batch, one sample per row.
public protocol BatchShardAware: Layer {
    /// The current shard, or `nil` outside `fit`.
    var batchShard: BatchShard? { get set }
}

extension Layer {
    /// Every layer of the model, the layers inside a ``WrappingLayer`` included.
    func allLayers() -> [any Layer] {
        namedLayers().flatMap { entry -> [any Layer] in
            guard let wrapper = entry.layer as? any WrappingLayer else { return [entry.layer] }
            return [entry.layer] + wrapper.wrapped.allLayers()
        }
    }

    /// Sets (or, with `nil`, clears) the batch shard of every ``BatchShardAware`` layer.
    public func setBatchShard(_ shard: BatchShard?) {
        var seen = Set<ObjectIdentifier>()
        for layer in allLayers() {
            guard seen.insert(ObjectIdentifier(layer)).inserted, let aware = layer as? any BatchShardAware else { continue }
            aware.batchShard = shard
        }
    }
}

/// Derives independent seeds from a seed and counters (SplitMix64 finalisation per value), for
/// random choices keyed by where they happen: augmentation by (seed, epoch, sample), dropout
/// masks by (layer step key, sample's place in the global batch).
public enum SeedMixing {
    /// The seed derived from `values`, in order.
    public static func mix(_ values: UInt64...) -> UInt64 {
        var state: UInt64 = 0x6A09_E667_F3BC_C909
        for value in values {
            state = finalise((state ^ value) &+ 0x9E37_79B9_7F4A_7C15)
        }
        return state
    }

    private static func finalise(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
