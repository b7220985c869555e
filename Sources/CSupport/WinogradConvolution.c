#include "CSupport.h"
#include "PaddedBand.h"

/* Winograd F(2x2, 3x3) for stride-1 3 x 3 convolutions (CNN-2's second layer and the inception
   modules' 3 x 3 branches at 28 x 28 and up, CNN-1's second layer): each 4 x 4 input tile
   and each kernel are transformed (B^T d B, G g G^T), the 16 transformed products are summed
   over the channels with the filters in the vector lanes, and A^T M A gives a tile's 2 x 2
   outputs: 16 multiply-adds per channel for 4 outputs instead of 36 (Lavin and Gray 2016,
   "Fast algorithms for convolutional neural networks"). It reads the padded band of the direct
   kernel (DirectConvolution.c). Each output is its bias plus the transformed sum, the same
   wherever it lies. One version per instruction set, chosen at run time. */

#define LANES 4
#define FILTERS 12
#define TILE_VECTORS 1
#define EVEN_MASK 0, 2, 4, 6
#define ODD_MASK 1, 3, 5, 7
#define LOW_MASK 0, 4, 1, 5
#define HIGH_MASK 2, 6, 3, 7
#define SUFFIX baseline
#define TARGET
#include "WinogradConvolutionBody.h"

#if defined(__x86_64__) && defined(__clang__)
#define FLAREKIT_WINOGRAD_X86 1

/* AVX2: 4 filters' sums over two vectors of 8 tiles (8 sums, two vectors of tiles and a
   broadcast weight): each weight loaded serves two vectors. One vector of tiles and 12 filters
   (13 loads for 12 multiply-adds, and the packed kernel streamed from L2 for every 8 tiles) ran
   CNN-2's second layer at 85 x 85 in 2.6-4.4 ms an image on one Zen 3 core, this in 1.9-2.6. */
#define LANES 8
#define FILTERS 4
#define TILE_VECTORS 2
#define EVEN_MASK 0, 2, 4, 6, 8, 10, 12, 14
#define ODD_MASK 1, 3, 5, 7, 9, 11, 13, 15
#define LOW_MASK 0, 8, 1, 9, 2, 10, 3, 11
#define HIGH_MASK 4, 12, 5, 13, 6, 14, 7, 15
#define SUFFIX avx2
#define TARGET __attribute__((target("avx2,fma")))
#include "WinogradConvolutionBody.h"

/* AVX-512: 16 filters' sums over 16 tiles. */
#define LANES 16
#define FILTERS 16
#define TILE_VECTORS 1
#define EVEN_MASK 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30
#define ODD_MASK 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31
#define LOW_MASK 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23
#define HIGH_MASK 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31
#define SUFFIX avx512
#define TARGET __attribute__((target("avx512f")))
#include "WinogradConvolutionBody.h"
#endif

/* Tiles per input transform of version `level`: the band must hold 2 x this many columns past
   the last block's first tile. */
static long winograd_lanes(int level) {
    return level == 2 ? 16 : level == 1 ? 8 : 4;
}

long flarekit_winograd_scratch_floats(const flarekit_window *window, long rows) {
    /* the padded band of one more row (an odd last row's tiles), then the transformed tiles
       and the products of the widest version (16 floats to align them) */
    return flarekit_direct_scratch_floats(window, rows + 1) + 16 * (window->channels + 16) * 16 + 16;
}

long flarekit_winograd_packed_floats(long filters, long channels) {
    /* blocks of 12 or 16 filters: at most 15 filters of zeros */
    return (filters + 15) * 16 * channels;
}

void flarekit_pack_winograd_with(int level, const float *kernel, long filters, long channels, float *packed) {
    level = flarekit_usable_level(level);
#ifdef FLAREKIT_WINOGRAD_X86
    switch (level) {
    case 2: winograd_pack_avx512(kernel, filters, channels, packed); return;
    case 1: winograd_pack_avx2(kernel, filters, channels, packed); return;
    default: break;
    }
#endif
    winograd_pack_baseline(kernel, filters, channels, packed);
}

void flarekit_convolve_winograd_with(int level, const float *image, const flarekit_window *window, long filters,
                                     const float *packed, long row_begin, long row_end, float *output,
                                     long filter_stride, float *scratch) {
    level = flarekit_usable_level(level);
    const long rows = row_end - row_begin;
    /* An even number of rows of taps: an odd last row's tiles read one row more (zeros or input). */
    const band_scratch s = flarekit_prepare_band(
        2 * winograd_lanes(level), image, window, row_begin, row_begin + (rows + 1) / 2 * 2, scratch);
    const long ow = window->output_width, channels = window->channels;
    const long row_floats = s.band.row_floats, channel_floats = s.band.channel_floats;
    /* the transformed tiles and products, aligned to 64 bytes after the band */
    float *work = scratch + flarekit_direct_scratch_floats(window, rows + 1);
    work += (16 - ((unsigned long)work / sizeof(float)) % 16) % 16;
#ifdef FLAREKIT_WINOGRAD_X86
    switch (level) {
    case 2:
        winograd_rows_avx512(scratch, row_floats, channel_floats, channels, ow, rows, filters, packed, output,
                             filter_stride, work);
        return;
    case 1:
        winograd_rows_avx2(scratch, row_floats, channel_floats, channels, ow, rows, filters, packed, output,
                           filter_stride, work);
        return;
    default: break;
    }
#endif
    winograd_rows_baseline(scratch, row_floats, channel_floats, channels, ow, rows, filters, packed, output,
                           filter_stride, work);
}

void flarekit_pack_winograd(const float *kernel, long filters, long channels, float *packed) {
    flarekit_pack_winograd_with(-1, kernel, filters, channels, packed);
}

void flarekit_convolve_winograd(const float *image, const flarekit_window *window, long filters,
                                const float *packed, long row_begin, long row_end, float *output,
                                long filter_stride, float *scratch) {
    flarekit_convolve_winograd_with(-1, image, window, filters, packed, row_begin, row_end, output, filter_stride,
                                    scratch);
}
