/* same_store.h: whether two answer stores hold the same thing, answer by
 * answer and string table by string table (order included), for the tests
 * and the fuzz target that compare an import in threads with one without.
 * Header-only so that the fuzz build, which links no test helpers, has it. */
#ifndef CXJT_SAME_STORE_H
#define CXJT_SAME_STORE_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cxjourney.h"

/* 1 when equal; else 0, with the first difference described in why. */
static int cxjt_same_store(const cxj_responses *a, const cxj_responses *b,
			   char *why, size_t size)
{
	size_t n = cxj_responses_count(a);
	if (n != cxj_responses_count(b)) {
		snprintf(why, size, "%zu answers against %zu", n,
			 cxj_responses_count(b));
		return 0;
	}
	for (int t = 0; t < 4; t++) {
		size_t m = cxj_responses_string_count(a, (cxj_table)t);
		if (m != cxj_responses_string_count(b, (cxj_table)t)) {
			snprintf(why, size, "table %d: %zu strings against %zu",
				 t, m, cxj_responses_string_count(b, (cxj_table)t));
			return 0;
		}
		for (size_t i = 0; i < m; i++)
			if (strcmp(cxj_responses_string_at(a, (cxj_table)t, i),
				   cxj_responses_string_at(b, (cxj_table)t,
							   i)) != 0) {
				snprintf(why, size, "table %d, string %zu", t,
					 i);
				return 0;
			}
	}
	for (size_t i = 0; i < n; i++) {
		double sa = cxj_responses_score(a, i),
		       sb = cxj_responses_score(b, i);
		if (strcmp(cxj_responses_respondent(a, i),
			   cxj_responses_respondent(b, i)) ||
		    strcmp(cxj_responses_target(a, i),
			   cxj_responses_target(b, i)) ||
		    strcmp(cxj_responses_metric(a, i),
			   cxj_responses_metric(b, i)) ||
		    strcmp(cxj_responses_segment(a, i),
			   cxj_responses_segment(b, i)) ||
		    cxj_responses_kind(a, i) != cxj_responses_kind(b, i) ||
		    !(sa == sb || (isnan(sa) && isnan(sb))) ||
		    cxj_responses_source(a, i) != cxj_responses_source(b, i) ||
		    cxj_responses_timestamp(a, i) !=
			cxj_responses_timestamp(b, i) ||
		    cxj_responses_weight(a, i) != cxj_responses_weight(b, i)) {
			snprintf(why, size, "answer %zu differs", i);
			return 0;
		}
	}
	n = cxj_responses_skipped_count(a);
	if (n != cxj_responses_skipped_count(b)) {
		snprintf(why, size, "%zu skipped rows against %zu", n,
			 cxj_responses_skipped_count(b));
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		if (cxj_responses_skipped_line(a, i) !=
		    cxj_responses_skipped_line(b, i)) {
			snprintf(why, size, "skipped row %zu: line %u against %u",
				 i, cxj_responses_skipped_line(a, i),
				 cxj_responses_skipped_line(b, i));
			return 0;
		}
	return 1;
}

#endif
