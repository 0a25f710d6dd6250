/* cxj fmt: the canonical form of a map (cxjourney(5)) on standard output,
 * written over the file atomically, or checked. */
#include <stdlib.h>
#include <string.h>

#include "cxj.h"

static const char *const arg_help[] = {
    "MAP...: journey maps (YAML); one map unless -i or --check", NULL};
static const opt_spec opts[] = {
    {"in-place", 'i', NULL, "rewrite each map in its canonical form (atomic)"},
    {"check", 0, NULL, "change nothing; exit 1 when a map is not canonical"},
    {NULL, 0, NULL, NULL}};
static const cmd_spec spec = {
    "fmt", "MAP...", "Print a map in its canonical form, or rewrite it.",
    arg_help, 1, (size_t)-1, opts};

/* 1 when the file holds exactly len bytes equal to text. */
static int same_bytes(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t at = 0, got;
	int same = 1;
	if (!f)
		return 0;
	while (same && (got = fread(buf, 1, sizeof buf, f)) > 0) {
		same = at + got <= len && !memcmp(buf, text + at, got);
		at += got;
	}
	fclose(f);
	return same && at == len;
}

static int fmt_one(const char *path, int in_place, int check)
{
	cxj_journey *j = NULL;
	char *text = NULL;
	size_t len = 0;
	int status = 0;
	if (load_map("fmt", path, 0, NULL, &j) != CXJ_OK)
		return lib_status(0);
	if (!in_place && !check) {
		if (cxj_journey_save_stream(j, stdout, NULL) != CXJ_OK) {
			say_lib_error("fmt", "standard output");
			status = EXIT_USAGE;
		}
		goto done;
	}
	if (cxj_journey_save_buffer(j, NULL, &text, &len) != CXJ_OK) {
		say_lib_error("fmt", path);
		status = EXIT_USAGE;
		goto done;
	}
	if (!strcmp(path, "-")) {
		say_error("fmt", "-i and --check need a file, not standard input");
		status = EXIT_USAGE;
	} else if (same_bytes(path, text, len)) {
		/* already canonical: the file is left alone, mtime and all */
	} else if (check) {
		printf("%s: not in canonical form\n", path);
		status = EXIT_PROBLEMS;
	} else if (cxj_journey_save_file(j, path, NULL) != CXJ_OK) {
		say_lib_error("fmt", path);
		status = EXIT_USAGE;
	}
done:
	cxj_free(text);
	cxj_journey_free(j);
	return status;
}

int cmd_fmt(int argc, char **argv)
{
	cmd_line line;
	int rc = cmd_parse(&spec, argc, argv, &line), status = 0;
	int in_place, check;
	if (rc)
		goto out;
	in_place = !!cmd_opt(&spec, &line, "in-place");
	check = !!cmd_opt(&spec, &line, "check");
	if (in_place && check) {
		say_error("fmt", "-i and --check exclude each other");
		rc = EXIT_USAGE;
		goto out;
	}
	if (line.nargs > 1 && !in_place && !check) {
		say_error("fmt", "several maps need -i or --check "
				 "(standard output takes one)");
		rc = EXIT_USAGE;
		goto out;
	}
	for (size_t i = 0; i < line.nargs; i++) {
		int s = fmt_one(line.args[i], in_place, check);
		if (s > status)
			status = s;
	}
	rc = out_close("fmt");
	rc = rc ? rc : status;
out:
	free(line.args);
	return rc < 0 ? EXIT_FINE : rc;
}
