// Coroutines and host waits: cogsh's coroutine.resume and coroutine.wrap, which behave
// as lcorolib's and also pass a host wait (a yield whose first value is the wait
// marker) on to their own resumer, or wait in place where they cannot yield.
#include "shim_internal.h"

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
    lua_State *previous = shim_running_thread;
    shim_running_thread = co;
    int nres = 0;
    int status = lua_resume(co, L, narg, &nres);
    shim_running_thread = previous;
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

/* Called from Swift: raw access only, so no metamethod can run and nothing can raise. */
void cogsh_open_passthrough_coroutines(lua_State *L) {
    lua_pushglobaltable(L);
    lua_pushliteral(L, "coroutine");
    if (lua_rawget(L, -2) == LUA_TTABLE) {
        lua_pushliteral(L, "resume");
        lua_pushcfunction(L, co_resume);
        lua_rawset(L, -3);
        lua_pushliteral(L, "wrap");
        lua_pushcfunction(L, co_wrap);
        lua_rawset(L, -3);
    }
    lua_pop(L, 2);
}

int cogsh_task_resume(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "thread");
    return resume_results(L, resume_values(L, co, lua_gettop(L) - 1));
}
