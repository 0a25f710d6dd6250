/* fields.c: the field types that personas, stages and touchpoints share:
 * optional text, key/value attributes, metric targets and text lists. */
#include <math.h>
#include <string.h>

#include "internal.h"

const char *cxj__text(const char *s)
{
	return s ? s : "";
}

int cxj__set_text(const cxj__arena *a, char **slot, const char *text,
		  const char *what)
{
	char *copy = NULL;
	int rc = cxj__check_text(text, what);
	if (rc)
		return rc;
	if (text && *text) {
		copy = cxj__strdup(text);
		if (!copy)
			return cxj__nomem();
	}
	cxj__text_release(a, *slot);
	*slot = copy;
	return CXJ_OK;
}

int cxj__set_loaded_text(cxj__arena *a, char **slot, const char *text,
			 size_t len)
{
	char *copy = NULL;
	if (text && len) {
		copy = cxj__arena_strndup(a, text, len);
		if (!copy)
			return cxj__nomem();
	}
	cxj__text_release(a, *slot);
	*slot = copy;
	return CXJ_OK;
}

/* ---- pointer arrays ---- */

void cxj__ptr_move(void **items, size_t from, size_t to)
{
	void *item = items[from];
	if (from < to)
		memmove(items + from, items + from + 1,
			(to - from) * sizeof *items);
	else if (from > to)
		memmove(items + to + 1, items + to, (from - to) * sizeof *items);
	items[to] = item;
}

size_t cxj__ptr_index(void *const *items, size_t len, const void *item)
{
	for (size_t i = 0; i < len; i++)
		if (items[i] == item)
			return i;
	return len;
}

void cxj__ptr_remove_at32(void **items, uint32_t *len, size_t index)
{
	memmove(items + index, items + index + 1,
		(*len - index - 1) * sizeof *items);
	(*len)--;
}

void cxj__ptr_remove_at(void **items, size_t *len, size_t index)
{
	memmove(items + index, items + index + 1,
		(*len - index - 1) * sizeof *items);
	(*len)--;
}

/* ---- attributes ---- */

static size_t attr_find(const cxj__attrs *attrs, const char *key)
{
	for (size_t i = 0; i < attrs->len; i++)
		if (strcmp(attrs->items[i].key, key) == 0)
			return i;
	return attrs->len;
}

void cxj__attrs_clear(cxj__attrs *attrs)
{
	for (size_t i = 0; i < attrs->len; i++) {
		cxj__free(attrs->items[i].key);
		cxj__free(attrs->items[i].value);
	}
	cxj__free(attrs->items);
	memset(attrs, 0, sizeof *attrs);
}

const char *cxj__attrs_get(const cxj__attrs *attrs, const char *key)
{
	size_t i;
	if (!key)
		return NULL;
	i = attr_find(attrs, key);
	return i < attrs->len ? attrs->items[i].value : NULL;
}

int cxj__attrs_at(const cxj__attrs *attrs, size_t index, const char **key,
		  const char **value)
{
	if (index >= attrs->len)
		return cxj__error(CXJ_ENOTFOUND, "no attribute at index %zu",
				  index);
	if (key)
		*key = attrs->items[index].key;
	if (value)
		*value = attrs->items[index].value;
	return CXJ_OK;
}

int cxj__attrs_set(cxj__attrs *attrs, const char *key, const char *value)
{
	size_t i;
	char *k, *v;
	int rc;
	if (!key || !*key)
		return cxj__error(CXJ_EINVAL, "an attribute key must not be "
					      "empty");
	if (!value)
		return cxj__error(CXJ_EINVAL, "attribute '%s' needs a value",
				  key);
	if ((rc = cxj__check_text(key, "attribute key")) ||
	    (rc = cxj__check_text(value, "attribute value")))
		return rc;
	i = attr_find(attrs, key);
	v = cxj__strdup(value);
	if (!v)
		return cxj__nomem();
	if (i < attrs->len) {
		cxj__free(attrs->items[i].value);
		attrs->items[i].value = v;
		return CXJ_OK;
	}
	k = cxj__strdup(key);
	if (!k || cxj__reserve_small((void **)&attrs->items, &attrs->cap,
				     attrs->len + 1, sizeof *attrs->items)) {
		cxj__free(k);
		cxj__free(v);
		return cxj__nomem();
	}
	attrs->items[attrs->len].key = k;
	attrs->items[attrs->len].value = v;
	attrs->len++;
	return CXJ_OK;
}

int cxj__attrs_remove(cxj__attrs *attrs, const char *key)
{
	size_t i = key ? attr_find(attrs, key) : attrs->len;
	if (i == attrs->len)
		return cxj__error(CXJ_ENOTFOUND, "no attribute '%s'",
				  key ? key : "(null)");
	cxj__free(attrs->items[i].key);
	cxj__free(attrs->items[i].value);
	memmove(attrs->items + i, attrs->items + i + 1,
		(attrs->len - i - 1) * sizeof *attrs->items);
	attrs->len--;
	return CXJ_OK;
}

/* ---- targets ---- */

static size_t target_find(const cxj__targets *targets, const char *metric)
{
	for (size_t i = 0; i < targets->len; i++)
		if (strcmp(targets->items[i].metric, metric) == 0)
			return i;
	return targets->len;
}

int cxj__target_check(const char *metric, double value)
{
	double lo = -INFINITY, hi = INFINITY;
	if (!metric || !*metric)
		return cxj__error(CXJ_EINVAL, "a target needs a metric name");
	if (!isfinite(value))
		return cxj__error(CXJ_ERANGE, "target for '%s' is not a finite "
					      "number",
				  metric);
	if (strcmp(metric, "csat") == 0) {
		lo = 0;
		hi = 100;
	} else if (strcmp(metric, "nps") == 0) {
		lo = -100;
		hi = 100;
	} else if (strcmp(metric, "ces") == 0) {
		lo = 1;
		hi = 7;
	}
	if (value < lo || value > hi)
		return cxj__error(CXJ_ERANGE,
				  "%s target %g is outside %g..%g", metric,
				  value, lo, hi);
	return CXJ_OK;
}

void cxj__targets_clear(const cxj__arena *a, cxj__targets *targets)
{
	for (size_t i = 0; i < targets->len; i++)
		cxj__text_release(a, targets->items[i].metric);
	cxj__arena_free(a, targets->items);
	memset(targets, 0, sizeof *targets);
}

double cxj__targets_get(const cxj__targets *targets, const char *metric)
{
	size_t i;
	if (!metric)
		return NAN;
	i = target_find(targets, metric);
	return i < targets->len ? targets->items[i].value : NAN;
}

int cxj__targets_at(const cxj__targets *targets, size_t index,
		    const char **metric, double *value)
{
	if (index >= targets->len)
		return cxj__error(CXJ_ENOTFOUND, "no target at index %zu",
				  index);
	if (metric)
		*metric = targets->items[index].metric;
	if (value)
		*value = targets->items[index].value;
	return CXJ_OK;
}

int cxj__targets_set(cxj__arena *a, cxj__targets *targets, const char *metric,
		     double value)
{
	size_t i;
	char *name;
	int rc = cxj__target_check(metric, value);
	if (rc || (rc = cxj__check_text(metric, "metric name")))
		return rc;
	i = target_find(targets, metric);
	if (i < targets->len) {
		targets->items[i].value = value;
		return CXJ_OK;
	}
	name = cxj__strdup(metric);
	if (!name ||
	    cxj__reserve_arena(a, 0, (void **)&targets->items, &targets->cap,
			       targets->len + 1, sizeof *targets->items)) {
		cxj__free(name);
		return cxj__nomem();
	}
	targets->items[targets->len].metric = name;
	targets->items[targets->len].value = value;
	targets->len++;
	return CXJ_OK;
}

int cxj__targets_set_loaded(cxj__arena *a, cxj__targets *targets,
			    const char *metric, double value)
{
	size_t i;
	char *name;
	int rc = cxj__target_check(metric, value);
	if (rc)
		return rc;
	i = target_find(targets, metric);
	if (i < targets->len) {
		targets->items[i].value = value;
		return CXJ_OK;
	}
	/* room first: a failure then leaves at most unused arena bytes */
	if (cxj__reserve_arena(a, 1, (void **)&targets->items, &targets->cap,
			       targets->len + 1, sizeof *targets->items) ||
	    !(name = cxj__arena_strndup(a, metric, strlen(metric))))
		return cxj__nomem();
	targets->items[targets->len].metric = name;
	targets->items[targets->len].value = value;
	targets->len++;
	return CXJ_OK;
}

int cxj__targets_remove(const cxj__arena *a, cxj__targets *targets,
			const char *metric)
{
	size_t i = metric ? target_find(targets, metric) : targets->len;
	if (i == targets->len)
		return cxj__error(CXJ_ENOTFOUND, "no target for '%s'",
				  metric ? metric : "(null)");
	cxj__text_release(a, targets->items[i].metric);
	memmove(targets->items + i, targets->items + i + 1,
		(targets->len - i - 1) * sizeof *targets->items);
	targets->len--;
	return CXJ_OK;
}

/* ---- text lists ---- */

void cxj__strlist_clear(const cxj__arena *a, cxj__strlist *list)
{
	for (size_t i = 0; i < list->len; i++)
		cxj__text_release(a, list->items[i]);
	cxj__arena_free(a, list->items);
	memset(list, 0, sizeof *list);
}

static int check_item(const char *text)
{
	if (!text || !*text)
		return cxj__error(CXJ_EINVAL, "a list item must not be empty");
	return cxj__check_text(text, "list item");
}

int cxj__strlist_insert(cxj__arena *a, cxj__strlist *list, size_t index,
			const char *text)
{
	char *copy;
	int rc = check_item(text);
	if (rc)
		return rc;
	if (index > list->len)
		return cxj__error(CXJ_EINVAL, "index %zu is past the end (%zu)",
				  index, (size_t)list->len);
	copy = cxj__strdup(text);
	if (!copy || cxj__reserve_arena(a, 0, (void **)&list->items, &list->cap,
					list->len + 1, sizeof *list->items)) {
		cxj__free(copy);
		return cxj__nomem();
	}
	memmove(list->items + index + 1, list->items + index,
		(list->len - index) * sizeof *list->items);
	list->items[index] = copy;
	list->len++;
	return CXJ_OK;
}

int cxj__strlist_copy_loaded(cxj__arena *a, const char *text, size_t len,
			     char **out)
{
	if (!len)
		return check_item("");
	if (!(*out = cxj__arena_strndup(a, text, len)))
		return cxj__nomem();
	return CXJ_OK;
}

int cxj__strlist_set(const cxj__arena *a, cxj__strlist *list, size_t index,
		     const char *text)
{
	int rc = check_item(text);
	if (rc)
		return rc;
	if (index >= list->len)
		return cxj__error(CXJ_ENOTFOUND, "no item at index %zu", index);
	return cxj__set_text(a, &list->items[index], text, "list item");
}

int cxj__strlist_move(cxj__strlist *list, size_t from, size_t to)
{
	if (from >= list->len || to >= list->len)
		return cxj__error(CXJ_EINVAL,
				  "cannot move item %zu to %zu in a list of %zu",
				  from, to, (size_t)list->len);
	cxj__ptr_move((void **)list->items, from, to);
	return CXJ_OK;
}

int cxj__strlist_remove(const cxj__arena *a, cxj__strlist *list,
			size_t index)
{
	if (index >= list->len)
		return cxj__error(CXJ_ENOTFOUND, "no item at index %zu", index);
	cxj__text_release(a, list->items[index]);
	cxj__ptr_remove_at32((void **)list->items, &list->len, index);
	return CXJ_OK;
}
