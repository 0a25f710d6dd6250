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
/* version.c: the *_init of a versioned struct of size bytes whose
 * leading member is its version: CXJ_EINVAL naming it (what) when NULL,
 * or naming its type when version is not 1..max; else a copy of init
 * (its _INIT value) with the version set. */
int cxj__init_struct(void *p, const void *init, size_t size,
		     unsigned int version, unsigned int max, const char *what,
		     const char *type);

#endif
