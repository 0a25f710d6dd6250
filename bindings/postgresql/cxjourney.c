/* cxjourney.c: libcxjourney's metric state inside PostgreSQL: the type
 * cxjmetric, parallel aggregates that build and merge states, and the
 * figures, intervals and comparisons read from a state.
 *
 * A cxjmetric holds the library's portable state bytes, exactly as
 * cxj_metric_state_save() writes them; every function loads them through
 * cxj_metric_state_load(), so a damaged stored state is refused with an
 * error wherever it is read. Library objects (malloc'd by the library, not
 * palloc'd) are owned by a memory-context reset callback from the moment
 * they exist: an ereport() anywhere, or the end of a query, frees them. */
#include "postgres.h"

#include <math.h>

#include "common/base64.h"
#include "common/shortest_dec.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include <cxjourney.h>

PG_MODULE_MAGIC;

/* ---- owning library objects from a memory context ---- */

/* A metric whose lifetime ends, at the latest, with a memory context. */
typedef struct Held {
	cxj_metric *m;
	MemoryContextCallback cb;
} Held;

static void held_free(void *arg)
{
	Held *h = arg;
	cxj_metric_free(h->m);
	h->m = NULL;
}

/* An empty Held in cxt; fill h->m afterwards, so that an error between the
 * allocation of the two never leaks the metric. */
static Held *hold(MemoryContext cxt)
{
	Held *h = MemoryContextAllocZero(cxt, sizeof *h);
	h->cb.func = held_free;
	h->cb.arg = h;
	MemoryContextRegisterResetCallback(cxt, &h->cb);
	return h;
}

/* Frees the metric now rather than at the reset of its context. */
static void release(Held *h)
{
	held_free(h);
}

/* ---- errors ---- */

static int sqlstate_of(int code)
{
	switch (code) {
	case CXJ_ERANGE:
		return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE; /* 22003 */
	case CXJ_ENOMEM:
		return ERRCODE_OUT_OF_MEMORY;
	case CXJ_EPARSE:
		return ERRCODE_DATA_CORRUPTED;
	default:
		return ERRCODE_INVALID_PARAMETER_VALUE; /* 22023 */
	}
}

/* Raises the library's last error (code and message) as a PostgreSQL
 * error, with sqlstate when it is not 0, else the code's own. */
static void pg_attribute_noreturn() raise_as(int code, int sqlstate)
{
	ereport(ERROR, (errcode(sqlstate ? sqlstate : sqlstate_of(code)),
			errmsg("%s", cxj_error_last()->message)));
	pg_unreachable();
}

static void check(int rc)
{
	if (rc != CXJ_OK)
		raise_as(rc, 0);
}

/* ---- the state as a varlena ---- */

/* The varlena of m's state bytes, palloc'd. */
static bytea *state_datum(const cxj_metric *m)
{
	uint8_t *bytes;
	size_t len;
	bytea *out;
	check(cxj_metric_state_save(m, &bytes, &len));
	out = palloc(VARHDRSZ + len);
	SET_VARSIZE(out, VARHDRSZ + len);
	memcpy(VARDATA(out), bytes, len);
	cxj_free(bytes);
	return out;
}

/* A metric loaded from len state bytes, held by the current memory
 * context; refused bytes raise sqlstate (0: data corrupted). */
static Held *load_bytes(const char *bytes, size_t len, int sqlstate)
{
	Held *h = hold(CurrentMemoryContext);
	int rc = cxj_metric_state_load((const uint8_t *)bytes, len, &h->m);
	if (rc != CXJ_OK)
		raise_as(rc, sqlstate);
	return h;
}

static Held *load_datum(Datum d)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
	return load_bytes(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), 0);
}

#define ARG_METRIC(n) load_datum(PG_GETARG_DATUM(n))

/* ---- text form: "<kind> n=<count> value=<value> [unit=<u>] state=<b64>"
 * The words before state= are for people; on input they must be what the
 * state itself would print, or be left out. */

static void describe(const cxj_metric *m, StringInfo s)
{
	char num[DOUBLE_SHORTEST_DECIMAL_LEN];
	const char *unit = cxj_metric_unit(m);
	double_to_shortest_decimal_buf(cxj_metric_value(m), num);
	appendStringInfo(s, "%s n=" UINT64_FORMAT " value=%s",
			 cxj_metric_kind_name(cxj_metric_kind_of(m)),
			 (uint64)cxj_metric_count(m), num);
	if (*unit)
		appendStringInfo(s, " unit=%s", unit);
}

PG_FUNCTION_INFO_V1(cxjmetric_out);
Datum cxjmetric_out(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	int len = VARSIZE_ANY_EXHDR(v);
	Held *h = load_bytes(VARDATA_ANY(v), len, 0);
	StringInfoData s;
	int enc_len = pg_b64_enc_len(len), wrote;
	initStringInfo(&s);
	describe(h->m, &s);
	release(h);
	appendStringInfoString(&s, " state=");
	enlargeStringInfo(&s, enc_len + 1);
	wrote = pg_b64_encode(VARDATA_ANY(v), len, s.data + s.len, enc_len);
	if (wrote < 0)
		elog(ERROR, "could not encode a metric state");
	s.len += wrote;
	s.data[s.len] = '\0';
	PG_RETURN_CSTRING(s.data);
}

PG_FUNCTION_INFO_V1(cxjmetric_in);
Datum cxjmetric_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	const char *end = text + strlen(text), *start = text, *tok;
	int prefix_len, dec_len, got;
	char *bytes;
	Held *h;
	StringInfoData canon;
	bytea *out;

	while (*start == ' ')
		start++;
	while (end > start && end[-1] == ' ')
		end--;
	for (tok = end; tok > start && tok[-1] != ' '; tok--)
		;
	if (end - tok < 6 || strncmp(tok, "state=", 6) != 0)
		ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type cxjmetric: \"%s\"",
				text),
			 errdetail("A metric ends with state= and its state in "
				   "base64.")));
	dec_len = pg_b64_dec_len((int)(end - tok - 6));
	bytes = palloc(dec_len + 1);
	got = pg_b64_decode(tok + 6, (int)(end - tok - 6), bytes, dec_len);
	if (got < 0)
		ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type cxjmetric: \"%s\"",
				text),
			 errdetail("The state is not valid base64.")));
	h = load_bytes(bytes, got, ERRCODE_INVALID_TEXT_REPRESENTATION);
	prefix_len = (int)(tok - start);
	while (prefix_len > 0 && start[prefix_len - 1] == ' ')
		prefix_len--;
	initStringInfo(&canon);
	describe(h->m, &canon);
	if (prefix_len > 0 && (prefix_len != canon.len ||
			       memcmp(start, canon.data, prefix_len) != 0))
		ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("cxjmetric \"%.*s\" does not match its state "
				"(%s)", prefix_len, start, canon.data),
			 errhint("Leave out the words before state=, or copy "
				 "them as the state prints them.")));
	out = state_datum(h->m);
	release(h);
	PG_RETURN_BYTEA_P(out);
}

/* Binary form: the portable state bytes themselves (cxj_metric(3)). */
PG_FUNCTION_INFO_V1(cxjmetric_recv);
Datum cxjmetric_recv(PG_FUNCTION_ARGS)
{
	StringInfo buf = (StringInfo)PG_GETARG_POINTER(0);
	int len = buf->len - buf->cursor;
	const char *bytes = pq_getmsgbytes(buf, len);
	Held *h = load_bytes(bytes, len, ERRCODE_INVALID_BINARY_REPRESENTATION);
	bytea *out = state_datum(h->m);
	release(h);
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(cxjmetric_send);
Datum cxjmetric_send(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_VARLENA_PP(0);
	StringInfoData buf;
	pq_begintypsend(&buf);
	pq_sendbytes(&buf, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* cxjmetric(bytea): state bytes from elsewhere (a worker, the Python
 * binding's bytes(metric)), checked. */
PG_FUNCTION_INFO_V1(cxjmetric_from_bytea);
Datum cxjmetric_from_bytea(PG_FUNCTION_ARGS)
{
	bytea *v = PG_GETARG_BYTEA_PP(0);
	Held *h = load_bytes(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v),
			     ERRCODE_INVALID_BINARY_REPRESENTATION);
	bytea *out = state_datum(h->m);
	release(h);
	PG_RETURN_BYTEA_P(out);
}

/* ---- aggregates ----
 * The transition state is a Held in the aggregate's memory context: the
 * metric is freed when that context is reset or deleted, whether the query
 * ends, the group is done or an error aborts it. */

static Held *agg_state(FunctionCallInfo fcinfo, cxj_metric_kind kind)
{
	MemoryContext aggcxt;
	Held *h;
	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "cxjourney aggregate called in a non-aggregate "
			    "context");
	if (!PG_ARGISNULL(0))
		return (Held *)PG_GETARG_POINTER(0);
	h = hold(aggcxt);
	if (kind)
		check(cxj_metric_new(kind, &h->m));
	return h;
}

static Datum add_score(FunctionCallInfo fcinfo, cxj_metric_kind kind,
		       double score)
{
	Held *h = agg_state(fcinfo, kind);
	int rc;
	if (PG_NARGS() > 2) {
		rc = cxj_metric_add_weighted(h->m, score, PG_GETARG_FLOAT8(2));
	} else {
		rc = cxj_metric_add(h->m, score);
	}
	check(rc);
	PG_RETURN_POINTER(h);
}

/* A NULL score (or weight) leaves the state as it is, as sum() and avg()
 * skip NULLs. */
#define SCORE_AGG(name, kind, getarg)                                        \
	PG_FUNCTION_INFO_V1(name);                                           \
	Datum name(PG_FUNCTION_ARGS)                                         \
	{                                                                    \
		if (PG_ARGISNULL(1) || (PG_NARGS() > 2 && PG_ARGISNULL(2))) { \
			if (PG_ARGISNULL(0))                                 \
				PG_RETURN_NULL();                            \
			PG_RETURN_DATUM(PG_GETARG_DATUM(0));                 \
		}                                                            \
		return add_score(fcinfo, kind, (double)getarg(1));           \
	}

SCORE_AGG(cxjmetric_add_csat, CXJ_CSAT, PG_GETARG_INT32)
SCORE_AGG(cxjmetric_add_nps, CXJ_NPS, PG_GETARG_INT32)
SCORE_AGG(cxjmetric_add_ces, CXJ_CES, PG_GETARG_INT32)
SCORE_AGG(cxjmetric_add_kpi, CXJ_KPI, PG_GETARG_FLOAT8)

/* merge(cxjmetric): the first state met decides the kind. */
PG_FUNCTION_INFO_V1(cxjmetric_add_state);
Datum cxjmetric_add_state(PG_FUNCTION_ARGS)
{
	Held *h, *in;
	int rc;
	if (PG_ARGISNULL(1)) {
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	h = agg_state(fcinfo, 0);
	in = ARG_METRIC(1);
	if (!h->m) {
		/* adopt the loaded metric: no copy for the first state */
		h->m = in->m;
		in->m = NULL;
		PG_RETURN_POINTER(h);
	}
	rc = cxj_metric_merge(h->m, in->m);
	release(in);
	check(rc);
	PG_RETURN_POINTER(h);
}

PG_FUNCTION_INFO_V1(cxjmetric_combine);
Datum cxjmetric_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	Held *a, *b;
	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "cxjourney aggregate called in a non-aggregate "
			    "context");
	if (PG_ARGISNULL(1)) {
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	b = (Held *)PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0)) {
		/* b belongs to its producer (it may be read again): copy it
		 * into our context */
		a = hold(aggcxt);
		check(cxj_metric_clone(b->m, &a->m));
		PG_RETURN_POINTER(a);
	}
	a = (Held *)PG_GETARG_POINTER(0);
	check(cxj_metric_merge(a->m, b->m));
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(cxjmetric_serialize);
Datum cxjmetric_serialize(PG_FUNCTION_ARGS)
{
	Held *h = (Held *)PG_GETARG_POINTER(0);
	PG_RETURN_BYTEA_P(state_datum(h->m));
}

/* Called in a short-lived context: the Held and its metric go with it,
 * after the combine function has merged (or copied) them. */
PG_FUNCTION_INFO_V1(cxjmetric_deserialize);
Datum cxjmetric_deserialize(PG_FUNCTION_ARGS)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "cxjourney aggregate called in a non-aggregate "
			    "context");
	PG_RETURN_POINTER(ARG_METRIC(0));
}

PG_FUNCTION_INFO_V1(cxjmetric_final);
Datum cxjmetric_final(PG_FUNCTION_ARGS)
{
	Held *h = (Held *)PG_GETARG_POINTER(0);
	PG_RETURN_BYTEA_P(state_datum(h->m));
}

/* ---- figures ---- */

static Datum float_or_null(FunctionCallInfo fcinfo, double x)
{
	if (isnan(x))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(x);
}

PG_FUNCTION_INFO_V1(cxjmetric_kind);
Datum cxjmetric_kind(PG_FUNCTION_ARGS)
{
	Held *h = ARG_METRIC(0);
	cxj_metric_kind k = cxj_metric_kind_of(h->m);
	release(h);
	PG_RETURN_TEXT_P(cstring_to_text(cxj_metric_kind_name(k)));
}

PG_FUNCTION_INFO_V1(cxjmetric_n);
Datum cxjmetric_n(PG_FUNCTION_ARGS)
{
	Held *h = ARG_METRIC(0);
	uint64_t n = cxj_metric_count(h->m);
	release(h);
	if (n > (uint64_t)PG_INT64_MAX)
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("count " UINT64_FORMAT " is out of "
				       "range for bigint", (uint64)n)));
	PG_RETURN_INT64((int64)n);
}

#define GETTER(name, call)                                                   \
	PG_FUNCTION_INFO_V1(name);                                           \
	Datum name(PG_FUNCTION_ARGS)                                         \
	{                                                                    \
		Held *h = ARG_METRIC(0);                                     \
		double x = call(h->m);                                       \
		release(h);                                                  \
		return float_or_null(fcinfo, x);                             \
	}

GETTER(cxjmetric_value, cxj_metric_value)
GETTER(cxjmetric_std_error, cxj_metric_stderr)
GETTER(cxjmetric_effective_n, cxj_metric_effective_n)
GETTER(cxjmetric_weight_sum, cxj_metric_weight_sum)

/* ---- figures and methods by name ---- */

static cxj_metric_figure figure_arg(FunctionCallInfo fcinfo, int n)
{
	char *s = text_to_cstring(PG_GETARG_TEXT_PP(n));
	if (pg_strcasecmp(s, "value") == 0)
		return CXJ_FIGURE_VALUE;
	if (pg_strcasecmp(s, "mean") == 0)
		return CXJ_FIGURE_MEAN;
	if (pg_strcasecmp(s, "top_box") == 0 ||
	    pg_strcasecmp(s, "top-box") == 0)
		return CXJ_FIGURE_TOP_BOX;
	ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			errmsg("unknown figure \"%s\"", s),
			errhint("A figure is value, mean or top_box.")));
	pg_unreachable();
}

/* Method names are the library's (cxj_method_name), '_' read as '-'. */
static cxj_method method_arg(FunctionCallInfo fcinfo, int n)
{
	char *s = text_to_cstring(PG_GETARG_TEXT_PP(n));
	StringInfoData known;
	for (char *p = s; *p; p++)
		if (*p == '_')
			*p = '-';
	initStringInfo(&known);
	for (int i = 0; i < 64; i++) {
		const char *name = cxj_method_name((cxj_method)i);
		if (strcmp(name, "unknown") == 0)
			break;
		if (pg_strcasecmp(s, name) == 0)
			return (cxj_method)i;
		appendStringInfo(&known, "%s%s", i ? ", " : "", name);
	}
	ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			errmsg("unknown method \"%s\"", s),
			errhint("A method is one of %s.", known.data)));
	pg_unreachable();
}

/* Whether m has the answers an interval of the figure needs (cxj_metric
 * _stats(3): one with weight for a percent, two for a mean). Without them
 * the functions below return NULL, as stddev_samp() does for one row,
 * so that a small group does not fail a whole report. A figure that does
 * not apply (a KPI's top box) is left to the library to refuse. */
static bool estimable(const cxj_metric *m, cxj_metric_figure figure)
{
	cxj_metric_kind k = cxj_metric_kind_of(m);
	double n = cxj_metric_effective_n(m);
	bool mean = figure == CXJ_FIGURE_MEAN ||
		    (figure == CXJ_FIGURE_VALUE &&
		     (k == CXJ_CES || k == CXJ_KPI));
	if (figure == CXJ_FIGURE_TOP_BOX && k == CXJ_KPI)
		return true;
	if (mean)
		return cxj_metric_count(m) >= 2 && n > 1;
	return n > 0;
}

enum part { ESTIMATE, LOW, HIGH, SE };

/* One part of the interval of a figure by a method; NULL without the
 * answers it needs. Arguments: (m, level [, figure, method]) for the
 * bounds, (m, figure, method) for the estimate and its standard error. */
static Datum interval_of(FunctionCallInfo fcinfo, enum part part)
{
	int fi = part == LOW || part == HIGH ? 2 : 1;
	double level = fi == 2 ? PG_GETARG_FLOAT8(1) : 0.95;
	cxj_metric_figure figure = CXJ_FIGURE_VALUE;
	cxj_method method = CXJ_METHOD_DEFAULT;
	cxj_interval iv;
	Held *h;
	int rc;
	if (PG_NARGS() > fi) {
		figure = figure_arg(fcinfo, fi);
		method = method_arg(fcinfo, fi + 1);
	}
	h = ARG_METRIC(0);
	cxj_interval_init(&iv, CXJ_INTERVAL_VERSION);
	if (!estimable(h->m, figure)) {
		cxj_metric_summary s;
		double est = NAN;
		if (part == ESTIMATE) {
			cxj_metric_summary_init(&s, CXJ_METRIC_SUMMARY_VERSION);
			check(cxj_metric_summarize(h->m, &s));
			est = figure == CXJ_FIGURE_VALUE  ? s.value
			      : figure == CXJ_FIGURE_MEAN ? s.mean
							  : s.top_box;
		}
		release(h);
		return float_or_null(fcinfo, est);
	}
	rc = cxj_metric_interval(h->m, figure, method, level, &iv);
	release(h);
	check(rc);
	return float_or_null(fcinfo, part == ESTIMATE ? iv.estimate
				     : part == LOW    ? iv.lo
				     : part == HIGH   ? iv.hi
						      : iv.std_error);
}

#define INTERVAL_FN(name, part)                                              \
	PG_FUNCTION_INFO_V1(name);                                           \
	Datum name(PG_FUNCTION_ARGS)                                         \
	{                                                                    \
		return interval_of(fcinfo, part);                            \
	}

INTERVAL_FN(cxjmetric_value_figure, ESTIMATE)
INTERVAL_FN(cxjmetric_std_error_figure, SE)
INTERVAL_FN(cxjmetric_ci_low, LOW)
INTERVAL_FN(cxjmetric_ci_high, HIGH)

/* compare(a, b [, figure, method]) -> (difference, std_error, statistic,
 * df, p_value); NULL when either side lacks the answers it needs. */
PG_FUNCTION_INFO_V1(cxjmetric_compare);
Datum cxjmetric_compare(PG_FUNCTION_ARGS)
{
	cxj_metric_figure figure = CXJ_FIGURE_VALUE;
	cxj_method method = CXJ_METHOD_DEFAULT;
	Held *a, *b;
	cxj_comparison c;
	TupleDesc desc;
	Datum values[5];
	bool nulls[5] = {false, false, false, false, false};
	int rc;
	if (PG_NARGS() > 2) {
		figure = figure_arg(fcinfo, 2);
		method = method_arg(fcinfo, 3);
	}
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "compare() must return a record");
	a = ARG_METRIC(0);
	b = ARG_METRIC(1);
	if (cxj_metric_kind_of(a->m) == cxj_metric_kind_of(b->m) &&
	    (!estimable(a->m, figure) || !estimable(b->m, figure))) {
		release(a);
		release(b);
		PG_RETURN_NULL();
	}
	cxj_comparison_init(&c, CXJ_COMPARISON_VERSION);
	rc = cxj_metric_compare_with(a->m, b->m, figure, method, &c);
	release(a);
	release(b);
	check(rc);
	values[0] = Float8GetDatum(c.difference);
	values[1] = Float8GetDatum(c.std_error);
	values[2] = Float8GetDatum(c.statistic);
	values[3] = Float8GetDatum(c.df);
	values[4] = Float8GetDatum(c.p_value);
	desc = BlessTupleDesc(desc);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
