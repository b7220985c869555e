import Foundation

/// One flare from a GOES event list: start, peak and end instants (UTC), class, and the NOAA
/// active region it was attributed to, if any.
public struct FlareEvent: Sendable, Hashable, Codable {
    /// Start instant (UTC).
    public var start: Date
    /// Peak instant (UTC). Label windows and times to flare use this instant.
    public var peak: Date
    /// End instant (UTC).
    public var end: Date
    /// GOES class.
    public var flareClass: FlareClass
    /// The NOAA active region number, or `nil` when the list leaves it blank.
    public var noaaRegion: Int?

    /// Creates an event.
    public init(start: Date, peak: Date, end: Date, flareClass: FlareClass, noaaRegion: Int?) {
        self.start = start
        self.peak = peak
        self.end = end
        self.flareClass = flareClass
        self.noaaRegion = noaaRegion
    }
}
