import Foundation

/// The two windows of Guastavino et al. (2022, Sect. 2.1) around a sample time t, both
/// half-open and measured on flare peak instants:
///
/// - forward `(t, t + forward]` (24 h): its largest C1+ flare gives the class X, M or C;
/// - backward `[t - backward, t)` (48 h): a C1+ flare in it makes a null sample NO3.
///
/// ```swift
/// let windows = SampleClassWindows()                       // 24 h forward, 48 h backward
/// let sixHours = SampleClassWindows(forward: 6 * 3600, backward: 48 * 3600)
/// ```
public struct SampleClassWindows: Sendable, Hashable, Codable {
    /// Length of the forward window in seconds (24 h).
    public var forward: TimeInterval
    /// Length of the backward window in seconds (48 h).
    public var backward: TimeInterval

    /// Creates the windows.
    public init(forward: TimeInterval = 24 * 3600, backward: TimeInterval = 48 * 3600) {
        self.forward = forward
        self.backward = backward
    }

    /// Throws unless both lengths are finite and positive.
    public func validate() throws {
        for (name, value) in [("forward window (seconds)", forward), ("backward window (seconds)", backward)] {
            guard value.isFinite, value > 0 else {
                throw DatasetsError.invalidValue(what: name, value: "\(value)", reason: "must be finite and > 0")
            }
        }
    }
}
