import ArgumentParser
import Foundation
import Magnetogram

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print the image HDU of a FITS file and its statistics.",
        discussion: """
            Reads the primary HDU or the first image extension (tile-compressed or not, also
            .fits.gz) and prints the HDU used, its shape [NAXIS2, NAXIS1], the stored BITPIX
            (ZBITPIX when compressed), NaN, infinite and finite pixel counts, min, max, mean and sum of
            |value| over the finite pixels after BSCALE/BZERO, and the SHARP keywords of the header.
            With --json: one JSON object with the keys hdu, shape, bitpix, compressed, nan_count,
            infinite_count, finite_count, min, max, mean, sum_abs and keywords.
            """)

    @Argument(help: "The FITS file (.fits or .fits.gz).")
    var file: String

    @Flag(name: .long, help: "Print one JSON object instead of a summary.")
    var json = false

    func run() throws {
        try reportingErrors {
            let inspection = try FITSInspection(path: file)
            if json {
                print(String(decoding: try inspection.jsonData(), as: UTF8.self))
            } else {
                print(inspection.text)
            }
        }
    }
}
