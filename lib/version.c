/* version.c: the version the library was built as, so that hosts can check
 * that the header they compiled against matches the library they run. */
#include "internal.h"

const char *cxj_version(void)
{
	return CXJ_VERSION_STRING;
}

int cxj_version_number(void)
{
	return CXJ_VERSION_NUMBER;
}
