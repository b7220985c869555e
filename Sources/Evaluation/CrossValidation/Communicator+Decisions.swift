import Foundation
import NeuralCore

extension Communicator {
    /// Runs `decide` on rank 0 and hands its value, or its error, to every rank, so that all
    /// ranks act on one decision (which splits to train, whether a run folder may be used) and
    /// all fail together when it cannot be made. One process alone just runs `decide`.
    ///
    /// ```swift
    /// let plan = try communicator.decidedOnRoot { try planFromTheFilesOnDisk() }
    /// ```
    /// - Throws: `decide`'s error on rank 0; ``EvaluationError/rankFailed(rank:reason:)`` with
    ///   its description on the other ranks.
    public func decidedOnRoot<Value: Codable>(_ decide: () throws -> Value) throws -> Value {
        guard size > 1 else { return try decide() }
        var bytes: [UInt8] = []
        var failure: (any Error)?
        if isRoot {
            let decision: Decision<Value>
            do {
                decision = Decision(value: try decide(), error: nil)
            } catch {
                failure = error
                decision = Decision(value: nil, error: "\(error)")
            }
            bytes = [UInt8](try JSONEncoder().encode(decision))
        }
        let received = try broadcast(bytes: bytes, root: 0)
        if let failure { throw failure }
        let decision = try JSONDecoder().decode(Decision<Value>.self, from: Data(received))
        if let value = decision.value { return value }
        throw EvaluationError.rankFailed(rank: 0, reason: decision.error ?? "no decision")
    }
}

/// Rank 0's decision as it travels to the other ranks.
private struct Decision<Value: Codable>: Codable {
    var value: Value?
    var error: String?
}
