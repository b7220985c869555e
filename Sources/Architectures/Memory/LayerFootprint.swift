/// What one layer of a network holds per sample while training, in floats, computed from the
/// configuration alone (no weights allocated): its output, and what it keeps for the backward
/// pass beyond its output (BatchNorm's normalised input, a max-pool's argmax indices).
public struct LayerFootprint: Sendable, Equatable {
    /// The layer's name, as the builders name it (`conv1`, `pool2`, `inception1`, ...).
    public var name: String
    /// Output floats per sample.
    public var outputFloats: Double
    /// Floats per sample kept for the backward pass besides the output.
    public var cachedFloats: Double
    /// Trainable parameters.
    public var parameters: Double

    /// Creates a footprint.
    public init(name: String, outputFloats: Double, cachedFloats: Double = 0, parameters: Double = 0) {
        self.name = name
        self.outputFloats = outputFloats
        self.cachedFloats = cachedFloats
        self.parameters = parameters
    }
}

extension ArchitectureConfiguration {
    /// Every layer's footprint per sample (for the LRCN, per video: the per-frame layers times
    /// the frame count), from the same layer sequence the builders make. Sizes are `Double` so
    /// that absurd input sizes give large numbers, not overflows.
    /// - Throws: ``ArchitecturesError/invalidConfiguration(_:)`` when the input does not survive
    ///   the network's pools and strides.
    public func layerFootprints() throws -> [LayerFootprint] {
        switch self {
        case let .cnn1(c): return try Self.footprints(c)
        case let .cnn2(c): return try Self.footprints(c)
        case let .lrcn(c): return try Self.footprints(c)
        }
    }

    /// BatchNorm of `floats` values over `channels` channels: output and normalised input.
    private static func batchNorm(_ name: String, floats: Double, channels: Int) -> LayerFootprint {
        LayerFootprint(name: name, outputFloats: floats, cachedFloats: floats, parameters: Double(2 * channels))
    }

    /// A max-pool's output side: floor((side - window) / stride) + 1 (valid padding).
    private static func pooled(_ side: Int, window: Int, stride: Int, network: String) throws -> Int {
        guard side >= window else {
            throw ArchitecturesError.invalidConfiguration("\(network): a \(side)-pixel map is smaller than the \(window)-pixel pool")
        }
        return (side - window) / stride + 1
    }

    private static func footprints(_ c: CNN1Configuration) throws -> [LayerFootprint] {
        let s = c.inputSize, f1 = c.filters.first ?? 1, f2 = c.filters.last ?? 1, k2 = Double(c.kernelSize * c.kernelSize)
        let side1 = try pooled(s, window: 2, stride: 2, network: "CNN-1"), side2 = try pooled(side1, window: 2, stride: 2, network: "CNN-1")
        let plane0 = Double(s) * Double(s), plane1 = Double(side1) * Double(side1), plane2 = Double(side2) * Double(side2)
        let flattened = Double(f2) * plane2
        return [
            batchNorm("bn1", floats: plane0, channels: 1),
            LayerFootprint(name: "conv1", outputFloats: Double(f1) * plane0, parameters: Double(f1) * (k2 + 1)),
            LayerFootprint(name: "pool1", outputFloats: Double(f1) * plane1, cachedFloats: Double(f1) * plane1),
            batchNorm("bn2", floats: Double(f1) * plane1, channels: f1),
            LayerFootprint(name: "conv2", outputFloats: Double(f2) * plane1, parameters: Double(f2) * (Double(f1) * k2 + 1)),
            LayerFootprint(name: "pool2", outputFloats: flattened, cachedFloats: flattened),
            LayerFootprint(name: "dense1", outputFloats: Double(c.denseUnits), parameters: (flattened + 1) * Double(c.denseUnits)),
            LayerFootprint(name: "dense2", outputFloats: 1, parameters: Double(c.denseUnits + 1)),
        ]
    }

    private static func footprints(_ c: CNN2Configuration) throws -> [LayerFootprint] {
        let s = c.inputSize, p = c.poolSize
        let s1 = c.stemFilters.first ?? 1, s2 = c.stemFilters.last ?? 1
        let k1 = Double((c.stemKernelSizes.first ?? 1) * (c.stemKernelSizes.first ?? 1))
        let k2 = Double((c.stemKernelSizes.last ?? 1) * (c.stemKernelSizes.last ?? 1))
        let side1 = try pooled(s, window: p, stride: p, network: "CNN-2")
        let side2 = try pooled(side1, window: p, stride: p, network: "CNN-2")
        let side3 = try pooled(side2, window: p, stride: p, network: "CNN-2")
        let plane = { (side: Int) in Double(side) * Double(side) }
        let branches = Double(c.inceptionKernelSizes.count * c.inceptionFilters)
        let inception1 = branches + Double(s2), inception2 = branches + inception1
        func inceptionParameters(_ channels: Double) -> Double {
            c.inceptionKernelSizes.reduce(0.0) { $0 + Double(c.inceptionFilters) * (channels * Double($1 * $1) + 1) }
        }
        return [
            batchNorm("bn1", floats: plane(s), channels: 1),
            LayerFootprint(name: "conv1", outputFloats: Double(s1) * plane(s), parameters: Double(s1) * (k1 + 1)),
            LayerFootprint(name: "pool1", outputFloats: Double(s1) * plane(side1), cachedFloats: Double(s1) * plane(side1)),
            batchNorm("bn2", floats: Double(s1) * plane(side1), channels: s1),
            LayerFootprint(name: "conv2", outputFloats: Double(s2) * plane(side1), parameters: Double(s2) * (Double(s1) * k2 + 1)),
            LayerFootprint(name: "pool2", outputFloats: Double(s2) * plane(side2), cachedFloats: Double(s2) * plane(side2)),
            batchNorm("bn3", floats: Double(s2) * plane(side2), channels: s2),
            // The branches' outputs and the concatenation, and the 3x3 pool branch's argmax.
            LayerFootprint(
                name: "inception1", outputFloats: inception1 * plane(side2), cachedFloats: inception1 * plane(side2),
                parameters: inceptionParameters(Double(s2))),
            LayerFootprint(name: "pool3", outputFloats: inception1 * plane(side3), cachedFloats: inception1 * plane(side3)),
            batchNorm("bn4", floats: inception1 * plane(side3), channels: Int(inception1)),
            LayerFootprint(
                name: "inception2", outputFloats: inception2 * plane(side3), cachedFloats: inception2 * plane(side3),
                parameters: inceptionParameters(inception1)),
            LayerFootprint(name: "gap", outputFloats: inception2),
            LayerFootprint(name: "dense", outputFloats: 1, parameters: inception2 + 1),
        ]
    }

    private static func footprints(_ c: LRCNConfiguration) throws -> [LayerFootprint] {
        var layers: [LayerFootprint] = []
        let frames = Double(c.frames)
        var side = c.frameSize, channels = 1
        for (index, (filters, kernel)) in zip(c.filters, c.kernelSizes).enumerated() {
            guard side >= kernel else {
                throw ArchitecturesError.invalidConfiguration("LRCN: a \(side)-pixel frame map is smaller than the \(kernel)-pixel kernel")
            }
            side = (side - kernel) / 2 + 1
            let convolved = Double(filters) * Double(side) * Double(side)
            layers.append(LayerFootprint(
                name: "frames.conv\(index + 1)", outputFloats: frames * convolved,
                parameters: Double(filters) * (Double(channels * kernel * kernel) + 1)))
            layers.append(LayerFootprint(
                name: "frames.bn\(index + 1)", outputFloats: frames * convolved, cachedFloats: frames * convolved,
                parameters: Double(2 * filters)))
            side = try pooled(side, window: 2, stride: 1, network: "LRCN")
            let pooledFloats = Double(filters) * Double(side) * Double(side)
            layers.append(LayerFootprint(name: "frames.pool\(index + 1)", outputFloats: frames * pooledFloats, cachedFloats: frames * pooledFloats))
            channels = filters
        }
        let flattened = Double(channels) * Double(side) * Double(side)
        let dense = Double(c.denseUnits), lstm = Double(c.lstmUnits)
        layers.append(LayerFootprint(name: "frames.dense", outputFloats: frames * dense, parameters: (flattened + 1) * dense))
        layers.append(LayerFootprint(
            name: "lstm", outputFloats: lstm, cachedFloats: frames * 6 * lstm, parameters: 4 * lstm * (dense + lstm + 1)))
        layers.append(LayerFootprint(name: "dense", outputFloats: 1, parameters: lstm + 1))
        return layers
    }
}
