// The few libc calls Swift cannot reach comfortably: glibc's mallinfo2 and malloc_trim, the
// terminal's size (ioctl is variadic), and threads that grow their stacks to a given depth and then block (the native backend's
// stand-in for goroutines). Only LinuxProbes imports this module.
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

/// A group of parked threads; opaque to Swift.
typedef struct memstats_thread_group memstats_thread_group;

/// Starts up to `count` threads, each with a stack mapping of `stack_bytes` bytes. Each thread
/// writes one byte in every 4 KiB page of `touch_bytes` bytes of its own stack (a live frame),
/// then blocks until memstats_threads_stop. Returns once every started thread has touched its
/// stack. `*started` receives how many threads run (fewer than `count` when pthread_create
/// fails; `*error_number` then receives its error, else 0). Returns NULL only when the group
/// itself cannot be allocated.
memstats_thread_group *memstats_threads_start(size_t count, size_t stack_bytes, size_t touch_bytes,
                                              size_t *started, int *error_number);
/// Wakes every thread of the group, joins them and frees the group.
void memstats_threads_stop(memstats_thread_group *group);

/// The number of columns of the terminal on descriptor `fd` (ioctl TIOCGWINSZ), or 0 when `fd`
/// is not a terminal or reports no size.
int memstats_terminal_columns(int fd);
#endif
