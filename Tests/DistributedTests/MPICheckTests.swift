import Distributed
import Foundation
import MPISupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// End-to-end: the `mpi-check` executable under `mpirun` with 2 and 3 ranks on this machine
/// (loopback and shared memory only).
@Suite(
    "mpi-check under mpirun (end to end)", .serialized,
    .enabled(if: MPIRun.mpirun != nil, "mpirun is not on PATH; install openmpi-bin (Scripts/setup-system.sh)"))
struct MPICheckTests {
    @Test(arguments: [2, 3]) func everyCollectiveGivesTheExactResult(ranks: Int) throws {
        let run = try MPIRun.mpiCheck(ranks: ranks)
        #expect(!run.timedOut, "mpirun -np \(ranks) did not end within \(MPIRun.timeout) s")
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let checks = try run.checks()
        #expect(checks.map(\.rank).sorted() == Array(0..<ranks), "stdout: \(run.standardOutput)")
        let closedForm = ClosedForm(size: ranks)
        for check in checks {
            #expect(check.size == ranks)
            // One node: every rank is local, and the node-local ranks follow the world ranks.
            #expect(check.localSize == ranks && check.localRank == check.rank)
            #expect(check.threads == DistributedEnvironment.defaultThreadsPerRank(localSize: ranks))
            #expect(check.results.allreduceFloat == closedForm.allreduceFloat, "rank \(check.rank)")
            #expect(check.results.allreduceDouble == closedForm.allreduceDouble, "rank \(check.rank)")
            #expect(check.results.broadcastFloat == closedForm.broadcastFloat, "rank \(check.rank)")
            #expect(check.results.broadcastBytes == closedForm.broadcastBytes, "rank \(check.rank)")
            #expect(check.results.broadcastFlag, "rank \(check.rank)")
            #expect(check.results.allgather == closedForm.allgather, "rank \(check.rank)")
            #expect(check.passed, "rank \(check.rank)")
        }
    }

    @Test func threadsPerRankCanBeSet() throws {
        let run = try MPIRun.mpiCheck(ranks: 2, arguments: ["--threads", "3"])
        #expect(run.status == 0 && !run.timedOut, "stderr: \(run.standardError)")
        let checks = try run.checks()
        #expect(checks.count == 2)
        #expect(checks.allSatisfy { $0.threads == 3 })
    }

    /// A rank that throws ends the whole job, non-zero, naming itself; the others do not hang.
    @Test func aFailingRankEndsTheJob() throws {
        let run = try MPIRun.mpiCheck(ranks: 3, arguments: ["--fail-rank", "1"])
        #expect(!run.timedOut, "the job hung: killed after \(MPIRun.timeout) s")
        #expect(run.status != 0)
        #expect(run.standardError.contains("flarekit: rank 1 of 3: rank 1 failed on request"), "stderr: \(run.standardError)")
        #expect(try run.checks().isEmpty, "no rank may report results: \(run.standardOutput)")
    }
}

@Suite("mpi-check without mpirun (end to end)")
struct PlainMPICheckTests {
    /// Without mpirun the check runs as one rank and MPI stays silent.
    @Test func aPlainLaunchIsOneRank() throws {
        let run = try MPIRun.launch(MPIRun.mpiCheck(), arguments: [])
        #expect(run.status == 0 && !run.timedOut, "stderr: \(run.standardError)")
        #expect(run.standardError.isEmpty)
        let checks = try run.checks()
        #expect(checks.count == 1)
        #expect(checks.first?.size == 1 && checks.first?.passed == true)
    }
}

extension MPIRun {
    /// The `mpi-check` executable built next to the test bundle.
    static func mpiCheck() throws -> URL {
        try #require(product("mpi-check"), "mpi-check not found next to the tests; build it with `swift build --build-tests`")
    }

    /// `mpirun -np ranks mpi-check arguments`.
    static func mpiCheck(ranks: Int, arguments: [String] = []) throws -> Outcome {
        try run(ranks: ranks, try mpiCheck(), arguments: arguments)
    }
}

extension MPIRun.Outcome {
    /// The JSON lines on standard output, decoded.
    func checks() throws -> [CollectiveCheck] {
        try standardOutput.split(separator: "\n").filter { $0.hasPrefix("{") }.map {
            try JSONDecoder().decode(CollectiveCheck.self, from: Data($0.utf8))
        }
    }
}
