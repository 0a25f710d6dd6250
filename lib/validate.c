/* validate.c: the checks a map must pass before it is shared: every problem
 * is listed, not just the first, so a designer can fix them in one go; on a
 * loaded map each names the line and column of the object's id. */
#include "model.h"

static int check_stage(const cxj_stage *s, cxj_diagnostics *d)
{
	int rc = CXJ_OK;
	if (s->touchpoint_len == 0)
		rc = cxj__diagnostics_add(d, CXJ_SEVERITY_ERROR,
					  CXJ_RULE_EMPTY_STAGE, s->id, s->line,
					  s->column,
					  "stage '%s' has no touchpoint", s->id);
	for (size_t i = 0; rc == CXJ_OK && i < s->touchpoint_len; i++) {
		const cxj_touchpoint *tp = s->touchpoints[i];
		if (!tp->channel)
			rc = cxj__diagnostics_add(
				d, CXJ_SEVERITY_ERROR, CXJ_RULE_NO_CHANNEL,
				tp->id, tp->line, tp->column,
				"touchpoint '%s' has no channel",
				tp->id);
		if (rc == CXJ_OK && tp->moment_of_truth && !tp->promise)
			rc = cxj__diagnostics_add(
				d, CXJ_SEVERITY_ERROR, CXJ_RULE_PROMISE_MISSING,
				tp->id, tp->line, tp->column,
				"touchpoint '%s' is a moment of truth without "
				"a promise",
				tp->id);
	}
	return rc;
}

static int check_journey(const cxj_journey *j, cxj_diagnostics *d)
{
	int rc = CXJ_OK;
	if (j->stage_len == 0)
		rc = cxj__diagnostics_add(d, CXJ_SEVERITY_ERROR,
					  CXJ_RULE_NO_STAGES, j->id, j->line,
					  j->column,
					  "journey '%s' has no stage", j->id);
	for (size_t i = 0; rc == CXJ_OK && i < j->stage_len; i++)
		rc = check_stage(j->stages[i], d);
	for (size_t i = 0; rc == CXJ_OK && i < j->persona_len; i++) {
		const cxj_persona *p = j->personas[i];
		if (p->refs == 0)
			rc = cxj__diagnostics_add(
				d, CXJ_SEVERITY_WARNING,
				CXJ_RULE_UNREFERENCED_PERSONA, p->id, p->line,
				p->column,
				"persona '%s' is not used by any touchpoint",
				p->id);
	}
	return rc;
}

int cxj_journey_validate(const cxj_journey *j, cxj_diagnostics **out)
{
	cxj_diagnostics *d;
	int rc;
	CHECK_HANDLE(j);
	if (!(d = cxj__diagnostics_new()))
		return cxj__nomem();
	if ((rc = check_journey(j, d))) {
		cxj_diagnostics_free(d);
		return rc;
	}
	rc = CXJ_OK;
	for (size_t i = 0; i < cxj_diagnostics_count(d); i++) {
		if (cxj_diagnostics_severity(d, i) == CXJ_SEVERITY_ERROR) {
			rc = cxj__error(CXJ_EINVAL, "%s (%zu error(s) in all)",
					cxj_diagnostics_message(d, i),
					cxj_diagnostics_error_count(d));
			break;
		}
	}
	if (out)
		*out = d;
	else
		cxj_diagnostics_free(d);
	return rc;
}
