// The C side of cogsh's Lua boundary: the Lua API's macros as functions Swift can
// import, the one trampoline through which Lua calls Swift, the stop hooks and the
// allocator. Everything here that may raise a Lua error runs in a C frame, never
// with a Swift frame between it and the protected call that catches it.
// Each section names the C file that implements it.
#ifndef COGSH_SHIM_H
#define COGSH_SHIM_H

#include <semaphore.h>
#include <stddef.h>
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

// ---- Macro wrappers -------------------------------------------------------
static inline int cogsh_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline int cogsh_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline void cogsh_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void cogsh_newtable(lua_State *L) { lua_newtable(L); }
static inline void cogsh_insert(lua_State *L, int idx) { lua_insert(L, idx); }
static inline void cogsh_remove(lua_State *L, int idx) { lua_remove(L, idx); }
static inline void cogsh_replace(lua_State *L, int idx) { lua_replace(L, idx); }
static inline const char *cogsh_tostring(lua_State *L, int idx) { return lua_tolstring(L, idx, NULL); }
static inline int cogsh_isnoneornil(lua_State *L, int idx) { return lua_type(L, idx) <= 0; }
static inline void cogsh_pushglobaltable(lua_State *L) { lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS); }
static inline const char *cogsh_version_string(void) { return LUA_RELEASE; }
static inline const char *cogsh_copyright_string(void) { return LUA_COPYRIGHT; }

// ---- Calling Swift (trampoline.c) ------------------------------------------
// A Swift function exposed to Lua is a closure box (an opaque pointer owned by a
// userdata upvalue) run by one dispatcher. The dispatcher returns n >= 0 results
// pushed, or COGSH_RAISE with the error value on top of the stack; the trampoline
// raises only after the Swift frame has returned.
enum { COGSH_RAISE = -1 };
typedef int (*cogsh_dispatch_fn)(lua_State *L, void *box);
typedef void (*cogsh_release_fn)(void *box);

/// Set once per process, before any state runs.
void cogsh_set_dispatch(cogsh_dispatch_fn dispatch, cogsh_release_fn release);
/// Pushes a Lua function calling the dispatcher with `box`; the box is released
/// when Lua collects the function.
void cogsh_push_swift_function(lua_State *L, void *box);

// ---- Running chunks (run.c) ------------------------------------------------
/// Message handler for every protected call: appends a traceback to string errors,
/// stores one in the `traceback` field of table errors.
int cogsh_msghandler(lua_State *L);
/// lua_pcall with cogsh_msghandler under the function; the allocator's limit is
/// enforced while Lua runs inside it.
int cogsh_pcall(lua_State *L, int nargs, int nresults);
/// Registry key of the host's error metatable: such tables keep their fields when
/// uncaught (a `traceback` field is added); other values are described as lua.c does.
const void *cogsh_error_metatable_key(void);
/// Registry key of the host's traceback filter (text in, text out), which hides the
/// host's own frames from tracebacks.
const void *cogsh_traceback_filter_key(void);
/// traceback(co, msg, level): luaL_traceback of a coroutine, through the filter.
int cogsh_traceback(lua_State *L);

// ---- The REPL's prompt (prompt.c) ------------------------------------------
/// Pushes the prompt lua.c's get_prompt shows: nil when `_PROMPT` (first line) or
/// `_PROMPT2` (continuation) is nil, else its value converted as tostring() does. The
/// conversion may run a __tostring metamethod; it runs protected, and a status other
/// than LUA_OK leaves the error value on top instead (without a traceback, as lua.c).
int cogsh_prompt(lua_State *L, int first);

// ---- Coroutines and host waits (coroutines.c) ------------------------------
// A host wait (a request in flight, a sleep) in a coroutine is a yield whose first
// value is the wait marker. cogsh's coroutine.resume and coroutine.wrap pass such a
// yield on to their own resumer when they can yield, so a wait inside a plain
// coroutine reaches the host's scheduler; where they cannot (the main thread, a C
// boundary), they call the host's wait-in-place function (registry, cogsh_wait_key)
// with the yielded values and resume the coroutine with what it returns.

/// Replaces coroutine.resume and coroutine.wrap with the passing-through versions.
void cogsh_open_passthrough_coroutines(lua_State *L);
void cogsh_push_wait_marker(lua_State *L);
/// Registry key of the host's wait-in-place function.
const void *cogsh_wait_key(void);
/// The host scheduler's resume: coroutine.resume without passing waits on (it
/// handles them), returning true + values or false + error. Tracks the running
/// thread for the stop hooks, as every resume here does.
int cogsh_task_resume(lua_State *L);

// ---- Stopping a running chunk (stop.c) -------------------------------------
enum { COGSH_STOP_NONE = 0, COGSH_STOP_INTERRUPT = 1, COGSH_STOP_TERMINATE = 2, COGSH_STOP_TIMEOUT = 3 };
/// Which state signals and timers stop. One per process: the state the user runs.
void cogsh_set_stop_target(lua_State *L);
/// Async-signal-safe: records the reason and installs a hook that raises at the
/// next instruction. The reason stays until cleared, so `pcall` cannot swallow it.
void cogsh_request_stop(int reason);
int cogsh_stop_reason(void);
/// Clears the reason and removes the hook (the REPL after an interrupted chunk).
void cogsh_clear_stop(lua_State *L);
/// Removes the hook but keeps the reason: the host reads the error and decides
/// the exit status without the hook raising inside its own calls.
void cogsh_suspend_stop(lua_State *L);
/// Forgets the reason only (a Ctrl-C at the REPL prompt: nothing is running).
void cogsh_forget_stop(void);
/// Installs the stop hook for the recorded reason (the host finished stopping gracefully).
void cogsh_stop_now(void);
/// Registry keys under which the host stores the error value raised for each reason.
const void *cogsh_stop_error_key(int reason);

// ---- Signals and the timeout (signals.c) -----------------------------------
/// SIGINT and SIGTERM request a stop; SIGALRM is the whole-run timeout.
void cogsh_install_signal_handlers(void);
/// Arms SIGALRM for `seconds` (fractions allowed); 0 disarms.
void cogsh_arm_timeout(double seconds);
/// While on (nesting counts), a first SIGINT or SIGTERM only records its reason for the
/// host to stop gracefully; a second one stops at once. The timeout always stops at once.
void cogsh_set_graceful(int on);
/// While idle (the REPL waits at its prompt), signals only record their reason.
void cogsh_set_idle(int on);
/// The line written to stderr when a SIGINT (reason 1) or SIGTERM (2) arrives while a stop
/// is already under way and the run ends at once (status 130/143). The text must live on.
void cogsh_set_final_words(int reason, const char *line);

// ---- Waking the host for a stop (wakeup.c) ---------------------------------
/// The semaphore a recorded stop posts (NULL: none), so a thread asleep on it waiting
/// for answers wakes at once. Clearing only clears `s` if it is still the one set.
void cogsh_set_stop_wakeup(sem_t *s);
void cogsh_clear_stop_wakeup(sem_t *s);
/// Waits on `s` for at most `seconds` of the monotonic clock: 0 when it was posted,
/// -1 when the time ran out (or a signal recorded a stop meanwhile).
int cogsh_sem_wait(sem_t *s, double seconds);

// ---- Warnings (warnings.c) -------------------------------------------------
/// Receives each finished warning (its parts joined) instead of stderr's
/// "Lua warning: ..." line; NULL restores that line. One per process.
typedef void (*cogsh_warning_sink)(const char *message, size_t length);
void cogsh_set_warning_sink(cogsh_warning_sink sink);

// ---- A state and its memory (memory.c) -------------------------------------
/// A new state whose allocator refuses to grow past `limit` bytes (0: no limit)
/// while Lua code runs; Swift frames are never refused (they cannot unwind).
lua_State *cogsh_newstate(size_t limit);
/// Closes a state made by cogsh_newstate and frees its allocator state.
void cogsh_close(lua_State *L);
size_t cogsh_memory_used(lua_State *L);
/// Prints the error and aborts: an error outside any protected call is a bug.
int cogsh_panic(lua_State *L);

#endif
