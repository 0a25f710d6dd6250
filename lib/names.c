/* names.c: comparing names without regard to ASCII case, sorting them, and
 * the nearest known name to one that was not found, for the "did you mean"
 * of a miss. */
#include <stdio.h>
#include <string.h>

#include "text.h"

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

int cxj__ascii_ieq(const char *a, size_t alen, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;
	for (size_t i = 0; i < alen; i++)
		if (!y[i] || lower(x[i]) != lower(y[i]))
			return 0;
	return y[alen] == '\0';
}

/* Edits cost 2, a letter that differs only in case 1, so that "fi" finds
 * "FI" before "fo"; a name is suggested within a quarter of its length in
 * edits (at least one, at most three). */
static unsigned budget(size_t len)
{
	size_t edits = len / 4;
	return 2 * (unsigned)(edits < 1 ? 1 : edits > 3 ? 3 : edits);
}

/* The optimal-string-alignment distance of a and b in those costs, or
 * more than limit as soon as every way is past it. */
static unsigned distance(const unsigned char *a, size_t n,
			 const unsigned char *b, size_t m, unsigned limit)
{
	unsigned rows[3][CXJ__NAME_MAX + 1];
	unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= m; j++)
		prev[j] = 2 * (unsigned)j;
	for (size_t i = 1; i <= n; i++) {
		unsigned best = cur[0] = 2 * (unsigned)i, *t;
		for (size_t j = 1; j <= m; j++) {
			unsigned sub = a[i - 1] == b[j - 1]		  ? 0
				       : lower(a[i - 1]) == lower(b[j - 1]) ? 1
									  : 2;
			unsigned d = prev[j - 1] + sub;
			if (prev[j] + 2 < d)
				d = prev[j] + 2;
			if (cur[j - 1] + 2 < d)
				d = cur[j - 1] + 2;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 2 < d)
				d = prev2[j - 2] + 2;
			cur[j] = d;
			if (d < best)
				best = d;
		}
		if (best > limit)
			return limit + 1;
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[m];
}

void cxj__nearest_init(cxj__nearest *n, const char *want)
{
	n->want = want ? want : "";
	n->len = strlen(n->want);
	n->best = NULL;
	n->cost = budget(n->len) + 1;
}

void cxj__nearest_offer(cxj__nearest *n, const char *name, size_t len)
{
	size_t gap = len > n->len ? len - n->len : n->len - len;
	unsigned d;
	if (len > CXJ__NAME_MAX || n->len > CXJ__NAME_MAX ||
	    2 * gap >= n->cost)
		return;
	d = distance((const unsigned char *)n->want, n->len,
		     (const unsigned char *)name, len, n->cost - 1);
	if (d < n->cost && d > 0) {
		n->best = name;
		n->best_len = len;
		n->cost = d;
	}
}

const char *cxj__nearest_hint(const cxj__nearest *n, char *buf, size_t size)
{
	if (!n->best)
		return "";
	snprintf(buf, size, " (did you mean '%.*s'?)", (int)n->best_len,
		 n->best);
	return buf;
}

static int name_less(const cxj__intern *in, uint32_t a, uint32_t b)
{
	return strcmp(cxj__intern_str(in, a), cxj__intern_str(in, b)) < 0;
}

static void sift_down(const cxj__intern *in, uint32_t *idx, size_t at,
		      size_t n)
{
	for (;;) {
		size_t child = 2 * at + 1, top = at;
		uint32_t t;
		if (child < n && name_less(in, idx[top], idx[child]))
			top = child;
		if (child + 1 < n && name_less(in, idx[top], idx[child + 1]))
			top = child + 1;
		if (top == at)
			return;
		t = idx[at];
		idx[at] = idx[top];
		idx[top] = t;
		at = top;
	}
}

/* Heapsort: in place, n log n, no state outside the call (qsort would
 * need the table in a global). */
void cxj__sort_names(const cxj__intern *in, uint32_t *idx, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(in, idx, i, n);
	for (size_t end = n; end > 1; end--) {
		uint32_t t = idx[0];
		idx[0] = idx[end - 1];
		idx[end - 1] = t;
		sift_down(in, idx, 0, end - 1);
	}
}
