import CSupport

/// How a convolution over a batch is cut into work: images split over workers (or a single
/// image's output rows). The forward pass runs a C kernel image by image on bands of output
/// rows (``forwardKernelKind``: direct, filters in lanes or Winograd). The backward pass
/// lowers by im2col either image by image in bands (large planes, the direct path) or several
/// images side by side in one product (small planes, the chunked path); deep layers take their
/// input gradient from forward convolutions instead (``ConvolutionInputGradient``).
struct ConvolutionPlan {
    /// Scratch limits of a convolution, in floats.
    struct Budget: Equatable {
        /// Upper bound on the im2col buffers of all workers together (64 MiB).
        var maximumColumnFloats = 16 * 1024 * 1024
        /// The size of one band: im2col columns in the direct path, or the forward C kernels'
        /// padded input rows (512 KiB: half a core's L2 cache here).
        var bandFloats = 128 * 1024
        /// The smallest number of output columns per band product.
        var minimumBandColumns = 256
        /// The multiply-adds per image below which splitting an image's rows over the workers
        /// costs more in synchronisation than it saves (small inception planes).
        var minimumSplitMultiplyAdds = 8_000_000
    }

    /// Planes at least this large are backpropagated image by image, band by band; smaller
    /// ones in one product over a chunk of images. In the forward pass, one-channel layers
    /// (and layers of few filters) with planes this large go to the direct kernel.
    static let directPlane = 256

    /// The fewest input channels for the Winograd kernel: with fewer, its transforms cost more
    /// than the multiply-adds they save.
    static let winogradChannels = 16
    /// The narrowest rows for the Winograd kernel (AVX-512 transforms 16 tiles, 32 outputs, at
    /// a time).
    static let winogradWidth = 24

    /// Filters per block of the filters-in-lanes kernel (AVX-512: two vectors of 16). Layers
    /// with fewer filters would leave lanes idle, and take the direct kernel on large planes.
    static let filterLanesBlock = 32

    /// The fraction of the direct kernel's lanes that rows of `width` outputs use: its runs of
    /// outputs (32 with AVX-512) overrun a row's end. The filters-in-lanes kernel, a little
    /// slower at full use (183 against 200 GFLOP/s on CNN-1's second layer), wins below 0.9
    /// (CNN-2's 85- and 28-wide layers).
    static func directRowUse(_ width: Int) -> Double {
        let run = flarekit_direct_outputs_per_run()
        return Double(width) / Double((width + run - 1) / run * run)
    }

    /// Output positions per product in the chunked path: images of small planes are lowered
    /// side by side until about this many.
    static let productColumns = 1024

    /// Consecutive input channels lowered and multiplied together. Deep inputs (the inception
    /// modules) are lowered a group at a time, so that the group's columns are still in the
    /// core's cache when the product reads them; the groups' products accumulate.
    struct ChannelGroup {
        /// The window of the group's channels (its `channels` is the group's size).
        let geometry: WindowGeometry
        /// The group's first input channel.
        let firstChannel: Int
        /// Rows of the group's im2col columns.
        var patch: Int { geometry.patchSize }
        /// Where the group's channels start in an image.
        var inputOffset: Int { firstChannel * geometry.inputPlane }
        /// Where the group's columns start in a `[filters, patch]` kernel row.
        var kernelOffset: Int { firstChannel * geometry.windowHeight * geometry.windowWidth }
    }

    /// The window of one image.
    let geometry: WindowGeometry
    /// Output channels.
    let filters: Int
    /// Images in the batch.
    let batch: Int
    /// Workers the batch is split over.
    let workers: Int
    /// Images lowered together in the chunked path.
    let chunk: Int
    /// Whether the backward pass lowers images one by one, band by band (planes of
    /// ``directPlane`` or more, or split rows) rather than in chunks. The forward pass always
    /// goes band by band.
    let direct: Bool
    /// Whether the output rows of each image are split over the workers instead of the images:
    /// batches smaller than the worker count (a single image) of layers with at least
    /// ``Budget/minimumSplitMultiplyAdds`` per image, so that every core works. Each worker then runs
    /// the direct path on its rows, whatever the plane size.
    let splitsRows: Bool
    /// Output rows per band of the direct path's backward pass and of the forward pass's pooled
    /// bands: the band's columns fill about a core's L2, with at least
    /// ``Budget/minimumBandColumns`` output columns per product.
    let bandRows: Int
    /// Output rows per band of the forward C kernels (``ConvolutionForward/convolve(_:kernel:bias:activation:plan:scratch:)``):
    /// the padded input rows of every channel under them fill about a core's L2
    /// (``Budget/bandFloats``), so that the kh - 1 rows each band shares with the next are
    /// copied a few times at most.
    let forwardBandRows: Int
    /// Output rows per band of a forward pass fused with an overlapping pool (the LRCN's 2 x 2
    /// stride-1 pools), whose bands each recompute the rows they share with the next: as many
    /// as ``forwardBandRows`` and an output band of ``Budget/bandFloats`` allow, at least
    /// ``bandRows`` (the LRCN's layers: the whole image).
    let overlappingPoolBandRows: Int
    /// The rows that bands and shares of the forward pass start on a multiple of: 2 for the
    /// Winograd kernel, whose 2 x 2 tiles start on a band's first row, so that every output
    /// gets the same arithmetic however the image is cut; 1 otherwise.
    var forwardRowUnit: Int { convolvesWinograd ? 2 : 1 }
    /// The input channels in groups whose columns for one band (direct path) or
    /// ``productColumns`` positions (chunked path) fill about a core's L2 (``Budget/bandFloats``).
    /// They depend on the layer and the budget only, so a sample's result does not depend on
    /// the batch it comes in.
    let channelGroups: [ChannelGroup]
    /// The C kernel of the forward pass; im2col and `sgemm` serve the backward pass.
    enum ForwardKernel: Equatable {
        /// `Sources/CSupport/DirectConvolution.c`: each run of a row's outputs keeps a block of
        /// filters' sums in vector registers while it walks the taps.
        case direct
        /// `Sources/CSupport/FilterLanesConvolution.c`: each input value is broadcast against a
        /// vector of filters, so short rows leave no lane idle.
        case filtersInLanes
        /// `Sources/CSupport/WinogradConvolution.c`: F(2x2, 3x3), 16 multiply-adds per channel
        /// for 4 outputs instead of 36.
        case winograd
    }

    /// The forward pass's C kernel: Winograd for 3 x 3 stride-1 layers of at least
    /// ``winogradChannels`` channels and rows of at least ``winogradWidth`` outputs; the
    /// direct kernel for planes of ``directPlane`` or more with one input channel (the first
    /// layer of each network), fewer than ``filterLanesBlock`` filters, or rows that fill its
    /// runs (``directRowUse(_:)`` of 0.9 or more); the filters-in-lanes kernel otherwise.
    /// Depends on the layer and the processor's vector width only.
    let forwardKernelKind: ForwardKernel
    /// Whether the forward pass uses the direct kernel.
    var convolvesDirectly: Bool { forwardKernelKind == .direct }
    /// Whether the forward pass uses the filters-in-lanes kernel.
    var convolvesInFilterLanes: Bool { forwardKernelKind == .filtersInLanes }
    /// Whether the forward pass uses the Winograd kernel.
    var convolvesWinograd: Bool { forwardKernelKind == .winograd }
    /// Whether the kernel gradient comes from the direct C kernel too: one input channel (the
    /// first layer of each network, whose 7 x 7 window gives `sgemm` products of 49 rows).
    /// Deeper inputs keep im2col and `sgemm`, which measured faster there.
    let computesKernelGradientDirectly: Bool

    init(geometry g: WindowGeometry, filters: Int, batch: Int, budget: Budget) {
        geometry = g
        self.filters = filters
        self.batch = batch
        splitsRows = batch < Parallel.workerCount && g.outputHeight > 1
            && g.outputPlane * g.patchSize * filters >= budget.minimumSplitMultiplyAdds
        workers = splitsRows ? Parallel.workers(for: g.outputHeight) : Parallel.workers(for: batch)
        let images = (batch + workers - 1) / workers
        chunk = max(1, min(
            images, Self.productColumns / max(1, g.outputPlane),
            budget.maximumColumnFloats / workers / max(1, g.patchSize * g.outputPlane)))
        direct = g.outputPlane >= Self.directPlane || splitsRows
        let minimumRows = (budget.minimumBandColumns + g.outputWidth - 1) / g.outputWidth
        bandRows = min(g.outputHeight, max(minimumRows, budget.bandFloats / max(1, g.patchSize * g.outputWidth)))
        let paddedRow = g.channels * (g.outputWidth * g.strideWidth + g.windowWidth)
        let inputRows = budget.bandFloats / max(1, paddedRow)
        let winograd = g.windowHeight == 3 && g.windowWidth == 3 && g.strideHeight == 1 && g.strideWidth == 1
            && g.channels >= Self.winogradChannels && g.outputWidth >= Self.winogradWidth
        let directKernel = g.outputPlane >= Self.directPlane
            && (g.channels == 1 || filters < Self.filterLanesBlock || Self.directRowUse(g.outputWidth) >= 0.9)
        forwardKernelKind = winograd ? .winograd : directKernel ? .direct : .filtersInLanes
        // Winograd's 2 x 2 tiles start on even rows of every band, so bands start on even rows.
        let rowUnit = winograd ? 2 : 1
        let fittingRows = max(1, (inputRows - g.windowHeight) / g.strideHeight + 1)
        forwardBandRows = min(g.outputHeight, max(rowUnit, fittingRows / rowUnit * rowUnit))
        overlappingPoolBandRows = min(g.outputHeight, max(
            bandRows, min(forwardBandRows, budget.bandFloats / max(1, filters * g.outputWidth))))
        let positions = direct ? bandRows * g.outputWidth : Self.productColumns
        let size = max(1, min(g.channels, budget.bandFloats / max(1, g.windowHeight * g.windowWidth * positions)))
        computesKernelGradientDirectly = forwardKernelKind == .direct && g.channels == 1
        channelGroups = stride(from: 0, to: g.channels, by: size).map { first in
            var group = g
            group.channels = min(size, g.channels - first)
            return ChannelGroup(geometry: group, firstChannel: first)
        }
    }

    /// Output values per channel of one image.
    var plane: Int { geometry.outputPlane }
    /// Rows of the im2col matrix.
    var patch: Int { geometry.patchSize }
    /// Rows of the largest group's im2col columns.
    var groupPatch: Int { channelGroups.map(\.patch).max() ?? patch }
    /// One worker's im2col columns: one group's, for a band (the direct path) or a chunk, or the
    /// C kernels' padded band of ``bandRows`` or ``forwardBandRows`` rows, whichever is larger.
    var columnFloats: Int {
        var window = geometry.cWindow
        return max(
            bandFloats(rows: bandRows), flarekit_direct_scratch_floats(&window, forwardBandRows),
            convolvesWinograd ? flarekit_winograd_scratch_floats(&window, forwardBandRows) : 0,
            direct ? 0 : groupPatch * chunk * plane)
    }

    /// The scratch of a band of `rows` output rows: the C kernels' padded band, or one group's
    /// im2col columns (the backward pass of the direct path), whichever is larger.
    func bandFloats(rows: Int) -> Int {
        var window = geometry.cWindow
        return max(
            groupPatch * rows * geometry.outputWidth, flarekit_direct_scratch_floats(&window, rows),
            convolvesWinograd ? flarekit_winograd_scratch_floats(&window, rows) : 0)
    }
    /// One worker's scratch: its columns, and in the chunked path the chunk's product.
    var scratchFloats: Int { columnFloats + (direct ? 0 : filters * chunk * plane) }

    /// The kernel (`[filters, patch]`) as this plan's forward C kernel reads it: as it is for
    /// the direct kernel, packed tap-major for the filters-in-lanes kernel, transformed and
    /// packed for the Winograd kernel.
    func forwardKernel(_ kernel: [Float]) -> [Float] {
        let channels = geometry.channels
        switch forwardKernelKind {
        case .direct:
            return kernel
        case .filtersInLanes:
            return [Float](unsafeUninitializedCapacity: flarekit_filters_in_lanes_packed_floats(filters, patch)) {
                packed, initialized in
                kernel.withUnsafeBufferPointer { flarekit_pack_filters_in_lanes($0.baseAddress!, filters, patch, packed.baseAddress!) }
                initialized = packed.count
            }
        case .winograd:
            return [Float](unsafeUninitializedCapacity: flarekit_winograd_packed_floats(filters, channels)) {
                packed, initialized in
                kernel.withUnsafeBufferPointer { flarekit_pack_winograd($0.baseAddress!, filters, channels, packed.baseAddress!) }
                initialized = packed.count
            }
        }
    }
    /// Values of one input image.
    var inputImage: Int { geometry.channels * geometry.inputPlane }
    /// Values of one output image.
    var outputImage: Int { filters * plane }

    /// The bands of output rows of the direct path, in order.
    /// With `limit` and `rows`, bands of `rows` output rows up to row `limit`.
    func bands(below limit: Int? = nil, rows: Int? = nil) -> LazyMapSequence<StrideTo<Int>, Range<Int>> {
        let end = limit ?? geometry.outputHeight, step = rows ?? bandRows
        return stride(from: 0, to: end, by: step).lazy.map { $0..<min($0 + step, end) }
    }

    /// The bands of output rows `rows` (a worker's share when ``splitsRows``), in order.
    func bands(within rows: Range<Int>, rows step: Int? = nil) -> LazyMapSequence<StrideTo<Int>, Range<Int>> {
        let step = step ?? bandRows, end = rows.upperBound
        return stride(from: rows.lowerBound, to: end, by: step).lazy.map { $0..<min($0 + step, end) }
    }

    /// Calls `body(worker, images, rows)` for every share of the batch: the images split over
    /// the workers, each with all rows, or (``splitsRows``) every image with the rows split over
    /// the workers, in units of `rowUnit` rows (``forwardRowUnit``, or pooled rows whose first
    /// convolution row is even; the last unit may be cut short by the last row). The rows are
    /// the convolution's output rows, or `outputRows` rows (a fused pool's).
    func forEachShare(
        rowUnit: Int = 1, outputRows: Int? = nil, _ body: (_ worker: Int, _ images: Range<Int>, _ rows: Range<Int>) -> Void
    ) {
        let height = outputRows ?? geometry.outputHeight
        if splitsRows {
            let units = (height + rowUnit - 1) / rowUnit
            Parallel.forEachWorker(units) { worker, share in
                body(worker, 0..<batch, (share.lowerBound * rowUnit)..<min(share.upperBound * rowUnit, height))
            }
        } else {
            Parallel.forEachWorker(batch) { worker, images in body(worker, images, 0..<height) }
        }
    }

    /// The chunks of at most ``chunk`` consecutive images of a worker's `images`, in order.
    func chunks(of images: Range<Int>) -> LazyMapSequence<StrideTo<Int>, Range<Int>> {
        let chunk = self.chunk
        return stride(from: images.lowerBound, to: images.upperBound, by: chunk).lazy
            .map { $0..<min($0 + chunk, images.upperBound) }
    }

    /// im2col of the channels of `group` of consecutive images side by side: image `i` of the
    /// chunk at column `i * plane`.
    func lowerChunk(
        _ input: UnsafePointer<Float>, images: Range<Int>, group: ChannelGroup, into columns: UnsafeMutablePointer<Float>
    ) {
        for (index, image) in images.enumerated() {
            Im2col.imageToColumns(
                image: input + image * inputImage + group.inputOffset, geometry: group.geometry, columns: columns,
                rowStride: images.count * plane, columnOffset: index * plane)
        }
    }

    /// im2col of the channels of `group` for output rows `rows` of one image, the band's columns
    /// `rows.count * outputWidth` wide.
    func lowerBand(
        _ image: UnsafePointer<Float>, rows: Range<Int>, group: ChannelGroup, into columns: UnsafeMutablePointer<Float>
    ) {
        Im2col.imageToColumns(
            image: image + group.inputOffset, geometry: group.geometry, columns: columns,
            rowStride: rows.count * geometry.outputWidth, columnOffset: 0, outputRows: rows)
    }
}
