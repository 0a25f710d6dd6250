/* survey_mapping.c: the small YAML file that says how to read a wide survey
 * export (which column is the respondent, the segment, ..., and what each
 * question column asks about), turned into the fields of cxj_csv_options.
 * Errors carry the file, line and column of the node at fault. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "files.h"
#include "metrics.h"
#include "store.h"
#include "text.h"
#include "yaml_reader.h"

/* The column keys, in the order of cxj_csv_options. */
enum { M_RESPONDENT, M_SEGMENT, M_SOURCE, M_TIMESTAMP, M_WEIGHT, M_COLUMNS };
static const char *const column_keys[M_COLUMNS] = {
    "respondent", "segment", "source", "timestamp", "weight"};
static const char *const top_keys[] = {"respondent", "segment",	  "source",
				       "timestamp",  "weight",	  "delimiter",
				       "questions"};
static const char *const question_keys[] = {"target", "metric"};

/* The questions as cxj_csv_options takes them: three arrays. */
struct cxj_survey_mapping {
	char *column[M_COLUMNS]; /* NULL: not given */
	char delimiter;		 /* 0: not given */
	size_t n;
	char **qcolumn, **qtarget, **qmetric;
};

/* A question as the parse meets it, and where. */
typedef struct question {
	char *column, *field[2]; /* target, metric */
	unsigned line, col;
} question;

typedef struct parse {
	cxj__yreader *r;
	cxj__yev ev;
	const char *file;
	cxj_survey_mapping *m;
	/* where each top key was first seen */
	unsigned seen_line[7], seen_col[7];
	question *q;
	size_t nq, capq;
} parse;

static int fail(const parse *p, const char *fmt, ...) CXJ__PRINTF(2, 3);

static int fail(const parse *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cxj__error_at(CXJ_EPARSE, p->file, p->ev.line, p->ev.column,
			     "%s", msg);
}

static int next(parse *p)
{
	return cxj__yreader_next(p->r, &p->ev);
}

/* The index of the current scalar among keys, or a miss naming the
 * nearest key. */
static int key_of(const parse *p, const char *const *keys, int nkeys,
		  const char *where, int *out)
{
	char hint[CXJ__HINT_SIZE];
	cxj__nearest near;
	for (int k = 0; k < nkeys; k++)
		if (strcmp(p->ev.value, keys[k]) == 0) {
			*out = k;
			return CXJ_OK;
		}
	cxj__nearest_init(&near, p->ev.value);
	for (int k = 0; k < nkeys; k++)
		cxj__nearest_offer(&near, keys[k], strlen(keys[k]));
	return fail(p, "%s: unknown key '%s'%s", where, p->ev.value,
		    cxj__nearest_hint(&near, hint, sizeof hint));
}

/* The current event as a non-empty scalar, copied. */
static int scalar(parse *p, const char *what, char **out)
{
	if (p->ev.type != CXJ__Y_SCALAR || p->ev.len == 0)
		return fail(p, "%s takes a non-empty text", what);
	if (!(*out = cxj__strndup(p->ev.value, p->ev.len)))
		return cxj__nomem();
	return CXJ_OK;
}

static int delimiter(parse *p)
{
	const char *v = p->ev.value;
	if (p->ev.type != CXJ__Y_SCALAR || p->ev.len != 1 || *v == '"' ||
	    *v == '\n' || *v == '\r')
		return fail(p, "delimiter takes one character other than a "
			       "quote or a line break (\"\\t\" for a tab)");
	p->m->delimiter = *v;
	return CXJ_OK;
}

static int add_question(parse *p, const char *column)
{
	question *q;
	for (size_t k = 0; k < p->nq; k++)
		if (cxj__ascii_ieq(column, strlen(column), p->q[k].column))
			return fail(p,
				    "questions: column '%s' appears twice "
				    "(first at line %u, column %u)",
				    column, p->q[k].line, p->q[k].col);
	if (cxj__reserve((void **)&p->q, &p->capq, p->nq + 1, sizeof *p->q))
		return CXJ_ENOMEM;
	q = &p->q[p->nq];
	memset(q, 0, sizeof *q);
	if (!(q->column = cxj__strdup(column)))
		return cxj__nomem();
	q->line = p->ev.line;
	q->col = p->ev.column;
	p->nq++;
	return CXJ_OK;
}

/* One question: its column (the current key), then {target, metric}. */
static int question_entry(parse *p)
{
	question *q;
	int rc, k = 0;
	if (p->ev.type != CXJ__Y_SCALAR || p->ev.len == 0)
		return fail(p, "questions: each key is the header name of a "
			       "question's column");
	if ((rc = add_question(p, p->ev.value)) || (rc = next(p)))
		return rc;
	q = &p->q[p->nq - 1];
	if (p->ev.type != CXJ__Y_MAP_START)
		return fail(p,
			    "question '%s' takes a mapping: {target: id, "
			    "metric: name}",
			    q->column);
	for (;;) {
		char **field, where[256];
		if ((rc = next(p)))
			return rc;
		if (p->ev.type == CXJ__Y_MAP_END)
			break;
		if (p->ev.type != CXJ__Y_SCALAR)
			return fail(p, "question '%s': keys are target and "
				       "metric",
				    q->column);
		snprintf(where, sizeof where, "question '%.200s'", q->column);
		if ((rc = key_of(p, question_keys, 2, where, &k)))
			return rc;
		field = &q->field[k];
		if (*field)
			return fail(p, "question '%s': key '%s' appears twice",
				    q->column, question_keys[k]);
		if ((rc = next(p)) || (rc = scalar(p, question_keys[k], field)))
			return rc;
		if (!cxj__name_ok(*field, p->ev.len))
			return fail(p, "question '%s': %s '%s' is not a valid %s",
				    q->column, question_keys[k], *field,
				    k ? "name" : "id");
		if (k == 1 && cxj__builtin_metric(*field, p->ev.len) ==
				  CXJ__METRIC_CONTACT)
			return fail(p, "question '%s': contacts have no score "
				       "to put in a column",
				    q->column);
	}
	for (k = 0; k < 2; k++)
		if (!q->field[k]) {
			p->ev.line = q->line;
			p->ev.column = q->col;
			return fail(p, "question '%s' has no %s", q->column,
				    question_keys[k]);
		}
	return CXJ_OK;
}

static int questions(parse *p)
{
	int rc;
	if (p->ev.type != CXJ__Y_MAP_START)
		return fail(p, "questions takes a mapping of column names to "
			       "{target: id, metric: name}");
	for (;;) {
		if ((rc = next(p)))
			return rc;
		if (p->ev.type == CXJ__Y_MAP_END)
			break;
		if ((rc = question_entry(p)))
			return rc;
	}
	if (!p->nq)
		return fail(p, "questions: no question");
	return CXJ_OK;
}

/* The top mapping, from its first key to its end. */
static int top(parse *p)
{
	int rc, k = 0;
	for (;;) {
		if ((rc = next(p)))
			return rc;
		if (p->ev.type == CXJ__Y_MAP_END)
			break;
		if (p->ev.type != CXJ__Y_SCALAR)
			return fail(p, "a survey mapping's keys are names");
		if ((rc = key_of(p, top_keys, 7, "survey mapping", &k)))
			return rc;
		if (p->seen_line[k])
			return fail(p,
				    "key '%s' appears twice (first at line %u, "
				    "column %u)",
				    top_keys[k], p->seen_line[k],
				    p->seen_col[k]);
		p->seen_line[k] = p->ev.line;
		p->seen_col[k] = p->ev.column;
		if ((rc = next(p)))
			return rc;
		if (k < M_COLUMNS)
			rc = scalar(p, column_keys[k], &p->m->column[k]);
		else if (k == M_COLUMNS)
			rc = delimiter(p);
		else
			rc = questions(p);
		if (rc)
			return rc;
	}
	if (!p->seen_line[6])
		return fail(p, "a survey mapping needs questions");
	return CXJ_OK;
}

static int document(parse *p)
{
	int rc;
	if ((rc = next(p)) || (rc = next(p)))
		return rc; /* the stream's start, then the document's */
	if (p->ev.type != CXJ__Y_DOC_START)
		return fail(p, "the survey mapping is empty");
	if ((rc = next(p)))
		return rc;
	if (p->ev.type != CXJ__Y_MAP_START)
		return fail(p, "a survey mapping is a mapping (respondent, "
			       "segment, ..., questions)");
	if ((rc = top(p)) || (rc = next(p)) || (rc = next(p)))
		return rc; /* the mapping, the document's end, then: */
	if (p->ev.type != CXJ__Y_STREAM_END)
		return fail(p, "a survey mapping is one document");
	return CXJ_OK;
}

void cxj_survey_mapping_free(cxj_survey_mapping *m)
{
	if (!m)
		return;
	for (int k = 0; k < M_COLUMNS; k++)
		cxj__free(m->column[k]);
	for (size_t k = 0; k < m->n; k++) {
		cxj__free(m->qcolumn[k]);
		cxj__free(m->qtarget[k]);
		cxj__free(m->qmetric[k]);
	}
	cxj__free(m->qcolumn);
	cxj__free(m->qtarget);
	cxj__free(m->qmetric);
	cxj__free(m);
}

/* The parsed questions move into the mapping's three arrays. */
static int take_questions(parse *p)
{
	cxj_survey_mapping *m = p->m;
	if (!(m->qcolumn = cxj__calloc(p->nq, sizeof *m->qcolumn)) ||
	    !(m->qtarget = cxj__calloc(p->nq, sizeof *m->qtarget)) ||
	    !(m->qmetric = cxj__calloc(p->nq, sizeof *m->qmetric)))
		return cxj__nomem();
	for (size_t k = 0; k < p->nq; k++) {
		m->qcolumn[k] = p->q[k].column;
		m->qtarget[k] = p->q[k].field[0];
		m->qmetric[k] = p->q[k].field[1];
		memset(&p->q[k], 0, sizeof p->q[k]);
	}
	m->n = p->nq;
	return CXJ_OK;
}

/* Reads the mapping from r (taken) into *out. */
static int load(cxj__yreader *r, const char *file, cxj_survey_mapping **out)
{
	parse p;
	int rc;
	memset(&p, 0, sizeof p);
	p.r = r;
	p.file = file;
	if (!(p.m = cxj__calloc(1, sizeof *p.m)))
		rc = cxj__nomem();
	else if (!(rc = document(&p)))
		rc = take_questions(&p);
	cxj__yreader_free(r);
	for (size_t k = 0; k < p.nq; k++) {
		cxj__free(p.q[k].column);
		cxj__free(p.q[k].field[0]);
		cxj__free(p.q[k].field[1]);
	}
	cxj__free(p.q);
	if (rc) {
		cxj_survey_mapping_free(p.m);
		return rc;
	}
	*out = p.m;
	return CXJ_OK;
}

/* A mapping file is small: these limits keep a wrong file from costing
 * much. */
static void limits(cxj_load_options *o)
{
	cxj_load_options init = CXJ_LOAD_OPTIONS_INIT;
	*o = init;
	o->max_depth = 8;
	o->max_scalar_length = 4096;
	o->max_document_size = (size_t)16 << 20;
}

int cxj_survey_mapping_load_buffer(const void *data, size_t len,
				   const char *name, cxj_survey_mapping **out)
{
	cxj_load_options o;
	cxj__yreader *r;
	int rc;
	if (!out || (!data && len))
		return cxj__error(CXJ_EINVAL, "the mapping needs data and out");
	limits(&o);
	if (len > o.max_document_size)
		return cxj__error_at(CXJ_ELIMIT, name, 0, 0,
				     "a survey mapping of %zu bytes is past "
				     "the limit of %zu",
				     len, o.max_document_size);
	if ((rc = cxj__yreader_new_buffer(data ? data : "", len, &o, name,
					  &r)))
		return rc;
	return load(r, name, out);
}

int cxj_survey_mapping_load_file(const char *path, cxj_survey_mapping **out)
{
	cxj_load_options o;
	cxj__yreader *r;
	FILE *f;
	int rc;
	if (!path || !out)
		return cxj__error(CXJ_EINVAL, "the mapping needs a path and "
					      "out");
	if ((rc = cxj__open_read(path, "a survey mapping", &f)))
		return rc;
	limits(&o);
	if ((rc = cxj__yreader_new_stream(f, &o, path, &r))) {
		fclose(f);
		return rc;
	}
	rc = load(r, path, out);
	fclose(f);
	return rc;
}

int cxj_survey_mapping_apply(const cxj_survey_mapping *m,
			     cxj_csv_options *opts)
{
	const char **col[M_COLUMNS];
	if (!m || !opts)
		return cxj__error(CXJ_EINVAL, "apply needs a mapping and "
					      "options");
	if (opts->version < 2)
		return cxj__error(CXJ_EINVAL,
				  "cxj_csv_options version %u has no questions "
				  "(version 2 has)",
				  opts->version);
	col[M_RESPONDENT] = &opts->respondent_column;
	col[M_SEGMENT] = &opts->segment_column;
	col[M_SOURCE] = &opts->source_column;
	col[M_TIMESTAMP] = &opts->timestamp_column;
	col[M_WEIGHT] = &opts->weight_column;
	for (int k = 0; k < M_COLUMNS; k++)
		if (m->column[k])
			*col[k] = m->column[k];
	if (m->delimiter)
		opts->delimiter = m->delimiter;
	opts->question_columns = (const char *const *)m->qcolumn;
	opts->question_targets = (const char *const *)m->qtarget;
	opts->question_metrics = (const char *const *)m->qmetric;
	opts->question_count = m->n;
	return CXJ_OK;
}

size_t cxj_survey_mapping_count(const cxj_survey_mapping *m)
{
	return m ? m->n : 0;
}
