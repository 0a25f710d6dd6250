/* dump.h: cxjt_dump, the journey as text (dump.c). */
#ifndef CXJ_DUMP_H
#define CXJ_DUMP_H

#include "cxjourney.h"

/* Everything a journey holds, as text through the public getters, so that
 * two journeys (or one before and after a failed call) can be compared.
 * The caller frees the result with free(). */
char *cxjt_dump(const cxj_journey *journey);

#endif
