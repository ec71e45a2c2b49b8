/*
 * Macros for constructs spatch 1.1.1 does not parse on its own, given to
 * spatch with --macro-file (Coccinelle's standard.h still applies).  Only the
 * shape matters: spatch must see a statement or an expression it knows.
 */
#define scoped_guard(_name, args...) for (;;)
#define scoped_cond_guard(_name, _fail, args...) for (;;)
#define __free(_name)
#define __cleanup(func)
#define no_free_ptr(p) (p)
#define return_ptr(p) return p
