import Datasets
import Foundation
import Magnetogram

/// Whether FITS files given as the frames of one LRCN video make one: every file shows the same
/// HARP (HARPNUM), the frames are in time order (T_REC, oldest first) and consecutive frames are
/// the model's cadence apart, within half a cadence.
///
/// Half a cadence is the tolerance `VideoSampler` applies when it builds videos from an archive
/// (each frame is the observation nearest its due time within half the cadence): a gap beyond it
/// means a frame the model never saw in training was left out or repeated, and two frames closer
/// than half a cadence would have been one frame.
///
/// ```swift
/// let check = try VideoFrameCheck(files: paths, cadence: 36 * 60)
/// if let problem = check.problems.first { throw problem }   // names the two files
/// ```
public struct VideoFrameCheck: Sendable {
    /// Each file's header record, in the order given; `nil` when a header could not be read
    /// (accepted only with `allowUnreadable`).
    public var observations: [SHARPObservation]?
    /// Every problem found, in file order (empty for one video).
    public var problems: [PipelinesError] = []

    /// Reads each file's headers and checks them.
    /// - Parameters:
    ///   - files: the frames, oldest first.
    ///   - cadence: seconds between the model's frames.
    ///   - allowUnreadable: an unreadable header is a problem rather than an error.
    /// - Throws: the header readers' errors naming a file (no HARPNUM, no T_REC, not FITS),
    ///   unless `allowUnreadable`.
    public init(files: [String], cadence: TimeInterval, allowUnreadable: Bool = false) throws {
        let reader = FITSReader()
        var observations: [SHARPObservation] = []
        for file in files {
            do {
                let name = SHARPFileName(parsing: URL(fileURLWithPath: file).lastPathComponent)
                observations.append(try SHARPObservation(headers: try reader.readHeaders(at: file), path: file, fileName: name))
            } catch {
                guard allowUnreadable else { throw error }
                problems.append(.file(path: file, problem: "cannot read HARPNUM and T_REC to check the video's frames: \(error)"))
                return
            }
        }
        self.observations = observations
        guard let first = observations.first else { return }
        let format = Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0) ?? .current)
        for other in observations.dropFirst() where other.harpNumber != first.harpNumber {
            problems.append(.inconsistentFrames(
                first: first.path, second: other.path,
                problem: "HARPNUM \(first.harpNumber) and \(other.harpNumber): the frames of one video must show one region"))
            break
        }
        for (earlier, later) in zip(observations, observations.dropFirst()) {
            let gap = later.time.timeIntervalSince(earlier.time)
            let times = "T_REC \(earlier.time.formatted(format)) and \(later.time.formatted(format))"
            if gap <= 0 {
                problems.append(.inconsistentFrames(
                    first: earlier.path, second: later.path, problem: "\(times) are not in time order: give the frames oldest first"))
            } else if abs(gap - cadence) > cadence / 2 {
                problems.append(.inconsistentFrames(
                    first: earlier.path, second: later.path,
                    problem: "\(times) are \(EnsembleAgreement.minutes(gap)) apart, but the model's frames are "
                        + "\(EnsembleAgreement.minutes(cadence)) apart (within half a cadence)"))
            }
        }
    }
}
