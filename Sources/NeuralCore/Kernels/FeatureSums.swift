import CSupport

/// Per feature of a `[outer, features, inner]` buffer, the sum over `outer` and `inner` of the
/// values (no `centres`) or of their squared deviations `(x - centres[f])^2`: `Float` partial
/// sums along each row of `inner` values (C kernels, eight lanes), accumulated in `Double`.
///
/// Rows are the unit of work that is never split between threads or ranks, so the result
/// hardly depends on how a batch is shared out (BatchNorm statistics, bias gradients).
func featureSums(
    _ values: UnsafePointer<Float>, outer: Int, features: Int, inner: Int, centres: [Float]? = nil
) -> [Double] {
    var sums = [Double](repeating: 0, count: features)
    let source = SendableConstPointer(values)
    sums.withUnsafeMutableBufferPointer { totals in
        let destination = SendablePointer(totals.baseAddress!)
        Parallel.forEachChunk(features, costPerItem: outer * inner) { range in
            for f in range {
                var total = 0.0
                for n in 0..<outer {
                    let row = source.base + (n * features + f) * inner
                    let partial = centres.map { flarekit_centred_square_sum(row, inner, $0[f]) } ?? flarekit_sum(row, inner)
                    total += Double(partial)
                }
                destination.base[f] = total
            }
        }
    }
    return sums
}

/// Per feature, the `Double` sum over `outer` of the `Float` row sums `rowSums` (`[outer,
/// features]`), in order: ``featureSums(_:outer:features:inner:centres:)`` from row sums
/// already taken.
func featureSums(rowSums: [Float], features: Int) -> [Double] {
    var sums = [Double](repeating: 0, count: features)
    for (row, partial) in rowSums.enumerated() { sums[row % features] += Double(partial) }
    return sums
}

/// The plain-Swift reference of ``featureSums(_:outer:features:inner:centres:)``: one `Double`
/// sum per feature, in order.
func referenceFeatureSums(_ values: [Float], outer: Int, features: Int, inner: Int, centres: [Float]? = nil) -> [Double] {
    (0..<features).map { f in
        var total = 0.0
        for n in 0..<outer {
            for i in 0..<inner {
                let x = Double(values[(n * features + f) * inner + i])
                total += centres.map { (x - Double($0[f])) * (x - Double($0[f])) } ?? x
            }
        }
        return total
    }
}

/// ``featureSums(_:outer:features:inner:centres:)`` of a tensor normalised over axis 1.
func featureSums(_ values: Tensor, layout: FeatureLayout, centres: [Float]? = nil) -> [Double] {
    values.withUnsafeBufferPointer {
        featureSums($0.baseAddress!, outer: layout.outer, features: layout.features, inner: layout.inner, centres: centres)
    }
}
