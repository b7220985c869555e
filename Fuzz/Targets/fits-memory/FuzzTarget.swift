import Foundation
import FuzzSupport
import Magnetogram

// FITSReader().readImage(bytes:name:) on arbitrary bytes (plain FITS, whole-file gzip, anything).
// The pixel cap is 2^24 (64 MiB of Float32), below libFuzzer's memory limit.

let reader = FITSReader(options: FITSReadOptions(maximumPixelCount: 1 << 24))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = fuzzInput(bytes, size)
    expectTypedErrors("readImage(bytes:)", isTyped: { $0 is MagnetogramError }) {
        let image = try reader.readImage(bytes: data, name: "fuzz-input")
        require(image.pixels.count == image.width * image.height, "pixel count \(image.pixels.count) for \(image.width) x \(image.height)")
    }
    return 0
}
