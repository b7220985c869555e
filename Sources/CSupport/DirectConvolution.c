#include "CSupport.h"
#include "PaddedBand.h"

#include <stddef.h>

/* Direct convolution, without im2col: each run of outputs keeps a block of filters' sums in
   vector registers while it walks the taps (every channel's window) of a padded band of input
   rows. For the first layer of each network (one channel, a 7 x 7 window) im2col makes products
   of 49 rows that sgemm spends more time packing than multiplying; for deeper layers it saves
   the im2col pass and sgemm's packing. Every output is its bias plus its products in tap order
   (channel, row, column), wherever it lies, so bands, row splits and batches give the same
   values. One version per instruction set, chosen at run time. */

#define LANES 4
#define FILTERS 4
#define VECTORS 2
#define GRADIENT_FILTERS 2
#define TAPS 4
#define SUFFIX baseline
#define TARGET
#include "DirectConvolutionBody.h"

#if defined(__x86_64__) && defined(__clang__)
#define FLAREKIT_DIRECT_X86 1

/* AVX2: 4 filters x 2 vectors of 8 = 8 sums, 2 inputs and a broadcast weight, which leaves
   clang registers to spare (with 3 vectors, 12 sums filled all 16 and it spilled a sum every
   tap: conv1 of CNN-2 at 256, 7.1 against 2.7 ms an image on one AMD EPYC core); the gradient
   2 filters x 5 taps. */
#define LANES 8
#define FILTERS 4
#define VECTORS 2
#define GRADIENT_FILTERS 2
#define TAPS 5
#define SUFFIX avx2
#define TARGET __attribute__((target("avx2,fma")))
#include "DirectConvolutionBody.h"

/* AVX-512: 8 filters x 2 vectors of 16 = 16 of the 32 registers, weights broadcast from memory;
   the gradient 4 filters x 6 taps. */
#define LANES 16
#define FILTERS 8
#define VECTORS 2
#define GRADIENT_FILTERS 4
#define TAPS 6
#define SUFFIX avx512
#define TARGET __attribute__((target("avx512f")))
#include "DirectConvolutionBody.h"

/* __builtin_cpu_supports reads flags set once when the program starts: cheap, and no state here. */
static int detected_instruction_set(void) {
    return __builtin_cpu_supports("avx512f") ? 2
        : (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? 1 : 0;
}
#endif

int flarekit_direct_instruction_set(void) {
#ifdef FLAREKIT_DIRECT_X86
    return detected_instruction_set();
#else
    return 0;
#endif
}

void flarekit_convolve_direct_with(int level, const float *image, const flarekit_window *window, long filters,
                                        const float *kernel, long row_begin, long row_end,
                                        float *output, long filter_stride, float *scratch) {
    level = flarekit_usable_level(level);
    const band_scratch s = flarekit_prepare_band(flarekit_band_run(level), image, window, row_begin, row_end, scratch);
    const long ow = window->output_width, rows = s.rows, patch = s.patch, *taps = s.taps;
    const padded_band band = s.band;
    const float *padded = scratch, *zero_kernel = s.zeros;
#ifdef FLAREKIT_DIRECT_X86
    switch (level) {
    case 2:
        direct_rows_avx512(padded, band.row_step, taps, patch, ow, rows, filters, kernel, zero_kernel, output, filter_stride);
        return;
    case 1:
        direct_rows_avx2(padded, band.row_step, taps, patch, ow, rows, filters, kernel, zero_kernel, output, filter_stride);
        return;
    default: break;
    }
#endif
    direct_rows_baseline(padded, band.row_step, taps, patch, ow, rows, filters, kernel, zero_kernel, output, filter_stride);
}

void flarekit_direct_filter_gradient_with(int level, const float *image, const flarekit_window *window,
                                               long filters, const float *output_gradient, long filter_stride,
                                               long row_begin, long row_end, float *kernel_gradient, float *scratch) {
    level = flarekit_usable_level(level);
    const band_scratch s = flarekit_prepare_band(flarekit_band_run(level), image, window, row_begin, row_end, scratch);
    const long ow = window->output_width, rows = s.rows, patch = s.patch, *taps = s.taps;
    const padded_band band = s.band;
    const float *padded = scratch, *zero_row = s.zeros;
    float *part = s.rest;
#ifdef FLAREKIT_DIRECT_X86
    switch (level) {
    case 2:
        direct_gradient_avx512(padded, band.row_step, taps, patch, ow, rows, filters, output_gradient, filter_stride,
                                    zero_row, part, kernel_gradient);
        return;
    case 1:
        direct_gradient_avx2(padded, band.row_step, taps, patch, ow, rows, filters, output_gradient, filter_stride,
                                  zero_row, part, kernel_gradient);
        return;
    default: break;
    }
#endif
    direct_gradient_baseline(padded, band.row_step, taps, patch, ow, rows, filters, output_gradient, filter_stride,
                                  zero_row, part, kernel_gradient);
}

void flarekit_convolve_direct(const float *image, const flarekit_window *window, long filters,
                                   const float *kernel, long row_begin, long row_end,
                                   float *output, long filter_stride, float *scratch) {
    flarekit_convolve_direct_with(-1, image, window, filters, kernel, row_begin, row_end, output, filter_stride, scratch);
}

void flarekit_direct_filter_gradient(const float *image, const flarekit_window *window, long filters,
                                          const float *output_gradient, long filter_stride,
                                          long row_begin, long row_end, float *kernel_gradient, float *scratch) {
    flarekit_direct_filter_gradient_with(-1, image, window, filters, output_gradient, filter_stride,
                                              row_begin, row_end, kernel_gradient, scratch);
}
