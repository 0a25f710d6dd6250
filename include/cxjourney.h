/* libcxjourney: customer-experience journey maps and the metrics that judge
 * them. Hosts include only this header. */
#ifndef CXJOURNEY_H
#define CXJOURNEY_H

#include "cxjourney/common.h"
#include "cxjourney/journey.h"
#include "cxjourney/metric.h"
#include "cxjourney/correlation.h"
#include "cxjourney/drivers.h"
#include "cxjourney/io.h"
#include "cxjourney/responses.h"
#include "cxjourney/score.h"

#endif
