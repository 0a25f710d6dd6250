/* itsm_report.c: loads the ITSM support journey from YAML, scores the survey
 * answers and contacts of a quarter, and prints what a CX team reports.
 * Usage: itsm_report [journey.yaml [responses.csv]] */
#include <math.h>
#include <stdio.h>

#include <cxjourney.h>

static int fail(const char *what)
{
	const cxj_error *e = cxj_error_last();
	if (e->file && e->line)
		fprintf(stderr, "itsm_report: %s: %s:%u:%u: %s\n", what,
			e->file, e->line, e->column, e->message);
	else
		fprintf(stderr, "itsm_report: %s: %s\n", what, e->message);
	return 1;
}

/* "62.5 [48.1, 75.0] n=24", or "-" without answers. */
static void print_figure(const cxj_metric *m)
{
	double lo, hi;
	if (!m || cxj_metric_count(m) == 0) {
		printf("%-26s", "-");
		return;
	}
	if (cxj_metric_ci(m, 0.95, &lo, &hi) != CXJ_OK)
		lo = hi = NAN;
	printf("%5.1f [%5.1f, %5.1f] n=%-3llu", cxj_metric_value(m), lo, hi,
	       (unsigned long long)cxj_metric_count(m));
}

static void print_touchpoints(const cxj_journey *j, const cxj_scores *sc)
{
	static const char *names[] = {"unknown", "negative", "neutral",
				      "positive"};
	printf("%-15s %-26s %-26s %8s %8s %s\n", "touchpoint",
	       "CSAT top-2 % [95% CI]", "CES mean [95% CI]", "CSAT gap", "contacts",
	       "experience");
	for (size_t s = 0; s < cxj_journey_stage_count(j); s++) {
		const cxj_stage *st = cxj_journey_stage_at(j, s);
		for (size_t t = 0; t < cxj_stage_touchpoint_count(st); t++) {
			const char *id =
				cxj_touchpoint_id(cxj_stage_touchpoint_at(st, t));
			printf("%-15s ", id);
			print_figure(cxj_scores_metric(sc, id, "csat", NULL));
			printf(" ");
			print_figure(cxj_scores_metric(sc, id, "ces", NULL));
			double gap = cxj_scores_gap(sc, id, "csat");
			printf(" ");
			if (isnan(gap))
				printf("%8s", "-");
			else
				printf("%+8.1f", gap);
			printf(" %8llu %s\n",
			       (unsigned long long)cxj_scores_contacts(sc, id,
								       NULL),
			       names[cxj_scores_experience(sc, id)]);
		}
	}
}

/* Journey NPS of the Finnish against the Swedish customer teams. */
static int compare_countries(const cxj_journey *j, const cxj_scores *sc)
{
	cxj_selection fi = CXJ_SELECTION_INIT, se = CXJ_SELECTION_INIT;
	cxj_comparison c = CXJ_COMPARISON_INIT;
	const cxj_metric *a, *b;
	fi.segment = "FI";
	se.segment = "SE";
	a = cxj_scores_metric(sc, cxj_journey_id(j), "nps", &fi);
	b = cxj_scores_metric(sc, cxj_journey_id(j), "nps", &se);
	printf("\njourney NPS  all ");
	print_figure(cxj_scores_metric(sc, cxj_journey_id(j), "nps", NULL));
	printf("\n             FI  ");
	print_figure(a);
	printf("\n             SE  ");
	print_figure(b);
	printf("\n");
	if (!a || !b || cxj_metric_compare(a, b, &c) != CXJ_OK)
		return fail("comparing FI and SE");
	printf("FI - SE: %+.1f points, z = %.2f, p = %.3f (%s at 5%%)\n",
	       c.difference, c.statistic, c.p_value,
	       c.p_value < 0.05 ? "significant" : "not significant");
	return 0;
}

/* Which touchpoints move the journey NPS, against their CSAT. */
static int print_drivers(const cxj_journey *j, const cxj_responses *r)
{
	cxj_drivers *d;
	if (cxj_journey_drivers(j, r, CXJ_NPS, NULL, &d) != CXJ_OK)
		return fail("key drivers");
	printf("\nkey drivers of the journey NPS (Spearman, %zu respondents, "
	       "relative weights R2 = %.2f)\n",
	       cxj_drivers_respondents(d), cxj_drivers_r2(d));
	printf("%-15s %6s %6s %7s %7s  %s\n", "touchpoint", "r", "p",
	       "weight%", "CSAT%", "quadrant");
	for (size_t i = 0; i < cxj_drivers_count(d); i++) {
		cxj_driver dr = CXJ_DRIVER_INIT;
		if (cxj_drivers_get(d, i, &dr) != CXJ_OK)
			break;
		printf("%-15s %+6.2f %6.3f %7.1f %7.1f  %s\n", dr.touchpoint,
		       dr.importance, dr.p_value, dr.relative_share,
		       dr.performance, cxj_quadrant_name(dr.quadrant));
	}
	cxj_drivers_free(d);
	return 0;
}

int main(int argc, char **argv)
{
	const char *map = argc > 1 ? argv[1] : "examples/itsm-support.yaml";
	const char *csv = argc > 2 ? argv[2] : "examples/itsm-responses.csv";
	cxj_journey *j = NULL;
	cxj_responses *r = NULL;
	cxj_scores *sc = NULL;
	int rc = 1;
	if (cxj_journey_load_file(map, NULL, &j) != CXJ_OK) {
		fail("loading the journey");
		goto done;
	}
	if (cxj_journey_validate(j, NULL) != CXJ_OK) {
		fail("validating the journey");
		goto done;
	}
	if (cxj_responses_new(&r) != CXJ_OK ||
	    cxj_responses_import_csv_file(r, csv, NULL) != CXJ_OK) {
		fail("importing the answers");
		goto done;
	}
	if (cxj_journey_score(j, r, NULL, &sc) != CXJ_OK) {
		fail("scoring");
		goto done;
	}
	printf("%s: %zu touchpoints, %zu answers and contacts from %s\n\n",
	       cxj_journey_name(j), cxj_journey_touchpoint_count(j),
	       cxj_responses_count(r), csv);
	print_touchpoints(j, sc);
	for (size_t i = 0; i < cxj_scores_unknown_id_count(sc); i++)
		printf("not in the map: '%s' (%llu answer(s))\n",
		       cxj_scores_unknown_id_at(sc, i),
		       (unsigned long long)cxj_scores_unknown_id_answers(sc, i));
	rc = compare_countries(j, sc) || print_drivers(j, r);
done:
	cxj_scores_free(sc);
	cxj_responses_free(r);
	cxj_journey_free(j);
	return rc;
}
