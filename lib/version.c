/* version.c: the version the library was built as, so that hosts can check
 * that the header they compiled against matches the library they run, and
 * the one *_init behind every versioned option and result struct. */
#include <string.h>

#include "base.h"

const char *cxj_version(void)
{
	return CXJ_VERSION_STRING;
}

int cxj_version_number(void)
{
	return CXJ_VERSION_NUMBER;
}

int cxj__check_version(unsigned int version, unsigned int max,
		       const char *what)
{
	if (version < 1 || version > max)
		return cxj__error(CXJ_EINVAL, "%s version %u is not supported",
				  what, version);
	return CXJ_OK;
}

/* The *_init of a versioned result struct: checks it, copies its _INIT
 * value and sets its version, the leading member. what names it in the
 * NULL message. */
int cxj__init_struct(void *p, const void *init, size_t size,
		     unsigned int version, unsigned int max, const char *what,
		     const char *type)
{
	if (!p)
		return cxj__error(CXJ_EINVAL, "%s is NULL", what);
	if (cxj__check_version(version, max, type))
		return CXJ_EINVAL;
	memcpy(p, init, size);
	memcpy(p, &version, sizeof version);
	return CXJ_OK;
}
