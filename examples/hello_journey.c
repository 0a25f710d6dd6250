/* hello_journey.c: the README example; builds a tiny journey and prints it. */
#include <stdio.h>
#include <cxjourney.h>

int main(void)
{
	cxj_journey *j;
	cxj_stage *s;
	cxj_touchpoint *tp;
	if (cxj_journey_new("support", &j) != CXJ_OK ||
	    cxj_journey_add_persona(j, "fi-team", CXJ_PERSONA_CUSTOMER, NULL) ||
	    cxj_journey_add_stage(j, "contact", &s) ||
	    cxj_stage_add_touchpoint(s, "call-desk", &tp) ||
	    cxj_touchpoint_set_channel(tp, "phone") ||
	    cxj_touchpoint_add_persona(tp, "fi-team")) {
		fprintf(stderr, "error: %s\n", cxj_error_last()->message);
		return 1;
	}
	printf("%s has %zu touchpoint(s)\n", cxj_journey_id(j),
	       cxj_journey_touchpoint_count(j));
	cxj_journey_free(j);
	return 0;
}
