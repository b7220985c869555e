extension Layer {
    /// Assigns every parameter from `tensors` (keyed by dotted name) after checking that the
    /// names and shapes match exactly; on any mismatch nothing is assigned.
    /// - Parameter source: the file or origin of the tensors, named in errors.
    /// - Throws: ``NeuralCoreError/weightMismatch(path:missing:unexpected:misshaped:)`` listing,
    ///   sorted by name, every missing, unexpected or mis-shaped tensor.
    public func assignParameters(_ tensors: [String: Tensor], source: String) throws {
        let expected = namedParameters()
        var missing: [String] = []
        var misshaped: [NeuralCoreError.MisshapedTensor] = []
        for (name, parameter) in expected {
            guard let tensor = tensors[name] else {
                missing.append(name)
                continue
            }
            if tensor.shape != parameter.value.shape {
                misshaped.append(.init(name: name, expected: parameter.value.shape, found: tensor.shape))
            }
        }
        let expectedNames = Set(expected.map(\.name))
        let unexpected = tensors.keys.filter { !expectedNames.contains($0) }.sorted()
        guard missing.isEmpty, unexpected.isEmpty, misshaped.isEmpty else {
            throw NeuralCoreError.weightMismatch(
                path: source, missing: missing.sorted(), unexpected: unexpected,
                misshaped: misshaped.sorted { $0.name < $1.name })
        }
        for (name, parameter) in expected {
            if let tensor = tensors[name] { parameter.value = tensor }
        }
    }
}
