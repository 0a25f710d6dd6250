/* itsm_journey.c: builds the ITSM support journey of a service desk (Finnish
 * and Swedish customer teams raising tickets) and prints it stage by stage.
 * Build: cc itsm_journey.c $(pkg-config --cflags --libs cxjourney) */
#include <stdio.h>
#include <stdlib.h>

#include <cxjourney.h>

struct tp_def {
	const char *stage, *id, *name, *activity, *channel, *customer,
		*front, *back, *process, *system, *think_feel, *pain,
		*opportunity, *promise;
	cxj_experience experience;
};

static const struct tp_def touchpoints[] = {
	{"contact", "find-channel", "Find how to get help", "Look for help",
	 "web portal", "fi-team", NULL, NULL, "Portal content upkeep",
	 "Self-service portal", "Where do I even start?",
	 "Help pages do not say which channel fits which issue",
	 "One page that routes by issue type", NULL,
	 CXJ_EXPERIENCE_NEGATIVE},
	{"contact", "raise-ticket", "Raise a ticket", "Report the issue",
	 "web portal", "fi-team", NULL, "sd-coordinator", "Ticket triage",
	 "ITSM tool", "The form asks for things I do not know",
	 "Mandatory fields need internal product names",
	 "Plain-language categories", NULL, CXJ_EXPERIENCE_NEGATIVE},
	{"contact", "call-desk", "Call the service desk", "Report the issue",
	 "phone", "se-team", "sd-agent", NULL, "Call routing",
	 "Telephony", "A person listens to me", "Queue time at peak hours",
	 "Call-back instead of queueing",
	 "A person answers within two minutes", CXJ_EXPERIENCE_POSITIVE},
	{"diagnose", "first-answer", "First answer", "Wait for a reply",
	 "email", "fi-team", "sd-agent", NULL, "First-line diagnosis",
	 "ITSM tool", "Did anyone read my ticket?",
	 "Template replies that repeat the question",
	 "A first answer that names the next step",
	 "A real first answer within four working hours",
	 CXJ_EXPERIENCE_NEUTRAL},
	{"diagnose", "clarify", "Clarify the request", "Answer questions",
	 "chat", "se-team", "sd-agent", "specialist", "Knowledge lookup",
	 "Knowledge base", "They ask what I already wrote",
	 "Same questions asked twice", "Show the ticket history to the agent",
	 NULL, CXJ_EXPERIENCE_NEGATIVE},
	{"diagnose", "escalate", "Escalation to a specialist",
	 "Wait for expertise", "email", "fi-team", "sd-agent", "specialist",
	 "Second-line assignment", "ITSM tool", "Is it stuck somewhere?",
	 "No visibility while the ticket sits in another queue",
	 "Status updates on every hand-over", NULL, CXJ_EXPERIENCE_NEGATIVE},
	{"resolve", "workaround", "Workaround offered", "Keep working",
	 "phone", "se-team", "sd-agent", "specialist", "Known error database",
	 "Knowledge base", "At least I can continue",
	 "Workaround not written down", "Send the workaround in writing",
	 NULL, CXJ_EXPERIENCE_NEUTRAL},
	{"resolve", "fix-delivered", "Fix delivered", "Get the fix",
	 "email", "fi-team", "delivery-manager", "specialist",
	 "Change management", "CRM", "Finally, and it works",
	 "Fix arrives without explanation", "Explain what was changed",
	 "The fix works the first time", CXJ_EXPERIENCE_POSITIVE},
	{"resolve", "confirm", "Confirm the resolution", "Test the fix",
	 "web portal", "se-team", "sd-agent", NULL, "Resolution check",
	 "ITSM tool", "Closed before I could test",
	 "Tickets auto-close after two days", "Ask before closing", NULL,
	 CXJ_EXPERIENCE_NEGATIVE},
	{"follow-up", "survey", "Satisfaction survey", "Give feedback",
	 "email", "fi-team", NULL, "service-manager", "Survey analysis",
	 "Survey tool", "Will anyone act on this?", "Long survey",
	 "Three questions: CSAT, CES and a comment", NULL,
	 CXJ_EXPERIENCE_NEUTRAL},
	{"follow-up", "service-review", "Service review meeting",
	 "Review the quarter", "in person", "se-team", "delivery-manager",
	 "service-manager", "Service reporting", "CRM",
	 "They know our business", "Reports in tool jargon",
	 "Report in the customer's terms",
	 "Every review brings one improvement delivered",
	 CXJ_EXPERIENCE_POSITIVE},
	{"follow-up", "renewal", "Contract renewal", "Decide to renew",
	 "in person", "fi-team", "delivery-manager", NULL, "Account planning",
	 "CRM", "Would I recommend this service?",
	 "Past incidents weigh on the decision",
	 "Show the trend of fixed pain points", NULL,
	 CXJ_EXPERIENCE_NEUTRAL},
};

static int add_persona(cxj_journey *j, const char *id, cxj_persona_kind kind,
		       const char *name, const char *country)
{
	cxj_persona *p;
	int rc = cxj_journey_add_persona(j, id, kind, &p);
	if (rc == CXJ_OK)
		rc = cxj_persona_set_name(p, name);
	if (rc == CXJ_OK && country)
		rc = cxj_persona_set_attr(p, "country", country);
	return rc;
}

/* Adds one touchpoint, creating its stage on first use. */
static int add_touchpoint(cxj_journey *j, const struct tp_def *d)
{
	cxj_stage *s = cxj_journey_find_stage(j, d->stage);
	cxj_touchpoint *tp;
	int rc = CXJ_OK;
	if (!s && (rc = cxj_journey_add_stage(j, d->stage, &s)) == CXJ_OK)
		rc = cxj_stage_set_name(s, d->stage);
	if (rc || (rc = cxj_stage_add_touchpoint(s, d->id, &tp)))
		return rc;
	if ((rc = cxj_touchpoint_set_name(tp, d->name)) ||
	    (rc = cxj_touchpoint_set_activity(tp, d->activity)) ||
	    (rc = cxj_touchpoint_set_channel(tp, d->channel)) ||
	    (rc = cxj_touchpoint_add_persona(tp, d->customer)) ||
	    (d->front && (rc = cxj_touchpoint_add_persona(tp, d->front))) ||
	    (d->back && (rc = cxj_touchpoint_add_persona(tp, d->back))) ||
	    (rc = cxj_touchpoint_set_back_end_process(tp, d->process)) ||
	    (rc = cxj_touchpoint_add_item(tp, CXJ_LIST_STEPS, d->activity)) ||
	    (rc = cxj_touchpoint_add_item(tp, CXJ_LIST_SYSTEMS, d->system)) ||
	    (rc = cxj_touchpoint_set_think_feel(tp, d->think_feel)) ||
	    (rc = cxj_touchpoint_add_item(tp, CXJ_LIST_PAIN_POINTS, d->pain)) ||
	    (rc = cxj_touchpoint_add_item(tp, CXJ_LIST_OPPORTUNITIES,
					  d->opportunity)) ||
	    (rc = cxj_touchpoint_set_experience(tp, d->experience)))
		return rc;
	if (d->promise && ((rc = cxj_touchpoint_set_moment_of_truth(tp, 1)) ||
			   (rc = cxj_touchpoint_set_promise(tp, d->promise))))
		return rc;
	return CXJ_OK;
}

static int build(cxj_journey *j)
{
	int rc;
	if ((rc = cxj_journey_set_name(j, "ITSM support")) ||
	    (rc = add_persona(j, "fi-team", CXJ_PERSONA_CUSTOMER,
			      "Finnish customer team", "FI")) ||
	    (rc = add_persona(j, "se-team", CXJ_PERSONA_CUSTOMER,
			      "Swedish customer team", "SE")) ||
	    (rc = add_persona(j, "sd-agent", CXJ_PERSONA_FRONT_OFFICE,
			      "Service desk agent", NULL)) ||
	    (rc = add_persona(j, "delivery-manager", CXJ_PERSONA_FRONT_OFFICE,
			      "Delivery manager", NULL)) ||
	    (rc = add_persona(j, "sd-coordinator", CXJ_PERSONA_BACK_OFFICE,
			      "Ticket coordinator", NULL)) ||
	    (rc = add_persona(j, "specialist", CXJ_PERSONA_BACK_OFFICE,
			      "Second-line specialist", NULL)) ||
	    (rc = add_persona(j, "service-manager", CXJ_PERSONA_BACK_OFFICE,
			      "Service manager", NULL)))
		return rc;
	for (size_t i = 0; i < sizeof touchpoints / sizeof *touchpoints; i++)
		if ((rc = add_touchpoint(j, &touchpoints[i])))
			return rc;
	return cxj_journey_set_target(j, "nps", 30);
}

static const char *experience_name(cxj_experience e)
{
	static const char *names[] = {"unknown", "negative", "neutral",
				      "positive"};
	return names[e];
}

static void print_journey(const cxj_journey *j)
{
	printf("journey %s: %s (%zu stages, %zu touchpoints, %zu personas)\n",
	       cxj_journey_id(j), cxj_journey_name(j),
	       cxj_journey_stage_count(j), cxj_journey_touchpoint_count(j),
	       cxj_journey_persona_count(j));
	for (size_t s = 0; s < cxj_journey_stage_count(j); s++) {
		const cxj_stage *st = cxj_journey_stage_at(j, s);
		printf("\n[%zu] %s\n", s + 1, cxj_stage_name(st));
		for (size_t t = 0; t < cxj_stage_touchpoint_count(st); t++) {
			const cxj_touchpoint *tp = cxj_stage_touchpoint_at(st, t);
			printf("  - %-14s %-28s %-10s %-8s %s\n",
			       cxj_touchpoint_id(tp), cxj_touchpoint_name(tp),
			       cxj_touchpoint_channel(tp),
			       experience_name(cxj_touchpoint_experience(tp)),
			       cxj_touchpoint_moment_of_truth(tp)
				       ? "moment of truth"
				       : "");
			printf("      pain: %s\n",
			       cxj_touchpoint_item_at(tp, CXJ_LIST_PAIN_POINTS, 0));
		}
	}
}

int main(void)
{
	cxj_journey *j;
	cxj_diagnostics *d = NULL;
	int rc = cxj_journey_new("itsm-support", &j);
	if (rc == CXJ_OK && (rc = build(j)) == CXJ_OK)
		rc = cxj_journey_validate(j, &d);
	if (rc != CXJ_OK) {
		fprintf(stderr, "itsm_journey: %s\n", cxj_error_last()->message);
		cxj_diagnostics_free(d);
		cxj_journey_free(j);
		return 1;
	}
	print_journey(j);
	printf("\nvalidation: %zu error(s), %zu warning(s)\n",
	       cxj_diagnostics_error_count(d),
	       cxj_diagnostics_count(d) - cxj_diagnostics_error_count(d));
	cxj_diagnostics_free(d);
	cxj_journey_free(j);
	return 0;
}
