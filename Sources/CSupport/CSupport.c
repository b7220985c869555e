#include "CSupport.h"

#include <limits.h>   /* defines __GLIBC__ through <features.h> on glibc systems */

#if defined(__GLIBC__)
#include <malloc.h>

int flarekit_keep_freed_memory(void) {
    int trimmed = mallopt(M_TRIM_THRESHOLD, INT_MAX);
    int unmapped = mallopt(M_MMAP_MAX, 0);
    return trimmed == 1 && unmapped == 1;
}
#else
int flarekit_keep_freed_memory(void) { return 0; }
#endif
