import NeuralCore

/// The validated scalars of a `[N]` / `[N, 1]` prediction-label pair.
struct BinaryBatch {
    var predictions: [Float]
    var labels: [Float]

    init(_ predictions: Tensor, _ labels: Tensor, predictionsAreProbabilities: Bool = true) throws {
        try checkBinaryShapes(predictions, labels)
        try checkValues(predictions.scalars, what: "prediction", unitInterval: false)
        try checkValues(labels.scalars, what: "label", unitInterval: true)
        self.predictions = predictions.scalars
        self.labels = labels.scalars
    }

    var count: Int { predictions.count }
}
