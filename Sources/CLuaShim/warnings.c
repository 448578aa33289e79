// Warnings, by the rules of lauxlib's warnfoff/warnfon/warnfcont (lua.c's): off until
// "@on" (-W), "@off" turns them off again. A control message is a message in a single
// piece that starts with '@'; an unknown one ("@xyz") is ignored. A message may come in
// pieces (tocont): once the first piece of a message has been taken, every later piece
// belongs to it, even one that looks like "@on". While warnings are off, each piece is
// looked at alone, so the last piece of a message may still be a control message.
// Each finished warning goes to the host's sink, or to stderr as "Lua warning: ...".
// Pieces are collected first, so the sink gets the whole message.
#include "shim_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct warn_state {
    int on;
    int continuing;   /* pieces of a message taken, more to come (lua.c's warnfcont) */
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
    if (!w->continuing) {
        if (!tocont && message[0] == '@') {   /* a control message */
            if (strcmp(message + 1, "on") == 0) w->on = 1;
            else if (strcmp(message + 1, "off") == 0) w->on = 0;
            return;
        }
        if (!w->on) return;
    }
    warn_append(w, message);
    w->continuing = tocont;
    if (tocont) return;
    if (warning_sink) {
        warning_sink(w->text ? w->text : "", w->len);
    } else {
        fprintf(stderr, "Lua warning: %s\n", w->text ? w->text : "");
        fflush(stderr);
    }
    w->len = 0;
}

warn_state *shim_install_warnings(lua_State *L) {
    warn_state *w = calloc(1, sizeof *w);
    if (w) lua_setwarnf(L, warnf, w);
    return w;
}

void shim_free_warnings(warn_state *w) {
    if (!w) return;
    free(w->text);
    free(w);
}
