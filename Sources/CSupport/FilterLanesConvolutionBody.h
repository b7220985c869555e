/* The body of the filters-in-lanes convolution, included once per instruction set by
   FilterLanesConvolution.c with LANES (floats per vector), FILTER_VECTORS (vectors of filters
   per block: the packed kernel's block is FILTER_VECTORS * LANES filters), POSITIONS (outputs
   per block), SUFFIX and TARGET defined, which it undefines at its end. Not a public header. */

#define LANES_CONCAT2(a, b) a##_##b
#define LANES_CONCAT(a, b) LANES_CONCAT2(a, b)
#define LANES_NAME(name) LANES_CONCAT(name, SUFFIX)
#define LANES_VECTOR LANES_NAME(lanes_vector)

typedef float LANES_VECTOR __attribute__((vector_size(LANES * sizeof(float)), aligned(sizeof(float))));

/* One block of filters (`packed`: patch x FILTER_VECTORS * LANES weights, tap-major) over
   POSITIONS outputs whose first taps are at `inputs[p]`: each output's sums start from zero
   and get their taps in order, each input value broadcast against a vector of filters. The
   sums go to `sums[p]`. */
TARGET static void LANES_NAME(lanes_block)(
    const float *const *inputs, const long *taps, long patch, const float *packed,
    float (*sums)[FILTER_VECTORS * LANES])
{
    LANES_VECTOR acc[POSITIONS][FILTER_VECTORS];
    for (int p = 0; p < POSITIONS; p++)
        for (int v = 0; v < FILTER_VECTORS; v++) acc[p][v] = (LANES_VECTOR){0};
    for (long t = 0; t < patch; t++) {
        const long offset = taps[t];
        LANES_VECTOR weights[FILTER_VECTORS];
        for (int v = 0; v < FILTER_VECTORS; v++)
            weights[v] = *(const LANES_VECTOR *)(packed + (t * FILTER_VECTORS + v) * LANES);
        for (int p = 0; p < POSITIONS; p++) {
            const float x = inputs[p][offset];
            for (int v = 0; v < FILTER_VECTORS; v++) acc[p][v] += weights[v] * x;
        }
    }
    for (int p = 0; p < POSITIONS; p++)
        for (int v = 0; v < FILTER_VECTORS; v++) *(LANES_VECTOR *)(sums[p] + v * LANES) = acc[p][v];
}

/* Output rows [0, rows) of every filter (row r of the band starts at padded + r * row_step),
   POSITIONS outputs at a time in row-major order across rows (a last, partial block repeats
   its last output and keeps only its own), every block of filters for each; each sum is added
   to its output, which holds the bias. */
TARGET static void LANES_NAME(lanes_rows)(
    const float *padded, long row_step, const long *taps, long patch, long ow, long rows, long filters,
    const float *packed, float *output, long filter_stride)
{
    enum { block = FILTER_VECTORS * LANES };
    const long positions = rows * ow;
    float sums[POSITIONS][block];
    for (long q0 = 0; q0 < positions; q0 += POSITIONS) {
        const long count = positions - q0 < POSITIONS ? positions - q0 : POSITIONS;
        const float *inputs[POSITIONS];
        for (int p = 0; p < POSITIONS; p++) {
            const long q = q0 + (p < count ? p : count - 1);
            inputs[p] = padded + q / ow * row_step + q % ow;
        }
        for (long f0 = 0; f0 < filters; f0 += block) {
            LANES_NAME(lanes_block)(inputs, taps, patch, packed + f0 * patch, sums);
            const long block_filters = filters - f0 < block ? filters - f0 : block;
            for (long f = 0; f < block_filters; f++) {
                float *target = output + (f0 + f) * filter_stride + q0;
                for (long p = 0; p < count; p++) target[p] += sums[p][f];
            }
        }
    }
}

/* The packed kernel of this version: for each block of FILTER_VECTORS * LANES filters, every
   tap's weights of the block side by side (zeros past the last filter). */
static void LANES_NAME(lanes_pack)(const float *kernel, long filters, long patch, float *packed)
{
    enum { block = FILTER_VECTORS * LANES };
    for (long f0 = 0; f0 < filters; f0 += block)
        for (long t = 0; t < patch; t++)
            for (long f = 0; f < block; f++)
                packed[f0 * patch + t * block + f] = f0 + f < filters ? kernel[(f0 + f) * patch + t] : 0;
}

#undef LANES_VECTOR
#undef LANES_NAME
#undef LANES_CONCAT
#undef LANES_CONCAT2
#undef LANES
#undef FILTER_VECTORS
#undef POSITIONS
#undef SUFFIX
#undef TARGET
