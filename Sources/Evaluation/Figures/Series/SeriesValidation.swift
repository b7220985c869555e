/// Throws ``EvaluationError/lengthMismatch(what:expected:actual:)`` unless every array in
/// `others` has as many values as `reference`.
///
/// `what` names the series (`"line 'CNN'"`); each other array is named in the error.
func checkSameLength(
    _ what: String, reference: (name: String, count: Int), _ others: [(name: String, count: Int)]
) throws {
    for other in others where other.count != reference.count {
        throw EvaluationError.lengthMismatch(
            what: "\(what): \(other.name) against \(reference.name)", expected: reference.count,
            actual: other.count)
    }
}

/// A short name for a series in error messages: `kind 'label'` or just `kind`.
func seriesName(_ kind: String, _ label: String?) -> String {
    guard let label, !label.isEmpty else { return kind }
    return "\(kind) '\(label)'"
}
