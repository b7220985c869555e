import Datasets
import Foundation
import FuzzSupport

// FlareCatalog(plainCSVText:path:strict:) on arbitrary text, lenient and strict.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = fuzzText(fuzzInput(bytes, size))
    for strict in [false, true] {
        expectTypedErrors("plain flare CSV (strict: \(strict))", isTyped: { $0 is DatasetsError }) {
            let catalog = try FlareCatalog(plainCSVText: text, path: "fuzz-input", strict: strict)
            for event in catalog.events {
                require(event.start <= event.peak && event.peak <= event.end, "event out of order: \(event)")
            }
            require(!strict || catalog.invalidRows.isEmpty, "strict reading kept invalid rows")
        }
    }
    return 0
}
