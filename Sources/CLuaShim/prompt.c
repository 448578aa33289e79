// The REPL's prompt, as lua.c's get_prompt makes it. Converting it may run Lua code (a
// __tostring metamethod) that raises, so it runs in a C function under a protected call.
#include "shim_internal.h"

/* get_prompt(first): _PROMPT (or _PROMPT2) read as lua.c reads it (lua_getglobal: a
   metatable on _G applies); nil stays nil (the default prompt); any other value goes
   through luaL_tolstring, as tostring() would: __tostring, then __name, then its type. */
static int get_prompt(lua_State *L) {
    if (lua_getglobal(L, lua_toboolean(L, 1) ? "_PROMPT" : "_PROMPT2") == LUA_TNIL) return 1;
    luaL_tolstring(L, -1, NULL);
    return 1;
}

int cogsh_prompt(lua_State *L, int first) {
    lua_pushcfunction(L, get_prompt);
    lua_pushboolean(L, first);
    /* No message handler: lua.c reports this error without a traceback. */
    return shim_pcall(L, 1, 1, NULL);
}
