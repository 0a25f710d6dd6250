/* check_yaml_errors.c: what a YAML load refuses, and where it says so: syntax
 * and content errors with their line and column, and every load limit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

/* A sentinel the failed loads must leave in place. */
static cxj_journey *const UNTOUCHED = (cxj_journey *)&UNTOUCHED;

typedef struct bad_case {
	const char *doc;
	int code;
	unsigned line, column;
	const char *message; /* the exact message */
} bad_case;

/* A touchpoint's stored metrics, and the path of their errors. */
#define TP_METRICS                                                             \
	"cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n  - id: t\n"   \
	"    metrics:\n"
#define AT "stages[0].touchpoints[0].metrics"

static const bad_case bad[] = {
	/* syntax */
	{"cxjourney: 1\nid: j\nname: \"abc\n", CXJ_EPARSE, 4, 1,
	 "syntax error: while scanning a quoted scalar found unexpected end "
	 "of stream"},
	{"cxjourney: 1\nid: j\nname: a: b\n", CXJ_EPARSE, 3, 8,
	 "syntax error: mapping values are not allowed in this context"},
	{"cxjourney: 1\nid: j\n- x\n", CXJ_EPARSE, 3, 1,
	 "syntax error: while parsing a block mapping did not find expected "
	 "key"},
	/* the header */
	{"", CXJ_EPARSE, 1, 1,
	 "the document is empty: it must start with 'cxjourney: 1'"},
	{"id: j\ncxjourney: 1\n", CXJ_EPARSE, 1, 1,
	 "the document must start with 'cxjourney: 1'"},
	{"- cxjourney\n", CXJ_EPARSE, 1, 1,
	 "the document must be a mapping starting with 'cxjourney: 1'"},
	{"cxjourney: 2\nid: j\n", CXJ_EPARSE, 1, 12,
	 "cxjourney: format version 2 is newer than this library reads (1): "
	 "upgrade libcxjourney"},
	{"cxjourney: one\nid: j\n", CXJ_EPARSE, 1, 12,
	 "cxjourney: format version must be a number such as 1, not 'one'"},
	{"cxjourney: 1\nid: j\n---\ncxjourney: 1\nid: k\n", CXJ_EPARSE, 3, 1,
	 "a journey file holds one document; found a second"},
	/* keys */
	{"cxjourney: 1\nid: j\nnmae: x\n", CXJ_EPARSE, 3, 1,
	 "unknown key 'nmae' (did you mean 'name'?)"},
	{"cxjourney: 1\nid: j\nname: a\nname: b\n", CXJ_EPARSE, 4, 1,
	 "duplicate key 'name'"},
	{"cxjourney: 1\nname: a\n", CXJ_EPARSE, 1, 1, "missing key 'id'"},
	{"cxjourney: 1\nid: j\npersonas:\n- name: x\n", CXJ_EPARSE, 4, 3,
	 "personas[0]: missing key 'id'"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n  - id: t\n"
	 "    chanel: phone\n",
	 CXJ_EPARSE, 7, 5, "stages[0].touchpoints[0]: unknown key 'chanel' (did you mean 'channel'?)"},
	{"cxjourney: 1\nid: j\n? [a]\n: x\n", CXJ_EPARSE, 3, 3,
	 "expected a key, found a sequence"},
	/* types */
	{"cxjourney: 1\nid: j\nstages: x\n", CXJ_EPARSE, 3, 9,
	 "stages: expected a sequence, found a scalar"},
	{"cxjourney: 1\nid: j\nname: {a: b}\n", CXJ_EPARSE, 3, 7,
	 "name: expected a scalar, found a mapping"},
	{"cxjourney: 1\nid: j\ntargets:\n  csat: high\n", CXJ_EPARSE, 4, 9,
	 "targets.csat: expected a number, found 'high'"},
	{"cxjourney: 1\nid: j\ntargets:\n  csat: '80'\n", CXJ_EPARSE, 4, 9,
	 "targets.csat: expected a number, found '80'"},
	{"cxjourney: 1\nid: j\npersonas:\n- id: p\n  kind: robot\n",
	 CXJ_EPARSE, 5, 9,
	 "personas[0].kind: kind must be customer, front-office or "
	 "back-office, not 'robot'"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n  - id: t\n"
	 "    experience: great\n",
	 CXJ_EPARSE, 7, 17,
	 "stages[0].touchpoints[0].experience: experience must be unknown, "
	 "negative, neutral or positive, not 'great'"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n  - id: t\n"
	 "    moment-of-truth: maybe\n",
	 CXJ_EPARSE, 7, 22,
	 "stages[0].touchpoints[0].moment-of-truth: expected true or false, "
	 "found 'maybe'"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n  - id: t\n"
	 "    steps: [a, '']\n",
	 CXJ_EPARSE, 7, 16,
	 "stages[0].touchpoints[0].steps[1]: a list item must not be empty"},
	{"cxjourney: 1\nid: j\nmetrics: 3\n", CXJ_EPARSE, 3, 10,
	 "metrics: expected a mapping, found a scalar"},
	{"cxjourney: 1\nid: j\nname: \"a\\0b\"\n", CXJ_EPARSE, 3, 7,
	 "name: text contains a NUL character"},
	/* ids and references */
	{"cxjourney: 1\nid: j\npersonas:\n- id: p\nstages:\n- id: p\n",
	 CXJ_EPARSE, 6, 7, "stages[0].id: duplicate id 'p' (first at line 4, column 7)"},
	/* a touchpoint's id is claimed after the touchpoint is made: a
	 * taken one is still reported where it was read, before any error
	 * that follows it */
	{"cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n  - id: t\n"
	 "  - id: t\n",
	 CXJ_EPARSE, 7, 9, "stages[0].touchpoints[1].id: duplicate id 't' (first at line 6, column 9)"},
	{"cxjourney: 1\nid: j\npersonas:\n- id: p\nstages:\n- id: s\n"
	 "  touchpoints:\n  - id: p\n",
	 CXJ_EPARSE, 8, 9, "stages[0].touchpoints[0].id: duplicate id 'p' (first at line 4, column 7)"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n  - id: s\n",
	 CXJ_EPARSE, 6, 9, "stages[0].touchpoints[0].id: duplicate id 's' (first at line 4, column 7)"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n  - id: t\n"
	 "  - id: t\n    chanel: x\n",
	 CXJ_EPARSE, 7, 9, "stages[0].touchpoints[1].id: duplicate id 't' (first at line 6, column 9)"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n  - id: t\n"
	 "  - id: t\n    name: \"abc\n",
	 CXJ_EPARSE, 7, 9, "stages[0].touchpoints[1].id: duplicate id 't' (first at line 6, column 9)"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n  - id: t\n"
	 "  - id: t\n---\nx: 1\n",
	 CXJ_EPARSE, 7, 9, "stages[0].touchpoints[1].id: duplicate id 't' (first at line 6, column 9)"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n  - id: t\n"
	 "  - id: t\npersonas:\n- id: p\n  kind: robot\n",
	 CXJ_EPARSE, 7, 9, "stages[0].touchpoints[1].id: duplicate id 't' (first at line 6, column 9)"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n  - id: t\n"
	 "  - id: u\n  - id: t\n    steps: [x]\n",
	 CXJ_EPARSE, 8, 9, "stages[0].touchpoints[2].id: duplicate id 't' (first at line 6, column 9)"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n  - id: t\n"
	 "  - name: x\n    id: t\n",
	 CXJ_EPARSE, 8, 9, "stages[0].touchpoints[1].id: duplicate id 't' (first at line 6, column 9)"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n  - id: t\n"
	 "- id: t\n",
	 CXJ_EPARSE, 7, 7, "stages[1].id: duplicate id 't' (first at line 6, column 9)"},
	{"cxjourney: 1\nid: j\npersonas:\n- id: a\nstages:\n- id: s\n"
	 "  touchpoints:\n  - id: t\n    customers: [a, a]\n",
	 CXJ_EPARSE, 9, 20,
	 "stages[0].touchpoints[0].customers[1]: touchpoint 't' already "
	 "refers to persona 'a'"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n  - id: t\n"
	 "    customers: [a, a]\npersonas:\n- id: a\n",
	 CXJ_EPARSE, 7, 20,
	 "stages[0].touchpoints[0].customers[1]: touchpoint 't' already "
	 "refers to persona 'a'"},
	{"cxjourney: 1\nid: j\npersonas:\n- id: a b\n", CXJ_EPARSE, 4, 7,
	 "personas[0].id: id 'a b' contains a space or control character "
	 "(U+0020)"},
	/* Unicode's spaces, next-line and invisible format characters too:
	 * U+0085, U+00A0, U+2028, U+200B, U+FEFF */
	{"cxjourney: 1\nid: j\npersonas:\n- id: \"a\\Nb\"\n", CXJ_EPARSE, 4,
	 7, "personas[0].id: id 'a\xc2\x85" "b' contains a space or control "
	 "character (U+0085)"},
	{"cxjourney: 1\nid: j\npersonas:\n- id: a\xc2\xa0" "b\n", CXJ_EPARSE, 4,
	 7, "personas[0].id: id 'a\xc2\xa0" "b' contains a space or control "
	 "character (U+00A0)"},
	{"cxjourney: 1\nid: j\nstages:\n- id: \"s\\Lt\"\n", CXJ_EPARSE, 4, 7,
	 "stages[0].id: id 's\xe2\x80\xa8t' contains a space or control "
	 "character (U+2028)"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\xe2\x80\x8bt\n", CXJ_EPARSE, 4,
	 7, "stages[0].id: id 's\xe2\x80\x8bt' contains a space or control "
	 "character (U+200B)"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\xef\xbb\xbft\n", CXJ_EPARSE, 4,
	 7, "stages[0].id: id 's\xef\xbb\xbft' contains a space or control "
	 "character (U+FEFF)"},
	{"cxjourney: 1\nid: j\npersonas:\n- id: fi-team\nstages:\n- id: s\n"
	 "  touchpoints:\n  - id: t\n    customers:\n    - fi-teem\n",
	 CXJ_EPARSE, 10, 7,
	 "stages[0].touchpoints[0].customers[0]: unknown persona 'fi-teem'"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n  - id: t\n"
	 "    customers: [fi-teem]\npersonas:\n- id: fi-team\n",
	 CXJ_EPARSE, 7, 17,
	 "stages[0].touchpoints[0].customers[0]: unknown persona 'fi-teem'"},
	{"cxjourney: 1\nid: j\npersonas:\n- id: agent\n  kind: front-office\n"
	 "stages:\n- id: s\n  touchpoints:\n  - id: t\n    customers: [agent]\n",
	 CXJ_EPARSE, 10, 17,
	 "stages[0].touchpoints[0].customers[0]: persona 'agent' is "
	 "front-office, not customer"},
	/* scales */
	{"cxjourney: 1\nid: j\ntargets:\n  nps: 120\n", CXJ_EPARSE, 4, 8,
	 "targets.nps: nps target 120 is outside -100..100"},
	{"cxjourney: 1\nid: j\nstages:\n- id: s\n  targets: {ces: 0.5}\n",
	 CXJ_EPARSE, 5, 18,
	 "stages[0].targets.ces: ces target 0.5 is outside 1..7"},
	/* UTF-8: the column of the offending byte */
	{"cxjourney: 1\nid: j\nname: caf\xC3\x28\n", CXJ_EPARSE, 3, 11,
	 "invalid trailing UTF-8 octet (byte 0x28)"},
	{"cxjourney: 1\nid: j\nname: \xFF\n", CXJ_EPARSE, 3, 7,
	 "invalid leading UTF-8 octet (byte 0xff)"},
	{"cxjourney: 1\nid: j\nname: \"\\uD800\"\n", CXJ_EPARSE, 3, 10,
	 "syntax error: while parsing a quoted scalar found invalid Unicode "
	 "character escape code"},
	/* aliases */
	{"cxjourney: 1\nid: *x\n", CXJ_EPARSE, 2, 5,
	 "alias '*x' names no anchor defined before it"},
	{"cxjourney: 1\nid: j\nmetrics: &m {a: *m}\n", CXJ_EPARSE, 3, 17,
	 "alias '*m' refers to a node that contains it"},
	/* stored metrics: the kind */
	{TP_METRICS
	 "      nps:\n"
	 "        kind: npx\n"
	 "        answers: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]\n",
	 CXJ_EPARSE, 9, 15,
	 AT ".nps.kind: kind must be csat, nps, ces or kpi, not 'npx'"},
	{TP_METRICS
	 "      nps:\n"
	 "        kind: csat\n"
	 "        answers: [0, 0, 0, 0, 5]\n",
	 CXJ_EPARSE, 9, 15,
	 AT ".nps.kind: metric 'nps' must be a nps metric, not csat"},
	{TP_METRICS
	 "      nps: {answers: [1, 0, 0, 0, 0], kind: ces}\n",
	 CXJ_EPARSE, 8, 45,
	 AT ".nps.kind: metric 'nps' must be a nps metric, not ces"},
	{TP_METRICS
	 "      csat:\n"
	 "        answers: [0, 0, 0, 0, 1]\n",
	 CXJ_EPARSE, 9, 9,
	 AT ".csat: missing key 'kind'"},
	{TP_METRICS
	 "      csat: {kind: csat}\n",
	 CXJ_EPARSE, 8, 13,
	 AT ".csat: missing key 'answers'"},
	{TP_METRICS
	 "      csat: 5\n",
	 CXJ_EPARSE, 8, 13,
	 AT ".csat: expected a mapping, found a scalar"},
	{TP_METRICS
	 "      csat: {kind: csat, answers: [0, 0, 0, 0, 1]}\n"
	 "      csat: {kind: csat, answers: [0, 0, 0, 0, 1]}\n",
	 CXJ_EPARSE, 9, 7,
	 AT ": duplicate key 'csat'"},
	{TP_METRICS
	 "      \"\": {kind: kpi, count: 0}\n",
	 CXJ_EPARSE, 8, 7,
	 AT ": a stored metric needs a name"},
	{TP_METRICS
	 "      csat:\n"
	 "        kind: csat\n"
	 "        answers: [0, 0, 0, 0, 1]\n"
	 "        anwsers: 3\n",
	 CXJ_EPARSE, 11, 9,
	 AT ".csat: unknown key 'anwsers' (did you mean 'answers'?)"},
	{TP_METRICS
	 "      csat:\n"
	 "        kind: csat\n"
	 "        kind: csat\n"
	 "        answers: [0, 0, 0, 0, 1]\n",
	 CXJ_EPARSE, 10, 9,
	 AT ".csat: duplicate key 'kind'"},
	/* stored metrics: the answers */
	{TP_METRICS
	 "      nps:\n"
	 "        kind: nps\n"
	 "        answers: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n",
	 CXJ_EPARSE, 10, 18,
	 AT ".nps.answers: expected 11 counts, found 10"},
	{TP_METRICS
	 "      csat:\n"
	 "        answers: [1, 2, 3, 4, 5, 6]\n"
	 "        kind: csat\n",
	 CXJ_EPARSE, 9, 18,
	 AT ".csat.answers: expected 5 counts, found 6"},
	{TP_METRICS
	 "      csat:\n"
	 "        kind: csat\n"
	 "        answers: [1, -2, 0, 0, 0]\n",
	 CXJ_EPARSE, 10, 22,
	 AT ".csat.answers[1]: expected a count (0, 1, 2, ...), found '-2'"},
	{TP_METRICS
	 "      csat:\n"
	 "        kind: csat\n"
	 "        answers: [1, 0, 2.5, 0, 0]\n",
	 CXJ_EPARSE, 10, 25,
	 AT ".csat.answers[2]: expected a count (0, 1, 2, ...), found '2.5'"},
	{TP_METRICS
	 "      csat:\n"
	 "        kind: csat\n"
	 "        answers: ['1', 0, 0, 0, 0]\n",
	 CXJ_EPARSE, 10, 19,
	 AT ".csat.answers[0]: expected a count (0, 1, 2, ...), found '1'"},
	{TP_METRICS
	 "      csat:\n"
	 "        kind: csat\n"
	 "        answers: [0, 0, 0, 0, 18446744073709551616]\n",
	 CXJ_EPARSE, 10, 31,
	 AT ".csat.answers[4]: count 18446744073709551616 is larger than 18446744073709551615"},
	{TP_METRICS
	 "      csat:\n"
	 "        kind: csat\n"
	 "        answers: [18446744073709551615, 0, 1, 0, 0]\n",
	 CXJ_EPARSE, 10, 18,
	 AT ".csat.answers: point counts overflow"},
	{TP_METRICS
	 "      csat:\n"
	 "        kind: csat\n"
	 "        answers: 7\n",
	 CXJ_EPARSE, 10, 18,
	 AT ".csat.answers: expected a sequence, found a scalar"},
	/* stored metrics: the weights */
	{TP_METRICS
	 "      nps:\n"
	 "        kind: nps\n"
	 "        answers: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]\n"
	 "        weights: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]\n",
	 CXJ_EPARSE, 11, 18,
	 AT ".nps.weights: weights without squared-weights"},
	{TP_METRICS
	 "      csat:\n"
	 "        kind: csat\n"
	 "        answers: [0, 0, 0, 0, 1]\n"
	 "        squared-weights: 1\n",
	 CXJ_EPARSE, 11, 26,
	 AT ".csat.squared-weights: squared-weights without weights"},
	{TP_METRICS
	 "      nps:\n"
	 "        kind: nps\n"
	 "        answers: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]\n"
	 "        weights: [0, 1]\n"
	 "        squared-weights: 1\n",
	 CXJ_EPARSE, 11, 18,
	 AT ".nps.weights: expected 11 weights, found 2"},
	{TP_METRICS
	 "      csat:\n"
	 "        kind: csat\n"
	 "        answers: [1, 1, 1, 1, 1]\n"
	 "        weights: [1, 1, 1, -1, 1]\n"
	 "        squared-weights: 5\n",
	 CXJ_EPARSE, 11, 28,
	 AT ".csat.weights[3]: a point weight is negative or not finite"},
	{TP_METRICS
	 "      csat:\n"
	 "        kind: csat\n"
	 "        answers: [0, 1, 1, 1, 1]\n"
	 "        weights: [0.5, 1, 1, 1, 1]\n"
	 "        squared-weights: 4\n",
	 CXJ_EPARSE, 11, 19,
	 AT ".csat.weights[0]: a point without answers has a weight"},
	{TP_METRICS
	 "      csat:\n"
	 "        kind: csat\n"
	 "        answers: [0, 1, 1, 1, 1]\n"
	 "        weights: [0, 1, 1, .inf, 1]\n"
	 "        squared-weights: 4\n",
	 CXJ_EPARSE, 11, 28,
	 AT ".csat.weights[3]: expected a number, found '.inf'"},
	{TP_METRICS
	 "      csat:\n"
	 "        kind: csat\n"
	 "        answers: [0, 1, 1, 1, 1]\n"
	 "        weights: [0, 1, 1, 1, 1]\n"
	 "        squared-weights: -4\n",
	 CXJ_EPARSE, 12, 26,
	 AT ".csat.squared-weights: sum of squared weights is negative or not finite"},
	{TP_METRICS
	 "      csat:\n"
	 "        kind: csat\n"
	 "        answers: [0, 0, 0, 0, 0]\n"
	 "        weights: [0, 0, 0, 0, 0]\n"
	 "        squared-weights: 1\n",
	 CXJ_EPARSE, 12, 26,
	 AT ".csat.squared-weights: an empty metric has weights"},
	{TP_METRICS
	 "      csat:\n"
	 "        kind: csat\n"
	 "        answers: [0, 1, 1, 1, 1]\n"
	 "        weights: [0, 1, 1, 1, 1]\n"
	 "        squared-weights: nan\n",
	 CXJ_EPARSE, 12, 26,
	 AT ".csat.squared-weights: expected a number, found 'nan'"},
	/* stored metrics: a KPI */
	{TP_METRICS
	 "      aht:\n"
	 "        kind: kpi\n"
	 "        count: 2\n"
	 "        min: 10\n"
	 "        max: 5\n"
	 "        shift: 10\n"
	 "        shifted-mean: 0\n"
	 "        squared-deviations: 0\n",
	 CXJ_EPARSE, 12, 14,
	 AT ".aht.max: kpi min and max are not a finite range"},
	{TP_METRICS
	 "      aht:\n"
	 "        kind: kpi\n"
	 "        count: 2\n"
	 "        min: 1\n"
	 "        max: 3\n"
	 "        shift: 5\n"
	 "        shifted-mean: 0\n"
	 "        squared-deviations: 0\n",
	 CXJ_EPARSE, 13, 16,
	 AT ".aht.shift: kpi shift is not one of the answers"},
	{TP_METRICS
	 "      aht:\n"
	 "        kind: kpi\n"
	 "        count: 2\n"
	 "        min: 1\n"
	 "        max: 3\n"
	 "        shift: 1\n"
	 "        shifted-mean: 10\n"
	 "        squared-deviations: 0\n",
	 CXJ_EPARSE, 14, 23,
	 AT ".aht.shifted-mean: kpi mean lies outside min..max"},
	{TP_METRICS
	 "      aht:\n"
	 "        kind: kpi\n"
	 "        count: 2\n"
	 "        min: 1\n"
	 "        max: 3\n"
	 "        shift: 1\n"
	 "        shifted-mean: 1\n"
	 "        squared-deviations: -2\n",
	 CXJ_EPARSE, 15, 29,
	 AT ".aht.squared-deviations: kpi moments are negative or not finite"},
	{TP_METRICS
	 "      aht:\n"
	 "        kind: kpi\n"
	 "        count: 2\n"
	 "        min: 1\n"
	 "        max: 3\n"
	 "        shift: 1e999\n"
	 "        shifted-mean: 1\n"
	 "        squared-deviations: 2\n",
	 CXJ_EPARSE, 13, 16,
	 AT ".aht.shift: number '1e999' is out of range"},
	{TP_METRICS
	 "      aht:\n"
	 "        kind: kpi\n"
	 "        count: 2\n"
	 "        min: 1e-400\n",
	 CXJ_EPARSE, 11, 14,
	 AT ".aht.min: number '1e-400' is out of range"},
	{TP_METRICS
	 "      aht:\n"
	 "        kind: kpi\n"
	 "        count: 0\n"
	 "        min: 3\n",
	 CXJ_EPARSE, 11, 14,
	 AT ".aht.min: an empty kpi has moments"},
	{TP_METRICS
	 "      aht:\n"
	 "        kind: kpi\n"
	 "        count: 1\n"
	 "        min: 3\n"
	 "        max: 3\n"
	 "        weight-sum: 0\n"
	 "        squared-weights: 0\n"
	 "        shift: 3\n"
	 "        shifted-mean: 1\n"
	 "        squared-deviations: 0\n",
	 CXJ_EPARSE, 16, 23,
	 AT ".aht.shifted-mean: a kpi without weight has moments"},
	{TP_METRICS
	 "      aht: {kind: kpi, count: 2, max: 3, shift: 1, shifted-mean: 1,\n"
	 "        squared-deviations: 2}\n",
	 CXJ_EPARSE, 8, 12,
	 AT ".aht: missing key 'min'"},
	{TP_METRICS
	 "      aht: {kind: kpi}\n",
	 CXJ_EPARSE, 8, 12,
	 AT ".aht: missing key 'count'"},
	{TP_METRICS
	 "      aht:\n"
	 "        kind: kpi\n"
	 "        count: 0\n"
	 "        answers: [1]\n",
	 CXJ_EPARSE, 11, 18,
	 AT ".aht.answers: a kpi metric has no answers"},
	{TP_METRICS
	 "      csat:\n"
	 "        kind: csat\n"
	 "        answers: [0, 0, 0, 0, 1]\n"
	 "        count: 1\n",
	 CXJ_EPARSE, 11, 16,
	 AT ".csat.count: a csat metric has no count"},
	{TP_METRICS
	 "      ces:\n"
	 "        unit: s\n"
	 "        kind: ces\n"
	 "        answers: [0, 0, 0, 0, 0, 0, 1]\n",
	 CXJ_EPARSE, 9, 15,
	 AT ".ces.unit: a ces metric has no unit"},
	{TP_METRICS
	 "      aht:\n"
	 "        kind: kpi\n"
	 "        count: 1\n"
	 "        min: 3\n"
	 "        max: 3\n"
	 "        weight-sum: 1\n"
	 "        shift: 3\n"
	 "        shifted-mean: 0\n"
	 "        squared-deviations: 0\n",
	 CXJ_EPARSE, 13, 21,
	 AT ".aht.weight-sum: weight-sum without squared-weights"},
	{TP_METRICS
	 "      aht:\n"
	 "        kind: kpi\n"
	 "        count: -1\n",
	 CXJ_EPARSE, 10, 16,
	 AT ".aht.count: expected a count (0, 1, 2, ...), found '-1'"},
	/* stored metrics: the journey and stages */
	{"cxjourney: 1\n"
	 "id: j\n"
	 "metrics:\n"
	 "  nps: {kind: kpi, count: 0}\n",
	 CXJ_EPARSE, 4, 15,
	 "metrics.nps.kind: metric 'nps' must be a nps metric, not kpi"},
	{"cxjourney: 1\n"
	 "id: j\n"
	 "stages:\n"
	 "- id: s\n"
	 "  metrics:\n"
	 "    ces: {kind: ces, answers: [1, 2]}\n",
	 CXJ_EPARSE, 6, 31,
	 "stages[0].metrics.ces.answers: expected 7 counts, found 2"},
};

static void check_failure(const bad_case *c, int rc)
{
	const cxj_error *e = cxj_error_last();
	ck_assert_msg(rc == c->code, "'%s': got %d (%s), want %d", c->doc, rc,
		      e->message, c->code);
	ck_assert_int_eq(e->code, c->code);
	ck_assert_str_eq(e->message, c->message);
	ck_assert_msg(e->line == c->line && e->column == c->column,
		      "'%s': at %u:%u, want %u:%u (%s)", c->doc, e->line,
		      e->column, c->line, c->column, e->message);
}

START_TEST(each_error_names_its_line_and_column)
{
	const bad_case *c = &bad[_i];
	cxj_journey *j = UNTOUCHED;
	long live = cxjt_live();
	int rc = cxj_journey_load_buffer(c->doc, strlen(c->doc), "bad.yaml",
					 NULL, &j);
	check_failure(c, rc);
	ck_assert_str_eq(cxj_error_last()->file, "bad.yaml");
	ck_assert_ptr_eq(j, UNTOUCHED);
	ck_assert_int_eq(cxjt_live(), live);
}
END_TEST

/* The same errors through a file and a stream, where positions come from a
 * streamed reader. */
START_TEST(errors_from_files_have_the_same_position)
{
	const bad_case *c = &bad[_i];
	char path[] = "/tmp/cxj-yaml-XXXXXX";
	cxj_journey *j = UNTOUCHED;
	int fd = mkstemp(path), rc;
	FILE *f;
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, c->doc, strlen(c->doc)),
			 (ssize_t)strlen(c->doc));
	close(fd);
	rc = cxj_journey_load_file(path, NULL, &j);
	check_failure(c, rc);
	ck_assert_str_eq(cxj_error_last()->file, path);
	ck_assert_ptr_eq(j, UNTOUCHED);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	rc = cxj_journey_load_stream(f, NULL, NULL, &j);
	check_failure(c, rc);
	ck_assert_ptr_null(cxj_error_last()->file);
	fclose(f);
	unlink(path);
}
END_TEST

/* An invalid byte far into a large file, past the reader's first chunks. */
START_TEST(utf8_error_deep_in_a_large_file)
{
	char path[] = "/tmp/cxj-yaml-XXXXXX";
	cxj_journey *j = UNTOUCHED;
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	fputs("cxjourney: 1\nid: j\nstages:\n- id: s\n  touchpoints:\n", f);
	for (int i = 0; i < 3000; i++)
		fprintf(f, "  - id: t%d\n    name: T\xC3\xA4 %d\n", i, i);
	/* line 5 + 2 * 3000 + 1 = 6006 */
	fputs("  - id: bad\n    name: \xC3\xA4\xC3\xA4\xE2\x82\n", f);
	fclose(f);
	ck_assert_rc(cxj_journey_load_file(path, NULL, &j), CXJ_EPARSE);
	ck_assert_uint_eq(cxj_error_last()->line, 6007);
	/* "    name: " is 10 characters, then two 'ä' and the lead byte E2
	 * of a sequence cut short by the line break, the 14th character */
	ck_assert_uint_eq(cxj_error_last()->column, 14);
	ck_assert_str_eq(cxj_error_last()->message,
			 "invalid trailing UTF-8 octet (byte 0x0a)");
	ck_assert_ptr_eq(j, UNTOUCHED);
	unlink(path);
}
END_TEST

/* Touchpoints claim their ids in batches: a taken id is still reported at
 * the touchpoint that took it second, wherever the two fall in the batches,
 * and before a later error. Touchpoint i is on line 6 + i. */
static char *touchpoint_list(int n, int dup_of, int dup_at, const char *tail)
{
	size_t cap = (size_t)n * 16 + strlen(tail) + 64, len;
	char *doc = malloc(cap);
	ck_assert_ptr_nonnull(doc);
	len = (size_t)snprintf(doc, cap, "cxjourney: 1\nid: j\nstages:\n"
					 "- id: s\n  touchpoints:\n");
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(doc + len, cap - len, "  - id: t%d\n",
					i == dup_at ? dup_of : i);
	snprintf(doc + len, cap - len, "%s", tail);
	return doc;
}

START_TEST(taken_ids_across_claim_batches)
{
	static const int pairs[][2] = {{0, 1},	   {0, 127},   {0, 128},
				       {126, 127}, {127, 128}, {128, 129},
				       {5, 200},   {250, 299}, {0, 299}};
	static const char *const tails[] = {
	    "", "    chanel: x\n", "- id: s\n", "  - id: 'x\n", "---\n"};
	for (size_t p = 0; p < sizeof pairs / sizeof *pairs; p++) {
		for (size_t t = 0; t < sizeof tails / sizeof *tails; t++) {
			char *doc = touchpoint_list(300, pairs[p][0],
						    pairs[p][1], tails[t]);
			char want[128];
			cxj_journey *j = UNTOUCHED;
			long live = cxjt_live();
			ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc),
							     NULL, NULL, &j),
				     CXJ_EPARSE);
			/* the first holder's position comes with it */
			snprintf(want, sizeof want,
				 "stages[0].touchpoints[%d].id: duplicate id "
				 "'t%d' (first at line %d, column 9)",
				 pairs[p][1], pairs[p][0], 6 + pairs[p][0]);
			ck_assert_str_eq(cxj_error_last()->message, want);
			ck_assert_uint_eq(cxj_error_last()->line,
					  6 + (unsigned)pairs[p][1]);
			ck_assert_uint_eq(cxj_error_last()->column, 9);
			ck_assert_ptr_eq(j, UNTOUCHED);
			ck_assert_int_eq(cxjt_live(), live);
			free(doc);
		}
	}
}
END_TEST

/* A stage that takes the id of a touchpoint before it, still waiting for
 * its claim, is the one refused. */
START_TEST(a_stage_after_a_waiting_touchpoint)
{
	char *doc = touchpoint_list(50, 0, -1, "- id: t49\n");
	cxj_journey *j = UNTOUCHED;
	ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc), NULL, NULL, &j),
		     CXJ_EPARSE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "stages[1].id: duplicate id 't49' (first at line 55, "
			 "column 9)");
	ck_assert_uint_eq(cxj_error_last()->line, 56);
	ck_assert_uint_eq(cxj_error_last()->column, 7);
	free(doc);
	/* and without a duplicate, 300 touchpoints load with every id found */
	doc = touchpoint_list(300, 0, -1, "");
	ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc), NULL, NULL, &j),
		     CXJ_OK);
	for (int i = 0; i < 300; i++) {
		char id[16];
		snprintf(id, sizeof id, "t%d", i);
		ck_assert_ptr_nonnull(cxj_journey_find_touchpoint(j, id));
	}
	ck_assert_int_eq(cxj_journey_touchpoint_count(j), 300);
	cxj_journey_free(j);
	free(doc);
}
END_TEST

START_TEST(missing_file_is_an_io_error)
{
	cxj_journey *j = UNTOUCHED;
	ck_assert_rc(cxj_journey_load_file("/nonexistent/x.yaml", NULL, &j),
		     CXJ_EIO);
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message,
				     "cannot open '/nonexistent/x.yaml'"));
	ck_assert_ptr_eq(j, UNTOUCHED);
	/* a directory opens but cannot be read */
	ck_assert_rc(cxj_journey_load_file("/tmp", NULL, &j), CXJ_EIO);
	ck_assert_ptr_eq(j, UNTOUCHED);
}
END_TEST

START_TEST(bad_arguments)
{
	cxj_journey *j = UNTOUCHED;
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	ck_assert_rc(cxj_journey_load_buffer("x", 1, NULL, NULL, NULL),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_journey_load_buffer(NULL, 1, NULL, NULL, &j),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_journey_load_stream(NULL, NULL, NULL, &j),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_journey_load_file(NULL, NULL, &j), CXJ_EINVAL);
	o.version = 0;
	ck_assert_rc(cxj_journey_load_buffer("x", 1, NULL, &o, &j),
		     CXJ_EINVAL);
	o.version = CXJ_LOAD_OPTIONS_VERSION + 1;
	ck_assert_rc(cxj_journey_load_buffer("x", 1, NULL, &o, &j),
		     CXJ_EINVAL);
	o.version = CXJ_LOAD_OPTIONS_VERSION;
	o.flags = 0x80;
	ck_assert_rc(cxj_journey_load_buffer("x", 1, NULL, &o, &j),
		     CXJ_EINVAL);
	ck_assert_ptr_eq(j, UNTOUCHED);
	ck_assert_rc(cxj_load_options_init(&o, 0), CXJ_EINVAL);
	ck_assert_rc(cxj_load_options_init(NULL, 1), CXJ_EINVAL);
	ck_assert_rc(cxj_load_options_init(&o, CXJ_LOAD_OPTIONS_VERSION + 1),
		     CXJ_EINVAL);
}
END_TEST

START_TEST(options_init_gives_the_documented_defaults)
{
	cxj_load_options o;
	memset(&o, 0xAB, sizeof o);
	ck_assert_rc(cxj_load_options_init(&o, CXJ_LOAD_OPTIONS_VERSION),
		     CXJ_OK);
	ck_assert_uint_eq(o.version, 1);
	ck_assert_uint_eq(o.flags, 0);
	ck_assert_uint_eq(o.max_depth, 64);
	ck_assert_uint_eq(o.max_alias_expansion, 10);
	ck_assert_uint_eq(o.max_scalar_length, 1048576);
	ck_assert_uint_eq(o.max_document_size, 268435456);
	ck_assert_uint_eq(o.max_objects, 1000000);
	ck_assert_uint_eq(o.max_entries, 1000);
	ck_assert_ptr_null(o.warnings);
}
END_TEST

/* ---- limits ---- */

/* Deep values are read from an unknown key that a lenient load skips: no
 * key of the format takes any nesting. */
static char *nested(int levels)
{
	/* cxjourney: 1 / id: j / unknown: {a: [[[...]]]} */
	size_t size = 64 + 2 * (size_t)levels;
	char *s = malloc(size), *p;
	ck_assert_ptr_nonnull(s);
	p = s + sprintf(s, "cxjourney: 1\nid: j\nunknown: {a: ");
	for (int i = 0; i < levels; i++)
		*p++ = '[';
	for (int i = 0; i < levels; i++)
		*p++ = ']';
	strcpy(p, "}\n");
	return s;
}

START_TEST(depth_limit)
{
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	cxj_journey *j = NULL;
	/* root mapping (1) + unknown's mapping (2) + 62 sequences = 64 */
	char *ok = nested(62), *deep = nested(63), *huge = nested(100000);
	o.flags = CXJ_LOAD_UNKNOWN_KEYS_WARN;
	ck_assert_rc(cxj_journey_load_buffer(ok, strlen(ok), NULL, &o, &j),
		     CXJ_OK);
	cxj_journey_free(j);
	j = UNTOUCHED;
	ck_assert_rc(cxj_journey_load_buffer(deep, strlen(deep), NULL, &o, &j),
		     CXJ_ELIMIT);
	ck_assert_str_eq(cxj_error_last()->message,
			 "nesting deeper than the limit of 64 levels");
	/* "unknown: {a: " is 13 characters; the 63rd '[' is at 13 + 63 */
	ck_assert_uint_eq(cxj_error_last()->line, 3);
	ck_assert_uint_eq(cxj_error_last()->column, 76);
	ck_assert_rc(cxj_journey_load_buffer(huge, strlen(huge), NULL, &o, &j),
		     CXJ_ELIMIT);
	o.max_depth = 3;
	ck_assert_rc(cxj_journey_load_buffer(ok, strlen(ok), NULL, &o, &j),
		     CXJ_ELIMIT);
	ck_assert_uint_eq(cxj_error_last()->column, 15);
	ck_assert_ptr_eq(j, UNTOUCHED);
	free(ok);
	free(deep);
	free(huge);
}
END_TEST

/* Under an unknown key, which a lenient load skips (what the loader does
 * with the value does not matter: the alias is charged first). */
static const char laughs[] =
	"cxjourney: 1\n"
	"id: j\n"
	"giggles:\n"
	"  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	"  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	"  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	"  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	"  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	"  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	"  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	"  h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
	"  i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n";

START_TEST(billion_laughs_fail_fast)
{
	cxj_journey *j = UNTOUCHED;
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	long live = cxjt_live();
	clock_t t0 = clock();
	const cxj_error *e;
	const char *line;
	int rc;
	o.flags = CXJ_LOAD_UNKNOWN_KEYS_WARN;
	rc = cxj_journey_load_buffer(laughs, strlen(laughs), NULL, &o, &j);
	double seconds = (double)(clock() - t0) / CLOCKS_PER_SEC;
	e = cxj_error_last();
	ck_assert_int_eq(rc, CXJ_ELIMIT);
	ck_assert_ptr_eq(j, UNTOUCHED);
	ck_assert_int_eq(cxjt_live(), live);
	ck_assert_msg(seconds < 0.5, "took %.3f s", seconds);
	/* the position is that of the alias which broke the budget: 'a' is
	 * 38 units (events and bytes), 'b' 344, 'c' 3098; defining 'b' and
	 * 'c' spends 9 * 38 + 9 * 344 = 3438, and the first '*c' would
	 * need 3098 more than 10 times the 442 bytes allow */
	ck_assert_uint_eq(strlen(laughs), 442);
	ck_assert_uint_eq(e->line, 7);
	ck_assert_uint_eq(e->column, 10);
	line = laughs;
	for (unsigned k = 1; k < e->line; k++)
		line = strchr(line, '\n') + 1;
	ck_assert_int_eq(line[e->column - 1], '*');
	ck_assert_ptr_nonnull(strstr(e->message, "would expand the document "
						 "beyond 10 times its size"));
}
END_TEST

/* The budget is charged at the alias, before the loader looks at what it
 * expands to. */
START_TEST(alias_budget_is_checked_before_the_value)
{
	static const char doc[] =
		"cxjourney: 1\n"
		"id: j\n"
		"unknown: {a: &a [x, x, x, x, x, x, x, x], "
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a]}\n"
		"description: *b\n";
	cxj_journey *j = UNTOUCHED;
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	o.flags = CXJ_LOAD_UNKNOWN_KEYS_WARN;
	/* a costs 2 + 8 * 2 = 18, b 2 + 8 * 18 = 146; defining b spends
	 * 8 * 18 = 144, so *b needs 290 against 2 or 3 times 117 bytes */
	ck_assert_uint_eq(strlen(doc), 117);
	o.max_alias_expansion = 2;
	ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc), NULL, &o, &j),
		     CXJ_ELIMIT);
	ck_assert_uint_eq(cxj_error_last()->line, 4);
	ck_assert_uint_eq(cxj_error_last()->column, 14);
	o.max_alias_expansion = 3;
	ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc), NULL, &o, &j),
		     CXJ_EPARSE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "description: expected a scalar, found a sequence");
	ck_assert_ptr_eq(j, UNTOUCHED);
}
END_TEST

START_TEST(aliases_within_budget_are_expanded)
{
	static const char doc[] =
		"cxjourney: 1\n"
		"id: j\n"
		"stages:\n"
		"- id: s\n"
		"  touchpoints:\n"
		"  - id: t1\n"
		"    channel: &ch web portal\n"
		"    systems: &sys [ITSM tool, E-mail]\n"
		"  - id: t2\n"
		"    channel: *ch\n"
		"    systems: *sys\n";
	cxj_journey *j = NULL;
	cxj_touchpoint *t;
	ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc), NULL, NULL, &j),
		     CXJ_OK);
	t = cxj_journey_find_touchpoint(j, "t2");
	ck_assert_str_eq(cxj_touchpoint_channel(t), "web portal");
	ck_assert_uint_eq(cxj_touchpoint_item_count(t, CXJ_LIST_SYSTEMS), 2);
	ck_assert_str_eq(cxj_touchpoint_item_at(t, CXJ_LIST_SYSTEMS, 1),
			 "E-mail");
	cxj_journey_free(j);
}
END_TEST

START_TEST(scalar_length_limit)
{
	static const char doc[] = "cxjourney: 1\nid: j\nname: 0123456789\n";
	static const char longer[] = "cxjourney: 1\nid: j\nname: 0123456789a\n";
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	cxj_journey *j = NULL;
	o.max_scalar_length = 10;
	ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc), NULL, &o, &j),
		     CXJ_OK);
	cxj_journey_free(j);
	j = UNTOUCHED;
	ck_assert_rc(cxj_journey_load_buffer(longer, strlen(longer), NULL, &o,
					     &j),
		     CXJ_ELIMIT);
	ck_assert_str_eq(cxj_error_last()->message,
			 "a scalar of 11 bytes exceeds the limit of 10 bytes");
	ck_assert_uint_eq(cxj_error_last()->line, 3);
	ck_assert_uint_eq(cxj_error_last()->column, 7);
	ck_assert_ptr_eq(j, UNTOUCHED);
}
END_TEST

START_TEST(document_size_limit)
{
	static const char doc[] = "cxjourney: 1\nid: j\nname: n\n"; /* 27 */
	char path[] = "/tmp/cxj-yaml-XXXXXX";
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	cxj_journey *j = NULL;
	int fd = mkstemp(path);
	ck_assert_int_eq(write(fd, doc, strlen(doc)), (ssize_t)strlen(doc));
	close(fd);
	o.max_document_size = 27;
	ck_assert_rc(cxj_journey_load_buffer(doc, 27, NULL, &o, &j), CXJ_OK);
	cxj_journey_free(j);
	ck_assert_rc(cxj_journey_load_file(path, &o, &j), CXJ_OK);
	cxj_journey_free(j);
	j = UNTOUCHED;
	o.max_document_size = 26;
	ck_assert_rc(cxj_journey_load_buffer(doc, 27, NULL, &o, &j),
		     CXJ_ELIMIT);
	ck_assert_str_eq(cxj_error_last()->message,
			 "the document is larger than the limit of 26 bytes");
	/* the 27th byte, where the limit struck: line 3, column 8 */
	ck_assert_uint_eq(cxj_error_last()->line, 3);
	ck_assert_uint_eq(cxj_error_last()->column, 8);
	ck_assert_rc(cxj_journey_load_file(path, &o, &j), CXJ_ELIMIT);
	ck_assert_str_eq(cxj_error_last()->message,
			 "the document is larger than the limit of 26 bytes");
	ck_assert_str_eq(cxj_error_last()->file, path);
	ck_assert_uint_eq(cxj_error_last()->line, 3);
	ck_assert_uint_eq(cxj_error_last()->column, 8);
	ck_assert_ptr_eq(j, UNTOUCHED);
	unlink(path);
}
END_TEST

START_TEST(object_limit)
{
	static const char doc[] = "cxjourney: 1\n"
				  "id: j\n"
				  "personas:\n"
				  "- id: p\n"
				  "stages:\n"
				  "- id: s\n"
				  "  touchpoints:\n"
				  "  - id: t1\n"
				  "  - name: T2\n"
				  "    id: t2\n";
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	cxj_journey *j = NULL;
	o.max_objects = 4;
	ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc), NULL, &o, &j),
		     CXJ_OK);
	ck_assert_str_eq(cxj_touchpoint_name(cxj_journey_find_touchpoint(j,
									 "t2")),
			 "T2");
	cxj_journey_free(j);
	j = UNTOUCHED;
	o.max_objects = 3;
	ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc), NULL, &o, &j),
		     CXJ_ELIMIT);
	ck_assert_str_eq(cxj_error_last()->message,
			 "stages[0].touchpoints[1]: more than the limit of 3 "
			 "objects (personas, stages and touchpoints)");
	ck_assert_uint_eq(cxj_error_last()->line, 9);
	ck_assert_uint_eq(cxj_error_last()->column, 5);
	ck_assert_ptr_eq(j, UNTOUCHED);
}
END_TEST

START_TEST(entry_limit)
{
	static const char doc[] = "cxjourney: 1\n"
				  "id: j\n"
				  "targets: {csat: 80, nps: 10}\n"
				  "personas:\n"
				  "- id: a\n"
				  "  attributes: {x: 1, y: 2}\n"
				  "- id: b\n"
				  "stages:\n"
				  "- id: s\n"
				  "  touchpoints:\n"
				  "  - id: t\n"
				  "    customers: [a, b]\n";
	static const char three[] = "cxjourney: 1\n"
				    "id: j\n"
				    "personas:\n"
				    "- id: a\n"
				    "  attributes: {x: 1, y: 2, z: 3}\n";
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	cxj_journey *j = NULL;
	o.max_entries = 2;
	ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc), NULL, &o, &j),
		     CXJ_OK);
	cxj_journey_free(j);
	j = UNTOUCHED;
	ck_assert_rc(cxj_journey_load_buffer(three, strlen(three), NULL, &o,
					     &j),
		     CXJ_ELIMIT);
	ck_assert_str_eq(cxj_error_last()->message,
			 "personas[0].attributes: more than the limit of 2 "
			 "entries");
	ck_assert_uint_eq(cxj_error_last()->line, 5);
	ck_assert_uint_eq(cxj_error_last()->column, 28);
	o.max_entries = 1;
	ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc), NULL, &o, &j),
		     CXJ_ELIMIT);
	ck_assert_uint_eq(cxj_error_last()->line, 3);
	ck_assert_uint_eq(cxj_error_last()->column, 21);
	ck_assert_ptr_eq(j, UNTOUCHED);
}
END_TEST

/* Stored metrics count against max_entries per mapping, as targets do;
 * a unit is checked as cxj_metric_set_unit checks it. */
START_TEST(metric_entry_and_unit_limits)
{
	static const char two[] = "cxjourney: 1\n"
				  "id: j\n"
				  "metrics:\n"
				  "  a: {kind: kpi, count: 0}\n"
				  "  b: {kind: kpi, count: 0}\n";
	char doc[512];
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	cxj_journey *j = NULL;
	o.max_entries = 2;
	ck_assert_rc(cxj_journey_load_buffer(two, strlen(two), NULL, &o, &j),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_journey_metric_count(j), 2);
	cxj_journey_free(j);
	j = UNTOUCHED;
	o.max_entries = 1;
	ck_assert_rc(cxj_journey_load_buffer(two, strlen(two), NULL, &o, &j),
		     CXJ_ELIMIT);
	ck_assert_str_eq(cxj_error_last()->message,
			 "metrics: more than the limit of 1 entries");
	ck_assert_uint_eq(cxj_error_last()->line, 5);
	ck_assert_uint_eq(cxj_error_last()->column, 3);
	snprintf(doc, sizeof doc,
		 "cxjourney: 1\nid: j\nmetrics:\n  aht:\n    kind: kpi\n"
		 "    unit: %0256d\n    count: 0\n",
		 0);
	ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc), NULL, NULL, &j),
		     CXJ_EPARSE);
	ck_assert_str_eq(cxj_error_last()->message,
			 "metrics.aht.unit: unit "
			 "'00000000000000000000000000000000...' is longer "
			 "than 255 bytes");
	ck_assert_uint_eq(cxj_error_last()->line, 6);
	ck_assert_uint_eq(cxj_error_last()->column, 11);
	ck_assert_ptr_eq(j, UNTOUCHED);
}
END_TEST

/* ---- lenient loads ---- */

/* A file of many unknown keys: the first 1,000 warnings are kept, the rest
 * counted in one last warning (a million once took 183 MB). */
/* A directory is named as what it is; validation on a loaded map points at
 * each object's id. */
START_TEST(a_directory_and_validation_positions)
{
	static const char doc[] = "cxjourney: 1\n"
				  "id: j\n"
				  "personas:\n"
				  "- id: unused\n"
				  "stages:\n"
				  "- id: empty\n"
				  "- id: s\n"
				  "  touchpoints:\n"
				  "  - name: first\n"
				  "    id: t\n";
	cxj_journey *j = UNTOUCHED;
	cxj_diagnostics *d = NULL;
	ck_assert_rc(cxj_journey_load_file("tests", NULL, &j), CXJ_EIO);
	ck_assert_str_eq(cxj_error_last()->message,
			 "cannot load 'tests': it is a directory, not a map "
			 "file");
	ck_assert_str_eq(cxj_error_last()->file, "tests");
	ck_assert_ptr_eq(j, UNTOUCHED);
	ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc), NULL, NULL, &j),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_validate(j, &d), CXJ_EINVAL);
	ck_assert_uint_eq(cxj_diagnostics_count(d), 3);
	for (size_t i = 0; i < 3; i++) {
		static const unsigned want[][2] = {{6, 7}, {10, 9}, {4, 7}};
		ck_assert_msg(cxj_diagnostics_line(d, i) == want[i][0] &&
				  cxj_diagnostics_column(d, i) == want[i][1],
			      "%s at %u:%u", cxj_diagnostics_message(d, i),
			      cxj_diagnostics_line(d, i),
			      cxj_diagnostics_column(d, i));
	}
	cxj_diagnostics_free(d);
	cxj_journey_free(j);
}
END_TEST

START_TEST(unknown_key_warnings_are_capped)
{
	size_t n = 2500, len = 0;
	char *doc = malloc(32 + n * 24);
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	cxj_diagnostics *w = NULL;
	cxj_journey *j = NULL;
	len += (size_t)sprintf(doc, "cxjourney: 1\nid: j\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(doc + len, "extra-%zu: x\n", i);
	o.flags = CXJ_LOAD_UNKNOWN_KEYS_WARN;
	o.warnings = &w;
	ck_assert_rc(cxj_journey_load_buffer(doc, len, "w.yaml", &o, &j),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_diagnostics_count(w), 1001);
	ck_assert_str_eq(cxj_diagnostics_message(w, 999),
			 "unknown key 'extra-999'");
	ck_assert_uint_eq(cxj_diagnostics_line(w, 999), 1002);
	ck_assert_str_eq(cxj_diagnostics_message(w, 1000),
			 "1500 more unknown key(s) not listed (the first 1000 "
			 "are)");
	cxj_diagnostics_free(w);
	cxj_journey_free(j);
	free(doc);
}
END_TEST

START_TEST(unknown_keys_become_warnings)
{
	static const char doc[] = "cxjourney: 1\n"
				  "id: j\n"
				  "owner: cx-team\n"
				  "stages:\n"
				  "- id: s\n"
				  "  colour: {r: 1, g: [2, 3]}\n"
				  "  touchpoints:\n"
				  "  - id: t\n"
				  "    channel: phone\n"
				  "    mood: fine\n";
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	cxj_diagnostics *w = NULL;
	cxj_journey *j = NULL;
	o.flags = CXJ_LOAD_UNKNOWN_KEYS_WARN;
	o.warnings = &w;
	ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc), "w.yaml", &o,
					     &j),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_diagnostics_count(w), 3);
	ck_assert_uint_eq(cxj_diagnostics_error_count(w), 0);
	ck_assert_int_eq(cxj_diagnostics_severity(w, 0), CXJ_SEVERITY_WARNING);
	ck_assert_int_eq(cxj_diagnostics_rule(w, 0), CXJ_RULE_UNKNOWN_KEY);
	ck_assert_str_eq(cxj_diagnostics_message(w, 0), "unknown key 'owner'");
	ck_assert_uint_eq(cxj_diagnostics_line(w, 0), 3);
	ck_assert_uint_eq(cxj_diagnostics_column(w, 0), 1);
	ck_assert_str_eq(cxj_diagnostics_object(w, 0), "j");
	ck_assert_str_eq(cxj_diagnostics_message(w, 1),
			 "stages[0]: unknown key 'colour'");
	ck_assert_str_eq(cxj_diagnostics_object(w, 1), "s");
	ck_assert_uint_eq(cxj_diagnostics_line(w, 1), 6);
	ck_assert_uint_eq(cxj_diagnostics_column(w, 1), 3);
	ck_assert_str_eq(cxj_diagnostics_message(w, 2),
			 "stages[0].touchpoints[0]: unknown key 'mood'");
	ck_assert_uint_eq(cxj_diagnostics_line(w, 2), 10);
	ck_assert_uint_eq(cxj_diagnostics_column(w, 2), 5);
	ck_assert_str_eq(cxj_touchpoint_channel(cxj_journey_find_touchpoint(
				 j, "t")),
			 "phone");
	cxj_diagnostics_free(w);
	cxj_journey_free(j);
	/* without the flag the first one is an error; warnings untouched */
	o.flags = 0;
	w = (cxj_diagnostics *)UNTOUCHED;
	j = UNTOUCHED;
	ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc), NULL, &o, &j),
		     CXJ_EPARSE);
	ck_assert_ptr_eq(w, (cxj_diagnostics *)UNTOUCHED);
	ck_assert_ptr_eq(j, UNTOUCHED);
	/* a clean load gives an empty list */
	o.flags = CXJ_LOAD_UNKNOWN_KEYS_WARN;
	ck_assert_rc(cxj_journey_load_buffer("cxjourney: 1\nid: k\n", 19, NULL,
					     &o, &j),
		     CXJ_OK);
	ck_assert_ptr_nonnull(w);
	ck_assert_uint_eq(cxj_diagnostics_count(w), 0);
	cxj_diagnostics_free(w);
	cxj_journey_free(j);
}
END_TEST

/* An unknown key inside a metric is a key like any other: a lenient load
 * warns, skips it and keeps the metric. */
START_TEST(unknown_metric_keys_become_warnings)
{
	static const char doc[] = "cxjourney: 1\n"
				  "id: j\n"
				  "stages:\n"
				  "- id: s\n"
				  "  touchpoints:\n"
				  "  - id: t\n"
				  "    metrics:\n"
				  "      csat:\n"
				  "        kind: csat\n"
				  "        trimmed: {lo: 1}\n"
				  "        answers: [0, 0, 1, 0, 2]\n";
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	cxj_diagnostics *w = NULL;
	cxj_journey *j = NULL;
	const cxj_metric *m;
	o.flags = CXJ_LOAD_UNKNOWN_KEYS_WARN;
	o.warnings = &w;
	ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc), NULL, &o, &j),
		     CXJ_OK);
	ck_assert_uint_eq(cxj_diagnostics_count(w), 1);
	ck_assert_str_eq(cxj_diagnostics_message(w, 0),
			 "stages[0].touchpoints[0].metrics.csat: unknown key "
			 "'trimmed'");
	ck_assert_str_eq(cxj_diagnostics_object(w, 0), "t");
	ck_assert_uint_eq(cxj_diagnostics_line(w, 0), 10);
	ck_assert_uint_eq(cxj_diagnostics_column(w, 0), 9);
	m = cxj_touchpoint_metric(cxj_journey_find_touchpoint(j, "t"), "csat");
	ck_assert_uint_eq(cxj_metric_count(m), 3);
	ck_assert_uint_eq(cxj_metric_point_count(m, 5), 2);
	cxj_diagnostics_free(w);
	cxj_journey_free(j);
}
END_TEST

/* A lenient load still refuses a laughing skipped value. */
START_TEST(skipped_values_stay_bounded)
{
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	cxj_diagnostics *w = NULL;
	cxj_journey *j = UNTOUCHED;
	char *doc = malloc(sizeof laughs + 8);
	/* the same laughs under an unknown key that a lenient load skips */
	strcpy(doc, "cxjourney: 1\nid: j\nextras:\n");
	strcat(doc, strstr(laughs, "giggles:\n") + 9);
	o.flags = CXJ_LOAD_UNKNOWN_KEYS_WARN;
	o.warnings = &w;
	ck_assert_rc(cxj_journey_load_buffer(doc, strlen(doc), NULL, &o, &j),
		     CXJ_ELIMIT);
	ck_assert_ptr_null(w);
	ck_assert_ptr_eq(j, UNTOUCHED);
	free(doc);
}
END_TEST

/* ---- allocation failures ---- */

static const char small_doc[] = "cxjourney: 1\n"
				"id: j\n"
				"name: Small\n"
				"targets: {csat: 80}\n"
				"personas:\n"
				"- id: c\n"
				"  attributes: {country: FI}\n"
				"- id: a\n"
				"  kind: front-office\n"
				"stages:\n"
				"- name: First\n"
				"  id: s\n"
				"  touchpoints:\n"
				"  - id: t\n"
				"    steps: &st [one, two]\n"
				"    customers: [c]\n"
				"    front-office: [a]\n"
				"    channel: phone\n"
				"    moment-of-truth: {promise: P}\n"
				"    pain-points: *st\n"
				"    attributes: {k: v}\n"
				"    targets: {nps: 10}\n"
				"    metrics: {csat: {kind: csat, answers: [0, 1, 0, 2, "
				"9]}}\n"
				"    oops: 1\n";

typedef struct sweep_ctx {
	cxj_journey *j;
	cxj_diagnostics *w;
} sweep_ctx;

static int load_small(void *p)
{
	sweep_ctx *c = p;
	cxj_load_options o = CXJ_LOAD_OPTIONS_INIT;
	int rc;
	o.flags = CXJ_LOAD_UNKNOWN_KEYS_WARN;
	o.warnings = &c->w;
	rc = cxj_journey_load_buffer(small_doc, strlen(small_doc), "s.yaml",
				     &o, &c->j);
	if (rc == CXJ_OK) {
		ck_assert_uint_eq(cxj_diagnostics_count(c->w), 1);
		ck_assert_uint_eq(cxj_journey_touchpoint_count(c->j), 1);
	}
	return rc;
}

static void still_nothing(void *p)
{
	sweep_ctx *c = p;
	ck_assert_ptr_eq(c->j, UNTOUCHED);
	ck_assert_ptr_null(c->w);
}

START_TEST(load_survives_every_allocation_failure)
{
	sweep_ctx c = {UNTOUCHED, NULL};
	unsigned long n = cxjt_sweep(load_small, still_nothing, &c);
	ck_assert_uint_gt(n, 20);
	cxj_diagnostics_free(c.w);
	cxj_journey_free(c.j);
}
END_TEST

static int load_small_file(void *p)
{
	sweep_ctx *c = p;
	return cxj_journey_load_file((const char *)c->w, NULL, &c->j);
}

static void still_no_journey(void *p)
{
	sweep_ctx *c = p;
	ck_assert_ptr_eq(c->j, UNTOUCHED);
}

START_TEST(file_load_survives_every_allocation_failure)
{
	char path[] = "/tmp/cxj-yaml-XXXXXX";
	sweep_ctx c = {UNTOUCHED, NULL};
	int fd = mkstemp(path);
	const char *doc = strstr(small_doc, "    oops") ? small_doc : NULL;
	size_t len = (size_t)(strstr(doc, "    oops") - doc);
	ck_assert_int_eq(write(fd, doc, len), (ssize_t)len);
	close(fd);
	c.w = (cxj_diagnostics *)path;
	ck_assert_uint_gt(cxjt_sweep(load_small_file, still_no_journey, &c),
			  20);
	ck_assert_uint_eq(cxj_journey_touchpoint_count(c.j), 1);
	cxj_journey_free(c.j);
	unlink(path);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("yaml errors");
	TCase *tc = tcase_create("errors");
	tcase_add_loop_test(tc, each_error_names_its_line_and_column, 0,
			    (int)(sizeof bad / sizeof *bad));
	tcase_add_loop_test(tc, errors_from_files_have_the_same_position, 0,
			    (int)(sizeof bad / sizeof *bad));
	tcase_add_test(tc, utf8_error_deep_in_a_large_file);
	tcase_add_test(tc, missing_file_is_an_io_error);
	tcase_add_test(tc, taken_ids_across_claim_batches);
	tcase_add_test(tc, a_stage_after_a_waiting_touchpoint);
	tcase_add_test(tc, bad_arguments);
	tcase_add_test(tc, options_init_gives_the_documented_defaults);
	suite_add_tcase(s, tc);
	tc = tcase_create("limits");
	tcase_add_test(tc, depth_limit);
	tcase_add_test(tc, billion_laughs_fail_fast);
	tcase_add_test(tc, alias_budget_is_checked_before_the_value);
	tcase_add_test(tc, aliases_within_budget_are_expanded);
	tcase_add_test(tc, scalar_length_limit);
	tcase_add_test(tc, document_size_limit);
	tcase_add_test(tc, object_limit);
	tcase_add_test(tc, entry_limit);
	tcase_add_test(tc, metric_entry_and_unit_limits);
	tcase_add_test(tc, unknown_keys_become_warnings);
	tcase_add_test(tc, unknown_key_warnings_are_capped);
	tcase_add_test(tc, a_directory_and_validation_positions);
	tcase_add_test(tc, unknown_metric_keys_become_warnings);
	tcase_add_test(tc, skipped_values_stay_bounded);
	suite_add_tcase(s, tc);
	tc = tcase_create("allocation failures");
	tcase_add_test(tc, load_survives_every_allocation_failure);
	tcase_add_test(tc, file_load_survives_every_allocation_failure);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(suite());
}
