import Losses

/// Forecasts sorted once so that the confusion matrices at any ascending list of thresholds
/// (p >= t means 1) take one sweep: the sorted probabilities of the positive and of the
/// negative samples.
struct RankedForecasts {
    /// Probabilities of the samples labelled 1, ascending.
    let positives: [Double]
    /// Probabilities of the samples labelled 0, ascending.
    let negatives: [Double]

    /// Sorts checked forecasts (see ``checkForecasts(_:labels:)``).
    init(probabilities: [Double], labels: [Double]) {
        var positives: [Double] = [], negatives: [Double] = []
        for (p, y) in zip(probabilities, labels) {
            if y == 1 { positives.append(p) } else { negatives.append(p) }
        }
        self.positives = positives.sorted()
        self.negatives = negatives.sorted()
    }

    /// Calls `body` with the confusion matrix at each threshold of an ascending list, sweeping
    /// both sorted lists once (O(N + T)).
    func sweep(ascending thresholds: [Double], _ body: (_ threshold: Double, _ confusion: ConfusionMatrix) -> Void) {
        var belowPositive = 0, belowNegative = 0
        for threshold in thresholds {
            while belowPositive < positives.count, positives[belowPositive] < threshold { belowPositive += 1 }
            while belowNegative < negatives.count, negatives[belowNegative] < threshold { belowNegative += 1 }
            let tp = positives.count - belowPositive, fp = negatives.count - belowNegative
            body(threshold, ConfusionMatrix(tp: tp, tn: belowNegative, fp: fp, fn: belowPositive))
        }
    }

    /// Every distinct probability, ascending.
    var distinctProbabilities: [Double] {
        var merged: [Double] = []
        merged.reserveCapacity(positives.count + negatives.count)
        var i = 0, j = 0
        while i < positives.count || j < negatives.count {
            let next: Double
            if j >= negatives.count || (i < positives.count && positives[i] <= negatives[j]) {
                next = positives[i]
                i += 1
            } else {
                next = negatives[j]
                j += 1
            }
            if merged.last != next { merged.append(next) }
        }
        return merged
    }
}
