import Foundation

/// The settings that decide a result, by name (`epochs` → `"20"`), stored with work that may be
/// resumed or assembled later and compared with the settings of the process that picks it up.
///
/// A split's record (``CrossValidationRecord``), a checkpoint's side file and a training run's
/// `training-run.json` each carry one; a difference names the setting and both values.
///
/// ```swift
/// let stored = NamedSettings(["epochs": "20", "seed": "1"])
/// let current = NamedSettings(["epochs": "30", "seed": "1"])
/// current.differences(from: stored)     // ["epochs: 20 there, 30 here"]
/// ```
public struct NamedSettings: Codable, Hashable, Sendable {
    /// Every setting's value, by name.
    public var values: [String: String]

    /// Creates settings from name-value pairs.
    public init(_ values: [String: String] = [:]) {
        self.values = values
    }

    /// Settings read off a value's stored properties (`Mirror`), each described with
    /// `String(describing:)` (optionals unwrapped, `none` for `nil`), names prefixed with
    /// `prefix` (`"bhattacharjee."`, say). Every property counts, so a setting added to a
    /// configuration later is compared without further work.
    public init(describing value: Any, prefix: String = "") {
        var values: [String: String] = [:]
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            values[prefix + label] = Self.describe(child.value)
        }
        self.values = values
    }

    /// These settings and `other`'s together (`other` wins where both name a setting).
    public func merging(_ other: NamedSettings) -> NamedSettings {
        NamedSettings(values.merging(other.values) { _, new in new })
    }

    /// One line per setting that differs, sorted by name: `"name: <stored> there, <this> here"`
    /// (`unset` where one side lacks the setting). Empty when both are the same.
    public func differences(from stored: NamedSettings) -> [String] {
        Set(values.keys).union(stored.values.keys).sorted().compactMap { name in
            let there = stored.values[name], here = values[name]
            guard there != here else { return nil }
            return "\(name): \(there ?? "unset") there, \(here ?? "unset") here"
        }
    }

    /// A value described without the `Optional(...)` wrapper.
    private static func describe(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return String(describing: value) }
        guard let wrapped = mirror.children.first?.value else { return "none" }
        return describe(wrapped)
    }

    public init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: String].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys (records, locks and settings files compare and diff well).
    static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
