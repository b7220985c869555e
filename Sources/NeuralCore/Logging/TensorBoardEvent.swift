import Foundation

/// One TensorBoard `Event` protocol buffer (`tensorboard/compat/proto/event.proto`), limited to
/// what a training log needs: the file-version header and scalar summaries.
///
/// Encoded by hand in proto3 wire format, fields in number order and default values omitted, as
/// the protobuf library writes them: `wall_time` (1, double), `step` (2, int64), `file_version`
/// (3, string), `summary` (5: repeated `Value` (1) of `tag` (1, string) and `simple_value`
/// (2, float, a member of a oneof, so present even when 0)).
public struct TensorBoardEvent: Sendable, Equatable {
    /// Seconds since 1970.
    public var wallTime: Double
    /// The global step (the epoch, for FlareKit's training logs).
    public var step: Int64
    /// What the event holds.
    public var content: Content

    /// What an event holds.
    public enum Content: Sendable, Equatable {
        /// The first event of every file: `brain.Event:2`.
        case fileVersion(String)
        /// Scalars by tag, in order.
        case scalars([(tag: String, value: Float)])

        public static func == (lhs: Content, rhs: Content) -> Bool {
            switch (lhs, rhs) {
            case let (.fileVersion(a), .fileVersion(b)): return a == b
            case let (.scalars(a), .scalars(b)):
                return a.count == b.count && zip(a, b).allSatisfy { $0.tag == $1.tag && $0.value.bitPattern == $1.value.bitPattern }
            default: return false
            }
        }
    }

    /// Creates an event.
    public init(wallTime: Double, step: Int64, content: Content) {
        self.wallTime = wallTime
        self.step = step
        self.content = content
    }

    /// The serialized protocol buffer.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        if wallTime != 0 {
            bytes.append(0x09)  // field 1, 64-bit
            withUnsafeBytes(of: wallTime.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        if step != 0 {
            bytes.append(0x10)  // field 2, varint
            Self.appendVarint(UInt64(bitPattern: step), to: &bytes)
        }
        switch content {
        case let .fileVersion(version):
            Self.appendLengthDelimited(field: 3, Array(version.utf8), to: &bytes)
        case let .scalars(values):
            var summary: [UInt8] = []
            for (tag, value) in values {
                var entry: [UInt8] = []
                Self.appendLengthDelimited(field: 1, Array(tag.utf8), to: &entry)
                entry.append(0x15)  // field 2, 32-bit: in the `value` oneof, so written even when 0
                withUnsafeBytes(of: value.bitPattern.littleEndian) { entry.append(contentsOf: $0) }
                Self.appendLengthDelimited(field: 1, entry, to: &summary)
            }
            Self.appendLengthDelimited(field: 5, summary, to: &bytes)
        }
        return bytes
    }

    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    static func appendLengthDelimited(field: Int, _ payload: [UInt8], to bytes: inout [UInt8]) {
        appendVarint(UInt64(field << 3 | 2), to: &bytes)
        appendVarint(UInt64(payload.count), to: &bytes)
        bytes.append(contentsOf: payload)
    }

    /// The event as one TFRecord: length (little-endian UInt64), its masked CRC-32C, the data,
    /// the data's masked CRC-32C.
    public var record: [UInt8] {
        let data = encoded
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.count + 16)
        let length = withUnsafeBytes(of: UInt64(data.count).littleEndian) { Array($0) }
        bytes += length
        withUnsafeBytes(of: CRC32C.masked(length).littleEndian) { bytes.append(contentsOf: $0) }
        bytes += data
        withUnsafeBytes(of: CRC32C.masked(data).littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }
}
