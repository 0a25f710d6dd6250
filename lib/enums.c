/* enums.c: the names of the public enumerations, one table each, as the
 * file formats, the tool and the bindings spell them, so that no caller
 * writes a switch of its own. An unknown value is "unknown". */
#include "base.h"

/* The name of value in a table of n names starting at value first. */
static const char *name_in(const char *const *names, int first, int n,
			   int value)
{
	if (value < first || value >= first + n || !names[value - first])
		return "unknown";
	return names[value - first];
}

#define NAMES(first, ...)                                                      \
	static const char *const names[] = {__VA_ARGS__};                      \
	return name_in(names, first, (int)(sizeof names / sizeof *names),      \
		       (int)value)

const char *cxj_persona_kind_name(cxj_persona_kind value)
{
	NAMES(CXJ_PERSONA_CUSTOMER, "customer", "front-office", "back-office");
}

const char *cxj_experience_name(cxj_experience value)
{
	NAMES(CXJ_EXPERIENCE_UNKNOWN, "unknown", "negative", "neutral",
	      "positive");
}

const char *cxj_list_name(cxj_list value)
{
	NAMES(CXJ_LIST_STEPS, "steps", "systems", "pain-points",
	      "opportunities");
}

const char *cxj_severity_name(cxj_severity value)
{
	NAMES(CXJ_SEVERITY_WARNING, "warning", "error");
}

const char *cxj_rule_name(cxj_rule value)
{
	NAMES(CXJ_RULE_EMPTY_STAGE, "empty-stage", "no-channel",
	      "promise-missing", "unreferenced-persona", "no-stages",
	      "unknown-key", "near-metric", "segment-case", "unknown-id");
}

const char *cxj_figure_name(cxj_metric_figure value)
{
	NAMES(CXJ_FIGURE_VALUE, "value", "mean", "top-box");
}

const char *cxj_alternative_name(cxj_alternative value)
{
	NAMES(CXJ_BELOW, "below", "above");
}

const char *cxj_p_adjust_name(cxj_p_adjust_method value)
{
	NAMES(CXJ_P_BONFERRONI, "bonferroni", "holm", "bh");
}

const char *cxj_corr_method_name(cxj_corr_method value)
{
	NAMES(CXJ_PEARSON, "pearson", "spearman", "kendall-b");
}

const char *cxj_source_name(cxj_source value)
{
	NAMES(CXJ_SOURCE_CUSTOMER, "customer", "employee");
}

const char *cxj_table_name(cxj_table value)
{
	NAMES(CXJ_TABLE_RESPONDENTS, "respondents", "targets", "segments",
	      "metrics");
}

const char *cxj_period_name(cxj_period value)
{
	NAMES(CXJ_PERIOD_NONE, "none", "day", "week", "month", "quarter");
}
