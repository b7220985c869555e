import Foundation
import MPISupport
import Testing

/// The papers' three networks, trained two epochs at tiny sizes with data-parallel `fit` on 2
/// and 3 MPI ranks (`mpi-check --train`), give the test probabilities of one process to 1e-4.
@Suite(
    "Data-parallel training under mpirun (end to end)", .serialized,
    .enabled(if: MPIRun.mpirun != nil, "mpirun is not on PATH; install openmpi-bin (Scripts/setup-system.sh)"))
struct DataParallelMPITests {
    /// Each rank's probabilities, by rank.
    static func probabilities(_ outcome: MPIRun.Outcome) throws -> [Int: [Double]] {
        var result: [Int: [Double]] = [:]
        for line in outcome.standardOutput.split(separator: "\n") where line.hasPrefix("{") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            result[try #require(object["rank"] as? Int)] = try #require(object["probabilities"] as? [Double])
        }
        return result
    }

    @Test(arguments: ["cnn1", "cnn2", "lrcn"])
    func ranksGiveTheProbabilitiesOfOneProcess(network: String) throws {
        let check = try MPIRun.mpiCheck()
        let alone = try MPIRun.launch(check, arguments: ["--train", network])
        #expect(alone.status == 0, "stderr: \(alone.standardError)")
        let single = try #require(try Self.probabilities(alone)[0])
        #expect(single.count == 4)
        for ranks in [2, 3] {
            let run = try MPIRun.mpiCheck(ranks: ranks, arguments: ["--train", network])
            #expect(!run.timedOut && run.status == 0, "mpirun -np \(ranks): \(run.standardError)")
            let byRank = try Self.probabilities(run)
            #expect(byRank.keys.sorted() == Array(0..<ranks))
            for (rank, probabilities) in byRank {
                let difference = zip(probabilities, single).map { abs($0 - $1) }.max() ?? .infinity
                #expect(difference <= 1e-4, "\(network), rank \(rank) of \(ranks): largest difference \(difference)")
            }
        }
    }
}
