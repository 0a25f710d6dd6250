/* cxj: the command-line tool of libcxjourney. Dispatches to one command per
 * translation unit; exit status 0 fine, 1 problems found, 2 usage or I/O. */
#include <string.h>

#include "cxj.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
    {"validate", cmd_validate, "check maps; every problem with file:line:column"},
    {"show", cmd_show, "the map in the terminal, stage by stage"},
    {"fmt", cmd_fmt, "the canonical form of a map, on stdout or in place"},
    {"score", cmd_score, "CSAT, NPS, CES and KPIs per touchpoint, stage, journey"},
    {"compare", cmd_compare, "segments side by side, with significance tests"},
    {"drivers", cmd_drivers, "key drivers: importance against performance"},
    {"diff", cmd_diff, "what changed between two versions of a map, by id"},
    {"render", cmd_render, "the map as an SVG picture or an HTML page"},
    {NULL, NULL, NULL},
};

static void usage(FILE *to)
{
	fprintf(to, "usage: cxj COMMAND [ARGS] [options]\n"
		    "Journey maps and their CX metrics (libcxjourney %s).\n\n"
		    "commands:\n",
		cxj_version());
	for (const struct command *c = commands; c->name; c++)
		fprintf(to, "  %-9s %s\n", c->name, c->summary);
	fprintf(to, "\n'cxj COMMAND --help' describes a command; "
		    "cxj(1) all of them.\n"
		    "Exit status: 0 fine, 1 problems found, 2 usage or I/O "
		    "error.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_FINE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("cxj %s (libcxjourney %s)\n", CXJ_VERSION_STRING,
		       cxj_version());
		return EXIT_FINE;
	}
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return c->run(argc - 1, argv + 1);
	say_error(NULL, "unknown command '%s' (expected one of validate, "
			"show, fmt, score, compare, drivers, diff, render)",
		  argv[1]);
	return EXIT_USAGE;
}
