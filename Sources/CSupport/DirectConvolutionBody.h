/* The body of the direct convolution and its kernel gradient, included once per
   instruction set by DirectConvolution.c with LANES (floats per vector), FILTERS and
   VECTORS (filters and vectors of outputs per forward block), GRADIENT_FILTERS and TAPS
   (filters and taps per gradient block), SUFFIX and TARGET defined, which it undefines at its
   end. Not a public header.

   Both read a padded band (see DirectConvolution.c): the taps of the first output of a row
   are at `taps[t]` floats from that row's start, and consecutive outputs of a row are
   consecutive floats for every tap, whatever the stride. */

#define DIRECT_CONCAT2(a, b) a##_##b
#define DIRECT_CONCAT(a, b) DIRECT_CONCAT2(a, b)
#define DIRECT_NAME(name) DIRECT_CONCAT(name, SUFFIX)
#define DIRECT_VECTOR DIRECT_NAME(direct_vector)

typedef float DIRECT_VECTOR __attribute__((vector_size(LANES * sizeof(float)), aligned(sizeof(float))));

/* FILTERS filters over LANES * VECTORS consecutive outputs of one row, starting at `row` in the
   padded band: each output is read (its bias, already there), gets its taps added in order in
   registers, and is written back. */
TARGET static void DIRECT_NAME(direct_block)(
    const float *row, const long *taps, long patch, const float *const *weights, float *const *outputs)
{
    DIRECT_VECTOR sums[FILTERS][VECTORS];
    for (int f = 0; f < FILTERS; f++)
        for (int v = 0; v < VECTORS; v++)
            sums[f][v] = *(const DIRECT_VECTOR *)(outputs[f] + v * LANES);
    for (long t = 0; t < patch; t++) {
        DIRECT_VECTOR inputs[VECTORS];
        for (int v = 0; v < VECTORS; v++) inputs[v] = *(const DIRECT_VECTOR *)(row + taps[t] + v * LANES);
        for (int f = 0; f < FILTERS; f++) {
            const float w = weights[f][t];
            for (int v = 0; v < VECTORS; v++) sums[f][v] += inputs[v] * w;
        }
    }
    for (int f = 0; f < FILTERS; f++)
        for (int v = 0; v < VECTORS; v++)
            *(DIRECT_VECTOR *)(outputs[f] + v * LANES) = sums[f][v];
}

/* Output rows [0, rows) of every filter (row r of the band starts at padded + r * row_step).
   Filters go FILTERS at a time; a last, smaller block borrows a zero kernel and spare outputs.
   The last, partial run of columns is computed in the spare outputs and copied, so every
   output sees the same arithmetic. */
TARGET static void DIRECT_NAME(direct_rows)(
    const float *padded, long row_step, const long *taps, long patch, long ow, long rows, long filters,
    const float *kernel, const float *zero_kernel, float *output, long filter_stride)
{
    enum { block = LANES * VECTORS };
    const long full = ow / block * block;
    float spare[FILTERS][block] = {{0}};
    for (long f0 = 0; f0 < filters; f0 += FILTERS) {
        const float *weights[FILTERS];
        for (int f = 0; f < FILTERS; f++) weights[f] = f0 + f < filters ? kernel + (f0 + f) * patch : zero_kernel;
        for (long r = 0; r < rows; r++) {
            const float *band_row = padded + r * row_step;
            float *outputs[FILTERS], *runs[FILTERS];
            for (int f = 0; f < FILTERS; f++)
                outputs[f] = f0 + f < filters ? output + (f0 + f) * filter_stride + r * ow : NULL;
            for (long x = 0; x < full; x += block) {
                for (int f = 0; f < FILTERS; f++) runs[f] = outputs[f] ? outputs[f] + x : spare[f];
                DIRECT_NAME(direct_block)(band_row + x, taps, patch, weights, runs);
            }
            if (full < ow) {
                for (int f = 0; f < FILTERS; f++) {
                    if (outputs[f]) for (long x = full; x < ow; x++) spare[f][x - full] = outputs[f][x];
                    runs[f] = spare[f];
                }
                DIRECT_NAME(direct_block)(band_row + full, taps, patch, weights, runs);
                for (int f = 0; f < FILTERS; f++)
                    if (outputs[f]) for (long x = full; x < ow; x++) outputs[f][x] = spare[f][x - full];
            }
        }
    }
}

/* The kernel gradient of GRADIENT_FILTERS filters and TAPS taps (at `offsets[t]` from a row's
   start) over the outputs [x_begin, x_end) of output rows [0, rows), x_end - x_begin a multiple
   of LANES: each sum is kept in LANES lanes, the lanes are added in order, and the total is
   added to `gradients[f][t]`. `dy[f]` is filter f's first gradient row, rows `dy_steps[f]`
   apart (0 for a row of zeros); missing taps repeat the last (`offsets` has TAPS entries). Only the
   first `filters` filters and `taps` taps are written. Not inlined, so that the sums keep
   their registers. */
TARGET __attribute__((noinline)) static void DIRECT_NAME(direct_gradient_block)(
    const float *padded, long row_step, const long *offsets, int taps,
    const float *const *dy, const long *dy_steps, long rows, long x_begin, long x_end,
    float *const *gradients, int filters)
{
    DIRECT_VECTOR sums[GRADIENT_FILTERS][TAPS];
    for (int f = 0; f < GRADIENT_FILTERS; f++)
        for (int t = 0; t < TAPS; t++) sums[f][t] = (DIRECT_VECTOR){0};
    for (long r = 0; r < rows; r++) {
        const float *band_row = padded + r * row_step, *dy_row[GRADIENT_FILTERS];
        for (int f = 0; f < GRADIENT_FILTERS; f++) dy_row[f] = dy[f] + r * dy_steps[f];
        for (long x = x_begin; x < x_end; x += LANES) {
            DIRECT_VECTOR d[GRADIENT_FILTERS];
            for (int f = 0; f < GRADIENT_FILTERS; f++) d[f] = *(const DIRECT_VECTOR *)(dy_row[f] + x);
            for (int t = 0; t < TAPS; t++) {
                const DIRECT_VECTOR in = *(const DIRECT_VECTOR *)(band_row + offsets[t] + x);
                for (int f = 0; f < GRADIENT_FILTERS; f++) sums[f][t] += d[f] * in;
            }
        }
    }
    /* Constant bounds, so that the sums stay in registers (no indexing by a run-time value). */
    for (int f = 0; f < GRADIENT_FILTERS; f++)
        for (int t = 0; t < TAPS; t++) {
            float total = 0;
            for (int l = 0; l < LANES; l++) total += sums[f][t][l];
            if (f < filters && t < taps) gradients[f][t] += total;
        }
}

/* The kernel gradient of every filter and tap over output rows [0, rows), added to
   `kernel_gradient` ([filters, patch]). Whole runs of LANES outputs first, then the last,
   partial run from `part` (rows x LANES per filter block, zero beyond the row), whose missing
   outputs have a zero gradient; `zero_row` holds LANES zeros. */
TARGET static void DIRECT_NAME(direct_gradient)(
    const float *padded, long row_step, const long *taps, long patch, long ow, long rows, long filters,
    const float *output_gradient, long filter_stride, const float *zero_row, float *part, float *kernel_gradient)
{
    const long full = ow / LANES * LANES;
    for (long f0 = 0; f0 < filters; f0 += GRADIENT_FILTERS) {
        const int block_filters = (int)(filters - f0 < GRADIENT_FILTERS ? filters - f0 : GRADIENT_FILTERS);
        const float *dy[GRADIENT_FILTERS], *tail[GRADIENT_FILTERS];
        long dy_steps[GRADIENT_FILTERS], tail_steps[GRADIENT_FILTERS];
        for (int f = 0; f < GRADIENT_FILTERS; f++) {
            const int real = f < block_filters;
            dy[f] = real ? output_gradient + (f0 + f) * filter_stride : zero_row;
            tail[f] = real ? part + f * rows * LANES : zero_row;
            dy_steps[f] = real ? ow : 0;
            tail_steps[f] = real ? LANES : 0;
        }
        if (full < ow) {
            for (int f = 0; f < block_filters; f++)
                for (long r = 0; r < rows; r++)
                    for (long k = 0; k < LANES; k++)
                        part[(f * rows + r) * LANES + k] = full + k < ow ? dy[f][r * ow + full + k] : 0;
        }
        for (long t0 = 0; t0 < patch; t0 += TAPS) {
            const int block_taps = (int)(patch - t0 < TAPS ? patch - t0 : TAPS);
            long offsets[TAPS];
            float *gradients[GRADIENT_FILTERS];
            for (int t = 0; t < TAPS; t++) offsets[t] = taps[t0 + (t < block_taps ? t : block_taps - 1)];
            for (int f = 0; f < GRADIENT_FILTERS; f++)
                gradients[f] = f < block_filters ? kernel_gradient + (f0 + f) * patch + t0 : NULL;
            if (full > 0)
                DIRECT_NAME(direct_gradient_block)(
                    padded, row_step, offsets, block_taps, dy, dy_steps, rows, 0, full, gradients, block_filters);
            if (full < ow) {
                /* `part` holds the tail run at column 0, so the taps are read from column `full`. */
                long shifted[TAPS];
                for (int t = 0; t < TAPS; t++) shifted[t] = offsets[t] + full;
                DIRECT_NAME(direct_gradient_block)(
                    padded, row_step, shifted, block_taps, tail, tail_steps, rows, 0, LANES, gradients, block_filters);
            }
        }
    }
}

#undef DIRECT_VECTOR
#undef DIRECT_NAME
#undef DIRECT_CONCAT
#undef DIRECT_CONCAT2
#undef LANES
#undef FILTERS
#undef VECTORS
#undef GRADIENT_FILTERS
#undef TAPS
#undef SUFFIX
#undef TARGET
