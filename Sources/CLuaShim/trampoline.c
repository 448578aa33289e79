// Calling Swift: the one C function through which Lua calls every Swift function. The
// Swift dispatcher returns a status instead of raising; the raise happens here, after
// the Swift frame has returned, so no longjmp ever crosses a Swift frame.
#include "shim_internal.h"

static cogsh_dispatch_fn swift_dispatch;
static cogsh_release_fn swift_release;
static const char *const BOX_META = "cogsh.SwiftFunction";

void cogsh_set_dispatch(cogsh_dispatch_fn dispatch, cogsh_release_fn release) {
    swift_dispatch = dispatch;
    swift_release = release;
}

/* The userdata holding a closure box releases it when Lua collects the function. */
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
    alloc_state *st = shim_alloc_state(L);
    int was_running = st->lua_running;
    st->lua_running = 0;   /* Swift's allocations are never refused: it cannot unwind */
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
