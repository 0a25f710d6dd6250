/* cxj: the helpers every command shares: options, error lines that name
 * file, line and column, loading with a progress line, figures, text
 * wrapping, and JSON (jansson) and CSV output. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cxj.h"

/* ---- options ---- */

static const opt_spec *find_opt(const cmd_spec *spec, const char *name,
				size_t len, char letter, size_t *index)
{
	for (size_t i = 0; spec->opts[i].name; i++) {
		const opt_spec *o = &spec->opts[i];
		if ((letter && o->letter == letter) ||
		    (!letter && strlen(o->name) == len &&
		     !strncmp(o->name, name, len))) {
			*index = i;
			return o;
		}
	}
	return NULL;
}

void cmd_usage(const cmd_spec *spec, FILE *to)
{
	fprintf(to, "usage: cxj %s %s [options]\n%s\n", spec->name, spec->args,
		spec->summary);
	if (spec->arg_help) {
		fprintf(to, "\n");
		for (size_t i = 0; spec->arg_help[i]; i++)
			fprintf(to, "  %s\n", spec->arg_help[i]);
	}
	fprintf(to, "\noptions:\n");
	for (size_t i = 0; spec->opts[i].name; i++) {
		const opt_spec *o = &spec->opts[i];
		char head[64];
		snprintf(head, sizeof head, "%s%c%s--%s%s%s",
			 o->letter ? "-" : "", o->letter ? o->letter : ' ',
			 o->letter ? ", " : " ", o->name, o->value ? " " : "",
			 o->value ? o->value : "");
		fprintf(to, "  %-26s %s\n", o->letter ? head : head + 1,
			o->help);
	}
	fprintf(to, "  %-26s %s\n", "-h, --help", "this help");
}

/* Names the options a command knows, for "unknown option" lines. */
static void list_opts(const cmd_spec *spec)
{
	fprintf(stderr, "cxj %s: options are", spec->name);
	for (size_t i = 0; spec->opts[i].name; i++)
		fprintf(stderr, "%s --%s%s%s", i ? "," : "", spec->opts[i].name,
			spec->opts[i].value ? " " : "",
			spec->opts[i].value ? spec->opts[i].value : "");
	fprintf(stderr, " (see cxj %s --help)\n", spec->name);
}

int cmd_parse(const cmd_spec *spec, int argc, char **argv, cmd_line *line)
{
	int only_args = 0;
	memset(line, 0, sizeof *line);
	line->args = calloc((size_t)argc + 1, sizeof *line->args);
	if (!line->args) {
		say_error(spec->name, "out of memory");
		return EXIT_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		const opt_spec *o;
		size_t k = 0;
		const char *val = NULL, *eq;
		if (only_args || a[0] != '-' || !strcmp(a, "-")) {
			line->args[line->nargs++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = 1;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			cmd_usage(spec, stdout);
			return -1;
		}
		if (a[1] == '-') {
			eq = strchr(a + 2, '=');
			o = find_opt(spec, a + 2,
				     eq ? (size_t)(eq - a - 2) : strlen(a + 2),
				     0, &k);
			if (o && eq)
				val = eq + 1;
		} else {
			o = a[2] ? NULL : find_opt(spec, NULL, 0, a[1], &k);
		}
		if (!o) {
			say_error(spec->name, "unknown option '%s'", a);
			list_opts(spec);
			return EXIT_USAGE;
		}
		if (!o->value && val) {
			say_error(spec->name, "--%s takes no value", o->name);
			return EXIT_USAGE;
		}
		if (o->value && !val) {
			if (i + 1 >= argc) {
				say_error(spec->name,
					  "--%s needs a value: %s (%s)",
					  o->name, o->value, o->help);
				return EXIT_USAGE;
			}
			val = argv[++i];
		}
		line->val[k] = o->value ? val : "";
	}
	if (line->nargs < spec->min_args) {
		const char *h = spec->arg_help ? spec->arg_help[line->nargs]
					       : NULL;
		say_error(spec->name, "missing %s (usage: cxj %s %s)",
			  h ? h : "an argument", spec->name, spec->args);
		return EXIT_USAGE;
	}
	if (line->nargs > spec->max_args) {
		say_error(spec->name,
			  "unexpected argument '%s' (usage: cxj %s %s)",
			  line->args[spec->max_args], spec->name, spec->args);
		return EXIT_USAGE;
	}
	return 0;
}

const char *cmd_opt(const cmd_spec *spec, const cmd_line *line,
		    const char *name)
{
	size_t k;
	if (!find_opt(spec, name, strlen(name), 0, &k))
		return NULL;
	return line->val[k];
}

int opt_double(const char *cmd, const char *name, const char *text,
	       double lo, double hi, double *out)
{
	char *end;
	double v;
	if (!text)
		return 0;
	errno = 0;
	v = strtod(text, &end);
	if (errno || end == text || *end || !(v > lo && v < hi)) {
		say_error(cmd, "--%s takes a number above %g and below %g, "
			       "not '%s'", name, lo, hi, text);
		return EXIT_USAGE;
	}
	*out = v;
	return 0;
}

int opt_size(const char *cmd, const char *name, const char *text, size_t lo,
	     size_t *out)
{
	char *end;
	unsigned long long v;
	if (!text)
		return 0;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-' || v < lo) {
		say_error(cmd, "--%s takes a whole number from %zu, not '%s'",
			  name, lo, text);
		return EXIT_USAGE;
	}
	*out = (size_t)v;
	return 0;
}

int opt_choice(const char *cmd, const char *name, const char *text,
	       const char *const *choices, int *out)
{
	if (!text)
		return 0;
	for (int i = 0; choices[i]; i++) {
		if (!strcasecmp(text, choices[i])) {
			*out = i;
			return 0;
		}
	}
	say_error(cmd, "--%s takes one of", name);
	for (int i = 0; choices[i]; i++)
		fprintf(stderr, "%s %s", i ? "," : "", choices[i]);
	fprintf(stderr, "; not '%s'\n", text);
	return EXIT_USAGE;
}

int opt_kind(const char *cmd, const char *name, const char *text,
	     int allow_kpi, cxj_metric_kind *out)
{
	cxj_metric_kind k;
	if (!text)
		return 0;
	if (cxj_metric_kind_from_name(text, &k) != CXJ_OK ||
	    (k == CXJ_KPI && !allow_kpi)) {
		say_error(cmd, "--%s takes csat, nps or ces, not '%s'", name,
			  text);
		return EXIT_USAGE;
	}
	*out = k;
	return 0;
}

int out_format_of(const cmd_spec *spec, const cmd_line *line,
		  out_format *out)
{
	const char *j = cmd_opt(spec, line, "json");
	const char *c = cmd_opt(spec, line, "csv");
	if (j && c) {
		say_error(spec->name, "--json and --csv exclude each other");
		return EXIT_USAGE;
	}
	*out = j ? OUT_JSON : c ? OUT_CSV : OUT_TEXT;
	return 0;
}

/* ---- errors ---- */

void say_at(const char *file, unsigned line, unsigned column,
	    const char *severity, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	if (line && column)
		fprintf(stderr, "%s:%u:%u: %s: ", file, line, column, severity);
	else if (line)
		fprintf(stderr, "%s:%u: %s: ", file, line, severity);
	else
		fprintf(stderr, "%s: %s: ", file, severity);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void say_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fprintf(stderr, "cxj%s%s: error: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void say_lib_error(const char *cmd, const char *what)
{
	const cxj_error *e = cxj_error_last();
	if (e->file && e->line)
		say_at(e->file, e->line, e->column, "error", "%s", e->message);
	else if (what)
		say_error(cmd, "%s: %s", what, e->message);
	else
		say_error(cmd, "%s", e->message);
}

int lib_status(int problems)
{
	int code = cxj_error_last()->code;
	if (problems && (code == CXJ_EPARSE || code == CXJ_ELIMIT))
		return EXIT_PROBLEMS;
	return EXIT_USAGE;
}

/* ---- progress ----
 * The library's loads take no callback, so a helper thread prints the
 * elapsed time while the calling thread (which keeps the thread-local last
 * error) does the work. */

static pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t progress_cv = PTHREAD_COND_INITIALIZER;
static struct {
	pthread_t thread;
	int running, done, shown;
	char what[64], path[512];
	double size_mb;
} progress;

static double progress_delay(void)
{
	const char *s = getenv("CXJ_PROGRESS_AFTER");
	char *end;
	double v;
	if (!s || !*s)
		return 1.0;
	v = strtod(s, &end);
	return *end || !(v >= 0) ? 1.0 : v;
}

static void *progress_main(void *arg)
{
	struct timespec start, until;
	double delay = progress_delay(), waited = 0;
	(void)arg;
	clock_gettime(CLOCK_REALTIME, &start);
	pthread_mutex_lock(&progress_lock);
	while (!progress.done) {
		double step = waited < delay ? delay - waited : 1.0;
		long ns;
		waited += step;
		until = start;
		until.tv_sec += (time_t)waited;
		ns = until.tv_nsec + (long)((waited - floor(waited)) * 1e9);
		until.tv_sec += ns / 1000000000L;
		until.tv_nsec = ns % 1000000000L;
		while (!progress.done &&
		       pthread_cond_timedwait(&progress_cv, &progress_lock,
					      &until) != ETIMEDOUT)
			;
		if (progress.done)
			break;
		fprintf(stderr, "\rcxj: %s %s (%.1f MB): %.0f s", progress.what,
			progress.path, progress.size_mb, waited);
		fflush(stderr);
		progress.shown = 1;
	}
	pthread_mutex_unlock(&progress_lock);
	return NULL;
}

void progress_begin(const char *what, const char *path)
{
	struct stat st;
	if (!isatty(STDERR_FILENO) || progress.running)
		return;
	snprintf(progress.what, sizeof progress.what, "%s", what);
	snprintf(progress.path, sizeof progress.path, "%s", path);
	progress.size_mb =
	    stat(path, &st) == 0 ? (double)st.st_size / 1e6 : 0;
	progress.done = progress.shown = 0;
	if (progress_delay() <= 0) { /* at once: said before the work starts */
		fprintf(stderr, "cxj: %s %s (%.1f MB)", what, path,
			progress.size_mb);
		progress.shown = 1;
	}
	if (pthread_create(&progress.thread, NULL, progress_main, NULL) == 0)
		progress.running = 1;
}

void progress_end(void)
{
	if (!progress.running)
		return;
	pthread_mutex_lock(&progress_lock);
	progress.done = 1;
	pthread_cond_signal(&progress_cv);
	pthread_mutex_unlock(&progress_lock);
	pthread_join(progress.thread, NULL);
	progress.running = 0;
	if (progress.shown)
		fprintf(stderr, ", done\n");
}

/* ---- inputs ---- */

int load_map(const char *cmd, const char *path, unsigned flags,
	     cxj_diagnostics **warnings, cxj_journey **out)
{
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	int rc;
	o.flags = flags;
	o.warnings = warnings;
	progress_begin("loading", path);
	if (!strcmp(path, "-"))
		rc = cxj_journey_load_stream(stdin, "<stdin>", &o, out);
	else
		rc = cxj_journey_load_file(path, &o, out);
	progress_end();
	if (rc != CXJ_OK)
		say_lib_error(cmd, path);
	return rc;
}

/* The import's notes (ids not in the map, near-miss metric names,
 * segments differing in case) as warnings at their lines. */
static void say_notes(const char *path, cxj_diagnostics *notes)
{
	for (size_t i = 0; i < cxj_diagnostics_count(notes); i++)
		say_at(path, cxj_diagnostics_line(notes, i),
		       cxj_diagnostics_column(notes, i), "warning", "%s",
		       cxj_diagnostics_message(notes, i));
	cxj_diagnostics_free(notes);
}

int load_answers(const char *cmd, const char *path, const char *by,
		 const char *survey, const cxj_journey *journey,
		 cxj_responses **out)
{
	cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
	cxj_survey_mapping *m = NULL;
	cxj_diagnostics *notes = NULL;
	cxj_responses *r = NULL;
	int rc;
	if (survey &&
	    ((rc = cxj_survey_mapping_load_file(survey, &m)) != CXJ_OK ||
	     (rc = cxj_survey_mapping_apply(m, &o)) != CXJ_OK)) {
		say_lib_error(cmd, survey);
		cxj_survey_mapping_free(m);
		return rc;
	}
	if (by && strcasecmp(by, "source") && strcasecmp(by, "segment"))
		o.segment_column = by;
	o.journey = journey;
	o.report = &notes;
	if ((rc = cxj_responses_new(&r)) != CXJ_OK) {
		say_lib_error(cmd, path);
		goto out;
	}
	progress_begin("importing", path);
	rc = cxj_responses_import_csv_file(r, path, &o);
	progress_end();
	if (rc != CXJ_OK) {
		say_lib_error(cmd, path);
		goto out;
	}
	say_notes(path, notes);
	/* the column is there (the import checks that) but may be empty */
	if (by && o.segment_column &&
	    !cxj_responses_string_count(r, CXJ_TABLE_SEGMENTS)) {
		say_at(path, 1, 0, "error",
		       "no answer has a value in a column '%s' (--by names a "
		       "column of the answers, 'segment' or 'source')",
		       o.segment_column);
		rc = CXJ_EINVAL;
		goto out;
	}
	*out = r;
	r = NULL;
out:
	cxj_responses_free(r);
	cxj_survey_mapping_free(m);
	return rc;
}

/* ---- figures ---- */

const cxj_metric *scores_metric(const cxj_scores *sc, const char *id,
				const char *metric, const cxj_selection *sel,
				int *missing)
{
	/* the library answers a known figure without answers with an empty
	 * metric, and an unknown id, metric or segment with NULL */
	const cxj_metric *m = cxj_scores_metric(sc, id, metric, sel);
	if (missing)
		*missing = !m;
	return m && cxj_metric_count(m) ? m : NULL;
}

int figure_get(const cxj_scores *sc, const char *id, const char *metric,
	       const cxj_selection *sel, int rollup, double level,
	       size_t min_n, figure *f)
{
	cxj_selection s = *sel;
	cxj_interval init = CXJ_INTERVAL_INIT;
	memset(f, 0, sizeof *f);
	f->ci = init;
	f->ci.lo = f->ci.hi = f->ci.std_error = NAN;
	f->value = f->gap = NAN;
	f->target = cxj_scores_target(sc, id, metric);
	s.rollup = rollup > 0;
	f->rollup = s.rollup;
	f->m = scores_metric(sc, id, metric, &s, NULL);
	if (rollup < 0 && (!f->m || !cxj_metric_count(f->m))) {
		s.rollup = 1;
		f->m = scores_metric(sc, id, metric, &s, NULL);
		f->rollup = 1;
	}
	if (!f->m || !(f->n = cxj_metric_count(f->m))) {
		f->m = NULL;
		f->rollup = 0;
		return 0;
	}
	f->value = cxj_metric_value(f->m);
	f->gap = f->value - f->target;
	if (cxj_metric_interval(f->m, CXJ_FIGURE_VALUE, CXJ_METHOD_DEFAULT,
				level, &f->ci) != CXJ_OK) {
		f->ci.lo = f->ci.hi = f->ci.std_error = NAN;
		f->ci.level = level;
	}
	f->low_n = f->n < min_n || isnan(f->ci.lo);
	return 1;
}

size_t answer_metrics(const cxj_responses *r, const char **names,
		      size_t room)
{
	size_t n = 0, total = cxj_responses_string_count(r, CXJ_TABLE_METRICS);
	int seen[4] = {0, 0, 0, 0};
	for (size_t i = 0; i < cxj_responses_count(r); i++) {
		int k = cxj_responses_kind(r, i);
		if (k >= CXJ_CSAT && k <= CXJ_CES)
			seen[k] = 1;
		if (seen[1] && seen[2] && seen[3])
			break;
	}
	for (int k = CXJ_CSAT; k <= CXJ_CES; k++)
		if (seen[k] && n < room)
			names[n++] = cxj_metric_kind_name((cxj_metric_kind)k);
	/* the table starts with csat, nps, ces and contact */
	for (size_t i = 4; i < total && n < room; i++)
		names[n++] = cxj_responses_string_at(r, CXJ_TABLE_METRICS, i);
	return n;
}

/* ---- text ---- */

size_t utf8_next(const char *s, const char *end, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = u[0] < 0x80 ? 1 : u[0] < 0xe0 ? 2 : u[0] < 0xf0 ? 3 : 4;
	if (u[0] < 0xc0 || (size_t)(end - s) < n) {
		*cp = u[0];
		return 1;
	}
	*cp = n == 2 ? u[0] & 0x1fu : n == 3 ? u[0] & 0x0fu : u[0] & 0x07u;
	for (size_t i = 1; i < n; i++)
		*cp = *cp << 6 | (u[i] & 0x3fu);
	return n;
}

/* East Asian wide and fullwidth code points take two columns; combining
 * marks none. */
unsigned cp_columns(uint32_t cp)
{
	if ((cp >= 0x300 && cp <= 0x36f) || cp == 0x200b ||
	    (cp >= 0xfe00 && cp <= 0xfe0f))
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) ||
	    (cp >= 0x20000 && cp <= 0x3fffd))
		return 2;
	return 1;
}

size_t text_width(const char *s, size_t len, cp_width_fn w)
{
	const char *end = s + len;
	size_t total = 0;
	uint32_t cp;
	while (s < end) {
		s += utf8_next(s, end, &cp);
		total += w(cp);
	}
	return total;
}

void wrap_init(wrapper *it, const char *text, size_t width, cp_width_fn w)
{
	it->p = text;
	it->end = text + strlen(text);
	it->width = width ? width : 1;
	it->w = w;
}

int wrap_next(wrapper *it, const char **line, size_t *len)
{
	const char *p = it->p, *brk = NULL, *q;
	size_t used = 0;
	uint32_t cp;
	while (p < it->end && *p == ' ')
		p++;
	if (p >= it->end)
		return 0;
	*line = p;
	for (q = p; q < it->end && *q != '\n';) {
		size_t n = utf8_next(q, it->end, &cp);
		unsigned cw = it->w(cp);
		if (*q == ' ')
			brk = q;
		if (used + cw > it->width && q > p) {
			if (*q == ' ' || !brk) { /* break here, or cut a word */
				*len = (size_t)(q - p);
				it->p = q;
				return 1;
			}
			*len = (size_t)(brk - p);
			it->p = brk + 1;
			return 1;
		}
		used += cw;
		q += n;
	}
	*len = (size_t)(q - p);
	while (*len && p[*len - 1] == ' ')
		(*len)--;
	it->p = q < it->end ? q + 1 : q;
	return 1;
}

const char *fmtd(char *buf, size_t size, double v, int decimals)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.*f", decimals, v);
	return buf;
}

/* ---- JSON ---- */

json_t *jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

json_t *jstr(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;
	return j ? j : json_null();
}

json_t *jint(uint64_t v)
{
	return json_integer((json_int_t)v);
}

void jset(json_t *obj, const char *key, json_t *value)
{
	json_object_set_new(obj, key, value ? value : json_null());
}

void jpush(json_t *arr, json_t *value)
{
	json_array_append_new(arr, value ? value : json_null());
}

json_t *jdoc(const char *command)
{
	json_t *d = json_object();
	char name[32];
	snprintf(name, sizeof name, "cxj-%s", command);
	jset(d, "format", jstr(name));
	jset(d, "format_version", json_integer(JSON_FORMAT_VERSION));
	jset(d, "cxj_version", jstr(cxj_version()));
	return d;
}

int jemit(const char *cmd, json_t *doc)
{
	int rc = json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	json_decref(doc);
	if (rc != 0) {
		say_error(cmd, "cannot write the JSON document");
		return EXIT_USAGE;
	}
	fputc('\n', stdout);
	return 0;
}

json_t *jinterval(const cxj_interval *ci)
{
	json_t *o = json_object();
	jset(o, "lo", jnum(ci->lo));
	jset(o, "hi", jnum(ci->hi));
	jset(o, "level", jnum(ci->level));
	jset(o, "method", isnan(ci->lo) ? json_null()
					 : jstr(cxj_method_name(ci->method)));
	jset(o, "std_error", jnum(ci->std_error));
	return o;
}

json_t *jmetric(const cxj_metric *m)
{
	cxj_metric_summary s = CXJ_METRIC_SUMMARY_INIT;
	json_t *o = json_object();
	if (cxj_metric_summarize(m, &s) != CXJ_OK)
		return o;
	jset(o, "kind", jstr(cxj_metric_kind_name(s.kind)));
	jset(o, "n", jint(s.count));
	jset(o, "weight_sum", jnum(s.weight_sum));
	jset(o, "effective_n", jnum(s.effective_n));
	jset(o, "value", jnum(s.value));
	jset(o, "std_error", jnum(s.std_error));
	jset(o, "mean", jnum(s.mean));
	jset(o, "stddev", jnum(s.stddev));
	if (s.kind != CXJ_KPI)
		jset(o, "top_box", jnum(s.top_box));
	if (s.kind == CXJ_NPS) {
		jset(o, "promoters", jnum(s.promoters));
		jset(o, "passives", jnum(s.passives));
		jset(o, "detractors", jnum(s.detractors));
	}
	if (s.kind == CXJ_KPI && *cxj_metric_unit(m))
		jset(o, "unit", jstr(cxj_metric_unit(m)));
	return o;
}

json_t *jitems(const cxj_touchpoint *tp, cxj_list list)
{
	json_t *a = json_array();
	for (size_t i = 0; i < cxj_touchpoint_item_count(tp, list); i++)
		jpush(a, jstr(cxj_touchpoint_item_at(tp, list, i)));
	return a;
}

json_t *jpersonas(const cxj_touchpoint *tp, cxj_persona_kind kind)
{
	json_t *a = json_array();
	for (size_t i = 0; i < cxj_touchpoint_persona_count(tp, kind); i++)
		jpush(a, jstr(cxj_persona_id(cxj_touchpoint_persona_at(tp, kind, i))));
	return a;
}

json_t *jfigure(const figure *f)
{
	json_t *o = json_object();
	jset(o, "n", jint(f->n));
	jset(o, "basis", f->m ? jstr(f->rollup ? "rollup" : "direct")
			      : json_null());
	jset(o, "value", jnum(f->value));
	jset(o, "interval", jinterval(&f->ci));
	jset(o, "target", jnum(f->target));
	jset(o, "gap", jnum(f->gap));
	jset(o, "low_n", json_boolean(f->low_n));
	jset(o, "summary", f->m ? jmetric(f->m) : json_null());
	return o;
}

/* ---- CSV ---- */

void csv_str(FILE *f, const char *s, int last)
{
	if (s && strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else if (s) {
		fputs(s, f);
	}
	fputc(last ? '\n' : ',', f);
}

void csv_num(FILE *f, double v, int last)
{
	if (isfinite(v))
		fprintf(f, "%.15g", v);
	fputc(last ? '\n' : ',', f);
}

void csv_u64(FILE *f, uint64_t v, int last)
{
	fprintf(f, "%llu%c", (unsigned long long)v, last ? '\n' : ',');
}

/* ---- output ---- */

int out_close(const char *cmd)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		say_error(cmd, "cannot write to standard output: %s",
			  strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

const char *kind_label(const char *metric)
{
	if (!strcasecmp(metric, "csat"))
		return "CSAT %";
	if (!strcasecmp(metric, "nps"))
		return "NPS";
	if (!strcasecmp(metric, "ces"))
		return "CES";
	return metric;
}

/* ---- rows and groups ---- */

scope *scopes_list(const cxj_journey *j, size_t *n)
{
	size_t k = 0, total = 1 + cxj_journey_stage_count(j) +
			      cxj_journey_touchpoint_count(j);
	scope *v = malloc(total * sizeof *v);
	if (!v) {
		*n = 0;
		return NULL;
	}
	v[k++] = (scope){"journey", cxj_journey_id(j), cxj_journey_name(j),
			 NULL, 0};
	for (size_t s = 0; s < cxj_journey_stage_count(j); s++) {
		const cxj_stage *st = cxj_journey_stage_at(j, s);
		v[k++] = (scope){"stage", cxj_stage_id(st), cxj_stage_name(st),
				 NULL, 1};
		for (size_t t = 0; t < cxj_stage_touchpoint_count(st); t++) {
			const cxj_touchpoint *tp = cxj_stage_touchpoint_at(st, t);
			v[k++] = (scope){"touchpoint", cxj_touchpoint_id(tp),
					 cxj_touchpoint_name(tp),
					 cxj_stage_id(st), 2};
		}
	}
	*n = k;
	return v;
}

group *groups_list(const cxj_scores *sc, const char *by,
		   const cxj_selection *base, int with_all, size_t *n)
{
	size_t k = 0, nseg = cxj_scores_segment_count(sc);
	group *v = malloc((nseg + 3) * sizeof *v);
	if (!v) {
		*n = 0;
		return NULL;
	}
	if (with_all)
		v[k++] = (group){"all", *base};
	if (by && !strcasecmp(by, "source")) {
		v[k] = (group){"customer", *base};
		v[k++].sel.source = CXJ_SOURCE_CUSTOMER;
		v[k] = (group){"employee", *base};
		v[k++].sel.source = CXJ_SOURCE_EMPLOYEE;
	} else if (by) {
		for (size_t i = 0; i < nseg; i++) {
			v[k] = (group){cxj_scores_segment_at(sc, i), *base};
			v[k++].sel.segment = cxj_scores_segment_at(sc, i);
		}
	}
	*n = k;
	return v;
}

int source_option(const char *cmd, const char *text, cxj_selection *sel)
{
	static const char *const names[] = {"customer", "employee", "any", NULL};
	int k = 0;
	if (opt_choice(cmd, "source", text, names, &k))
		return EXIT_USAGE;
	sel->source = k == 2 ? CXJ_ANY_SOURCE : k;
	return 0;
}
