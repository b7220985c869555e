import Foundation
import Magnetogram
import NeuralCore

/// Renders and writes every magnetogram of one synthetic region (its own random stream, so the
/// files do not depend on which thread writes them).
struct SyntheticRegionWriter {
    var configuration: SyntheticArchive.Configuration
    var observer: SyntheticObserver

    /// What one region's files hold, for the summary.
    struct Output: Sendable {
        var files = 0
        var bytes: Int64 = 0
        var beyondCentralMeridianLimit = 0
        var badQuality = 0
        var highVelocity = 0
        var missingPixels = 0
    }

    /// Writes the region's files into `folder`.
    /// - Throws: `DatasetsError.file` or the writer's `MagnetogramError` naming the file.
    func write(_ region: SyntheticRegion, into folder: URL) throws -> Output {
        let c = configuration
        var output = Output()
        var generator = SyntheticRandom.generator(seed: c.seed, .pixels, UInt64(region.index))
        // The space-weather keywords draw from their own stream: the pixels stay as they were.
        var keywordGenerator = SyntheticRandom.generator(seed: c.seed, .spaceWeather, UInt64(region.index))
        let megametresPerPixel = c.degreesPerPixel * SyntheticRegionPlanner.megametresPerDegree
        var renderer = SyntheticFieldRenderer(width: region.width, height: region.height, megametresPerPixel: megametresPerPixel)
        var pixels = [Float](repeating: 0, count: region.width * region.height)
        let writer = FITSWriter()
        let rate = c.rotationRate / 24   // degrees per hour

        for frame in 0..<region.frameCount {
            let tai = region.firstRecordTAI + Double(frame) * c.cadence
            let recordTime = TAITimeText.recordTime(taiSeconds: tai)
            guard let time = JSOCTime.date(from: recordTime) else {
                throw DatasetsError.invalidValue(what: "synthetic record time", value: recordTime, reason: "not a JSOC time")
            }
            let hours = Double(frame) * c.cadence / 3600
            let longitude = region.startLongitude + rate * hours
            let projection = max(cos(region.latitude * .pi / 180) * cos(longitude * .pi / 180), 0.05)

            renderer.render(region.footpoints(at: hours), projection: projection, into: &pixels)
            SyntheticFieldRenderer.addNoise(sigma: c.noise, to: &pixels, &generator)
            let missing = generator.nextUniformDouble() < c.missingPixelFileFraction
            let stripe = 2 + Int(generator.next() % UInt64(max(region.width / 8, 1)))
            let westEdge = generator.next() % 2 == 0
            if missing { SyntheticRegionWriter.blank(&pixels, width: region.width, columns: stripe, westEdge: westEdge) }

            let stored = SyntheticRegionWriter.quantize(pixels)
            let measured = try SyntheticRegionWriter.measure(
                stored, width: region.width, height: region.height, degreesPerPixel: c.degreesPerPixel, threshold: c.activePixelThreshold)
            let quality = observer.quality(taiSeconds: tai)
            let velocity = observer.observerRadialVelocity(time)
            let observerLongitude = observer.carringtonLongitude(time)
            var centre = (longitude + observerLongitude).truncatingRemainder(dividingBy: 360)
            if centre < 0 { centre += 360 }
            var values = SyntheticHeader.Values(
                recordTime: recordTime, observationStart: time.addingTimeInterval(-100), harpNumber: region.harpNumber,
                noaaRegions: region.noaaRegions, quality: quality, observerRadialVelocity: velocity, width: region.width,
                height: region.height, degreesPerPixel: c.degreesPerPixel, centreLongitude: centre,
                centreLatitude: region.latitude, observerLongitude: observerLongitude,
                observerLatitude: observer.carringtonLatitude(time), sunDistance: observer.sunDistance(time),
                solarRadiusArcseconds: observer.solarRadiusArcseconds(time),
                fluxWeightedLongitude: longitude + measured.offsetX * c.degreesPerPixel,
                fluxWeightedLatitude: region.latitude + measured.offsetY * c.degreesPerPixel,
                unsignedFlux: measured.flux, areaMicroHemispheres: SHARPArea.microHemispheres(squareMegametres: measured.area),
                seed: c.seed)
            values.spaceWeather = SyntheticSpaceWeather.keywords(
                unsignedFlux: measured.flux, inversionLineFraction: region.inversionLineFraction(at: hours),
                generator: &keywordGenerator)
            let name = SHARPFileName(harpNumber: region.harpNumber, recordTime: time)
            let path = folder.appendingPathComponent(name.fileName).path
            try writer.write(
                integers: stored, width: region.width, height: region.height, scale: 0.1, blank: .min,
                cards: SyntheticHeader.cards(values), compression: .rice, to: path)

            output.files += 1
            output.bytes += SyntheticRegionWriter.size(of: path)
            // As the header writes them (6 decimals).
            if abs(SyntheticHeader.rounded(values.fluxWeightedLongitude, 6)) > 45 { output.beyondCentralMeridianLimit += 1 }
            if UInt32(truncatingIfNeeded: quality) > 0x10000 { output.badQuality += 1 }
            if abs(SyntheticHeader.rounded(velocity, 6)) >= 3500 { output.highVelocity += 1 }
            if missing { output.missingPixels += 1 }
        }
        return output
    }

    /// Sets a stripe of columns at one edge to NaN (missing data, stored as BLANK).
    static func blank(_ pixels: inout [Float], width: Int, columns: Int, westEdge: Bool) {
        let count = min(columns, width)
        pixels.withUnsafeMutableBufferPointer { buffer in
            var row = 0
            while row < buffer.count {
                for k in 0..<count { buffer[row + (westEdge ? width - 1 - k : k)] = .nan }
                row += width
            }
        }
    }

    /// Quantises Gauss values to the stored integers at BSCALE 0.1 (round half away from zero;
    /// NaN to BLANK, -2147483648), as `FITSWriter.quantize(_:scale:zero:blank:)` does, in one
    /// pass without per-pixel checks: the synthetic fields stay far inside Int32.
    static func quantize(_ pixels: [Float]) -> [Int32] {
        var stored = [Int32](repeating: .min, count: pixels.count)
        pixels.withUnsafeBufferPointer { input in
            stored.withUnsafeMutableBufferPointer { out in
                for index in 0..<input.count where input[index].isFinite {
                    let value = (Double(input[index]) / 0.1).rounded(.toNearestOrAwayFromZero)
                    out[index] = Int32(max(min(value, 2_147_483_647), -2_147_483_647))
                }
            }
        }
        return stored
    }

    /// USFLUX (Mx), the active area (Mm^2) and the |B|-weighted centre offset (pixels from the
    /// box centre) of the stored values, as a reader of the file gets them (BSCALE 0.1): the
    /// pixels with |B| >= `threshold`, each of `Magnetogram`'s CEA pixel area (`pixelArea`).
    static func measure(
        _ stored: [Int32], width: Int, height: Int, degreesPerPixel: Double, threshold: Float
    ) throws -> (flux: Double, area: Double, offsetX: Double, offsetY: Double) {
        let pixelArea = try Magnetogram(width: 1, height: 1, pixels: [0], scaleX: degreesPerPixel, scaleY: degreesPerPixel).pixelArea
        var weight = 0.0, sumX = 0.0, sumY = 0.0
        var count = 0
        stored.withUnsafeBufferPointer { input in
            for index in 0..<input.count where input[index] != .min {
                // The value a reader gets: the stored integer times BSCALE, as Float.
                let value = abs(Float(Double(input[index]) * 0.1))
                guard value >= threshold else { continue }
                let w = Double(value)
                weight += w
                count += 1
                sumX += w * Double(index % width)
                sumY += w * Double(index / width)
            }
        }
        let offsetX = weight > 0 ? sumX / weight - Double(width - 1) / 2 : 0
        let offsetY = weight > 0 ? sumY / weight - Double(height - 1) / 2 : 0
        return (weight * pixelArea, Double(count) * pixelArea / 1e16, offsetX, offsetY)
    }

    /// The size of a file in bytes (0 when it cannot be read).
    static func size(of path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
