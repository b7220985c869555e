import NeuralCore

extension LRCNConfiguration {
    /// Builds the LRCN: a per-frame CNN applied to every frame with shared weights
    /// (``TimeDistributed``, time folded into the batch) of four [Conv (stride 2, valid, bias,
    /// L2), BatchNorm, ReLU, MaxPool 2x2 stride 1] blocks, Flatten, Dense + ReLU, Dropout; then
    /// an LSTM over the frame vectors (last hidden state), Dropout, Dense 1, sigmoid.
    ///
    /// Parameter names: `frames.conv1.*`...`frames.conv4.*`, `frames.bn1.*`...,
    /// `frames.dense.*`, `lstm.*`, `dense.*`. Dropout generators are seeded from `generator`.
    public func build(generator: inout SeededGenerator) throws -> Sequential {
        guard filters.count == kernelSizes.count, !filters.isEmpty,
              (filters + kernelSizes + [frames, frameSize, denseUnits, lstmUnits]).allSatisfy({ $0 >= 1 })
        else {
            throw ArchitecturesError.invalidConfiguration("LRCN needs as many filter counts as kernel sizes, and positive sizes")
        }
        var frame: [(String, any Layer)] = []
        var channels = 1
        for (index, (count, kernel)) in zip(filters, kernelSizes).enumerated() {
            let n = index + 1
            frame.append(("conv\(n)", try Conv2D(
                .init(inChannels: channels, filters: count, kernelSize: kernel, stride: 2, padding: .valid, kernelL2: convolutionL2),
                generator: &generator)))
            frame.append(("bn\(n)", try BatchNorm(features: count, momentum: batchNormMomentum ?? 0.99, activation: .relu)))  // ReLU fused
            frame.append(("pool\(n)", try MaxPool2D(poolSize: 2, stride: 1)))
            channels = count
        }
        frame.append(("flatten", Flatten()))
        let perFrame = try Sequential(frame)
        let flattened = try perFrame.outputShape(for: [1, 1, frameSize, frameSize])[1]
        try perFrame.append(Dense(inFeatures: flattened, units: denseUnits, generator: &generator), name: "dense")
        try perFrame.append(ReLU(), name: "act_dense")
        try perFrame.append(Dropout(rate: frameDropout, generator: &generator), name: "dropout")
        return try Sequential([
            ("frames", TimeDistributed(perFrame)),
            ("lstm", LSTM(inFeatures: denseUnits, units: lstmUnits, generator: &generator)),
            ("dropout", Dropout(rate: lstmDropout, generator: &generator)),
            ("dense", Dense(inFeatures: lstmUnits, units: 1, generator: &generator)),
            ("sigmoid", Sigmoid()),
        ])
    }
}
