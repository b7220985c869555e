import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs programs built next to the tests directly or under `mpirun`, with a time limit, on this
/// machine only. Shared by the Distributed and the CLI tests.
public enum MPIRun {
    /// Seconds before a run and everything it started are killed.
    public static let timeout: TimeInterval = 120

    /// `mpirun` on PATH, if any.
    public static let mpirun: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "")
        .split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("mpirun") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// An executable built next to the test bundle.
    public static func product(_ name: String) -> URL? {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return [products, products.deletingLastPathComponent()].map { $0.appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The `mpirun` options of every test: oversubscribed and unbound (so every rank may use
    /// the cores this process may), on this machine only: shared memory and self for messages,
    /// loopback for mpirun's own connections.
    public static func options(ranks: Int) -> [String] {
        [
            "--oversubscribe", "-np", String(ranks), "--bind-to", "none",
            "--mca", "btl", "self,vader", "--mca", "btl_vader_single_copy_mechanism", "none",
            "--mca", "oob_tcp_if_include", "lo",
        ]
    }

    /// `mpirun -np ranks executable arguments` with ``options(ranks:)``.
    public static func run(ranks: Int, _ executable: URL, arguments: [String]) throws -> Outcome {
        guard let mpirun else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "mpirun"]) }
        return try launch(mpirun, arguments: options(ranks: ranks) + [executable.path] + arguments)
    }

    /// Starts `mpirun -np ranks executable arguments` (``options(ranks:)``) without waiting,
    /// output to `log`; the caller waits, and kills what it must.
    public static func start(ranks: Int, _ executable: URL, arguments: [String], log: URL) throws -> Process {
        guard let mpirun else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "mpirun"]) }
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = mpirun
        process.arguments = options(ranks: ranks) + [executable.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// The command line of process `pid` (Linux's `/proc`), arguments joined by spaces.
    public static func commandLine(of pid: Int32) -> String {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
        return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }

    /// What a run printed and how it ended.
    public struct Outcome: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
        public var timedOut: Bool
    }

    /// Runs `executable`, output to files (no pipe can fill up); after ``timeout`` kills it and
    /// every process it started. (SIGKILL, not SIGTERM: a child started from a test thread
    /// inherits that thread's blocked signals, so mpirun would never see a SIGTERM.)
    public static func launch(_ executable: URL, arguments: [String]) throws -> Outcome {
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
    public static func descendants(of pid: Int32) -> [Int32] {
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
