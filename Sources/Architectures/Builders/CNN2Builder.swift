import NeuralCore

extension CNN2Configuration {
    /// Builds CNN-2: BatchNorm, Conv 7x7 + activation, MaxPool 3/3, BatchNorm, Conv 3x3 +
    /// activation, MaxPool 3/3, BatchNorm, inception, MaxPool 3/3, BatchNorm, inception,
    /// global average pooling, Dense 1, sigmoid. Each inception module concatenates, in this
    /// order, Conv 3x3, 5x5 and 7x7 (F filters, same, activation) and a 3x3 stride-1 same
    /// max-pool of its input.
    ///
    /// Activations are fused into the convolutions. Parameter names: `bn1`...`bn4`, `conv1`,
    /// `conv2`, `inception1.branch3x3.*` (and
    /// `branch5x5`, `branch7x7`), `inception2.*`, `dense.*`.
    public func build(generator: inout SeededGenerator) throws -> Sequential {
        guard stemFilters.count == 2, stemKernelSizes.count == 2, !inceptionKernelSizes.isEmpty,
              (stemFilters + stemKernelSizes + inceptionKernelSizes + [inceptionFilters, poolSize]).allSatisfy({ $0 >= 1 })
        else {
            throw ArchitecturesError.invalidConfiguration(
                "CNN-2 needs two stem filter counts and kernel sizes, inception kernel sizes, and positive sizes")
        }
        let stem1 = stemFilters[0], stem2 = stemFilters[1]
        let inception1Out = inceptionKernelSizes.count * inceptionFilters + stem2
        let inception2Out = inceptionKernelSizes.count * inceptionFilters + inception1Out
        let network = try Sequential([
            ("bn1", BatchNorm(features: 1)),
            ("conv1", Conv2D(.init(inChannels: 1, filters: stem1, kernelSize: stemKernelSizes[0], padding: .same,
                                   activation: activation.pointwise), generator: &generator)),
            ("pool1", MaxPool2D(poolSize: poolSize)),
            ("bn2", BatchNorm(features: stem1)),
            ("conv2", Conv2D(.init(inChannels: stem1, filters: stem2, kernelSize: stemKernelSizes[1], padding: .same,
                                   activation: activation.pointwise), generator: &generator)),
            ("pool2", MaxPool2D(poolSize: poolSize)),
            ("bn3", BatchNorm(features: stem2)),
            ("inception1", inception(inChannels: stem2, generator: &generator)),
            ("pool3", MaxPool2D(poolSize: poolSize)),
            ("bn4", BatchNorm(features: inception1Out)),
            ("inception2", inception(inChannels: inception1Out, generator: &generator)),
            ("gap", GlobalAveragePool2D()),
            ("dense", Dense(inFeatures: inception2Out, units: 1, generator: &generator)),
            ("sigmoid", Sigmoid()),
        ])
        _ = try network.outputShape(for: [1, 1, inputSize, inputSize])   // the input must survive the pools
        return network
    }

    /// One inception module on `inChannels` channels.
    func inception(inChannels: Int, generator: inout SeededGenerator) throws -> ConcatenatedBranches {
        var branches: [(String, any Layer)] = []
        for k in inceptionKernelSizes {
            branches.append(("branch\(k)x\(k)", try Conv2D(
                .init(inChannels: inChannels, filters: inceptionFilters, kernelSize: k, padding: .same,
                      activation: activation.pointwise),
                generator: &generator)))
        }
        branches.append(("pool", try MaxPool2D(poolSize: 3, stride: 1, padding: .same)))
        return try ConcatenatedBranches(branches)
    }
}
