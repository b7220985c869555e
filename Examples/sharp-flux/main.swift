// sharp-flux: reads SHARP CEA magnetograms and prints each one's HARP number, record time,
// unsigned flux and area, next to the header's USFLUX and AREA_ACR when present.
//
//   swift run -c release sharp-flux [--threshold G] FILE.fits [FILE.fits ...]

import Foundation
import Magnetogram

let usage = "usage: sharp-flux [--threshold GAUSS (default 200)] FILE.fits [FILE.fits ...]"

/// Prints a one-line error (and the usage, for a bad argument) to standard error, then exits 1.
func fail(_ message: String, usage showUsage: Bool = true) -> Never {
    FileHandle.standardError.write(Data("sharp-flux: \(message)\n\(showUsage ? usage + "\n" : "")".utf8))
    exit(1)
}

// Arguments.
var threshold: Float = 200
var paths: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--help", "-h":
        print(usage)
        exit(0)
    case "--threshold":
        guard let value = arguments.popFirst(), let g = Float(value), g.isFinite, g >= 0 else {
            fail("--threshold needs a non-negative number of gauss")
        }
        threshold = g
    default:
        guard !argument.hasPrefix("-") else { fail("unknown option '\(argument)'") }
        paths.append(argument)
    }
}
guard !paths.isEmpty else { fail("no FITS file given") }

let timeFormat = ISO8601DateFormatter()
timeFormat.timeZone = TimeZone(identifier: "UTC")

/// "1.234e+22" style, or "-" for a missing value.
func scientific(_ value: Double?) -> String { value.map { String(format: "%.4e", $0) } ?? "-" }

/// One micro-hemisphere of the solar surface in Mm^2 (2 pi R^2 / 1e6, R = 696 Mm).
let megametresSquaredPerMicroHemisphere = 2 * Double.pi * 696.0 * 696.0 / 1e6

for path in paths {
    do {
        let magnetogram = try Magnetogram(contentsOf: path)
        let metadata = magnetogram.metadata ?? SHARPMetadata()
        let harp = metadata.harpNumber.map(String.init) ?? "-"
        let noaa = (metadata.noaaRegions ?? metadata.noaaRegion.map { [$0] } ?? []).map(String.init).joined(separator: ",")
        let time = metadata.recordTime.map { timeFormat.string(from: $0) } ?? "-"
        let flux = magnetogram.unsignedFlux()
        let activeFlux = magnetogram.unsignedFlux(threshold: threshold)
        let area = magnetogram.area(threshold: threshold)
        print("\(URL(fileURLWithPath: path).lastPathComponent)")
        print("  HARP \(harp), NOAA \(noaa.isEmpty ? "-" : noaa), T_REC \(time) (UTC), \(magnetogram.width) x \(magnetogram.height) px")
        print("  unsigned flux: \(scientific(flux)) Mx (all pixels), \(scientific(activeFlux)) Mx (|B| >= \(threshold) G); header USFLUX \(scientific(metadata.unsignedFlux)) Mx")
        let headerArea = metadata.activeRegionArea.map {
            String(format: "%.1f uHem = %.1f Mm^2", $0, $0 * megametresSquaredPerMicroHemisphere)
        } ?? "-"
        print(String(format: "  area (|B| >= %g G): %.1f Mm^2; header AREA_ACR %@", threshold, area, headerArea))
    } catch {
        fail("\(error)", usage: false)
    }
}
