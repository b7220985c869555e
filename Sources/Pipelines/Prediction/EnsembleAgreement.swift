import Datasets
import Foundation

/// What the members of an ensemble must agree on with each other and with the command: the
/// label they were trained for and, for the LRCN, the video cadence. Each is read from the weight
/// files' metadata (``EnsembleMember/recordedTarget()``, ``EnsembleMember/recordedCadence()``);
/// a requested value other than a record is refused, naming the file, the setting and both values.
///
/// ```swift
/// let agreement = try EnsembleAgreement(members: members, configuration: configuration)
/// agreement.target          // .c1 for models trained on the C1+ task
/// agreement.videoCadence    // 2160 s unless the files record another cadence
/// ```
public struct EnsembleAgreement: Sendable, Equatable {
    /// The label the samples are scored on.
    public var target: TargetLabel
    /// Seconds between the frames of the videos built for the LRCN members.
    public var videoCadence: TimeInterval
    /// What was assumed about the label for want of a record (the region label), `nil` when a
    /// file records it or it was requested. The commands print it for labelled samples.
    public var targetNote: String?
    /// What was assumed about the cadence for want of a record, `nil` when an LRCN file
    /// records it, it was requested, or no member is an LRCN.
    public var cadenceNote: String?

    /// ``targetNote`` and ``cadenceNote``, those that are set.
    public var notes: [String] { [targetNote, cadenceNote].compactMap { $0 } }

    /// Guastavino et al.'s (2022, Sect. 3) cadence, for weight files that record none: 36 minutes.
    public static let defaultVideoCadence: TimeInterval = 36 * 60

    /// Resolves the target and cadence of `members` under `configuration`.
    /// - Throws: ``PipelinesError/mixedTargets(first:firstLabel:second:secondLabel:)`` for members
    ///   trained for different labels; ``PipelinesError/preparationMismatch(weights:setting:model:input:)``
    ///   for a requested label or cadence other than a member's record, or two LRCN members
    ///   recording different cadences, or an LRCN whose `frames` metadata is not its model's
    ///   frame count; ``PipelinesError/file(path:problem:)`` for malformed metadata.
    public init(members: [EnsembleMember], configuration: EnsemblePredictionConfiguration) throws {
        for member in members {
            guard let frames = member.frameCount, let recorded = member.metadata["frames"], recorded != "\(frames)" else { continue }
            throw PipelinesError.preparationMismatch(
                weights: member.path, setting: "frames (its training record)", model: recorded,
                input: "\(frames) (the videos its network description takes)")
        }
        var recordedTarget: (path: String, target: TargetLabel)?
        for member in members {
            guard let target = try member.recordedTarget() else { continue }
            if let first = recordedTarget, first.target != target {
                throw PipelinesError.mixedTargets(
                    first: first.path, firstLabel: first.target.rawValue, second: member.path, secondLabel: target.rawValue)
            }
            recordedTarget = recordedTarget ?? (member.path, target)
        }
        switch (recordedTarget, configuration.target) {
        case let (recorded?, requested?) where recorded.target != requested:
            throw PipelinesError.preparationMismatch(
                weights: recorded.path, setting: "label", model: recorded.target.rawValue, input: requested.rawValue)
        case let (recorded?, _):
            target = recorded.target
        case let (nil, requested?):
            target = requested
        case (nil, nil):
            target = .region
            targetNote = "the weight files record no label; the samples are scored on the region label (choose another with --label)"
        }

        var recordedCadence: (path: String, seconds: TimeInterval)?
        for member in members {
            guard let seconds = try member.recordedCadence() else { continue }
            if let first = recordedCadence, abs(first.seconds - seconds) > 1e-6 {
                throw PipelinesError.preparationMismatch(
                    weights: member.path, setting: "video cadence", model: Self.minutes(seconds),
                    input: Self.minutes(first.seconds) + " (the cadence of \(first.path), fed to every lrcn of the ensemble)")
            }
            recordedCadence = recordedCadence ?? (member.path, seconds)
        }
        if let recorded = recordedCadence, let requested = configuration.videoCadence, abs(recorded.seconds - requested) > 1e-6 {
            throw PipelinesError.preparationMismatch(
                weights: recorded.path, setting: "video cadence", model: Self.minutes(recorded.seconds),
                input: Self.minutes(requested))
        }
        videoCadence = configuration.videoCadence ?? recordedCadence?.seconds ?? Self.defaultVideoCadence
        if recordedCadence == nil, configuration.videoCadence == nil, let video = members.first(where: { $0.frameCount != nil }) {
            cadenceNote = "\(video.path) records no video cadence; its videos are taken as \(Self.minutes(videoCadence)) apart"
        }
    }

    /// `36 minutes`, `12.5 minutes`.
    static func minutes(_ seconds: TimeInterval) -> String {
        let minutes = seconds / 60
        return (minutes.rounded() == minutes ? "\(Int(minutes))" : "\(minutes)") + " minutes"
    }
}
