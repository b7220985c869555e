#ifndef FLAREKIT_CSUPPORT_H
#define FLAREKIT_CSUPPORT_H

/// Asks glibc to serve large blocks from its heap and keep freed memory for reuse
/// (mallopt M_MMAP_MAX = 0, M_TRIM_THRESHOLD = INT_MAX). Returns 1 on success, 0 when
/// not supported (non-glibc systems).
int flarekit_keep_freed_memory(void);

#endif
