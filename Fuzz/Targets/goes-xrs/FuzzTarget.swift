import Datasets
import Foundation
import FuzzSupport
import Magnetogram

// GOESXRSLightCurve(contentsOf:) on a file holding arbitrary bytes (an SDAC FITS file with a
// FLUXES binary table when well formed).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let url = ScratchFile.write(fuzzInput(bytes, size), name: "input.fits")
    expectTypedErrors("GOES XRS light curve", isTyped: { $0 is DatasetsError || $0 is MagnetogramError }) {
        let curve = try GOESXRSLightCurve(contentsOf: url)
        require(
            curve.longFlux.count == curve.times.count && curve.shortFlux.count == curve.times.count,
            "\(curve.times.count) times, \(curve.longFlux.count) long and \(curve.shortFlux.count) short fluxes")
    }
    return 0
}
