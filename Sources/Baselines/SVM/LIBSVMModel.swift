import CLIBSVM

/// A trained LIBSVM C-SVC model with an RBF kernel, and the memory it points into.
///
/// LIBSVM's model keeps pointers into the training problem (its support vectors are rows of
/// the training nodes) and its parameters (class weights), so this object owns all of them and
/// frees them together. After training nothing is written: `svm_predict_values` only reads the
/// model, so one model may score from several threads (hence `@unchecked Sendable`).
///
/// Training rows are handed to LIBSVM with the class-0 samples first, in their order, then the
/// class-1 samples. Debian's LIBSVM orders the classes by first appearance and scikit-learn's
/// copy sorts them; with class 0 first both see the same class order and the same grouped
/// rows, so both run the same optimisation. `svm_predict_values` returns the decision value of
/// the model's first label against the second; ``decisionValue(_:)`` turns it so that positive
/// always means class 1 (flaring), as scikit-learn's `decision_function` does.
final class LIBSVMModel: @unchecked Sendable {
    private var model: UnsafeMutablePointer<svm_model>?
    private let nodes: UnsafeMutablePointer<svm_node>
    private let rows: UnsafeMutablePointer<UnsafeMutablePointer<svm_node>?>
    private let targets: UnsafeMutablePointer<Double>
    private let weightLabels: UnsafeMutablePointer<Int32>
    private let weights: UnsafeMutablePointer<Double>
    /// The number of features.
    let featureCount: Int
    /// +1 when LIBSVM's first label is 1, else -1: the factor that makes positive mean class 1.
    let sign: Double
    /// Support vectors per class (class 0, class 1).
    let supportVectorCounts: [Int]

    /// LIBSVM prints its progress on standard output unless told otherwise; once per process.
    private static let quiet: Void = svm_set_print_string_function { _ in }

    /// Trains on `features` (finite, already standardised if wanted) and 0/1 `labels` holding
    /// both classes.
    /// - Throws: ``BaselinesError/libsvm(_:)`` when LIBSVM refuses the parameters or fails.
    init(
        features: FeatureMatrix, labels: [Int], gamma: Double, c: Double, classWeights: [Double]?,
        tolerance: Double, cacheSizeMegabytes: Double, shrinking: Bool
    ) throws {
        _ = LIBSVMModel.quiet
        let n = features.sampleCount, f = features.featureCount
        guard n < Int(Int32.max), f < Int(Int32.max) - 1 else {
            throw BaselinesError.libsvm("\(n) samples of \(f) features exceed LIBSVM's 32-bit counts")
        }
        featureCount = f
        let order = labels.indices.filter { labels[$0] == 0 } + labels.indices.filter { labels[$0] != 0 }

        let stride = f + 1
        let nodes = UnsafeMutablePointer<svm_node>.allocate(capacity: n * stride)
        let rows = UnsafeMutablePointer<UnsafeMutablePointer<svm_node>?>.allocate(capacity: n)
        let targets = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let weightLabels = UnsafeMutablePointer<Int32>.allocate(capacity: 2)
        let weights = UnsafeMutablePointer<Double>.allocate(capacity: 2)
        (self.nodes, self.rows, self.targets, self.weightLabels, self.weights) = (nodes, rows, targets, weightLabels, weights)
        features.values.withUnsafeBufferPointer { x in
            for (row, sample) in order.enumerated() {
                let start = nodes + row * stride
                for j in 0..<f { start[j] = svm_node(index: Int32(j + 1), value: x[sample * f + j]) }
                start[f] = svm_node(index: -1, value: 0)
                rows[row] = start
                targets[row] = labels[sample] == 0 ? 0 : 1
            }
        }
        weightLabels[0] = 0
        weightLabels[1] = 1
        weights[0] = classWeights?[0] ?? 1
        weights[1] = classWeights?[1] ?? 1

        var problem = svm_problem(l: Int32(n), y: targets, x: rows)
        var parameter = svm_parameter()
        parameter.svm_type = Int32(C_SVC)
        parameter.kernel_type = Int32(RBF)
        parameter.degree = 3
        parameter.gamma = gamma
        parameter.coef0 = 0
        parameter.cache_size = cacheSizeMegabytes
        parameter.eps = tolerance
        parameter.C = c
        parameter.nr_weight = classWeights == nil ? 0 : 2
        parameter.weight_label = weightLabels
        parameter.weight = weights
        parameter.nu = 0.5
        parameter.p = 0.1
        parameter.shrinking = shrinking ? 1 : 0
        parameter.probability = 0

        if let message = svm_check_parameter(&problem, &parameter) {
            let text = String(cString: message)
            Self.release(nodes, rows, targets, weightLabels, weights)
            throw BaselinesError.libsvm(text)
        }
        guard let trained = svm_train(&problem, &parameter) else {
            Self.release(nodes, rows, targets, weightLabels, weights)
            throw BaselinesError.libsvm("svm_train returned no model")
        }
        model = trained
        var labelsOfModel = [Int32](repeating: 0, count: 2)
        svm_get_labels(trained, &labelsOfModel)
        sign = labelsOfModel[0] == 1 ? 1 : -1
        var counts = [0, 0]
        if let perClass = trained.pointee.nSV {
            for k in 0..<2 { counts[Int(labelsOfModel[k] == 1 ? 1 : 0)] = Int(perClass[k]) }
        }
        supportVectorCounts = counts
    }

    deinit {
        svm_free_and_destroy_model(&model)
        Self.release(nodes, rows, targets, weightLabels, weights)
    }

    private static func release(
        _ nodes: UnsafeMutablePointer<svm_node>, _ rows: UnsafeMutablePointer<UnsafeMutablePointer<svm_node>?>,
        _ targets: UnsafeMutablePointer<Double>, _ weightLabels: UnsafeMutablePointer<Int32>, _ weights: UnsafeMutablePointer<Double>
    ) {
        nodes.deallocate()
        rows.deallocate()
        targets.deallocate()
        weightLabels.deallocate()
        weights.deallocate()
    }

    /// The decision values of `features` (rows of ``featureCount`` values), positive for class 1.
    func decisionValues(_ features: FeatureMatrix) -> [Double] {
        guard let model else { return [] }
        let f = featureCount
        var result = [Double](repeating: 0, count: features.sampleCount)
        let node = UnsafeMutablePointer<svm_node>.allocate(capacity: f + 1)
        defer { node.deallocate() }
        node[f] = svm_node(index: -1, value: 0)
        var value = 0.0
        features.values.withUnsafeBufferPointer { x in
            for sample in 0..<features.sampleCount {
                for j in 0..<f { node[j] = svm_node(index: Int32(j + 1), value: x[sample * f + j]) }
                _ = svm_predict_values(model, node, &value)
                result[sample] = sign * value
            }
        }
        return result
    }
}
