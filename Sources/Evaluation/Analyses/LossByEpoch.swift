import Foundation
import NeuralCore

/// The mean training and validation loss per epoch over the folds of a cross-validation, with
/// their standard deviation: Bhattacharjee et al. (2020), Fig. 13 ("mean cross-validation
/// training and validation loss with the progression of training epochs ... 1σ error bars").
///
/// An epoch's mean is over the folds that trained it (early stopping may end a fold sooner;
/// ``Epoch/folds`` counts them). The standard deviation is the sample one (`nil` for one fold).
///
/// ```swift
/// let curve = LossByEpoch(crossValidation.folds.map(\.history))
/// try curve.write(csv: URL(fileURLWithPath: "loss_by_epoch.csv"))
/// try curve.figure().write(to: URL(fileURLWithPath: "loss_by_epoch.svg"))
/// ```
public struct LossByEpoch: Sendable, EvaluationExportable {
    /// One epoch over the folds.
    public struct Epoch: Sendable, Hashable {
        /// The epoch, from 1.
        public var epoch: Int
        /// Folds that trained it.
        public var folds: Int
        /// Mean and standard deviation of the training loss.
        public var loss: Double, lossStandardDeviation: Double?
        /// Mean and standard deviation of the validation loss (`nil`: no fold validated).
        public var validationLoss: Double?, validationLossStandardDeviation: Double?
    }

    /// The epochs, in order.
    public var epochs: [Epoch]

    /// The curve of these fold histories.
    public init(_ histories: [TrainingHistory]) {
        let last = histories.flatMap { $0.epochs.map(\.epoch) }.max() ?? 0
        epochs = last < 1 ? [] : (1...last).compactMap { epoch in
            let records = histories.compactMap { $0.epochs.first { $0.epoch == epoch } }
            guard !records.isEmpty else { return nil }
            let losses = records.map(\.loss), validation = records.compactMap(\.validationLoss)
            return Epoch(
                epoch: epoch, folds: records.count, loss: Self.mean(losses), lossStandardDeviation: Self.deviation(losses),
                validationLoss: validation.isEmpty ? nil : Self.mean(validation), validationLossStandardDeviation: Self.deviation(validation))
        }
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    static func deviation(_ values: [Double]) -> Double? {
        guard values.count > 1 else { return nil }
        let m = mean(values)
        return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
    }

    public var jsonObject: [String: Any] {
        func number(_ value: Double?) -> Any { value.flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
        return ["epochs": epochs.map { e -> [String: Any] in
            ["epoch": e.epoch, "folds": e.folds, "loss": number(e.loss), "loss_std": number(e.lossStandardDeviation),
             "val_loss": number(e.validationLoss), "val_loss_std": number(e.validationLossStandardDeviation)]
        }]
    }

    public func csv() -> String {
        csvText(
            header: ["epoch", "folds", "loss", "loss_std", "val_loss", "val_loss_std"],
            rows: epochs.map { e in
                ["\(e.epoch)", "\(e.folds)", csvField(e.loss), csvField(e.lossStandardDeviation), csvField(e.validationLoss),
                 csvField(e.validationLossStandardDeviation)]
            })
    }

    /// Fig. 13: the two mean curves with ±1σ error bars.
    public func figure(title: String? = "Loss per epoch (mean ± 1σ over folds)") throws -> Figure {
        let x = epochs.map { Double($0.epoch) }
        var means = [epochs.map(\.loss)], errors = [epochs.map { $0.lossStandardDeviation ?? 0 }], labels = ["training"]
        if epochs.contains(where: { $0.validationLoss != nil }) {
            means.append(epochs.map { $0.validationLoss ?? .nan })
            errors.append(epochs.map { $0.validationLossStandardDeviation ?? 0 })
            labels.append("validation")
        }
        return try Figure.curvesWithErrorBars(
            x: x, means: means, errors: errors, labels: labels, xLabel: "Epoch", yLabel: "Loss", title: title)
    }
}
