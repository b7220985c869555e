import CFITSIO

/// Checks the tiles of a tile-compressed image before cfitsio decompresses them.
///
/// cfitsio (4.2, the Debian/Ubuntu system library) trusts a compressed tile's bytes: its
/// `RICE_1` decoder (`fits_rdecomp*`) scans a run of zero bytes without a bound and checks
/// the end of the stream only after each block of pixels, so a corrupt tile makes it read past
/// the tile's buffer, which can crash the process (found by fuzzing, Documentation/Reliability.md);
/// and it allocates whatever length a tile descriptor claims. This check runs first: every tile
/// descriptor must lie inside the heap, and every `RICE_1` stream is walked with cfitsio's own
/// decoding steps and parameters, with each read bounds-checked, so that a corrupt tile is a
/// typed error naming the file, the HDU and the tile instead.
enum FITSTileCheck {
    /// Throws ``MagnetogramError/file(path:problem:)`` for the first tile that is corrupt.
    /// `header` is the stored (binary-table) header of the current, compressed HDU.
    static func check(_ handle: FITSHandle, hdu: Int, header: FITSHeader) throws {
        guard let pointer = handle.pointer, let shared = pointer.pointee.Fptr?.pointee else { return }
        let path = handle.path
        func corrupt(_ text: String) -> MagnetogramError {
            .file(path: path, problem: "HDU \(hdu) is a corrupt compressed image: \(text)")
        }

        // The heap: descriptors are relative to THEAP (default: right after the table rows).
        let rowBytes = try header.integer("NAXIS1") ?? 0
        let rows = try header.integer("NAXIS2") ?? 0
        let parameterBytes = try header.integer("PCOUNT") ?? 0
        let (tableBytes, overflow) = rowBytes.multipliedReportingOverflow(by: rows)
        guard !overflow, rowBytes >= 0, rows >= 0, parameterBytes >= 0 else { throw corrupt("NAXIS1 x NAXIS2 is not a table size") }
        let heapStart = try header.integer("THEAP") ?? tableBytes
        let (dataBytes, overflow2) = tableBytes.addingReportingOverflow(parameterBytes)
        guard !overflow2, heapStart >= tableBytes, heapStart <= dataBytes else {
            throw corrupt("THEAP \(heapStart) is outside the data unit")
        }
        let heapSize = dataBytes - heapStart

        // The tile grid, as cfitsio parsed it (ZNAXISn, ZTILEn); the first axis varies fastest.
        let dimensions = Int(min(max(shared.zndim, 0), MAX_COMPRESS_DIM))
        let axes = withUnsafeBytes(of: shared.znaxis) { Array($0.bindMemory(to: Int.self).prefix(dimensions)) }
        let tiles = withUnsafeBytes(of: shared.tilesize) { Array($0.bindMemory(to: Int.self).prefix(dimensions)) }
        guard axes.allSatisfy({ $0 >= 0 }), tiles.allSatisfy({ $0 >= 1 }) else {
            throw corrupt("ZNAXISn \(axes) or ZTILEn \(tiles) is not positive")
        }
        let tileCounts = zip(axes, tiles).map { $0 == 0 ? 0 : ($0 - 1) / $1 + 1 }
        var tileCount = 1
        for count in tileCounts {
            let (product, over) = tileCount.multipliedReportingOverflow(by: count)
            guard !over else { throw corrupt("the tile grid \(tileCounts) is too large") }
            tileCount = product
        }

        let rice = shared.compress_type == RICE_1
        let blockSize = Int(shared.rice_blocksize)
        let bytesPerPixel = [1, 2].contains(shared.rice_bytepix) ? Int(shared.rice_bytepix) : 4
        let column = shared.cn_compressed
        guard column >= 1 else { return }  // cfitsio reports a missing COMPRESSED_DATA column itself
        var stream: [UInt8] = []

        for tile in 0..<min(tileCount, rows) {
            let row = LONGLONG(tile + 1)
            var length: LONGLONG = 0, offset: LONGLONG = 0
            try handle.check("reading the descriptor of compressed tile \(tile + 1)") { ffgdesll($0, column, row, &length, &offset, &$1) }
            guard length >= 0, offset >= 0, offset <= heapSize, length <= LONGLONG(heapSize) - offset else {
                throw corrupt("tile \(tile + 1) claims \(length) bytes at heap offset \(offset) of a \(heapSize)-byte heap")
            }
            guard rice, length > 0 else { continue }

            // The pixels of this tile: ZTILEn, cut at the image's edges.
            var remainder = tile
            var pixels = 1
            for (axis, count) in tileCounts.enumerated() {
                let start = (remainder % count) * tiles[axis]
                remainder /= count
                pixels *= min(tiles[axis], axes[axis] - start)
            }
            if stream.count < Int(length) { stream = [UInt8](repeating: 0, count: Int(length)) }
            var anyNull: Int32 = 0
            try stream.withUnsafeMutableBufferPointer { buffer in
                _ = try handle.check("reading compressed tile \(tile + 1)") {
                    ffgcvb($0, column, row, 1, length, 0, buffer.baseAddress, &anyNull, &$1)
                }
            }
            let complete = stream.withUnsafeBufferPointer { buffer in
                riceStreamIsComplete(
                    UnsafeBufferPointer(rebasing: buffer[0..<Int(length)]), pixels: pixels, blockSize: blockSize,
                    bytesPerPixel: bytesPerPixel)
            }
            guard complete else {
                throw corrupt(
                    "the RICE_1 stream of tile \(tile + 1) (\(length) bytes) ends before its \(pixels) pixels are decoded")
            }
        }
    }

    /// Whether cfitsio's `RICE_1` decoder (`fits_rdecomp`, `_short`, `_byte` for 4, 2, 1 bytes
    /// per pixel) decodes `pixels` pixels from `stream` without reading past its end. The walk
    /// takes the decoder's steps (split-bit block headers, low-entropy, direct and Rice-coded
    /// blocks) on the same bytes but produces no pixels.
    static func riceStreamIsComplete(
        _ stream: UnsafeBufferPointer<UInt8>, pixels: Int, blockSize: Int, bytesPerPixel: Int
    ) -> Bool {
        let (fsBits, fsMax, directBits) = switch bytesPerPixel {
        case 1: (3, 6, 8)
        case 2: (4, 14, 16)
        default: (5, 25, 32)
        }
        guard blockSize >= 1 else { return false }  // cfitsio would make no progress
        var position = bytesPerPixel  // the first pixel is stored as is
        /// The next byte, or nil past the end of the stream.
        func next() -> UInt32? {
            guard position < stream.count else { return nil }
            defer { position += 1 }
            return UInt32(stream[position])
        }
        guard var bits = next() else { return false }
        var bitCount = 8
        var index = 0
        while index < pixels {
            // The block's FS value, in its first fsBits bits.
            bitCount -= fsBits
            while bitCount < 0 {
                guard let byte = next() else { return false }
                bits = bits << 8 | byte
                bitCount += 8
            }
            let fs = Int(bits >> UInt32(bitCount)) - 1
            bits &= (1 << UInt32(bitCount)) - 1
            let blockEnd = min(index + blockSize, pixels)
            if fs < 0 {
                index = blockEnd  // all differences zero: nothing more is read
            } else if fs == fsMax {
                // Directly coded differences: directBits bits each.
                while index < blockEnd {
                    var shift = directBits - bitCount - 8
                    while shift >= 0 {
                        guard next() != nil else { return false }
                        shift -= 8
                    }
                    if bitCount > 0 {
                        guard let byte = next() else { return false }
                        bits = byte & ((1 << UInt32(bitCount)) - 1)
                    } else {
                        bits = 0
                    }
                    index += 1
                }
            } else {
                // Rice codes: a unary count of leading zeros, a one, then fs bits.
                while index < blockEnd {
                    while bits == 0 {
                        guard let byte = next() else { return false }
                        bitCount += 8
                        bits = byte
                    }
                    let highest = 32 - bits.leadingZeroBitCount  // cfitsio's nonzero_count (bits < 256 here)
                    bitCount = highest - 1
                    bits ^= 1 << UInt32(bitCount)
                    bitCount -= fs
                    while bitCount < 0 {
                        guard let byte = next() else { return false }
                        bits = bits << 8 | byte
                        bitCount += 8
                    }
                    bits &= (1 << UInt32(bitCount)) - 1
                    index += 1
                }
            }
        }
        return true
    }
}
