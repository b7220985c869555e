import Foundation
import NeuralCore

extension PreparedDataSet {
    /// The names of the file's datasets and attributes (Documentation/PreparedDataSets.md
    /// describes each; h5py reads them by these names).
    enum Layout {
        /// `float32 [F, 1, H, W]`: each distinct prepared frame, one frame per chunk.
        static let inputs = "inputs"
        /// `string [F]`: the FITS file each row of `inputs` was prepared from.
        static let framePaths = "frame_paths"
        /// `string [F]`: the hemisphere the Hale/Joy normalisation used for each row: `north`,
        /// `south`, `header` (the file's own latitude), or empty when the preparation has none.
        static let frameHemispheres = "frame_hemispheres"
        /// `int64 [N, T]`: the rows of `inputs` holding the `T` frames of each sample, oldest first.
        static let sampleFrames = "sample_frames"
        /// `float32 [N]`: each sample's label.
        static let labels = "labels"
        /// `string [N]`: each sample's identifier.
        static let sampleIDs = "sample_ids"

        /// String attribute: always ``formatName``.
        static let format = "format"
        /// Integer attribute: ``PreparedDataSet/formatVersion``.
        static let formatVersion = "format_version"
        /// String attribute: the preparation's `InputPreprocessing` as JSON (sorted keys, geometry included).
        static let preparation = "preparation"
        /// String attribute: ``PreparedDataSet/checksum(items:sampleIDs:)`` of the samples and their files.
        static let manifestChecksum = "manifest_checksum"
        /// Integer attribute: `T`.
        static let framesPerSample = "frames_per_sample"

        /// The value of the `format` attribute.
        static let formatName = "flarekit-prepared-inputs"
    }

    /// The JSON of a preparation as stored in the file (sorted keys).
    static func json(of preparation: SamplePreparation) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(preparation.preprocessing), as: UTF8.self)
    }

    /// The hemisphere entry of a frame with `latitude` under `preparation` (see ``Layout/frameHemispheres``).
    static func hemisphere(latitude: Double?, preparation: SamplePreparation) -> String {
        guard preparation.preprocessing.haleJoyNormalization else { return "" }
        guard let latitude else { return "header" }
        return latitude < 0 ? "south" : "north"
    }

    /// What identifies one prepared frame: its file and, under the Hale/Joy normalisation, its hemisphere.
    struct FrameKey: Hashable {
        var path: String
        var hemisphere: String
    }

    /// The distinct frames of `items` in order of first use, and each item's rows among them.
    static func frames(of items: [BatchItem], preparation: SamplePreparation) -> (frames: [FrameKey], latitudes: [Double?], rows: [[Int]]) {
        var index: [FrameKey: Int] = [:]
        var frames: [FrameKey] = [], latitudes: [Double?] = []
        let rows = items.map { item in
            item.framePaths.map { path in
                let key = FrameKey(path: path, hemisphere: hemisphere(latitude: item.latitude, preparation: preparation))
                if let row = index[key] { return row }
                index[key] = frames.count
                frames.append(key)
                latitudes.append(item.latitude)
                return frames.count - 1
            }
        }
        return (frames, latitudes, rows)
    }

    /// The 64-bit FNV-1a digest (16 hexadecimal digits) of the samples a data set holds: each
    /// sample's frame files with their size and modification time, its latitude, label and
    /// identifier. The same manifest drawn by the same configuration gives the same digest, so
    /// every run on it shares one file; an edited FITS file gives another (never a stale input).
    public static func checksum(items: [BatchItem], sampleIDs: [String]) -> String {
        var identities: [String: String] = [:]
        var text = ""
        for (item, id) in zip(items, sampleIDs) {
            for path in item.framePaths {
                if identities[path] == nil { identities[path] = FileIdentity.of(path) }
                text += path + "|" + identities[path, default: ""] + "\u{0}"
            }
            let latitude = item.latitude.map { "\($0)" } ?? "-"
            text += "|" + latitude + "|\(item.label)|" + id + "\n"
        }
        return FNV1a.hex(text.utf8)
    }

    /// The identifiers of `items` when none are given: each sample's last frame file (the
    /// magnetogram a video ends at).
    static func defaultIDs(_ items: [BatchItem]) -> [String] {
        items.map { $0.framePaths.last ?? "" }
    }
}
