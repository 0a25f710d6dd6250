/* cxj diff: what changed between two versions of a map, by id: personas,
 * stages and touchpoints added, removed and moved, and every field that
 * changed, so that maps kept in version control review like code. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cxj.h"

static const char *const arg_help[] = {
    "OLD: the earlier version of a map (YAML)",
    "NEW: the later version", NULL};
static const opt_spec opts[] = {
    {"json", 0, NULL, "one JSON document (format cxj-diff)"},
    {NULL, 0, NULL, NULL}};
static const cmd_spec spec = {
    "diff", "OLD NEW",
    "List what changed between two versions of a map; exit 1 when they differ.",
    arg_help, 2, 2, opts};

typedef struct ctx {
	const cxj_journey *a, *b;
	json_t *list; /* NULL: text */
	size_t count;
} ctx;

/* A text value on one line, quoted, with its newlines and quotes escaped. */
static void put_quoted(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

/* One change. op: added, removed, moved, changed. old/new: JSON values
 * (stolen), printed in text by put_json. */
static void change(ctx *c, const char *op, const char *kind, const char *id,
		   const char *field, json_t *old, json_t *new_, const char *note)
{
	c->count++;
	if (c->list) {
		json_t *o = json_object();
		jset(o, "op", jstr(op));
		jset(o, "kind", jstr(kind));
		jset(o, "id", jstr(id));
		if (field)
			jset(o, "field", jstr(field));
		if (old)
			jset(o, "old", old);
		if (new_)
			jset(o, "new", new_);
		if (note)
			jset(o, "note", jstr(note));
		jpush(c->list, o);
		return;
	}
	printf("%c %s '%s'", op[0] == 'a' ? '+' : op[0] == 'r' ? '-'
			     : op[0] == 'm' ? '>' : '~', kind, id);
	if (field)
		printf(" %s:", field);
	else
		printf(" %s", op);
	if (old || new_) {
		json_t *v[2] = {old, new_};
		for (int i = 0; i < 2; i++) {
			if (!v[i])
				continue;
			if (i && old)
				printf(" ->");
			putchar(' ');
			if (json_is_string(v[i]))
				put_quoted(json_string_value(v[i]));
			else if (json_is_null(v[i]))
				printf("(none)");
			else {
				char *s = json_dumps(v[i], JSON_COMPACT |
								 JSON_ENCODE_ANY |
								 JSON_REAL_PRECISION(15));
				printf("%s", s ? s : "?");
				free(s);
			}
		}
	}
	if (note)
		printf("%s%s", field || old || new_ ? " " : ": ", note);
	putchar('\n');
	json_decref(old);
	json_decref(new_);
}

static void text_field(ctx *c, const char *kind, const char *id,
		       const char *field, const char *x, const char *y)
{
	if (strcmp(x, y))
		change(c, "changed", kind, id, field, *x ? jstr(x) : json_null(),
		       *y ? jstr(y) : json_null(), NULL);
}

/* ---- keyed values: attributes, targets, stored metrics ---- */

typedef struct keyed {
	size_t (*count)(const void *o);
	int (*at)(const void *o, size_t i, const char **key, const void **v);
	const void *(*get)(const void *o, const char *key, int *found);
	int (*same)(const void *x, const void *y);
	json_t *(*json)(const void *v);
	const char *name;
} keyed;

static void keyed_diff(ctx *c, const keyed *k, const char *kind,
		       const char *id, const void *x, const void *y)
{
	char field[300];
	for (size_t i = 0; i < k->count(x); i++) {
		const char *key;
		const void *vx, *vy;
		int found;
		if (k->at(x, i, &key, &vx) != CXJ_OK)
			continue;
		vy = k->get(y, key, &found);
		snprintf(field, sizeof field, "%s.%s", k->name, key);
		if (!found)
			change(c, "changed", kind, id, field, k->json(vx),
			       json_null(), NULL);
		else if (!k->same(vx, vy))
			change(c, "changed", kind, id, field, k->json(vx),
			       k->json(vy), NULL);
	}
	for (size_t i = 0; i < k->count(y); i++) {
		const char *key;
		const void *vy;
		int found;
		if (k->at(y, i, &key, &vy) != CXJ_OK)
			continue;
		k->get(x, key, &found);
		snprintf(field, sizeof field, "%s.%s", k->name, key);
		if (!found)
			change(c, "changed", kind, id, field, json_null(),
			       k->json(vy), NULL);
	}
}

static int same_str(const void *x, const void *y) { return !strcmp(x, y); }
static json_t *json_str(const void *v) { return jstr(v); }
static int same_num(const void *x, const void *y)
{
	return *(const double *)x == *(const double *)y;
}
static json_t *json_num(const void *v) { return jnum(*(const double *)v); }

/* Stored metrics are the same when their portable states are. */
static int same_metric(const void *x, const void *y)
{
	uint8_t *a = NULL, *b = NULL;
	size_t la, lb;
	int same = cxj_metric_state_save(x, &a, &la) == CXJ_OK &&
		   cxj_metric_state_save(y, &b, &lb) == CXJ_OK && la == lb &&
		   !memcmp(a, b, la);
	cxj_free(a);
	cxj_free(b);
	return same;
}
static json_t *json_metric(const void *v) { return jmetric(v); }

/* Targets are doubles returned by value: each lookup parks its value. */
static double parked[2];
static int park;

#define KEYED_ATTRS(T, P)                                                      \
	static size_t T##_attr_n(const void *o)                                \
	{                                                                      \
		return P##_attr_count(o);                                      \
	}                                                                      \
	static int T##_attr_at(const void *o, size_t i, const char **k,       \
			       const void **v)                                 \
	{                                                                      \
		return P##_attr_at(o, i, k, (const char **)v);                 \
	}                                                                      \
	static const void *T##_attr_get(const void *o, const char *k, int *f)  \
	{                                                                      \
		const char *v = P##_attr(o, k);                                \
		*f = v != NULL;                                                \
		return v;                                                      \
	}                                                                      \
	static const keyed T##_attrs = {T##_attr_n, T##_attr_at, T##_attr_get, \
					same_str, json_str, "attributes"};

#define KEYED_TARGETS(T, P)                                                    \
	static size_t T##_tgt_n(const void *o) { return P##_target_count(o); } \
	static int T##_tgt_at(const void *o, size_t i, const char **k,        \
			      const void **v)                                  \
	{                                                                      \
		double *d = &parked[park ^= 1];                                \
		*v = d;                                                        \
		return P##_target_at(o, i, k, d);                              \
	}                                                                      \
	static const void *T##_tgt_get(const void *o, const char *k, int *f)   \
	{                                                                      \
		double *d = &parked[park ^= 1];                                \
		*d = P##_target(o, k);                                         \
		*f = !isnan(*d);                                               \
		return d;                                                      \
	}                                                                      \
	static const keyed T##_targets = {T##_tgt_n, T##_tgt_at, T##_tgt_get,  \
					  same_num, json_num, "targets"};

#define KEYED_METRICS(T, P)                                                    \
	static size_t T##_met_n(const void *o) { return P##_metric_count(o); } \
	static int T##_met_at(const void *o, size_t i, const char **k,        \
			      const void **v)                                  \
	{                                                                      \
		return P##_metric_at(o, i, k, (const cxj_metric **)v);         \
	}                                                                      \
	static const void *T##_met_get(const void *o, const char *k, int *f)   \
	{                                                                      \
		const cxj_metric *m = P##_metric(o, k);                        \
		*f = m != NULL;                                                \
		return m;                                                      \
	}                                                                      \
	static const keyed T##_metrics = {T##_met_n, T##_met_at, T##_met_get,  \
					  same_metric, json_metric, "metrics"};

KEYED_ATTRS(tp, cxj_touchpoint)
KEYED_ATTRS(pe, cxj_persona)
KEYED_TARGETS(jo, cxj_journey)
KEYED_TARGETS(st, cxj_stage)
KEYED_TARGETS(tp, cxj_touchpoint)
KEYED_METRICS(jo, cxj_journey)
KEYED_METRICS(st, cxj_stage)
KEYED_METRICS(tp, cxj_touchpoint)

/* ---- order ----
 * Of the ids both versions share, those outside a longest increasing run
 * of their old positions (taken in the new order) moved; the rest kept
 * their relative order. O(n log n). keep[i] is set for the kept ones. */
static void kept_in_order(const size_t *old_pos, size_t n, unsigned char *keep)
{
	size_t *tail = malloc((n + 1) * sizeof *tail);
	size_t *prev = malloc((n + 1) * sizeof *prev), len = 0;
	memset(keep, 0, n);
	if (!tail || !prev) {
		memset(keep, 1, n); /* no memory: report no moves */
		free(tail);
		free(prev);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		size_t lo = 0, hi = len;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (old_pos[tail[mid]] < old_pos[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo ? tail[lo - 1] : (size_t)-1;
		tail[lo] = i;
		if (lo == len)
			len++;
	}
	for (size_t i = len ? tail[len - 1] : (size_t)-1; i != (size_t)-1;
	     i = prev[i])
		keep[i] = 1;
	free(tail);
	free(prev);
}

/* ---- lists ---- */

/* Lists compare as wholes; the text shows the items added and removed. */
static void list_diff(ctx *c, const char *id, const char *field, json_t *x,
		      json_t *y)
{
	size_t i, j;
	int any = 0;
	if (json_equal(x, y)) {
		json_decref(x);
		json_decref(y);
		return;
	}
	if (c->list) {
		change(c, "changed", "touchpoint", id, field, x, y, NULL);
		return;
	}
	c->count++;
	for (int side = 0; side < 2; side++) {
		json_t *from = side ? y : x, *other = side ? x : y;
		for (i = 0; i < json_array_size(from); i++) {
			const char *s = json_string_value(json_array_get(from, i));
			int found = 0;
			for (j = 0; j < json_array_size(other) && !found; j++)
				found = !strcmp(s, json_string_value(
							   json_array_get(other, j)));
			if (found)
				continue;
			printf("~ touchpoint '%s' %s: %c ", id, field,
			       side ? '+' : '-');
			put_quoted(s);
			putchar('\n');
			any = 1;
		}
	}
	if (!any)
		printf("~ touchpoint '%s' %s: reordered\n", id, field);
	json_decref(x);
	json_decref(y);
}

static void touchpoint_diff(ctx *c, const cxj_touchpoint *x,
			    const cxj_touchpoint *y)
{
	static const struct {
		const char *name;
		const char *(*get)(const cxj_touchpoint *);
	} texts[] = {{"name", cxj_touchpoint_name},
		     {"description", cxj_touchpoint_description},
		     {"activity", cxj_touchpoint_activity},
		     {"channel", cxj_touchpoint_channel},
		     {"back-end-process", cxj_touchpoint_back_end_process},
		     {"think-feel", cxj_touchpoint_think_feel},
		     {"promise", cxj_touchpoint_promise}};
	static const struct {
		const char *name;
		cxj_list list;
	} lists[] = {{"steps", CXJ_LIST_STEPS},
		     {"systems", CXJ_LIST_SYSTEMS},
		     {"pain-points", CXJ_LIST_PAIN_POINTS},
		     {"opportunities", CXJ_LIST_OPPORTUNITIES}};
	static const char *const roles[] = {"customers", "front-office",
					    "back-office"};
	const char *id = cxj_touchpoint_id(y);
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		text_field(c, "touchpoint", id, texts[i].name, texts[i].get(x),
			   texts[i].get(y));
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
		list_diff(c, id, lists[i].name, jitems(x, lists[i].list),
			  jitems(y, lists[i].list));
	for (int k = 0; k < 3; k++)
		list_diff(c, id, roles[k], jpersonas(x, (cxj_persona_kind)k),
			  jpersonas(y, (cxj_persona_kind)k));
	if (!cxj_touchpoint_moment_of_truth(x) != !cxj_touchpoint_moment_of_truth(y))
		change(c, "changed", "touchpoint", id, "moment-of-truth",
		       json_boolean(cxj_touchpoint_moment_of_truth(x)),
		       json_boolean(cxj_touchpoint_moment_of_truth(y)), NULL);
	text_field(c, "touchpoint", id, "experience",
		   cxj_experience_name(cxj_touchpoint_experience(x)),
		   cxj_experience_name(cxj_touchpoint_experience(y)));
	keyed_diff(c, &tp_attrs, "touchpoint", id, x, y);
	keyed_diff(c, &tp_targets, "touchpoint", id, x, y);
	keyed_diff(c, &tp_metrics, "touchpoint", id, x, y);
}

static void personas_diff(ctx *c)
{
	size_t na = cxj_journey_persona_count(c->a);
	size_t nb = cxj_journey_persona_count(c->b);
	for (size_t i = 0; i < na; i++) {
		const cxj_persona *p = cxj_journey_persona_at(c->a, i);
		if (!cxj_journey_find_persona(c->b, cxj_persona_id(p)))
			change(c, "removed", "persona", cxj_persona_id(p), NULL,
			       NULL, NULL, NULL);
	}
	for (size_t i = 0; i < nb; i++) {
		const cxj_persona *q = cxj_journey_persona_at(c->b, i);
		const cxj_persona *p = cxj_journey_find_persona(c->a,
								cxj_persona_id(q));
		const char *id = cxj_persona_id(q);
		if (!p) {
			change(c, "added", "persona", id, NULL, NULL, NULL,
			       cxj_persona_kind_name(cxj_persona_kind_of(q)));
			continue;
		}
		text_field(c, "persona", id, "kind",
			   cxj_persona_kind_name(cxj_persona_kind_of(p)),
			   cxj_persona_kind_name(cxj_persona_kind_of(q)));
		text_field(c, "persona", id, "name", cxj_persona_name(p),
			   cxj_persona_name(q));
		text_field(c, "persona", id, "description",
			   cxj_persona_description(p), cxj_persona_description(q));
		keyed_diff(c, &pe_attrs, "persona", id, p, q);
	}
}

static void note_at(char *buf, size_t size, const char *what, size_t i,
		    size_t n, const char *stage)
{
	if (stage)
		snprintf(buf, size, "%s %zu of %zu in stage '%s'", what, i + 1,
			 n, stage);
	else
		snprintf(buf, size, "%s %zu of %zu", what, i + 1, n);
}

static int stages_diff(ctx *c)
{
	size_t na = cxj_journey_stage_count(c->a), nb = cxj_journey_stage_count(c->b);
	size_t *pos = calloc(nb + 1, sizeof *pos), ncommon = 0;
	unsigned char *keep = malloc(nb + 1);
	const cxj_stage **common = malloc((nb + 1) * sizeof *common);
	char note[600];
	if (!pos || !keep || !common) {
		free(pos);
		free(keep);
		free(common);
		return -1;
	}
	for (size_t i = 0; i < na; i++) {
		const cxj_stage *s = cxj_journey_stage_at(c->a, i);
		if (!cxj_journey_find_stage(c->b, cxj_stage_id(s))) {
			note_at(note, sizeof note, "was", i, na, NULL);
			change(c, "removed", "stage", cxj_stage_id(s), NULL, NULL,
			       NULL, note);
		}
	}
	for (size_t i = 0; i < nb; i++) {
		const cxj_stage *s = cxj_journey_stage_at(c->b, i);
		const cxj_stage *o = cxj_journey_find_stage(c->a, cxj_stage_id(s));
		if (!o) {
			note_at(note, sizeof note, "at", i, nb, NULL);
			change(c, "added", "stage", cxj_stage_id(s), NULL, NULL,
			       NULL, note);
			continue;
		}
		pos[ncommon] = cxj_stage_index(o);
		common[ncommon++] = s;
	}
	kept_in_order(pos, ncommon, keep);
	for (size_t i = 0; i < ncommon; i++) {
		const cxj_stage *s = common[i];
		const cxj_stage *o = cxj_journey_find_stage(c->a, cxj_stage_id(s));
		const char *id = cxj_stage_id(s);
		if (!keep[i]) {
			snprintf(note, sizeof note, "now %zu of %zu, was %zu of %zu",
				 cxj_stage_index(s) + 1, nb, cxj_stage_index(o) + 1,
				 na);
			change(c, "moved", "stage", id, NULL, NULL, NULL, note);
		}
		text_field(c, "stage", id, "name", cxj_stage_name(o),
			   cxj_stage_name(s));
		text_field(c, "stage", id, "description",
			   cxj_stage_description(o), cxj_stage_description(s));
		keyed_diff(c, &st_targets, "stage", id, o, s);
		keyed_diff(c, &st_metrics, "stage", id, o, s);
	}
	free(pos);
	free(keep);
	free(common);
	return 0;
}

/* Touchpoints: removed, added, moved to another stage, or moved within
 * their stage against the others that stayed there. */
static int touchpoints_diff(ctx *c)
{
	size_t nb = cxj_journey_touchpoint_count(c->b) + 1;
	size_t *pos = calloc(nb, sizeof *pos);
	unsigned char *keep = malloc(nb);
	const cxj_touchpoint **same = malloc(nb * sizeof *same);
	char note[800];
	if (!pos || !keep || !same) {
		free(pos);
		free(keep);
		free(same);
		return -1;
	}
	for (size_t s = 0; s < cxj_journey_stage_count(c->a); s++) {
		const cxj_stage *st = cxj_journey_stage_at(c->a, s);
		for (size_t t = 0; t < cxj_stage_touchpoint_count(st); t++) {
			const cxj_touchpoint *tp = cxj_stage_touchpoint_at(st, t);
			if (cxj_journey_find_touchpoint(c->b, cxj_touchpoint_id(tp)))
				continue;
			note_at(note, sizeof note, "was", t,
				cxj_stage_touchpoint_count(st), cxj_stage_id(st));
			change(c, "removed", "touchpoint", cxj_touchpoint_id(tp),
			       NULL, NULL, NULL, note);
		}
	}
	for (size_t s = 0; s < cxj_journey_stage_count(c->b); s++) {
		const cxj_stage *st = cxj_journey_stage_at(c->b, s);
		size_t n = cxj_stage_touchpoint_count(st), nsame = 0;
		for (size_t t = 0; t < n; t++) {
			const cxj_touchpoint *tp = cxj_stage_touchpoint_at(st, t);
			const char *id = cxj_touchpoint_id(tp);
			const cxj_touchpoint *o = cxj_journey_find_touchpoint(c->a, id);
			const char *was;
			if (!o) {
				note_at(note, sizeof note, "at", t, n,
					cxj_stage_id(st));
				change(c, "added", "touchpoint", id, NULL, NULL,
				       NULL, note);
				continue;
			}
			was = cxj_stage_id(cxj_touchpoint_stage(o));
			if (strcmp(was, cxj_stage_id(st))) {
				snprintf(note, sizeof note,
					 "from stage '%s' to stage '%s'", was,
					 cxj_stage_id(st));
				change(c, "moved", "touchpoint", id, NULL, NULL,
				       NULL, note);
			} else {
				pos[nsame] = cxj_touchpoint_index(o);
				same[nsame++] = tp;
			}
		}
		kept_in_order(pos, nsame, keep);
		for (size_t i = 0; i < nsame; i++) {
			if (keep[i])
				continue;
			snprintf(note, sizeof note,
				 "within stage '%s': now %zu of %zu, was %zu",
				 cxj_stage_id(st), cxj_touchpoint_index(same[i]) + 1,
				 n, pos[i] + 1);
			change(c, "moved", "touchpoint", cxj_touchpoint_id(same[i]),
			       NULL, NULL, NULL, note);
		}
		for (size_t t = 0; t < n; t++) {
			const cxj_touchpoint *tp = cxj_stage_touchpoint_at(st, t);
			const cxj_touchpoint *o = cxj_journey_find_touchpoint(
			    c->a, cxj_touchpoint_id(tp));
			if (o)
				touchpoint_diff(c, o, tp);
		}
	}
	free(pos);
	free(keep);
	free(same);
	return 0;
}

int cmd_diff(int argc, char **argv)
{
	cmd_line line;
	out_format fmt;
	cxj_journey *a = NULL, *b = NULL;
	ctx c;
	json_t *doc = NULL;
	int rc = cmd_parse(&spec, argc, argv, &line);
	memset(&c, 0, sizeof c);
	if (rc || (rc = out_format_of(&spec, &line, &fmt)))
		goto out;
	if (load_map("diff", line.args[0], 0, NULL, &a) != CXJ_OK ||
	    load_map("diff", line.args[1], 0, NULL, &b) != CXJ_OK) {
		rc = lib_status(0);
		goto out;
	}
	c.a = a;
	c.b = b;
	if (fmt == OUT_JSON) {
		doc = jdoc("diff");
		c.list = json_array();
		jset(doc, "old", jstr(line.args[0]));
		jset(doc, "new", jstr(line.args[1]));
	} else {
		printf("--- %s\n+++ %s\n", line.args[0], line.args[1]);
	}
	text_field(&c, "journey", cxj_journey_id(b), "id", cxj_journey_id(a),
		   cxj_journey_id(b));
	text_field(&c, "journey", cxj_journey_id(b), "name", cxj_journey_name(a),
		   cxj_journey_name(b));
	text_field(&c, "journey", cxj_journey_id(b), "description",
		   cxj_journey_description(a), cxj_journey_description(b));
	keyed_diff(&c, &jo_targets, "journey", cxj_journey_id(b), a, b);
	keyed_diff(&c, &jo_metrics, "journey", cxj_journey_id(b), a, b);
	personas_diff(&c);
	if (stages_diff(&c) || touchpoints_diff(&c)) {
		say_error("diff", "out of memory");
		json_decref(doc);
		json_decref(c.list);
		rc = EXIT_USAGE;
		goto out;
	}
	if (doc) {
		jset(doc, "changes", c.list);
		jset(doc, "count", jint(c.count));
		if ((rc = jemit("diff", doc)))
			goto out;
	} else {
		printf("%zu change(s)\n", c.count);
	}
	rc = out_close("diff");
	rc = rc ? rc : c.count ? EXIT_PROBLEMS : EXIT_FINE;
out:
	cxj_journey_free(a);
	cxj_journey_free(b);
	free(line.args);
	return rc < 0 ? EXIT_FINE : rc;
}
