import Foundation

/// Bhattacharjee et al. (2020, Sect. 4.2) time relative to flare of one observation:
/// `t_r = t - T_F` in hours, negative before the flare and positive after it.
public struct TimeToFlare: Sendable, Hashable, Codable {
    /// Index of the flare in ``TimeToFlareAssigner/flares`` (the HARP's flares at or above the
    /// threshold, simultaneous ones merged, ordered by peak).
    public var flareIndex: Int
    /// The flare's peak instant T_F.
    public var flarePeak: Date
    /// The flare's class (the largest, when several flares peak at the same instant).
    public var flareClass: FlareClass
    /// `t - T_F` in hours.
    public var hours: Double

    /// Creates a value.
    public init(flareIndex: Int, flarePeak: Date, flareClass: FlareClass, hours: Double) {
        self.flareIndex = flareIndex
        self.flarePeak = flarePeak
        self.flareClass = flareClass
        self.hours = hours
    }
}

/// The settings of ``TimeToFlareAssigner``.
public struct TimeToFlareConfiguration: Sendable, Hashable, Codable {
    /// The smallest flare class counted (M1.0: "M- or X-class flares").
    public var threshold: FlareClass
    /// Half-width of the window in seconds: observations with `|t - T_F|` above it get no
    /// time to flare (72 h).
    public var window: TimeInterval

    /// Creates a configuration.
    public init(threshold: FlareClass = .m1, window: TimeInterval = 72 * 3600) {
        self.threshold = threshold
        self.window = window
    }

    /// Throws unless the window is finite and positive.
    public func validate() throws {
        guard window.isFinite, window > 0 else {
            throw DatasetsError.invalidValue(
                what: "time-to-flare window (seconds)", value: "\(window)", reason: "must be finite and > 0")
        }
    }
}
