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

/* ---- versioned structs ----
 * A program built against an older header passes a struct of an older
 * version: smaller, its later fields absent. The library reads and writes
 * only the bytes that version has, and gives the absent fields their
 * _INIT values. */

static size_t size_of(const cxj__versioned *d, unsigned int version)
{
	return d->sizes[version - 1];
}

int cxj__versioned_init(const cxj__versioned *d, void *p,
			unsigned int version, const char *what)
{
	if (!p)
		return cxj__error(CXJ_EINVAL, "%s is NULL", what);
	if (cxj__check_version(version, d->max, d->type))
		return CXJ_EINVAL;
	memcpy(p, d->init, size_of(d, version));
	memcpy(p, &version, sizeof version);
	return CXJ_OK;
}

/* The version of a struct the caller passed, checked. */
static int version_of(const cxj__versioned *d, const void *p, unsigned *out)
{
	memcpy(out, p, sizeof *out);
	if (*out < 1 || *out > d->max)
		return cxj__error(CXJ_EINVAL,
				  "%s version %u is not supported (initialize "
				  "it with %s)",
				  d->type, *out, d->init_name);
	return CXJ_OK;
}

int cxj__versioned_read(const cxj__versioned *d, const void *in, void *full)
{
	unsigned version;
	memcpy(full, d->init, size_of(d, d->max));
	if (!in)
		return CXJ_OK;
	if (version_of(d, in, &version))
		return CXJ_EINVAL;
	memcpy(full, in, size_of(d, version));
	memcpy(full, &d->max, sizeof d->max);
	return CXJ_OK;
}

int cxj__versioned_check(const cxj__versioned *d, const void *out)
{
	unsigned version;
	return version_of(d, out, &version);
}

void cxj__versioned_write(const cxj__versioned *d, void *out,
			  const void *full)
{
	unsigned version;
	memcpy(&version, out, sizeof version);
	memcpy(out, full, size_of(d, version));
	memcpy(out, &version, sizeof version);
}
