/* libcxjourney: status codes, the thread-local last error, the version and
 * the allocator. Every other public header includes this one. */
#ifndef CXJOURNEY_COMMON_H
#define CXJOURNEY_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(CXJ_BUILDING)
#define CXJ_EXTERN __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#define CXJ_EXTERN __attribute__((visibility("default")))
#else
#define CXJ_EXTERN
#endif

#define CXJ_VERSION_MAJOR 0
#define CXJ_VERSION_MINOR 1
#define CXJ_VERSION_PATCH 0
#define CXJ_VERSION_STRING "0.1.0"
/* MAJOR * 10000 + MINOR * 100 + PATCH, as SQLITE_VERSION_NUMBER */
#define CXJ_VERSION_NUMBER                                                     \
	(CXJ_VERSION_MAJOR * 10000 + CXJ_VERSION_MINOR * 100 + CXJ_VERSION_PATCH)

/* Status codes: 0 or negative. Append-only, never renumbered. */
#define CXJ_OK 0
#define CXJ_ENOMEM (-1)    /* an allocation failed */
#define CXJ_EINVAL (-2)    /* an argument is not acceptable */
#define CXJ_EPARSE (-3)    /* input text or bytes are malformed */
#define CXJ_EIO (-4)       /* reading or writing a file failed */
#define CXJ_ENOTFOUND (-5) /* no object of that id or index */
#define CXJ_EEXIST (-6)    /* the id is already taken */
#define CXJ_ELIMIT (-7)    /* a configured limit was exceeded */
#define CXJ_ERANGE (-8)    /* a value lies outside its scale */
#define CXJ_EINUSE (-9)    /* still referenced, or too late to change */

/* The details of the last failure on the calling thread. */
typedef struct cxj_error {
	int code;            /* CXJ_OK when nothing has failed yet */
	const char *message; /* one line, never NULL */
	const char *file;    /* input file, or NULL when none applies */
	unsigned line;       /* counted from 1; 0 when unknown */
	unsigned column;     /* counted from 1; 0 when unknown */
} cxj_error;

/* The details of the calling thread's last failure: never NULL, its code
 * CXJ_OK until a call fails. Valid until the next failing call on this
 * thread, or cxj_error_clear; successful calls need not reset it, so read it
 * right after the call that failed. */
CXJ_EXTERN const cxj_error *cxj_error_last(void);
/* Resets the calling thread's last error to CXJ_OK, "no error", with no
 * file and no position. */
CXJ_EXTERN void cxj_error_clear(void);
/* A short name for a status code ("out of memory"), a static string;
 * "unknown error" for a code not listed above, never NULL. */
CXJ_EXTERN const char *cxj_strerror(int code);

/* The version of the library that runs, as CXJ_VERSION_STRING (a static
 * string) and as CXJ_VERSION_NUMBER computes it: compare them with the
 * macros of the header a program was built with. They cannot fail. */
CXJ_EXTERN const char *cxj_version(void);
CXJ_EXTERN int cxj_version_number(void);

/* Routes every allocation the library makes. Call it before any other
 * function of the library; afterwards it fails with CXJ_EINUSE. NULL restores
 * the C library's malloc, realloc and free. */
typedef struct cxj_allocator {
	void *(*malloc)(size_t size, void *user);
	void *(*realloc)(void *ptr, size_t size, void *user);
	void (*free)(void *ptr, void *user);
	void *user;
} cxj_allocator;

/* Installs a copy of *allocator, or the default for NULL. CXJ_EINVAL when
 * its malloc, realloc or free is NULL; CXJ_EINUSE once the library has
 * allocated anything, the allocator in place staying. */
CXJ_EXTERN int cxj_set_allocator(const cxj_allocator *allocator);
/* Releases memory the library handed to the caller (saved buffers, state
 * bytes). NULL is a no-op. */
CXJ_EXTERN void cxj_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif
