import Datasets
import Foundation

/// Short digests of what a run trained on, for the settings stored with its splits: a
/// different manifest (or archive) behind the same configuration is then a different setting.
enum SampleDigest {
    /// A 64-bit FNV-1a digest of the lines' UTF-8 bytes, in order, in hexadecimal.
    static func fnv1a(_ lines: some Sequence<String>) -> String {
        fnv1a(bytes: lines.lazy.flatMap(\.utf8))
    }

    /// A 64-bit FNV-1a digest of `bytes`, in hexadecimal.
    static func fnv1a(bytes: some Sequence<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return String(hash, radix: 16)
    }

    /// `"N samples <digest>"` of each sample's file, time and labels.
    static func samples(_ samples: [LabeledSample]) -> String {
        "\(samples.count) samples " + fnv1a(samples.map {
            "\($0.observation.path)|\($0.time.timeIntervalSince1970)|\($0.regionLabel)|\($0.sampleClass.rawValue)\n"
        })
    }

    /// `"N observations <digest>"` of the files videos may take frames from.
    static func observations(_ observations: [SHARPObservation]) -> String {
        "\(observations.count) observations " + fnv1a(observations.map { "\($0.path)|\($0.time.timeIntervalSince1970)\n" }.sorted())
    }
}
