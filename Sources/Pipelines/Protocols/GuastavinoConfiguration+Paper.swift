import Architectures
import Datasets
import Foundation
import NeuralCore

extension GuastavinoConfiguration {
    /// Guastavino et al. (2022) as published (Sects. 2-5): 40-frame videos at 36 minutes,
    /// frames resized bilinearly to 128 x 128, the field as it is (not scaled, not clipped);
    /// balanced sets of 3000/750/750 at the paper's class rates, each set expanded five-fold by
    /// 90 and 180 degree rotations and horizontal and vertical flips (all three sets, as the
    /// paper does), 10 realisations; the LRCN of Sect. 4; SOL-TSS; Adam, 100 epochs of 128;
    /// the best validation epoch's weights; threshold 0.5; the C1+ or the M1+ task. Where the
    /// paper is silent, ``paperChoices`` says what the preset chose.
    ///
    /// ```swift
    /// let c1 = GuastavinoConfiguration.paper(task: .c1)
    /// let m1 = GuastavinoConfiguration.paper(task: .m1)
    /// ```
    public static func paper(task: FlareTask = .m1) -> GuastavinoConfiguration {
        var c = GuastavinoConfiguration()
        c.task = task
        c.video = .guastavino2022
        c.frameSize = 128
        c.interpolation = .bilinear
        c.preprocessing = InputPreprocessing(nanFill: 0)
        c.sizes = BalancedSetSizes(training: 3000, validation: 750, test: 750)
        c.rates = .guastavino2022Rates
        c.realisations = 10
        c.augmentation = AugmentationTransform.guastavino2022
        c.expandsEverySet = true
        c.loss = .scoreOriented(.trueSkillStatistic, .uniform)
        c.optimizer = .adam(learningRate: 1e-3)
        c.epochs = 100
        c.batchSize = 128
        c.threshold = 0.5
        return c
    }

    /// Where this configuration departs from the paper's protocol, with the reason for each
    /// (empty for ``paper(task:)`` unchanged).
    public var departuresFromPaper: [ProtocolNote] {
        let paper = GuastavinoConfiguration.paper(task: task)
        var notes: [ProtocolNote] = []
        func note(_ setting: String, _ value: String, _ paperValue: String, _ reason: String) {
            if value != paperValue { notes.append(ProtocolNote(setting: setting, value: value, paper: paperValue, reason: reason)) }
        }
        func sets(_ s: BalancedSetSizes) -> String { "\(s.training)/\(s.validation)/\(s.test)" }
        let expansion = augmentation == AugmentationTransform.guastavino2022
            ? "every set expanded five-fold" : "every set expanded by \(augmentation.map(\.rawValue).joined(separator: ", "))"
        note("augmentation", expandsEverySet ? expansion
                : (augmentation.isEmpty ? "none" : "one random transform per training video and epoch"),
             "every set expanded five-fold",
             "a random transform per epoch sees every transform over the epochs at a fifth of the cost, and scores the videos as observed")
        note("network", ArchitectureConfiguration.lrcn(architecture).layerSizeDescription,
             ArchitectureConfiguration.lrcn(paper.architecture).layerSizeDescription,
             "a smaller network takes smaller frames and trains in minutes (the demo's sizes); its scores are not the paper's network's")
        note("video", "\(video.frameCount) frames at \(Int(video.cadence / 60)) min", "40 frames at 36 min", "set for this run")
        note("frame size", "\(frameSize)", "128", "set for this run")
        note("interpolation", interpolation.rawValue, "bilinear", "set for this run")
        note("input scale", preprocessing.scale == 1 ? "gauss" : "\(preprocessing.scale) x gauss (kG at 0.001)", "gauss",
             "values of order one in the first layer")
        note("clip", preprocessing.clip.map { "±\(Int($0)) G" } ?? "none", "none",
             "a clip makes every field above it look the same to the network")
        note("set sizes", sets(sizes), sets(paper.sizes), "set for this run")
        note("realisations", "\(realisations)", "10", "set for this run")
        note("loss", loss.description, paper.loss.description, "set for this run")
        note("optimizer", optimizer.description, paper.optimizer.description, "set for this run")
        note("epochs", "\(epochs)", "100", "set for this run")
        note("minibatch", "\(batchSize)", "128", "set for this run")
        note("threshold", "\(threshold)", "0.5", "set for this run")
        return notes
    }

    /// Choices this configuration makes where the paper is silent.
    public var paperChoices: [ProtocolNote] {
        [
            ProtocolNote(setting: "Adam learning rate", value: "\(optimizer.learningRate)", paper: nil,
                         reason: "the paper names Adam without a rate; 1e-3 is Keras's default"),
            ProtocolNote(setting: "sample times", value: "the manifest's (one per hour by default)", paper: nil,
                         reason: "the paper cuts each region into 24-hour samples; flarekit index --sampling-hours 24 gives one per day"),
            ProtocolNote(setting: "convolution L2", value: "1e-3", paper: nil, reason: "not given in the paper"),
        ]
    }
}
