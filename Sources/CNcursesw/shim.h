// The C surface of ncursesw that Swift uses, and nothing else. What Swift cannot import
// (macros, globals that are not concurrency-safe) is wrapped in static inline functions.
#ifndef LIAISON_CNCURSESW_SHIM_H
#define LIAISON_CNCURSESW_SHIM_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#define NCURSES_WIDECHAR 1

#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *liaison_stdscr(void) { return stdscr; }
static inline int liaison_lines(void) { return LINES; }
static inline int liaison_columns(void) { return COLS; }

static inline attr_t liaison_attr_normal(void) { return A_NORMAL; }
static inline attr_t liaison_attr_bold(void) { return A_BOLD; }
static inline attr_t liaison_attr_reverse(void) { return A_REVERSE; }
static inline attr_t liaison_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t liaison_attr_dim(void) { return A_DIM; }

static inline int liaison_key_code_yes(void) { return KEY_CODE_YES; }
static inline int liaison_err(void) { return ERR; }

/// Sets the attributes and colour pair of what is drawn next.
static inline int liaison_set_attributes(attr_t attributes, short pair) {
    return attr_set(attributes, pair, NULL);
}

/// Whether the terminal can place the cursor anywhere: without it curses cannot run a
/// full-screen interface (TERM=dumb).
static inline int liaison_can_address_cursor(void) {
    const char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

#endif
