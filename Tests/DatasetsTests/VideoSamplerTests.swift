import Foundation
import Testing
@testable import Datasets

@Suite("Video frame selection")
struct VideoSamplerTests {
    let start = Date(timeIntervalSince1970: 1_400_000_000)

    /// Observations of HARP 7 at the given minutes after `start`.
    func series(_ minutes: [Double], harp: Int = 7) -> [SHARPObservation] {
        minutes.map { minute in
            SHARPObservation(harpNumber: harp, time: start.addingTimeInterval(minute * 60), path: "h\(harp)-\(minute).fits")
        }
    }

    func minutes(_ frames: [SHARPObservation]?) -> [Double]? {
        frames?.map { $0.time.timeIntervalSince(start) / 60 }
    }

    @Test func defaultsAreGuastavinos() {
        let specification = VideoSpecification()
        #expect(specification.frameCount == 40)
        #expect(specification.cadence == 36 * 60)
        #expect(specification.tolerance == 18 * 60)
        #expect(!specification.allowsFrameReuse)
        let end = start.addingTimeInterval(86_400)
        let times = specification.frameTimes(endingAt: end)
        #expect(times.count == 40)
        #expect(times.last == end)
        #expect(times.first == end.addingTimeInterval(-39 * 36 * 60))
        let steps = zip(times, times.dropFirst()).map { $1.timeIntervalSince($0) }
        #expect(steps == [Double](repeating: 2160, count: 39))
    }

    @Test func fullTwelveMinuteSeriesGivesExactFrames() throws {
        // SHARP's 12-minute cadence for a day: every 36-minute frame has an exact match.
        let observations = series(stride(from: 0.0, through: 1440, by: 12).map { $0 })
        let sampler = try VideoSampler()
        let end = start.addingTimeInterval(1440 * 60)
        let frames = try sampler.frames(endingAt: end, from: observations).frames
        #expect(frames?.count == 40)
        let due: [Double] = (0..<40).map { (frame: Int) -> Double in 1440 - Double(39 - frame) * 36 }
        #expect(minutes(frames) == due)
    }

    @Test func missingFrameWithinToleranceTakesTheNearest() throws {
        // Frames due at 0, 36, 72, 108; the observation at 36 is missing, 24 and 48 are both
        // 12 minutes away: equally near, the earlier is taken; 30 would be nearer still.
        let sampler = try VideoSampler(VideoSpecification(frameCount: 4))
        let end = start.addingTimeInterval(108 * 60)
        let tie = try sampler.frames(endingAt: end, from: series([0, 24, 48, 72, 108])).frames
        #expect(minutes(tie) == [0, 24, 72, 108])
        let nearer = try sampler.frames(endingAt: end, from: series([0, 24, 30, 48, 72, 108])).frames
        #expect(minutes(nearer) == [0, 30, 72, 108])
        // Exactly at the tolerance (18 min) still counts.
        let edge = try sampler.frames(endingAt: end, from: series([0, 54, 72, 108])).frames
        #expect(minutes(edge) == [0, 54, 72, 108])
    }

    @Test func missingFrameBeyondToleranceDropsTheSample() throws {
        let sampler = try VideoSampler(VideoSpecification(frameCount: 4))
        let end = start.addingTimeInterval(108 * 60)
        // Nearest to frame 1 (due at 36) are 12 and 60: 24 minutes away.
        let selection = try sampler.frames(endingAt: end, from: series([0, 12, 60, 72, 108]))
        #expect(selection.frames == nil)
        #expect(selection == .dropped(.missingFrames(count: 1, firstFrame: 1, firstTime: start.addingTimeInterval(36 * 60))))
        // A wider tolerance takes the earlier of the two.
        let lenient = try VideoSampler(VideoSpecification(frameCount: 4, tolerance: 24 * 60))
        #expect(minutes(try lenient.frames(endingAt: end, from: series([0, 12, 60, 72, 108])).frames) == [0, 12, 72, 108])
    }

    @Test func anObservationFillsOneFrameUnlessReuseIsAllowed() throws {
        // Frames due at 0, 36, 72; observations at 18 and 54 sit halfway between two due times.
        let end = start.addingTimeInterval(72 * 60)
        let observations = series([18, 54, 72])
        let strict = try VideoSampler(VideoSpecification(frameCount: 3))
        // Frame 0 takes 18; frame 1's tie (18 and 54) skips the taken 18.
        #expect(minutes(try strict.frames(endingAt: end, from: observations).frames) == [18, 54, 72])
        let reuse = try VideoSampler(VideoSpecification(frameCount: 3, allowsFrameReuse: true))
        // Reuse allowed: frame 1's tie goes to the earlier observation, 18 again.
        #expect(minutes(try reuse.frames(endingAt: end, from: observations).frames) == [18, 18, 72])
        // Without 54, the strict policy has nothing left for frame 1.
        let gap = try strict.frames(endingAt: end, from: series([18, 72]))
        #expect(gap == .dropped(.missingFrames(count: 1, firstFrame: 1, firstTime: start.addingTimeInterval(36 * 60))))
        #expect(minutes(try reuse.frames(endingAt: end, from: series([18, 72])).frames) == [18, 18, 72])
    }

    @Test func noObservationAfterTheSampleTime() throws {
        let end = start.addingTimeInterval(72 * 60)
        let observations = series([0, 36, 80])
        let strict = try VideoSampler(VideoSpecification(frameCount: 3))
        #expect(try strict.frames(endingAt: end, from: observations).frames == nil)
        let lookAhead = try VideoSampler(VideoSpecification(frameCount: 3, allowsObservationsAfterSampleTime: true))
        #expect(minutes(try lookAhead.frames(endingAt: end, from: observations).frames) == [0, 36, 80])
    }

    @Test func invalidInputIsAnError() throws {
        let sampler = try VideoSampler(VideoSpecification(frameCount: 2))
        #expect(throws: DatasetsError.self) {
            try sampler.frames(endingAt: start.addingTimeInterval(36 * 60), from: series([36, 0]))
        }
        #expect(throws: DatasetsError.self) { try VideoSampler(VideoSpecification(frameCount: 0)) }
        #expect(throws: DatasetsError.self) { try VideoSampler(VideoSpecification(cadence: 0)) }
        #expect(throws: DatasetsError.self) { try VideoSampler(VideoSpecification(tolerance: -1)) }
    }

    @Test func manySamplesAreCountedInTheReport() throws {
        let sampler = try VideoSampler(VideoSpecification(frameCount: 3))
        // HARP 7 (given out of order) has a gap from 108 to 180 minutes; HARP 8 is complete;
        // HARP 9 has no observation.
        let archive = series([0, 36, 72, 108, 180, 216].reversed()) + series([0, 36, 72], harp: 8)
        func sample(_ harp: Int, _ minute: Double) -> SHARPObservation {
            SHARPObservation(harpNumber: harp, time: start.addingTimeInterval(minute * 60), path: "sample")
        }
        let samples = [sample(7, 72), sample(7, 144), sample(8, 72), sample(9, 72), sample(7, 216)]
        let result = sampler.videos(endingAt: samples, from: archive)
        #expect(result.videos.count == 5)
        #expect(minutes(result.videos[0]) == [0, 36, 72])
        #expect(result.videos[1] == nil)
        #expect(result.videos[2]?.map(\.harpNumber) == [8, 8, 8])
        #expect(result.videos[3] == nil)
        // Frames due at 144 (in the gap), 180 and 216: 144 has nothing within 18 minutes.
        #expect(result.videos[4] == nil)
        #expect(result.report.requested == 5)
        #expect(result.report.kept == 2)
        #expect(result.report.dropped.map(\.sampleIndex) == [1, 3, 4])
        #expect(result.report.droppedByReason == ["missing_frames": 2, "no_observations": 1])
        #expect(result.report.dropped[1].reason == .noObservations(harpNumber: 9))
        #expect(result.report.description.contains("2 of 5 kept"))
    }
}
