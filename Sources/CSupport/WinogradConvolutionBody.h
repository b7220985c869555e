/* The body of the Winograd F(2x2, 3x3) convolution, included once per instruction set by
   WinogradConvolution.c with LANES (floats per vector: tiles side by side), FILTERS (filters
   per block), TILE_VECTORS (vectors of tiles per block: each weight serves them all),
   EVEN_MASK, ODD_MASK, LOW_MASK and HIGH_MASK (__builtin_shufflevector indices
   that split two vectors into their even and odd floats and interleave two vectors' halves),
   SUFFIX and TARGET defined, which it undefines at its end. Not a public header. */

#define WINOGRAD_CONCAT2(a, b) a##_##b
#define WINOGRAD_CONCAT(a, b) WINOGRAD_CONCAT2(a, b)
#define WINOGRAD_NAME(name) WINOGRAD_CONCAT(name, SUFFIX)
#define WINOGRAD_VECTOR WINOGRAD_NAME(winograd_vector)

typedef float WINOGRAD_VECTOR __attribute__((vector_size(LANES * sizeof(float)), aligned(sizeof(float))));

/* The work area of flarekit_winograd_scratch_floats holds 16 x 16 floats per channel and
   16 x 16 x 16 more: the transformed tiles and the products of one block. */
_Static_assert(TILE_VECTORS * LANES <= 16 && TILE_VECTORS * FILTERS * LANES <= 16 * 16,
               "the Winograd work area is sized for 16 tiles per channel and 16 x 16 products");

/* transformed[xi][c] = (B^T d B)[xi] of the 4 x 4 input tiles d of LANES consecutive tiles of
   tile row ty from tile tx0, one tile per lane, for every channel. Tile t reads columns
   2 t ... 2 t + 3: the even and odd floats of two pairs of vectors. */
TARGET static void WINOGRAD_NAME(input_transform)(
    const float *band, long row_floats, long channel_floats, long channels, long ty, long tx0,
    WINOGRAD_VECTOR *transformed)
{
    for (long c = 0; c < channels; c++) {
        const float *base = band + c * channel_floats + 2 * ty * row_floats + 2 * tx0;
        WINOGRAD_VECTOR d[4][4];
        for (int i = 0; i < 4; i++) {
            const float *row = base + i * row_floats;
            const WINOGRAD_VECTOR a = *(const WINOGRAD_VECTOR *)row, b = *(const WINOGRAD_VECTOR *)(row + LANES);
            const WINOGRAD_VECTOR a2 = *(const WINOGRAD_VECTOR *)(row + 2), b2 = *(const WINOGRAD_VECTOR *)(row + 2 + LANES);
            d[i][0] = __builtin_shufflevector(a, b, EVEN_MASK);
            d[i][1] = __builtin_shufflevector(a, b, ODD_MASK);
            d[i][2] = __builtin_shufflevector(a2, b2, EVEN_MASK);
            d[i][3] = __builtin_shufflevector(a2, b2, ODD_MASK);
        }
        WINOGRAD_VECTOR t[4][4];
        for (int j = 0; j < 4; j++) {
            t[0][j] = d[0][j] - d[2][j];
            t[1][j] = d[1][j] + d[2][j];
            t[2][j] = d[2][j] - d[1][j];
            t[3][j] = d[1][j] - d[3][j];
        }
        for (int i = 0; i < 4; i++) {
            transformed[(i * 4 + 0) * channels + c] = t[i][0] - t[i][2];
            transformed[(i * 4 + 1) * channels + c] = t[i][1] + t[i][2];
            transformed[(i * 4 + 2) * channels + c] = t[i][2] - t[i][1];
            transformed[(i * 4 + 3) * channels + c] = t[i][1] - t[i][3];
        }
    }
}

/* products[g][xi][f] = sum over channels of transformed[g][xi][c] * packed[xi][c][f] for the
   FILTERS filters of one block and the TILE_VECTORS vectors of LANES tiles, each sum from zero
   in channel order. */
TARGET static void WINOGRAD_NAME(winograd_products)(
    const WINOGRAD_VECTOR *transformed, long channels, const float *packed, WINOGRAD_VECTOR *products)
{
    for (int xi = 0; xi < 16; xi++) {
        WINOGRAD_VECTOR acc[TILE_VECTORS][FILTERS];
        for (int g = 0; g < TILE_VECTORS; g++)
            for (int f = 0; f < FILTERS; f++) acc[g][f] = (WINOGRAD_VECTOR){0};
        const WINOGRAD_VECTOR *x = transformed + xi * channels;
        const float *w = packed + xi * channels * FILTERS;
        for (long c = 0; c < channels; c++) {
            WINOGRAD_VECTOR tiles[TILE_VECTORS];
            for (int g = 0; g < TILE_VECTORS; g++) tiles[g] = x[g * 16 * channels + c];
            for (int f = 0; f < FILTERS; f++) {
                const float weight = w[c * FILTERS + f];
                for (int g = 0; g < TILE_VECTORS; g++) acc[g][f] += tiles[g] * weight;
            }
        }
        for (int g = 0; g < TILE_VECTORS; g++)
            for (int f = 0; f < FILTERS; f++) products[(g * 16 + xi) * FILTERS + f] = acc[g][f];
    }
}

/* Output rows [0, rows) (row r of the band at padded + r * row_floats, one more zero or input
   row below an odd last row) of every filter: tile rows, TILE_VECTORS x LANES tiles at a time
   (a vector that starts past the row's end is zeros), FILTERS filters per product; A^T M A
   gives each tile's 2 x 2 outputs, the two columns of a tile row interleaved into 2 LANES
   consecutive outputs, added to `output`, which holds the biases. Tiles past the row's end are
   computed and dropped. */
TARGET static void WINOGRAD_NAME(winograd_rows)(
    const float *padded, long row_floats, long channel_floats, long channels, long ow, long rows,
    long filters, const float *packed, float *output, long filter_stride, float *work)
{
    WINOGRAD_VECTOR *transformed = (WINOGRAD_VECTOR *)work;
    WINOGRAD_VECTOR *products = transformed + TILE_VECTORS * 16 * channels;
    const long tile_rows = (rows + 1) / 2, tiles_per_row = (ow + 1) / 2;
    for (long ty = 0; ty < tile_rows; ty++) {
        for (long tx0 = 0; tx0 < tiles_per_row; tx0 += TILE_VECTORS * LANES) {
            for (int g = 0; g < TILE_VECTORS; g++) {
                WINOGRAD_VECTOR *group = transformed + g * 16 * channels;
                if (tx0 + g * LANES < tiles_per_row)
                    WINOGRAD_NAME(input_transform)(padded, row_floats, channel_floats, channels, ty, tx0 + g * LANES, group);
                else
                    for (long i = 0; i < 16 * channels; i++) group[i] = (WINOGRAD_VECTOR){0};
            }
            for (long f0 = 0; f0 < filters; f0 += FILTERS) {
                WINOGRAD_NAME(winograd_products)(transformed, channels, packed + f0 * 16 * channels, products);
                const long block_filters = filters - f0 < FILTERS ? filters - f0 : FILTERS;
                for (int g = 0; g < TILE_VECTORS; g++) {
                    const long x0 = 2 * (tx0 + g * LANES);
                    if (x0 >= ow) break;
                    const long columns = ow - x0 < 2 * LANES ? ow - x0 : 2 * LANES;
                    const WINOGRAD_VECTOR *m = products + g * 16 * FILTERS;
                    for (long f = 0; f < block_filters; f++) {
                        WINOGRAD_VECTOR t[2][4];
                        for (int j = 0; j < 4; j++) {
                            const WINOGRAD_VECTOR m0 = m[j * FILTERS + f], m1 = m[(4 + j) * FILTERS + f];
                            const WINOGRAD_VECTOR m2 = m[(8 + j) * FILTERS + f], m3 = m[(12 + j) * FILTERS + f];
                            t[0][j] = m0 + m1 + m2;
                            t[1][j] = m1 - m2 - m3;
                        }
                        for (int a = 0; a < 2; a++) {
                            const long oy = 2 * ty + a;
                            if (oy >= rows) break;
                            const WINOGRAD_VECTOR left = t[a][0] + t[a][1] + t[a][2], right = t[a][1] - t[a][2] - t[a][3];
                            float *target = output + (f0 + f) * filter_stride + oy * ow + x0;
                            const WINOGRAD_VECTOR low = __builtin_shufflevector(left, right, LOW_MASK);
                            const WINOGRAD_VECTOR high = __builtin_shufflevector(left, right, HIGH_MASK);
                            if (columns == 2 * LANES) {
                                *(WINOGRAD_VECTOR *)target += low;
                                *(WINOGRAD_VECTOR *)(target + LANES) += high;
                            } else {
                                for (long x = 0; x < columns; x++) target[x] += x < LANES ? low[x] : high[x - LANES];
                            }
                        }
                    }
                }
            }
        }
    }
}

/* The packed kernel of this version: per block of FILTERS filters, U = G g G^T of every filter
   and channel, as [xi][channel][filter of the block] (zeros past the last filter). */
static void WINOGRAD_NAME(winograd_pack)(const float *kernel, long filters, long channels, float *packed)
{
    enum { block = FILTERS };
    for (long f0 = 0; f0 < filters; f0 += block)
        for (long f = 0; f < block; f++)
            for (long c = 0; c < channels; c++) {
                double u[4][4] = {{0}};
                if (f0 + f < filters) {
                    const float *g = kernel + ((f0 + f) * channels + c) * 9;
                    double gg[4][3];
                    for (int k = 0; k < 3; k++) {
                        gg[0][k] = g[k];
                        gg[1][k] = 0.5 * ((double)g[k] + g[3 + k] + g[6 + k]);
                        gg[2][k] = 0.5 * ((double)g[k] - g[3 + k] + g[6 + k]);
                        gg[3][k] = g[6 + k];
                    }
                    for (int i = 0; i < 4; i++) {
                        u[i][0] = gg[i][0];
                        u[i][1] = 0.5 * (gg[i][0] + gg[i][1] + gg[i][2]);
                        u[i][2] = 0.5 * (gg[i][0] - gg[i][1] + gg[i][2]);
                        u[i][3] = gg[i][2];
                    }
                }
                for (int xi = 0; xi < 16; xi++)
                    packed[((f0 * 16 + xi * block) * channels) + c * block + f] = (float)u[xi / 4][xi % 4];
            }
}

#undef WINOGRAD_VECTOR
#undef WINOGRAD_NAME
#undef WINOGRAD_CONCAT
#undef WINOGRAD_CONCAT2
#undef LANES
#undef FILTERS
#undef TILE_VECTORS
#undef EVEN_MASK
#undef ODD_MASK
#undef LOW_MASK
#undef HIGH_MASK
#undef SUFFIX
#undef TARGET
