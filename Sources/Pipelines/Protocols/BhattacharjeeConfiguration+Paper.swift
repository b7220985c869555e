import Architectures
import Datasets
import Foundation
import NeuralCore

extension BhattacharjeeConfiguration {
    /// The networks of Bhattacharjee et al. (2020).
    public enum Network: String, Sendable, Hashable, CaseIterable {
        /// CNN-1 (Fig. 1), trained with the custom loss of Eqs. A4-A5.
        case cnn1
        /// CNN-2 (Fig. 3), trained with the weighted cross-entropy of Eq. A3, C = 4.5.
        case cnn2
    }

    /// The number of epochs the paper preset trains. The paper shows the loss per epoch
    /// (Fig. 13) without saying how many epochs it trained; at SGD's 5e-6 the loss is still
    /// falling after tens of epochs, so the preset trains 50. `--epochs` overrides it.
    public static let paperEpochs = 50

    /// Bhattacharjee et al. (2020) as published (Sects. 2-4.1, Appendix A): minibatch SGD at a
    /// learning rate of 5e-6, batches of 64; batch normalisation before each convolution and
    /// leaky ReLU (the architectures' defaults); the weighted cross-entropy of Eq. A3 with
    /// C = 4.5 for CNN-2 or the custom loss of Eqs. A4-A5 for CNN-1; bicubic resizing to 128 or
    /// 256 pixels; the field in gauss, not clipped; 3 parts per class x 10 rounds, AR-grouped,
    /// validated on the held-out part (no inner split, the last epoch's weights); threshold 0.5;
    /// regions from 1 October 2015 on held out as the chronological test set, scored by every
    /// fold's model. Where the paper is silent, ``paperChoices`` says what the preset chose.
    ///
    /// ```swift
    /// var configuration = BhattacharjeeConfiguration.paper(network: .cnn1, inputSize: 128)
    /// configuration.epochs = 20          // any setting can still be changed
    /// ```
    public static func paper(network: Network = .cnn2, inputSize: Int = 256) -> BhattacharjeeConfiguration {
        var c = BhattacharjeeConfiguration()
        c.architecture = network == .cnn1 ? .cnn1(CNN1Configuration()) : .cnn2(CNN2Configuration())
        c.inputSize = inputSize
        c.preprocessing = InputPreprocessing(nanFill: 0)
        c.interpolation = .bicubic
        c.parts = 3
        c.repetitions = 10
        c.innerValidationParts = nil
        c.epochs = paperEpochs
        c.batchSize = 64
        c.optimizer = .sgd(learningRate: 5e-6, momentum: 0)
        c.loss = network == .cnn1 ? .cnn1Custom : .weightedCrossEntropy(positiveWeight: 4.5)
        c.augmentation = []
        c.threshold = 0.5
        c.chronologicalTest = ChronologicalSplit()
        return c
    }

    /// Where this configuration departs from the paper's protocol, with the reason for each
    /// (empty for ``paper(network:inputSize:)`` unchanged).
    public var departuresFromPaper: [ProtocolNote] {
        let network: Network = if case .cnn1 = architecture { .cnn1 } else { .cnn2 }
        let paper = BhattacharjeeConfiguration.paper(network: network, inputSize: inputSize)
        var notes: [ProtocolNote] = []
        func note(_ setting: String, _ value: String, _ paperValue: String, _ reason: String) {
            if value != paperValue { notes.append(ProtocolNote(setting: setting, value: value, paper: paperValue, reason: reason)) }
        }
        note("network", architecture.layerSizeDescription, paper.architecture.layerSizeDescription,
             "a smaller network trains in minutes (the demo's sizes); its scores are not the paper's network's")
        note("optimizer", optimizer.description, paper.optimizer.description,
             "SGD at 5e-6 needs many more epochs than a laptop can give; Adam at 1e-3 converges in about 20")
        note("minibatch", "\(batchSize)", "\(paper.batchSize)", "set for this run")
        note("loss", loss.description, paper.loss.description, "set for this run")
        note("interpolation", interpolation.rawValue, paper.interpolation.rawValue,
             "bilinear is what Guastavino et al. use; both are TensorFlow-exact")
        note("input scale", preprocessing.scale == 1 ? "gauss" : "\(preprocessing.scale) x gauss (kG at 0.001)", "gauss",
             "values of order one in the first layer")
        note("clip", preprocessing.clip.map { "±\(Int($0)) G" } ?? "none", "none",
             "a clip makes every field above it look the same to the network")
        note("NaN fill", "\(preprocessing.nanFill)", "\(paper.preprocessing.nanFill)", "set for this run")
        note("Hale/Joy normalisation", preprocessing.haleJoyNormalization ? "on" : "off", "off",
             "the paper's main models are trained without it; Sect. 4.4 retrains one with it")
        note("early stopping", innerValidationParts.map { "best epoch on 1/\($0) of the training regions" } ?? "none, last epoch",
             "none, last epoch",
             "the paper tuned on the same held-out parts it reports; an inner split keeps the held-out part a test set")
        note("cross-validation", "\(parts) parts x \(repetitions) rounds", "3 parts x 10 rounds", "set for this run")
        note("augmentation", augmentation.isEmpty ? "none" : augmentation.map(\.rawValue).joined(separator: ", "), "none",
             "rotations and flips make a model of few regions memorise less")
        note("threshold", "\(threshold)", "0.5", "set for this run")
        note("chronological test set", chronologicalTest.map { "regions from \(Self.day($0.cut)) on" } ?? "none",
             "regions from 2015-10-01 on", "set for this run")
        return notes
    }

    /// Choices this configuration makes where the paper is silent.
    public var paperChoices: [ProtocolNote] {
        [ProtocolNote(setting: "epochs", value: "\(epochs)", paper: nil,
                      reason: "Fig. 13 shows the loss per epoch but not how many epochs were trained")]
    }

    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}
