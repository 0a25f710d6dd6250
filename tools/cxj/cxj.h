/* cxj: what the commands of the command-line tool share: option parsing,
 * loading inputs with file:line:column errors, text wrapping, JSON and CSV. */
#ifndef CXJ_TOOL_H
#define CXJ_TOOL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include <cxjourney.h>

/* Exit status of every command. */
#define EXIT_FINE 0
#define EXIT_PROBLEMS 1
#define EXIT_USAGE 2

/* The version of the documents --json writes (the "format_version" field);
 * raised when a field changes meaning or goes, not when one is added. */
#define JSON_FORMAT_VERSION 1

/* ---- options ---- */
typedef struct opt_spec {
	const char *name;  /* long name without the dashes */
	char letter;       /* short form, or 0 */
	const char *value; /* what the option takes ("ATTR"), NULL for a flag */
	const char *help;  /* one line */
} opt_spec;

typedef struct cmd_spec {
	const char *name;     /* "score" */
	const char *args;     /* "MAP ANSWERS [A B]" */
	const char *summary;  /* one line */
	const char *const *arg_help; /* per positional: "MAP: a journey map" */
	size_t min_args, max_args;   /* max_args SIZE_MAX: any number */
	const opt_spec *opts; /* ends with a NULL name */
} cmd_spec;

#define MAX_OPTS 24
typedef struct cmd_line {
	const char *val[MAX_OPTS]; /* per option: its value, "" for a flag
				      given, NULL when absent */
	char **args;               /* the positionals */
	size_t nargs;
} cmd_line;

/* Parses argv (argv[0] is the command name). Returns -1 when --help was
 * printed (exit 0), EXIT_USAGE after saying what was expected, 0 when
 * line is filled. */
int cmd_parse(const cmd_spec *spec, int argc, char **argv, cmd_line *line);
/* The value of option name, or NULL. */
const char *cmd_opt(const cmd_spec *spec, const cmd_line *line,
		    const char *name);
void cmd_usage(const cmd_spec *spec, FILE *to);

/* Option values checked; each says what was expected and returns
 * EXIT_USAGE, or 0 with *out set (left alone when the option is absent). */
int opt_double(const char *cmd, const char *name, const char *text,
	       double lo, double hi, double *out);
int opt_size(const char *cmd, const char *name, const char *text,
	     size_t lo, size_t *out);
int opt_choice(const char *cmd, const char *name, const char *text,
	       const char *const *choices, int *out);
int opt_kind(const char *cmd, const char *name, const char *text,
	     int allow_kpi, cxj_metric_kind *out);

/* --json, --csv or neither. */
typedef enum out_format { OUT_TEXT = 0, OUT_JSON = 1, OUT_CSV = 2 } out_format;
int out_format_of(const cmd_spec *spec, const cmd_line *line,
		  out_format *out);

/* ---- errors ----
 * "FILE:LINE:COLUMN: error: MESSAGE" when the last error names a place,
 * else "cxj CMD: error: MESSAGE"; what says what was being done. */
void say_lib_error(const char *cmd, const char *what);
void say_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void say_at(const char *file, unsigned line, unsigned column,
	    const char *severity, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Exit status of a failed library call: EXIT_USAGE, or EXIT_PROBLEMS
 * when problems is set and the input was read but is malformed. */
int lib_status(int problems);

/* ---- inputs ----
 * A map path of "-" reads standard input. Loads and imports that take
 * longer than a second say so on stderr when it is a terminal. */
int load_map(const char *cmd, const char *path, unsigned flags,
	     cxj_diagnostics **warnings, cxj_journey **out);
/* by: NULL, "segment" or "source" for the default columns, else the CSV
 * column whose values become the segments. survey: NULL, or a survey
 * mapping file saying how to read a wide export. What the import notes
 * against journey (ids not in the map, near-miss metrics, segments that
 * differ in case) is printed as warnings at their lines. */
int load_answers(const char *cmd, const char *path, const char *by,
		 const char *survey, const cxj_journey *journey,
		 cxj_responses **out);
void progress_begin(const char *what, const char *path);
void progress_end(void);

/* ---- figures ----
 * One metric of one object as the tables show it: the answers naming the
 * object when there are any, else those of everything inside it (the rule
 * of cxj_scores_gap). */
typedef struct figure {
	const cxj_metric *m; /* NULL: no answers */
	int rollup;          /* the figure counts what lies inside */
	uint64_t n;
	double value;
	cxj_interval ci;     /* NaN bounds when it cannot be computed */
	double target;       /* NaN when none */
	double gap;          /* value - target; NaN without either */
	int low_n;           /* n below the trusted minimum */
} figure;

/* rollup: 0 or 1 as given, -1 for the rule above. */
int figure_get(const cxj_scores *sc, const char *id, const char *metric,
	       const cxj_selection *sel, int rollup, double level,
	       size_t min_n, figure *out);
/* Looks up a metric; *missing is set when the library says the id,
 * segment or metric is unknown (CXJ_ENOTFOUND) rather than unanswered. */
const cxj_metric *scores_metric(const cxj_scores *sc, const char *id,
				const char *metric, const cxj_selection *sel,
				int *missing);
/* The metrics the responses hold answers for: the scale kinds that have
 * answers, then the KPI names; contacts excluded. */
size_t answer_metrics(const cxj_responses *r, const char **names,
		      size_t room);

/* The journey, then each stage followed by its touchpoints: the rows of
 * every table. Freed with free(). */
typedef struct scope {
	const char *level; /* "journey", "stage", "touchpoint" */
	const char *id, *name;
	const char *stage; /* the stage of a touchpoint, else NULL */
	int depth;         /* 0, 1, 2 */
} scope;
scope *scopes_list(const cxj_journey *j, size_t *n);

/* Groups of answers a breakdown shows: everything, then each segment (or
 * each source with --by source); sel is what each group selects. */
typedef struct group {
	const char *name;
	cxj_selection sel;
} group;
/* by: NULL for everything only. base carries the source chosen. Freed
 * with free(). */
group *groups_list(const cxj_scores *sc, const char *by,
		   const cxj_selection *base, int with_all, size_t *n);
int source_option(const char *cmd, const char *text, cxj_selection *sel);

/* ---- text ---- */
/* Width of a code point in the unit of the caller (terminal columns,
 * hundredths of an em, ...). */
typedef unsigned (*cp_width_fn)(uint32_t cp);
unsigned cp_columns(uint32_t cp);
/* Decodes one UTF-8 code point at s (valid UTF-8 assumed; a stray byte
 * reads as itself); returns its length in bytes. */
size_t utf8_next(const char *s, const char *end, uint32_t *cp);
size_t text_width(const char *s, size_t len, cp_width_fn w);

typedef struct wrapper {
	const char *p, *end;
	size_t width; /* in the unit of w */
	cp_width_fn w;
} wrapper;
void wrap_init(wrapper *it, const char *text, size_t width, cp_width_fn w);
/* The next line: spaces break it, newlines end it, a word too long for a
 * line is cut. Returns 0 when the text is done. */
int wrap_next(wrapper *it, const char **line, size_t *len);

/* "12.3", "-" for NaN. */
const char *fmtd(char *buf, size_t size, double v, int decimals);

/* ---- JSON ---- */
json_t *jnum(double v);        /* null when not finite */
json_t *jstr(const char *s);   /* null for NULL */
json_t *jint(uint64_t v);
void jset(json_t *obj, const char *key, json_t *value);
void jpush(json_t *arr, json_t *value);
json_t *jdoc(const char *command); /* format, format_version, cxj_version */
int jemit(const char *cmd, json_t *doc); /* prints and frees; status */
json_t *jmetric(const cxj_metric *m);
json_t *jinterval(const cxj_interval *ci);
json_t *jfigure(const figure *f);
/* A touchpoint's text list, or its persona ids of one kind. */
json_t *jitems(const cxj_touchpoint *tp, cxj_list list);
json_t *jpersonas(const cxj_touchpoint *tp, cxj_persona_kind kind);

/* ---- CSV ---- */
void csv_str(FILE *f, const char *s, int last);
void csv_num(FILE *f, double v, int last);
void csv_u64(FILE *f, uint64_t v, int last);

/* ---- output ---- */
int out_close(const char *cmd); const char *kind_label(const char *metric); /* "CSAT %", "NPS", ... */

/* ---- commands ---- */
int cmd_validate(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_drivers(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_render(int argc, char **argv);

#endif
