/* fuzz_csv.c: the CSV import on arbitrary bytes. The first byte picks the
 * options (its top bit: a wide file of questions q1, q2, q3); every outcome must leave a consistent store (all or nothing),
 * and an import cut into parts for threads must end exactly as one
 * without: the same store, or the same error at the same place. */
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cxjourney.h"
#include "../same_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The same import in 2 to 5 parts against the one already done. */
static void same_in_parts(const uint8_t *data, size_t size,
			  const cxj_csv_options *o, int rc,
			  const cxj_responses *r)
{
	cxj_csv_options parts = *o;
	cxj_responses *p = NULL;
	cxj_error e = *cxj_error_last();
	char why[128], message[400];
	int prc;
	snprintf(message, sizeof message, "%s", e.message);
	parts.threads = 2 + (int)(size % 4);
	if (cxj_responses_new(&p) != CXJ_OK)
		return;
	prc = cxj_responses_import_csv_buffer(p, (const char *)data, size,
					      &parts);
	if (prc != rc)
		abort();
	if (rc != CXJ_OK) {
		const cxj_error *pe = cxj_error_last();
		if (pe->code != e.code || pe->line != e.line ||
		    pe->column != e.column || strcmp(pe->message, message))
			abort();
	} else if (!cxjt_same_store(r, p, why, sizeof why)) {
		abort();
	}
	cxj_responses_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cxj_responses *r = NULL;
	cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
	uint8_t flags = size ? data[0] : 0;
	int rc;
	if (size) {
		data++;
		size--;
	}
	static const char *const qcols[] = {"q1", "q2", "q3"};
	static const char *const qtargets[] = {"t", "j", "s"};
	static const char *const qmetrics[] = {"csat", "nps", "aht"};
	o.skip_bad_rows = flags & 1;
	if (flags & 2)
		o.delimiter = ';';
	if (flags & 4)
		o.metric = "nps";
	if (flags & 0x80) {
		o.question_columns = qcols;
		o.question_targets = qtargets;
		o.question_metrics = qmetrics;
		o.question_count = 3;
	}
	if (cxj_responses_new(&r) != CXJ_OK)
		return 0;
	rc = cxj_responses_import_csv_buffer(r, (const char *)data, size, &o);
	same_in_parts(data, size, &o, rc, r);
	if (rc != CXJ_OK) {
		const cxj_error *e = cxj_error_last();
		/* a failed import stores nothing and says where */
		if (cxj_responses_count(r) != 0 || e->code != rc ||
		    (rc == CXJ_EPARSE && e->line == 0))
			abort();
	} else {
		size_t n = cxj_responses_count(r);
		for (size_t i = 0; i < n; i++) {
			const char *s = cxj_responses_respondent(r, i);
			int kind = cxj_responses_kind(r, i);
			double v = cxj_responses_score(r, i);
			if (!s || !*s || !cxj_responses_target(r, i) ||
			    !cxj_responses_segment(r, i))
				abort();
			if ((kind == CXJ_NPS && (v < 0 || v > 10)) ||
			    (kind == CXJ_CSAT && (v < 1 || v > 5)) ||
			    (kind == CXJ_CES && (v < 1 || v > 7)))
				abort();
		}
		/* scoring takes whatever the import took: every answer is
		 * counted under the journey or as unknown */
		if (flags & 8) {
			cxj_journey *j = NULL;
			cxj_stage *st;
			cxj_scores *sc = NULL;
			cxj_score_options so = CXJ_SCORE_OPTIONS_INIT;
			so.period = (cxj_period)((flags >> 4) % 5);
			if (cxj_journey_new("j", &j) == CXJ_OK &&
			    cxj_journey_add_stage(j, "s", &st) == CXJ_OK &&
			    cxj_stage_add_touchpoint(st, "t", NULL) == CXJ_OK &&
			    cxj_journey_score(j, r, &so, &sc) == CXJ_OK) {
				cxj_selection all = CXJ_SELECTION_INIT;
				uint64_t known;
				all.rollup = 1;
				known = cxj_scores_contacts(sc, "j", &all);
				for (size_t m = 0;
				     m < cxj_responses_string_count(
					     r, CXJ_TABLE_METRICS);
				     m++) {
					const cxj_metric *mm =
					    cxj_scores_metric(
						sc, "j",
						cxj_responses_string_at(
						    r, CXJ_TABLE_METRICS, m),
						&all);
					known += mm ? cxj_metric_count(mm) : 0;
				}
				if (known + cxj_scores_unknown_count(sc) != n)
					abort();
			}
			cxj_scores_free(sc);
			cxj_journey_free(j);
		}
		/* the same bytes again intern to the same strings */
		if (cxj_responses_import_csv_buffer(r, (const char *)data, size,
						    &o) == CXJ_OK &&
		    (cxj_responses_count(r) != 2 * n ||
		     (n && strcmp(cxj_responses_respondent(r, 0),
				  cxj_responses_respondent(r, n)) != 0)))
			abort();
	}
	cxj_responses_free(r);
	return 0;
}
