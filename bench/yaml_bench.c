/* yaml_bench.c: times our YAML load and save against libyaml's raw event
 * parse and emit of the same file, and measures a loaded journey's memory.
 *
 * usage: yaml_bench time FILE [REPEATS]   (a) (b) (c) (d), best of REPEATS
 *        yaml_bench cold FILE             one parse, then one load, in a
 *                                         process that has used no memory
 *        yaml_bench mem FILE              peak memory of one load
 */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE, MAP_ANONYMOUS */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include <cxjourney.h>

#include "internal.h" /* the event reader alone, to split (b) up */

/* CPU time of the process: on a machine shared with other jobs it
 * varies far less than wall time. fsync waits are not in it, which is why
 * the file variants are reported beside, not in, the ratios. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what)
{
	const cxj_error *e = cxj_error_last();
	fprintf(stderr, "yaml_bench: %s: %s\n", what, e->message);
	exit(1);
}

/* ---- (a) libyaml's raw event parse ---- */

static double raw_parse(const char *path, size_t *events)
{
	FILE *f = fopen(path, "rb");
	yaml_parser_t p;
	yaml_event_t e;
	double t0 = now();
	size_t n = 0;
	int done = 0;
	if (!f || !yaml_parser_initialize(&p))
		exit(1);
	yaml_parser_set_input_file(&p, f);
	while (!done) {
		if (!yaml_parser_parse(&p, &e)) {
			fprintf(stderr, "libyaml: %s\n", p.problem);
			exit(1);
		}
		done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
		n++;
	}
	yaml_parser_delete(&p);
	fclose(f);
	*events = n;
	return now() - t0;
}

/* ---- (b0) our bounded event reader alone, without the model ---- */

static double reader_only(const char *path)
{
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	FILE *f = fopen(path, "rb");
	cxj__yreader *r;
	cxj__yev ev;
	double t0 = now();
	if (!f || cxj__yreader_new_stream(f, &o, path, &r))
		exit(1);
	do {
		if (cxj__yreader_next(r, &ev))
			die("reader");
	} while (ev.type != CXJ__Y_STREAM_END);
	cxj__yreader_free(r);
	fclose(f);
	return now() - t0;
}

/* ---- (d) libyaml's raw emit of the same events ---- */

/* The events of the file, kept compactly: emitting them again costs what
 * emitting a journey costs in libyaml, without our model walk. */
typedef struct ev {
	unsigned char type, style, plain_implicit, quoted_implicit;
	uint32_t len;
	size_t off;
} ev;

typedef struct events {
	ev *items;
	size_t len, cap;
	char *text;
	size_t tlen, tcap;
} events;

static void keep(events *E, const yaml_event_t *e)
{
	ev *x;
	if (E->len == E->cap) {
		E->cap = E->cap ? E->cap * 2 : 1 << 16;
		E->items = realloc(E->items, E->cap * sizeof *E->items);
	}
	x = &E->items[E->len++];
	memset(x, 0, sizeof *x);
	x->type = (unsigned char)e->type;
	if (e->type == YAML_SCALAR_EVENT) {
		size_t n = e->data.scalar.length;
		if (E->tlen + n + 1 > E->tcap) {
			E->tcap = (E->tlen + n + 1) * 2;
			E->text = realloc(E->text, E->tcap);
		}
		memcpy(E->text + E->tlen, e->data.scalar.value, n + 1);
		x->off = E->tlen;
		x->len = (uint32_t)n;
		x->style = (unsigned char)e->data.scalar.style;
		x->plain_implicit = (unsigned char)e->data.scalar.plain_implicit;
		x->quoted_implicit =
			(unsigned char)e->data.scalar.quoted_implicit;
		E->tlen += n + 1;
	}
}

static void read_events(const char *path, events *E)
{
	FILE *f = fopen(path, "rb");
	yaml_parser_t p;
	yaml_event_t e;
	int done = 0;
	memset(E, 0, sizeof *E);
	if (!f || !yaml_parser_initialize(&p))
		exit(1);
	yaml_parser_set_input_file(&p, f);
	while (!done) {
		if (!yaml_parser_parse(&p, &e))
			exit(1);
		keep(E, &e);
		done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	fclose(f);
}

typedef struct sink {
	int fd;
	char *buf;
	size_t len, cap;
} sink;

static int sink_write(void *data, unsigned char *b, size_t n)
{
	sink *s = data;
	if (s->fd >= 0)
		return write(s->fd, b, n) == (ssize_t)n;
	if (s->len + n > s->cap) {
		s->cap = s->cap ? s->cap : 1 << 16;
		while (s->len + n > s->cap)
			s->cap *= 2;
		s->buf = realloc(s->buf, s->cap);
	}
	memcpy(s->buf + s->len, b, n);
	s->len += n;
	return 1;
}

static int emit_one(yaml_emitter_t *em, const events *E, const ev *x)
{
	yaml_event_t e;
	switch (x->type) {
	case YAML_STREAM_START_EVENT:
		yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING);
		break;
	case YAML_STREAM_END_EVENT: yaml_stream_end_event_initialize(&e); break;
	case YAML_DOCUMENT_START_EVENT:
		yaml_document_start_event_initialize(&e, NULL, NULL, NULL, 1);
		break;
	case YAML_DOCUMENT_END_EVENT:
		yaml_document_end_event_initialize(&e, 1);
		break;
	case YAML_SCALAR_EVENT:
		yaml_scalar_event_initialize(
			&e, NULL, NULL, (yaml_char_t *)E->text + x->off,
			(int)x->len, x->plain_implicit, x->quoted_implicit,
			(yaml_scalar_style_t)x->style);
		break;
	case YAML_SEQUENCE_START_EVENT:
		yaml_sequence_start_event_initialize(&e, NULL, NULL, 1,
						     YAML_BLOCK_SEQUENCE_STYLE);
		break;
	case YAML_SEQUENCE_END_EVENT: yaml_sequence_end_event_initialize(&e); break;
	case YAML_MAPPING_START_EVENT:
		yaml_mapping_start_event_initialize(&e, NULL, NULL, 1,
						    YAML_BLOCK_MAPPING_STYLE);
		break;
	case YAML_MAPPING_END_EVENT: yaml_mapping_end_event_initialize(&e); break;
	default: return 1;
	}
	return yaml_emitter_emit(em, &e);
}

/* Emits the events the way our saver sets up its emitter. */
static double raw_emit(const events *E, sink *s)
{
	yaml_emitter_t em;
	double t0 = now();
	yaml_emitter_initialize(&em);
	yaml_emitter_set_output(&em, sink_write, s);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_indent(&em, 2);
	yaml_emitter_set_break(&em, YAML_LN_BREAK);
	for (size_t i = 0; i < E->len; i++)
		if (!emit_one(&em, E, &E->items[i])) {
			fprintf(stderr, "libyaml emit: %s\n", em.problem);
			exit(1);
		}
	yaml_emitter_flush(&em);
	yaml_emitter_delete(&em);
	if (s->fd >= 0)
		fsync(s->fd);
	return now() - t0;
}

/* ---- memory ---- */

static long maxrss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static long rss_kb(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static off_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_size : 0;
}

static int mem(const char *path)
{
	cxj_journey *j = NULL;
	long before = maxrss_kb(), rss0 = rss_kb(), peak, resident;
	double mb = (double)file_size(path) / 1048576.0;
	if (cxj_journey_load_file(path, NULL, &j))
		die("load");
	peak = maxrss_kb() - before;
	resident = rss_kb() - rss0;
	printf("file              %8.1f MB\n", mb);
	printf("touchpoints       %8zu\n", cxj_journey_touchpoint_count(j));
	printf("peak during load  %8.1f MB  (%.2f x file; target <= 3)\n",
	       peak / 1024.0, peak / 1024.0 / mb);
	printf("resident journey  %8.1f MB  (%.2f x file)\n", resident / 1024.0,
	       resident / 1024.0 / mb);
	cxj_journey_free(j);
	return 0;
}

/* ---- timing ---- */

static double min2(double a, double b)
{
	return a < b ? a : b;
}

static int timing(const char *path, int repeats, const char *out)
{
	double a = 1e9, b = 1e9, c = 1e9, d = 1e9, cf = 1e9, df = 1e9;
	double b0 = 1e9;
	double mb = (double)file_size(path) / 1048576.0;
	size_t nevents = 0;
	events E;
	/* the events for (d) are read once, up front; each round then runs
	 * (a) (b) (c) (d) in turn so that a busy spell hits all alike */
	read_events(path, &E);
	for (int r = 0; r < repeats; r++) {
		cxj_journey *j = NULL;
		char *text = NULL;
		size_t len = 0;
		sink s = {-1, NULL, 0, 0};
		double t0;
		int fd;
		a = min2(a, raw_parse(path, &nevents));
		b0 = min2(b0, reader_only(path));
		t0 = now();
		if (cxj_journey_load_file(path, NULL, &j))
			die("load");
		b = min2(b, now() - t0);
		t0 = now();
		if (cxj_journey_save_buffer(j, NULL, &text, &len))
			die("save");
		c = min2(c, now() - t0);
		d = min2(d, raw_emit(&E, &s));
		if (r == 0)
			printf("raw emit and our save give the same text: %s\n",
			       s.len == len && !memcmp(s.buf, text, len) ? "yes"
									  : "NO");
		free(s.buf);
		cxj_free(text);
		t0 = now();
		if (cxj_journey_save_file(j, out, NULL))
			die("save file");
		cf = min2(cf, now() - t0);
		cxj_journey_free(j);
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		s.fd = fd;
		s.buf = NULL;
		df = min2(df, raw_emit(&E, &s));
		close(fd);
	}
	unlink(out);
	printf("file %.1f MB, %zu events, best of %d rounds, CPU time\n", mb,
	       nevents, repeats);
	printf("(a) libyaml raw parse   %7.3f s  %6.1f MB/s\n", a, mb / a);
	printf("(b) cxj load            %7.3f s  %6.1f MB/s\n", b, mb / b);
	printf("    of which the reader %7.3f s; schema and model %.3f s\n",
	       b0, b - b0);
	printf("(c) cxj save (buffer)   %7.3f s  %6.1f MB/s\n", c, mb / c);
	printf("(d) libyaml raw emit    %7.3f s  %6.1f MB/s\n", d, mb / d);
	printf("    cxj save_file       %7.3f s  (temp file, fsync, rename)\n",
	       cf);
	printf("    raw emit to file    %7.3f s  (write, fsync)\n", df);
	printf("b/a = %.2f  (target <= 1.3)\n", b / a);
	printf("c/d = %.2f  (target <= 1.3)\n", c / d);
	printf("save_file / raw emit to file = %.2f\n", cf / df);
	free(E.items);
	free(E.text);
	return 0;
}

/* What this machine charges for memory a process touches first, per MB:
 * 64 MB mapped afresh and written a byte per 4 KB, with the huge-page
 * advice the library's default allocator gives its large blocks. */
static double first_touch_ms_per_mb(void)
{
	size_t size = (size_t)64 << 20;
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	double t0;
	if (p == MAP_FAILED)
		return 0;
#ifdef MADV_HUGEPAGE
	madvise(p, size, MADV_HUGEPAGE);
#endif
	t0 = now();
	for (size_t i = 0; i < size; i += 4096)
		p[i] = 1;
	t0 = now() - t0;
	munmap(p, size);
	return t0 * 1e3 / 64;
}

/* A host's first load: every page the journey takes is new to the
 * process, which the best of several rounds in one process may hide. */
static int cold(const char *path)
{
	size_t nevents;
	cxj_journey *j = NULL;
	long rss0 = rss_kb();
	double a = raw_parse(path, &nevents), t0 = now(), b, mb;
	if (cxj_journey_load_file(path, NULL, &j))
		die("load");
	b = now() - t0;
	mb = (rss_kb() - rss0) / 1024.0;
	printf("first parse and load in a fresh process: (a) %.3f s, (b) %.3f "
	       "s, b/a = %.2f; the journey's %.0f MB were new to the process, "
	       "and new memory costs %.2f ms/MB here\n",
	       a, b, b / a, mb, first_touch_ms_per_mb());
	cxj_journey_free(j);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "mem"))
		return mem(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "cold"))
		return cold(argv[2]);
	if (argc >= 4 && !strcmp(argv[1], "time"))
		return timing(argv[2],
			      argc > 4 ? atoi(argv[4]) : 5, argv[3]);
	fprintf(stderr, "usage: yaml_bench time FILE OUT [REPEATS] | "
			"yaml_bench cold FILE | yaml_bench mem FILE\n");
	return 2;
}
