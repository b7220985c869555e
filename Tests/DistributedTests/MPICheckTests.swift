import Distributed
import Foundation
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

/// Runs `mpi-check` (built next to the tests) directly or under `mpirun`, with a time limit.
enum MPIRun {
    static let timeout: TimeInterval = 120

    /// `mpirun` on PATH, if any.
    static let mpirun: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "")
        .split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("mpirun") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// The `mpi-check` executable built next to the test bundle.
    static func mpiCheck() throws -> URL {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [products, products.deletingLastPathComponent()].map { $0.appendingPathComponent("mpi-check") }
        return try #require(
            candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
            "mpi-check not found next to the tests (\(products.path)); build it with `swift build --build-tests`")
    }

    /// `mpirun -np ranks mpi-check arguments`, oversubscribed and unbound (so every rank may
    /// use the cores this process may), on this machine only: shared memory and self for
    /// messages, loopback for mpirun's own connections.
    static func mpiCheck(ranks: Int, arguments: [String] = []) throws -> Outcome {
        let mpirun = try #require(mpirun)
        let options = [
            "--oversubscribe", "-np", String(ranks), "--bind-to", "none",
            "--mca", "btl", "self,vader", "--mca", "btl_vader_single_copy_mechanism", "none",
            "--mca", "oob_tcp_if_include", "lo",
        ]
        return try launch(mpirun, arguments: options + [try mpiCheck().path] + arguments)
    }

    /// What a run printed and how it ended.
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
        var timedOut: Bool

        /// The JSON lines on standard output, decoded.
        func checks() throws -> [CollectiveCheck] {
            try standardOutput.split(separator: "\n").filter { $0.hasPrefix("{") }.map {
                try JSONDecoder().decode(CollectiveCheck.self, from: Data($0.utf8))
            }
        }
    }

    /// Runs `executable`, output to files (no pipe can fill up); after ``timeout`` kills it and
    /// every process it started. (SIGKILL, not SIGTERM: a child started from a test thread
    /// inherits that thread's blocked signals, so mpirun would never see a SIGTERM.)
    static func launch(_ executable: URL, arguments: [String]) throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mpi-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputURL = folder.appendingPathComponent("stdout"), errorURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL), error = try FileHandle(forWritingTo: errorURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        process.environment = environment
        process.standardOutput = output
        process.standardError = error
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        try process.run()

        let timedOut = ended.wait(timeout: .now() + timeout) == .timedOut
        if timedOut {
            for pid in descendants(of: process.processIdentifier).reversed() { _ = kill(pid, SIGKILL) }
            _ = kill(process.processIdentifier, SIGKILL)
            ended.wait()
        }
        try output.close()
        try error.close()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: try Data(contentsOf: outputURL), as: UTF8.self),
            standardError: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self), timedOut: timedOut)
    }

    /// The processes descended from `pid` (Linux's `/proc`), parents before their children.
    private static func descendants(of pid: Int32) -> [Int32] {
        var children: [Int32: [Int32]] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let child = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let nameEnd = stat.lastIndex(of: ")")
            else { continue }
            // After "pid (name)": the state, then the parent's pid.
            let fields = stat[stat.index(after: nameEnd)...].split(separator: " ")
            if fields.count > 1, let parent = Int32(fields[1]) { children[parent, default: []].append(child) }
        }
        var found: [Int32] = []
        var queue = children[pid] ?? []
        while let next = queue.first {
            queue.removeFirst()
            found.append(next)
            queue += children[next] ?? []
        }
        return found
    }
}
