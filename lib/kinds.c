/* kinds.c: what each metric kind is, in one table: its name, scale, top
 * box, the figure its value reports and the range of a target for it.
 * Everything else asks here; a new kind is a row (and its tests and docs). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "metrics.h"
#include "store.h"
#include "text.h"

static const cxj__kind_info kinds[] = {
	/* name,  lo, hi, top_from, value,           target range */
	{"csat", 1, 5, 4, CXJ__VALUE_TOP_BOX, 0, 100},
	{"nps", 0, 10, 9, CXJ__VALUE_NPS, -100, 100},
	{"ces", 1, 7, 5, CXJ__VALUE_MEAN, 1, 7},
	{"kpi", 0, -1, 0, CXJ__VALUE_MEAN, -INFINITY, INFINITY},
};

const cxj__kind_info *cxj__kind_info_of(cxj_metric_kind kind)
{
	if (kind < CXJ_CSAT || kind > CXJ_KPI)
		return NULL;
	return &kinds[kind - CXJ_CSAT];
}

int cxj__kind_is_survey(cxj_metric_kind kind)
{
	const cxj__kind_info *k = cxj__kind_info_of(kind);
	return k && k->lo <= k->hi;
}

/* The metric names every answer store knows from the start, in their
 * indices: the survey kinds, then contact. */
static const char *const builtin[CXJ__BUILTIN_METRICS] = {"csat", "nps", "ces",
							   "contact"};

int cxj__builtin_metric(const char *name, size_t len)
{
	for (int i = 0; i < CXJ__BUILTIN_METRICS; i++)
		if (cxj__ascii_ieq(name, len, builtin[i]))
			return i;
	return -1;
}

const char *cxj__builtin_metric_name(int index)
{
	return index >= 0 && index < CXJ__BUILTIN_METRICS ? builtin[index]
							   : NULL;
}

cxj_metric_kind cxj__metric_kind_of_index(uint32_t metric_index)
{
	if (metric_index == CXJ__METRIC_CONTACT)
		return (cxj_metric_kind)0;
	return metric_index < CXJ__METRIC_CONTACT
		   ? (cxj_metric_kind)(CXJ_CSAT + (int)metric_index)
		   : CXJ_KPI;
}

cxj_metric_kind cxj__metric_name_kind(const char *name)
{
	for (int k = CXJ_CSAT; k < CXJ_KPI; k++)
		if (strcmp(name, kinds[k - CXJ_CSAT].name) == 0)
			return (cxj_metric_kind)k;
	return CXJ_KPI;
}

int cxj__point_check(cxj_metric_kind kind, double score, const char *text,
		     size_t len, char *msg, size_t size)
{
	const cxj__kind_info *k = cxj__kind_info_of(kind);
	const char *q = "'";
	char g[32];
	int whole = isfinite(score) && score == floor(score);
	if (whole && score >= k->lo && score <= k->hi)
		return 0;
	if (isnan(score) && !text) {
		snprintf(msg, size,
			 "%s score is NaN, not a point of the scale %d..%d",
			 k->name, k->lo, k->hi);
		return 1;
	}
	/* the text only now: this runs for every answer added; a number
	 * from a call is shown as it is, a text from a file quoted */
	if (!text) {
		snprintf(g, sizeof g, "%.15g", score);
		text = g;
		len = strlen(g);
		q = "";
	}
	if (len > 40)
		len = 40;
	if (!whole)
		snprintf(msg, size,
			 "%s score %s%.*s%s is not a whole number (the scale "
			 "is %d..%d)",
			 k->name, q, (int)len, text, q, k->lo, k->hi);
	else
		snprintf(msg, size,
			 "%s score %s%.*s%s is outside the scale %d..%d",
			 k->name, q, (int)len, text, q, k->lo, k->hi);
	return 1;
}
