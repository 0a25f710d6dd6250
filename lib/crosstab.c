/* crosstab.c: the contingency table of two categorical codings in a
 * responses store, for the association test between them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "store.h"

struct cxj_crosstab {
	size_t rows, cols, respondents;
	double *row_codes, *col_codes;
	uint64_t *counts;
};

typedef struct coded {
	uint32_t respondent;
	double code;
} coded;

/* The metric's index in the store: the scale names match without regard
 * to case, as on import; -1 when no answer uses it. */
static long metric_index(const cxj_responses *r, const char *name)
{
	const cxj__intern *in = &r->strings[CXJ_TABLE_METRICS];
	for (uint32_t k = 0; k < in->count; k++) {
		const char *s = cxj__intern_str(in, k);
		if (k <= CXJ__METRIC_CES ? cxj__ascii_ieq(name, strlen(name), s)
				       : !strcmp(s, name))
			return (long)k;
	}
	return -1;
}

static int by_respondent_then_code(const void *pa, const void *pb)
{
	const coded *a = pa, *b = pb;
	if (a->respondent != b->respondent)
		return a->respondent < b->respondent ? -1 : 1;
	return (a->code > b->code) - (a->code < b->code);
}

static int by_value(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;
	return (a > b) - (a < b);
}

/* The answers of one metric as (respondent, code), sorted, repeats gone. */
static int collect(const cxj_responses *r, long metric, coded **out,
		   size_t *len)
{
	size_t n = 0, k = 0;
	coded *c;
	for (size_t i = 0; i < r->count; i++)
		n += r->metric[i] == metric;
	c = cxj__malloc((n + 1) * sizeof *c);
	if (!c)
		return cxj__nomem();
	for (size_t i = 0; i < r->count; i++) {
		if (r->metric[i] != metric)
			continue;
		c[k].respondent = r->respondent[i];
		c[k].code = metric <= CXJ__METRIC_CES ? (double)r->score[i]
						      : r->value[i];
		k++;
	}
	qsort(c, n, sizeof *c, by_respondent_then_code);
	k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || c[i].respondent != c[k - 1].respondent ||
		    c[i].code != c[k - 1].code)
			c[k++] = c[i];
	*out = c;
	*len = k;
	return CXJ_OK;
}

/* Keeps in a, and in b, only the respondents found in both. */
static void keep_common(coded *a, size_t *na, coded *b, size_t *nb)
{
	size_t i = 0, j = 0, ka = 0, kb = 0;
	while (i < *na && j < *nb) {
		uint32_t who = a[i].respondent;
		if (who != b[j].respondent) {
			if (who < b[j].respondent)
				i++;
			else
				j++;
			continue;
		}
		while (i < *na && a[i].respondent == who)
			a[ka++] = a[i++];
		while (j < *nb && b[j].respondent == who)
			b[kb++] = b[j++];
	}
	*na = ka;
	*nb = kb;
}

/* Distinct codes, ascending. */
static int codes_of(const coded *c, size_t n, double **out, size_t *len)
{
	double *v = cxj__malloc((n + 1) * sizeof *v);
	size_t k = 0;
	if (!v)
		return cxj__nomem();
	for (size_t i = 0; i < n; i++)
		v[i] = c[i].code;
	qsort(v, n, sizeof *v, by_value);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || v[i] != v[k - 1])
			v[k++] = v[i];
	*out = v;
	*len = k;
	return CXJ_OK;
}

static size_t code_at(const double *codes, size_t n, double code)
{
	const double *hit = bsearch(&code, codes, n, sizeof *codes, by_value);
	return (size_t)(hit - codes);
}

/* Walks both sorted lists respondent by respondent. */
static void count_pairs(cxj_crosstab *t, const coded *a, size_t na,
			const coded *b, size_t nb)
{
	size_t i = 0, j = 0;
	while (i < na && j < nb) {
		size_t i2 = i, j2 = j;
		if (a[i].respondent != b[j].respondent) {
			if (a[i].respondent < b[j].respondent)
				i++;
			else
				j++;
			continue;
		}
		while (i2 < na && a[i2].respondent == a[i].respondent)
			i2++;
		while (j2 < nb && b[j2].respondent == b[j].respondent)
			j2++;
		for (size_t x = i; x < i2; x++) {
			size_t row = code_at(t->row_codes, t->rows, a[x].code);
			for (size_t y = j; y < j2; y++)
				t->counts[row * t->cols +
					  code_at(t->col_codes, t->cols,
						  b[y].code)]++;
		}
		t->respondents++;
		i = i2;
		j = j2;
	}
}

int cxj_responses_crosstab(const cxj_responses *r, const char *row_metric,
			   const char *col_metric, cxj_crosstab **out)
{
	coded *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	long ma, mb;
	cxj_crosstab *t = NULL;
	int rc;
	if (!r || !row_metric || !col_metric || !out)
		return cxj__error(CXJ_EINVAL, "responses, both metrics and out "
					      "are required");
	ma = metric_index(r, row_metric);
	mb = metric_index(r, col_metric);
	if (ma < 0 || ma == CXJ__METRIC_CONTACT || mb < 0 ||
	    mb == CXJ__METRIC_CONTACT)
		return cxj__error(CXJ_EINVAL, "no coded answers of '%s'",
				  ma < 0 || ma == CXJ__METRIC_CONTACT
					  ? row_metric
					  : col_metric);
	if (ma == mb)
		return cxj__error(CXJ_EINVAL,
				  "a coding cannot be crossed with itself");
	if ((rc = collect(r, ma, &a, &na)) || (rc = collect(r, mb, &b, &nb)))
		goto done;
	keep_common(a, &na, b, &nb);
	rc = CXJ_ENOMEM;
	if (!(t = cxj__calloc(1, sizeof *t)))
		goto nomem;
	if ((rc = codes_of(a, na, &t->row_codes, &t->rows)) ||
	    (rc = codes_of(b, nb, &t->col_codes, &t->cols)))
		goto done;
	if (!(t->counts = cxj__calloc(t->rows * t->cols + 1, sizeof(uint64_t))))
		goto nomem;
	count_pairs(t, a, na, b, nb);
	if (t->respondents == 0) {
		rc = cxj__error(CXJ_EINVAL, "no respondent answered both '%s' "
					    "and '%s'",
				row_metric, col_metric);
		goto done;
	}
	*out = t;
	t = NULL;
	rc = CXJ_OK;
	goto done;
nomem:
	rc = cxj__nomem();
done:
	cxj__free(a);
	cxj__free(b);
	cxj_crosstab_free(t);
	return rc;
}

void cxj_crosstab_free(cxj_crosstab *t)
{
	if (!t)
		return;
	cxj__free(t->row_codes);
	cxj__free(t->col_codes);
	cxj__free(t->counts);
	cxj__free(t);
}

size_t cxj_crosstab_rows(const cxj_crosstab *t)
{
	return t ? t->rows : 0;
}

size_t cxj_crosstab_cols(const cxj_crosstab *t)
{
	return t ? t->cols : 0;
}

double cxj_crosstab_row_code(const cxj_crosstab *t, size_t row)
{
	return t && row < t->rows ? t->row_codes[row] : NAN;
}

double cxj_crosstab_col_code(const cxj_crosstab *t, size_t col)
{
	return t && col < t->cols ? t->col_codes[col] : NAN;
}

const uint64_t *cxj_crosstab_counts(const cxj_crosstab *t)
{
	return t ? t->counts : NULL;
}

size_t cxj_crosstab_respondents(const cxj_crosstab *t)
{
	return t ? t->respondents : 0;
}
