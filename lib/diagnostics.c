/* diagnostics.c: lists of problems with severity, rule, object and source
 * position, filled by validation and by lenient loads. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "model.h"

typedef struct diagnostic {
	cxj_severity severity;
	cxj_rule rule;
	char *message;
	char *object;
	unsigned line, column;
} diagnostic;

struct cxj_diagnostics {
	diagnostic *items;
	size_t len, cap;
	size_t errors;
};

cxj_diagnostics *cxj__diagnostics_new(void)
{
	return cxj__calloc(1, sizeof(cxj_diagnostics));
}

int cxj__diagnostics_add(cxj_diagnostics *d, cxj_severity severity,
			 cxj_rule rule, const char *object, unsigned line,
			 unsigned column, const char *fmt, ...)
{
	char buf[512];
	diagnostic *item;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (cxj__reserve((void **)&d->items, &d->cap, d->len + 1,
			 sizeof *d->items))
		return cxj__nomem();
	item = &d->items[d->len];
	item->message = cxj__strdup(buf);
	item->object = cxj__strdup(object ? object : "");
	if (!item->message || !item->object) {
		cxj__free(item->message);
		cxj__free(item->object);
		return cxj__nomem();
	}
	item->severity = severity;
	item->rule = rule;
	item->line = line;
	item->column = column;
	d->len++;
	if (severity == CXJ_SEVERITY_ERROR)
		d->errors++;
	return CXJ_OK;
}

void cxj_diagnostics_free(cxj_diagnostics *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->len; i++) {
		cxj__free(d->items[i].message);
		cxj__free(d->items[i].object);
	}
	cxj__free(d->items);
	cxj__free(d);
}

size_t cxj_diagnostics_count(const cxj_diagnostics *d)
{
	return d ? d->len : 0;
}

size_t cxj_diagnostics_error_count(const cxj_diagnostics *d)
{
	return d ? d->errors : 0;
}

static const diagnostic *at(const cxj_diagnostics *d, size_t index)
{
	return d && index < d->len ? &d->items[index] : NULL;
}

cxj_severity cxj_diagnostics_severity(const cxj_diagnostics *d, size_t index)
{
	const diagnostic *x = at(d, index);
	return x ? x->severity : (cxj_severity)0;
}

cxj_rule cxj_diagnostics_rule(const cxj_diagnostics *d, size_t index)
{
	const diagnostic *x = at(d, index);
	return x ? x->rule : (cxj_rule)0;
}

const char *cxj_diagnostics_message(const cxj_diagnostics *d, size_t index)
{
	const diagnostic *x = at(d, index);
	return x ? x->message : NULL;
}

const char *cxj_diagnostics_object(const cxj_diagnostics *d, size_t index)
{
	const diagnostic *x = at(d, index);
	return x ? x->object : NULL;
}

unsigned cxj_diagnostics_line(const cxj_diagnostics *d, size_t index)
{
	const diagnostic *x = at(d, index);
	return x ? x->line : 0;
}

unsigned cxj_diagnostics_column(const cxj_diagnostics *d, size_t index)
{
	const diagnostic *x = at(d, index);
	return x ? x->column : 0;
}
