/* numbers.c: decimal numbers as the readers take them (CSV fields, YAML
 * scalars): one grammar, and a number that overflows or underflows is out
 * of range, never infinity or a silent 0. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

int cxj__parse_decimal(const char *s, size_t len, double *out)
{
	char buf[128];
	size_t i = 0;
	int digits = 0, nonzero = 0;
	char *endp;
	double v;
	if (len == 0 || len >= sizeof buf)
		return CXJ__NUMBER_SYNTAX;
	/* [sign] digits [. digits] [e [sign] digits]: strtod alone would
	 * also take hex, inf, nan and leading spaces */
	if (s[i] == '+' || s[i] == '-')
		i++;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		nonzero |= s[i] != '0';
	if (i < len && s[i] == '.')
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++)
			nonzero |= s[i] != '0';
	if (!digits)
		return CXJ__NUMBER_SYNTAX;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t e = ++i;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			e = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == e)
			return CXJ__NUMBER_SYNTAX;
	}
	if (i != len)
		return CXJ__NUMBER_SYNTAX;
	memcpy(buf, s, len);
	buf[len] = '\0';
	v = strtod(buf, &endp);
	/* a subnormal is a number; only 0 from nonzero digits underflowed */
	if (!isfinite(v) || (v == 0 && nonzero))
		return CXJ__NUMBER_RANGE;
	*out = v;
	return CXJ__NUMBER_OK;
}
