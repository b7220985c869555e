#include "CSupport.h"
#include "PaddedBand.h"

/* Convolution of small planes (the inception modules' 28 x 28 down to 4 x 4, the LRCN's last
   layers) with the filters in the vector lanes: each input value is broadcast and multiplied
   by a vector of filters, so no lane is spent past the end of a short row, and blocks of
   outputs run across rows. It reads the same padded band as the direct kernel
   (DirectConvolution.c) and a kernel packed tap-major (flarekit_pack_filters_in_lanes). Each
   output is its bias plus the sum, from zero, of its products in tap order, wherever it lies.
   One version per instruction set, chosen at run time. */

#define LANES 4
#define FILTER_VECTORS 2
#define POSITIONS 6
#define SUFFIX baseline
#define TARGET
#include "FilterLanesConvolutionBody.h"

#if defined(__x86_64__) && defined(__clang__)
#define FLAREKIT_LANES_X86 1

/* AVX2: 16 filters x 6 outputs = 12 sums, two weight vectors and a broadcast in 16 registers. */
#define LANES 8
#define FILTER_VECTORS 2
#define POSITIONS 6
#define SUFFIX avx2
#define TARGET __attribute__((target("avx2,fma")))
#include "FilterLanesConvolutionBody.h"

/* AVX-512: 32 filters x 8 outputs = 16 sums of the 32 registers. */
#define LANES 16
#define FILTER_VECTORS 2
#define POSITIONS 8
#define SUFFIX avx512
#define TARGET __attribute__((target("avx512f")))
#include "FilterLanesConvolutionBody.h"
#endif

long flarekit_filters_in_lanes_packed_floats(long filters, long patch) {
    return (filters + 31) / 32 * 32 * patch;
}

void flarekit_pack_filters_in_lanes_with(int level, const float *kernel, long filters, long patch, float *packed) {
    level = flarekit_usable_level(level);
#ifdef FLAREKIT_LANES_X86
    switch (level) {
    case 2: lanes_pack_avx512(kernel, filters, patch, packed); return;
    case 1: lanes_pack_avx2(kernel, filters, patch, packed); return;
    default: break;
    }
#endif
    lanes_pack_baseline(kernel, filters, patch, packed);
}

void flarekit_convolve_filters_in_lanes_with(int level, const float *image, const flarekit_window *window,
                                             long filters, const float *packed, long row_begin, long row_end,
                                             float *output, long filter_stride, float *scratch) {
    level = flarekit_usable_level(level);
    const band_scratch s = flarekit_prepare_band(flarekit_band_run(level), image, window, row_begin, row_end, scratch);
    const long ow = window->output_width;
#ifdef FLAREKIT_LANES_X86
    switch (level) {
    case 2:
        lanes_rows_avx512(scratch, s.band.row_step, s.taps, s.patch, ow, s.rows, filters, packed, output, filter_stride);
        return;
    case 1:
        lanes_rows_avx2(scratch, s.band.row_step, s.taps, s.patch, ow, s.rows, filters, packed, output, filter_stride);
        return;
    default: break;
    }
#endif
    lanes_rows_baseline(scratch, s.band.row_step, s.taps, s.patch, ow, s.rows, filters, packed, output, filter_stride);
}

void flarekit_pack_filters_in_lanes(const float *kernel, long filters, long patch, float *packed) {
    flarekit_pack_filters_in_lanes_with(-1, kernel, filters, patch, packed);
}

void flarekit_convolve_filters_in_lanes(const float *image, const flarekit_window *window, long filters,
                                        const float *packed, long row_begin, long row_end,
                                        float *output, long filter_stride, float *scratch) {
    flarekit_convolve_filters_in_lanes_with(-1, image, window, filters, packed, row_begin, row_end, output,
                                            filter_stride, scratch);
}
