/* error.c: the thread-local last error and the names of status codes. The
 * record lives in static thread storage so that reporting an allocation
 * failure never needs memory. */
#include <stdio.h>
#include <string.h>

#include "base.h"

#define MESSAGE_MAX 512
#define FILE_MAX 1024

static __thread struct {
	cxj_error pub;
	char message[MESSAGE_MAX];
	char file[FILE_MAX];
	int ready;
} last;

static void ensure_ready(void)
{
	if (last.ready)
		return;
	last.pub.code = CXJ_OK;
	last.pub.message = last.message;
	strcpy(last.message, "no error");
	last.ready = 1;
}

const cxj_error *cxj_error_last(void)
{
	ensure_ready();
	return &last.pub;
}

void cxj_error_clear(void)
{
	last.ready = 0;
	last.pub.file = NULL;
	last.pub.line = last.pub.column = 0;
	ensure_ready();
}

const char *cxj_strerror(int code)
{
	switch (code) {
	case CXJ_OK: return "no error";
	case CXJ_ENOMEM: return "out of memory";
	case CXJ_EINVAL: return "invalid argument";
	case CXJ_EPARSE: return "malformed input";
	case CXJ_EIO: return "input/output error";
	case CXJ_ENOTFOUND: return "not found";
	case CXJ_EEXIST: return "already exists";
	case CXJ_ELIMIT: return "limit exceeded";
	case CXJ_ERANGE: return "value out of range";
	case CXJ_EINUSE: return "still in use";
	default: return "unknown error";
	}
}

int cxj__error_va(int code, const char *file, unsigned line, unsigned column,
		  const char *fmt, va_list ap)
{
	ensure_ready();
	last.pub.code = code;
	vsnprintf(last.message, sizeof last.message, fmt, ap);
	if (file) {
		snprintf(last.file, sizeof last.file, "%s", file);
		last.pub.file = last.file;
	} else {
		last.pub.file = NULL;
	}
	last.pub.line = line;
	last.pub.column = column;
	return code;
}

int cxj__error(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cxj__error_va(code, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return code;
}

int cxj__error_at(int code, const char *file, unsigned line, unsigned column,
		  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cxj__error_va(code, file, line, column, fmt, ap);
	va_end(ap);
	return code;
}

int cxj__nomem(void)
{
	return cxj__error(CXJ_ENOMEM, "out of memory");
}
