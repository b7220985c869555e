#include "CSupport.h"

#include <string.h>

/* Hot loops that need AVX2 to be fast: SwiftPM builds Swift for baseline x86-64 and a package
   cannot pass -mavx2 (unsafeFlags), so these few kernels are C with target_clones, which
   compiles an AVX2 and a baseline version and picks one when the library loads. The Swift
   reference implementations in Sources/NeuralCore/Kernels are what the tests compare with. */

#if defined(__x86_64__) && defined(__clang__)
#define FLAREKIT_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define FLAREKIT_CLONES
#endif

FLAREKIT_CLONES
void flarekit_image_to_columns(const float *image, const flarekit_window *w,
                               float *columns, long row_stride, long column_offset,
                               long row_begin, long row_end) {
    const long H = w->input_height, W = w->input_width, OW = w->output_width;
    const long sh = w->stride_height, sw = w->stride_width;
    for (long c = 0; c < w->channels; c++) {
        const float *plane = image + c * H * W;
        for (long i = 0; i < w->window_height; i++) {
            for (long j = 0; j < w->window_width; j++) {
                float *destination = columns + ((c * w->window_height + i) * w->window_width + j) * row_stride + column_offset;
                const long offset = j - w->pad_left;
                /* Output columns whose input column ox * sw + offset lies inside the image. */
                long low = offset >= 0 ? 0 : (-offset + sw - 1) / sw;
                long limit = W - 1 - offset;
                long high = limit < 0 ? 0 : limit / sw + 1;
                if (high > OW) high = OW;
                if (high < low) high = low;
                for (long oy = row_begin; oy < row_end; oy++) {
                    float *out = destination + (oy - row_begin) * OW;
                    const long iy = oy * sh - w->pad_top + i;
                    if (iy < 0 || iy >= H) {
                        memset(out, 0, (size_t)OW * sizeof(float));
                        continue;
                    }
                    const float *source = plane + iy * W + offset;
                    for (long ox = 0; ox < low; ox++) out[ox] = 0;
                    if (sw == 1) {
                        memcpy(out + low, source + low, (size_t)(high - low) * sizeof(float));
                    } else if (sw == 2) {
                        for (long ox = low; ox < high; ox++) out[ox] = source[2 * ox];
                    } else {
                        for (long ox = low; ox < high; ox++) out[ox] = source[ox * sw];
                    }
                    for (long ox = high; ox < OW; ox++) out[ox] = 0;
                }
            }
        }
    }
}

FLAREKIT_CLONES
void flarekit_max_pool_plane(const float *input, const flarekit_window *w, float *output) {
    const long W = w->input_width, OW = w->output_width, kh = w->window_height, kw = w->window_width;
    const long sh = w->stride_height, sw = w->stride_width;
    for (long oy = 0; oy < w->output_height; oy++) {
        const float *top = input + oy * sh * W;
        float *out = output + oy * OW;
        if (kh == 2 && kw == 2 && sw == 1) {
            const float *bottom = top + W;
            for (long ox = 0; ox < OW; ox++) {
                float a = top[ox], b = top[ox + 1], c = bottom[ox], d = bottom[ox + 1];
                float upper = b > a ? b : a, lower = d > c ? d : c;
                out[ox] = lower > upper ? lower : upper;
            }
            continue;
        }
        for (long ox = 0; ox < OW; ox++) {
            const float *window = top + ox * sw;
            float best = window[0];
            for (long i = 0; i < kh; i++) {
                for (long j = 0; j < kw; j++) {
                    float v = window[i * W + j];
                    best = v > best ? v : best;
                }
            }
            out[ox] = best;
        }
    }
}
