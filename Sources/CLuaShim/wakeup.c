// Waking the host for a stop: the thread that runs Lua sleeps on a semaphore while it
// waits for answers; a recorded stop posts it (sem_post is async-signal-safe), so the
// host sees the stop at once instead of polling for it.
#define _GNU_SOURCE   /* sem_clockwait */
#include "shim_internal.h"

#include <errno.h>
#include <math.h>
#include <time.h>

static sem_t *volatile stop_wakeup;

void shim_wake_for_stop(void) {
    sem_t *s = stop_wakeup;
    if (s) sem_post(s);
}

void cogsh_set_stop_wakeup(sem_t *s) { stop_wakeup = s; }

void cogsh_clear_stop_wakeup(sem_t *s) {
    if (stop_wakeup == s) stop_wakeup = NULL;
}

int cogsh_sem_wait(sem_t *s, double seconds) {
    struct timespec at;
    clock_gettime(CLOCK_MONOTONIC, &at);
    if (!(seconds > 0)) seconds = 0;
    if (seconds > 1e6) seconds = 1e6;
    double whole = floor(seconds);
    at.tv_sec += (time_t)whole;
    at.tv_nsec += (long)((seconds - whole) * 1e9);
    if (at.tv_nsec >= 1000000000L) { at.tv_sec += 1; at.tv_nsec -= 1000000000L; }
    int r;
    do { r = sem_clockwait(s, CLOCK_MONOTONIC, &at); } while (r != 0 && errno == EINTR && shim_stop_reason == COGSH_STOP_NONE);
    return r == 0 ? 0 : -1;
}
