/// One split of a data set's samples into training, validation and (optionally) test
/// indices, as a cross-validation runner consumes it.
///
/// The Datasets module produces splits over active regions (AR-grouped random parts, grouped
/// k-fold, Guastavino's balanced triples); map them to sample indices and hand them here.
///
/// ```swift
/// let split = CrossValidationSplit(name: "fold-1", training: [0, 1, 2], validation: [3, 4])
/// ```
public struct CrossValidationSplit: Sendable, Hashable, Codable {
    /// A name for reports and weight files (`"fold-1"`, `"realisation-3"`).
    public var name: String
    /// Sample indices used for training.
    public var training: [Int]
    /// Sample indices used to pick the best epoch (and the threshold, when one is chosen).
    public var validation: [Int]
    /// Sample indices scored at the end; empty means the validation samples are scored.
    public var test: [Int]

    /// Creates a split.
    public init(name: String, training: [Int], validation: [Int], test: [Int] = []) {
        self.name = name
        self.training = training
        self.validation = validation
        self.test = test
    }

    /// The indices scored at the end: the test samples, or the validation samples when there
    /// is no test set.
    public var scored: [Int] { test.isEmpty ? validation : test }
}
