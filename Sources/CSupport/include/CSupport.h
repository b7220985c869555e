#ifndef FLAREKIT_CSUPPORT_H
#define FLAREKIT_CSUPPORT_H

#include <stdint.h>

/// Asks glibc to serve large blocks from its heap and keep freed memory for reuse
/// (mallopt M_MMAP_MAX = 0, M_TRIM_THRESHOLD = INT_MAX). Returns 1 on success, 0 when
/// not supported (non-glibc systems).
int flarekit_keep_freed_memory(void);

/// The sizes of one 2-D sliding-window operation on one CHW image (mirrors the Swift
/// WindowGeometry).
typedef struct {
    long channels, input_height, input_width;
    long window_height, window_width, stride_height, stride_width;
    long pad_top, pad_left, output_height, output_width;
} flarekit_window;

/// im2col of the output rows [row_begin, row_end): writes the patches of one CHW image into
/// rows (c * kh + i) * kw + j of a column matrix with rows `row_stride` long, output row oy at
/// column `column_offset + (oy - row_begin) * output_width`; out-of-image taps are zero.
/// Compiled for AVX2 and a baseline, chosen at run time.
void flarekit_image_to_columns(const float *image, const flarekit_window *window,
                               float *columns, long row_stride, long column_offset,
                               long row_begin, long row_end);

/// The adjoint of flarekit_image_to_columns: adds the columns of output rows
/// [row_begin, row_end) back into one CHW image (out-of-image taps are dropped).
void flarekit_columns_to_image(const float *columns, long row_stride, long column_offset,
                               const flarekit_window *window, float *image, long row_begin, long row_end);

/// Max pooling of one plane without padding (every window inside the image), no indices.
void flarekit_max_pool_plane(const float *input, const flarekit_window *window, float *output);

/// Max pooling of one plane without padding, recording for each output the flat index in the
/// plane of its first maximum in row-major window order (a NaN first tap wins its window).
void flarekit_max_pool_plane_argmax(const float *input, const flarekit_window *window, float *output, int32_t *argmax);

/// Max pooling of one plane with padding (windows clipped to the image; padding never wins):
/// each output is the first maximum, in row-major window order, of its taps inside the image,
/// starting from the first of them (so a NaN first tap wins, as in the unpadded kernels);
/// with `argmax` (may be NULL), that maximum's flat index in the plane. Every window must
/// hold at least one tap inside the image.
void flarekit_max_pool_plane_padded(const float *input, const flarekit_window *window, float *output, int32_t *argmax);

/// target[indices[i]] += values[i] for i in [0, count), in order (max pooling's gradient).
void flarekit_scatter_add_indexed(const float *values, const int32_t *indices, long count, float *target);

/// values[i] = values[i] > 0 ? values[i] : slope * values[i] (ReLU for slope 0).
void flarekit_leaky_relu(float *values, long count, float slope);

/// result[i] = output[i] > 0 ? gradient[i] : slope * gradient[i]: the gradient through a
/// (leaky) ReLU read off its output (`result` may be `gradient`; a NaN output takes the slope).
/// The input gradient of one plane of a max pool whose windows tile it (stride = window, no
/// padding, OH * kh <= H, OW * kw <= W): every input value written, the output gradient where
/// `argmax` recorded the window's maximum (flat index in the plane) and zero elsewhere.
void flarekit_max_pool_tiled_backward(const float *dy, const int32_t *argmax, const flarekit_window *w, float *dx);

void flarekit_leaky_relu_backward(const float *output, const float *gradient, float *result, long count, float slope);

/// flarekit_leaky_relu_backward, returning flarekit_sum of `result` (the same value, the same
/// order): a bias gradient's row sum in the same pass.
float flarekit_leaky_relu_backward_sum(const float *output, const float *gradient, float *result, long count,
                                       float slope);

/// output[i] = input[i] * scale + shift (BatchNorm's per-channel affine map).
void flarekit_scale_shift(const float *input, float *output, long count, float scale, float shift);

 /// The sum of x[0..<n] in eight lanes combined in a fixed order.
float flarekit_sum(const float *x, long n);

/// The sum of (x[i] - centre)^2 over [0, n), in eight lanes combined in a fixed order.
float flarekit_centred_square_sum(const float *x, long n, float centre);

/// BatchNorm's backward sums over one row: sum of dy and of dy * (x - mean) * inverse.
void flarekit_normalized_gradient_sums(const float *dy, const float *x, long n, float mean, float inverse,
                                       float *sum, float *sum_normalized);

/// BatchNorm's input gradient over one row:
/// dx = factor * (dy - mean_gradient - (x - mean) * inverse * mean_gradient_normalized).
void flarekit_batch_norm_input_gradient(const float *dy, const float *x, float *dx, long n, float mean, float inverse,
                                        float factor, float mean_gradient, float mean_gradient_normalized);

/// Floats of scratch that flarekit_convolve_direct and flarekit_direct_filter_gradient
/// need for `rows` output rows: the band's padded input rows of every channel, the tap offsets,
/// a zero kernel or row and the gradient's partial runs.
long flarekit_direct_scratch_floats(const flarekit_window *window, long rows);

/// The convolution of one CHW image (any channels and strides), without im2col, for output
/// rows [row_begin, row_end) of `filters` filters of a [filters, channels * kh * kw] kernel, added to
/// `output`, which holds the biases (filter f's row r at output + f * filter_stride +
/// (r - row_begin) * output_width). Each output gets its taps in row-major order whatever its
/// position. AVX-512, AVX2 with FMA or a baseline version, chosen at run time.
void flarekit_convolve_direct(const float *image, const flarekit_window *window, long filters,
                                   const float *kernel, long row_begin, long row_end,
                                   float *output, long filter_stride, float *scratch);

/// The kernel gradient of flarekit_convolve_direct over output rows [row_begin, row_end):
/// adds sum over those outputs of dY[f, y, x] * input(c, y + ky - pad_top, x + kx - pad_left) to
/// kernel_gradient[f * patch + (c * kh + ky) * kw + kx]; `output_gradient` is laid out as the forward
/// `output`. `scratch` holds flarekit_direct_scratch_floats(window, row_end - row_begin).
void flarekit_direct_filter_gradient(const float *image, const flarekit_window *window, long filters,
                                          const float *output_gradient, long filter_stride,
                                          long row_begin, long row_end, float *kernel_gradient, float *scratch);

/// The version of the direct kernels this processor runs: 2 AVX-512, 1 AVX2 with FMA, 0
/// the baseline.
int flarekit_direct_instruction_set(void);

/// Consecutive outputs of a row that the direct kernel computes together on this processor
/// (32 with AVX-512): a row's last run spends lanes past the row's end.
long flarekit_direct_outputs_per_run(void);

/// flarekit_convolve_direct with the version `level` (as flarekit_direct_instruction_set
/// numbers them; -1 or one the processor lacks: the best it has). For tests of every version.
void flarekit_convolve_direct_with(int level, const float *image, const flarekit_window *window, long filters,
                                        const float *kernel, long row_begin, long row_end,
                                        float *output, long filter_stride, float *scratch);

/// flarekit_direct_filter_gradient with the version `level`, as above.
void flarekit_direct_filter_gradient_with(int level, const float *image, const flarekit_window *window,
                                               long filters, const float *output_gradient, long filter_stride,
                                               long row_begin, long row_end, float *kernel_gradient, float *scratch);

/// Floats of the packed kernel that flarekit_pack_filters_in_lanes writes for `filters`
/// filters of `patch` taps (channels * kh * kw), whatever the version.
long flarekit_filters_in_lanes_packed_floats(long filters, long patch);

/// Packs a [filters, patch] kernel for flarekit_convolve_filters_in_lanes: blocks of filters,
/// every tap's weights of a block side by side.
void flarekit_pack_filters_in_lanes(const float *kernel, long filters, long patch, float *packed);

/// The convolution of one CHW image for output rows [row_begin, row_end), as
/// flarekit_convolve_direct (same `output` layout, biases already there, same scratch), with the
/// filters in the vector lanes: for small planes, whose short rows would leave the direct
/// kernel's lanes idle. Each output is its bias plus the sum, from zero, of its products in
/// tap order, whatever its position. `packed` comes from flarekit_pack_filters_in_lanes.
void flarekit_convolve_filters_in_lanes(const float *image, const flarekit_window *window, long filters,
                                        const float *packed, long row_begin, long row_end,
                                        float *output, long filter_stride, float *scratch);

/// flarekit_pack_filters_in_lanes with the version `level` (as flarekit_direct_instruction_set
/// numbers them): for tests of every version, with the convolution of the same level.
void flarekit_pack_filters_in_lanes_with(int level, const float *kernel, long filters, long patch, float *packed);

/// flarekit_convolve_filters_in_lanes with the version `level`.
void flarekit_convolve_filters_in_lanes_with(int level, const float *image, const flarekit_window *window,
                                             long filters, const float *packed, long row_begin, long row_end,
                                             float *output, long filter_stride, float *scratch);

/// Floats of scratch that flarekit_convolve_winograd needs for `rows` output rows.
long flarekit_winograd_scratch_floats(const flarekit_window *window, long rows);

/// Floats of the packed kernel that flarekit_pack_winograd writes, whatever the version.
long flarekit_winograd_packed_floats(long filters, long channels);

/// Transforms and packs a [filters, channels, 3, 3] kernel for flarekit_convolve_winograd.
void flarekit_pack_winograd(const float *kernel, long filters, long channels, float *packed);

/// The convolution of one CHW image by a 3 x 3 stride-1 kernel for output rows
/// [row_begin, row_end), with Winograd F(2x2, 3x3), added to `output` laid out and holding the
/// biases as for flarekit_convolve_direct. `packed` comes from flarekit_pack_winograd; `scratch`
/// holds flarekit_winograd_scratch_floats(window, row_end - row_begin).
void flarekit_convolve_winograd(const float *image, const flarekit_window *window, long filters,
                                const float *packed, long row_begin, long row_end, float *output,
                                long filter_stride, float *scratch);

/// flarekit_pack_winograd with the version `level` (as flarekit_direct_instruction_set numbers
/// them), for tests of every version with the convolution of the same level.
void flarekit_pack_winograd_with(int level, const float *kernel, long filters, long channels, float *packed);

/// flarekit_convolve_winograd with the version `level`.
void flarekit_convolve_winograd_with(int level, const float *image, const flarekit_window *window, long filters,
                                     const float *packed, long row_begin, long row_end, float *output,
                                     long filter_stride, float *scratch);

#endif
