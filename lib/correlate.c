/* correlate.c: Pearson, Spearman and Kendall tau-b with p-values as
 * scipy.stats computes them, and the pairwise-complete correlation matrix. */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "stats.h"

/* Partial sums run over blocks of this many values before joining the
 * total, so rounding grows with n / BLOCK + BLOCK rather than with n. */
#define BLOCK 256
/* Largest contingency table (cells) Kendall and Spearman use for two
 * integer series, beyond the number of pairs. */
#define TABLE_CELLS_MIN 65536
/* scipy's rule: exact Kendall p-values without ties up to this n. */
#define KENDALL_EXACT_N 33
#define TWO52 4503599627370496.0

CXJ__VERSIONED(result_type, cxj_corr_result, CXJ_CORR_RESULT_INIT,
	       sizeof(cxj_corr_result));

int cxj_corr_result_init(cxj_corr_result *result, unsigned int version)
{
	return cxj__versioned_init(&result_type, result, version, "result");
}

/* ---- the first pass: what the data are ---- */

typedef struct scan {
	size_t m;                     /* complete pairs */
	double minx, maxx, miny, maxy;
	int intx, inty;               /* all values integers, |v| <= 2^52 */
	int infx, infy;               /* an infinite value was seen */
	double sumx, sumy;
	/* Pearson's one pass: sums of deviations from the first pair (k, l) */
	int onepass;
	double k, l, sx, sy, sxx, syy, sxy;
} scan;

static int is_int(double v)
{
	return fabs(v) <= TWO52 && v == (double)(int64_t)v;
}

static void scan_pairs(const double *x, const double *y, size_t n, scan *s)
{
	double bx = 0, by = 0, minx = INFINITY, maxx = -INFINITY;
	double miny = INFINITY, maxy = -INFINITY;
	int intx = 1, inty = 1;
	size_t i, m = 0;
	unsigned blk = 0;
	s->sumx = s->sumy = 0;
	s->onepass = 0;
	for (i = 0; i < n; i++) {
		double a = x[i], b = y[i];
		if (isnan(a) || isnan(b))
			continue;
		m++;
		minx = a < minx ? a : minx;
		maxx = a > maxx ? a : maxx;
		miny = b < miny ? b : miny;
		maxy = b > maxy ? b : maxy;
		if (intx && !is_int(a))
			intx = 0;
		if (inty && !is_int(b))
			inty = 0;
		bx += a;
		by += b;
		if (++blk == BLOCK) {
			s->sumx += bx;
			s->sumy += by;
			bx = by = 0;
			blk = 0;
		}
	}
	s->sumx += bx;
	s->sumy += by;
	s->m = m;
	s->minx = minx;
	s->maxx = maxx;
	s->miny = miny;
	s->maxy = maxy;
	s->intx = intx && m;
	s->inty = inty && m;
	s->infx = isinf(minx) || isinf(maxx);
	s->infy = isinf(miny) || isinf(maxy);
}

/* Pearson's first pass, which is usually its only one: sums of deviations
 * from the first complete pair (k, l). Those give r directly unless that
 * pair lies far out (the centered sums would cancel) or the squares near
 * underflow or overflow; then, and for a constant or infinite series, the
 * full scan runs and pearson_pass goes around the means. */
static void scan_pearson(const double *x, const double *y, size_t n, scan *s)
{
	double k = 0, l = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
	size_t i = 0, m = 0;
	while (i < n && (isnan(x[i]) || isnan(y[i])))
		i++;
	if (i < n) {
		k = x[i];
		l = y[i];
	}
	while (i < n) {
		size_t end = i + BLOCK < n ? i + BLOCK : n;
		double bx = 0, by = 0, bxx = 0, byy = 0, bxy = 0;
		for (; i < end; i++) {
			double dx, dy;
			if (isnan(x[i]) || isnan(y[i]))
				continue;
			dx = x[i] - k;
			dy = y[i] - l;
			bx += dx;
			by += dy;
			bxx += dx * dx;
			byy += dy * dy;
			bxy += dx * dy;
			m++;
		}
		sx += bx;
		sy += by;
		sxx += bxx;
		syy += byy;
		sxy += bxy;
	}
	if (!(sxx > 1e-280 && sxx < 1e280 && syy > 1e-280 && syy < 1e280 &&
	      isfinite(sxy) && isfinite(sx) && isfinite(sy))) {
		scan_pairs(x, y, n, s);
		return;
	}
	s->m = m;
	/* not constant (sxx > 0), finite; the range is not needed */
	s->minx = s->miny = -INFINITY;
	s->maxx = s->maxy = INFINITY;
	s->intx = s->inty = 0;
	s->infx = s->infy = 0;
	s->k = k;
	s->l = l;
	s->sx = sx;
	s->sy = sy;
	s->sxx = sxx;
	s->syy = syy;
	s->sxy = sxy;
	s->sumx = (k + sx / (double)m) * (double)m;
	s->sumy = (l + sy / (double)m) * (double)m;
	s->onepass = 1;
}

/* A power of two that brings the spread of a series near 1, so that sums
 * of squares neither overflow nor underflow; exact to multiply by. */
static double unit_scale(double lo, double hi, double mean)
{
	double spread = fmax(hi - mean, mean - lo);
	int e;
	if (!(spread > 0) || isinf(spread))
		return 1;
	frexp(spread, &e);
	return ldexp(1, -e);
}

/* The second pass of Pearson: centered sums, with the sum of the deviations
 * correcting the rounding of the mean (the corrected two-pass algorithm). */
static double pearson_pass(const double *x, const double *y, size_t n,
			   double mx, double my, double scx, double scy)
{
	double sxx = 0, syy = 0, sxy = 0, sx = 0, sy = 0;
	double bxx = 0, byy = 0, bxy = 0, bx = 0, by = 0, m = 0, r;
	size_t i;
	unsigned blk = 0;
	for (i = 0; i < n; i++) {
		double dx, dy;
		if (isnan(x[i]) || isnan(y[i]))
			continue;
		dx = (x[i] - mx) * scx;
		dy = (y[i] - my) * scy;
		bxx += dx * dx;
		byy += dy * dy;
		bxy += dx * dy;
		bx += dx;
		by += dy;
		m++;
		if (++blk == BLOCK) {
			sxx += bxx;
			syy += byy;
			sxy += bxy;
			sx += bx;
			sy += by;
			bxx = byy = bxy = bx = by = 0;
			blk = 0;
		}
	}
	sxx += bxx;
	syy += byy;
	sxy += bxy;
	sx += bx;
	sy += by;
	sxx -= sx * sx / m;
	syy -= sy * sy / m;
	sxy -= sx * sy / m;
	if (!(sxx > 0) || !(syy > 0))
		return NAN;
	r = sxy / sqrt(sxx * syy);
	return r > 1 ? 1 : r < -1 ? -1 : r;
}

/* ---- sorting and ranking ---- */

/* A key whose unsigned order is the order of the doubles (no NaN). */
static uint64_t key_of(double v)
{
	uint64_t u;
	v += 0.0; /* -0 and +0 are one value */
	memcpy(&u, &v, sizeof u);
	return (u >> 63) ? ~u : u | ((uint64_t)1 << 63);
}

/* Byte digits: with 256 buckets per array the scatter's write streams stay
 * within the TLB, which 11-bit digits overflow (twice as slow here). */
#define RADIX_BITS 8
#define RADIX_SIZE (1u << RADIX_BITS)
#define RADIX_PASSES 8

/* Stable LSD radix sort of keys k with values v; tk, tv are scratch of n.
 * Passes whose digit is the same for every key are skipped. Defined for
 * 32-bit values (indices, ranks) and 64-bit values (a second key). */
#define DEFINE_RADIX_SORT(name, vtype)                                         \
	static void name(uint64_t *k, vtype *v, uint64_t *tk, vtype *tv,       \
			 size_t n)                                             \
	{                                                                      \
		uint32_t cnt[RADIX_PASSES][RADIX_SIZE];                        \
		uint64_t *sk = k, *dk = tk, *t64;                              \
		vtype *sv = v, *dv = tv, *tt;                                  \
		size_t i;                                                      \
		int p;                                                         \
		if (n < 2)                                                     \
			return;                                                \
		if (n < 48) {                                                  \
			for (i = 1; i < n; i++) {                              \
				uint64_t key = k[i];                           \
				vtype val = v[i];                              \
				size_t j = i;                                  \
				while (j > 0 && k[j - 1] > key) {              \
					k[j] = k[j - 1];                       \
					v[j] = v[j - 1];                       \
					j--;                                   \
				}                                              \
				k[j] = key;                                    \
				v[j] = val;                                    \
			}                                                      \
			return;                                                \
		}                                                              \
		memset(cnt, 0, sizeof cnt);                                    \
		for (i = 0; i < n; i++) {                                      \
			uint64_t key = k[i];                                   \
			for (p = 0; p < RADIX_PASSES; p++)                     \
				cnt[p][(key >> (p * RADIX_BITS)) &             \
				       (RADIX_SIZE - 1)]++;                    \
		}                                                              \
		for (p = 0; p < RADIX_PASSES; p++) {                           \
			unsigned shift = p * RADIX_BITS, d;                    \
			uint32_t *c = cnt[p], sum = 0;                         \
			if (c[(sk[0] >> shift) & (RADIX_SIZE - 1)] == n)       \
				continue;                                      \
			for (d = 0; d < RADIX_SIZE; d++) {                     \
				uint32_t t = c[d];                             \
				c[d] = sum;                                    \
				sum += t;                                      \
			}                                                      \
			for (i = 0; i < n; i++) {                              \
				uint32_t pos =                                 \
					c[(sk[i] >> shift) & (RADIX_SIZE - 1)]++; \
				dk[pos] = sk[i];                               \
				dv[pos] = sv[i];                               \
			}                                                      \
			t64 = sk;                                              \
			sk = dk;                                               \
			dk = t64;                                              \
			tt = sv;                                               \
			sv = dv;                                               \
			dv = tt;                                               \
		}                                                              \
		if (sk != k) {                                                 \
			memcpy(k, sk, n * sizeof *k);                          \
			memcpy(v, sv, n * sizeof *v);                          \
		}                                                              \
	}

DEFINE_RADIX_SORT(radix_sort, uint32_t)
DEFINE_RADIX_SORT(radix_sort_pairs, uint64_t)

/* Tie statistics of one series, as scipy's kendalltau sums them. */
typedef struct ties {
	uint64_t pairs; /* sum t (t - 1) / 2 */
	double v0;      /* sum t (t - 1)(t - 2) */
	double v1;      /* sum t (t - 1)(2 t + 5) */
} ties;

static void ties_add(ties *t, uint64_t c)
{
	double d = (double)c;
	if (c < 2)
		return;
	t->pairs += c * (c - 1) / 2;
	t->v0 += d * (d - 1) * (d - 2);
	t->v1 += d * (d - 1) * (2 * d + 5);
}

/* ---- two integer series: the contingency table ---- */

typedef struct table {
	size_t kx, ky;
	uint64_t *cell; /* kx * ky counts, row x, column y */
	uint64_t *row, *col;
} table;

static int table_fits(const scan *s)
{
	double kx = s->maxx - s->minx + 1, ky = s->maxy - s->miny + 1;
	return s->intx && s->inty && kx * ky <= (double)s->m + TABLE_CELLS_MIN;
}

/* A zeroed table of kx x ky cells and its margins, in one block. */
static int table_alloc(table *t, size_t kx, size_t ky)
{
	t->kx = kx;
	t->ky = ky;
	t->cell = cxj__calloc(kx * ky + kx + ky, sizeof *t->cell);
	if (!t->cell)
		return cxj__nomem();
	t->row = t->cell + kx * ky;
	t->col = t->row + kx;
	return CXJ_OK;
}

static int table_build(const double *x, const double *y, size_t n,
		       const scan *s, table *t)
{
	size_t i;
	int rc = table_alloc(t, (size_t)(s->maxx - s->minx) + 1,
			     (size_t)(s->maxy - s->miny) + 1);
	if (rc)
		return rc;
	for (i = 0; i < n; i++) {
		if (isnan(x[i]) || isnan(y[i]))
			continue;
		t->cell[(size_t)(x[i] - s->minx) * t->ky +
			(size_t)(y[i] - s->miny)]++;
	}
	for (i = 0; i < t->kx * t->ky; i++) {
		t->row[i / t->ky] += t->cell[i];
		t->col[i % t->ky] += t->cell[i];
	}
	return CXJ_OK;
}

/* Average rank of each level, centered on (m + 1) / 2. */
static void level_ranks(const uint64_t *count, size_t k, size_t m,
			double *out)
{
	double before = 0, center = ((double)m + 1) / 2;
	size_t i;
	for (i = 0; i < k; i++) {
		out[i] = before + ((double)count[i] + 1) / 2 - center;
		before += (double)count[i];
	}
}

static int spearman_table(const table *t, size_t m, double *r)
{
	double *rx = cxj__malloc((t->kx + t->ky) * sizeof *rx), *ry;
	double sxx = 0, syy = 0, sxy = 0;
	size_t i, j;
	if (!rx)
		return cxj__nomem();
	ry = rx + t->kx;
	level_ranks(t->row, t->kx, m, rx);
	level_ranks(t->col, t->ky, m, ry);
	for (i = 0; i < t->kx; i++) {
		double s = 0;
		const uint64_t *c = t->cell + i * t->ky;
		if (!t->row[i])
			continue;
		sxx += (double)t->row[i] * rx[i] * rx[i];
		for (j = 0; j < t->ky; j++)
			s += (double)c[j] * ry[j];
		sxy += rx[i] * s;
	}
	for (j = 0; j < t->ky; j++)
		syy += (double)t->col[j] * ry[j] * ry[j];
	cxj__free(rx);
	*r = sxy / sqrt(sxx * syy);
	*r = *r > 1 ? 1 : *r < -1 ? -1 : *r;
	return CXJ_OK;
}

/* Concordant and discordant pairs from the table in O(kx ky): below[j]
 * holds the counts of the rows under the current one with column > j
 * (suffix sums), so each cell meets all later rows at once. */
static int kendall_table(const table *t, uint64_t *con, uint64_t *dis)
{
	uint64_t *later = cxj__calloc(t->ky + 1, sizeof *later), c = 0, d = 0;
	size_t i, j;
	if (!later)
		return cxj__nomem();
	/* walk rows from the last up; later[j] = count in rows below with
	 * column >= j, later[ky] = 0 */
	for (i = t->kx; i-- > 0;) {
		const uint64_t *row = t->cell + i * t->ky;
		uint64_t below_all = later[0];
		if (t->row[i]) {
			for (j = 0; j < t->ky; j++) {
				if (!row[j])
					continue;
				c += row[j] * later[j + 1];
				d += row[j] * (below_all - later[j]);
			}
		}
		/* fold this row in */
		{
			uint64_t acc = 0;
			for (j = t->ky; j-- > 0;) {
				acc += row[j];
				later[j] += acc;
			}
		}
	}
	cxj__free(later);
	*con = c;
	*dis = d;
	return CXJ_OK;
}

/* The complete pairs as sort keys (key_of), sorted by y with x's key
 * carried along: where Spearman and Kendall both start. keys holds y's
 * keys, xk x's; tk and txk are scratch of as many. */
typedef struct pairs_by_y {
	uint64_t *keys, *tk, *xk, *txk;
} pairs_by_y;

static void pairs_by_y_free(pairs_by_y *p)
{
	cxj__free(p->keys);
	cxj__free(p->tk);
	cxj__free(p->xk);
	cxj__free(p->txk);
}

/* m is the number of complete pairs among the n. */
static int sort_pairs_by_y(const double *x, const double *y, size_t n,
			   size_t m, pairs_by_y *p)
{
	size_t i, j;
	p->keys = cxj__malloc(m * sizeof *p->keys);
	p->tk = cxj__malloc(m * sizeof *p->tk);
	p->xk = cxj__malloc(m * sizeof *p->xk);
	p->txk = cxj__malloc(m * sizeof *p->txk);
	if (!p->keys || !p->tk || !p->xk || !p->txk) {
		pairs_by_y_free(p);
		return cxj__nomem();
	}
	for (i = j = 0; i < n; i++) {
		if (isnan(x[i]) || isnan(y[i]))
			continue;
		p->keys[j] = key_of(y[i]);
		p->xk[j] = key_of(x[i]);
		j++;
	}
	radix_sort_pairs(p->keys, p->xk, p->tk, p->txk, m);
	return CXJ_OK;
}

/* ---- Kendall ---- */

/* One merge of sorted runs src[i..mid) and src[mid..hi) into dst from k,
 * counting the pairs it finds out of order. */
typedef struct merge {
	const uint64_t *src;
	uint64_t *dst;
	size_t i, mid, j, hi, k;
} merge;

/* The merge step without branches (the comparison is a coin toss on random
 * data, which a branch predictor loses): take the right head if it is
 * strictly smaller, and count the left elements it jumps. */
#define MERGE_STEP(m, inv)                                                     \
	do {                                                                   \
		uint64_t l_ = (m).src[(m).i], r_ = (m).src[(m).j];             \
		size_t right_ = r_ < l_;                                       \
		(m).dst[(m).k++] = right_ ? r_ : l_;                           \
		(inv) += right_ ? (m).mid - (m).i : 0;                         \
		(m).j += right_;                                               \
		(m).i += right_ ^ 1;                                           \
	} while (0)

static uint64_t merge_finish(merge *m)
{
	uint64_t inv = 0;
	while (m->i < m->mid && m->j < m->hi)
		MERGE_STEP(*m, inv);
	while (m->i < m->mid)
		m->dst[m->k++] = m->src[m->i++];
	while (m->j < m->hi)
		m->dst[m->k++] = m->src[m->j++];
	return inv;
}

/* Sets up the merge of [lo, lo + w) and [lo + w, lo + 2w), clipped to n;
 * returns 0 when the runs are already in order (then copied). */
static int merge_start(merge *m, const uint64_t *src, uint64_t *dst,
		       size_t lo, size_t w, size_t n)
{
	m->src = src;
	m->dst = dst;
	m->i = m->k = lo;
	m->mid = lo + w < n ? lo + w : n;
	m->j = m->mid;
	m->hi = lo + 2 * w < n ? lo + 2 * w : n;
	if (m->mid == m->hi || src[m->mid - 1] <= src[m->mid]) {
		memcpy(dst + lo, src + lo, (m->hi - lo) * sizeof *src);
		return 0;
	}
	return 1;
}

/* One level of merging: the runs of width w in [lo, hi) of src into dst,
 * two merges at a time so that their load-compare chains overlap. */
static uint64_t merge_level(const uint64_t *src, uint64_t *dst, size_t lo,
			    size_t hi, size_t w)
{
	uint64_t inv = 0;
	for (; lo < hi; lo += 4 * w) {
		merge p, q;
		int on_p = merge_start(&p, src, dst, lo, w, hi);
		int on_q = lo + 2 * w < hi &&
			   merge_start(&q, src, dst, lo + 2 * w, w, hi);
		if (on_p && on_q)
			while (p.i < p.mid && p.j < p.hi && q.i < q.mid &&
			       q.j < q.hi) {
				MERGE_STEP(p, inv);
				MERGE_STEP(q, inv);
			}
		if (on_p)
			inv += merge_finish(&p);
		if (on_q)
			inv += merge_finish(&q);
	}
	return inv;
}

#define INV_RUN 16
#define INV_BLOCK 4096 /* 16 * 2^8: an even number of levels per block */

/* Inversions (strictly decreasing pairs) of a, which ends sorted; buf is
 * scratch of n. Insertion sort of short runs, then bottom-up merging: first
 * within blocks small enough to stay in cache, then across the array. */
static uint64_t count_inversions(uint64_t *a, uint64_t *buf, size_t n)
{
	uint64_t inv = 0, *src = a, *dst = buf, *t;
	size_t lo, width, i, j;
	for (lo = 0; lo < n; lo += INV_RUN) {
		size_t hi = lo + INV_RUN < n ? lo + INV_RUN : n;
		for (i = lo + 1; i < hi; i++) {
			uint64_t v = a[i];
			for (j = i; j > lo && a[j - 1] > v; j--)
				a[j] = a[j - 1];
			a[j] = v;
			inv += i - j;
		}
	}
	/* every block takes the same (even) number of levels, so each ends
	 * back in a */
	for (lo = 0; lo < n; lo += INV_BLOCK) {
		size_t hi = lo + INV_BLOCK < n ? lo + INV_BLOCK : n;
		src = a;
		dst = buf;
		for (width = INV_RUN; width < INV_BLOCK; width *= 2) {
			inv += merge_level(src, dst, lo, hi, width);
			t = src;
			src = dst;
			dst = t;
		}
	}
	src = a;
	dst = buf;
	for (width = INV_BLOCK; width < n; width *= 2) {
		inv += merge_level(src, dst, 0, n, width);
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
	return inv;
}

typedef struct kendall_counts {
	uint64_t dis;  /* discordant pairs */
	int64_t s;     /* concordant - discordant */
	ties tx, ty;
} kendall_counts;

/* Knight's O(n log n) algorithm, in one sort and one merge count: sort the
 * pairs by y carrying x's key, put each run of tied y in x order (so ties
 * in y never count as discordant, and joint ties sit together), then the
 * inversions of the x keys in that order are the discordant pairs, and the
 * merge leaves x sorted for its own ties. */
static int kendall_sorted(const double *x, const double *y, size_t n,
			  size_t m, kendall_counts *kc)
{
	pairs_by_y pairs;
	uint64_t *keys, *xk;
	uint64_t tot = (uint64_t)m * (m - 1) / 2, joint = 0;
	size_t i, j;
	int rc = sort_pairs_by_y(x, y, n, m, &pairs);
	if (rc)
		return rc;
	keys = pairs.keys;
	xk = pairs.xk;
	for (i = 0; i < m; i = j) {
		size_t a;
		for (j = i + 1; j < m && keys[j] == keys[i]; j++)
			;
		ties_add(&kc->ty, j - i);
		if (j - i < 2)
			continue;
		count_inversions(xk + i, pairs.tk, j - i);
		for (a = i; a < j;) {
			size_t b = a + 1;
			while (b < j && xk[b] == xk[a])
				b++;
			joint += (uint64_t)(b - a) * (b - a - 1) / 2;
			a = b;
		}
	}
	kc->dis = count_inversions(xk, pairs.tk, m);
	for (i = 0; i < m; i = j) {
		for (j = i + 1; j < m && xk[j] == xk[i]; j++)
			;
		ties_add(&kc->tx, j - i);
	}
	kc->s = (int64_t)(tot - kc->tx.pairs - kc->ty.pairs + joint) -
		2 * (int64_t)kc->dis;
	pairs_by_y_free(&pairs);
	return CXJ_OK;
}

/* P(inversions <= c) * 2 for a random permutation of n (no ties), as
 * Kendall tabulated it: counts of permutations by inversions, built up one
 * element at a time and scaled by 1/j at each step so nothing overflows. */
static double kendall_exact_p(size_t n, uint64_t c)
{
	double f[KENDALL_EXACT_N * (KENDALL_EXACT_N - 1) / 4 + 2], g, p = 0;
	uint64_t tot = (uint64_t)n * (n - 1) / 2;
	size_t j, k;
	if (c > tot - c)
		c = tot - c;
	if (4 * c == (uint64_t)n * (n - 1))
		return 1;
	if (c == 0)
		return exp(log(2) - cxj__lgamma((double)n + 1));
	if (c == 1)
		return exp(log(2) - cxj__lgamma((double)n));
	/* only reached for n <= KENDALL_EXACT_N, so c fits f */
	f[0] = 1;
	for (k = 1; k <= c; k++)
		f[k] = 0;
	for (j = 2; j <= n; j++) {
		/* f(k) <- sum_{i < j} f(k - i), via running prefix sums */
		double run = 0;
		double prev[sizeof f / sizeof *f];
		memcpy(prev, f, (c + 1) * sizeof *f);
		for (k = 0; k <= c; k++) {
			run += prev[k];
			if (k >= j)
				run -= prev[k - j];
			f[k] = run / (double)j;
		}
	}
	for (k = 0; k <= c; k++)
		p += f[k];
	g = 2 * p;
	return g > 1 ? 1 : g;
}

/* Two-sided p of S = concordant - discordant under the normal
 * approximation with the full tie-corrected variance (scipy's formula),
 * in doubles: with a million Likert answers 2 xtie ytie passes 2^63, and
 * the sums stay exact to rounding up to n = 1e8 and beyond. */
static double kendall_normal_p(double n, int64_t s, const ties *tx,
			       const ties *ty)
{
	double mm = n * (n - 1), var, p;
	var = (mm * (2 * n + 5) - tx->v1 - ty->v1) / 18 +
	      2 * (double)tx->pairs * (double)ty->pairs / mm +
	      tx->v0 * ty->v0 / (9 * mm * (n - 2));
	p = 2 * cxj__norm_sf(fabs((double)s) / sqrt(var));
	return p > 1 ? 1 : p;
}

double cxj__kendall_p_normal(uint64_t n, int64_t s, const uint64_t *gx,
			     size_t kx, const uint64_t *gy, size_t ky)
{
	ties tx = {0, 0, 0}, ty = {0, 0, 0};
	size_t i;
	for (i = 0; i < kx; i++)
		ties_add(&tx, gx[i]);
	for (i = 0; i < ky; i++)
		ties_add(&ty, gy[i]);
	return kendall_normal_p((double)n, s, &tx, &ty);
}

static void kendall_finish(size_t m, const kendall_counts *kc,
			   cxj_corr_result *res)
{
	uint64_t tot = (uint64_t)m * (m - 1) / 2;
	double tau;
	tau = (double)kc->s / sqrt((double)(tot - kc->tx.pairs)) /
	      sqrt((double)(tot - kc->ty.pairs));
	res->r = tau > 1 ? 1 : tau < -1 ? -1 : tau;
	res->ci_low = res->ci_high = NAN;
	if (!kc->tx.pairs && !kc->ty.pairs &&
	    (m <= KENDALL_EXACT_N || kc->dis <= 1 || tot - kc->dis <= 1)) {
		res->p_value = kendall_exact_p(m, kc->dis);
		return;
	}
	res->p_value = kendall_normal_p((double)m, kc->s, &kc->tx, &kc->ty);
}

/* ---- p-values and intervals for r ---- */

static void fisher_ci(double r, size_t m, double level, cxj_corr_result *res)
{
	double z, h, se;
	if (m <= 3) {
		res->ci_low = -1;
		res->ci_high = 1;
		return;
	}
	z = r >= 1 ? INFINITY : r <= -1 ? -INFINITY : atanh(r);
	h = -cxj__norm_ppf((1 - level) / 2);
	se = 1 / sqrt((double)m - 3);
	res->ci_low = tanh(z - h * se);
	res->ci_high = tanh(z + h * se);
}

static double pearson_p(double r, size_t m)
{
	double ab = (double)m / 2 - 1, p;
	if (fabs(r) >= 1)
		return 0;
	/* P(|R| >= |r|) under the null: R = 2B - 1, B ~ Beta(ab, ab) */
	p = 2 * cxj__beta_inc(ab, ab, (1 - fabs(r)) / 2);
	return p > 1 ? 1 : p;
}

static double spearman_p(double r, size_t m)
{
	double df = (double)m - 2, t, p;
	if (fabs(r) >= 1)
		return 0;
	t = r * sqrt(df / ((r + 1) * (1 - r)));
	p = 2 * cxj__t_sf(fabs(t), df);
	return p > 1 ? 1 : p;
}

/* Pearson from the table: the deviations of the levels from the means,
 * weighted by their counts (corrected two-pass, as pearson_pass). */
static double pearson_table(const table *t, const scan *s)
{
	double m = (double)s->m, mx = 0, my = 0, sx = 0, sy = 0;
	double sxx = 0, syy = 0, sxy = 0, r;
	size_t i, j;
	for (i = 0; i < t->kx; i++)
		mx += (double)t->row[i] * (double)i;
	for (j = 0; j < t->ky; j++)
		my += (double)t->col[j] * (double)j;
	mx /= m; /* relative to minx, miny */
	my /= m;
	for (i = 0; i < t->kx; i++) {
		const uint64_t *c = t->cell + i * t->ky;
		double dx = (double)i - mx, cy = 0;
		if (!t->row[i])
			continue;
		sx += (double)t->row[i] * dx;
		sxx += (double)t->row[i] * dx * dx;
		for (j = 0; j < t->ky; j++)
			cy += (double)c[j] * ((double)j - my);
		sxy += dx * cy;
	}
	for (j = 0; j < t->ky; j++) {
		double dy = (double)j - my;
		sy += (double)t->col[j] * dy;
		syy += (double)t->col[j] * dy * dy;
	}
	sxx -= sx * sx / m;
	syy -= sy * sy / m;
	sxy -= sx * sy / m;
	r = sxy / sqrt(sxx * syy);
	return r > 1 ? 1 : r < -1 ? -1 : r;
}

/* Survey answers in one pass: when both series are integers within a
 * WINDOW-wide range around their first values, count them straight into a
 * window table (16-bit indices, 32-bit counts: m < 2^32 is checked), and
 * derive everything scan_pairs would have found from it. The first value
 * off the window, or not an integer, gives up at once (*have = 0). */
#define WINDOW 128
#define WINDOW_MIN_N 4096
#define WINDOW_BLOCK 512
#define MAGIC 6755399441055744.0 /* 1.5 * 2^52 */
#define MAGIC_BITS UINT64_C(0x4338000000000000)

static uint64_t bits_of(double v)
{
	uint64_t u;
	memcpy(&u, &v, sizeof u);
	return u;
}

static double window_base(double v)
{
	if (!is_int(v) || fabs(v) > 1e15)
		return NAN;
	return v >= 0 && v < WINDOW ? 0 : v - WINDOW / 2;
}

/* Counts block [i, end) without branches: v + 1.5 * 2^52 rounds v to an
 * integer held in the low bits; v is a window value iff those bits, less
 * the magic number's, are below WINDOW and the rounding changed nothing (e
 * stays 0; a NaN makes it NaN). Counts first, and taken back if the block
 * fails: 0 then. */
static int window_block(const double *x, const double *y, size_t i,
			size_t end, double bx, double by, uint32_t *cnt)
{
	uint64_t any = 0;
	double e = 0;
	size_t k;
	for (k = i; k < end; k++) {
		double da = x[k] - bx, db = y[k] - by;
		double ua = da + MAGIC, ub = db + MAGIC;
		uint64_t ia = bits_of(ua) - MAGIC_BITS;
		uint64_t ib = bits_of(ub) - MAGIC_BITS;
		e += fabs((ua - MAGIC) - da) + fabs((ub - MAGIC) - db);
		any |= ia | ib;
		cnt[(ia & (WINDOW - 1)) * WINDOW + (ib & (WINDOW - 1))]++;
	}
	if (any < WINDOW && e == 0)
		return 1;
	for (k = i; k < end; k++) {
		uint64_t ia = bits_of(x[k] - bx + MAGIC) - MAGIC_BITS;
		uint64_t ib = bits_of(y[k] - by + MAGIC) - MAGIC_BITS;
		cnt[(ia & (WINDOW - 1)) * WINDOW + (ib & (WINDOW - 1))]--;
	}
	return 0;
}

/* A block the branch-free count gave back, pair by pair: a NaN is skipped,
 * a value off the window (or not an integer) stops. Where it stopped. */
static size_t window_block_slow(const double *x, const double *y, size_t i,
				size_t end, double bx, double by,
				uint32_t *cnt, size_t *m)
{
	for (; i < end; i++) {
		double da = x[i] - bx, db = y[i] - by;
		if (isnan(x[i]) || isnan(y[i]))
			continue;
		if (!(da >= 0 && da < WINDOW && db >= 0 && db < WINDOW &&
		      (da + TWO52) - TWO52 == da && (db + TWO52) - TWO52 == db))
			break;
		cnt[(unsigned)(da * WINDOW + db)]++;
		(*m)++;
	}
	return i;
}

/* Counts the pairs from i on into cnt, *m of them: 1 when every pair fell
 * in the window, 0 at the first that does not. */
static int window_count(const double *x, const double *y, size_t n, size_t i,
			double bx, double by, uint32_t *cnt, size_t *m)
{
	while (i < n) {
		size_t end = i + WINDOW_BLOCK < n ? i + WINDOW_BLOCK : n;
		if (window_block(x, y, i, end, bx, by, cnt)) {
			*m += end - i;
			i = end;
			continue;
		}
		i = window_block_slow(x, y, i, end, bx, by, cnt, m);
		if (i < end)
			return 0;
	}
	return 1;
}

/* The occupied part of the window counts as a table, and from it what
 * scan_pairs would have found of the m pairs. */
static int window_to_table(const uint32_t *cnt, double bx, double by,
			   size_t m, scan *s, table *t)
{
	size_t r0 = WINDOW, r1 = 0, c0 = WINDOW, c1 = 0, a, b;
	int rc;
	for (a = 0; a < WINDOW; a++)
		for (b = 0; b < WINDOW; b++)
			if (cnt[a * WINDOW + b]) {
				r0 = a < r0 ? a : r0;
				r1 = a > r1 ? a : r1;
				c0 = b < c0 ? b : c0;
				c1 = b > c1 ? b : c1;
			}
	rc = table_alloc(t, r1 - r0 + 1, c1 - c0 + 1);
	if (rc)
		return rc;
	s->sumx = s->sumy = 0;
	for (a = 0; a < t->kx; a++)
		for (b = 0; b < t->ky; b++) {
			uint64_t c = cnt[(a + r0) * WINDOW + b + c0];
			t->cell[a * t->ky + b] = c;
			t->row[a] += c;
			t->col[b] += c;
			s->sumx += (double)c * (bx + (double)(a + r0));
			s->sumy += (double)c * (by + (double)(b + c0));
		}
	s->m = m;
	s->minx = bx + (double)r0;
	s->maxx = bx + (double)r1;
	s->miny = by + (double)c0;
	s->maxy = by + (double)c1;
	s->intx = s->inty = 1;
	s->infx = s->infy = 0;
	return CXJ_OK;
}

static int window_table(const double *x, const double *y, size_t n, scan *s,
			table *t, int *have)
{
	uint32_t *cnt;
	double bx, by;
	size_t i = 0, m = 0;
	int rc = CXJ_OK;
	/* windows start at an integer, so x - bx is exact */
	*have = 0;
	while (i < n && (isnan(x[i]) || isnan(y[i])))
		i++;
	if (i == n || n > UINT32_MAX)
		return CXJ_OK;
	bx = window_base(x[i]);
	by = window_base(y[i]);
	if (isnan(bx) || isnan(by))
		return CXJ_OK;
	cnt = cxj__calloc((size_t)WINDOW * WINDOW, sizeof *cnt);
	if (!cnt)
		return cxj__nomem();
	if (window_count(x, y, n, i, bx, by, cnt, &m)) {
		rc = window_to_table(cnt, bx, by, m, s, t);
		*have = rc == CXJ_OK;
	}
	cxj__free(cnt);
	return rc;
}

/* Every method from the table of two integer series. */
static int correlate_table(const table *t, const scan *s,
			   cxj_corr_method method, double level,
			   cxj_corr_result *res)
{
	size_t i, m = s->m;
	int rc;
	res->n = m;
	if (method == CXJ_PEARSON) {
		res->r = pearson_table(t, s);
		res->p_value = pearson_p(res->r, m);
		fisher_ci(res->r, m, level, res);
		return CXJ_OK;
	}
	if (method == CXJ_SPEARMAN) {
		rc = spearman_table(t, m, &res->r);
		if (rc)
			return rc;
		res->p_value = spearman_p(res->r, m);
		fisher_ci(res->r, m, level, res);
		return CXJ_OK;
	}
	{
		kendall_counts kc;
		uint64_t con = 0, dis = 0;
		memset(&kc, 0, sizeof kc);
		rc = kendall_table(t, &con, &dis);
		if (rc)
			return rc;
		for (i = 0; i < t->kx; i++)
			ties_add(&kc.tx, t->row[i]);
		for (i = 0; i < t->ky; i++)
			ties_add(&kc.ty, t->col[i]);
		kc.dis = dis;
		kc.s = (int64_t)con - (int64_t)dis;
		kendall_finish(m, &kc, res);
		return CXJ_OK;
	}
}

/* ---- the entry points ---- */

/* Pearson from its first pass: directly from the sums when they are
 * trustworthy, else a second pass around the means. */
static int pearson_scanned(const double *x, const double *y, size_t n,
			   const scan *s, double level, cxj_corr_result *res)
{
	double dm = (double)s->m, mx = s->sumx / dm, my = s->sumy / dm;
	scan full;
	res->n = s->m;
	res->r = NAN;
	if (s->onepass) {
		double sxx = s->sxx - s->sx * s->sx / dm;
		double syy = s->syy - s->sy * s->sy / dm;
		double sxy = s->sxy - s->sx * s->sy / dm;
		mx = s->k + s->sx / dm;
		my = s->l + s->sy / dm;
		/* the sums lose a factor s->sxx / sxx of their precision to
		 * cancellation: allow 100 */
		if (sxx > 0 && syy > 0 && s->sxx <= 100 * sxx &&
		    s->syy <= 100 * syy) {
			res->r = sxy / sqrt(sxx * syy);
			res->r = res->r > 1 ? 1 : res->r < -1 ? -1 : res->r;
		}
	}
	if (isnan(res->r)) {
		if (s->onepass) {
			/* the range, for the scaling */
			scan_pairs(x, y, n, &full);
			s = &full;
		}
		res->r = pearson_pass(x, y, n, mx, my,
				      unit_scale(s->minx, s->maxx, mx),
				      unit_scale(s->miny, s->maxy, my));
	}
	if (isnan(res->r))
		return cxj__error(CXJ_EINVAL,
				  "x or y: no variation left after centering");
	res->p_value = pearson_p(res->r, s->m);
	fisher_ci(res->r, s->m, level, res);
	return CXJ_OK;
}

/* Spearman of series that are not both small-range integers, in two sorts
 * and no random access: sort the pairs by y carrying x's key and give each
 * its y rank, then sort by x carrying that rank, and sum the products of
 * the centered ranks in x order. Ranks are kept doubled (2 r is an integer
 * for average ranks) and centered on m + 1. */
static int spearman_sorted(const double *x, const double *y, size_t n,
			   const scan *s, double level, cxj_corr_result *res)
{
	size_t m = s->m, i, j;
	pairs_by_y pairs;
	uint64_t *keys, *xk;
	uint32_t *rank, *trank;
	double center = (double)m + 1, sxx = 0, syy = 0, sxy = 0, r;
	int rc = sort_pairs_by_y(x, y, n, m, &pairs);
	if (rc)
		return rc;
	keys = pairs.keys;
	xk = pairs.xk;
	/* the ranks and their scratch take the place of x's scratch keys */
	rank = (uint32_t *)pairs.txk;
	trank = rank + m;
	for (i = 0; i < m;) {
		double byy = 0;
		unsigned g;
		for (g = 0; g < BLOCK && i < m; g++) {
			uint32_t r2;
			double d;
			for (j = i + 1; j < m && keys[j] == keys[i]; j++)
				;
			r2 = (uint32_t)(i + 1 + j); /* twice the average rank */
			d = (double)r2 - center;
			byy += d * d * (double)(j - i);
			for (; i < j; i++) {
				keys[i] = xk[i];
				rank[i] = r2;
			}
		}
		syy += byy;
	}
	radix_sort(keys, rank, pairs.tk, trank, m);
	for (i = 0; i < m;) {
		/* partial sums over BLOCK groups bound the rounding */
		double bxx = 0, bxy = 0;
		unsigned g;
		for (g = 0; g < BLOCK && i < m; g++, i = j) {
			double d, ys = 0;
			for (j = i + 1; j < m && keys[j] == keys[i]; j++)
				;
			d = (double)(i + 1 + j) - center;
			bxx += d * d * (double)(j - i);
			/* the group shares one x rank: sum its y ranks */
			for (; i < j; i++)
				ys += (double)rank[i] - center;
			bxy += d * ys;
		}
		sxx += bxx;
		sxy += bxy;
	}
	r = sxy / sqrt(sxx * syy);
	res->r = r > 1 ? 1 : r < -1 ? -1 : r;
	res->n = m;
	res->p_value = spearman_p(res->r, m);
	fisher_ci(res->r, m, level, res);
	pairs_by_y_free(&pairs);
	return CXJ_OK;
}

/* Correlation of the complete pairs, s from scan_pairs or scan_pearson. */
static int correlate_scanned(const double *x, const double *y, size_t n,
			     const scan *s, cxj_corr_method method,
			     double level, cxj_corr_result *res)
{
	kendall_counts kc;
	int rc;
	if (method == CXJ_PEARSON)
		return pearson_scanned(x, y, n, s, level, res);
	if (table_fits(s)) {
		table t;
		rc = table_build(x, y, n, s, &t);
		if (rc)
			return rc;
		rc = correlate_table(&t, s, method, level, res);
		cxj__free(t.cell);
		return rc;
	}
	if (method == CXJ_SPEARMAN)
		return spearman_sorted(x, y, n, s, level, res);
	memset(&kc, 0, sizeof kc);
	rc = kendall_sorted(x, y, n, s->m, &kc);
	if (rc)
		return rc;
	res->n = s->m;
	kendall_finish(s->m, &kc, res);
	return CXJ_OK;
}

static int check_method(cxj_corr_method method)
{
	if (method != CXJ_PEARSON && method != CXJ_SPEARMAN &&
	    method != CXJ_KENDALL_B)
		return cxj__error(CXJ_EINVAL, "unknown correlation method %d",
				  (int)method);
	return CXJ_OK;
}

/* Whether a scanned pair can be correlated (check_scan says why not). */
static int scan_usable(const scan *s, cxj_corr_method method)
{
	return s->m >= 3 && (uint64_t)s->m <= UINT32_MAX &&
	       s->minx != s->maxx && s->miny != s->maxy &&
	       !(method == CXJ_PEARSON && (s->infx || s->infy));
}

/* Why a scanned pair cannot be correlated, or CXJ_OK. */
static int check_scan(const scan *s, cxj_corr_method method, const char *xn,
		      const char *yn)
{
	if (s->m < 3)
		return cxj__error(CXJ_EINVAL,
				  "%s and %s: %zu complete pairs, need at "
				  "least 3",
				  xn, yn, s->m);
	if ((uint64_t)s->m > UINT32_MAX)
		return cxj__error(CXJ_ELIMIT,
				  "%s and %s: %zu pairs, at most %lu", xn, yn,
				  s->m, (unsigned long)UINT32_MAX);
	if (s->minx == s->maxx)
		return cxj__error(CXJ_EINVAL, "%s is constant", xn);
	if (s->miny == s->maxy)
		return cxj__error(CXJ_EINVAL, "%s is constant", yn);
	if (method == CXJ_PEARSON && (s->infx || s->infy))
		return cxj__error(CXJ_EINVAL,
				  "%s holds an infinite value",
				  s->infx ? xn : yn);
	return CXJ_OK;
}

/* The first pass: the one-pass window table when it applies (*have set,
 * t to free), else the scan. */
static int prepare(const double *x, const double *y, size_t n,
		   cxj_corr_method method, scan *s, table *t, int *have)
{
	*have = 0;
	if (n >= WINDOW_MIN_N) {
		int rc = window_table(x, y, n, s, t, have);
		if (rc)
			return rc;
	}
	if (!*have && method == CXJ_PEARSON)
		scan_pearson(x, y, n, s);
	else if (!*have)
		scan_pairs(x, y, n, s);
	return CXJ_OK;
}

static int compute(const double *x, const double *y, size_t n,
		   const scan *s, const table *t, int have,
		   cxj_corr_method method, double level, cxj_corr_result *res)
{
	if (have)
		return correlate_table(t, s, method, level, res);
	return correlate_scanned(x, y, n, s, method, level, res);
}

int cxj_correlate(const double *x, const double *y, size_t n,
		  cxj_corr_method method, cxj_corr_result *out)
{
	cxj_corr_result res;
	scan s;
	table t;
	int rc, have;
	if (!out)
		return cxj__error(CXJ_EINVAL, "out is NULL");
	/* the caller's ci_level comes in, the rest goes out */
	if (cxj__versioned_read(&result_type, out, &res))
		return CXJ_EINVAL;
	if (n && (!x || !y))
		return cxj__error(CXJ_EINVAL, "%s is NULL", !x ? "x" : "y");
	rc = check_method(method);
	if (rc)
		return rc;
	if (!(res.ci_level > 0 && res.ci_level < 1))
		return cxj__error(CXJ_EINVAL, "ci_level %g is outside (0, 1)",
				  res.ci_level);
	rc = prepare(x, y, n, method, &s, &t, &have);
	if (rc)
		return rc;
	rc = check_scan(&s, method, "x", "y");
	if (!rc)
		rc = compute(x, y, n, &s, &t, have, method, res.ci_level,
			     &res);
	if (have)
		cxj__free(t.cell);
	if (rc)
		return rc;
	cxj__versioned_write(&result_type, out, &res);
	return CXJ_OK;
}

int cxj_correlation_matrix(const double *data, size_t n, size_t p,
			   cxj_corr_method method, double *r_out,
			   double *p_out, size_t *n_out)
{
	double *rr, *pp;
	size_t *nn, i, j;
	int rc;
	if (!r_out)
		return cxj__error(CXJ_EINVAL, "r_out is NULL");
	if (n && p && !data)
		return cxj__error(CXJ_EINVAL, "data is NULL");
	if (p && n > SIZE_MAX / p)
		return cxj__error(CXJ_EINVAL, "%zu series of %zu values "
				  "overflow the address space", p, n);
	rc = check_method(method);
	if (rc)
		return rc;
	if (!p)
		return CXJ_OK;
	if (p > SIZE_MAX / p / (2 * sizeof(double) + sizeof(size_t)))
		return cxj__error(CXJ_EINVAL, "%zu series are too many", p);
	/* computed aside so a failure leaves the outputs untouched */
	rr = cxj__malloc(p * p * (2 * sizeof *rr + sizeof *nn));
	if (!rr)
		return cxj__nomem();
	pp = rr + p * p;
	nn = (size_t *)(pp + p * p);
	for (i = 0; i < p; i++) {
		const double *xi = data + i * n;
		for (j = i; j < p; j++) {
			const double *xj = data + j * n;
			cxj_corr_result res = CXJ_CORR_RESULT_INIT;
			scan s;
			table t;
			int have;
			rc = prepare(xi, xj, n, method, &s, &t, &have);
			if (rc)
				goto fail;
			res.r = res.p_value = NAN;
			if (i == j) {
				if (s.m >= 3 && s.minx != s.maxx &&
				    !(method == CXJ_PEARSON && s.infx)) {
					res.r = 1;
					res.p_value = 0;
				}
			} else if (scan_usable(&s, method)) {
				rc = compute(xi, xj, n, &s, &t, have, method,
					     0.95, &res);
				if (rc == CXJ_ENOMEM) {
					if (have)
						cxj__free(t.cell);
					goto fail;
				}
				if (rc)
					res.r = res.p_value = NAN;
			}
			if (have)
				cxj__free(t.cell);
			rr[i * p + j] = rr[j * p + i] = res.r;
			pp[i * p + j] = pp[j * p + i] = res.p_value;
			nn[i * p + j] = nn[j * p + i] = s.m;
		}
	}
	memcpy(r_out, rr, p * p * sizeof *rr);
	if (p_out)
		memcpy(p_out, pp, p * p * sizeof *pp);
	if (n_out)
		memcpy(n_out, nn, p * p * sizeof *nn);
	cxj__free(rr);
	return CXJ_OK;
fail:
	cxj__free(rr);
	return rc;
}
