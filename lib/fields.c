/* fields.c: the field types that personas, stages and touchpoints share:
 * optional text, key/value attributes, metric targets and text lists. */
#include <math.h>
#include <string.h>

#include "model.h"

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
			 size_t len, unsigned share)
{
	char *copy = NULL;
	/* libyaml ends its scalars with a NUL: the copy takes it along */
	if (text && len) {
		copy = cxj__arena_share(a, share, text, len + 1, 1);
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

void cxj__ptr_remove_at(void **items, size_t *len, size_t index)
{
	memmove(items + index, items + index + 1,
		(*len - index - 1) * sizeof *items);
	(*len)--;
}

/* ---- attributes ---- */

static cxj__attr *attr_items(const cxj__attrs *attrs)
{
	return CXJ__LIST_ITEMS(attrs->b, cxj__attr);
}

static size_t attr_find(const cxj__attrs *attrs, const char *key)
{
	size_t n = cxj__attrs_len(attrs);
	for (size_t i = 0; i < n; i++)
		if (strcmp(attr_items(attrs)[i].key, key) == 0)
			return i;
	return n;
}

/* Attributes are set through the public calls only: never in the arena. */
void cxj__attrs_clear(cxj__attrs *attrs)
{
	for (size_t i = 0; i < cxj__attrs_len(attrs); i++) {
		cxj__free(attr_items(attrs)[i].key);
		cxj__free(attr_items(attrs)[i].value);
	}
	cxj__list_free(NULL, &attrs->b);
}

const char *cxj__attrs_get(const cxj__attrs *attrs, const char *key)
{
	size_t i;
	if (!key)
		return NULL;
	i = attr_find(attrs, key);
	return i < cxj__attrs_len(attrs) ? attr_items(attrs)[i].value : NULL;
}

int cxj__attrs_at(const cxj__attrs *attrs, size_t index, const char **key,
		  const char **value)
{
	if (index >= cxj__attrs_len(attrs))
		return cxj__error(CXJ_ENOTFOUND, "no attribute at index %zu",
				  index);
	if (key)
		*key = attr_items(attrs)[index].key;
	if (value)
		*value = attr_items(attrs)[index].value;
	return CXJ_OK;
}

int cxj__attrs_set(cxj__attrs *attrs, const char *key, const char *value)
{
	size_t i, n;
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
	n = cxj__attrs_len(attrs);
	v = cxj__strdup(value);
	if (!v)
		return cxj__nomem();
	if (i < n) {
		cxj__free(attr_items(attrs)[i].value);
		attr_items(attrs)[i].value = v;
		return CXJ_OK;
	}
	k = cxj__strdup(key);
	if (!k || cxj__list_reserve(NULL, 0, &attrs->b, n + 1,
				    sizeof(cxj__attr))) {
		cxj__free(k);
		cxj__free(v);
		return cxj__nomem();
	}
	attr_items(attrs)[n].key = k;
	attr_items(attrs)[n].value = v;
	attrs->b->len++;
	return CXJ_OK;
}

int cxj__attrs_remove(cxj__attrs *attrs, const char *key)
{
	size_t i = key ? attr_find(attrs, key) : cxj__attrs_len(attrs);
	if (i == cxj__attrs_len(attrs))
		return cxj__error(CXJ_ENOTFOUND, "no attribute '%s'",
				  key ? key : "(null)");
	cxj__free(attr_items(attrs)[i].key);
	cxj__free(attr_items(attrs)[i].value);
	cxj__list_remove_at(attrs->b, i, sizeof(cxj__attr));
	return CXJ_OK;
}

/* ---- targets ---- */

static cxj__target *target_items(const cxj__targets *targets)
{
	return CXJ__LIST_ITEMS(targets->b, cxj__target);
}

static size_t target_find(const cxj__targets *targets, const char *metric)
{
	size_t n = cxj__targets_len(targets);
	for (size_t i = 0; i < n; i++)
		if (strcmp(target_items(targets)[i].metric, metric) == 0)
			return i;
	return n;
}

int cxj__target_check(const char *metric, double value)
{
	const cxj__kind_info *k;
	if (!metric || !*metric)
		return cxj__error(CXJ_EINVAL, "a target needs a metric name");
	if (!isfinite(value))
		return cxj__error(CXJ_ERANGE, "target for '%s' is not a finite "
					      "number",
				  metric);
	k = cxj__kind_info_of(cxj__metric_name_kind(metric));
	if (value < k->target_lo || value > k->target_hi)
		return cxj__error(CXJ_ERANGE,
				  "%s target %g is outside %g..%g", metric,
				  value, k->target_lo, k->target_hi);
	return CXJ_OK;
}

void cxj__targets_clear(const cxj__arena *a, cxj__targets *targets)
{
	for (size_t i = 0; i < cxj__targets_len(targets); i++)
		cxj__text_release(a, target_items(targets)[i].metric);
	cxj__list_free(a, &targets->b);
}

double cxj__targets_get(const cxj__targets *targets, const char *metric)
{
	size_t i;
	if (!metric)
		return NAN;
	i = target_find(targets, metric);
	return i < cxj__targets_len(targets) ? target_items(targets)[i].value
					     : NAN;
}

int cxj__targets_at(const cxj__targets *targets, size_t index,
		    const char **metric, double *value)
{
	if (index >= cxj__targets_len(targets))
		return cxj__error(CXJ_ENOTFOUND, "no target at index %zu",
				  index);
	if (metric)
		*metric = target_items(targets)[index].metric;
	if (value)
		*value = target_items(targets)[index].value;
	return CXJ_OK;
}

/* Sets the target of metric, a name copied by the caller (the heap) or
 * here (the loader's arena, load set). */
static int set_target(cxj__arena *a, int load, cxj__targets *targets,
		      const char *metric, double value)
{
	size_t i = target_find(targets, metric), n = cxj__targets_len(targets);
	char *name;
	if (i < n) {
		target_items(targets)[i].value = value;
		return CXJ_OK;
	}
	name = load ? cxj__arena_share(a, CXJ__SHARE_METRIC, metric,
				       strlen(metric) + 1, 1)
		    : cxj__strdup(metric);
	/* room first: a failure then leaves at most unused arena bytes */
	if (!name || cxj__list_reserve(a, load, &targets->b, n + 1,
				       sizeof(cxj__target))) {
		cxj__text_release(a, name);
		return cxj__nomem();
	}
	target_items(targets)[n].metric = name;
	target_items(targets)[n].value = value;
	targets->b->len++;
	return CXJ_OK;
}

int cxj__targets_set(cxj__arena *a, cxj__targets *targets, const char *metric,
		     double value)
{
	int rc = cxj__target_check(metric, value);
	if (rc || (rc = cxj__check_text(metric, "metric name")))
		return rc;
	return set_target(a, 0, targets, metric, value);
}

int cxj__targets_set_loaded(cxj__arena *a, cxj__targets *targets,
			    const char *metric, double value)
{
	int rc = cxj__target_check(metric, value);
	return rc ? rc : set_target(a, 1, targets, metric, value);
}

int cxj__targets_remove(const cxj__arena *a, cxj__targets *targets,
			const char *metric)
{
	size_t n = cxj__targets_len(targets);
	size_t i = metric ? target_find(targets, metric) : n;
	if (i == n)
		return cxj__error(CXJ_ENOTFOUND, "no target for '%s'",
				  metric ? metric : "(null)");
	cxj__text_release(a, target_items(targets)[i].metric);
	cxj__list_remove_at(targets->b, i, sizeof(cxj__target));
	return CXJ_OK;
}

/* ---- text lists ---- */

size_t cxj__strlist_len(const cxj__strlist *list)
{
	return cxj__plist_len(&list->p);
}

const char *cxj__strlist_at(const cxj__strlist *list, size_t index)
{
	return index < cxj__strlist_len(list) ? cxj__plist_items(&list->p)[index]
					      : NULL;
}

void cxj__strlist_clear(const cxj__arena *a, cxj__strlist *list)
{
	for (size_t i = 0; i < cxj__strlist_len(list); i++)
		cxj__text_release(a, cxj__plist_items(&list->p)[i]);
	cxj__plist_free(a, &list->p);
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
	size_t n = cxj__strlist_len(list);
	char *copy;
	int rc = check_item(text);
	if (rc)
		return rc;
	if (index > n)
		return cxj__error(CXJ_EINVAL, "index %zu is past the end (%zu)",
				  index, n);
	copy = cxj__strdup(text);
	if (!copy || cxj__plist_insert(a, 0, &list->p, index, copy)) {
		cxj__free(copy);
		return cxj__nomem();
	}
	return CXJ_OK;
}

int cxj__strlist_copy_loaded(cxj__arena *a, unsigned share, const char *text,
			     size_t len, char **out)
{
	if (!len)
		return check_item("");
	if (!(*out = cxj__arena_share(a, share, text, len + 1, 2)))
		return cxj__nomem();
	return CXJ_OK;
}

int cxj__strlist_set(const cxj__arena *a, cxj__strlist *list, size_t index,
		     const char *text)
{
	char *item;
	int rc = check_item(text);
	if (rc)
		return rc;
	if (index >= cxj__strlist_len(list))
		return cxj__error(CXJ_ENOTFOUND, "no item at index %zu", index);
	/* a new copy in the list's place: a block is written here only when
	 * it is not shared (see cxj__plist) */
	item = cxj__plist_items(&list->p)[index];
	if ((rc = cxj__set_text(a, &item, text, "list item")))
		return rc;
	cxj__plist_items(&list->p)[index] = item;
	return CXJ_OK;
}

int cxj__strlist_move(cxj__strlist *list, size_t from, size_t to)
{
	size_t n = cxj__strlist_len(list);
	if (from >= n || to >= n)
		return cxj__error(CXJ_EINVAL,
				  "cannot move item %zu to %zu in a list of %zu",
				  from, to, n);
	cxj__ptr_move(cxj__plist_items(&list->p), from, to);
	return CXJ_OK;
}

int cxj__strlist_remove(const cxj__arena *a, cxj__strlist *list,
			size_t index)
{
	if (index >= cxj__strlist_len(list))
		return cxj__error(CXJ_ENOTFOUND, "no item at index %zu", index);
	cxj__text_release(a, cxj__plist_items(&list->p)[index]);
	cxj__plist_remove_at(a, &list->p, index);
	return CXJ_OK;
}
