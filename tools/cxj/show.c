/* cxj show: the map in the terminal, stage by stage, the four lines of
 * each touchpoint, wrapped to the width of a terminal; or the whole map as
 * one JSON document. */
#include <stdlib.h>
#include <string.h>

#include "cxj.h"

static const char *const arg_help[] = {
    "MAP: a journey map (YAML, cxjourney(5)); - reads standard input", NULL};
static const opt_spec opts[] = {
    {"json", 0, NULL, "the map as one JSON document (format cxj-show)"},
    {"width", 'w', "N", "columns to fit, 40 or more (default 80)"},
    {NULL, 0, NULL, NULL}};
static const cmd_spec spec = {"show", "MAP",
			      "Print a journey map stage by stage.", arg_help,
			      1, 1, opts};

#define LABEL 16 /* the field names' column, after a 4-space indent */

static size_t width = 80;

/* Prints text wrapped in the value column, the first line after the label
 * (or a bullet), the rest indented under it. */
static void field(const char *label, const char *bullet, const char *text)
{
	wrapper w;
	const char *line;
	size_t len, col = 4 + LABEL, first = 1, blen = bullet ? strlen(bullet) : 0;
	if (!text || !*text)
		return;
	wrap_init(&w, text, width - col - blen, cp_columns);
	while (wrap_next(&w, &line, &len)) {
		if (first)
			printf("    %-*s%s", LABEL, label ? label : "",
			       bullet ? bullet : "");
		else
			printf("%*s", (int)(col + blen), "");
		printf("%.*s\n", (int)len, line);
		first = 0;
	}
}

static void list_field(const cxj_touchpoint *tp, cxj_list list,
		       const char *label, int numbered)
{
	size_t n = cxj_touchpoint_item_count(tp, list);
	for (size_t i = 0; i < n; i++) {
		char bullet[32];
		if (numbered)
			snprintf(bullet, sizeof bullet, "%zu. ", i + 1);
		else
			snprintf(bullet, sizeof bullet, "- ");
		field(i ? NULL : label, bullet,
		      cxj_touchpoint_item_at(tp, list, i));
	}
}

static void persona_field(const cxj_touchpoint *tp, cxj_persona_kind kind,
			  const char *label)
{
	size_t n = cxj_touchpoint_persona_count(tp, kind), len = 0;
	char *buf;
	for (size_t i = 0; i < n; i++) {
		const cxj_persona *p = cxj_touchpoint_persona_at(tp, kind, i);
		len += strlen(cxj_persona_name(p)) + strlen(cxj_persona_id(p)) + 8;
	}
	if (!n || !(buf = malloc(len + 1)))
		return;
	buf[0] = 0;
	for (size_t i = 0, at = 0; i < n; i++) {
		const cxj_persona *p = cxj_touchpoint_persona_at(tp, kind, i);
		const char *name = cxj_persona_name(p);
		at += (size_t)sprintf(buf + at, "%s%s", i ? "; " : "",
				      *name ? name : cxj_persona_id(p));
	}
	field(label, NULL, buf);
	free(buf);
}

static void rule(char c)
{
	for (size_t i = 0; i < width; i++)
		putchar(c);
	putchar('\n');
}

/* Free text under a heading, indented by two. */
static void para(const char *text)
{
	wrapper w;
	const char *line;
	size_t len;
	wrap_init(&w, text, width - 2, cp_columns);
	while (wrap_next(&w, &line, &len))
		printf("  %.*s\n", (int)len, line);
}

/* "title [id]" with a note flush right when it fits, wrapped when not. */
static void heading(const char *title, const char *id, const char *note)
{
	char buf[1024];
	size_t w;
	wrapper wr;
	const char *line;
	size_t len;
	snprintf(buf, sizeof buf, "%s%s[%s]", title, *title ? "  " : "", id);
	w = text_width(buf, strlen(buf), cp_columns);
	if (!note && w <= width) {
		printf("%s\n", buf);
		return;
	}
	if (note && w + strlen(note) + 2 <= width) {
		printf("%s%*s\n", buf, (int)(width - w), note);
		return;
	}
	wrap_init(&wr, buf, width, cp_columns);
	while (wrap_next(&wr, &line, &len))
		printf("%.*s\n", (int)len, line);
	if (note)
		printf("%*s\n", (int)width, note);
}

static void targets_line(size_t n, int (*at)(const void *, size_t,
					     const char **, double *),
			 const void *obj)
{
	char buf[1024];
	size_t len = 0;
	for (size_t i = 0; i < n && len < sizeof buf - 64; i++) {
		const char *m;
		double v;
		if (at(obj, i, &m, &v) == CXJ_OK)
			len += (size_t)snprintf(buf + len, sizeof buf - len,
						"%s%.40s %g", i ? ", " : "", m, v);
	}
	if (len)
		field("targets", NULL, buf);
}

static int tp_target_at(const void *o, size_t i, const char **m, double *v)
{
	return cxj_touchpoint_target_at(o, i, m, v);
}
static int st_target_at(const void *o, size_t i, const char **m, double *v)
{
	return cxj_stage_target_at(o, i, m, v);
}
static int j_target_at(const void *o, size_t i, const char **m, double *v)
{
	return cxj_journey_target_at(o, i, m, v);
}

/* A dashed rule with its name in the middle, as wide as the output. */
static void visibility_line(void)
{
	static const char name[] = " line of visibility ";
	size_t side = (width - 2 - (sizeof name - 1)) / 2;
	printf("  ");
	for (size_t i = 0; i < side; i++)
		putchar(i % 2 ? ' ' : '-');
	printf("%s", name);
	for (size_t i = 0; i < side; i++)
		putchar(i % 2 ? ' ' : '-');
	putchar('\n');
}

static void show_touchpoint(const cxj_touchpoint *tp, size_t s, size_t t)
{
	char title[600], note[64];
	const int mot = cxj_touchpoint_moment_of_truth(tp);
	snprintf(title, sizeof title, "%zu.%zu %s", s + 1, t + 1,
		 cxj_touchpoint_name(tp));
	snprintf(note, sizeof note, "%s%s",
		 cxj_experience_name(cxj_touchpoint_experience(tp)),
		 mot ? ", moment of truth" : "");
	heading(title, cxj_touchpoint_id(tp), note);
	para(cxj_touchpoint_description(tp));
	printf("  LINE OF JOURNEY\n");
	field("activity", NULL, cxj_touchpoint_activity(tp));
	list_field(tp, CXJ_LIST_STEPS, "steps", 1);
	persona_field(tp, CXJ_PERSONA_CUSTOMER, "customers");
	printf("  LINE OF CUSTOMER VISIBILITY\n");
	field("channel", NULL, cxj_touchpoint_channel(tp));
	persona_field(tp, CXJ_PERSONA_FRONT_OFFICE, "front office");
	visibility_line();
	printf("  LINE OF INTERNAL INTERACTION\n");
	persona_field(tp, CXJ_PERSONA_BACK_OFFICE, "back office");
	field("process", NULL, cxj_touchpoint_back_end_process(tp));
	list_field(tp, CXJ_LIST_SYSTEMS, "systems", 0);
	printf("  LINE OF EMOTIONAL EXPERIENCE\n");
	field("think & feel", NULL, cxj_touchpoint_think_feel(tp));
	field("experience", NULL, cxj_experience_name(cxj_touchpoint_experience(tp)));
	list_field(tp, CXJ_LIST_PAIN_POINTS, "pain points", 0);
	if (mot)
		field("truth: promise", NULL, *cxj_touchpoint_promise(tp)
						  ? cxj_touchpoint_promise(tp)
						  : "(no promise written)");
	list_field(tp, CXJ_LIST_OPPORTUNITIES, "opportunities", 0);
	targets_line(cxj_touchpoint_target_count(tp), tp_target_at, tp);
}

static void show_text(const cxj_journey *j)
{
	size_t ns = cxj_journey_stage_count(j);
	heading(cxj_journey_name(j), cxj_journey_id(j), NULL);
	para(cxj_journey_description(j));
	targets_line(cxj_journey_target_count(j), j_target_at, j);
	for (size_t k = 0; k < 3; k++) {
		static const char *const kinds[] = {"customers", "front office",
						    "back office"};
		for (size_t i = 0, first = 1; i < cxj_journey_persona_count(j); i++) {
			const cxj_persona *p = cxj_journey_persona_at(j, i);
			char buf[700];
			if (cxj_persona_kind_of(p) != (cxj_persona_kind)k)
				continue;
			snprintf(buf, sizeof buf, "%s: %s", cxj_persona_id(p),
				 cxj_persona_name(p));
			field(first ? kinds[k] : NULL, NULL, buf);
			first = 0;
		}
	}
	for (size_t s = 0; s < ns; s++) {
		const cxj_stage *st = cxj_journey_stage_at(j, s);
		char title[600];
		putchar('\n');
		rule('=');
		snprintf(title, sizeof title, "STAGE %zu of %zu: %s", s + 1, ns,
			 cxj_stage_name(st));
		heading(title, cxj_stage_id(st), NULL);
		para(cxj_stage_description(st));
		targets_line(cxj_stage_target_count(st), st_target_at, st);
		for (size_t t = 0; t < cxj_stage_touchpoint_count(st); t++) {
			rule('-');
			show_touchpoint(cxj_stage_touchpoint_at(st, t), s, t);
		}
	}
}

/* ---- JSON ---- */

static json_t *jtargets(size_t n, int (*at)(const void *, size_t,
					    const char **, double *),
			const void *obj)
{
	json_t *o = json_object();
	for (size_t i = 0; i < n; i++) {
		const char *m;
		double v;
		if (at(obj, i, &m, &v) == CXJ_OK)
			jset(o, m, jnum(v));
	}
	return o;
}

static json_t *jtouchpoint(const cxj_touchpoint *tp)
{
	json_t *o = json_object(), *attrs = json_object();
	jset(o, "id", jstr(cxj_touchpoint_id(tp)));
	jset(o, "name", jstr(cxj_touchpoint_name(tp)));
	jset(o, "description", jstr(cxj_touchpoint_description(tp)));
	jset(o, "activity", jstr(cxj_touchpoint_activity(tp)));
	jset(o, "steps", jitems(tp, CXJ_LIST_STEPS));
	jset(o, "customers", jpersonas(tp, CXJ_PERSONA_CUSTOMER));
	jset(o, "channel", jstr(cxj_touchpoint_channel(tp)));
	jset(o, "front_office", jpersonas(tp, CXJ_PERSONA_FRONT_OFFICE));
	jset(o, "back_office", jpersonas(tp, CXJ_PERSONA_BACK_OFFICE));
	jset(o, "back_end_process", jstr(cxj_touchpoint_back_end_process(tp)));
	jset(o, "systems", jitems(tp, CXJ_LIST_SYSTEMS));
	jset(o, "think_feel", jstr(cxj_touchpoint_think_feel(tp)));
	jset(o, "pain_points", jitems(tp, CXJ_LIST_PAIN_POINTS));
	jset(o, "moment_of_truth", json_boolean(cxj_touchpoint_moment_of_truth(tp)));
	jset(o, "promise", jstr(cxj_touchpoint_promise(tp)));
	jset(o, "experience", jstr(cxj_experience_name(cxj_touchpoint_experience(tp))));
	jset(o, "opportunities", jitems(tp, CXJ_LIST_OPPORTUNITIES));
	for (size_t i = 0; i < cxj_touchpoint_attr_count(tp); i++) {
		const char *k, *v;
		if (cxj_touchpoint_attr_at(tp, i, &k, &v) == CXJ_OK)
			jset(attrs, k, jstr(v));
	}
	jset(o, "attributes", attrs);
	jset(o, "targets", jtargets(cxj_touchpoint_target_count(tp),
				    tp_target_at, tp));
	return o;
}

static json_t *jmap(const cxj_journey *j)
{
	json_t *d = jdoc("show"), *ps = json_array(), *ss = json_array();
	json_t *jj = json_object();
	jset(jj, "id", jstr(cxj_journey_id(j)));
	jset(jj, "name", jstr(cxj_journey_name(j)));
	jset(jj, "description", jstr(cxj_journey_description(j)));
	jset(jj, "targets", jtargets(cxj_journey_target_count(j), j_target_at, j));
	jset(jj, "touchpoint_count", jint(cxj_journey_touchpoint_count(j)));
	for (size_t i = 0; i < cxj_journey_persona_count(j); i++) {
		const cxj_persona *p = cxj_journey_persona_at(j, i);
		json_t *o = json_object(), *attrs = json_object();
		jset(o, "id", jstr(cxj_persona_id(p)));
		jset(o, "kind",
		     jstr(cxj_persona_kind_name(cxj_persona_kind_of(p))));
		jset(o, "name", jstr(cxj_persona_name(p)));
		jset(o, "description", jstr(cxj_persona_description(p)));
		for (size_t k = 0; k < cxj_persona_attr_count(p); k++) {
			const char *key, *v;
			if (cxj_persona_attr_at(p, k, &key, &v) == CXJ_OK)
				jset(attrs, key, jstr(v));
		}
		jset(o, "attributes", attrs);
		jpush(ps, o);
	}
	for (size_t s = 0; s < cxj_journey_stage_count(j); s++) {
		const cxj_stage *st = cxj_journey_stage_at(j, s);
		json_t *o = json_object(), *tps = json_array();
		jset(o, "id", jstr(cxj_stage_id(st)));
		jset(o, "name", jstr(cxj_stage_name(st)));
		jset(o, "description", jstr(cxj_stage_description(st)));
		jset(o, "targets", jtargets(cxj_stage_target_count(st),
					    st_target_at, st));
		for (size_t t = 0; t < cxj_stage_touchpoint_count(st); t++)
			jpush(tps, jtouchpoint(cxj_stage_touchpoint_at(st, t)));
		jset(o, "touchpoints", tps);
		jpush(ss, o);
	}
	jset(jj, "personas", ps);
	jset(jj, "stages", ss);
	jset(d, "journey", jj);
	return d;
}

int cmd_show(int argc, char **argv)
{
	cmd_line line;
	out_format fmt;
	cxj_journey *j = NULL;
	int rc = cmd_parse(&spec, argc, argv, &line);
	if (rc || (rc = out_format_of(&spec, &line, &fmt)) ||
	    (rc = opt_size("show", "width", cmd_opt(&spec, &line, "width"), 40,
			   &width)))
		goto out;
	if (load_map("show", line.args[0], 0, NULL, &j) != CXJ_OK) {
		rc = lib_status(0);
		goto out;
	}
	if (fmt == OUT_JSON)
		rc = jemit("show", jmap(j));
	else
		show_text(j);
	rc = rc ? rc : out_close("show");
out:
	cxj_journey_free(j);
	free(line.args);
	return rc < 0 ? EXIT_FINE : rc;
}
