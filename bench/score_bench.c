/* score_bench.c: times cxj_responses_import_csv_file and cxj_journey_score
 * on the benchmark file and prints the figures bench_score.sh compares.
 * usage: score_bench file.csv */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <cxjourney.h>

#include "bench_clock.h"

int main(int argc, char **argv)
{
	cxj_journey *j;
	cxj_responses *r = NULL;
	cxj_scores *s = NULL;
	cxj_selection sel = CXJ_SELECTION_INIT;
	double t0, t1, c0, c1, best = 1e9, best_cpu = 1e9;
	double best_import = 1e9, best_import_cpu = 1e9;
	const char *env = getenv("ROUNDS");
	int rounds = env && atoi(env) > 0 ? atoi(env) : 3;
	size_t core, opt, str, n;
	char id[16];
	if (argc < 2) {
		fprintf(stderr, "usage: score_bench file.csv\n");
		return 2;
	}
	/* the map: 1,000 touchpoints in 10 stages */
	if (cxj_journey_new("bench", &j))
		die("journey");
	for (int st = 0; st < 10; st++) {
		cxj_stage *stage;
		snprintf(id, sizeof id, "stage%d", st);
		if (cxj_journey_add_stage(j, id, &stage))
			die("stage");
		for (int t = st * 100; t < st * 100 + 100; t++) {
			cxj_touchpoint *tp;
			snprintf(id, sizeof id, "tp%04d", t);
			if (cxj_stage_add_touchpoint(stage, id, &tp))
				die("touchpoint");
		}
	}
	/* each half runs `rounds` times (ROUNDS, 3 by default) and keeps its
	 * best time: other jobs on the machine only ever slow a run down.
	 * The import runs with the default options (threads 0: one per
	 * processor) and then in the calling thread alone. */
	for (int k = 0; k < 2 * rounds; k++) {
		cxj_responses *fresh;
		cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
		if (k == rounds) {
			printf("c_import_s %.3f\n", best_import);
			printf("c_import_cpu_s %.3f\n", best_import_cpu);
			best_import = best_import_cpu = 1e9;
		}
		o.threads = k < rounds ? 0 : 1;
		if (cxj_responses_new(&fresh))
			die("responses");
		t0 = now();
		c0 = cpu();
		if (cxj_responses_import_csv_file(fresh, argv[1], &o))
			die("import");
		c1 = cpu();
		t1 = now();
		if (t1 - t0 < best_import)
			best_import = t1 - t0;
		if (c1 - c0 < best_import_cpu)
			best_import_cpu = c1 - c0;
		if (k == 0)
			r = fresh;
		else
			cxj_responses_free(fresh);
	}
	n = cxj_responses_count(r);
	printf("c_rows %zu\n", n);
	printf("c_import_1thread_s %.3f\n", best_import);
	printf("c_import_1thread_cpu_s %.3f\n", best_import_cpu);
	for (int k = 0; k < 5 * rounds; k++) {
		cxj_scores_free(s);
		s = NULL;
		t0 = now();
		c0 = cpu();
		if (cxj_journey_score(j, r, NULL, &s))
			die("score");
		c1 = cpu();
		t1 = now();
		if (t1 - t0 < best)
			best = t1 - t0;
		if (c1 - c0 < best_cpu)
			best_cpu = c1 - c0;
	}
	printf("c_score_s %.4f\n", best);
	printf("c_score_cpu_s %.4f\n", best_cpu);
	printf("c_score_answers_per_s %.0f\n", n / best);
	printf("c_score_answers_per_cpu_s %.0f\n", n / best_cpu);
	cxj_responses_memory(r, &core, &opt, &str);
	printf("c_core_bytes_per_answer %.2f\n", (double)core / n);
	printf("c_optional_bytes %zu\n", opt);
	printf("c_string_bytes %zu\n", str);
	sel.segment = "FI";
	printf("c_nps_tp0000_FI %.9f\n",
	       cxj_metric_value(cxj_scores_metric(s, "tp0000", "nps", &sel)));
	sel.segment = NULL;
	sel.rollup = 1;
	printf("c_nps_all %.9f\n",
	       cxj_metric_value(cxj_scores_metric(s, "bench", "nps", &sel)));
	printf("c_unknown %llu\n",
	       (unsigned long long)cxj_scores_unknown_count(s));
	cxj_scores_free(s);
	cxj_responses_free(r);
	cxj_journey_free(j);
	return 0;
}
