/* cxj render: the map as a picture: a self-contained SVG document, or one
 * HTML page that embeds it with a legend and, when answers are given, the
 * score table, the segment comparison and the drivers chart. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render.h"

static const char *const arg_help[] = {
    "MAP: a journey map (YAML, cxjourney(5))",
    "ANSWERS: survey answers (CSV); with them the curve comes from the "
    "scores and the page shows them", NULL};
static const opt_spec opts[] = {
    {"output", 'o', "FILE", "FILE.svg or FILE.html (required); - for stdout"},
    {"format", 0, "FORMAT", "svg or html, when FILE's name does not say"},
    {"by", 0, "ATTR", "the segments the page compares (segment)"},
    {"outcome", 0, "KIND", "the outcome of the drivers chart: nps (default), csat, ces"},
    {"level", 0, "LEVEL", "confidence level of the intervals (0.95)"},
    {"min-n", 0, "N", "mark figures on fewer answers (30)"},
    {"survey", 0, "FILE", "ANSWERS is a wide export read as the survey mapping FILE says"},
    {NULL, 0, NULL, NULL}};
static const cmd_spec spec = {
    "render", "MAP [ANSWERS] -o FILE.svg|FILE.html",
    "Draw the journey map as SVG, or as an HTML page with the scores.",
    arg_help, 1, 2, opts};

/* Output goes to a temporary file beside the target, renamed over it once
 * complete: a failed render leaves the old picture as it was. */
typedef struct out_file {
	FILE *f;
	char *tmp;
	const char *path;
} out_file;

static int out_open(out_file *o, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path + 1) : 0;
	int fd;
	memset(o, 0, sizeof *o);
	o->path = path;
	if (!strcmp(path, "-")) {
		o->f = stdout;
		return 0;
	}
	o->tmp = malloc(strlen(path) + 16);
	if (!o->tmp)
		return -1;
	sprintf(o->tmp, "%.*s.%s.XXXXXX", (int)dir, path, path + dir);
	if ((fd = mkstemp(o->tmp)) < 0 || !(o->f = fdopen(fd, "w"))) {
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	setvbuf(o->f, NULL, _IOFBF, 1 << 20);
	return 0;
}

static int out_commit(out_file *o, int ok)
{
	mode_t mask;
	int rc = 0;
	if (!o->tmp)
		return fflush(o->f) || ferror(o->f) || !ok ? -1 : 0;
	mask = umask(0);
	umask(mask);
	if (!ok || fflush(o->f) || ferror(o->f) || fsync(fileno(o->f)) ||
	    fchmod(fileno(o->f), 0666 & ~mask))
		rc = -1;
	if (fclose(o->f))
		rc = -1;
	if (rc == 0 && rename(o->tmp, o->path))
		rc = -1;
	if (rc)
		unlink(o->tmp);
	free(o->tmp);
	return rc;
}

int cmd_render(int argc, char **argv)
{
	static const char *const formats[] = {"svg", "html", NULL};
	cmd_line line;
	view v;
	cxj_journey *j = NULL;
	cxj_responses *r = NULL;
	cxj_scores *sc = NULL;
	cxj_drivers *d = NULL;
	layout *l = NULL;
	out_file o;
	const char *out, *dot;
	int format = -1, rc = cmd_parse(&spec, argc, argv, &line), ok;
	memset(&v, 0, sizeof v);
	v.level = 0.95;
	v.min_n = 30;
	v.outcome = CXJ_NPS;
	if (rc || (rc = opt_double("render", "level", cmd_opt(&spec, &line, "level"),
				   0, 1, &v.level)) ||
	    (rc = opt_size("render", "min-n", cmd_opt(&spec, &line, "min-n"), 0,
			   &v.min_n)) ||
	    (rc = opt_kind("render", "outcome", cmd_opt(&spec, &line, "outcome"),
			   0, &v.outcome)) ||
	    (rc = opt_choice("render", "format", cmd_opt(&spec, &line, "format"),
			     formats, &format)))
		goto out;
	if (!(out = cmd_opt(&spec, &line, "output"))) {
		say_error("render", "missing -o FILE: where to write the picture "
				    "(FILE.svg or FILE.html, - for stdout)");
		rc = EXIT_USAGE;
		goto out;
	}
	dot = strrchr(out, '.');
	if (format < 0 && dot && !strcasecmp(dot, ".svg"))
		format = 0;
	if (format < 0 && dot && (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm")))
		format = 1;
	if (format < 0) {
		say_error("render", "cannot tell the format of '%s': name it "
				    "FILE.svg or FILE.html, or give --format", out);
		rc = EXIT_USAGE;
		goto out;
	}
	v.by = cmd_opt(&spec, &line, "by");
	v.map_path = line.args[0];
	v.answers_path = line.nargs > 1 ? line.args[1] : NULL;
	if (load_map("render", line.args[0], 0, NULL, &j) != CXJ_OK ||
	    (v.answers_path &&
	     load_answers("render", v.answers_path, v.by,
			 cmd_opt(&spec, &line, "survey"), j, &r) != CXJ_OK)) {
		rc = lib_status(0);
		goto out;
	}
	v.j = j;
	if (r) {
		if (cxj_journey_score(j, r, NULL, &sc) != CXJ_OK) {
			say_lib_error("render", "scoring");
			rc = EXIT_USAGE;
			goto out;
		}
		if (cxj_journey_drivers(j, r, v.outcome, NULL, &d) != CXJ_OK)
			snprintf(v.drivers_why, sizeof v.drivers_why, "%s",
				 cxj_error_last()->message);
		v.r = r;
		v.sc = sc;
		v.d = d;
	}
	if (!(l = layout_new(&v))) {
		say_error("render", "out of memory");
		rc = EXIT_USAGE;
		goto out;
	}
	if (out_open(&o, out)) {
		say_error("render", "cannot write '%s': %s", out, strerror(errno));
		rc = EXIT_USAGE;
		goto out;
	}
	ok = (format ? html_page(o.f, &v, l) : svg_document(o.f, &v, l)) == 0;
	if (out_commit(&o, ok)) {
		say_error("render", "cannot write '%s': %s", out, strerror(errno));
		rc = EXIT_USAGE;
		goto out;
	}
	rc = EXIT_FINE;
out:
	layout_free(l);
	cxj_drivers_free(d);
	cxj_scores_free(sc);
	cxj_responses_free(r);
	cxj_journey_free(j);
	free(line.args);
	return rc < 0 ? EXIT_FINE : rc;
}
