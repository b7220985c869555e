import CSupport
import Foundation

/// How NeuralCore asks the C allocator to treat large blocks.
///
/// Activations of the papers' networks are hundreds of megabytes per batch. glibc serves such
/// blocks with fresh `mmap` pages and returns them on `free`, so every forward and backward
/// pass page-faults and has the kernel zero all of that memory again (measured: half the time
/// of a CNN-2 inference step). NeuralCore therefore switches glibc to serve large blocks from
/// its heap and to keep freed memory for reuse (`mallopt(M_MMAP_MAX, 0)` and a high
/// `M_TRIM_THRESHOLD`) the first time it allocates a tensor. The process then keeps its peak
/// memory until it exits. Set the environment variable `FLAREKIT_SYSTEM_MALLOC=1` to leave the
/// allocator alone.
public enum MemoryPolicy {
    /// Whether the allocator was tuned (false when disabled by the environment or not glibc).
    public static let isReusingFreedMemory: Bool = {
        if ProcessInfo.processInfo.environment["FLAREKIT_SYSTEM_MALLOC"] == "1" { return false }
        return flarekit_keep_freed_memory() == 1
    }()

    /// Applies the policy (once); called by tensor allocation.
    @inline(__always)
    static func prepare() {
        _ = isReusingFreedMemory
    }
}
