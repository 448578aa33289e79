// A state's life and its memory: an allocator that refuses to grow past the limit
// only while Lua code runs (Lua then raises "not enough memory" itself), never while a
// Swift frame allocates (it could not unwind; the trampoline raises once it returned).
#include "shim_internal.h"

#include <stdio.h>
#include <stdlib.h>

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

alloc_state *shim_alloc_state(lua_State *L) {
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

lua_State *cogsh_newstate(size_t limit) {
    alloc_state *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    st->limit = limit;
    lua_State *L = lua_newstate(cogsh_alloc, st);
    if (!L) { free(st); return NULL; }
    lua_atpanic(L, cogsh_panic);
    st->warnings = shim_install_warnings(L);
    return L;
}

void cogsh_close(lua_State *L) {
    alloc_state *st = shim_alloc_state(L);
    lua_close(L);
    shim_free_warnings(st->warnings);
    free(st);   /* the allocator's bookkeeping outlives every free lua_close makes */
}

size_t cogsh_memory_used(lua_State *L) { return shim_alloc_state(L)->used; }
