/// A model that can describe itself in a weight file's metadata, so that the file alone rebuilds
/// it (the Architectures module's `FlareModel` writes its architecture and preprocessing).
///
/// Code that saves models it did not build (a cross-validation runner, say) merges this
/// metadata into the file:
///
/// ```swift
/// var metadata = ["split": "fold-1"]
/// if let described = model as? any SelfDescribingModel { metadata.merge(try described.metadata()) { _, own in own } }
/// try model.saveWeights(to: url, metadata: metadata)
/// ```
public protocol SelfDescribingModel {
    /// The metadata entries that describe the model.
    func metadata() throws -> [String: String]
}
