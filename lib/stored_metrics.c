/* stored_metrics.c: the metric states a journey, stage or touchpoint carries
 * (the `metrics` of cxjourney(5)): copies of cxj_metric under names. */
#include <string.h>

#include "model.h"

/* One stored metric: the name and the metric are heap blocks of their own,
 * so that a metric handed out stays where it is while others come and go. */
typedef struct cxj__stored {
	char *name;
	cxj_metric *metric;
} cxj__stored;

static cxj__stored *items(const cxj__metrics *ms)
{
	return CXJ__LIST_ITEMS(ms->b, cxj__stored);
}

static size_t find(const cxj__metrics *ms, const char *name)
{
	size_t n = cxj__metrics_len(ms);
	for (size_t i = 0; i < n; i++)
		if (strcmp(items(ms)[i].name, name) == 0)
			return i;
	return n;
}

int cxj__metrics_has(const cxj__metrics *ms, const char *name)
{
	return find(ms, name) < cxj__metrics_len(ms);
}

int cxj__metrics_check(const char *name, cxj_metric_kind kind)
{
	cxj_metric_kind reserved;
	if (!name || !*name)
		return cxj__error(CXJ_EINVAL, "a stored metric needs a name");
	if (cxj__check_text(name, "metric name"))
		return CXJ_EINVAL;
	reserved = cxj__metric_name_kind(name);
	if (kind && reserved != CXJ_KPI && reserved != kind)
		return cxj__error(
		    CXJ_EINVAL, "metric '%s' must be a %s metric, not %s", name,
		    cxj_metric_kind_name(reserved), cxj_metric_kind_name(kind));
	return CXJ_OK;
}

void cxj__metrics_clear(cxj__metrics *ms)
{
	for (size_t i = 0; i < cxj__metrics_len(ms); i++) {
		cxj__free(items(ms)[i].name);
		cxj_metric_free(items(ms)[i].metric);
	}
	cxj__list_free(NULL, &ms->b);
}

const cxj_metric *cxj__metrics_get(const cxj__metrics *ms, const char *name,
				   const char *owner)
{
	cxj__nearest near;
	char hint[CXJ__HINT_SIZE];
	size_t i;
	if (!name) {
		cxj__error(CXJ_EINVAL, "metric name is NULL");
		return NULL;
	}
	i = find(ms, name);
	if (i < cxj__metrics_len(ms))
		return items(ms)[i].metric;
	cxj__nearest_init(&near, name);
	for (i = 0; i < cxj__metrics_len(ms); i++)
		cxj__nearest_offer(&near, items(ms)[i].name,
				   strlen(items(ms)[i].name));
	cxj__error(CXJ_ENOTFOUND, "'%s' stores no metric '%s'%s", owner, name,
		   cxj__nearest_hint(&near, hint, sizeof hint));
	return NULL;
}

int cxj__metrics_at(const cxj__metrics *ms, size_t index, const char **name,
		    const cxj_metric **m)
{
	if (index >= cxj__metrics_len(ms))
		return cxj__error(CXJ_ENOTFOUND, "no metric at index %zu",
				  index);
	if (name)
		*name = items(ms)[index].name;
	if (m)
		*m = items(ms)[index].metric;
	return CXJ_OK;
}

/* The checks of a set or merge, before anything changes. */
static int check_args(const char *name, const cxj_metric *m)
{
	if (!name)
		return cxj__error(CXJ_EINVAL, "metric name is NULL");
	if (!m)
		return cxj__error(CXJ_EINVAL, "metric is NULL");
	return cxj__metrics_check(name, m->kind);
}

/* Stores a copy of m under name (checked), replacing the one there. */
static int put_copy(cxj__metrics *ms, const char *name, const cxj_metric *m)
{
	size_t i = find(ms, name), n = cxj__metrics_len(ms);
	cxj_metric *copy;
	char *key = NULL;
	int rc = cxj_metric_clone(m, &copy);
	if (rc)
		return rc;
	if (i < n) {
		cxj_metric_free(items(ms)[i].metric);
		items(ms)[i].metric = copy;
		return CXJ_OK;
	}
	if (!(key = cxj__strdup(name)) ||
	    cxj__list_reserve(NULL, 0, &ms->b, n + 1, sizeof(cxj__stored))) {
		cxj__free(key);
		cxj_metric_free(copy);
		return cxj__nomem();
	}
	items(ms)[n].name = key;
	items(ms)[n].metric = copy;
	ms->b->len++;
	return CXJ_OK;
}

int cxj__metrics_set(cxj__metrics *ms, const char *name, const cxj_metric *m)
{
	int rc = check_args(name, m);
	return rc ? rc : put_copy(ms, name, m);
}

int cxj__metrics_merge(cxj__metrics *ms, const char *name, const cxj_metric *m)
{
	size_t i;
	int rc = check_args(name, m);
	if (rc)
		return rc;
	i = find(ms, name);
	/* cxj_metric_merge changes nothing when it fails */
	if (i < cxj__metrics_len(ms))
		return cxj_metric_merge(items(ms)[i].metric, m);
	return put_copy(ms, name, m);
}

int cxj__metrics_remove(cxj__metrics *ms, const char *name)
{
	size_t i;
	if (!name)
		return cxj__error(CXJ_EINVAL, "metric name is NULL");
	i = find(ms, name);
	if (i == cxj__metrics_len(ms))
		return cxj__error(CXJ_ENOTFOUND, "no metric '%s'", name);
	cxj__free(items(ms)[i].name);
	cxj_metric_free(items(ms)[i].metric);
	cxj__list_remove_at(ms->b, i, sizeof(cxj__stored));
	/* an object without metrics holds no block */
	if (ms->b->len == 0)
		cxj__list_free(NULL, &ms->b);
	return CXJ_OK;
}
