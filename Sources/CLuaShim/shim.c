#define _GNU_SOURCE   /* sem_clockwait */
#include "cogsh_shim.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

// ---- Memory -------------------------------------------------------------------

typedef struct warn_state warn_state;

typedef struct {
    size_t used;
    size_t limit;
    int lua_running;   // 1 while Lua code runs inside cogsh_pcall and not in Swift
    int over_limit;    // a Swift frame allocated past the limit
    warn_state *warnings;
} alloc_state;

static void *cogsh_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    alloc_state *st = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        st->used -= old;
        return NULL;
    }
    if (st->limit && nsize > old && st->used - old + nsize > st->limit) {
        if (st->lua_running) return NULL;   // Lua raises "not enough memory" itself
        st->over_limit = 1;                 // raised by the trampoline once Swift returns
    }
    void *p = realloc(ptr, nsize);
    if (p == NULL) {
        if (!st->lua_running) {
            fputs("cogsh: out of memory\n", stderr);
            abort();
        }
        return NULL;
    }
    st->used = st->used - old + nsize;
    return p;
}

static alloc_state *state_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return ud;
}

int cogsh_panic(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "cogsh: PANIC: unprotected Lua error: %s\n", msg ? msg : "(not a string)");
    fflush(stderr);
    abort();
    return 0;
}

static void install_warnings(lua_State *L, alloc_state *st);

lua_State *cogsh_newstate(size_t limit) {
    alloc_state *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    st->limit = limit;
    lua_State *L = lua_newstate(cogsh_alloc, st);
    if (!L) { free(st); return NULL; }
    lua_atpanic(L, cogsh_panic);
    install_warnings(L, st);
    return L;
}

static void free_warnings(warn_state *w);

void cogsh_close(lua_State *L) {
    alloc_state *st = state_of(L);
    lua_close(L);
    free_warnings(st->warnings);
    free(st);   /* the allocator's bookkeeping outlives every free lua_close makes */
}

// ---- Warnings ----------------------------------------------------------------------
// As lua.c's: off until "@on" (-W), "@off" turns them off again, a message may come in
// parts (tocont). Each finished warning goes to the host's sink, or to stderr as
// "Lua warning: ...". Parts are collected first, so the sink gets the whole message.

struct warn_state {
    int on;
    char *text;
    size_t len, cap;
};

static cogsh_warning_sink warning_sink;

void cogsh_set_warning_sink(cogsh_warning_sink sink) { warning_sink = sink; }

static void warn_append(warn_state *w, const char *part) {
    size_t n = strlen(part);
    if (w->len + n + 1 > w->cap) {
        size_t cap = (w->len + n + 1) * 2;
        char *grown = realloc(w->text, cap);
        if (!grown) return;   /* a warning is dropped rather than the run failing */
        w->text = grown;
        w->cap = cap;
    }
    memcpy(w->text + w->len, part, n);
    w->len += n;
    w->text[w->len] = '\0';
}

static void warnf(void *ud, const char *message, int tocont) {
    warn_state *w = ud;
    if (w->len == 0 && !tocont && message[0] == '@') {   /* a control message */
        if (strcmp(message + 1, "on") == 0) w->on = 1;
        else if (strcmp(message + 1, "off") == 0) w->on = 0;
        return;
    }
    if (!w->on && w->len == 0) return;
    warn_append(w, message);
    if (tocont) return;
    if (warning_sink) {
        warning_sink(w->text ? w->text : "", w->len);
    } else {
        fprintf(stderr, "Lua warning: %s\n", w->text ? w->text : "");
        fflush(stderr);
    }
    w->len = 0;
}

static void install_warnings(lua_State *L, alloc_state *st) {
    st->warnings = calloc(1, sizeof(warn_state));
    if (st->warnings) lua_setwarnf(L, warnf, st->warnings);
}

static void free_warnings(warn_state *w) {
    if (!w) return;
    free(w->text);
    free(w);
}

size_t cogsh_memory_used(lua_State *L) { return state_of(L)->used; }

// ---- Calling Swift ---------------------------------------------------------------

static cogsh_dispatch_fn swift_dispatch;
static cogsh_release_fn swift_release;
static const char *const BOX_META = "cogsh.SwiftFunction";

void cogsh_set_dispatch(cogsh_dispatch_fn dispatch, cogsh_release_fn release) {
    swift_dispatch = dispatch;
    swift_release = release;
}

static int box_gc(lua_State *L) {
    void **slot = lua_touserdata(L, 1);
    if (slot && *slot) {
        swift_release(*slot);
        *slot = NULL;
    }
    return 0;
}

static int trampoline(lua_State *L) {
    void **slot = lua_touserdata(L, lua_upvalueindex(1));
    alloc_state *st = state_of(L);
    int was_running = st->lua_running;
    st->lua_running = 0;
    int n = swift_dispatch(L, *slot);
    st->lua_running = was_running;
    if (st->over_limit && was_running) {
        st->over_limit = 0;
        if (st->used > st->limit) {
            lua_pushliteral(L, "not enough memory");
            return lua_error(L);
        }
    }
    if (n == COGSH_RAISE) return lua_error(L);
    return n;
}

void cogsh_push_swift_function(lua_State *L, void *box) {
    void **slot = lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = box;
    if (luaL_newmetatable(L, BOX_META)) {
        lua_pushcfunction(L, box_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushliteral(L, "cogsh.SwiftFunction");
        lua_setfield(L, -2, "__name");
    }
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, trampoline, 1);
}

// ---- Running chunks ----------------------------------------------------------------

static char error_metatable_key;
static char traceback_filter_key;

const void *cogsh_error_metatable_key(void) { return &error_metatable_key; }
const void *cogsh_traceback_filter_key(void) { return &traceback_filter_key; }

/* The traceback text on top goes through the host's filter (which hides the host's
   own frames), when there is one and it does not fail; else it stays as it is. */
static void tidy_traceback(lua_State *L) {
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &traceback_filter_key) != LUA_TFUNCTION) {
        lua_pop(L, 1);
        return;
    }
    lua_pushvalue(L, -2);
    if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING) lua_remove(L, -2);
    else lua_pop(L, 1);
}

static int is_host_error(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx)) return 0;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &error_metatable_key);
    int same = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return same;
}

int cogsh_msghandler(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (is_host_error(L, 1)) {
            // The host's error objects keep their fields; the traceback goes beside them.
            lua_pushliteral(L, "traceback");
            if (lua_rawget(L, 1) == LUA_TNIL) {
                lua_pushliteral(L, "traceback");
                luaL_traceback(L, L, NULL, 1);
                tidy_traceback(L);
                lua_rawset(L, 1);
            }
            lua_settop(L, 1);
            return 1;
        }
        // As lua.c: another value with __tostring is its text; anything else says its type.
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    tidy_traceback(L);
    return 1;
}

int cogsh_traceback(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "thread");
    const char *msg = lua_tostring(L, 2);
    luaL_traceback(L, co, msg, (int)luaL_optinteger(L, 3, 0));
    tidy_traceback(L);
    return 1;
}

int cogsh_pcall(lua_State *L, int nargs, int nresults) {
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, cogsh_msghandler);
    lua_insert(L, base);
    alloc_state *st = state_of(L);
    int was_running = st->lua_running;
    st->lua_running = 1;
    int status = lua_pcall(L, nargs, nresults, base);
    st->lua_running = was_running;
    lua_remove(L, base);
    return status;
}

// ---- Stopping a running chunk (state) ---------------------------------------------------

static lua_State *volatile stop_target;
/* The coroutine running now, so a signal's hook reaches the code that runs (hooks are
   per thread in Lua 5.4). Set around every resume below. */
static lua_State *volatile running_thread;
static volatile sig_atomic_t stop_reason;
static volatile sig_atomic_t graceful;
/* The stop hooks are set: one more SIGINT or SIGTERM means the run is stuck where no
   hook can reach it (a long C call), and it ends at once, as lua.c's second Ctrl-C does. */
static volatile sig_atomic_t hooks_armed;
static const char *final_words[3];
static size_t final_lengths[3];
static char stop_keys[4];
/* Posted whenever a stop is recorded, so the host thread asleep waiting for answers
   sees it at once (sem_post is async-signal-safe). */
static sem_t *volatile stop_wakeup;

static void wake_for_stop(void) {
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
    do { r = sem_clockwait(s, CLOCK_MONOTONIC, &at); } while (r != 0 && errno == EINTR && stop_reason == COGSH_STOP_NONE);
    return r == 0 ? 0 : -1;
}

// ---- Coroutines and host waits ---------------------------------------------------------

static char wait_marker;
static char wait_key;

void cogsh_push_wait_marker(lua_State *L) { lua_pushlightuserdata(L, &wait_marker); }
const void *cogsh_wait_key(void) { return &wait_key; }

/* Resumes co with narg values moved from L; its results (or error) moved back to L,
   as lcorolib's resume does. Returns the number of results, or -1 with the error on top. */
static int resume_values(lua_State *L, lua_State *co, int narg) {
    if (!lua_checkstack(co, narg)) {
        lua_pushliteral(L, "too many arguments to resume");
        return -1;
    }
    lua_xmove(L, co, narg);
    lua_State *previous = running_thread;
    running_thread = co;
    int nres = 0;
    int status = lua_resume(co, L, narg, &nres);
    running_thread = previous;
    if (status == LUA_OK || status == LUA_YIELD) {
        if (!lua_checkstack(L, nres + 1)) {
            lua_pop(co, nres);
            lua_pushliteral(L, "too many results to resume");
            return -1;
        }
        lua_xmove(co, L, nres);
        return nres;
    }
    lua_xmove(co, L, 1);
    return -1;
}

static int is_wait(lua_State *L, lua_State *co, int r) {
    return r > 0 && lua_status(co) == LUA_YIELD && lua_touserdata(L, -r) == &wait_marker;
}

static int passthrough_k(lua_State *L, int status, lua_KContext wrap);

/* coroutine.resume's results: true and the values, or false and the error. */
static int resume_results(lua_State *L, int r) {
    if (r < 0) {
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    lua_pushboolean(L, 1);
    lua_insert(L, -(r + 1));
    return r + 1;
}

/* After co yielded r values: while they are a host wait, pass it up (L can yield) or
   wait in place and resume co with the answer. Then finish as resume or wrap does. */
static int settle(lua_State *L, lua_State *co, int r, int wrap) {
    while (is_wait(L, co, r)) {
        if (lua_isyieldable(L))
            return lua_yieldk(L, r, (lua_KContext)wrap, passthrough_k);
        int base = lua_gettop(L) - r;
        lua_rawgetp(L, LUA_REGISTRYINDEX, &wait_key);
        lua_insert(L, base + 1);
        lua_call(L, r, LUA_MULTRET);           /* the wait's answer: what co resumes with */
        r = resume_values(L, co, lua_gettop(L) - base);
    }
    if (!wrap) return resume_results(L, r);
    if (r < 0) {
        int stat = lua_status(co);
        if (stat != LUA_OK && stat != LUA_YIELD) {   /* the error happened in the coroutine */
            stat = lua_resetthread(co);
            lua_xmove(co, L, 1);
        }
        if (stat != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
            luaL_where(L, 1);
            lua_insert(L, -2);
            lua_concat(L, 2);
        }
        return lua_error(L);
    }
    return r;
}

/* Resumed after passing a wait up: the answer is on top; hand it to the coroutine. */
static int passthrough_k(lua_State *L, int status, lua_KContext wrap) {
    (void)status;
    lua_State *co = wrap ? lua_tothread(L, lua_upvalueindex(1)) : lua_tothread(L, 1);
    int base = wrap ? 0 : 1;
    return settle(L, co, resume_values(L, co, lua_gettop(L) - base), (int)wrap);
}

static int co_resume(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "thread");
    return settle(L, co, resume_values(L, co, lua_gettop(L) - 1), 0);
}

static int co_wrapped(lua_State *L) {
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    return settle(L, co, resume_values(L, co, lua_gettop(L)), 1);
}

static int co_wrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    lua_pushcclosure(L, co_wrapped, 1);
    return 1;
}

void cogsh_open_passthrough_coroutines(lua_State *L) {
    lua_getglobal(L, "coroutine");
    if (lua_type(L, -1) == LUA_TTABLE) {
        lua_pushcfunction(L, co_resume);
        lua_setfield(L, -2, "resume");
        lua_pushcfunction(L, co_wrap);
        lua_setfield(L, -2, "wrap");
    }
    lua_pop(L, 1);
}

int cogsh_task_resume(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "thread");
    return resume_results(L, resume_values(L, co, lua_gettop(L) - 1));
}

// ---- Stopping a running chunk --------------------------------------------------------

const void *cogsh_stop_error_key(int reason) { return &stop_keys[reason & 3]; }

static void stop_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    int reason = stop_reason;
    if (reason == COGSH_STOP_NONE) {
        lua_sethook(L, NULL, 0, 0);
        return;
    }
    // Keep raising at every line and every 1000 instructions until the host clears
    // the stop: a script's pcall may catch the error, but cannot continue past it.
    lua_sethook(L, stop_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1000);
    lua_rawgetp(L, LUA_REGISTRYINDEX, cogsh_stop_error_key(reason));
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushstring(L, reason == COGSH_STOP_TIMEOUT ? "timed out" : "interrupted!");
    }
    lua_error(L);
}

void cogsh_set_stop_target(lua_State *L) { stop_target = L; }

static void arm_stop_hooks(void) {
    hooks_armed = 1;
    // As lua.c: setting a hook is the one thing safe to do to a running state here.
    // The main thread, and the coroutine running now (hooks are per thread).
    lua_State *L = stop_target, *running = running_thread;
    if (L) lua_sethook(L, stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
    if (running && running != L) lua_sethook(running, stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

void cogsh_request_stop(int reason) {
    if (stop_reason == COGSH_STOP_NONE || reason == COGSH_STOP_TIMEOUT) stop_reason = reason;
    arm_stop_hooks();
    wake_for_stop();
}

void cogsh_set_graceful(int on) { graceful += on ? 1 : -1; }

void cogsh_stop_now(void) {
    if (stop_reason != COGSH_STOP_NONE) arm_stop_hooks();
}

int cogsh_stop_reason(void) { return stop_reason; }

void cogsh_clear_stop(lua_State *L) {
    stop_reason = COGSH_STOP_NONE;
    hooks_armed = 0;
    lua_sethook(L, NULL, 0, 0);
}

void cogsh_suspend_stop(lua_State *L) { lua_sethook(L, NULL, 0, 0); }

void cogsh_forget_stop(void) {
    stop_reason = COGSH_STOP_NONE;
    hooks_armed = 0;
    lua_State *L = stop_target;
    if (L) lua_sethook(L, NULL, 0, 0);
}

void cogsh_set_final_words(int reason, const char *line) {
    if (reason < 1 || reason > 2) return;
    final_words[reason] = line;
    final_lengths[reason] = line ? strlen(line) : 0;
}

static volatile sig_atomic_t idle;

void cogsh_set_idle(int on) { idle = on; }

static void on_signal(int sig) {
    int reason = sig == SIGINT ? COGSH_STOP_INTERRUPT : sig == SIGTERM ? COGSH_STOP_TERMINATE : COGSH_STOP_TIMEOUT;
    if (idle) {   /* nothing runs (the REPL waits for a line): the reason is all there is to record */
        if (stop_reason == COGSH_STOP_NONE || reason == COGSH_STOP_TIMEOUT) stop_reason = reason;
        wake_for_stop();
        return;
    }
    if (reason != COGSH_STOP_TIMEOUT && hooks_armed) {
        if (final_words[reason]) { ssize_t w = write(2, final_words[reason], final_lengths[reason]); (void)w; }
        _exit(sig == SIGINT ? 130 : 143);
    }
    if (graceful > 0 && reason != COGSH_STOP_TIMEOUT && stop_reason == COGSH_STOP_NONE) {
        stop_reason = reason;   /* the host winds down (no new work) and then stops */
        wake_for_stop();
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
