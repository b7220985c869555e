import CSupport

/// Lowering of a convolution onto matrix products: image patches to columns and back.
enum Im2col {
    /// Writes the patches of one CHW image into rows `(c * kh + i) * kw + j` of a column
    /// matrix whose rows are `rowStride` long, starting at column `columnOffset`
    /// (columns `oy * outputWidth + ox`). Out-of-image taps are zero. Runs the C kernel
    /// (AVX2 where available); ``referenceImageToColumns`` is the plain-Swift reference.
    /// With `outputRows`, only those output rows are lowered, the first at `columnOffset`.
    @inline(__always)
    static func imageToColumns(
        image: UnsafePointer<Float>, geometry g: WindowGeometry,
        columns: UnsafeMutablePointer<Float>, rowStride: Int, columnOffset: Int, outputRows: Range<Int>? = nil
    ) {
        var window = g.cWindow
        let rows = outputRows ?? 0..<g.outputHeight
        flarekit_image_to_columns(image, &window, columns, rowStride, columnOffset, rows.lowerBound, rows.upperBound)
    }

    /// The plain-Swift reference of ``imageToColumns``: writes the patches of one CHW image into rows `(c * kh + i) * kw + j` of a column
    /// matrix whose rows are `rowStride` long, starting at column `columnOffset`
    /// (columns `oy * outputWidth + ox`). Out-of-image taps are zero.
    static func referenceImageToColumns(
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

    /// Adds the columns back into one CHW image gradient (the adjoint of `imageToColumns`).
    /// Runs the C kernel (AVX2 where available); ``referenceColumnsToImage`` is the
    /// plain-Swift reference.
    @inline(__always)
    static func columnsToImage(
        columns: UnsafePointer<Float>, rowStride: Int, columnOffset: Int,
        geometry g: WindowGeometry, image: UnsafeMutablePointer<Float>, outputRows: Range<Int>? = nil
    ) {
        var window = g.cWindow
        let rows = outputRows ?? 0..<g.outputHeight
        flarekit_columns_to_image(columns, rowStride, columnOffset, &window, image, rows.lowerBound, rows.upperBound)
    }

    /// The plain-Swift reference of ``columnsToImage``: adds the columns back into one CHW
    /// image gradient. With `outputRows`, only those output rows are read, the first at
    /// `columnOffset`.
    static func referenceColumnsToImage(
        columns: UnsafePointer<Float>, rowStride: Int, columnOffset: Int,
        geometry g: WindowGeometry, image: UnsafeMutablePointer<Float>, outputRows: Range<Int>? = nil
    ) {
        let rows = outputRows ?? 0..<g.outputHeight
        for c in 0..<g.channels {
            let plane = image + c * g.inputPlane
            for i in 0..<g.windowHeight {
                for j in 0..<g.windowWidth {
                    let row = (c * g.windowHeight + i) * g.windowWidth + j
                    let source = columns + row * rowStride + columnOffset
                    let valid = g.validOutputColumns(kernelColumn: j)
                    if valid.isEmpty { continue }
                    let offset = j - g.padLeft
                    for oy in rows {
                        let iy = oy * g.strideHeight - g.padTop + i
                        if iy < 0 || iy >= g.inputHeight { continue }
                        let input = source + (oy - rows.lowerBound) * g.outputWidth
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
