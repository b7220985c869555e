#include "CSupport.h"

#include <string.h>

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

/* AVX2: 4 filters x 3 vectors of 8 = 12 sums, 3 inputs and a broadcast weight in 16 registers;
   the gradient 2 filters x 5 taps. */
#define LANES 8
#define FILTERS 4
#define VECTORS 3
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

/* The version to run: the one asked for, if the processor has it. */
static int usable(int level) {
    const int detected = flarekit_direct_instruction_set();
    return level < 0 || level > detected ? detected : level;
}

/* Outputs per run of a version: the padded band is this much wider than the output. */
static long run_length(int level) {
    switch (level) {
    case 2: return 16 * 2;
    case 1: return 8 * 3;
    default: return 4 * 2;
    }
}

/* The padded band of output rows [row_begin, row_end): the input rows under them, each split
   into `stride_width` phases (phase p holds columns p, p + stride_width, ...; one phase at
   stride 1) of `phase_width` floats, with the padding written out as zeros. Then the taps of
   consecutive outputs are consecutive floats: tap (ky, kx) of output (r, x) is at
   r * row_step + taps[ky * kw + kx] + x. */
typedef struct {
    long phase_width, row_floats, rows, row_step, channel_floats, floats;
} padded_band;

static padded_band band_layout(const flarekit_window *window, long rows, int level) {
    const long run = run_length(level);
    padded_band band;
    band.phase_width = (window->output_width + run - 1) / run * run + (window->window_width - 1) / window->stride_width;
    band.row_floats = window->stride_width * band.phase_width;
    band.rows = (rows - 1) * window->stride_height + window->window_height;
    band.row_step = window->stride_height * band.row_floats;
    band.channel_floats = band.rows * band.row_floats;
    /* even, so that the tap offsets after it stay 8-byte aligned */
    band.floats = (window->channels * band.channel_floats + 1) / 2 * 2;
    return band;
}

long flarekit_direct_scratch_floats(const flarekit_window *window, long rows) {
    const long patch = window->channels * window->window_height * window->window_width;
    long largest = 0;
    for (int level = 0; level <= 2; level++) {
        const long floats = band_layout(window, rows, level).floats;
        if (floats > largest) largest = floats;
    }
    /* the band, its tap offsets (longs), a zero kernel or zero row, and the gradient's last,
       partial run of outputs (16 per row, filter and lane at most) */
    return largest + 2 * patch + (patch > 16 ? patch : 16) + 16 * 16 * rows;
}

/* Writes the padded band of every channel into `padded` and the tap offsets into `taps`. */
static void pad_band(const float *image, const flarekit_window *window, long row_begin, padded_band band,
                     float *padded, long *taps) {
    const long sw = window->stride_width, iw = window->input_width, ih = window->input_height;
    for (long c = 0; c < window->channels; c++) {
        const float *plane = image + c * ih * iw;
        float *channel = padded + c * band.channel_floats;
        for (long r = 0; r < band.rows; r++) {
            float *target = channel + r * band.row_floats;
            const long y = row_begin * window->stride_height - window->pad_top + r;
            memset(target, 0, sizeof(float) * band.row_floats);
            if (y < 0 || y >= ih) continue;
            const float *source = plane + y * iw;
            if (sw == 1) {
                const long count = iw < band.phase_width - window->pad_left ? iw : band.phase_width - window->pad_left;
                memcpy(target + window->pad_left, source, sizeof(float) * count);
                continue;
            }
            for (long p = 0; p < sw; p++)
                for (long j = 0; j < band.phase_width; j++) {
                    const long x = j * sw + p - window->pad_left;
                    if (x >= 0 && x < iw) target[p * band.phase_width + j] = source[x];
                }
        }
    }
    const long kh = window->window_height, kw = window->window_width;
    for (long c = 0; c < window->channels; c++)
        for (long ky = 0; ky < kh; ky++)
            for (long kx = 0; kx < kw; kx++)
                taps[(c * kh + ky) * kw + kx] =
                    c * band.channel_floats + ky * band.row_floats + kx % sw * band.phase_width + kx / sw;
}

/* Both kernels' scratch: the padded band, its tap offsets and `zeros` (a zero kernel of `patch`
   floats or a zero row of 16, at least 16), then what follows (the gradient's partial runs). */
typedef struct {
    padded_band band;
    long rows, patch;
    long *taps;
    float *zeros, *rest;
} band_scratch;

static band_scratch prepare_band(int level, const float *image, const flarekit_window *window,
                                 long row_begin, long row_end, float *scratch) {
    band_scratch s;
    s.rows = row_end - row_begin;
    s.patch = window->channels * window->window_height * window->window_width;
    s.band = band_layout(window, s.rows, level);
    s.taps = (long *)(scratch + s.band.floats);
    s.zeros = scratch + s.band.floats + 2 * s.patch;
    s.rest = s.zeros + (s.patch > 16 ? s.patch : 16);
    memset(s.zeros, 0, sizeof(float) * (s.patch > 16 ? s.patch : 16));
    pad_band(image, window, row_begin, s.band, scratch, s.taps);
    return s;
}

void flarekit_convolve_direct_with(int level, const float *image, const flarekit_window *window, long filters,
                                        const float *kernel, long row_begin, long row_end,
                                        float *output, long filter_stride, float *scratch) {
    level = usable(level);
    const band_scratch s = prepare_band(level, image, window, row_begin, row_end, scratch);
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
    level = usable(level);
    const band_scratch s = prepare_band(level, image, window, row_begin, row_end, scratch);
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
