// State the shim's C files share and Swift never sees (include/cogsh_shim.h is what
// Swift imports). Each name says which file owns it.
#ifndef COGSH_SHIM_INTERNAL_H
#define COGSH_SHIM_INTERNAL_H

#include <signal.h>
#include "cogsh_shim.h"

// ---- memory.c: the allocator's bookkeeping, one per state --------------------------
typedef struct warn_state warn_state;

typedef struct {
    size_t used;
    size_t limit;
    int lua_running;   // 1 while Lua code runs inside a shim pcall and not in Swift
    int over_limit;    // a Swift frame allocated past the limit
    warn_state *warnings;
} alloc_state;

/// The allocator state of L's Lua state (its allocator's userdata).
alloc_state *shim_alloc_state(lua_State *L);

// ---- warnings.c ---------------------------------------------------------------------
/// Installs lua.c's warning rules on a new state; NULL when out of memory (no warnings).
warn_state *shim_install_warnings(lua_State *L);
void shim_free_warnings(warn_state *w);

// ---- run.c --------------------------------------------------------------------------
/// lua_pcall with `handler` (NULL: none) under the function, and the allocator's limit
/// enforced while Lua runs inside it.
int shim_pcall(lua_State *L, int nargs, int nresults, lua_CFunction handler);

// ---- stop.c: what a signal or the timer asks, read and written from signal handlers --
extern volatile sig_atomic_t shim_stop_reason;
/// The stop hooks are set: one more SIGINT or SIGTERM means the run is stuck where no
/// hook can reach it (a long C call), and it ends at once (signals.c).
extern volatile sig_atomic_t shim_hooks_armed;
/// The coroutine running now, so a signal's hook reaches the code that runs (hooks are
/// per thread in Lua 5.4). Set around every resume (coroutines.c).
extern lua_State *volatile shim_running_thread;

// ---- wakeup.c -------------------------------------------------------------------------
/// Posts the host's wake-up semaphore, if one is set. Async-signal-safe.
void shim_wake_for_stop(void);

#endif
