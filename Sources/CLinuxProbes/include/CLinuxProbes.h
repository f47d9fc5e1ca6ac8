// The few libc calls Swift cannot reach directly: glibc's mallinfo2 and malloc_trim.
#ifndef CLINUXPROBES_H
#define CLINUXPROBES_H
#include <stddef.h>
#include <stdint.h>

/// glibc's mallinfo2 fields we report (bytes). `available` is 0 when not built against glibc.
typedef struct {
    int available;
    uint64_t arena, ordblks, hblks, hblkhd, uordblks, fordblks, keepcost;
} memstats_mallinfo;

memstats_mallinfo memstats_read_mallinfo(void);
/// malloc_trim(0); returns 1 if memory was released, 0 if not, -1 when unsupported.
int memstats_malloc_trim(void);
#endif
