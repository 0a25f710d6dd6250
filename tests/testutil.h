/* testutil.h: what every Check suite shares: a counting allocator that can
 * fail the Nth allocation, and the allocation-failure sweep. */
#ifndef CXJ_TESTUTIL_H
#define CXJ_TESTUTIL_H

#include <check.h>
#include <math.h>
#include <stdint.h>

#include "cxjourney.h"
#include "dump.h"

/* Installs the counting allocator and runs the suite; returns the exit code
 * for main. */
int cxjt_run(Suite *suite);

/* Fails the nth allocation from now (1 = the next one) and every later one
 * until cxjt_fail_at(0). */
void cxjt_fail_at(unsigned long nth);
/* Allocations currently live (allocated and not yet freed). */
long cxjt_live(void);

/* Runs scenario with the 1st, 2nd, 3rd ... allocation failing until it
 * returns CXJ_OK. Each failed run must return CXJ_ENOMEM and leave no
 * allocation behind; then unchanged(ctx), if given, asserts that the objects
 * the scenario touched are as they were. Returns how many runs failed. */
unsigned long cxjt_sweep(int (*scenario)(void *ctx),
			 void (*unchanged)(void *ctx), void *ctx);


/* Asserts a status code and, for a failure, that the last error matches. */
#define ck_assert_rc(expr, want)                                               \
	do {                                                                   \
		int rc_ = (expr);                                              \
		ck_assert_msg(rc_ == (want), "%s returned %d (%s), want %d",   \
			      #expr, rc_, cxj_error_last()->message, (want));  \
		if ((want) != CXJ_OK)                                          \
			ck_assert_int_eq(cxj_error_last()->code, (want));      \
	} while (0)

/* The number of elements of an array. */
#define N_OF(a) (sizeof(a) / sizeof *(a))

/* got within rel of want, relatively; an absolute floor only when want
 * is 0 */
#define ck_close(got, want, rel)                                               \
	do {                                                                   \
		double g_ = (got), w_ = (want);                                \
		double tol_ = (rel) * (w_ != 0 ? fabs(w_) : 1e-3);             \
		ck_assert_msg(fabs(g_ - w_) <= tol_,                           \
			      "%s = %.17g, want %.17g (rel %g)", #got, g_, w_, \
			      fabs(g_ - w_) / (w_ != 0 ? fabs(w_) : 1));       \
	} while (0)

/* A new metric of kind with c[i] answers at the i-th point of its scale,
 * i < n. */
cxj_metric *cxjt_from_counts(cxj_metric_kind kind, const uint64_t *c,
			     size_t n);

#endif
