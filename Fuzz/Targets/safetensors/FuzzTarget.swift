import Foundation
import FuzzSupport
import NeuralCore

// SafeTensors.readOrdered(from:) and readMetadata(from:) on a file holding arbitrary bytes,
// and TrainingCheckpoint.read(from:) on the same file (a checkpoint is a safetensors file).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let url = ScratchFile.write(fuzzInput(bytes, size), name: "input.safetensors")
    let isTyped: (any Error) -> Bool = { $0 is NeuralCoreError }
    var tensorsRead = false
    expectTypedErrors("SafeTensors.readOrdered", isTyped: isTyped) {
        let file = try SafeTensors.readOrdered(from: url)
        for (name, tensor) in file.tensors {
            require(tensor.count == tensor.shape.reduce(1, *), "tensor \(name): \(tensor.count) values for shape \(tensor.shape)")
        }
        tensorsRead = true
    }
    var metadataRead = false
    expectTypedErrors("SafeTensors.readMetadata", isTyped: isTyped) {
        _ = try SafeTensors.readMetadata(from: url)
        metadataRead = true
    }
    // A file whose tensors read has a readable header.
    require(!tensorsRead || metadataRead, "readOrdered succeeded but readMetadata failed")
    expectTypedErrors("TrainingCheckpoint.read", isTyped: isTyped) {
        _ = try TrainingCheckpoint.read(from: url)
    }
    return 0
}
