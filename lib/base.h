/* base.h: what every translation unit of the library uses: the public API,
 * recording errors, and the checks of versioned structs. Never installed;
 * helpers are named cxj__* and are not exported. */
#ifndef CXJ_BASE_H
#define CXJ_BASE_H


#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cxjourney.h"

#if defined(__GNUC__) || defined(__clang__)
#define CXJ__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CXJ__PRINTF(f, a)
#endif

/* Refuses a NULL handle with CXJ_EINVAL, naming the argument. */
#define CHECK_HANDLE(h)                                                        \
	do {                                                                   \
		if (!(h))                                                      \
			return cxj__error(CXJ_EINVAL, "%s is NULL", #h);       \
	} while (0)

/* error.c: record the failure and return its code. */
int cxj__error(int code, const char *fmt, ...) CXJ__PRINTF(2, 3);
int cxj__error_at(int code, const char *file, unsigned line, unsigned column,
		  const char *fmt, ...) CXJ__PRINTF(5, 6);
int cxj__error_va(int code, const char *file, unsigned line, unsigned column,
		  const char *fmt, va_list ap);
int cxj__nomem(void);

/* version.c: CXJ_EINVAL naming what unless version is 1..max. */
int cxj__check_version(unsigned int version, unsigned int max,
		       const char *what);
/* version.c: a versioned struct type: its name and _INIT macro's (for
 * messages), its _INIT value at the current version max, and sizes[v - 1],
 * the size of version v (the offset of the first field v + 1 added). */
typedef struct cxj__versioned {
	const char *type, *init_name;
	const void *init;
	unsigned int max;
	const size_t *sizes;
} cxj__versioned;
/* Defines the descriptor name of struct type, current version max, from
 * its _INIT value and the sizes of its versions. */
#define CXJ__VERSIONED(name, T, INIT, ...)                                     \
	static const T name##_init = INIT;                                     \
	static const size_t name##_sizes[] = {__VA_ARGS__};                    \
	static const cxj__versioned name = {                                   \
	    #T, #INIT, &name##_init,                                           \
	    (unsigned)(sizeof name##_sizes / sizeof *name##_sizes),            \
	    name##_sizes}
/* The *_init function: the _INIT value of that version into p (only the
 * bytes it has). CXJ_EINVAL naming what when p is NULL, or the type for a
 * version not 1..max. */
int cxj__versioned_init(const cxj__versioned *d, void *p,
			unsigned int version, const char *what);
/* A struct the caller passed in (in: NULL for the defaults), of any
 * version 1..max, into *full at the current version: its absent fields
 * get their _INIT values. CXJ_EINVAL for another version. */
int cxj__versioned_read(const cxj__versioned *d, const void *in, void *full);
/* Checks the version of a struct the library will write into. */
int cxj__versioned_check(const cxj__versioned *d, const void *out);
/* Writes *full (current version) into out, only the bytes out's version
 * has; out keeps its version. */
void cxj__versioned_write(const cxj__versioned *d, void *out,
			  const void *full);

#endif
