extension Magnetogram {
    /// Reads a magnetogram from a FITS file (SHARP CEA or any 2-D image): the pixels, the
    /// pixel scale from CDELT1/CDELT2 (degrees per pixel), RSUN_REF when present, and the SHARP
    /// keywords.
    /// - Throws: the reader's ``MagnetogramError`` for a bad file; ``MagnetogramError/invalidKeyword(path:keyword:value:expected:)``
    ///   when CDELT1/CDELT2 are missing or not positive (a scale is needed for any physics).
    public init(contentsOf path: String, reader: FITSReader = FITSReader()) throws {
        try self.init(image: try reader.readImage(at: path), path: path)
    }

    /// Reads a SHARP CEA line-of-sight magnetogram, refusing any other image: as
    /// ``init(contentsOf:reader:)`` after ``SHARPMagnetogramCheck`` on the image header, unless
    /// `acceptAnyImage` (then exactly ``init(contentsOf:reader:)``).
    /// - Throws: ``MagnetogramError/notSHARPMagnetogram(path:problems:)`` naming the file and
    ///   what is wrong with it; the errors of ``init(contentsOf:reader:)``.
    public init(sharpMagnetogramAt path: String, acceptAnyImage: Bool = false, reader: FITSReader = FITSReader()) throws {
        let image = try reader.readImage(at: path)
        if !acceptAnyImage { try SHARPMagnetogramCheck.validate(header: image.header, path: path) }
        try self.init(image: image, path: path)
    }

    /// The magnetogram of an image read from `path`.
    private init(image: FITSImage, path: String) throws {
        let metadata = try SHARPMetadata(header: image.header, path: path)
        guard let scaleX = metadata.pixelScaleX, let scaleY = metadata.pixelScaleY, scaleX > 0, scaleY > 0 else {
            let x = metadata.pixelScaleX.map { "\($0)" } ?? "missing"
            let y = metadata.pixelScaleY.map { "\($0)" } ?? "missing"
            throw MagnetogramError.invalidKeyword(
                path: path, keyword: "CDELT1/CDELT2", value: "\(x)/\(y)", expected: "a positive pixel scale in degrees")
        }
        try self.init(
            width: image.width, height: image.height, pixels: image.pixels, scaleX: scaleX, scaleY: scaleY,
            solarRadius: metadata.solarRadiusReference ?? Magnetogram.standardSolarRadius, metadata: metadata)
    }
}
