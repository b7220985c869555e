import Foundation

/// Which protocol a run follows: the paper's as published, FlareKit's choices, or the demo's
/// small networks.
///
/// `flarekit train --protocol paper|flarekit|demo` picks the preset; flags given explicitly override
/// it. `report.md` and `summary.json` (`protocol`, `departures`, `choices`) name the protocol
/// and list every setting that departs from the paper, with its reason, and every choice made
/// where the paper is silent.
///
/// ```swift
/// let configuration = BhattacharjeeConfiguration.paper(network: .cnn2, inputSize: 256)
/// configuration.departuresFromPaper.isEmpty      // true
/// ```
public enum TrainingProtocolName: String, Sendable, Hashable, CaseIterable, Codable {
    /// The paper's protocol (``BhattacharjeeConfiguration/paper(network:inputSize:)``,
    /// ``GuastavinoConfiguration/paper(task:)``).
    case paper
    /// FlareKit's defaults (``BhattacharjeeConfiguration/init()``, ``GuastavinoConfiguration/init()``).
    case flarekit
    /// What `flarekit demo` trains: smaller networks at 32 x 32 (and 8-frame videos) that train
    /// in minutes on two cores (``BhattacharjeeConfiguration/demo(network:seed:)``,
    /// ``GuastavinoConfiguration/demo(task:seed:)``). For trying FlareKit on the demo's archive.
    case demo
}

/// One line of a protocol's record: a setting, its value in this run, the paper's, and why.
public struct ProtocolNote: Sendable, Hashable, Codable {
    /// The setting (`optimizer`, `interpolation`, ...).
    public var setting: String
    /// Its value in this run.
    public var value: String
    /// The paper's value (`nil`: the paper does not say).
    public var paper: String?
    /// Why it differs, or how the value was chosen.
    public var reason: String

    /// Creates a note.
    public init(setting: String, value: String, paper: String?, reason: String) {
        self.setting = setting
        self.value = value
        self.paper = paper
        self.reason = reason
    }

    /// One line for a report.
    public var sentence: String {
        if let paper { return "\(setting): \(value) (the paper: \(paper)); \(reason)" }
        return "\(setting): \(value) (the paper does not say); \(reason)"
    }

    /// The object for `summary.json`.
    public var jsonObject: [String: Any] {
        ["setting": setting, "value": value, "paper": paper.map { $0 as Any } ?? NSNull(), "reason": reason]
    }
}
