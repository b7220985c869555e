import Foundation
import Losses
import NeuralCore
import Testing
@testable import Architectures

/// The papers' three networks trained two epochs on 2 and 3 ranks (threads of one process,
/// ``ThreadGroup``) give the test probabilities of one process to 1e-4. The same check runs
/// under `mpirun` in the Distributed tests.
@Suite("Data-parallel training of the papers' networks")
struct DataParallelArchitectureTests {
    static func probabilities(_ network: DataParallelCheck.Network, ranks: Int) throws -> [[Float]] {
        try ThreadGroup.run(ranks: ranks) { communicator in
            let loss: any Loss = network == .lrcn ? ScoreOrientedLoss(score: .trueSkillStatistic) : try WeightedBinaryCrossEntropy()
            return try DataParallelCheck.testProbabilities(network, communicator: communicator, loss: loss)
        }
    }

    @Test(arguments: DataParallelCheck.Network.allCases)
    func ranksGiveTheProbabilitiesOfOneProcess(_ network: DataParallelCheck.Network) throws {
        let single = try Self.probabilities(network, ranks: 1)[0]
        #expect(single.count == 4 && single.allSatisfy { $0 > 0 && $0 < 1 })
        for ranks in [2, 3] {
            for probabilities in try Self.probabilities(network, ranks: ranks) {
                let difference = zip(probabilities, single).map { abs($0 - $1) }.max() ?? .infinity
                #expect(difference <= 1e-4, "\(network) on \(ranks) ranks: largest difference \(difference)")
            }
        }
    }
}
