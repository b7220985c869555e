extension Dense {
    /// One multiply-add per sample, input feature and unit.
    public func multiplyAdds(inputShape: [Int]) throws -> Int {
        inputShape[0] * inFeatures * units
    }
}
