import ArgumentParser
import Datasets
import Foundation

struct XRSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xrs",
        abstract: "Read a GOES XRS light curve (SDAC FITS) and print its 1-8 Angstrom peak.",
        discussion: """
            Reads the FLUXES table (TIME, FLUX with the 1-8 and 0.5-4 Angstrom channels) of a \
            GOES 8-15 FITS file such as go1520110607.fits; fill values and non-positive fluxes are \
            left out, and so are fluxes above 1e-2 W/m^2 (X100: detector spikes or corrupt values, \
            never a flare), which are counted in the summary (on standard error with --json) and \
            are an error with --strict. With --json: one JSON object with the keys peak_flux (W/m^2), peak_time \
            (ISO-8601 UTC with milliseconds) and class (the GOES class of the peak, truncated to \
            one decimal, null below A1.0).
            """)

    @Argument(help: "The GOES XRS FITS file.")
    var file: String

    @Flag(name: .long, help: "Print one JSON object instead of a summary.")
    var json = false

    @Flag(name: .long, help: "Fail when a flux sample is above 1e-2 W/m^2 (X100) instead of leaving it out.")
    var strict = false

    func run() throws {
        try reportingErrors {
            let curve = try GOESXRSLightCurve(contentsOf: URL(fileURLWithPath: file))
            if strict { try curve.requirePlausibleFlux(source: file) }
            let implausible = "samples above 1e-2 W/m^2 (left out): 1-8 A \(curve.implausibleSampleCount(in: .long)), "
                + "0.5-4 A \(curve.implausibleSampleCount(in: .short))"
            guard let peak = curve.peak else {
                throw DatasetsError.file(
                    path: file, reason: "the 1-8 Angstrom channel has no valid sample (every flux is a fill value or not positive)")
            }
            if json {
                let object: [String: Any] = [
                    "peak_flux": peak.flux,
                    "peak_time": UTCInstantText.format(peak.time, milliseconds: true),
                    "class": peak.flareClass.map { $0.description as Any } ?? NSNull(),
                ]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
                if !curve.implausibleSamples.isEmpty { FileHandle.standardError.write(Data("xrs: \(file): \(implausible)\n".utf8)) }
            } else {
                let satellite = curve.satellite.map { " (\($0))" } ?? ""
                print("\(file)\(satellite): \(curve.times.count) samples")
                if let first = curve.times.first, let last = curve.times.last {
                    print("from \(UTCInstantText.format(first, milliseconds: true)) to \(UTCInstantText.format(last, milliseconds: true))")
                }
                print("missing or non-positive samples: 1-8 A \(curve.invalidSampleCount(in: .long) - curve.implausibleSampleCount(in: .long)), 0.5-4 A \(curve.invalidSampleCount(in: .short) - curve.implausibleSampleCount(in: .short))")
                print(implausible)
                let flareClass = peak.flareClass.map { "\($0)" } ?? "below A1.0"
                print("1-8 A peak: \(peak.flux) W/m^2 at \(UTCInstantText.format(peak.time, milliseconds: true)), class \(flareClass)")
            }
        }
    }
}
