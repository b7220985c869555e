import Foundation
import Magnetogram

extension SyntheticArchive {
    /// Every size and rate of a synthetic archive. The defaults make the project's demo archive:
    /// 80 regions, 2.5-day passages at a 36-minute cadence (100 magnetograms each, 8000 files),
    /// images of about 96 x 192 pixels at 0.03 degrees per pixel, starting 2012-01-01.
    ///
    /// ```swift
    /// var configuration = SyntheticArchive.Configuration()   // the demo archive
    /// configuration.seed = 7
    /// let tiny = SyntheticArchive.Configuration.small         // 8 regions x 12 frames, 32 x 48 px
    /// ```
    public struct Configuration: Sendable, Equatable {
        /// Active regions (HARPs).
        public var regionCount: Int
        /// How long each region is observed, seconds.
        public var passageDuration: TimeInterval
        /// Time between two magnetograms of a region, seconds (a whole number of seconds).
        public var cadence: TimeInterval
        /// Typical image height (rows, NAXIS2) and width (columns, NAXIS1), pixels.
        public var imageHeight: Int
        public var imageWidth: Int
        /// Relative spread of the image sides with region size: a region's sides are the typical
        /// ones times 1 +- this (larger regions get larger boxes, as SHARP's do); 0 fixes them.
        public var imageSizeVariation: Double
        /// Pixel scale, degrees per pixel on both axes (CDELT1, CDELT2; SHARP CEA: 0.03).
        public var degreesPerPixel: Double
        /// First instant of the archive (UTC); passages begin within ``span`` after it.
        public var start: Date
        /// The window in which passages begin, seconds.
        public var span: TimeInterval
        /// The seed of every random choice.
        public var seed: UInt64
        /// Standard deviation of the per-pixel noise, gauss.
        public var noise: Float
        /// HARP number of the first region (later ones follow in order of appearance, with gaps).
        public var firstHARPNumber: Int
        /// NOAA number of the first numbered region.
        public var firstNOAARegion: Int
        /// Apparent rotation rate, degrees per day (synodic Carrington rate, 13.2).
        public var rotationRate: Double
        /// Range of the central meridian distance at the start of a passage, degrees. The default
        /// (-55...22) with 2.5-day passages puts a few percent of the files beyond +-45 degrees.
        public var startLongitudeRange: ClosedRange<Double>
        /// Fraction of HARPs holding two NOAA regions.
        public var twoRegionHARPFraction: Double
        /// Fraction of (weak) regions without a NOAA number (not in the HARP table; their flares
        /// have a blank region).
        public var unnumberedRegionFraction: Double
        /// Fraction of small regions (a single weak bipole) whose maximum area stays below the
        /// 25 Mm^2 of the area cut.
        public var smallRegionFraction: Double
        /// Fraction of the files with a strip of missing (NaN, BLANK) pixels at one edge.
        public var missingPixelFileFraction: Double
        /// Amplitude of the daily (orbital) part of OBS_VR, m/s. SDO's is about 3070; the default
        /// 3300 with the annual part (500) lets a few percent of the files fail |OBS_VR| < 3500.
        public var observerVelocityAmplitude: Double
        /// Fractions of the record slots (all regions at once) whose QUALITY fails the cut
        /// (> 0x10000) and whose QUALITY is non-zero but passes (<= 0x10000).
        public var badQualityFraction: Double
        public var benignQualityFraction: Double
        /// The flare model.
        public var flares: SyntheticFlareModel
        /// The |B| threshold, gauss, of the active pixels over which USFLUX and AREA_ACR are
        /// computed (SHARP's active-region mask stands for it).
        public var activePixelThreshold: Float

        /// The demo archive (see the type's documentation); every value can be changed.
        public init(
            regionCount: Int = 80, passageDuration: TimeInterval = 2.5 * 86_400, cadence: TimeInterval = 36 * 60,
            imageHeight: Int = 96, imageWidth: Int = 192, imageSizeVariation: Double = 0.25, degreesPerPixel: Double = 0.03,
            start: Date = Date(timeIntervalSince1970: 1_325_376_000), span: TimeInterval = 40 * 86_400, seed: UInt64 = 2012,
            noise: Float = 10, firstHARPNumber: Int = 1240, firstNOAARegion: Int = 11380, rotationRate: Double = 13.2,
            startLongitudeRange: ClosedRange<Double> = -55...22, twoRegionHARPFraction: Double = 0.15,
            unnumberedRegionFraction: Double = 0.05, smallRegionFraction: Double = 0.08,
            missingPixelFileFraction: Double = 0.02, observerVelocityAmplitude: Double = 3300,
            badQualityFraction: Double = 0.02, benignQualityFraction: Double = 0.03,
            flares: SyntheticFlareModel = SyntheticFlareModel(), activePixelThreshold: Float = SHARPArea.defaultActivePixelThreshold
        ) {
            self.regionCount = regionCount
            self.passageDuration = passageDuration
            self.cadence = cadence
            self.imageHeight = imageHeight
            self.imageWidth = imageWidth
            self.imageSizeVariation = imageSizeVariation
            self.degreesPerPixel = degreesPerPixel
            self.start = start
            self.span = span
            self.seed = seed
            self.noise = noise
            self.firstHARPNumber = firstHARPNumber
            self.firstNOAARegion = firstNOAARegion
            self.rotationRate = rotationRate
            self.startLongitudeRange = startLongitudeRange
            self.twoRegionHARPFraction = twoRegionHARPFraction
            self.unnumberedRegionFraction = unnumberedRegionFraction
            self.smallRegionFraction = smallRegionFraction
            self.missingPixelFileFraction = missingPixelFileFraction
            self.observerVelocityAmplitude = observerVelocityAmplitude
            self.badQualityFraction = badQualityFraction
            self.benignQualityFraction = benignQualityFraction
            self.flares = flares
            self.activePixelThreshold = activePixelThreshold
        }

        /// A tiny archive for tests: 8 regions of 12 frames (7.2 hours at 36 minutes), 32 x 48
        /// pixels of 0.09 degrees (the demo's field of view, coarser), passages within 4 days.
        /// Its flare rates are raised (x 8) and its class distribution flattened (classExponent
        /// 0.6: a quarter of the C1+ flares are M1+) so that the short passages still hold flaring
        /// and nonflaring regions (on average about 40% flaring; both kinds for every seed tried).
        public static var small: Configuration {
            var configuration = Configuration(
                regionCount: 8, passageDuration: 12 * 36 * 60, imageHeight: 32, imageWidth: 48, imageSizeVariation: 0,
                degreesPerPixel: 0.09, span: 4 * 86_400)
            configuration.flares.rateScale *= 8
            configuration.flares.classExponent = 0.6
            return configuration
        }

        /// Magnetograms per region.
        public var framesPerRegion: Int { Int((passageDuration / cadence + 1e-9).rounded(.down)) }

        /// Throws for values out of their domain.
        func validate() throws {
            func fail(_ what: String, _ value: Any, _ reason: String) -> DatasetsError {
                .invalidValue(what: "synthetic archive \(what)", value: "\(value)", reason: reason)
            }
            guard regionCount >= 1 else { throw fail("regionCount", regionCount, "must be at least 1") }
            guard cadence.isFinite, cadence >= 60, cadence.rounded() == cadence else {
                throw fail("cadence", cadence, "must be a whole number of seconds, at least 60")
            }
            guard passageDuration.isFinite, framesPerRegion >= 1 else {
                throw fail("passageDuration", passageDuration, "must hold at least one cadence")
            }
            guard imageHeight >= 8, imageWidth >= 8, imageHeight * imageWidth <= 4_000_000 else {
                throw fail("image size", "\(imageHeight) x \(imageWidth)", "each side at least 8 pixels, at most 4e6 pixels")
            }
            guard (0...0.9).contains(imageSizeVariation) else { throw fail("imageSizeVariation", imageSizeVariation, "must be in 0...0.9") }
            // The archive must pass the commands' SHARPMagnetogramCheck, whose pixel scales these are.
            let scales = SHARPMagnetogramCheck.plausiblePixelScale
            guard degreesPerPixel.isFinite, scales.contains(degreesPerPixel) else {
                throw fail("degreesPerPixel", degreesPerPixel, "must be in \(scales.lowerBound)...\(scales.upperBound) (SHARP CEA: 0.03)")
            }
            guard span.isFinite, span >= 0 else { throw fail("span", span, "must be >= 0") }
            guard noise.isFinite, noise >= 0 else { throw fail("noise", noise, "must be >= 0") }
            guard firstHARPNumber >= 1, firstNOAARegion >= 1 else {
                throw fail("first HARP / NOAA number", "\(firstHARPNumber) / \(firstNOAARegion)", "must be positive")
            }
            guard rotationRate.isFinite, startLongitudeRange.lowerBound >= -90, startLongitudeRange.upperBound <= 90 else {
                throw fail("startLongitudeRange", startLongitudeRange, "must lie within -90...90 degrees")
            }
            for (name, value) in [
                ("twoRegionHARPFraction", twoRegionHARPFraction), ("unnumberedRegionFraction", unnumberedRegionFraction),
                ("smallRegionFraction", smallRegionFraction), ("missingPixelFileFraction", missingPixelFileFraction),
                ("badQualityFraction", badQualityFraction), ("benignQualityFraction", benignQualityFraction),
            ] where !(0...1).contains(value) {
                throw fail(name, value, "must be a fraction in 0...1")
            }
            guard observerVelocityAmplitude.isFinite, observerVelocityAmplitude >= 0 else {
                throw fail("observerVelocityAmplitude", observerVelocityAmplitude, "must be >= 0")
            }
            guard activePixelThreshold.isFinite, activePixelThreshold > 0 else {
                throw fail("activePixelThreshold", activePixelThreshold, "must be positive")
            }
            try flares.validate()
        }
    }
}
