import Foundation
import NeuralCore
import Testing

/// `removeAtomicWriteLeftovers(of:)` removes only the temporaries `writeAtomically` names after
/// the given file (`.NAME.tmp-<hex>`).
@Suite("Atomic-write leftovers")
struct AtomicWriteLeftoversTests {
    @Test func onlyTheFilesOwnTemporariesAreRemoved() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("leftovers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("fold-1.checkpoint")
        let owned = [".fold-1.checkpoint.tmp-0", ".fold-1.checkpoint.tmp-9fa3c"]
        let kept = [".fold-10.checkpoint.tmp-ab", ".fold-1.checkpoint.tmp-", ".fold-1.checkpoint.tmp-xyz", "fold-1.checkpoint.tmp-ab",
                    "fold-1.checkpoint"]
        for name in owned + kept { try Data("x".utf8).write(to: folder.appendingPathComponent(name)) }
        let removed = removeAtomicWriteLeftovers(of: target)
        #expect(Set(removed.map(\.lastPathComponent)) == Set(owned))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == Set(kept))
        // A complete write leaves nothing behind to remove.
        try writeAtomically(Data("y".utf8), to: target)
        #expect(removeAtomicWriteLeftovers(of: target).isEmpty)
    }
}
