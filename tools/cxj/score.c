/* cxj score: CSAT, NPS, CES and KPIs per touchpoint, stage and journey,
 * with n, the interval and its method, targets and gaps; figures on too few
 * answers are flagged, not hidden. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cxj.h"

static const char *const arg_help[] = {
    "MAP: a journey map (YAML, cxjourney(5))",
    "ANSWERS: survey answers and contacts (CSV, cxj_responses(3))", NULL};
static const opt_spec opts[] = {
    {"json", 0, NULL, "one JSON document (format cxj-score)"},
    {"csv", 0, NULL, "one CSV row per figure"},
    {"by", 0, "ATTR", "break down by segment, source or a CSV column"},
    {"period", 0, "PERIOD", "figures per day, week, month or quarter"},
    {"level", 0, "LEVEL", "confidence level of the intervals (0.95)"},
    {"min-n", 0, "N", "flag figures on fewer answers (30)"},
    {"source", 0, "SOURCE", "customer (default), employee or any"},
    {"survey", 0, "FILE", "ANSWERS is a wide export read as the survey mapping FILE says"},
    {NULL, 0, NULL, NULL}};
static const cmd_spec spec = {
    "score", "MAP ANSWERS",
    "Score a journey: CSAT, NPS, CES and KPIs with intervals and targets.",
    arg_help, 2, 2, opts};

#define MAX_METRICS 260

typedef struct ctx {
	const cxj_journey *j;
	const cxj_responses *r;
	const cxj_scores *sc;
	out_format fmt;
	double level;
	size_t min_n;
	const char *source;
	const char *metrics[MAX_METRICS];
	size_t nmetrics;
	scope *scopes;
	size_t nscopes;
	group *groups;
	size_t ngroups;
	int by;
	int idw, mw; /* text columns of ids and metric names */
} ctx;

static int decimals(const char *metric)
{
	return !strcasecmp(metric, "csat") || !strcasecmp(metric, "nps") ? 1 : 2;
}

static void iso_date(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (t == CXJ_NO_TIMESTAMP || !gmtime_r(&tt, &tm))
		snprintf(buf, size, "-");
	else
		strftime(buf, size, "%Y-%m-%d", &tm);
}

static void text_row(const ctx *c, const scope *s, const char *metric,
		     const group *g, const figure *f)
{
	char id[64], v[32], lo[32], hi[32], t[32], gap[32], ci[48];
	int d = decimals(metric);
	snprintf(id, sizeof id, "%*s%s", s->depth, "", s->id);
	if (isnan(f->ci.lo))
		snprintf(ci, sizeof ci, "-");
	else
		snprintf(ci, sizeof ci, "[%s, %s]", fmtd(lo, 32, f->ci.lo, d),
			 fmtd(hi, 32, f->ci.hi, d));
	printf("%-*.*s %-*.*s", c->idw, c->idw, id, c->mw, c->mw, metric);
	if (c->by)
		printf(" %-8.8s", g->name);
	printf(" %6llu%c %7s  %-16s %6s %7s\n", (unsigned long long)f->n,
	       f->low_n ? '?' : ' ', fmtd(v, 32, f->value, d), ci,
	       fmtd(t, 32, f->target, d), fmtd(gap, 32, f->gap, d));
}

static void csv_row(const scope *s, const char *metric, const group *g,
		    const char *period, const figure *f)
{
	csv_str(stdout, s->level, 0);
	csv_str(stdout, s->id, 0);
	csv_str(stdout, s->stage ? s->stage : "", 0);
	csv_str(stdout, metric, 0);
	csv_str(stdout, g->name, 0);
	csv_str(stdout, period, 0);
	csv_u64(stdout, f->n, 0);
	csv_str(stdout, f->m ? (f->rollup ? "rollup" : "direct") : "", 0);
	csv_num(stdout, f->value, 0);
	csv_num(stdout, f->ci.lo, 0);
	csv_num(stdout, f->ci.hi, 0);
	csv_num(stdout, f->ci.level, 0);
	csv_str(stdout, isnan(f->ci.lo) ? "" : cxj_method_name(f->ci.method), 0);
	csv_num(stdout, f->ci.std_error, 0);
	csv_num(stdout, f->target, 0);
	csv_num(stdout, f->gap, 0);
	csv_str(stdout, f->low_n ? "1" : "0", 1);
}

static json_t *json_row(const scope *s, const char *metric, const group *g,
			const figure *f)
{
	json_t *o = json_object(), *fig = jfigure(f);
	const char *key;
	json_t *v;
	jset(o, "level", jstr(s->level));
	jset(o, "id", jstr(s->id));
	jset(o, "stage", jstr(s->stage));
	jset(o, "metric", jstr(metric));
	jset(o, "group", jstr(g->name));
	json_object_foreach(fig, key, v) json_object_set(o, key, v);
	json_decref(fig);
	return o;
}

/* Every figure of the table: rows with answers, and rows with a target
 * but no answers (a target nobody measures is worth seeing). */
static void figures(ctx *c, size_t period, const char *period_name,
		    json_t *into)
{
	for (size_t i = 0; i < c->nscopes; i++) {
		const scope *s = &c->scopes[i];
		for (size_t m = 0; m < c->nmetrics; m++) {
			int basis = -1; /* every group on the basis of all */
			for (size_t k = 0; k < c->ngroups; k++) {
				group g = c->groups[k];
				figure f;
				g.sel.period = period;
				figure_get(c->sc, s->id, c->metrics[m], &g.sel,
					   basis, c->level, c->min_n, &f);
				if (k == 0)
					basis = f.rollup;
				if (!f.n && (isnan(f.target) || k > 0 ||
					     period != CXJ_ALL_PERIODS))
					continue;
				if (c->fmt == OUT_JSON)
					jpush(into, json_row(s, c->metrics[m], &g, &f));
				else if (c->fmt == OUT_CSV)
					csv_row(s, c->metrics[m], &g, period_name, &f);
				else
					text_row(c, s, c->metrics[m], &g, &f);
			}
		}
	}
}

/* Targets may name metrics nobody answered: list them too. */
static void add_target_metrics(ctx *c)
{
	for (size_t i = 0; i < c->nscopes; i++) {
		const scope *s = &c->scopes[i];
		const cxj_touchpoint *tp;
		const cxj_stage *st;
		size_t n;
		const void *obj;
		if (s->depth == 0) {
			obj = c->j;
			n = cxj_journey_target_count(c->j);
		} else if (s->depth == 1) {
			obj = st = cxj_journey_find_stage(c->j, s->id);
			n = cxj_stage_target_count(st);
		} else {
			obj = tp = cxj_journey_find_touchpoint(c->j, s->id);
			n = cxj_touchpoint_target_count(tp);
		}
		for (size_t t = 0; t < n; t++) {
			const char *name = NULL;
			double v;
			int known = 0;
			if (s->depth == 0)
				cxj_journey_target_at(obj, t, &name, &v);
			else if (s->depth == 1)
				cxj_stage_target_at(obj, t, &name, &v);
			else
				cxj_touchpoint_target_at(obj, t, &name, &v);
			for (size_t m = 0; m < c->nmetrics && !known; m++)
				known = !strcasecmp(c->metrics[m], name);
			if (!known && c->nmetrics < MAX_METRICS)
				c->metrics[c->nmetrics++] = name;
		}
	}
}

static void contacts(const ctx *c, json_t *into)
{
	int header = 0;
	for (size_t i = 0; i < c->nscopes; i++) {
		const scope *s = &c->scopes[i];
		uint64_t n = cxj_scores_contacts(c->sc, s->id, NULL);
		double share = cxj_scores_contact_share(c->sc, s->id, NULL);
		double rate = cxj_scores_contact_rate(c->sc, s->id, NULL);
		char a[32], b[32];
		if (!n)
			continue;
		if (into) {
			json_t *o = json_object();
			jset(o, "level", jstr(s->level));
			jset(o, "id", jstr(s->id));
			jset(o, "contacts", jint(n));
			jset(o, "share", jnum(share));
			jset(o, "rate", jnum(rate));
			jpush(into, o);
			continue;
		}
		if (!header)
			printf("\ncontacts to customer service (failure demand), "
			       "by the touchpoint where the experience broke\n"
			       "%-*s %8s %8s %13s\n", c->idw, "", "contacts", "share %",
			       "per customer");
		header = 1;
		printf("%-*.*s %8llu %8s %13s\n", c->idw, c->idw, s->id, (unsigned long long)n,
		       fmtd(a, 32, share * 100, 1), fmtd(b, 32, rate, 3));
	}
}

static void unknown(const ctx *c, json_t *into)
{
	size_t n = cxj_scores_unknown_id_count(c->sc);
	if (!n)
		return;
	fprintf(stderr, "cxj score: warning: %llu answer(s) name ids that are "
			"not in the map:",
		(unsigned long long)cxj_scores_unknown_count(c->sc));
	for (size_t i = 0; i < n; i++) {
		const char *id = cxj_scores_unknown_id_at(c->sc, i);
		uint64_t k = cxj_scores_unknown_id_answers(c->sc, i);
		if (into) {
			json_t *o = json_object();
			jset(o, "id", jstr(id));
			jset(o, "answers", jint(k));
			jpush(into, o);
		}
		if (i < 10) {
			fprintf(stderr, "%s '%s' (%llu)", i ? "," : "", id,
				(unsigned long long)k);
		}
	}
	fprintf(stderr, "%s\n", n > 10 ? ", ..." : "");
}

static void text_header(const ctx *c)
{
	printf("%s: %zu answers and contacts; %s answers\n"
	       "%g%% intervals (Wilson for CSAT, Wald for NPS, t for means); "
	       "'?' marks n below %zu\n\n",
	       cxj_journey_id(c->j), cxj_responses_count(c->r), c->source,
	       c->level * 100, c->min_n);
	printf("%-*s %-*s", c->idw, "journey/stage/tp", c->mw, "metric");
	if (c->by)
		printf(" %-8s", "group");
	printf(" %7s %7s  %-16s %6s %7s\n", "n", "value", "interval", "target",
	       "gap");
}

static int run(ctx *c, int period_kind, json_t *doc)
{
	json_t *figs = doc ? json_array() : NULL;
	if (c->fmt == OUT_CSV)
		printf("level,id,stage,metric,group,period,n,basis,value,lo,hi,"
		       "ci_level,method,std_error,target,gap,low_n\n");
	else if (c->fmt == OUT_TEXT)
		text_header(c);
	figures(c, CXJ_ALL_PERIODS, "", figs);
	if (doc)
		jset(doc, "figures", figs);
	if (period_kind != CXJ_PERIOD_NONE) {
		json_t *ps = doc ? json_array() : NULL;
		size_t ngroups = c->ngroups;
		c->ngroups = 1; /* periods: the overall figures only */
		for (size_t p = 0; p < cxj_scores_period_count(c->sc); p++) {
			char date[32];
			json_t *o = doc ? json_object() : NULL;
			json_t *pf = doc ? json_array() : NULL;
			iso_date(cxj_scores_period_start(c->sc, p), date,
				 sizeof date);
			if (c->fmt == OUT_TEXT)
				printf("\nperiod %zu, from %s\n", p + 1, date);
			figures(c, p, date, pf);
			if (o) {
				jset(o, "index", jint(p));
				jset(o, "start", jstr(date));
				jset(o, "figures", pf);
				jpush(ps, o);
			}
		}
		c->ngroups = ngroups;
		if (doc)
			jset(doc, "periods", ps);
	}
	if (doc) {
		json_t *cs = json_array(), *un = json_array();
		contacts(c, cs);
		unknown(c, un);
		jset(doc, "contacts", cs);
		jset(doc, "unknown_ids", un);
	} else if (c->fmt == OUT_TEXT) {
		contacts(c, NULL);
		unknown(c, NULL);
	} else {
		unknown(c, NULL);
	}
	return 0;
}

int cmd_score(int argc, char **argv)
{
	static const char *const periods[] = {"none", "day", "week", "month",
					      "quarter", NULL};
	cmd_line line;
	ctx c;
	cxj_journey *j = NULL;
	cxj_responses *r = NULL;
	cxj_scores *sc = NULL;
	cxj_score_options so = CXJ_SCORE_OPTIONS_INIT;
	cxj_selection base = CXJ_SELECTION_INIT;
	const char *by;
	int period = 0, rc = cmd_parse(&spec, argc, argv, &line);
	json_t *doc = NULL;
	memset(&c, 0, sizeof c);
	c.level = 0.95;
	c.min_n = 30;
	if (rc || (rc = out_format_of(&spec, &line, &c.fmt)) ||
	    (rc = opt_double("score", "level", cmd_opt(&spec, &line, "level"),
			     0, 1, &c.level)) ||
	    (rc = opt_size("score", "min-n", cmd_opt(&spec, &line, "min-n"), 0,
			   &c.min_n)) ||
	    (rc = opt_choice("score", "period", cmd_opt(&spec, &line, "period"),
			     periods, &period)) ||
	    (rc = source_option("score", cmd_opt(&spec, &line, "source"), &base)))
		goto out;
	by = cmd_opt(&spec, &line, "by");
	if (by && !strcasecmp(by, "source") && cmd_opt(&spec, &line, "source")) {
		say_error("score", "--by source and --source exclude each other");
		rc = EXIT_USAGE;
		goto out;
	}
	if (by && !strcasecmp(by, "source"))
		base.source = CXJ_ANY_SOURCE;
	so.period = (cxj_period)period;
	if (load_map("score", line.args[0], 0, NULL, &j) != CXJ_OK ||
	    load_answers("score", line.args[1], by,
			 cmd_opt(&spec, &line, "survey"), j, &r) != CXJ_OK) {
		rc = lib_status(0);
		goto out;
	}
	if (cxj_journey_score(j, r, &so, &sc) != CXJ_OK) {
		say_lib_error("score", "scoring");
		rc = EXIT_USAGE;
		goto out;
	}
	c.j = j;
	c.r = r;
	c.sc = sc;
	c.by = by != NULL;
	c.nmetrics = answer_metrics(r, c.metrics, MAX_METRICS);
	c.scopes = scopes_list(j, &c.nscopes);
	add_target_metrics(&c);
	c.groups = groups_list(sc, by, &base, 1, &c.ngroups);
	c.source = base.source == CXJ_ANY_SOURCE	  ? "all"
		   : base.source == CXJ_SOURCE_EMPLOYEE ? "employee"
							: "customer";
	c.idw = 16;
	c.mw = 6;
	for (size_t i = 0; i < c.nscopes; i++) {
		int w = c.scopes[i].depth + (int)strlen(c.scopes[i].id);
		c.idw = w > c.idw ? (w < 28 ? w : 28) : c.idw;
	}
	for (size_t m = 0; m < c.nmetrics; m++) {
		int w = (int)strlen(c.metrics[m]);
		c.mw = w > c.mw ? (w < 24 ? w : 24) : c.mw;
	}
	if (!c.scopes || !c.groups) {
		say_error("score", "out of memory");
		rc = EXIT_USAGE;
		goto out;
	}
	if (c.fmt == OUT_JSON) {
		json_t *jj = json_object(), *gs = json_array();
		doc = jdoc("score");
		jset(jj, "id", jstr(cxj_journey_id(j)));
		jset(jj, "name", jstr(cxj_journey_name(j)));
		jset(doc, "journey", jj);
		jset(doc, "answers", jint(cxj_responses_count(r)));
		jset(doc, "level", jnum(c.level));
		jset(doc, "min_n", jint(c.min_n));
		jset(doc, "source", jstr(base.source == CXJ_ANY_SOURCE ? "any"
								       : c.source));
		jset(doc, "by", jstr(by));
		jset(doc, "period", jstr(periods[period]));
		for (size_t k = 0; k < c.ngroups; k++)
			jpush(gs, jstr(c.groups[k].name));
		jset(doc, "groups", gs);
	}
	run(&c, period, doc);
	if (doc && (rc = jemit("score", doc)))
		goto out;
	rc = out_close("score");
out:
	free(c.scopes);
	free(c.groups);
	cxj_scores_free(sc);
	cxj_responses_free(r);
	cxj_journey_free(j);
	free(line.args);
	return rc < 0 ? EXIT_FINE : rc;
}
