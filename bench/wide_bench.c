/* wide_bench.c: times the wide import (cxj_csv_options questions) and
 * cxj_journey_score on wide_gen's file and prints the figures
 * bench_wide.sh compares, with a few values the other tools must match.
 * usage: wide_bench file.csv */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <cxjourney.h>

#include "bench_clock.h"

int main(int argc, char **argv)
{
	static const char *const cols[12] = {"q01", "q02", "q03", "q04",
					     "q05", "q06", "q07", "q08",
					     "q09", "q10", "q11", "q12"};
	static const char *const targets[12] = {
	    "tp01", "tp02", "tp03", "tp04", "tp05", "tp06",
	    "tp07", "tp08", "tp09", "tp10", "bench", "stage1"};
	static const char *const metrics[12] = {"csat", "csat", "csat", "csat",
						"csat", "csat", "csat", "csat",
						"ces",	"ces",	"nps",	"nps"};
	cxj_journey *j;
	cxj_responses *r = NULL;
	cxj_scores *s = NULL;
	cxj_selection sel = CXJ_SELECTION_INIT;
	const char *env = getenv("ROUNDS");
	int rounds = env && atoi(env) > 0 ? atoi(env) : 3;
	double best[4] = {1e9, 1e9, 1e9, 1e9};
	char id[16];
	if (argc < 2) {
		fprintf(stderr, "usage: wide_bench file.csv\n");
		return 2;
	}
	/* the map: two stages of five touchpoints */
	if (cxj_journey_new("bench", &j))
		die("journey");
	for (int st = 1; st <= 2; st++) {
		cxj_stage *stage;
		snprintf(id, sizeof id, "stage%d", st);
		if (cxj_journey_add_stage(j, id, &stage))
			die("stage");
		for (int t = st * 5 - 4; t <= st * 5; t++) {
			cxj_touchpoint *tp;
			snprintf(id, sizeof id, "tp%02d", t);
			if (cxj_stage_add_touchpoint(stage, id, &tp))
				die("touchpoint");
		}
	}
	/* import and score, end to end, each round from a fresh store; the
	 * best of the rounds is kept, as for the other tools */
	for (int k = 0; k < rounds; k++) {
		cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
		double t0, t1, t2, c0, c1, c2;
		o.question_columns = cols;
		o.question_targets = targets;
		o.question_metrics = metrics;
		o.question_count = 12;
		cxj_scores_free(s);
		cxj_responses_free(r);
		s = NULL;
		r = NULL;
		if (cxj_responses_new(&r))
			die("responses");
		t0 = now();
		c0 = cpu();
		if (cxj_responses_import_csv_file(r, argv[1], &o))
			die("import");
		t1 = now();
		c1 = cpu();
		if (cxj_journey_score(j, r, NULL, &s))
			die("score");
		t2 = now();
		c2 = cpu();
		if (t1 - t0 < best[0])
			best[0] = t1 - t0;
		if (t2 - t1 < best[1])
			best[1] = t2 - t1;
		if (c1 - c0 < best[2])
			best[2] = c1 - c0;
		if (c2 - c1 < best[3])
			best[3] = c2 - c1;
	}
	printf("c_import_s %.3f\n", best[0]);
	printf("c_score_s %.3f\n", best[1]);
	printf("c_import_cpu_s %.3f\n", best[2]);
	printf("c_score_cpu_s %.3f\n", best[3]);
	printf("c_answers %zu\n", cxj_responses_count(r));
	sel.segment = "FI";
	printf("c_csat_tp01_FI %.9f\n",
	       cxj_metric_value(cxj_scores_metric(s, "tp01", "csat", &sel)));
	sel.segment = NULL;
	printf("c_ces_tp09 %.9f\n",
	       cxj_metric_value(cxj_scores_metric(s, "tp09", "ces", &sel)));
	printf("c_nps_bench %.9f\n",
	       cxj_metric_value(cxj_scores_metric(s, "bench", "nps", &sel)));
	cxj_scores_free(s);
	cxj_responses_free(r);
	cxj_journey_free(j);
	return 0;
}
