/* The padded band of input rows that the direct kernels read (DirectConvolution.c,
   FilterLanesConvolution.c). Not a public header. */
#ifndef FLAREKIT_PADDED_BAND_H
#define FLAREKIT_PADDED_BAND_H

#include "CSupport.h"

/* The padded band of output rows [row_begin, row_end): the input rows under them, each split
   into `stride_width` phases (phase p holds columns p, p + stride_width, ...; one phase at
   stride 1) of `phase_width` floats, with the padding written out as zeros. Then the taps of
   consecutive outputs are consecutive floats: tap (ky, kx) of output (r, x) is at
   r * row_step + taps[ky * kw + kx] + x. */
typedef struct {
    long phase_width, row_floats, rows, row_step, channel_floats, floats;
} padded_band;

/* The kernels' scratch: the padded band, its tap offsets and `zeros` (a zero kernel of `patch`
   floats or a zero row of 16, at least 16), then what follows (the gradient's partial runs). */
typedef struct {
    padded_band band;
    long rows, patch;
    long *taps;
    float *zeros, *rest;
} band_scratch;

/* Outputs per run of the direct kernel of version `level`: its padded band is at least this
   much wider than the output. */
long flarekit_band_run(int level);

/* Pads the band of output rows [row_begin, row_end) of `image` for runs of `run` outputs into
   `scratch` (flarekit_direct_scratch_floats floats) and writes its tap offsets. */
band_scratch flarekit_prepare_band(long run, const float *image, const flarekit_window *window,
                                   long row_begin, long row_end, float *scratch);

/* The version to run: the one asked for, if the processor has it (-1: the best it has). */
int flarekit_usable_level(int level);

#endif
