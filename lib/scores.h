/* scores.h: what the scores share with the comparisons of segments
 * (score.c, segments.c). */
#ifndef CXJ_SCORES_H
#define CXJ_SCORES_H

#include "base.h"

/* A selection the caller passed (NULL: everything), of any version, into
 * *full at the current version. CXJ_EINVAL for an unknown version. */
int cxj__selection_read(const cxj_selection *in, cxj_selection *full);

#endif
