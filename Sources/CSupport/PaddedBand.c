#include "PaddedBand.h"

#include <string.h>

long flarekit_band_run(int level) {
    switch (level) {
    case 2: return 16 * 2;
    case 1: return 8 * 2;
    default: return 4 * 2;
    }
}

static padded_band band_layout(const flarekit_window *window, long rows, long run) {
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
        const long floats = band_layout(window, rows, flarekit_band_run(level)).floats;
        if (floats > largest) largest = floats;
    }
    /* the band, its tap offsets (longs), a zero kernel or zero row, and the gradient's last,
       partial run of outputs (16 per row, filter and lane at most) */
    return largest + 2 * patch + (patch > 16 ? patch : 16) + 16 * 16 * rows;
}

typedef float pair_vector __attribute__((vector_size(4 * sizeof(float)), aligned(sizeof(float))));

/* A stride-2 row (the LRCN's layers) into its two column phases, `phase_width` floats apart:
   input column x is padded column u = x + pad_left, which goes to phase u % 2 at u / 2. The
   even input columns all land in one phase, from pad_left / 2 on, and the odd ones in the
   other, from (pad_left + 1) / 2 on; both are split from the same loads, four pairs at a time,
   with even/odd shuffles that the baseline's SSE has too (the strided scalar loop before did
   not vectorise: 8% of LRCN inference). */
static void split_pairs(const float *source, long iw, long pad_left, long phase_width, float *target) {
    float *even_phase = target + (pad_left % 2) * phase_width, *odd_phase = target + (1 - pad_left % 2) * phase_width;
    const long even_start = pad_left / 2, odd_start = (pad_left + 1) / 2;
    long evens = (iw + 1) / 2, odds = iw / 2;
    if (evens > phase_width - even_start) evens = phase_width - even_start;
    if (odds > phase_width - odd_start) odds = phase_width - odd_start;
    float *even_out = even_phase + even_start, *odd_out = odd_phase + odd_start;
    const long pairs = odds < evens ? odds : evens;
    long k = 0;
    for (; k + 4 <= pairs; k += 4) {
        const pair_vector a = *(const pair_vector *)(source + 2 * k), b = *(const pair_vector *)(source + 2 * k + 4);
        *(pair_vector *)(even_out + k) = __builtin_shufflevector(a, b, 0, 2, 4, 6);
        *(pair_vector *)(odd_out + k) = __builtin_shufflevector(a, b, 1, 3, 5, 7);
    }
    for (long j = k; j < evens; j++) even_out[j] = source[2 * j];
    for (long j = k; j < odds; j++) odd_out[j] = source[2 * j + 1];
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
            if (sw == 2) {
                split_pairs(source, iw, window->pad_left, band.phase_width, target);
                continue;
            }
            for (long p = 0; p < sw; p++) {
                /* Phase p's columns j * sw + p - pad_left that lie inside the row. */
                const long shift = p - window->pad_left;
                const long low = shift >= 0 ? 0 : (-shift + sw - 1) / sw;
                long high = iw - 1 - shift < 0 ? 0 : (iw - 1 - shift) / sw + 1;
                if (high > band.phase_width) high = band.phase_width;
                float *phase = target + p * band.phase_width;
                if (sw == 2) {
                    /* A constant stride, which the compiler turns into loads and shuffles. */
                    for (long j = low; j < high; j++) phase[j] = source[2 * j + shift];
                } else {
                    for (long j = low; j < high; j++) phase[j] = source[j * sw + shift];
                }
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

band_scratch flarekit_prepare_band(long run, const float *image, const flarekit_window *window,
                                   long row_begin, long row_end, float *scratch) {
    band_scratch s;
    s.rows = row_end - row_begin;
    s.patch = window->channels * window->window_height * window->window_width;
    s.band = band_layout(window, s.rows, run);
    s.taps = (long *)(scratch + s.band.floats);
    s.zeros = scratch + s.band.floats + 2 * s.patch;
    s.rest = s.zeros + (s.patch > 16 ? s.patch : 16);
    memset(s.zeros, 0, sizeof(float) * (s.patch > 16 ? s.patch : 16));
    pad_band(image, window, row_begin, s.band, scratch, s.taps);
    return s;
}

long flarekit_direct_outputs_per_run(void) {
    return flarekit_band_run(flarekit_direct_instruction_set());
}

int flarekit_usable_level(int level) {
    const int detected = flarekit_direct_instruction_set();
    return level < 0 || level > detected ? detected : level;
}
