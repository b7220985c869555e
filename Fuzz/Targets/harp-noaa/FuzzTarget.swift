import Datasets
import Foundation
import FuzzSupport

// HARPNOAATable(text:path:strict:) on arbitrary text, lenient and strict.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = fuzzText(fuzzInput(bytes, size))
    for strict in [false, true] {
        expectTypedErrors("HARP-NOAA table (strict: \(strict))", isTyped: { $0 is DatasetsError }) {
            let table = try HARPNOAATable(text: text, path: "fuzz-input", strict: strict)
            require(!strict || table.invalidRows.isEmpty, "strict reading kept invalid rows")
        }
    }
    return 0
}
