#include "CLinuxProbes.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <string.h>

memstats_mallinfo memstats_read_mallinfo(void) {
    memstats_mallinfo out;
    memset(&out, 0, sizeof out);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 m = mallinfo2();
    out.available = 1;
    out.arena = m.arena; out.ordblks = m.ordblks; out.hblks = m.hblks; out.hblkhd = m.hblkhd;
    out.uordblks = m.uordblks; out.fordblks = m.fordblks; out.keepcost = m.keepcost;
#endif
    return out;
}

int memstats_malloc_trim(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return -1;
#endif
}
