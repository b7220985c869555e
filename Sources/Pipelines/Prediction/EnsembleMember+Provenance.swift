import Datasets
import Foundation

extension EnsembleMember {
    /// The label the model was trained for (the `label` metadata), `nil` when the file records
    /// none.
    /// - Throws: ``PipelinesError/file(path:problem:)`` for a value other than `region`, `C1+`
    ///   and `M1+`.
    public func recordedTarget() throws -> TargetLabel? {
        guard let value = metadata["label"] else { return nil }
        guard let target = TargetLabel(rawValue: value) else {
            throw PipelinesError.file(
                path: path, problem: "its label metadata is '\(value)', not one of "
                    + TargetLabel.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return target
    }

    /// The seconds between the video frames the LRCN was trained on (the `cadence_minutes`
    /// metadata), `nil` for a CNN or a file that records none.
    /// - Throws: ``PipelinesError/file(path:problem:)`` for a value that is not a positive number.
    public func recordedCadence() throws -> TimeInterval? {
        guard frameCount != nil, let value = metadata["cadence_minutes"] else { return nil }
        guard let minutes = Double(value), minutes.isFinite, minutes > 0 else {
            throw PipelinesError.file(path: path, problem: "its cadence_minutes metadata is '\(value)', not a positive number")
        }
        return minutes * 60
    }

    /// The split (fold, realisation) the model was trained on (the `split` metadata).
    public var recordedSplit: String? { metadata["split"] }
}
