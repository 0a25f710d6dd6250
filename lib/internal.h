/* internal.h: every private header of the library at once, for the tests,
 * which reach into any concern. A translation unit of the library includes
 * only the headers of the concerns it uses. */
#ifndef CXJ_INTERNAL_H
#define CXJ_INTERNAL_H

#include "alloc.h"
#include "base.h"
#include "civil.h"
#include "files.h"
#include "metrics.h"
#include "model.h"
#include "stats.h"
#include "store.h"
#include "text.h"
#include "yaml_reader.h"

#endif
