/* fuzz_metric_state.c: cxj_metric_state_load on arbitrary bytes. A state
 * that loads must save back to the very same bytes, be one that answers
 * could produce (state_invariants.h), give intervals, comparisons and
 * target tests that end, and merge without fault. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cxjourney.h"
#include "state_invariants.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cxj_metric *m = NULL, *c = NULL;
	cxj_metric_summary s = CXJ_METRIC_SUMMARY_INIT;
	uint8_t *back = NULL;
	size_t len = 0;
	int rc = cxj_metric_state_load(data, size, &m);
	if (rc != CXJ_OK) {
		if (rc != CXJ_EPARSE && rc != CXJ_ENOMEM)
			abort();
		return 0;
	}
	if (cxj_metric_state_save(m, &back, &len) != CXJ_OK)
		abort();
	if (len != size || memcmp(back, data, size) != 0)
		abort();
	cxj_free(back);
	if (cxj_metric_summarize(m, &s) != CXJ_OK || s.count != cxj_metric_count(m))
		abort();
	if (cxjt_state_invariants(m))
		abort();
	if (cxj_metric_clone(m, &c) == CXJ_OK) {
		rc = cxj_metric_merge(c, m);
		if (rc != CXJ_OK && rc != CXJ_ERANGE)
			abort();
		if (rc == CXJ_OK &&
		    (cxj_metric_count(c) != 2 * cxj_metric_count(m) ||
		     cxjt_state_invariants(c) || cxjt_check_tests(m, c)))
			abort();
		cxj_metric_free(c);
	}
	cxj_metric_free(m);
	return 0;
}
