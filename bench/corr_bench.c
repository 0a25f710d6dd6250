/* corr_bench.c: times cxj_correlate on raw float64 arrays written by
 * bench/corr_ref.py, one line per method: "<set> <method> <n> <wall s>
 * <cpu s> <r>", each the best of REPEAT runs. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cxjourney.h"

static double *load(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	double *v;
	long size;
	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "corr_bench: cannot read %s\n", path);
		exit(1);
	}
	*n = (size_t)size / sizeof *v;
	v = malloc((size_t)size);
	if (!v || fread(v, sizeof *v, *n, f) != *n) {
		fprintf(stderr, "corr_bench: cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	return v;
}

static double now(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	static const char *names[] = {"", "pearson", "spearman", "kendall"};
	size_t n, ny;
	double *x, *y;
	int i, repeat, m, first, last;
	if (argc != 6) {
		fprintf(stderr, "usage: corr_bench SET X.f64 Y.f64 METHODS "
				"REPEAT\n  METHODS: all or kendall\n");
		return 2;
	}
	x = load(argv[2], &n);
	y = load(argv[3], &ny);
	if (n != ny) {
		fprintf(stderr, "corr_bench: %zu x values, %zu y values\n", n,
			ny);
		return 1;
	}
	repeat = atoi(argv[5]);
	first = argv[4][0] == 'k' ? 3 : 1;
	last = 3;
	for (m = first; m <= last; m++) {
		double best = 1e300, cbest = 1e300, r = 0;
		for (i = 0; i < repeat; i++) {
			cxj_corr_result res = CXJ_CORR_RESULT_INIT;
			double t0 = now(CLOCK_MONOTONIC);
			double c0 = now(CLOCK_PROCESS_CPUTIME_ID), dt, dc;
			if (cxj_correlate(x, y, n, (cxj_corr_method)m, &res)) {
				fprintf(stderr, "corr_bench: %s\n",
					cxj_error_last()->message);
				return 1;
			}
			dc = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
			dt = now(CLOCK_MONOTONIC) - t0;
			best = dt < best ? dt : best;
			cbest = dc < cbest ? dc : cbest;
			r = res.r;
		}
		printf("%s %s %zu %.6f %.6f %.15g\n", argv[1], names[m], n,
		       best, cbest, r);
	}
	free(x);
	free(y);
	return 0;
}
