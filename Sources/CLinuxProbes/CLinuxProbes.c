#include "CLinuxProbes.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <alloca.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

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

// ---- Parked threads -------------------------------------------------------------------------
//
// Invariant: ready_count <= started; memstats_threads_start returns only when
// ready_count == started, so a reading taken after it sees every touched stack.

/// The page stride the scenario language specifies for touching ("one byte per 4 KiB page").
#define MEMSTATS_TOUCH_STRIDE 4096

struct memstats_thread_group {
    pthread_mutex_t mutex;
    pthread_cond_t ready;    /* a thread has touched its stack */
    pthread_cond_t release;  /* the group may exit */
    int should_exit;
    size_t ready_count;
    size_t started;
    size_t touch_bytes;
    pthread_t *threads;
};

static void park(struct memstats_thread_group *group) {
    pthread_mutex_lock(&group->mutex);
    group->ready_count += 1;
    pthread_cond_signal(&group->ready);
    while (!group->should_exit) pthread_cond_wait(&group->release, &group->mutex);
    pthread_mutex_unlock(&group->mutex);
}

/// One live frame of `touch_bytes`, written page by page from the top down (the direction a
/// stack grows), kept live while the thread is parked.
static __attribute__((noinline)) void grow_and_park(struct memstats_thread_group *group) {
    size_t bytes = group->touch_bytes;
    volatile char *frame = bytes > 0 ? (volatile char *)alloca(bytes) : NULL;
    for (size_t offset = 0; offset < bytes; offset += MEMSTATS_TOUCH_STRIDE) frame[bytes - 1 - offset] = 1;
    park(group);
    if (frame) frame[0] = frame[bytes - 1]; /* the frame is live until here */
}

static void *thread_main(void *argument) {
    grow_and_park((struct memstats_thread_group *)argument);
    return NULL;
}

memstats_thread_group *memstats_threads_start(size_t count, size_t stack_bytes, size_t touch_bytes,
                                              size_t *started, int *error_number) {
    *started = 0;
    *error_number = 0;
    struct memstats_thread_group *group = calloc(1, sizeof *group);
    if (!group) { *error_number = ENOMEM; return NULL; }
    group->threads = calloc(count > 0 ? count : 1, sizeof(pthread_t));
    if (!group->threads) { free(group); *error_number = ENOMEM; return NULL; }
    pthread_mutex_init(&group->mutex, NULL);
    pthread_cond_init(&group->ready, NULL);
    pthread_cond_init(&group->release, NULL);
    group->touch_bytes = touch_bytes;

    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    int status = pthread_attr_setstacksize(&attributes, stack_bytes);
    if (status != 0) {
        *error_number = status;
    } else {
        for (size_t i = 0; i < count; i++) {
            status = pthread_create(&group->threads[i], &attributes, thread_main, group);
            if (status != 0) { *error_number = status; break; }
            group->started += 1;
        }
    }
    pthread_attr_destroy(&attributes);

    pthread_mutex_lock(&group->mutex);
    while (group->ready_count < group->started) pthread_cond_wait(&group->ready, &group->mutex);
    pthread_mutex_unlock(&group->mutex);
    *started = group->started;
    return group;
}

void memstats_threads_stop(memstats_thread_group *group) {
    if (!group) return;
    pthread_mutex_lock(&group->mutex);
    group->should_exit = 1;
    pthread_cond_broadcast(&group->release);
    pthread_mutex_unlock(&group->mutex);
    for (size_t i = 0; i < group->started; i++) pthread_join(group->threads[i], NULL);
    pthread_cond_destroy(&group->ready);
    pthread_cond_destroy(&group->release);
    pthread_mutex_destroy(&group->mutex);
    free(group->threads);
    free(group);
}

int memstats_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}
