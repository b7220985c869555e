import CMPI

/// Throws ``DistributedError/mpi(call:code:message:rank:)`` unless `code` is `MPI_SUCCESS`.
func checkMPI(_ code: Int32, _ call: String, rank: Int?) throws {
    guard code != cmpi_success() else { return }
    throw DistributedError.mpi(call: call, code: Int(code), message: mpiErrorString(code), rank: rank)
}

/// MPI's text for an error code (`MPI_Error_string`).
func mpiErrorString(_ code: Int32) -> String {
    var text = [CChar](repeating: 0, count: Int(cmpi_max_error_string()) + 1)
    var length: Int32 = 0
    guard MPI_Error_string(code, &text, &length) == cmpi_success() else { return "unknown MPI error code" }
    return String(decoding: text.prefix(max(0, Int(length))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Whether `MPI_Init` or `MPI_Init_thread` has run in this process.
func mpiIsInitialized() -> Bool {
    var flag: Int32 = 0
    return MPI_Initialized(&flag) == cmpi_success() && flag != 0
}

/// Whether `MPI_Finalize` has run in this process.
func mpiIsFinalized() -> Bool {
    var flag: Int32 = 0
    return MPI_Finalized(&flag) == cmpi_success() && flag != 0
}

/// `0..<count` cut into consecutive pieces that fit MPI's `int` element counts.
func mpiCountPieces(_ count: Int) -> [Range<Int>] {
    let limit = Int(Int32.max)
    return stride(from: 0, to: count, by: limit).map { $0..<min(count, $0 + limit) }
}
