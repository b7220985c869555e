import Architectures
import Datasets
import Foundation
import NeuralCore

extension BhattacharjeeConfiguration {
    /// The CNN protocol `flarekit demo` trains (``DemoConfiguration``), also
    /// `flarekit train --protocol demo`: networks small enough to train in minutes on two cores.
    ///
    /// Compared with FlareKit's defaults (``init()``): CNN-2 with stem filters 16 and 32 and
    /// 16 filters per inception branch (Documentation/Architectures.md: 32, 64 and 32), CNN-1 as published;
    /// 32 x 32 inputs, 3 rounds of 8 epochs in batches of 32, weighted cross-entropy with the
    /// weight from the class ratio, and random rotations and flips of the training inputs.
    /// Results at these sizes say that the pipeline works, not what the papers' networks score.
    ///
    /// ```swift
    /// let c = BhattacharjeeConfiguration.demo(network: .cnn2, seed: 7)
    /// c.inputSize     // 32
    /// ```
    public static func demo(network: Network = .cnn2, seed: UInt64 = 2012) -> BhattacharjeeConfiguration {
        var c = BhattacharjeeConfiguration()
        c.architecture = network == .cnn1 ? .cnn1(CNN1Configuration()) : .cnn2(.demo)
        c.inputSize = 32
        c.repetitions = 3
        c.epochs = 8
        c.batchSize = 32
        c.loss = .weightedCrossEntropy(positiveWeight: nil)
        c.augmentation = AugmentationTransform.guastavino2022
        c.seed = seed
        return c
    }
}

extension GuastavinoConfiguration {
    /// The LRCN protocol `flarekit demo` trains (``DemoConfiguration``), also
    /// `flarekit train --arch lrcn --protocol demo`: a network small enough for 32 x 32 frames
    /// and minutes of training on two cores.
    ///
    /// Compared with FlareKit's defaults (``init()``): two convolutions (16 filters of 5 x 5,
    /// 32 of 3 x 3) instead of four (32 filters of 7, 5, 3, 3, which need frames of at least
    /// 72 pixels), 32 dense and 25 LSTM units (64 and 50), BatchNorm momentum 0.9; videos of
    /// 8 frames at 144 minutes of 32 x 32 pixels; balanced sets of 1200/300/300 built even when
    /// a class falls short (``ShortfallPolicy/report``: a small archive has few M1+ flares),
    /// 5 realisations of 10 epochs in batches of 32, the C1+ task by default.
    ///
    /// ```swift
    /// let c = GuastavinoConfiguration.demo(task: .c1)
    /// c.architecture.filters     // [16, 32]
    /// ```
    public static func demo(task: FlareTask = .c1, seed: UInt64 = 2012) -> GuastavinoConfiguration {
        var c = GuastavinoConfiguration()
        c.architecture = .demo
        c.video = VideoSpecification(frameCount: 8, cadence: 144 * 60)
        c.frameSize = 32
        c.task = task
        c.sizes = BalancedSetSizes(training: 1200, validation: 300, test: 300)
        c.shortfallPolicy = .report
        c.realisations = 5
        c.epochs = 10
        c.batchSize = 32
        c.seed = seed
        return c
    }
}

extension CNN2Configuration {
    /// The demo's CNN-2: stem filters 16 and 32, 16 filters per inception branch (the input
    /// size is the protocol's, see ``BhattacharjeeConfiguration/demo(network:seed:)``).
    public static var demo: CNN2Configuration {
        var c = CNN2Configuration()
        c.stemFilters = [16, 32]
        c.inceptionFilters = 16
        return c
    }
}

extension LRCNConfiguration {
    /// The demo's LRCN: convolutions of 16 (5 x 5) and 32 (3 x 3) filters, 32 dense and 25 LSTM
    /// units, BatchNorm momentum 0.9 (few batches: the moving statistics must converge); the
    /// frame count and size are the protocol's (8 frames of 32 x 32 in
    /// ``GuastavinoConfiguration/demo(task:seed:)``).
    public static var demo: LRCNConfiguration {
        var c = LRCNConfiguration()
        c.filters = [16, 32]
        c.kernelSizes = [5, 3]
        c.denseUnits = 32
        c.lstmUnits = 25
        c.batchNormMomentum = 0.9
        return c
    }
}
