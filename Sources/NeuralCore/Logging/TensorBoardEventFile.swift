import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A TensorBoard event file that `tensorboard --logdir` reads: TFRecords of `Event` protocol
/// buffers, named `events.out.tfevents.<seconds>.<host>.<pid>.<n>` as TensorFlow names them.
///
/// The file starts with the `brain.Event:2` version event; each ``append(scalars:step:wallTime:)``
/// adds one event and is written through to the file at once (a killed run keeps every epoch it
/// logged). A new file is made for every writer, so a resumed run adds a file beside the first;
/// TensorBoard merges the files of a folder.
///
/// ```swift
/// let events = try TensorBoardEventFile(folder: runFolder.appendingPathComponent("fold-1/tensorboard"))
/// try events.append(scalars: [("loss", 0.41), ("val_loss", 0.52)], step: 1)
/// ```
public final class TensorBoardEventFile {
    /// The file written.
    public let url: URL
    private let handle: FileHandle

    private static let counter = Counter()

    /// Creates the folder when needed and starts a new event file in it.
    /// - Parameter wallTime: the version event's time (seconds since 1970; now by default).
    /// - Throws: ``NeuralCoreError/file(path:problem:)`` naming the folder or file.
    public init(folder: URL, wallTime: Double = Date().timeIntervalSince1970) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw NeuralCoreError.file(path: folder.path, problem: "cannot create the TensorBoard folder: \(error.localizedDescription)")
        }
        let name = "events.out.tfevents.\(Int(wallTime)).\(Self.hostName).\(getpid()).\(Self.counter.next())"
        url = folder.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: url.path)
        else { throw NeuralCoreError.file(path: url.path, problem: "cannot create the TensorBoard event file") }
        self.handle = handle
        try write(TensorBoardEvent(wallTime: wallTime, step: 0, content: .fileVersion("brain.Event:2")))
    }

    deinit { try? handle.close() }

    /// Appends one event of scalar summaries.
    /// - Throws: ``NeuralCoreError/file(path:problem:)`` when the write fails.
    public func append(
        scalars: [(tag: String, value: Float)], step: Int64, wallTime: Double = Date().timeIntervalSince1970
    ) throws {
        try write(TensorBoardEvent(wallTime: wallTime, step: step, content: .scalars(scalars)))
    }

    /// Appends one event.
    public func write(_ event: TensorBoardEvent) throws {
        do {
            try handle.write(contentsOf: Data(event.record))
        } catch {
            throw NeuralCoreError.file(path: url.path, problem: "cannot write a TensorBoard event: \(error.localizedDescription)")
        }
    }

    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Numbers the files one process makes, so two made in the same second differ.
    private final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value - 1
        }
    }
}
