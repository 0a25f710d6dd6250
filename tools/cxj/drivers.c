/* cxj drivers: which touchpoints move the journey's outcome most
 * (importance) against how well they do (performance), ranked so that the
 * worst important touchpoints come first, each with its quadrant. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cxj.h"

static const char *const arg_help[] = {
    "MAP: a journey map (YAML, cxjourney(5))",
    "ANSWERS: survey answers (CSV); the outcome names the journey's id",
    NULL};
static const opt_spec opts[] = {
    {"json", 0, NULL, "one JSON document (format cxj-drivers)"},
    {"csv", 0, NULL, "one CSV row per touchpoint"},
    {"outcome", 0, "KIND", "the journey-level answers to explain: nps (default), csat, ces"},
    {"metric", 0, "KIND", "the touchpoint answers that explain it: csat (default), nps, ces"},
    {"method", 0, "METHOD", "spearman (default), pearson or kendall"},
    {"min-pairs", 0, "N", "respondents with both answers to rank a touchpoint (10)"},
    {"segment", 0, "SEGMENT", "only the answers of this segment"},
    {"survey", 0, "FILE", "ANSWERS is a wide export read as the survey mapping FILE says"},
    {NULL, 0, NULL, NULL}};
static const cmd_spec spec = {
    "drivers", "MAP ANSWERS [--outcome KIND]",
    "Key drivers: each touchpoint's importance against its performance.",
    arg_help, 2, 2, opts};

int cmd_drivers(int argc, char **argv)
{
	static const char *const methods[] = {"pearson", "spearman", "kendall",
					      NULL};
	cmd_line line;
	out_format fmt;
	cxj_journey *j = NULL;
	cxj_responses *r = NULL;
	cxj_drivers *d = NULL;
	cxj_driver_options o = CXJ_DRIVER_OPTIONS_INIT;
	cxj_metric_kind outcome = CXJ_NPS;
	int method = 1, rc = cmd_parse(&spec, argc, argv, &line);
	json_t *doc = NULL, *list = NULL;
	if (rc || (rc = out_format_of(&spec, &line, &fmt)) ||
	    (rc = opt_kind("drivers", "outcome", cmd_opt(&spec, &line, "outcome"),
			   0, &outcome)) ||
	    (rc = opt_kind("drivers", "metric", cmd_opt(&spec, &line, "metric"),
			   0, &o.touchpoint_metric)) ||
	    (rc = opt_choice("drivers", "method", cmd_opt(&spec, &line, "method"),
			     methods, &method)) ||
	    (rc = opt_size("drivers", "min-pairs",
			   cmd_opt(&spec, &line, "min-pairs"), 3, &o.min_pairs)))
		goto out;
	o.method = (cxj_corr_method)(method + 1);
	o.segment = cmd_opt(&spec, &line, "segment");
	if (load_map("drivers", line.args[0], 0, NULL, &j) != CXJ_OK ||
	    load_answers("drivers", line.args[1], NULL,
			 cmd_opt(&spec, &line, "survey"), j, &r) != CXJ_OK) {
		rc = lib_status(0);
		goto out;
	}
	if (cxj_journey_drivers(j, r, outcome, &o, &d) != CXJ_OK) {
		say_lib_error("drivers", "key drivers");
		rc = EXIT_USAGE;
		goto out;
	}
	if (fmt == OUT_JSON) {
		doc = jdoc("drivers");
		list = json_array();
		jset(doc, "journey", jstr(cxj_journey_id(j)));
		jset(doc, "outcome", jstr(cxj_metric_kind_name(outcome)));
		jset(doc, "touchpoint_metric",
		     jstr(cxj_metric_kind_name(o.touchpoint_metric)));
		jset(doc, "method", jstr(methods[method]));
		jset(doc, "min_pairs", jint(o.min_pairs));
		jset(doc, "segment", jstr(o.segment));
		jset(doc, "respondents", jint(cxj_drivers_respondents(d)));
		jset(doc, "ranked", jint(cxj_drivers_ranked(d)));
		jset(doc, "r2", jnum(cxj_drivers_r2(d)));
		jset(doc, "mean_importance", jnum(cxj_drivers_mean_importance(d)));
		jset(doc, "mean_performance",
		     jnum(cxj_drivers_mean_performance(d)));
	} else if (fmt == OUT_CSV) {
		printf("rank,touchpoint,stage,quadrant,pairs,importance,p_value,"
		       "relative_weight,relative_share,performance,answers\n");
	} else {
		printf("key drivers of the journey %s by touchpoint %s (%s, %zu "
		       "respondents, R2 = %.2f)\nquadrants split at mean "
		       "importance %.2f and mean performance %.1f\n\n",
		       cxj_metric_kind_name(outcome),
		       cxj_metric_kind_name(o.touchpoint_metric), methods[method],
		       cxj_drivers_respondents(d), cxj_drivers_r2(d),
		       cxj_drivers_mean_importance(d),
		       cxj_drivers_mean_performance(d));
		printf("%4s %-16s %-13s %6s %6s %7s %6s %5s\n", "rank",
		       "touchpoint", "quadrant", "r", "p", "weight%", "perf",
		       "pairs");
	}
	for (size_t i = 0; i < cxj_drivers_count(d); i++) {
		cxj_driver dr = CXJ_DRIVER_INIT;
		int ranked = i < cxj_drivers_ranked(d);
		char a[32], b[32], c[32], e[32];
		if (cxj_drivers_get(d, i, &dr) != CXJ_OK)
			break;
		if (list) {
			json_t *x = json_object();
			jset(x, "rank", ranked ? jint(i + 1) : json_null());
			jset(x, "touchpoint", jstr(dr.touchpoint));
			jset(x, "stage", jstr(dr.stage));
			jset(x, "quadrant", jstr(cxj_quadrant_name(dr.quadrant)));
			jset(x, "pairs", jint(dr.pairs));
			jset(x, "importance", jnum(dr.importance));
			jset(x, "p_value", jnum(dr.p_value));
			jset(x, "relative_weight", jnum(dr.relative_weight));
			jset(x, "relative_share", jnum(dr.relative_share));
			jset(x, "performance", jnum(dr.performance));
			jset(x, "answers", jint(dr.answers));
			jpush(list, x);
		} else if (fmt == OUT_CSV) {
			if (ranked)
				csv_u64(stdout, i + 1, 0);
			else
				csv_str(stdout, "", 0);
			csv_str(stdout, dr.touchpoint, 0);
			csv_str(stdout, dr.stage, 0);
			csv_str(stdout, cxj_quadrant_name(dr.quadrant), 0);
			csv_u64(stdout, dr.pairs, 0);
			csv_num(stdout, dr.importance, 0);
			csv_num(stdout, dr.p_value, 0);
			csv_num(stdout, dr.relative_weight, 0);
			csv_num(stdout, dr.relative_share, 0);
			csv_num(stdout, dr.performance, 0);
			csv_u64(stdout, dr.answers, 1);
		} else {
			char rank[16];
			snprintf(rank, sizeof rank, ranked ? "%zu" : "-", i + 1);
			printf("%4s %-16.16s %-13s %6s %6s %7s %6s %5zu\n", rank,
			       dr.touchpoint, cxj_quadrant_name(dr.quadrant),
			       fmtd(a, 32, dr.importance, 2),
			       fmtd(b, 32, dr.p_value, 3),
			       fmtd(c, 32, dr.relative_share, 1),
			       fmtd(e, 32, dr.performance, 1), dr.pairs);
		}
	}
	if (doc) {
		jset(doc, "drivers", list);
		if ((rc = jemit("drivers", doc)))
			goto out;
	}
	rc = out_close("drivers");
out:
	cxj_drivers_free(d);
	cxj_responses_free(r);
	cxj_journey_free(j);
	free(line.args);
	return rc < 0 ? EXIT_FINE : rc;
}
