extension Conv2D {
    /// One multiply-add per output value and kernel weight of its input channels.
    public func multiplyAdds(inputShape: [Int]) throws -> Int {
        let c = configuration
        return try outputShape(for: inputShape).reduce(1, *) * c.inChannels * c.kernelHeight * c.kernelWidth
    }
}
