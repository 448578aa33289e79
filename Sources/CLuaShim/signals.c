// Signals and the whole-run timer: SIGINT and SIGTERM request a stop (stop.c), SIGALRM
// is --timeout. What a signal does depends on what the host is doing: waiting at the
// REPL's prompt (idle), winding a job down (graceful), or already stopping.
#include "shim_internal.h"

#include <pthread.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t idle;
static volatile sig_atomic_t graceful;
static const char *final_words[3];
static size_t final_lengths[3];

void cogsh_set_idle(int on) { idle = on; }

void cogsh_set_graceful(int on) { graceful += on ? 1 : -1; }

void cogsh_set_final_words(int reason, const char *line) {
    if (reason < 1 || reason > 2) return;
    final_words[reason] = line;
    final_lengths[reason] = line ? strlen(line) : 0;
}

static void on_signal(int sig) {
    int reason = sig == SIGINT ? COGSH_STOP_INTERRUPT : sig == SIGTERM ? COGSH_STOP_TERMINATE : COGSH_STOP_TIMEOUT;
    if (idle) {   /* nothing runs (the REPL waits for a line): the reason is all there is to record */
        if (shim_stop_reason == COGSH_STOP_NONE || reason == COGSH_STOP_TIMEOUT) shim_stop_reason = reason;
        shim_wake_for_stop();
        return;
    }
    if (reason != COGSH_STOP_TIMEOUT && shim_hooks_armed) {
        if (final_words[reason]) { ssize_t w = write(2, final_words[reason], final_lengths[reason]); (void)w; }
        _exit(sig == SIGINT ? 130 : 143);
    }
    if (graceful > 0 && reason != COGSH_STOP_TIMEOUT && shim_stop_reason == COGSH_STOP_NONE) {
        shim_stop_reason = reason;   /* the host winds down (no new work) and then stops */
        shim_wake_for_stop();
        return;
    }
    cogsh_request_stop(reason);
}

void cogsh_install_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    /* A blocked signal mask is inherited across exec: a parent that blocks SIGTERM
       (a thread pool, some supervisors) would leave cogsh deaf to it. Unblock before
       any other thread exists, so every later thread inherits the open mask. */
    sigset_t handled;
    sigemptyset(&handled);
    sigaddset(&handled, SIGINT);
    sigaddset(&handled, SIGTERM);
    sigaddset(&handled, SIGALRM);
    pthread_sigmask(SIG_UNBLOCK, &handled, NULL);
}

void cogsh_arm_timeout(double seconds) {
    struct itimerval it;
    memset(&it, 0, sizeof it);
    if (seconds > 0) {
        it.it_value.tv_sec = (time_t)seconds;
        it.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
        if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0) it.it_value.tv_usec = 1;
    }
    setitimer(ITIMER_REAL, &it, NULL);
}
