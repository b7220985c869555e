import NeuralCore

extension Communicator {
    /// Every rank's `bytes` (their lengths may differ), on every rank, in rank order: each rank
    /// broadcasts its bytes in turn. For results that are not `Float` arrays (JSON, `Double`
    /// bit patterns), which ``allgather(_:)`` would not carry losslessly. One process alone
    /// gets `[bytes]`.
    ///
    /// ```swift
    /// let mine = try JSONEncoder().encode(myResults)
    /// let everyRank = try communicator.allgather(bytes: [UInt8](mine))    // [[UInt8]], rank order
    /// ```
    /// - Throws: The communicator's errors.
    public func allgather(bytes: [UInt8]) throws -> [[UInt8]] {
        guard size > 1 else { return [bytes] }
        return try (0..<size).map { root in try broadcast(bytes: rank == root ? bytes : [], root: root) }
    }

    /// Every rank's `values` (their counts may differ), on every rank, in rank order, bit for
    /// bit (each `Double` travels as its 8-byte bit pattern through ``allgather(bytes:)``).
    /// - Throws: The communicator's errors.
    public func allgather(_ values: [Double]) throws -> [[Double]] {
        guard size > 1 else { return [values] }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 8)
        for value in values {
            let bits = value.bitPattern
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        }
        return try allgather(bytes: bytes).map { received in
            stride(from: 0, to: received.count - received.count % 8, by: 8).map { start in
                var bits: UInt64 = 0
                for offset in 0..<8 { bits |= UInt64(received[start + offset]) << UInt64(offset * 8) }
                return Double(bitPattern: bits)
            }
        }
    }
}
