@testable import Distributed
import Foundation
import NeuralCore
import Testing

@Suite("Distributed environment, one process")
struct DistributedEnvironmentTests {
    /// A process not started by a launcher runs as one rank and never touches MPI.
    @Test(.enabled(if: DistributedEnvironment.launch == nil, "the tests themselves run under an MPI launcher"))
    func startWithoutALauncherIsOneProcess() throws {
        let communicator = try DistributedEnvironment.start()
        #expect(communicator is SingleProcessCommunicator)
        #expect(communicator.rank == 0 && communicator.size == 1)
        #expect(communicator.localRank == 0 && communicator.localSize == 1)
        #expect(ComputeThreads.count == DistributedEnvironment.defaultThreadsPerRank(localSize: 1))
        try DistributedEnvironment.finish()
        try DistributedEnvironment.finish()
    }

    @Test func ranksOnANodeShareItsCores() {
        func threads(_ active: Int, _ allowed: Int?, _ local: Int) -> Int {
            DistributedEnvironment.defaultThreadsPerRank(activeCores: active, allowedCores: allowed, localSize: local)
        }
        #expect(threads(8, nil, 1) == 8)
        #expect(threads(8, 8, 3) == 2)
        #expect(threads(2, 2, 3) == 1)
        #expect(threads(4, nil, 0) == 4)
        // Bound to one core each (mpirun's default for two ranks), or to a socket of 16 of 32.
        #expect(threads(32, 1, 2) == 1)
        #expect(threads(32, 16, 4) == 8)
    }

    @Test func theAffinityMaskIsCounted() throws {
        #expect(CPUAffinity.count(cpuList: "0") == 1)
        #expect(CPUAffinity.count(cpuList: "0-1") == 2)
        #expect(CPUAffinity.count(cpuList: "0-3,8,10-11") == 7)
        #expect(CPUAffinity.count(cpuList: "") == nil)
        #expect(CPUAffinity.count(cpuList: "3-1") == nil)
        #expect(CPUAffinity.count(cpuList: "0-x") == nil)
        #if os(Linux)
            let allowed = try #require(CPUAffinity.allowedCoreCount())
            #expect((1...ProcessInfo.processInfo.processorCount).contains(allowed))
        #endif
    }

    @Test func errorsNameTheCallTheCodeAndTheRank() {
        let failure = DistributedError.mpi(call: "MPI_Bcast", code: 5, message: "MPI_ERR_COUNT: invalid count argument", rank: 1)
        #expect(failure.description == "MPI_Bcast failed on rank 1 (MPI error 5: MPI_ERR_COUNT: invalid count argument)")
        let early = DistributedError.mpi(call: "MPI_Init_thread", code: 17, message: "MPI_ERR_INTERN", rank: nil)
        #expect(early.description == "MPI_Init_thread failed (MPI error 17: MPI_ERR_INTERN)")
        #expect(DistributedError.requestedFailure(rank: 2).description.contains("rank 2"))
        #expect(
            DistributedError.invalidRoot(call: "MPI_Bcast", root: 4, size: 3, rank: 0).description
                == "MPI_Bcast on rank 0: root 4 is not a rank of 0..<3")
    }

    /// The check on one process: every collective is the identity.
    @Test func collectiveCheckPassesOnOneProcess() throws {
        let check = try CollectiveCheck.run(on: SingleProcessCommunicator())
        #expect(check.passed)
        #expect(check.rank == 0 && check.size == 1)
        #expect(check.results == CollectiveCheck.contribution(rank: 0, size: 1))
        #expect(check.results.allgather == [[]])
    }

    @Test func aRequestedFailureThrowsOnThatRankOnly() throws {
        #expect(throws: DistributedError.requestedFailure(rank: 0)) {
            try CollectiveCheck.run(on: SingleProcessCommunicator(), failingRank: 0)
        }
        #expect(try CollectiveCheck.run(on: SingleProcessCommunicator(), failingRank: 1).passed)
    }

    /// ``CollectiveCheck/expected(size:)`` against the closed forms the end-to-end tests use.
    @Test(arguments: 1...5) func expectedResultsMatchTheClosedForms(size: Int) {
        let expected = CollectiveCheck.expected(size: size)
        let closedForm = ClosedForm(size: size)
        #expect(expected.allreduceFloat == closedForm.allreduceFloat)
        #expect(expected.allreduceDouble == closedForm.allreduceDouble)
        #expect(expected.broadcastFloat == closedForm.broadcastFloat)
        #expect(expected.broadcastBytes == closedForm.broadcastBytes)
        #expect(expected.broadcastFlag)
        #expect(expected.allgather == closedForm.allgather)
    }
}

/// What `size` ranks must get from `CollectiveCheck`'s collectives, worked out by hand: rank r
/// adds (r + 1)(i + 1) and 10⁶ r + i/4, rank 0 broadcasts [0, 1, 2], the last rank broadcasts
/// `size` copies of the byte `size`, and rank r gathers [100 r, ..., 100 r + r - 1].
struct ClosedForm {
    var allreduceFloat: [Float]
    var allreduceDouble: [Double]
    var broadcastFloat: [Float] = [0, 1, 2]
    var broadcastBytes: [UInt8]
    var allgather: [[Float]]

    init(size n: Int) {
        let triangle = n * (n + 1) / 2
        allreduceFloat = [1, 2, 3, 4].map { Float(triangle * $0) }
        allreduceDouble = [0, 1, 2].map { Double(n * (n - 1) / 2) * 1e6 + Double($0 * n) / 4 }
        broadcastBytes = [UInt8](repeating: UInt8(n), count: n)
        allgather = (0..<n).map { r in (0..<r).map { Float(100 * r + $0) } }
    }
}
