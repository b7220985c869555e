#include "CSupport.h"

#include <stdlib.h>
#include <string.h>

/* Hot loops that need AVX2 to be fast: SwiftPM builds Swift for baseline x86-64 and a package
   cannot pass -mavx2 (unsafeFlags), so these few kernels are C with target_clones, which
   compiles an AVX2 and a baseline version and picks one when the library loads. The Swift
   reference implementations in Sources/NeuralCore/Kernels are what the tests compare with. */

/* ThreadSanitizer instruments the ifunc resolver that target_clones generates, and the
   dynamic loader runs that resolver before the TSan runtime is initialised (a SIGSEGV in
   __tsan_func_entry at start-up); TSan builds therefore use the baseline version only. */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define FLAREKIT_NO_CLONES 1
#endif
#endif

#if defined(__x86_64__) && defined(__clang__) && !defined(FLAREKIT_NO_CLONES)
#define FLAREKIT_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define FLAREKIT_CLONES
#endif

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>

/* out[k] = source[2 k] for k < n, eight at a time: two loads, a shuffle and a lane permute. */
__attribute__((target("avx2")))
static void even_elements_avx2(const float *source, float *out, long n) {
    long k = 0;
    for (; k + 9 <= n; k += 8) {   /* reads source[2k ... 2k + 15] <= source[2 (n - 1)] */
        __m256 a = _mm256_loadu_ps(source + 2 * k);
        __m256 b = _mm256_loadu_ps(source + 2 * k + 8);
        __m256 even = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0));
        __m256d ordered = _mm256_permute4x64_pd(_mm256_castps_pd(even), _MM_SHUFFLE(3, 1, 2, 0));
        _mm256_storeu_ps(out + k, _mm256_castpd_ps(ordered));
    }
    for (; k < n; k++) out[k] = source[2 * k];
}

static int has_avx2(void) {
    static int cached = -1;
    if (cached < 0) cached = __builtin_cpu_supports("avx2") ? 1 : 0;
    return cached;
}
#endif

static void even_elements(const float *source, float *out, long n) {
#if defined(__x86_64__) && defined(__clang__)
    if (has_avx2()) {
        even_elements_avx2(source, out, n);
        return;
    }
#endif
    for (long k = 0; k < n; k++) out[k] = source[2 * k];
}

/* Output rows shorter than this are written with plain loops: a memcpy or memset call per
   row of a few values (the inception modules' 14 x 14 and 4 x 4 planes) costs more than the
   copy. no_builtin keeps the compiler from turning the loops back into those calls. */
#define FLAREKIT_SHORT_ROW 32
#if defined(__clang__)
#define FLAREKIT_NO_BUILTIN_COPIES __attribute__((no_builtin("memset", "memcpy")))
#else
#define FLAREKIT_NO_BUILTIN_COPIES
#endif

FLAREKIT_NO_BUILTIN_COPIES
static inline __attribute__((always_inline)) void short_rows_to_columns(const float *plane, const flarekit_window *w, float *destination,
                                         long offset, long low, long high, long i, long row_begin, long row_end) {
    const long H = w->input_height, W = w->input_width, OW = w->output_width;
    const long sh = w->stride_height, sw = w->stride_width;
    for (long oy = row_begin; oy < row_end; oy++) {
        float *out = destination + (oy - row_begin) * OW;
        const long iy = oy * sh - w->pad_top + i;
        if (iy < 0 || iy >= H) {
            for (long ox = 0; ox < OW; ox++) out[ox] = 0;
            continue;
        }
        const float *source = plane + iy * W + offset;
        for (long ox = 0; ox < low; ox++) out[ox] = 0;
        if (sw == 2) {
            /* A constant stride, which the compiler turns into loads and shuffles. */
            for (long ox = low; ox < high; ox++) out[ox] = source[2 * ox];
        } else {
            for (long ox = low; ox < high; ox++) out[ox] = source[ox * sw];
        }
        for (long ox = high; ox < OW; ox++) out[ox] = 0;
    }
}

FLAREKIT_CLONES FLAREKIT_NO_BUILTIN_COPIES
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
                if (OW < FLAREKIT_SHORT_ROW) {
                    short_rows_to_columns(plane, w, destination, offset, low, high, i, row_begin, row_end);
                    continue;
                }
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
                        even_elements(source + 2 * low, out + low, high - low);
                    } else {
                        for (long ox = low; ox < high; ox++) out[ox] = source[ox * sw];
                    }
                    for (long ox = high; ox < OW; ox++) out[ox] = 0;
                }
            }
        }
    }
}

/* The outputs ox whose column ox * stride + offset lies inside a row of W: [low, high). */
static inline __attribute__((always_inline)) void column_range(long offset, long stride, long W, long OW,
                                                               long *low, long *high) {
    *low = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
    const long limit = W - 1 - offset;
    *high = limit < 0 ? 0 : limit / stride + 1;
    if (*high > OW) *high = OW;
}

/* col2im of two neighbouring taps at stride 2 (columns offset + 2 ox and offset + 1 + 2 ox):
   both together over [both_low, both_high), each alone over the rest of its own range. */
static inline __attribute__((always_inline)) void add_tap_pair_stride2(
    const float *first, const float *second, long OW, const flarekit_window *w, float *plane, long i,
    long offset, long row_begin, long row_end, long low, long high, long next_low, long next_high,
    long both_low, long both_high) {
    const long H = w->input_height, W = w->input_width, sh = w->stride_height;
    for (long oy = row_begin; oy < row_end; oy++) {
        const long iy = oy * sh - w->pad_top + i;
        if (iy < 0 || iy >= H) continue;
        const float *a = first + (oy - row_begin) * OW, *b = second + (oy - row_begin) * OW;
        float *destination = plane + iy * W + offset;
        for (long ox = low; ox < both_low; ox++) destination[2 * ox] += a[ox];
        for (long ox = next_low; ox < both_low; ox++) destination[2 * ox + 1] += b[ox];
        for (long ox = both_low; ox < both_high; ox++) {
            destination[2 * ox] += a[ox];
            destination[2 * ox + 1] += b[ox];
        }
        for (long ox = both_high; ox < high; ox++) destination[2 * ox] += a[ox];
        for (long ox = both_high; ox < next_high; ox++) destination[2 * ox + 1] += b[ox];
    }
}

FLAREKIT_CLONES
void flarekit_columns_to_image(const float *columns, long row_stride, long column_offset,
                               const flarekit_window *w, float *image, long row_begin, long row_end) {
    const long H = w->input_height, W = w->input_width, OW = w->output_width;
    const long sh = w->stride_height, sw = w->stride_width;
    for (long c = 0; c < w->channels; c++) {
        float *plane = image + c * H * W;
        for (long i = 0; i < w->window_height; i++) {
            for (long j = 0; j < w->window_width; j++) {
                const float *source = columns + ((c * w->window_height + i) * w->window_width + j) * row_stride + column_offset;
                const long offset = j - w->pad_left;
                long low, high;
                column_range(offset, sw, W, OW, &low, &high);
                if (high <= low) continue;
                if (sw == 2 && j + 1 < w->window_width) {
                    /* Taps j and j + 1 fill alternate columns of the same rows: one interleaved
                       pass over both (vectorised) where both reach, then each tap's ends. */
                    long next_low, next_high;
                    column_range(offset + 1, 2, W, OW, &next_low, &next_high);
                    const long both_low = low > next_low ? low : next_low;
                    const long both_high = high < next_high ? high : next_high;
                    if (both_low < both_high) {
                        add_tap_pair_stride2(source, source + row_stride, OW, w, plane, i, offset,
                                             row_begin, row_end, low, high, next_low, next_high,
                                             both_low, both_high);
                        j++;
                        continue;
                    }
                }
                for (long oy = row_begin; oy < row_end; oy++) {
                    const long iy = oy * sh - w->pad_top + i;
                    if (iy < 0 || iy >= H) continue;
                    const float *input = source + (oy - row_begin) * OW;
                    float *destination = plane + iy * W + offset;
                    if (sw == 1) {
                        for (long ox = low; ox < high; ox++) destination[ox] += input[ox];
                    } else {
                        for (long ox = low; ox < high; ox++) destination[ox * sw] += input[ox];
                    }
                }
            }
        }
    }
}

FLAREKIT_CLONES
void flarekit_max_pool_plane(const float *input, const flarekit_window *w, float *output) {
    const long W = w->input_width, OW = w->output_width, kh = w->window_height, kw = w->window_width;
    const long sh = w->stride_height, sw = w->stride_width;
    /* Per output row: the maximum down each input column of the window rows (contiguous,
       vectorised), then the maximum across each window of those column maxima. */
    const long needed = (OW - 1) * sw + kw;
    float stack[1024];
    float *columns = needed <= 1024 ? stack : (float *)malloc((size_t)needed * sizeof(float));
    if (columns == NULL) return;
    if (kh == 2 && kw == 2 && sw == 1) {
        /* The LRCN's 2x2 stride-1 pools: four loads per output, vectorised. */
        for (long oy = 0; oy < w->output_height; oy++) {
            const float *top = input + oy * sh * W, *bottom = top + W;
            float *out = output + oy * OW;
            for (long ox = 0; ox < OW; ox++) {
                float a = top[ox], b = top[ox + 1], c = bottom[ox], d = bottom[ox + 1];
                float upper = b > a ? b : a, lower = d > c ? d : c;
                out[ox] = lower > upper ? lower : upper;
            }
        }
        if (columns != stack) free(columns);
        return;
    }
    for (long oy = 0; oy < w->output_height; oy++) {
        const float *top = input + oy * sh * W;
        for (long x = 0; x < needed; x++) columns[x] = top[x];
        for (long i = 1; i < kh; i++) {
            const float *row = top + i * W;
            for (long x = 0; x < needed; x++) {
                float v = row[x];
                columns[x] = v > columns[x] ? v : columns[x];
            }
        }
        float *out = output + oy * OW;
        if (kw == 3 && sw == 3) {
            for (long ox = 0; ox < OW; ox++) {
                const float *window = columns + 3 * ox;
                float best = window[1] > window[0] ? window[1] : window[0];
                out[ox] = window[2] > best ? window[2] : best;
            }
            continue;
        }
        for (long ox = 0; ox < OW; ox++) {
            const float *window = columns + ox * sw;
            float best = window[0];
            for (long j = 1; j < kw; j++) best = window[j] > best ? window[j] : best;
            out[ox] = best;
        }
    }
    if (columns != stack) free(columns);
}

FLAREKIT_CLONES
void flarekit_leaky_relu(float *values, long count, float slope) {
    for (long i = 0; i < count; i++) {
        float v = values[i];
        values[i] = v > 0 ? v : slope * v;
    }
}

/* For outputs 0..<count, the first maximum (smaller row, then smaller column on ties) of the
   kw adjacent column maxima best[ox kw ..< (ox + 1) kw], whose window rows are in row; writes
   the value and its flat input index. */
static inline __attribute__((always_inline)) void window_argmax_across(
    const float *best, const int32_t *row, long count, long kw, long top_row, long W,
    float *out, int32_t *index) {
    for (long ox = 0; ox < count; ox++) {
        const long first = ox * kw;
        float b = best[first];
        int32_t bi = row[first];
        int32_t bj = 0;
        for (long j = 1; j < kw; j++) {
            const float v = best[first + j];
            const int32_t vi = row[first + j];
            const int take = (v > b) | ((v == b) & (vi < bi));
            b = take ? v : b;
            bi = take ? vi : bi;
            bj = take ? (int32_t)j : bj;
        }
        out[ox] = b;
        index[ox] = (int32_t)((top_row + bi) * W + first + bj);
    }
}

/* Windows that tile each row (stride = width): per output row, the maximum down each input
   column of the window rows with its row (contiguous, vectorised), then across each window's
   columns, preferring on ties the smaller row, then the smaller column: the first maximum in
   row-major window order, as the general loop. Returns 0 when the scratch cannot be had. */
static inline __attribute__((always_inline)) int max_pool_tiled_rows_argmax(const float *input, const flarekit_window *w, float *output, int32_t *argmax) {
    const long W = w->input_width, OW = w->output_width, kh = w->window_height, kw = w->window_width;
    const long sh = w->stride_height, needed = OW * kw;
    float stack_best[1024];
    int32_t stack_row[1024];
    float *best = needed <= 1024 ? stack_best : (float *)malloc((size_t)needed * sizeof(float));
    int32_t *row = needed <= 1024 ? stack_row : (int32_t *)malloc((size_t)needed * sizeof(int32_t));
    if (best == NULL || row == NULL) {
        if (best != stack_best) free(best);
        if (row != stack_row) free(row);
        return 0;
    }
    for (long oy = 0; oy < w->output_height; oy++) {
        const float *top = input + oy * sh * W;
        for (long x = 0; x < needed; x++) {
            best[x] = top[x];
            row[x] = 0;
        }
        for (long i = 1; i < kh; i++) {
            const float *line = top + i * W;
            for (long x = 0; x < needed; x++) {
                const float v = line[x];
                const int greater = v > best[x];
                best[x] = greater ? v : best[x];
                row[x] = greater ? (int32_t)i : row[x];
            }
        }
        float *out = output + oy * OW;
        int32_t *index = argmax + oy * OW;
        /* A constant window width lets the compiler vectorise across outputs with
           interleaved loads; the CNNs' pools are 2 and 3 wide. */
        if (kw == 3) window_argmax_across(best, row, OW, 3, oy * sh, W, out, index);
        else if (kw == 2) window_argmax_across(best, row, OW, 2, oy * sh, W, out, index);
        else window_argmax_across(best, row, OW, kw, oy * sh, W, out, index);
    }
    if (best != stack_best) free(best);
    if (row != stack_row) free(row);
    return 1;
}

FLAREKIT_CLONES
void flarekit_max_pool_plane_argmax(const float *input, const flarekit_window *w, float *output, int32_t *argmax) {
    const long W = w->input_width, OW = w->output_width, kh = w->window_height, kw = w->window_width;
    const long sh = w->stride_height, sw = w->stride_width;
    if (sw == kw && kw > 1 && max_pool_tiled_rows_argmax(input, w, output, argmax)) return;
    if (kh == 2 && kw == 2 && sw == 1) {
        /* The LRCN's 2x2 stride-1 pools: the four taps of each output in one pass, vectorised,
           the first maximum in row-major order as below. */
        for (long oy = 0; oy < w->output_height; oy++) {
            const long base = oy * sh * W;
            const float *top = input + base, *bottom = top + W;
            float *out = output + oy * OW;
            int32_t *index = argmax + oy * OW;
            for (long ox = 0; ox < OW; ox++) {
                float best = top[ox];
                int32_t at = (int32_t)(base + ox);
                const float b = top[ox + 1], c = bottom[ox], d = bottom[ox + 1];
                at = b > best ? at + 1 : at;
                best = b > best ? b : best;
                at = c > best ? (int32_t)(base + W + ox) : at;
                best = c > best ? c : best;
                at = d > best ? (int32_t)(base + W + ox + 1) : at;
                best = d > best ? d : best;
                out[ox] = best;
                index[ox] = at;
            }
        }
        return;
    }
    /* Per output row, the window's taps in row-major order, each across the whole row of
       outputs: branch-free selects that vectorise, and ties keep the first maximum. */
    for (long oy = 0; oy < w->output_height; oy++) {
        const long base = oy * sh * W;
        float *out = output + oy * OW;
        int32_t *index = argmax + oy * OW;
        for (long ox = 0; ox < OW; ox++) {
            out[ox] = input[base + ox * sw];
            index[ox] = (int32_t)(base + ox * sw);
        }
        for (long i = 0; i < kh; i++) {
            for (long j = i == 0 ? 1 : 0; j < kw; j++) {
                const long offset = base + i * W + j;
                const float *row = input + offset;
                for (long ox = 0; ox < OW; ox++) {
                    const float v = row[ox * sw];
                    const int greater = v > out[ox];
                    out[ox] = greater ? v : out[ox];
                    index[ox] = greater ? (int32_t)(offset + ox * sw) : index[ox];
                }
            }
        }
    }
}

/* Folds the taps (i, j) of every output of row oy into out (and index), in row-major window
   order, for the outputs whose tap lies inside the image: a contiguous range of columns. */
static inline __attribute__((always_inline)) void max_pool_padded_row(
    const float *input, const flarekit_window *w, long oy, float *out, int32_t *index) {
    const long H = w->input_height, W = w->input_width, OW = w->output_width;
    const long sw = w->stride_width, pl = w->pad_left;
    const long y0 = oy * w->stride_height - w->pad_top;
    for (long i = 0; i < w->window_height; i++) {
        const long y = y0 + i;
        if (y < 0 || y >= H) continue;
        const float *row = input + y * W;
        for (long j = 0; j < w->window_width; j++) {
            /* outputs ox with 0 <= ox * sw + shift < W */
            const long shift = j - pl;
            const long lo = shift >= 0 ? 0 : sw == 1 ? -shift : (-shift + sw - 1) / sw;
            long hi = W - 1 - shift < 0 ? 0 : sw == 1 ? W - shift : (W - 1 - shift) / sw + 1;
            if (hi > OW) hi = OW;
            const int32_t base = (int32_t)(y * W + shift);
            if (index == NULL && sw == 1) {
                /* stride 1 (the inception modules): contiguous, vectorised */
                for (long ox = lo; ox < hi; ox++) out[ox] = row[ox + shift] > out[ox] ? row[ox + shift] : out[ox];
            } else if (index == NULL) {
                for (long ox = lo; ox < hi; ox++) {
                    const float v = row[ox * sw + shift];
                    out[ox] = v > out[ox] ? v : out[ox];
                }
            } else if (sw == 1) {
                for (long ox = lo; ox < hi; ox++) {
                    const int greater = row[ox + shift] > out[ox];
                    index[ox] = greater ? base + (int32_t)ox : index[ox];
                    out[ox] = greater ? row[ox + shift] : out[ox];
                }
            } else {
                for (long ox = lo; ox < hi; ox++) {
                    const float v = row[ox * sw + shift];
                    const int greater = v > out[ox];
                    index[ox] = greater ? base + (int32_t)(ox * sw) : index[ox];
                    out[ox] = greater ? v : out[ox];
                }
            }
        }
    }
}

FLAREKIT_CLONES
void flarekit_max_pool_plane_padded(const float *input, const flarekit_window *w, float *output, int32_t *argmax) {
    const long H = w->input_height, W = w->input_width, OW = w->output_width;
    for (long oy = 0; oy < w->output_height; oy++) {
        float *out = output + oy * OW;
        int32_t *index = argmax ? argmax + oy * OW : NULL;
        /* Each output starts from its first tap inside the image (row-major order). */
        long y = oy * w->stride_height - w->pad_top;
        y = y < 0 ? 0 : y >= H ? H - 1 : y;
        for (long ox = 0; ox < OW; ox++) {
            long x = ox * w->stride_width - w->pad_left;
            x = x < 0 ? 0 : x >= W ? W - 1 : x;
            out[ox] = input[y * W + x];
            if (index) index[ox] = (int32_t)(y * W + x);
        }
        max_pool_padded_row(input, w, oy, out, index);
    }
}

/* One row of the input gradient of tiling windows kw wide: each column gets its window's output
   gradient where it is the window's recorded maximum (flat index `row_start` + column), zero
   elsewhere. */
static inline __attribute__((always_inline)) void tiled_row_gradient(
    const float *dy, const int32_t *argmax, long count, long kw, int32_t row_start, float *row) {
    for (long ox = 0; ox < count; ox++)
        for (long j = 0; j < kw; j++)
            row[ox * kw + j] = argmax[ox] == row_start + (int32_t)(ox * kw + j) ? dy[ox] : 0;
}

FLAREKIT_CLONES
void flarekit_max_pool_tiled_backward(const float *dy, const int32_t *argmax, const flarekit_window *w, float *dx) {
    const long H = w->input_height, W = w->input_width, OH = w->output_height, OW = w->output_width;
    const long kh = w->window_height, kw = w->window_width;
    for (long iy = 0; iy < H; iy++) {
        float *row = dx + iy * W;
        const long oy = iy / kh;
        long x = 0;
        if (oy < OH) {
            const float *g = dy + oy * OW;
            const int32_t *a = argmax + oy * OW;
            const int32_t start = (int32_t)(iy * W);
            if (kw == 3) tiled_row_gradient(g, a, OW, 3, start, row);
            else if (kw == 2) tiled_row_gradient(g, a, OW, 2, start, row);
            else tiled_row_gradient(g, a, OW, kw, start, row);
            x = OW * kw;
        }
        for (; x < W; x++) row[x] = 0;
    }
}

FLAREKIT_CLONES
void flarekit_scatter_add_indexed(const float *values, const int32_t *indices, long count, float *target) {
    for (long i = 0; i < count; i++) target[indices[i]] += values[i];
}

FLAREKIT_CLONES
void flarekit_leaky_relu_backward(const float *output, const float *gradient, float *result, long count, float slope) {
    for (long i = 0; i < count; i++) {
        float g = gradient[i];
        result[i] = output[i] > 0 ? g : g * slope;
    }
}

FLAREKIT_CLONES
float flarekit_leaky_relu_backward_sum(const float *output, const float *gradient, float *result, long count,
                                       float slope) {
    /* flarekit_leaky_relu_backward, and flarekit_sum of its result in the same order. */
    float lanes[8] = {0};
    long i = 0;
    for (; i + 8 <= count; i += 8)
        for (int l = 0; l < 8; l++) {
            const float g = gradient[i + l];
            const float r = output[i + l] > 0 ? g : g * slope;
            result[i + l] = r;
            lanes[l] += r;
        }
    float total = 0;
    for (int l = 0; l < 8; l++) total += lanes[l];
    for (; i < count; i++) {
        const float g = gradient[i];
        const float r = output[i] > 0 ? g : g * slope;
        result[i] = r;
        total += r;
    }
    return total;
}

FLAREKIT_CLONES
void flarekit_scale_shift(const float *input, float *output, long count, float scale, float shift) {
    for (long i = 0; i < count; i++) output[i] = input[i] * scale + shift;
}

/* Sums in eight lanes (one AVX2 register), combined in a fixed order: the same result for the
   same row whatever the thread or rank, as the callers need. */
#define FLAREKIT_LANES 8

FLAREKIT_CLONES
float flarekit_sum(const float *x, long n) {
    float lanes[FLAREKIT_LANES] = {0};
    long i = 0;
    for (; i + FLAREKIT_LANES <= n; i += FLAREKIT_LANES)
        for (int l = 0; l < FLAREKIT_LANES; l++) lanes[l] += x[i + l];
    float total = 0;
    for (int l = 0; l < FLAREKIT_LANES; l++) total += lanes[l];
    for (; i < n; i++) total += x[i];
    return total;
}

FLAREKIT_CLONES
float flarekit_centred_square_sum(const float *x, long n, float centre) {
    float lanes[FLAREKIT_LANES] = {0};
    long i = 0;
    for (; i + FLAREKIT_LANES <= n; i += FLAREKIT_LANES)
        for (int l = 0; l < FLAREKIT_LANES; l++) {
            const float d = x[i + l] - centre;
            lanes[l] += d * d;
        }
    float total = 0;
    for (int l = 0; l < FLAREKIT_LANES; l++) total += lanes[l];
    for (; i < n; i++) {
        const float d = x[i] - centre;
        total += d * d;
    }
    return total;
}

FLAREKIT_CLONES
void flarekit_normalized_gradient_sums(const float *dy, const float *x, long n, float mean, float inverse,
                                       float *sum, float *sum_normalized) {
    float lanes[FLAREKIT_LANES] = {0}, lanes_normalized[FLAREKIT_LANES] = {0};
    long i = 0;
    for (; i + FLAREKIT_LANES <= n; i += FLAREKIT_LANES)
        for (int l = 0; l < FLAREKIT_LANES; l++) {
            const float g = dy[i + l];
            lanes[l] += g;
            lanes_normalized[l] += g * (x[i + l] - mean) * inverse;
        }
    float total = 0, total_normalized = 0;
    for (int l = 0; l < FLAREKIT_LANES; l++) {
        total += lanes[l];
        total_normalized += lanes_normalized[l];
    }
    for (; i < n; i++) {
        total += dy[i];
        total_normalized += dy[i] * (x[i] - mean) * inverse;
    }
    *sum = total;
    *sum_normalized = total_normalized;
}

FLAREKIT_CLONES
void flarekit_batch_norm_input_gradient(const float *dy, const float *x, float *dx, long n, float mean, float inverse,
                                        float factor, float mean_gradient, float mean_gradient_normalized) {
    for (long i = 0; i < n; i++) {
        const float normalized = (x[i] - mean) * inverse;
        dx[i] = factor * (dy[i] - mean_gradient - normalized * mean_gradient_normalized);
    }
}
