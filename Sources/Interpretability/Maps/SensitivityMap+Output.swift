import Foundation
import Magnetogram
import NeuralCore

extension SensitivityMap {
    /// The formats a map is written in, chosen by the file's extension.
    public enum FileFormat: String, Sendable, CaseIterable {
        /// A Float32 FITS image (BITPIX -32), `[height][width]` in FITS order.
        case fits
        /// A little-endian float32 NumPy array of shape `[height, width]`.
        case npy

        /// The format of `url`'s extension (`.fits`, `.fit`, `.fts` or `.npy`), or `nil`.
        public init?(url: URL) {
            switch url.pathExtension.lowercased() {
            case "fits", "fit", "fts": self = .fits
            case "npy": self = .npy
            default: return nil
            }
        }
    }

    /// Writes the normalised values, atomically, as FITS or `.npy` by the file's extension. A
    /// FITS file's header records `provenance` when given (method, target, weight file,
    /// FlareKit version, and the source magnetogram's WCS and SHARP keywords: see
    /// ``SensitivityMapProvenance``); a `.npy` file has no header.
    /// - Throws: ``InterpretabilityError/file(path:problem:)`` for another extension, and the
    ///   writers' errors.
    public func write(to url: URL, provenance: SensitivityMapProvenance? = nil) throws {
        guard let format = FileFormat(url: url) else {
            throw InterpretabilityError.file(
                path: url.path, problem: "unknown map format '.\(url.pathExtension)' (expected .fits or .npy)")
        }
        switch format {
        case .fits:
            let cards = try [
                FITSCard(keyword: "BUNIT", string: "", comment: "dimensionless, divided by ABSMAX"),
                FITSCard(keyword: "ABSMAX", double: Double(absoluteMaximum), comment: "absolute maximum before normalisation"),
                FITSCard(keyword: "ALLZERO", bool: isAllZero, comment: "every value was zero"),
            ] + (provenance?.cards(width: width, height: height) ?? [])
            try FITSWriter().write(values, width: width, height: height, cards: cards, to: url.path)
        case .npy:
            try NumpyArray.write(try Tensor(shape: [height, width], scalars: values), to: url)
        }
    }

    /// An RGB PNG of `magnetogram` (grey, saturated at ±`saturation` gauss, 500 G as in the
    /// paper's Fig. 12) with the pixels above `threshold` in red. The map must have the
    /// magnetogram's size.
    /// - Throws: ``InterpretabilityError/invalidArgument(name:value:reason:)`` when the sizes differ.
    public func overlayPNG(
        on magnetogram: Magnetogram, threshold: Float = SensitivityMap.defaultThreshold, saturation: Float = 500
    ) throws -> Data {
        try overlayImage(on: magnetogram, threshold: threshold, saturation: saturation).pngData()
    }

    /// The raster of ``overlayPNG(on:threshold:saturation:)``.
    func overlayImage(on magnetogram: Magnetogram, threshold: Float, saturation: Float) throws -> RGBImage {
        guard magnetogram.width == width, magnetogram.height == height else {
            throw InterpretabilityError.invalidArgument(
                name: "overlay size", value: "map \(width)x\(height), magnetogram \(magnetogram.width)x\(magnetogram.height)",
                reason: "the map and the magnetogram must have the same size")
        }
        return try magnetogram.overlayImage(mask: highlightedRegion(threshold: threshold), saturation: saturation)
    }

    /// Writes ``overlayPNG(on:threshold:saturation:)`` to `url`, atomically.
    /// - Throws: As ``overlayPNG(on:threshold:saturation:)``, and
    ///   ``InterpretabilityError/file(path:problem:)`` when the file cannot be written.
    public func writeOverlayPNG(
        on magnetogram: Magnetogram, to url: URL, threshold: Float = SensitivityMap.defaultThreshold,
        saturation: Float = 500
    ) throws {
        try Self.writePNG(try overlayPNG(on: magnetogram, threshold: threshold, saturation: saturation), to: url)
    }

    /// Writes PNG bytes to `url`, atomically.
    static func writePNG(_ data: Data, to url: URL) throws {
        do {
            try writeAtomically(data, to: url)
        } catch {
            throw InterpretabilityError.file(path: url.path, problem: "cannot write the PNG: \(FileWriteProblem.describe(error))")
        }
    }
}
