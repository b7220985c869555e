extension LSTM {
    /// Per sample and time step, the four gates' products with the input and the previous
    /// state.
    public func multiplyAdds(inputShape: [Int]) throws -> Int {
        inputShape[0] * inputShape[1] * 4 * units * (inFeatures + units)
    }
}
