import NeuralCore

extension CNN1Configuration {
    /// Builds CNN-1: BatchNorm, [Conv 3x3 same + activation, MaxPool 2] x 2 with a BatchNorm
    /// before the second convolution, Flatten (C, H, W), Dense 64 + activation, Dense 1, sigmoid.
    ///
    /// The convolutions' activations are fused into them. Parameter names: `bn1.*`, `conv1.*`, `bn2.*`, `conv2.*`, `dense1.*`, `dense2.*`.
    public func build(generator: inout SeededGenerator) throws -> Sequential {
        guard filters.count == 2, filters.allSatisfy({ $0 >= 1 }), kernelSize >= 1, denseUnits >= 1 else {
            throw ArchitecturesError.invalidConfiguration("CNN-1 needs two positive filter counts, a kernel size and dense units")
        }
        guard inputSize >= 4 else {
            throw ArchitecturesError.invalidConfiguration("CNN-1 input size \(inputSize) is below 4")
        }
        let pooled = inputSize / 2 / 2
        return try Sequential([
            ("bn1", BatchNorm(features: 1)),
            ("conv1", Conv2D(.init(inChannels: 1, filters: filters[0], kernelSize: kernelSize, padding: .same,
                                   activation: activation.pointwise), generator: &generator)),
            ("pool1", MaxPool2D(poolSize: 2)),
            ("bn2", BatchNorm(features: filters[0])),
            ("conv2", Conv2D(.init(inChannels: filters[0], filters: filters[1], kernelSize: kernelSize, padding: .same,
                                   activation: activation.pointwise), generator: &generator)),
            ("pool2", MaxPool2D(poolSize: 2)),
            ("flatten", Flatten()),
            ("dense1", Dense(inFeatures: filters[1] * pooled * pooled, units: denseUnits, generator: &generator)),
            ("act1", activation.makeLayer()),
            ("dense2", Dense(inFeatures: denseUnits, units: 1, generator: &generator)),
            ("sigmoid", Sigmoid()),
        ])
    }
}
