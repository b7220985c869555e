#ifndef FLAREKIT_CSUPPORT_H
#define FLAREKIT_CSUPPORT_H

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

/// Max pooling of one plane without padding (every window inside the image), no indices.
void flarekit_max_pool_plane(const float *input, const flarekit_window *window, float *output);

/// values[i] = values[i] > 0 ? values[i] : slope * values[i] (ReLU for slope 0).
void flarekit_leaky_relu(float *values, long count, float slope);

/// output[i] = input[i] * scale + shift (BatchNorm's per-channel affine map).
void flarekit_scale_shift(const float *input, float *output, long count, float scale, float shift);

#endif
