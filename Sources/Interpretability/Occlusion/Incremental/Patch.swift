import NeuralCore

/// The recomputed windows of one activation for a batch of placements: values
/// `[B, C, rows, columns]`, and where each window sits in the full activation. Outside its
/// window, placement b's activation equals the unmasked one.
struct Patch {
    var values: Tensor
    var rowStarts: [Int]
    var columnStarts: [Int]

    var batch: Int { values.shape[0] }
    var channels: Int { values.shape[1] }
    var height: Int { values.shape[2] }
    var width: Int { values.shape[3] }
}

/// The copies the incremental occlusion makes between full activations and windows.
enum WindowCopy {
    /// A rectangle of planes: `channels` planes of `height` x `width`, and where the
    /// rectangle's top-left corner sits in the full activation.
    struct Placement {
        var top: Int
        var left: Int
        var height: Int
        var width: Int
    }

    /// Copies the window `window` of `channels` planes of a `height` x `width` source into
    /// `target` (planes of `window.height` x `window.width`), with `pad` wherever the window
    /// leaves the source.
    static func crop(
        _ source: UnsafePointer<Float>, channels: Int, height: Int, width: Int, window: Placement, pad: Float,
        into target: UnsafeMutablePointer<Float>
    ) {
        let plane = height * width, windowPlane = window.height * window.width
        let firstColumn = max(0, window.left), lastColumn = min(width, window.left + window.width)
        let before = max(0, min(window.width, firstColumn - window.left))
        let inside = max(0, lastColumn - firstColumn)
        let after = window.width - before - inside
        for channel in 0..<channels {
            let sourcePlane = source + channel * plane, targetPlane = target + channel * windowPlane
            for y in 0..<window.height {
                let row = targetPlane + y * window.width
                let sourceRow = window.top + y
                guard sourceRow >= 0, sourceRow < height, inside > 0 else {
                    row.update(repeating: pad, count: window.width)
                    continue
                }
                if before > 0 { row.update(repeating: pad, count: before) }
                (row + before).update(from: sourcePlane + sourceRow * width + firstColumn, count: inside)
                if after > 0 { (row + before + inside).update(repeating: pad, count: after) }
            }
        }
    }

    /// Copies the part of `patch` (planes of `patchWindow.height` x `patchWindow.width` at
    /// `patchWindow`) that lies inside `window` into `target` (planes of the window's size).
    static func overlay(
        _ patch: UnsafePointer<Float>, channels: Int, patchWindow: Placement, window: Placement,
        into target: UnsafeMutablePointer<Float>
    ) {
        let top = max(patchWindow.top, window.top)
        let bottom = min(patchWindow.top + patchWindow.height, window.top + window.height)
        let left = max(patchWindow.left, window.left)
        let right = min(patchWindow.left + patchWindow.width, window.left + window.width)
        guard top < bottom, left < right else { return }
        let patchPlane = patchWindow.height * patchWindow.width, windowPlane = window.height * window.width
        for channel in 0..<channels {
            let source = patch + channel * patchPlane, destination = target + channel * windowPlane
            for y in top..<bottom {
                (destination + (y - window.top) * window.width + (left - window.left)).update(
                    from: source + (y - patchWindow.top) * patchWindow.width + (left - patchWindow.left),
                    count: right - left)
            }
        }
    }
}
