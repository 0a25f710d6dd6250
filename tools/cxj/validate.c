/* cxj validate: loads each map and lists every problem it has, with the
 * file, line and column of the object concerned. */
#include <stdlib.h>
#include <string.h>

#include "cxj.h"

static const char *const arg_help[] = {
    "MAP...: journey maps (YAML, cxjourney(5)); - reads standard input",
    NULL};
static const opt_spec opts[] = {
    {"json", 0, NULL, "one JSON document (format cxj-validate)"},
    {"strict", 0, NULL, "warnings are problems too (exit 1)"},
    {"quiet", 'q', NULL, "print problems only, no summary line"},
    {NULL, 0, NULL, NULL}};
static const cmd_spec spec = {
    "validate", "MAP...", "Check journey maps and list every problem.",
    arg_help, 1, (size_t)-1, opts};

typedef struct tally {
	size_t errors, warnings;
} tally;

/* One diagnostic: printed, or added to the file's JSON list. Unknown keys
 * are errors here: every other command refuses them. */
static void report(const char *path, const cxj_diagnostics *d, size_t i,
		   json_t *list, tally *t, int quiet_warnings)
{
	cxj_rule rule = cxj_diagnostics_rule(d, i);
	int error = cxj_diagnostics_severity(d, i) == CXJ_SEVERITY_ERROR ||
		    rule == CXJ_RULE_UNKNOWN_KEY;
	unsigned line = cxj_diagnostics_line(d, i);
	unsigned col = cxj_diagnostics_column(d, i);
	const char *obj = cxj_diagnostics_object(d, i);
	if (error)
		t->errors++;
	else
		t->warnings++;
	if (list) {
		json_t *o = json_object();
		jset(o, "severity", jstr(error ? "error" : "warning"));
		jset(o, "rule", jstr(cxj_rule_name(rule)));
		jset(o, "message", jstr(cxj_diagnostics_message(d, i)));
		jset(o, "object", jstr(obj));
		jset(o, "line", line ? json_integer(line) : json_null());
		jset(o, "column", col ? json_integer(col) : json_null());
		jpush(list, o);
	} else if (error || !quiet_warnings) {
		say_at(path, line, col, error ? "error" : "warning", "%s [%s]",
		       cxj_diagnostics_message(d, i), cxj_rule_name(rule));
	}
}

static int validate_one(const char *path, int strict, int quiet, json_t *files)
{
	cxj_journey *j = NULL;
	cxj_diagnostics *warn = NULL, *diag = NULL;
	tally t = {0, 0};
	json_t *file = files ? json_object() : NULL;
	json_t *list = files ? json_array() : NULL;
	int status = 0, rc;

	cxj_error_clear();
	rc = load_map(files ? NULL : "validate", path, CXJ_LOAD_UNKNOWN_KEYS_WARN,
		      &warn, &j);
	if (rc != CXJ_OK && files) {
		/* load_map printed the error; the document says it too */
		const cxj_error *e = cxj_error_last();
		json_t *o = json_object();
		jset(o, "severity", jstr("error"));
		jset(o, "rule", jstr(e->code == CXJ_EIO ? "unreadable" : "syntax"));
		jset(o, "message", jstr(e->message));
		jset(o, "object", jstr(""));
		jset(o, "line", e->line ? json_integer(e->line) : json_null());
		jset(o, "column", e->column ? json_integer(e->column) : json_null());
		jpush(list, o);
		t.errors = 1;
	}
	if (rc != CXJ_OK) {
		status = lib_status(1);
		goto done;
	}
	for (size_t i = 0; i < cxj_diagnostics_count(warn); i++)
		report(path, warn, i, list, &t, 0);
	rc = cxj_journey_validate(j, &diag);
	if (rc != CXJ_OK && rc != CXJ_EINVAL) {
		say_lib_error("validate", path);
		status = EXIT_USAGE;
	}
	for (size_t i = 0; i < cxj_diagnostics_count(diag); i++)
		report(path, diag, i, list, &t, 0);
	if (t.errors || (strict && t.warnings))
		status = status ? status : EXIT_PROBLEMS;
	if (!files && !quiet)
		printf("%s: %s: %zu stage(s), %zu touchpoint(s), %zu persona(s); "
		       "%zu error(s), %zu warning(s)\n",
		       path, status ? "problems" : "ok",
		       cxj_journey_stage_count(j),
		       cxj_journey_touchpoint_count(j),
		       cxj_journey_persona_count(j), t.errors, t.warnings);
done:
	if (files) {
		jset(file, "file", jstr(path));
		jset(file, "loaded", json_boolean(j != NULL));
		jset(file, "ok", json_boolean(status == 0));
		jset(file, "stages", j ? jint(cxj_journey_stage_count(j)) : NULL);
		jset(file, "touchpoints",
		     j ? jint(cxj_journey_touchpoint_count(j)) : NULL);
		jset(file, "personas",
		     j ? jint(cxj_journey_persona_count(j)) : NULL);
		jset(file, "errors", jint(t.errors));
		jset(file, "warnings", jint(t.warnings));
		jset(file, "problems", list);
		jpush(files, file);
	}
	cxj_diagnostics_free(warn);
	cxj_diagnostics_free(diag);
	cxj_journey_free(j);
	return status;
}

int cmd_validate(int argc, char **argv)
{
	cmd_line line;
	out_format fmt;
	json_t *doc = NULL, *files = NULL;
	int rc = cmd_parse(&spec, argc, argv, &line), status = 0;
	if (rc)
		goto out;
	if ((rc = out_format_of(&spec, &line, &fmt)))
		goto out;
	if (fmt == OUT_JSON) {
		doc = jdoc("validate");
		files = json_array();
	}
	for (size_t i = 0; i < line.nargs; i++) {
		int s = validate_one(line.args[i], !!cmd_opt(&spec, &line, "strict"),
				     !!cmd_opt(&spec, &line, "quiet"), files);
		if (s > status)
			status = s;
	}
	if (doc) {
		jset(doc, "ok", json_boolean(status == 0));
		jset(doc, "files", files);
		if ((rc = jemit("validate", doc)))
			goto out;
	}
	rc = out_close("validate");
	rc = rc ? rc : status;
out:
	free(line.args);
	return rc < 0 ? EXIT_FINE : rc;
}
