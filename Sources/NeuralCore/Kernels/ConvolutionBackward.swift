import CSupport

/// The backward pass of ``ConvolutionForward``: per worker, im2col of its images (in bands on
/// the direct path; a group of input channels at a time), then while the columns are in cache
/// the kernel gradient into the worker's accumulator (``ConvolutionBackwardFilter``) and the
/// input gradient scattered back into its images (``ConvolutionBackwardData``). The
/// accumulators are summed at the end. Layers with one input channel
/// (``ConvolutionPlan/computesKernelGradientDirectly``) take their kernel gradient from the
/// direct C kernel instead of im2col and `sgemm`.
enum ConvolutionBackward {
    /// The input gradient of a batch (zeros unless `computesInputGradient`); adds the kernel
    /// gradient to `kernelGradient`. Where the layer has ``ConvolutionInputGradient`` phases,
    /// the input gradient is their convolutions of the output gradient (the forward C
    /// kernels), not the adjoint of im2col.
    static func backpropagate(
        input: Tensor, outputGradient: Tensor, kernel: Tensor, kernelGradient: inout Tensor,
        computesInputGradient: Bool, plan: ConvolutionPlan, budget: ConvolutionPlan.Budget,
        scratch: WorkerScratch, accumulators: WorkerScratch
    ) -> Tensor {
        guard computesInputGradient, let phases = ConvolutionInputGradient(layer: plan, budget: budget) else {
            var inputGradient = Tensor(zeros: input.shape)
            inputGradient.withUnsafeMutableBufferPointer { dx in
                backpropagateThroughColumns(
                    input: input, outputGradient: outputGradient, kernel: kernel, kernelGradient: &kernelGradient,
                    plan: plan, scratch: scratch, accumulators: accumulators,
                    inputGradient: computesInputGradient ? dx.baseAddress! : nil)
            }
            return inputGradient
        }
        backpropagateThroughColumns(
            input: input, outputGradient: outputGradient, kernel: kernel, kernelGradient: &kernelGradient,
            plan: plan, scratch: scratch, accumulators: accumulators, inputGradient: nil)
        return phases.inputGradient(of: outputGradient, kernel: kernel.scalars, inputShape: input.shape, scratch: scratch)
    }

    /// The kernel gradient through im2col, added to `kernelGradient`, and with `inputGradient`
    /// (zeros of the input's shape) the input gradient by the adjoint of im2col added into it.
    static func backpropagateThroughColumns(
        input: Tensor, outputGradient: Tensor, kernel: Tensor, kernelGradient: inout Tensor,
        plan: ConvolutionPlan, scratch: WorkerScratch, accumulators: WorkerScratch,
        inputGradient: UnsafeMutablePointer<Float>?
    ) {
        // Images split over the workers (also when the forward pass split rows).
        let workers = Parallel.workers(for: plan.batch)
        let accumulatorFloats = plan.filters * plan.patch
        scratch.reserve(workers: workers, floats: plan.scratchFloats)
        accumulators.reserve(workers: workers, floats: accumulatorFloats)
        input.withUnsafeBufferPointer { x in
            outputGradient.withUnsafeBufferPointer { dy in
                kernel.withUnsafeBufferPointer { w in
                    let xs = SendableConstPointer(x.baseAddress!), dys = SendableConstPointer(dy.baseAddress!)
                    let ws = SendableConstPointer(w.baseAddress!), dxs = inputGradient.map { SendablePointer($0) }
                    Parallel.forEachWorker(plan.batch) { worker, images in
                        let accumulator = accumulators.buffer(worker)
                        accumulator.update(repeating: 0, count: accumulatorFloats)
                        backpropagateImages(
                            images, plan: plan, input: xs.base, outputGradient: dys.base, kernel: ws.base,
                            kernelGradient: accumulator, inputGradient: dxs?.base, scratch: scratch.buffer(worker))
                    }
                }
            }
        }
        ConvolutionBackwardFilter.addAccumulators(accumulators, workers: workers, to: &kernelGradient)
    }

    /// One worker's share: the kernel gradient of `images` into `kernelGradient`, and their
    /// input gradient when `inputGradient` is given.
    static func backpropagateImages(
        _ images: Range<Int>, plan: ConvolutionPlan, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        kernel: UnsafePointer<Float>, kernelGradient: UnsafeMutablePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, scratch: UnsafeMutablePointer<Float>
    ) {
        let g = plan.geometry, filters = plan.filters, plane = plan.plane
        let columns = scratch, product = scratch + plan.columnFloats
        if plan.direct {
            for image in images {
                for rows in plan.bands() {
                    let width = rows.count * g.outputWidth
                    let band = outputGradient + image * plan.outputImage + rows.lowerBound * g.outputWidth
                    if plan.computesKernelGradientDirectly {
                        var window = g.cWindow
                        flarekit_direct_filter_gradient(
                            input + image * plan.inputImage, &window, filters, band, plane,
                            rows.lowerBound, rows.upperBound, kernelGradient, columns)
                    }
                    for group in plan.channelGroups {
                        if !plan.computesKernelGradientDirectly {
                            plan.lowerBand(input + image * plan.inputImage, rows: rows, group: group, into: columns)
                            ConvolutionBackwardFilter.accumulate(
                                outputGradient: band, rowStride: plane, columns: columns, width: width, group: group,
                                plan: plan, into: kernelGradient)
                        }
                        if let inputGradient {
                            ConvolutionBackwardData.scatterBand(
                                outputGradient: band, rows: rows, kernel: kernel, group: group, plan: plan,
                                columns: columns, into: inputGradient + image * plan.inputImage)
                        }
                    }
                }
            }
            return
        }
        for chunk in plan.chunks(of: images) {
            let rowStride = chunk.count * plane
            // dY of the chunk as [filters, images x plane], the layout of the columns.
            let chunkGradient = outputGradient + chunk.lowerBound * plan.outputImage
            for image in 0..<chunk.count {
                for o in 0..<filters {
                    (product + o * rowStride + image * plane).update(
                        from: chunkGradient + (image * filters + o) * plane, count: plane)
                }
            }
            for group in plan.channelGroups {
                plan.lowerChunk(input, images: chunk, group: group, into: columns)
                ConvolutionBackwardFilter.accumulate(
                    outputGradient: product, rowStride: rowStride, columns: columns, width: rowStride, group: group,
                    plan: plan, into: kernelGradient)
                if let inputGradient {
                    ConvolutionBackwardData.scatterChunk(
                        outputGradient: product, images: chunk, kernel: kernel, group: group, plan: plan, columns: columns,
                        into: inputGradient)
                }
            }
        }
    }
}
