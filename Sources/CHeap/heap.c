// Why this file exists: a lint of a 20 000-variable model touches ~15 MB of fresh heap. With
// glibc's defaults the heap grows 128 KiB at a time, arrays over 128 KiB get a fresh mmap each
// time, and every 4 KiB page costs a page fault: ~4 000 faults, a fifth of the run. What glibc's
// tunables `glibc.malloc.top_pad`, `mmap_threshold` and `hugetlb=1` would do, set from inside
// (tunables are read from the environment before main, so a program cannot set them for itself):
// grow the heap in one step, keep large arrays in it, and advise transparent huge pages there.
// All of it is advice: where THP is off or mallopt refuses, the run is the same, only slower.
#define _GNU_SOURCE
#include "cheap.h"
#include <stdlib.h>  // defines __GLIBC__ when it is glibc
#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

void paramlint_prepare_heap(void) {
#if defined(__linux__) && defined(__GLIBC__)
    // Measured on the benchmarks (Tests/Benchmarks): a 16 MiB step serves a 20 000-variable run in
    // one growth; a 64 MiB step raised the peak memory of a million-variable listing by a third.
    const size_t reserve = (size_t)16 << 20;
    mallopt(M_TOP_PAD, (int)reserve);
    // Arrays of a 20 000-variable run (about a megabyte each) stay in the heap; those of a
    // million-variable listing (tens of megabytes) still get their own mapping, which is returned
    // when freed (kept in the heap, they raised that run's peak memory by a third).
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, (int)(2 * reserve));
    // More than the heap has free: it grows by the block and the pad, and the block, freed, stays
    // there for the run (below the trim threshold).
    void *probe = malloc((size_t)1 << 20);
    if (probe == NULL) return;
    uintptr_t start = (uintptr_t)probe;
    free(probe);
    uintptr_t end = (uintptr_t)sbrk(0);
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t from = (start + huge - 1) & ~(huge - 1);
    uintptr_t to = end & ~(huge - 1);
    if (to > from) madvise((void *)from, to - from, MADV_HUGEPAGE);
#endif
}
