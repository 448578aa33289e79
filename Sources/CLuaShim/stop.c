// Stopping a running chunk: a recorded reason (SIGINT, SIGTERM, the timeout) and a hook
// that raises the host's error for it at the next instruction, and keeps raising until
// the host clears the reason, so a script's pcall cannot swallow it.
#include "shim_internal.h"

volatile sig_atomic_t shim_stop_reason;
volatile sig_atomic_t shim_hooks_armed;
lua_State *volatile shim_running_thread;

static lua_State *volatile stop_target;
static char stop_keys[4];

const void *cogsh_stop_error_key(int reason) { return &stop_keys[reason & 3]; }

static void stop_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    int reason = shim_stop_reason;
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
    shim_hooks_armed = 1;
    // As lua.c: setting a hook is the one thing safe to do to a running state here.
    // The main thread, and the coroutine running now (hooks are per thread).
    lua_State *L = stop_target, *running = shim_running_thread;
    if (L) lua_sethook(L, stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
    if (running && running != L) lua_sethook(running, stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

void cogsh_request_stop(int reason) {
    if (shim_stop_reason == COGSH_STOP_NONE || reason == COGSH_STOP_TIMEOUT) shim_stop_reason = reason;
    arm_stop_hooks();
    shim_wake_for_stop();
}

void cogsh_stop_now(void) {
    if (shim_stop_reason != COGSH_STOP_NONE) arm_stop_hooks();
}

int cogsh_stop_reason(void) { return shim_stop_reason; }

void cogsh_clear_stop(lua_State *L) {
    shim_stop_reason = COGSH_STOP_NONE;
    shim_hooks_armed = 0;
    lua_sethook(L, NULL, 0, 0);
}

void cogsh_suspend_stop(lua_State *L) { lua_sethook(L, NULL, 0, 0); }

void cogsh_forget_stop(void) {
    shim_stop_reason = COGSH_STOP_NONE;
    shim_hooks_armed = 0;
    lua_State *L = stop_target;
    if (L) lua_sethook(L, NULL, 0, 0);
}
