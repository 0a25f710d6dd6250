/* cxj compare: two segments side by side with a significance test per
 * figure, or every pair of segments with Holm and Benjamini-Hochberg
 * adjusted p-values. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cxj.h"

static const char *const arg_help[] = {
    "MAP: a journey map (YAML, cxjourney(5))",
    "ANSWERS: survey answers and contacts (CSV, cxj_responses(3))",
    "A B: two segments to compare; every pair when left out", NULL};
static const opt_spec opts[] = {
    {"json", 0, NULL, "one JSON document (format cxj-compare)"},
    {"csv", 0, NULL, "one CSV row per comparison"},
    {"by", 0, "ATTR", "segment, source or a CSV column (required)"},
    {"metric", 0, "METRIC", "compare this metric only (csat, nps, ...)"},
    {"level", 0, "LEVEL", "confidence level; p below 1 - LEVEL is marked (0.95)"},
    {"min-n", 0, "N", "flag figures on fewer answers (30)"},
    {"source", 0, "SOURCE", "customer (default), employee or any"},
    {"survey", 0, "FILE", "ANSWERS is a wide export read as the survey mapping FILE says"},
    {NULL, 0, NULL, NULL}};
static const cmd_spec spec = {
    "compare", "MAP ANSWERS --by ATTR [A B]",
    "Compare segments figure by figure, with significance tests.", arg_help,
    2, 4, opts};

#define MAX_METRICS 260

typedef struct ctx {
	const cxj_scores *sc;
	out_format fmt;
	double level;
	size_t min_n;
	const char *by;
	int idw, mw;
	json_t *rows;
	size_t marked, compared;
} ctx;

typedef struct pair_row {
	const scope *s;
	const char *metric;
	const group *a, *b;
	figure fa, fb;
	cxj_comparison cmp; /* NaN when it could not be made */
	double p_holm, p_bh;
	int adjusted; /* p_holm and p_bh are meaningful */
} pair_row;

static void pair_init(pair_row *p, const scope *s, const char *metric,
		      const group *a, const group *b)
{
	memset(p, 0, sizeof *p);
	p->s = s;
	p->metric = metric;
	p->a = a;
	p->b = b;
}

static const group *find_group(const group *g, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(g[i].name, name))
			return &g[i];
	return NULL;
}

static void text_figure(const figure *f, const char *metric)
{
	char v[32], lo[32], hi[32], buf[64];
	int d = !strcasecmp(metric, "ces") || cxj_metric_kind_of(f->m) == CXJ_KPI
		    ? 2 : 1;
	if (!f->m) {
		printf(" %-23s", "-");
		return;
	}
	snprintf(buf, sizeof buf, "%s [%s,%s] %llu%s", fmtd(v, 32, f->value, d),
		 fmtd(lo, 32, f->ci.lo, d), fmtd(hi, 32, f->ci.hi, d),
		 (unsigned long long)f->n, f->low_n ? "?" : "");
	printf(" %-23s", buf);
}

static json_t *jside(const group *g, const figure *f)
{
	json_t *o = jfigure(f);
	json_object_set_new(o, "group", jstr(g->name));
	return o;
}

static void emit(ctx *c, const pair_row *p)
{
	double p_flag = p->adjusted ? p->p_holm : p->cmp.p_value;
	int mark = p_flag < 1 - c->level;
	c->compared += !isnan(p->cmp.p_value);
	c->marked += mark;
	if (c->fmt == OUT_JSON) {
		json_t *o = json_object(), *cmp = json_object();
		jset(o, "level", jstr(p->s->level));
		jset(o, "id", jstr(p->s->id));
		jset(o, "stage", jstr(p->s->stage));
		jset(o, "metric", jstr(p->metric));
		jset(o, "a", jside(p->a, &p->fa));
		jset(o, "b", jside(p->b, &p->fb));
		jset(cmp, "difference", jnum(p->cmp.difference));
		jset(cmp, "std_error", jnum(p->cmp.std_error));
		jset(cmp, "statistic", jnum(p->cmp.statistic));
		jset(cmp, "df", jnum(p->cmp.df));
		jset(cmp, "p_value", jnum(p->cmp.p_value));
		jset(cmp, "method", isnan(p->cmp.p_value)
					? json_null()
					: jstr(cxj_method_name(p->cmp.method)));
		jset(o, "comparison", cmp);
		jset(o, "p_holm", p->adjusted ? jnum(p->p_holm) : json_null());
		jset(o, "p_bh", p->adjusted ? jnum(p->p_bh) : json_null());
		jset(o, "significant", json_boolean(mark));
		jpush(c->rows, o);
	} else if (c->fmt == OUT_CSV) {
		csv_str(stdout, p->s->level, 0);
		csv_str(stdout, p->s->id, 0);
		csv_str(stdout, p->s->stage ? p->s->stage : "", 0);
		csv_str(stdout, p->metric, 0);
		csv_str(stdout, p->a->name, 0);
		csv_str(stdout, p->b->name, 0);
		csv_u64(stdout, p->fa.n, 0);
		csv_num(stdout, p->fa.value, 0);
		csv_num(stdout, p->fa.ci.lo, 0);
		csv_num(stdout, p->fa.ci.hi, 0);
		csv_u64(stdout, p->fb.n, 0);
		csv_num(stdout, p->fb.value, 0);
		csv_num(stdout, p->fb.ci.lo, 0);
		csv_num(stdout, p->fb.ci.hi, 0);
		csv_num(stdout, p->cmp.difference, 0);
		csv_num(stdout, p->cmp.std_error, 0);
		csv_num(stdout, p->cmp.statistic, 0);
		csv_num(stdout, p->cmp.p_value, 0);
		csv_str(stdout, isnan(p->cmp.p_value) ? ""
				: cxj_method_name(p->cmp.method), 0);
		csv_num(stdout, p->adjusted ? p->p_holm : NAN, 0);
		csv_num(stdout, p->adjusted ? p->p_bh : NAN, 0);
		csv_str(stdout, mark ? "1" : "0", 1);
	} else {
		char id[64], d[32], pv[32], ph[32];
		snprintf(id, sizeof id, "%*s%s", p->s->depth, "", p->s->id);
		printf("%-*.*s %-*.*s", c->idw, c->idw, id, c->mw, c->mw,
		       p->metric);
		if (p->adjusted) {
			char pair[40];
			snprintf(pair, sizeof pair, "%s - %s", p->a->name,
				 p->b->name);
			printf(" %-17.17s", pair);
		}
		text_figure(&p->fa, p->metric);
		text_figure(&p->fb, p->metric);
		printf(" %7s %6s", fmtd(d, 32, p->cmp.difference,
					 strcasecmp(p->metric, "csat") &&
						 strcasecmp(p->metric, "nps")
					     ? 2 : 1),
		       fmtd(pv, 32, p->cmp.p_value, 3));
		if (p->adjusted)
			printf(" %6s", fmtd(ph, 32, p->p_holm, 3));
		printf("%s\n", mark ? " *" : "");
	}
}

static void compare_two(ctx *c, pair_row *p, int basis)
{
	cxj_comparison init = CXJ_COMPARISON_INIT;
	p->cmp = init;
	p->cmp.difference = p->cmp.std_error = p->cmp.statistic = NAN;
	p->cmp.df = p->cmp.p_value = NAN;
	figure_get(c->sc, p->s->id, p->metric, &p->a->sel, basis, c->level,
		   c->min_n, &p->fa);
	figure_get(c->sc, p->s->id, p->metric, &p->b->sel, basis, c->level,
		   c->min_n, &p->fb);
	if (p->fa.m && p->fb.m &&
	    cxj_metric_compare(p->fa.m, p->fb.m, &p->cmp) != CXJ_OK) {
		p->cmp = init;
		p->cmp.difference = p->fa.value - p->fb.value;
		p->cmp.std_error = p->cmp.statistic = NAN;
		p->cmp.df = p->cmp.p_value = NAN;
	}
}

/* Every pair of segments of one figure, adjusted by the library; for
 * sources there is one pair, a family of one. */
static void all_pairs(ctx *c, const scope *s, const char *metric,
		      const group *g, size_t ng, int basis)
{
	cxj_segment_pairs *sp = NULL;
	cxj_selection sel = g[0].sel;
	sel.rollup = basis;
	if (ng == 2 && !strcasecmp(c->by, "source")) {
		pair_row p;
		pair_init(&p, s, metric, &g[0], &g[1]);
		compare_two(c, &p, basis);
		p.p_holm = p.p_bh = p.cmp.p_value;
		p.adjusted = 1;
		if (p.fa.m || p.fb.m)
			emit(c, &p);
		return;
	}
	if (cxj_scores_compare_segments(c->sc, s->id, metric, &sel, &sp) !=
	    CXJ_OK)
		return; /* fewer than two segments with answers */
	for (size_t i = 0; i < cxj_segment_pairs_count(sp); i++) {
		cxj_segment_pair sp1 = CXJ_SEGMENT_PAIR_INIT;
		pair_row p;
		pair_init(&p, s, metric, NULL, NULL);
		if (cxj_segment_pairs_get(sp, i, &sp1) != CXJ_OK)
			continue;
		p.a = find_group(g, ng, sp1.segment_a);
		p.b = find_group(g, ng, sp1.segment_b);
		if (!p.a || !p.b)
			continue;
		figure_get(c->sc, s->id, metric, &p.a->sel, basis, c->level,
			   c->min_n, &p.fa);
		figure_get(c->sc, s->id, metric, &p.b->sel, basis, c->level,
			   c->min_n, &p.fb);
		p.cmp = sp1.comparison;
		p.p_holm = sp1.p_holm;
		p.p_bh = sp1.p_bh;
		p.adjusted = 1;
		emit(c, &p);
	}
	cxj_segment_pairs_free(sp);
}

int cmd_compare(int argc, char **argv)
{
	cmd_line line;
	ctx c;
	cxj_journey *j = NULL;
	cxj_responses *r = NULL;
	cxj_scores *sc = NULL;
	cxj_selection base = CXJ_SELECTION_INIT;
	const char *metrics[MAX_METRICS], *only;
	size_t nm = 0, ns = 0, ng = 0;
	scope *scopes = NULL;
	group *groups = NULL;
	const group *ga = NULL, *gb = NULL;
	json_t *doc = NULL;
	int rc = cmd_parse(&spec, argc, argv, &line);
	memset(&c, 0, sizeof c);
	c.level = 0.95;
	c.min_n = 30;
	if (rc || (rc = out_format_of(&spec, &line, &c.fmt)) ||
	    (rc = opt_double("compare", "level", cmd_opt(&spec, &line, "level"),
			     0, 1, &c.level)) ||
	    (rc = opt_size("compare", "min-n", cmd_opt(&spec, &line, "min-n"), 0,
			   &c.min_n)) ||
	    (rc = source_option("compare", cmd_opt(&spec, &line, "source"), &base)))
		goto out;
	c.by = cmd_opt(&spec, &line, "by");
	only = cmd_opt(&spec, &line, "metric");
	if (!c.by) {
		say_error("compare", "missing --by ATTR: what to compare by "
				     "(segment, source or a column of the answers)");
		rc = EXIT_USAGE;
		goto out;
	}
	if (line.nargs == 3) {
		say_error("compare", "missing B: give two segments to compare, "
				     "or none for every pair");
		rc = EXIT_USAGE;
		goto out;
	}
	if (!strcasecmp(c.by, "source")) {
		if (cmd_opt(&spec, &line, "source")) {
			say_error("compare", "--by source and --source exclude "
					     "each other");
			rc = EXIT_USAGE;
			goto out;
		}
		base.source = CXJ_ANY_SOURCE;
	}
	if (load_map("compare", line.args[0], 0, NULL, &j) != CXJ_OK ||
	    load_answers("compare", line.args[1], c.by,
			 cmd_opt(&spec, &line, "survey"), j, &r) != CXJ_OK) {
		rc = lib_status(0);
		goto out;
	}
	if (cxj_journey_score(j, r, NULL, &sc) != CXJ_OK) {
		say_lib_error("compare", "scoring");
		rc = EXIT_USAGE;
		goto out;
	}
	c.sc = sc;
	scopes = scopes_list(j, &ns);
	groups = groups_list(sc, c.by, &base, 1, &ng);
	if (!scopes || !groups) {
		say_error("compare", "out of memory");
		rc = EXIT_USAGE;
		goto out;
	}
	if (line.nargs == 4) {
		ga = find_group(groups + 1, ng - 1, line.args[2]);
		gb = find_group(groups + 1, ng - 1, line.args[3]);
		if (!ga || !gb) {
			say_error("compare", "no answers of %s '%s' in %s; there are:",
				  c.by, ga ? line.args[3] : line.args[2],
				  line.args[1]);
			for (size_t k = 1; k < ng; k++)
				fprintf(stderr, "%s %s", k > 1 ? "," : "",
					groups[k].name);
			fprintf(stderr, "\n");
			rc = EXIT_USAGE;
			goto out;
		}
	}
	if (only) {
		metrics[nm++] = only;
	} else {
		nm = answer_metrics(r, metrics, MAX_METRICS);
	}
	c.idw = 16;
	c.mw = 6;
	for (size_t m = 0; m < nm; m++) {
		int w = (int)strlen(metrics[m]);
		c.mw = w > c.mw ? (w < 18 ? w : 18) : c.mw;
	}
	for (size_t i = 0; i < ns; i++) {
		int w = scopes[i].depth + (int)strlen(scopes[i].id);
		c.idw = w > c.idw ? (w < 28 ? w : 28) : c.idw;
	}
	if (c.fmt == OUT_JSON) {
		doc = jdoc("compare");
		c.rows = json_array();
		jset(doc, "journey", jstr(cxj_journey_id(j)));
		jset(doc, "by", jstr(c.by));
		jset(doc, "a", jstr(ga ? ga->name : NULL));
		jset(doc, "b", jstr(gb ? gb->name : NULL));
		jset(doc, "level", jnum(c.level));
		jset(doc, "source", jstr(base.source == CXJ_ANY_SOURCE ? "any"
					 : base.source == CXJ_SOURCE_EMPLOYEE
					     ? "employee" : "customer"));
		jset(doc, "adjusted", json_boolean(!ga));
	} else if (c.fmt == OUT_CSV) {
		printf("level,id,stage,metric,a,b,n_a,value_a,lo_a,hi_a,n_b,"
		       "value_b,lo_b,hi_b,difference,std_error,statistic,"
		       "p_value,method,p_holm,p_bh,significant\n");
	} else if (ga) {
		printf("%s against %s by %s: value [%g%% interval] n; "
		       "p two-sided, not adjusted across rows; * p < %g\n\n",
		       ga->name, gb->name, c.by, c.level * 100, 1 - c.level);
		printf("%-*s %-*s %-23s %-23s %7s %6s\n", c.idw,
		       "journey/stage/tp", c.mw, "metric", ga->name, gb->name, "diff",
		       "p");
	} else {
		printf("every pair by %s: value [%g%% interval] n; p_holm and "
		       "p_bh adjusted over the pairs of a figure; * p_holm < %g\n\n",
		       c.by, c.level * 100, 1 - c.level);
		printf("%-*s %-*s %-17s %-23s %-23s %7s %6s %6s\n", c.idw,
		       "journey/stage/tp", c.mw, "metric", "a - b", "a", "b", "diff",
		       "p", "p_holm");
	}
	for (size_t i = 0; i < ns; i++) {
		for (size_t m = 0; m < nm; m++) {
			figure all;
			figure_get(sc, scopes[i].id, metrics[m], &groups[0].sel,
				   -1, c.level, c.min_n, &all);
			if (!all.m)
				continue;
			if (ga) {
				pair_row p;
				pair_init(&p, &scopes[i], metrics[m], ga, gb);
				compare_two(&c, &p, all.rollup);
				if (p.fa.m || p.fb.m)
					emit(&c, &p);
			} else {
				all_pairs(&c, &scopes[i], metrics[m], groups + 1,
					  ng - 1, all.rollup);
			}
		}
	}
	if (doc) {
		jset(doc, "comparisons", c.rows);
		if ((rc = jemit("compare", doc)))
			goto out;
	} else if (c.fmt == OUT_TEXT) {
		printf("\n%zu comparison(s), %zu marked\n", c.compared, c.marked);
	}
	rc = out_close("compare");
out:
	free(scopes);
	free(groups);
	cxj_scores_free(sc);
	cxj_responses_free(r);
	cxj_journey_free(j);
	free(line.args);
	return rc < 0 ? EXIT_FINE : rc;
}
