/* py_add_bench.c: the C side of bench_python.sh. Writes N NPS scores (a
 * fixed pseudo-random sequence) as raw doubles, or times
 * cxj_metric_add_array over them, best of R runs, for comparison with the
 * same call made through the Python binding (py_add_bench.py). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cxjourney.h>

#include "bench_clock.h"

static int write_scores(const char *path, size_t n)
{
	FILE *f = fopen(path, "wb");
	unsigned long long x = 88172645463325252ULL;
	if (!f)
		return 1;
	for (size_t i = 0; i < n; i++) {
		double s;
		x ^= x << 13; /* xorshift64 */
		x ^= x >> 7;
		x ^= x << 17;
		s = (double)(x % 11);
		if (fwrite(&s, sizeof s, 1, f) != 1) {
			fclose(f);
			return 1;
		}
	}
	return fclose(f) != 0;
}

static int time_scores(const char *path, int reps)
{
	FILE *f = fopen(path, "rb");
	double *v, best = 1e30;
	long size;
	size_t n;
	cxj_metric *m = NULL;
	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0)
		return 1;
	rewind(f);
	n = (size_t)size / sizeof *v;
	v = malloc(n * sizeof *v);
	if (!v || fread(v, sizeof *v, n, f) != n)
		return 1;
	fclose(f);
	for (int r = 0; r < reps; r++) {
		double t0, t;
		cxj_metric_free(m);
		if (cxj_metric_new(CXJ_NPS, &m))
			return 1;
		t0 = now();
		if (cxj_metric_add_array(m, v, n))
			return 1;
		t = now() - t0;
		if (t < best)
			best = t;
	}
	printf("%.6f %llu %.10f\n", best,
	       (unsigned long long)cxj_metric_count(m), cxj_metric_value(m));
	cxj_metric_free(m);
	free(v);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "write") == 0)
		return write_scores(argv[2], strtoul(argv[3], NULL, 10));
	if (argc == 4 && strcmp(argv[1], "time") == 0)
		return time_scores(argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: py_add_bench write FILE N | time FILE REPS\n");
	return 2;
}
