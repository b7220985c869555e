import Foundation

/// A GOES X-ray Sensor (XRS) light curve: the soft X-ray flux of the whole Sun in the long
/// (1-8 Angstrom) and short (0.5-4 Angstrom) channels, sample by sample. Flare classes are
/// defined on the long channel's peak.
///
/// Samples the instrument marks as missing (the fill value -99999), non-positive or non-finite
/// fluxes are `nil`; they never count as a peak. So are fluxes above
/// ``FlareClass/maximumPlausiblePeakFlux`` (1e-2 W/m^2, X100: a detector spike or a corrupt
/// value, never a flare), which are also kept in ``implausibleSamples`` so that a reader can
/// report them.
///
/// ```swift
/// let curve = try GOESXRSLightCurve(contentsOf: URL(fileURLWithPath: "go1520110607.fits"))
/// curve.times.count             // 42177
/// curve.peak?.flux              // 2.5554e-5 W/m^2
/// curve.peak?.flareClass        // M2.5
/// curve.peak(in: .short)?.time  // 2011-06-07T06:39:00.762Z
/// ```
public struct GOESXRSLightCurve: Sendable, Equatable {
    /// The two XRS channels.
    public enum Channel: String, Sendable, Hashable, CaseIterable, Codable {
        /// 1-8 Angstrom, the channel flare classes are defined on (FLUX channel 0 in the FITS files).
        case long
        /// 0.5-4 Angstrom (FLUX channel 1).
        case short
    }

    /// The instrument (TELESCOP, for example `GOES 15`), `nil` when absent.
    public var satellite: String?
    /// Sample instants (UTC), one per sample.
    public var times: [Date]
    /// 1-8 Angstrom flux per sample, W/m^2; `nil` where missing or not positive.
    public var longFlux: [Double?]
    /// 0.5-4 Angstrom flux per sample, W/m^2; `nil` where missing or not positive.
    public var shortFlux: [Double?]
    /// The samples whose flux was finite and positive but above
    /// ``FlareClass/maximumPlausiblePeakFlux``, long channel first, by index; their flux is
    /// `nil` in ``longFlux`` / ``shortFlux``.
    public var implausibleSamples: [GOESXRSImplausibleSample]

    /// A light curve from its samples. Fluxes that are not finite and positive (such as the
    /// fill value -99999) become `nil`; so do fluxes above ``FlareClass/maximumPlausiblePeakFlux``,
    /// which are listed in ``implausibleSamples``.
    /// - Throws: ``DatasetsError/invalidValue(what:value:reason:)`` when the arrays differ in length.
    public init(satellite: String? = nil, times: [Date], longFlux: [Double?], shortFlux: [Double?]) throws {
        guard longFlux.count == times.count, shortFlux.count == times.count else {
            throw DatasetsError.invalidValue(
                what: "XRS light curve", value: "\(times.count) times, \(longFlux.count) long and \(shortFlux.count) short fluxes",
                reason: "every sample needs a time and both fluxes")
        }
        self.satellite = satellite
        self.times = times
        self.longFlux = longFlux.map(Self.valid)
        self.shortFlux = shortFlux.map(Self.valid)
        implausibleSamples = [(Channel.long, longFlux), (Channel.short, shortFlux)].flatMap { channel, values in
            values.enumerated().compactMap { index, value in
                guard let value, value.isFinite, value > FlareClass.maximumPlausiblePeakFlux else { return nil }
                return GOESXRSImplausibleSample(channel: channel, index: index, flux: value)
            }
        }
    }

    /// The flux of a channel, per sample.
    public func flux(in channel: Channel) -> [Double?] {
        switch channel {
        case .long: longFlux
        case .short: shortFlux
        }
    }

    /// The highest valid flux of the long (1-8 Angstrom) channel, with its instant and flare
    /// class; `nil` when the channel has no valid sample.
    public var peak: GOESXRSPeak? { peak(in: .long) }

    /// The highest valid flux of a channel (the first sample on ties); `nil` when it has none.
    /// Only the long channel's peak has a ``GOESXRSPeak/flareClass``.
    public func peak(in channel: Channel) -> GOESXRSPeak? {
        var best: (index: Int, flux: Double)?
        for (index, value) in flux(in: channel).enumerated() {
            guard let value else { continue }
            if best.map({ value > $0.flux }) ?? true { best = (index, value) }
        }
        guard let best else { return nil }
        let flareClass = channel == .long ? try? FlareClass(peakFlux: best.flux) : nil
        return GOESXRSPeak(
            channel: channel, index: best.index, time: times[best.index], flux: best.flux, flareClass: flareClass)
    }

    /// Samples of a channel that are missing, not positive or implausibly large (all `nil`).
    public func invalidSampleCount(in channel: Channel) -> Int {
        flux(in: channel).reduce(0) { $0 + ($1 == nil ? 1 : 0) }
    }

    /// Samples of a channel above ``FlareClass/maximumPlausiblePeakFlux``.
    public func implausibleSampleCount(in channel: Channel) -> Int {
        implausibleSamples.reduce(0) { $0 + ($1.channel == channel ? 1 : 0) }
    }

    /// Throws when any sample was implausibly large, for readers that must not go on with a
    /// damaged light curve (`flarekit xrs --strict`).
    /// - Parameter source: the file (or other name) the light curve came from, for the message.
    /// - Throws: ``DatasetsError/file(path:reason:)`` naming `source`, the first such sample and
    ///   how many there are.
    public func requirePlausibleFlux(source: String) throws {
        guard let first = implausibleSamples.first else { return }
        let channel = first.channel == .long ? "1-8 A" : "0.5-4 A"
        throw DatasetsError.file(
            path: source,
            reason: "\(implausibleSamples.count) flux sample(s) above \(FlareClass.maximumPlausiblePeakFlux) W/m^2 "
                + "(X100, no real flare), first \(first.flux) W/m^2 at \(channel) sample \(first.index)")
    }

    static func valid(_ value: Double?) -> Double? {
        guard let value, value.isFinite, value > 0, value <= FlareClass.maximumPlausiblePeakFlux else { return nil }
        return value
    }
}

/// The peak of one channel of a ``GOESXRSLightCurve``.
public struct GOESXRSPeak: Sendable, Hashable {
    /// The channel.
    public var channel: GOESXRSLightCurve.Channel
    /// The sample index of the peak.
    public var index: Int
    /// The instant of the peak (UTC).
    public var time: Date
    /// The peak flux, W/m^2.
    public var flux: Double
    /// The GOES class of the flux (``FlareClass/init(peakFlux:)``, truncated to one decimal);
    /// only for the long channel, and `nil` below A1.0.
    public var flareClass: FlareClass?

    /// A peak from its parts.
    public init(channel: GOESXRSLightCurve.Channel, index: Int, time: Date, flux: Double, flareClass: FlareClass?) {
        self.channel = channel
        self.index = index
        self.time = time
        self.flux = flux
        self.flareClass = flareClass
    }
}
