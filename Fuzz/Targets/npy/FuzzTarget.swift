import Foundation
import FuzzSupport
import NeuralCore

// NumpyArray.read(from:) on a file holding arbitrary bytes, and every conversion of the result.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let url = ScratchFile.write(fuzzInput(bytes, size), name: "input.npy")
    expectTypedErrors("NumpyArray.read", isTyped: { $0 is NeuralCoreError }) {
        let array = try NumpyArray.read(from: url)
        let expected = array.shape.reduce(1, *)
        require(array.count == expected, "\(array.count) values for shape \(array.shape)")
        require(array.floats().count == expected && array.doubles().count == expected, "conversions change the count")
        require(array.tensor().count == expected, "tensor() changes the count")
    }
    return 0
}
