/* civil.h: proleptic Gregorian dates and day counts from 1970-01-01, for
 * the timestamps of the CSV import (csv.c) and the periods of scores
 * (score.c). Inline: both convert once per answer. */
#ifndef CXJ_CIVIL_H
#define CXJ_CIVIL_H

#include "base.h"

/* Days since 1970-01-01 of year y, month m (1..12), day d (1..31): the
 * civil-date algorithm counted in 400-year eras (146097 days each), with
 * years starting on March 1 so that a leap day ends its year. */
static inline int64_t cxj__civil_to_days(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* The year and month of day z since 1970-01-01 (the inverse, less the
 * day of the month, which no caller needs). */
static inline void cxj__civil_from_days(int64_t z, int64_t *y, unsigned *m)
{
	int64_t era, yy;
	unsigned doe, yoe, doy, mp;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

#endif
