// Running chunks: the protected call every chunk runs in, its message handler (lua.c's,
// plus the host's error objects and a traceback filter), and traceback(co, msg, level).
#include "shim_internal.h"

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

int shim_pcall(lua_State *L, int nargs, int nresults, lua_CFunction handler) {
    int base = 0;
    if (handler) {
        base = lua_gettop(L) - nargs;
        lua_pushcfunction(L, handler);
        lua_insert(L, base);
    }
    alloc_state *st = shim_alloc_state(L);
    int was_running = st->lua_running;
    st->lua_running = 1;
    int status = lua_pcall(L, nargs, nresults, base);
    st->lua_running = was_running;
    if (handler) lua_remove(L, base);
    return status;
}

int cogsh_pcall(lua_State *L, int nargs, int nresults) {
    return shim_pcall(L, nargs, nresults, cogsh_msghandler);
}
