/// Lowering of a convolution onto matrix products: image patches to columns and back.
enum Im2col {
    /// Writes the patches of one CHW image into rows `(c * kh + i) * kw + j` of a column
    /// matrix whose rows are `rowStride` long, starting at column `columnOffset`
    /// (columns `oy * outputWidth + ox`). Out-of-image taps are zero.
    static func imageToColumns(
        image: UnsafePointer<Float>, geometry g: WindowGeometry,
        columns: UnsafeMutablePointer<Float>, rowStride: Int, columnOffset: Int
    ) {
        for c in 0..<g.channels {
            let plane = image + c * g.inputPlane
            for i in 0..<g.windowHeight {
                for j in 0..<g.windowWidth {
                    let row = (c * g.windowHeight + i) * g.windowWidth + j
                    let destination = columns + row * rowStride + columnOffset
                    let valid = g.validOutputColumns(kernelColumn: j)
                    let offset = j - g.padLeft
                    for oy in 0..<g.outputHeight {
                        let out = destination + oy * g.outputWidth
                        let iy = oy * g.strideHeight - g.padTop + i
                        if iy < 0 || iy >= g.inputHeight {
                            out.update(repeating: 0, count: g.outputWidth)
                            continue
                        }
                        let source = plane + iy * g.inputWidth + offset
                        if valid.lowerBound > 0 { out.update(repeating: 0, count: valid.lowerBound) }
                        if g.strideWidth == 1 {
                            (out + valid.lowerBound).update(
                                from: source + valid.lowerBound, count: valid.count)
                        } else if g.strideWidth == 2 {
                            copyEvenElements(from: source, to: out, range: valid)
                        } else {
                            for ox in valid { out[ox] = source[ox * g.strideWidth] }
                        }
                        if valid.upperBound < g.outputWidth {
                            (out + valid.upperBound).update(
                                repeating: 0, count: g.outputWidth - valid.upperBound)
                        }
                    }
                }
            }
        }
    }

    /// `out[ox] = source[2 ox]` for `ox` in `range`, eight at a time with SIMD shuffles. Loads
    /// stay within `source[2 lower] ... source[2 (upper - 1)]`.
    @inline(__always)
    static func copyEvenElements(from source: UnsafePointer<Float>, to out: UnsafeMutablePointer<Float>, range: Range<Int>) {
        var ox = range.lowerBound
        let raw = UnsafeRawPointer(source)
        // A 16-float load at 2 ox reads up to source[2 ox + 15]; it must not pass 2 (upper - 1).
        while ox + 8 <= range.upperBound, 2 * ox + 15 <= 2 * (range.upperBound - 1) {
            let pair = raw.loadUnaligned(fromByteOffset: 2 * ox * MemoryLayout<Float>.stride, as: SIMD16<Float>.self)
            UnsafeMutableRawPointer(out + ox).storeBytes(of: pair.evenHalf, as: SIMD8<Float>.self)
            ox += 8
        }
        while ox < range.upperBound {
            out[ox] = source[2 * ox]
            ox += 1
        }
    }

    /// Adds the columns back into one CHW image gradient (the adjoint of `imageToColumns`).
    static func columnsToImage(
        columns: UnsafePointer<Float>, rowStride: Int, columnOffset: Int,
        geometry g: WindowGeometry, image: UnsafeMutablePointer<Float>
    ) {
        for c in 0..<g.channels {
            let plane = image + c * g.inputPlane
            for i in 0..<g.windowHeight {
                for j in 0..<g.windowWidth {
                    let row = (c * g.windowHeight + i) * g.windowWidth + j
                    let source = columns + row * rowStride + columnOffset
                    let valid = g.validOutputColumns(kernelColumn: j)
                    if valid.isEmpty { continue }
                    let offset = j - g.padLeft
                    for oy in 0..<g.outputHeight {
                        let iy = oy * g.strideHeight - g.padTop + i
                        if iy < 0 || iy >= g.inputHeight { continue }
                        let input = source + oy * g.outputWidth
                        let destination = plane + iy * g.inputWidth + offset
                        if g.strideWidth == 1 {
                            for ox in valid { destination[ox] += input[ox] }
                        } else {
                            for ox in valid { destination[ox * g.strideWidth] += input[ox] }
                        }
                    }
                }
            }
        }
    }
}
