import Foundation
import FuzzSupport
import Magnetogram

// FITSReader().readImage(at:) and readHeaders(at:) on a file holding arbitrary bytes.
// The pixel cap is 2^24 (64 MiB of Float32), below libFuzzer's memory limit.

let reader = FITSReader(options: FITSReadOptions(maximumPixelCount: 1 << 24))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = ScratchFile.write(fuzzInput(bytes, size), name: "input.fits").path
    expectTypedErrors("readImage(at:)", isTyped: { $0 is MagnetogramError }) {
        let image = try reader.readImage(at: path)
        require(image.pixels.count == image.width * image.height, "pixel count \(image.pixels.count) for \(image.width) x \(image.height)")
    }
    expectTypedErrors("readHeaders(at:)", isTyped: { $0 is MagnetogramError }) {
        let headers = try reader.readHeaders(at: path)
        require(!headers.isEmpty, "a readable file has at least the primary header")
    }
    return 0
}
