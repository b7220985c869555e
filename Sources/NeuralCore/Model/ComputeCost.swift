extension Layer {
    /// The multiply-adds of one forward pass on an input of `inputShape` (batch axis
    /// included), counting the matrix products of convolutions, dense layers and LSTMs (what
    /// GFLOP/s figures are based on: FLOPs = 2 x multiply-adds). Element-wise work, pooling and
    /// normalisation are not counted.
    public func multiplyAdds(inputShape: [Int]) throws -> Int {
        if let sequential = self as? Sequential {
            var shape = inputShape
            var total = 0
            for (_, layer) in sequential.layers {
                total += try layer.multiplyAdds(inputShape: shape)
                shape = try layer.outputShape(for: shape)
            }
            return total
        }
        if let branches = self as? ConcatenatedBranches {
            return try branches.branches.reduce(0) { $0 + (try $1.layer.multiplyAdds(inputShape: inputShape)) }
        }
        if let distributed = self as? TimeDistributed {
            return try distributed.inner.multiplyAdds(inputShape: [inputShape[0] * inputShape[1]] + inputShape.dropFirst(2))
        }
        if let conv = self as? Conv2D {
            let output = try conv.outputShape(for: inputShape)
            let c = conv.configuration
            return output.reduce(1, *) * c.inChannels * c.kernelHeight * c.kernelWidth
        }
        if let dense = self as? Dense {
            return inputShape[0] * dense.inFeatures * dense.units
        }
        if let lstm = self as? LSTM {
            return inputShape[0] * inputShape[1] * 4 * lstm.units * (lstm.inFeatures + lstm.units)
        }
        // Wrappers such as FlareModel forward to their sublayers.
        if parameters.isEmpty, !sublayers.isEmpty {
            var shape = inputShape
            var total = 0
            for (_, layer) in sublayers {
                total += try layer.multiplyAdds(inputShape: shape)
                shape = try layer.outputShape(for: shape)
            }
            return total
        }
        return 0
    }
}
