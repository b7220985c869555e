/// Which of the three networks, without its sizes: the `architecture` value of a weight file's
/// metadata and what a caller asks for when a file has none.
///
/// ```swift
/// let name = ArchitectureName(rawValue: "cnn2")          // .cnn2
/// let model = try FlareModel.resolve(weights: url, architecture: .cnn1, inputSize: 16)
/// model.configuration.architectureName == .cnn1           // true
/// ArchitectureName.listed                                 // "cnn1, cnn2 or lrcn"
/// ```
public enum ArchitectureName: String, CaseIterable, Codable, Sendable {
    /// CNN-1 of Bhattacharjee et al. (2020).
    case cnn1
    /// CNN-2 (inception) of Bhattacharjee et al. (2020).
    case cnn2
    /// The LRCN of Guastavino et al. (2022), on videos.
    case lrcn

    /// The names for a message: `cnn1, cnn2 or lrcn`.
    public static var listed: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }

    /// The default configuration of this network, with the given input (frame) size and, for
    /// the LRCN, frame count: 128 for CNN-1, 256 for CNN-2, 128 and 40 frames for the LRCN when
    /// `nil`. The frame count is ignored for the CNNs.
    public func defaultConfiguration(inputSize: Int? = nil, frames: Int? = nil) -> ArchitectureConfiguration {
        var configuration: ArchitectureConfiguration = switch self {
        case .cnn1: .cnn1(CNN1Configuration())
        case .cnn2: .cnn2(CNN2Configuration())
        case .lrcn: .lrcn({ var c = LRCNConfiguration(); c.frames = frames ?? c.frames; return c }())
        }
        configuration.inputSize = inputSize ?? configuration.inputSize
        return configuration
    }
}
