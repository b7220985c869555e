/// A GOES XRS sample whose flux is finite and positive but above
/// ``FlareClass/maximumPlausiblePeakFlux`` (1e-2 W/m^2, X100): a detector spike or a corrupt
/// value, which a ``GOESXRSLightCurve`` leaves out of its fluxes and never turns into a class.
public struct GOESXRSImplausibleSample: Sendable, Hashable {
    /// The channel.
    public var channel: GOESXRSLightCurve.Channel
    /// The sample index.
    public var index: Int
    /// The flux as stored, W/m^2.
    public var flux: Double

    /// A sample from its parts.
    public init(channel: GOESXRSLightCurve.Channel, index: Int, flux: Double) {
        self.channel = channel
        self.index = index
        self.flux = flux
    }
}
