/* fuzz_yaml_load.c: any bytes through the YAML loader, leniently and
 * strictly; a journey that loads must save and load again to the same text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cxjourney.h"

static void check_round_trip(const cxj_journey *j)
{
	char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;
	cxj_journey *again = NULL;
	if (cxj_journey_save_buffer(j, NULL, &a, &alen) != CXJ_OK)
		return; /* only out of memory may stop a save */
	if (cxj_journey_load_buffer(a, alen, "saved", NULL, &again) != CXJ_OK)
		abort(); /* what we write we must read */
	if (cxj_journey_save_buffer(again, NULL, &b, &blen) != CXJ_OK)
		abort();
	if (alen != blen || memcmp(a, b, alen) != 0)
		abort(); /* the canonical form is a fixed point */
	cxj_free(a);
	cxj_free(b);
	cxj_journey_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	cxj_diagnostics *w = NULL;
	cxj_journey *j = NULL;
	/* small limits keep each run short while still reaching them */
	o.max_document_size = 1 << 20;
	o.max_objects = 10000;
	if (cxj_journey_load_buffer(data, size, "fuzz", &o, &j) == CXJ_OK) {
		check_round_trip(j);
		cxj_journey_free(j);
	}
	o.flags = CXJ_LOAD_UNKNOWN_KEYS_WARN;
	o.warnings = &w;
	j = NULL;
	if (cxj_journey_load_buffer(data, size, "fuzz", &o, &j) == CXJ_OK) {
		cxj_diagnostics_count(w);
		check_round_trip(j);
		cxj_journey_free(j);
		cxj_diagnostics_free(w);
	}
	return 0;
}
