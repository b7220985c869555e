import Datasets
import Foundation
import Magnetogram
import NeuralCore

/// What ``EnsemblePredictor/predict(_:progress:)`` runs: the samples' identifiers and labels,
/// the skipped samples, and the lazy batch sources, each with the members that read it (members
/// with equal preparations and frame counts share one source).
struct PredictionPlan {
    /// One batch source and the members it feeds; sample `i` of every source is the same sample.
    struct Feed {
        var source: any BatchSource
        var members: [Int]
    }

    var ids: [String]
    var labels: [(label: Int, sampleClass: SampleClass)]?
    /// Positions of the predicted samples in the input sample list (manifest input only).
    var sourceIndices: [Int]?
    var skipped: [EnsemblePrediction.SkippedSample] = []
    var feeds: [Feed]
    /// Each sample's observation (its HARP, NOAA regions and time) when known.
    var observations: [SHARPObservation?]
    /// Problems accepted under `allowMixedFrames`.
    var warnings: [String] = []

    init(
        input: PredictionInput, members: [EnsembleMember], configuration: EnsemblePredictionConfiguration,
        agreement: EnsembleAgreement, inputCache: PreparedDataSetCache? = nil
    ) throws {
        switch input {
        case let .batch(url):
            let array = try NumpyArray.read(from: url)
            guard array.elementType == .float32 else {
                throw NeuralCoreError.file(path: url.path, problem: "the input batch must be float32, not \(array.elementType)")
            }
            try self.init(batch: array.tensor(), name: url.path, members: members)
        case let .tensor(tensor, name):
            try self.init(batch: tensor, name: name, members: members)
        case let .magnetograms(urls):
            try self.init(files: urls.map(\.path), members: members, configuration: configuration, agreement: agreement)
        case let .manifest(url, archive):
            let manifest = try SampleManifest(contentsOf: url, sharpDirectory: archive)
            try manifest.checkMagnetograms(manifest: url, sharpDirectory: archive)
            // The archive is scanned only when an LRCN needs videos.
            let options = ArchiveIndex.Options(acceptAnyImage: configuration.acceptAnyImage)
            let index = try members.contains(where: { $0.frameCount != nil })
                ? archive.map { try ArchiveIndex(scanning: $0, options: options) } : nil
            try self.init(
                samples: manifest.samples, archive: index, name: url.path, members: members, configuration: configuration,
                agreement: agreement, inputCache: inputCache)
        case let .samples(samples, archive, name):
            try self.init(
                samples: samples, archive: archive, name: name, members: members, configuration: configuration,
                agreement: agreement, inputCache: inputCache)
        }
    }

    /// A prepared batch, used as it is by every member.
    private init(batch: Tensor, name: String, members: [EnsembleMember]) throws {
        guard batch.rank >= 2, batch.shape[0] > 0 else {
            throw PipelinesError.insufficientData(
                stage: "ensemble prediction", reason: "\(name) holds no samples (shape \(batch.shape))")
        }
        for member in members where Array(batch.shape.dropFirst()) != member.sampleShape {
            throw PipelinesError.file(
                path: member.path,
                problem: "the \(member.model.kind) model takes samples of shape \(member.sampleShape), but \(name) has "
                    + "shape \(batch.shape) (expected shape \([batch.shape[0]] + member.sampleShape))")
        }
        ids = (0..<batch.shape[0]).map { "\(name)[\($0)]" }
        observations = ids.map { _ in nil }
        labels = nil
        feeds = [Feed(source: try TensorDataset(inputs: batch, labels: Tensor(shape: [batch.shape[0]])), members: Array(members.indices))]
    }

    /// FITS files: single magnetograms for the CNNs, the frames of one video for the LRCN.
    private init(
        files: [String], members: [EnsembleMember], configuration: EnsemblePredictionConfiguration, agreement: EnsembleAgreement
    ) throws {
        guard let last = files.last else {
            throw PipelinesError.insufficientData(stage: "ensemble prediction", reason: "no FITS files given")
        }
        if !configuration.acceptAnyImage {
            for file in files { try SHARPMagnetogramCheck.validate(fileAt: file) }
        }
        let videos = members.filter { $0.frameCount != nil }
        if let video = videos.first {
            if let image = members.first(where: { $0.frameCount == nil }) {
                throw PipelinesError.invalidSetting(
                    name: "FITS input", value: "\(files.count) files",
                    reason: "\(video.path) (lrcn) reads the files as the frames of one video but \(image.path) "
                        + "(\(image.model.kind)) reads each as a sample; ensemble them on a manifest instead")
            }
            for member in videos where member.frameCount != files.count {
                throw PipelinesError.invalidSetting(
                    name: "FITS frames", value: "\(files.count) files",
                    reason: "\(member.path) holds an lrcn model of \(member.frameCount ?? 0) frames: the FITS files are "
                        + "the frames of one video, oldest first, and must be \(member.frameCount ?? 0)")
            }
            let check = try VideoFrameCheck(
                files: files, cadence: agreement.videoCadence, allowUnreadable: configuration.allowMixedFrames)
            if let problem = check.problems.first, !configuration.allowMixedFrames { throw problem }
            warnings = check.problems.map { "\($0) (accepted: --allow-mixed-frames)" }
            ids = [last]
            observations = [check.observations?.last]
            labels = nil
            feeds = try Self.feeds(
                members: members, configuration: configuration, images: [], videos: [BatchItem(framePaths: files, label: 0)])
        } else {
            ids = files
            observations = files.map { _ in nil }
            labels = nil
            feeds = try Self.feeds(
                members: members, configuration: configuration, images: files.map { BatchItem(path: $0, label: 0) }, videos: [])
        }
    }

    /// Manifest samples: each sample's observation for the CNNs, the video ending at it for the
    /// LRCN; samples whose video cannot be filled (for any LRCN member) are skipped.
    private init(
        samples: [LabeledSample], archive: ArchiveIndex?, name: String, members: [EnsembleMember],
        configuration: EnsemblePredictionConfiguration, agreement: EnsembleAgreement, inputCache: PreparedDataSetCache?
    ) throws {
        guard !samples.isEmpty else {
            throw PipelinesError.insufficientData(stage: "ensemble prediction", reason: "\(name) holds no samples")
        }
        let frameCounts = Array(Set(members.compactMap(\.frameCount))).sorted()
        var videosByFrames: [Int: [[SHARPObservation]?]] = [:]
        var reasons = [[String]](repeating: [], count: samples.count)
        if !frameCounts.isEmpty {
            guard let archive else {
                let video = members.first { $0.frameCount != nil }?.path ?? ""
                throw PipelinesError.invalidSetting(
                    name: "SHARP archive", value: "none",
                    reason: "\(video) holds an lrcn model, whose videos for the samples of \(name) are built from the "
                        + "SHARP archive folder; give it")
            }
            let sampleObservations = samples.map(\.observation)
            for frames in frameCounts {
                let sampler = try VideoSampler(VideoSpecification(frameCount: frames, cadence: agreement.videoCadence))
                let result = sampler.videos(endingAt: sampleObservations, from: archive.observations)
                videosByFrames[frames] = result.videos
                for dropped in result.report.dropped {
                    reasons[dropped.sampleIndex].append("video of \(frames) frames: \(dropped.reason)")
                }
            }
        }
        var kept: [Int] = []
        for index in samples.indices {
            if reasons[index].isEmpty {
                kept.append(index)
            } else {
                skipped.append(.init(id: samples[index].identifier, reason: reasons[index].joined(separator: "; ")))
            }
        }
        guard !kept.isEmpty else {
            throw PipelinesError.insufficientData(
                stage: "ensemble prediction", reason: Self.nothingUsable(
                    name: name, skipped: skipped, total: samples.count, cadence: agreement.videoCadence))
        }
        ids = kept.map { samples[$0].identifier }
        labels = kept.map { (agreement.target.label(of: samples[$0]), samples[$0].sampleClass) }
        observations = kept.map { samples[$0].observation }
        sourceIndices = kept
        let images = kept.map { BatchItem(observation: samples[$0].observation, label: Float(samples[$0].regionLabel)) }
        var videoItems: [Int: [BatchItem]] = [:]
        for (frames, videos) in videosByFrames {
            videoItems[frames] = try kept.map { index in
                guard let video = videos[index] else {
                    throw PipelinesError.stageFailed(stage: "video sampling", reason: "sample \(index) has no video")
                }
                return BatchItem(video: video, label: Float(samples[index].regionLabel))
            }
        }
        feeds = try Self.feeds(
            members: members, configuration: configuration, images: images, videosByFrames: videoItems, inputCache: inputCache)
    }

    /// Why no sample of `name` can be predicted: `0 of N samples usable: N skipped because ...`,
    /// with the distinct reasons (at most three, each with its count) and the first sample.
    static func nothingUsable(
        name: String, skipped: [EnsemblePrediction.SkippedSample], total: Int, cadence: TimeInterval
    ) -> String {
        let counts = EnsemblePrediction.skipCauses(skipped)
        let causes = counts.prefix(3).map { "\($0.count) x \($0.reason)" }
        var text = "\(name): 0 of \(total) samples usable: \(skipped.count) skipped because their videos cannot be filled ("
            + causes.joined(separator: "; ") + (counts.count > 3 ? "; ..." : "") + ")"
        if let first = skipped.first { text += "; first: \(first.id): \(first.reason)" }
        return text + "; the videos were built at \(EnsembleAgreement.minutes(cadence)) apart: check the SHARP archive, "
            + "the video cadence and the models' frame counts"
    }

    /// The feeds for one list of image items and one list of video items (every LRCN member).
    private static func feeds(
        members: [EnsembleMember], configuration: EnsemblePredictionConfiguration, images: [BatchItem], videos: [BatchItem]
    ) throws -> [Feed] {
        var byFrames: [Int: [BatchItem]] = [:]
        for frames in Set(members.compactMap(\.frameCount)) { byFrames[frames] = videos }
        return try feeds(members: members, configuration: configuration, images: images, videosByFrames: byFrames)
    }

    /// One lazy source per distinct (preparation, frame count), in member order, reading from a
    /// prepared data set of `inputCache` when given.
    private static func feeds(
        members: [EnsembleMember], configuration: EnsemblePredictionConfiguration, images: [BatchItem],
        videosByFrames: [Int: [BatchItem]], inputCache: PreparedDataSetCache? = nil
    ) throws -> [Feed] {
        var groups: [(preparation: SamplePreparation, frames: Int?, members: [Int])] = []
        for (index, member) in members.enumerated() {
            let preparation = try member.preparation()
            if let group = groups.firstIndex(where: { $0.preparation == preparation && $0.frames == member.frameCount }) {
                groups[group].members.append(index)
            } else {
                groups.append((preparation, member.frameCount, [index]))
            }
        }
        return try groups.map { group in
            let source: any BatchSource
            let items = group.frames.map { videosByFrames[$0] ?? [] } ?? images
            let dataSet = items.isEmpty ? nil : try inputCache?.dataSet(for: items, preparation: group.preparation)
            if let frames = group.frames {
                source = try VideoBatchSource(
                    items: items, frameCount: frames, preparation: group.preparation, dataSet: dataSet,
                    parallelLoading: configuration.parallelLoading)
            } else {
                source = try MagnetogramBatchSource(
                    items: items, preparation: group.preparation, dataSet: dataSet, parallelLoading: configuration.parallelLoading)
            }
            return Feed(source: source, members: group.members)
        }
    }
}
