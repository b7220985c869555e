import Foundation

extension SyntheticArchive {
    /// What ``SyntheticArchive/generate(into:replacingExisting:)`` wrote.
    public struct Summary: Sendable, Equatable, CustomStringConvertible {
        /// The archive folder, the magnetogram folder inside it and the two catalogue files.
        public var directory: String
        public var magnetogramFolder: String
        public var harpTablePath: String
        public var flareCatalogPath: String
        /// Regions (HARPs) and magnetogram files.
        public var regions: Int
        public var magnetogramFiles: Int
        /// Bytes of the magnetograms and of everything written.
        public var magnetogramBytes: Int64
        public var totalBytes: Int64
        /// Flares in the catalogue by class letter (`"C"`, `"M"`, `"X"`), and those with a blank
        /// region.
        public var flaresByClass: [String: Int]
        public var blankRegionFlares: Int
        /// HARPs with an M1+ flare attributed to one of their NOAA regions (the flaring regions
        /// of Bhattacharjee et al.), ascending.
        public var flaringRegions: [Int]
        /// HARPs planned too small for the area cut, and HARPs without a NOAA number.
        public var smallRegions: [Int]
        public var unnumberedRegions: [Int]
        /// Files whose |LON_FWT| > 45 degrees, whose QUALITY > 0x10000, whose |OBS_VR| >= 3500 m/s,
        /// and with missing pixels.
        public var filesBeyondCentralMeridianLimit: Int
        public var filesWithBadQuality: Int
        public var filesWithHighObserverVelocity: Int
        public var filesWithMissingPixels: Int
        /// Wall-clock seconds.
        public var seconds: Double

        /// All flares.
        public var flares: Int { flaresByClass.values.reduce(0, +) }
        /// Flaring regions / regions.
        public var flaringFraction: Double { regions > 0 ? Double(flaringRegions.count) / Double(regions) : 0 }

        public var description: String {
            let classes = ["X", "M", "C"].map { "\(flaresByClass[$0] ?? 0) \($0)" }.joined(separator: ", ")
            return [
                "synthetic archive \(directory)",
                "\(regions) regions, \(magnetogramFiles) magnetograms, \(String(format: "%.1f", Double(magnetogramBytes) / 1e6)) MB "
                    + "(\(String(format: "%.1f", Double(totalBytes) / 1e6)) MB in all), \(String(format: "%.1f", seconds)) s",
                "flares: \(flares) (\(classes)), \(blankRegionFlares) with a blank region",
                "flaring regions (M1+): \(flaringRegions.count) (\(String(format: "%.0f", 100 * flaringFraction))%)",
                "small regions: \(smallRegions.count), unnumbered: \(unnumberedRegions.count)",
                "files beyond 45 deg: \(filesBeyondCentralMeridianLimit), QUALITY > 0x10000: \(filesWithBadQuality), "
                    + "|OBS_VR| >= 3500: \(filesWithHighObserverVelocity), with missing pixels: \(filesWithMissingPixels)",
            ].joined(separator: "\n")
        }
    }
}
