/// Where axis 1 of a tensor sits in its values: `[outer, features, inner]` (a batch of images
/// has `outer` images, `features` channels and `inner` pixels per plane).
struct FeatureLayout: Equatable {
    let outer: Int
    let features: Int
    let inner: Int

    /// The layout of a tensor of rank 2 or more, normalised over axis 1.
    init(shape: [Int]) {
        outer = shape[0]
        features = shape[1]
        inner = shape.dropFirst(2).reduce(1, *)
    }

    /// Rows of `inner` values, one per sample and feature.
    var rows: Int { outer * features }
}
