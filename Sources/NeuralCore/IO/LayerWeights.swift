import Foundation

extension Layer {
    /// Saves every parameter of this layer and its sublayers, trainable or not (BatchNorm's
    /// moving statistics included), to a safetensors file under its dotted name, in
    /// ``namedParameters(prefix:)`` order. The file is replaced atomically.
    /// - Parameter metadata: Strings stored in the file's `__metadata__` (epoch, config, ...).
    /// - Throws: ``NeuralCoreError/file(path:problem:)`` when the file cannot be written, or
    ///   ``NeuralCoreError/invalidArgument(name:value:reason:)`` if two parameters share a name.
    public func saveWeights(to url: URL, metadata: [String: String] = [:]) throws {
        try SafeTensors.write(
            namedParameters().map { ($0.name, $0.parameter.value) }, metadata: metadata, to: url)
    }

    /// Loads every parameter from a safetensors file written by ``saveWeights(to:metadata:)``
    /// (or by any tool using the same dotted names) and returns the file's metadata.
    ///
    /// All names and shapes are checked before anything is assigned, so on error the model is
    /// unchanged.
    /// - Throws: ``NeuralCoreError/weightMismatch(path:missing:unexpected:misshaped:)`` listing,
    ///   sorted by name, every parameter absent from the file, every tensor in the file the model
    ///   lacks, and every tensor whose shape differs; ``NeuralCoreError/file(path:problem:)``
    ///   when the file cannot be read or is malformed.
    @discardableResult
    public func loadWeights(from url: URL) throws -> [String: String] {
        let (stored, metadata) = try SafeTensors.read(from: url)
        try assignParameters(stored, source: url.path)
        return metadata
    }
}
