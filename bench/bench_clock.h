/* bench_clock.h: the clocks and the exit on error the C benchmarks share. */
#ifndef BENCH_CLOCK_H
#define BENCH_CLOCK_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <cxjourney.h>

/* wall-clock seconds */
static inline double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* processor time of this process: robust when other jobs share the cores */
static inline double cpu(void)
{
	return (double)clock() / CLOCKS_PER_SEC;
}

/* the library's last error, with its position, then exit 1 */
static inline void die(const char *what)
{
	const cxj_error *e = cxj_error_last();
	fprintf(stderr, "%s: %s (%s:%u:%u)\n", what, e->message,
		e->file ? e->file : "-", e->line, e->column);
	exit(1);
}

#endif
