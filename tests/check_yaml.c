/* check_yaml.c: journeys saved and loaded as YAML: the example, round trips
 * of generated journeys, the canonical form, atomic saves and their
 * failures, and allocation failures in load and save. */
#include <dirent.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#define EXAMPLE "examples/itsm-support.yaml"

static char *save(const cxj_journey *j, size_t *len)
{
	char *text = NULL;
	size_t n = 0;
	ck_assert_rc(cxj_journey_save_buffer(j, NULL, &text, &n), CXJ_OK);
	ck_assert_uint_eq(strlen(text), n);
	if (len)
		*len = n;
	return text;
}

static cxj_journey *load(const char *text)
{
	cxj_journey *j = NULL;
	ck_assert_rc(cxj_journey_load_buffer(text, strlen(text), "mem", NULL,
					     &j),
		     CXJ_OK);
	return j;
}

/* save -> load -> save: the same bytes, and the same journey. */
static void assert_round_trip(const cxj_journey *j)
{
	char *first = save(j, NULL), *second, *d1, *d2;
	cxj_journey *again = load(first);
	second = save(again, NULL);
	ck_assert_str_eq(first, second);
	d1 = cxjt_dump(j);
	d2 = cxjt_dump(again);
	ck_assert_str_eq(d1, d2);
	free(d1);
	free(d2);
	cxj_free(first);
	cxj_free(second);
	cxj_journey_free(again);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = malloc((size_t)n + 1);
	ck_assert_int_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return s;
}

/* ---- the example ---- */

START_TEST(example_loads_validates_and_is_canonical)
{
	cxj_journey *j = NULL;
	cxj_diagnostics *d = NULL;
	cxj_touchpoint *t;
	cxj_persona *p;
	size_t len, slen;
	char *file = read_all(EXAMPLE, &len), *text;
	ck_assert_rc(cxj_journey_load_file(EXAMPLE, NULL, &j), CXJ_OK);
	ck_assert_rc(cxj_journey_validate(j, &d), CXJ_OK);
	ck_assert_uint_eq(cxj_diagnostics_count(d), 0);
	cxj_diagnostics_free(d);
	/* what the file says, read by eye */
	ck_assert_str_eq(cxj_journey_id(j), "itsm-support");
	ck_assert_uint_eq(cxj_journey_persona_count(j), 9);
	ck_assert_uint_eq(cxj_journey_stage_count(j), 4);
	ck_assert_uint_eq(cxj_journey_touchpoint_count(j), 12);
	ck_assert(cxj_journey_target(j, "ces") == 5.5);
	ck_assert(cxj_journey_target(j, "nps") == 20);
	p = cxj_journey_find_persona(j, "se-team");
	ck_assert_int_eq(cxj_persona_kind_of(p), CXJ_PERSONA_CUSTOMER);
	ck_assert_str_eq(cxj_persona_attr(p, "country"), "SE");
	p = cxj_journey_find_persona(j, "specialist");
	ck_assert_int_eq(cxj_persona_kind_of(p), CXJ_PERSONA_BACK_OFFICE);
	ck_assert_str_eq(cxj_persona_name(p), "Second-line specialist");
	t = cxj_journey_find_touchpoint(j, "escalate");
	ck_assert_str_eq(cxj_stage_id(cxj_touchpoint_stage(t)), "diagnose");
	ck_assert_int_eq(cxj_touchpoint_moment_of_truth(t), 1);
	ck_assert_str_eq(cxj_touchpoint_promise(t),
			 "Every hand-over is announced with the name of the "
			 "new owner");
	ck_assert_int_eq(cxj_touchpoint_experience(t),
			 CXJ_EXPERIENCE_NEGATIVE);
	ck_assert_uint_eq(cxj_touchpoint_persona_count(
				  t, CXJ_PERSONA_BACK_OFFICE),
			  2);
	ck_assert_str_eq(cxj_persona_id(cxj_touchpoint_persona_at(
				 t, CXJ_PERSONA_BACK_OFFICE, 1)),
			 "sd-coordinator");
	ck_assert_str_eq(cxj_touchpoint_attr(t, "failure-demand"), "yes");
	t = cxj_journey_find_touchpoint(j, "survey");
	ck_assert_str_eq(cxj_touchpoint_item_at(t, CXJ_LIST_OPPORTUNITIES, 0),
			 "Three questions: CSAT, CES and a comment");
	ck_assert(strchr(cxj_journey_description(j), '\n') != NULL);
	/* the file is in canonical form: saving gives it back */
	text = save(j, &slen);
	ck_assert_uint_eq(slen, len);
	ck_assert_str_eq(text, file);
	cxj_free(text);
	cxj_journey_free(j);
	free(file);
}
END_TEST

/* The example of cxjourney(5) is a valid, canonical journey. */
START_TEST(manual_example_loads_and_is_canonical)
{
	char *page = read_all("man/man5/cxjourney.5", NULL), *start, *end;
	char *text;
	cxj_journey *j;
	cxj_diagnostics *d = NULL;
	start = strstr(page, "\n.Sh EXAMPLES\n");
	ck_assert_ptr_nonnull(start);
	start = strstr(start, ".Bd -literal -offset indent\n");
	ck_assert_ptr_nonnull(start);
	start = strchr(start, '\n') + 1;
	end = strstr(start, "\n.Ed\n");
	ck_assert_ptr_nonnull(end);
	end[1] = '\0';
	j = load(start);
	ck_assert_rc(cxj_journey_validate(j, &d), CXJ_OK);
	ck_assert_uint_eq(cxj_diagnostics_count(d), 0);
	ck_assert_uint_eq(cxj_journey_persona_count(j), 3);
	ck_assert_uint_eq(cxj_journey_touchpoint_count(j), 1);
	text = save(j, NULL);
	ck_assert_str_eq(text, start);
	cxj_free(text);
	cxj_diagnostics_free(d);
	cxj_journey_free(j);
	free(page);
}
END_TEST

START_TEST(buffer_stream_and_file_loads_agree)
{
	cxj_journey *a = NULL, *b = NULL, *c = NULL;
	size_t len;
	char *file = read_all(EXAMPLE, &len), *da, *db, *dc;
	FILE *f = fopen(EXAMPLE, "rb");
	ck_assert_rc(cxj_journey_load_buffer(file, len, NULL, NULL, &a),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_load_stream(f, "stdin", NULL, &b), CXJ_OK);
	ck_assert_rc(cxj_journey_load_file(EXAMPLE, NULL, &c), CXJ_OK);
	fclose(f);
	da = cxjt_dump(a);
	db = cxjt_dump(b);
	dc = cxjt_dump(c);
	ck_assert_str_eq(da, db);
	ck_assert_str_eq(da, dc);
	free(da);
	free(db);
	free(dc);
	free(file);
	cxj_journey_free(a);
	cxj_journey_free(b);
	cxj_journey_free(c);
}
END_TEST

/* ---- generated journeys ---- */

static const char *const tricky[] = {
	"plain text",
	"Ärger über Öffnungszeiten – Yhteydenotto, å ä ö",
	"日本語のテキスト and emoji 🙂",
	"null",
	"~",
	"true",
	"No",
	"123",
	"-4.5e3",
	"0x1F",
	"1:30",
	".inf",
	"- starts like a list item",
	"# not a comment",
	"key: value",
	"ends with a colon:",
	"  leading spaces",
	"trailing spaces  ",
	"'single' and \"double\" quotes",
	"back\\slash",
	"tab\tinside",
	"line one\nline two\n",
	"line one\nline two",
	"\nstarts with a break",
	"  indented\n  block",
	"windows\r\nbreaks",
	"bell \x07 and escape \x1b",
	"& * ! | > % @ `",
	"{flow: [like]}",
	"---",
	"...",
	"é",
};
#define NTRICKY (sizeof tricky / sizeof *tricky)

static char *long_text(size_t n)
{
	char *s = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = (i % 97 == 96) ? '\n' : (char)('a' + i % 26);
	s[n] = '\0';
	return s;
}

/* A journey with every field set, tricky texts and long ones. */
static cxj_journey *full_journey(void)
{
	cxj_journey *j;
	cxj_persona *p;
	cxj_stage *s;
	cxj_touchpoint *t;
	char *longer = long_text(100000);
	ck_assert_rc(cxj_journey_new("jörney-ü", &j), CXJ_OK);
	ck_assert_rc(cxj_journey_set_name(j, tricky[1]), CXJ_OK);
	ck_assert_rc(cxj_journey_set_description(j, longer), CXJ_OK);
	ck_assert_rc(cxj_journey_set_target(j, "csat", 80), CXJ_OK);
	ck_assert_rc(cxj_journey_set_target(j, "nps", -12.5), CXJ_OK);
	ck_assert_rc(cxj_journey_set_target(j, "ces", 1.0 / 3.0 + 5),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_set_target(j, "time to resolve", 1e-7),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_set_target(j, "123", -1e300), CXJ_OK);
	ck_assert_rc(cxj_journey_add_persona(j, "fi-team", CXJ_PERSONA_CUSTOMER,
					     &p),
		     CXJ_OK);
	ck_assert_rc(cxj_persona_set_name(p, "Suomalainen tiimi"), CXJ_OK);
	ck_assert_rc(cxj_persona_set_description(p, tricky[21]), CXJ_OK);
	for (size_t i = 0; i < NTRICKY; i++) {
		char key[32];
		snprintf(key, sizeof key, "k%zu", i);
		ck_assert_rc(cxj_persona_set_attr(p, i % 2 ? key : tricky[i],
						  tricky[i]),
			     CXJ_OK);
	}
	ck_assert_rc(cxj_journey_add_persona(j, "agent",
					     CXJ_PERSONA_FRONT_OFFICE, &p),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_add_persona(j, "2nd-line",
					     CXJ_PERSONA_BACK_OFFICE, &p),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_add_persona(j, "null", CXJ_PERSONA_CUSTOMER,
					     &p),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_add_stage(j, "contact", &s), CXJ_OK);
	ck_assert_rc(cxj_stage_set_name(s, tricky[2]), CXJ_OK);
	ck_assert_rc(cxj_stage_set_description(s, tricky[22]), CXJ_OK);
	ck_assert_rc(cxj_stage_set_target(s, "ces", 7), CXJ_OK);
	ck_assert_rc(cxj_stage_add_touchpoint(s, "everything", &t), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_name(t, tricky[16]), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_description(t, longer), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_activity(t, tricky[23]), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_channel(t, tricky[3]), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_back_end_process(t, tricky[25]),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_think_feel(t, tricky[24]), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_moment_of_truth(t, 1), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_promise(t, tricky[26]), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_experience(t, CXJ_EXPERIENCE_POSITIVE),
		     CXJ_OK);
	for (int l = 0; l < 4; l++)
		for (size_t i = 0; i < NTRICKY; i++)
			ck_assert_rc(cxj_touchpoint_add_item(
					     t, l, tricky[(i + (size_t)l) % NTRICKY]),
				     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_persona(t, "fi-team"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_persona(t, "null"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_persona(t, "agent"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_persona(t, "2nd-line"), CXJ_OK);
	for (size_t i = 0; i < NTRICKY; i++)
		ck_assert_rc(cxj_touchpoint_set_attr(t, tricky[i],
						     tricky[NTRICKY - 1 - i]),
			     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_target(t, "nps", -100), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_target(t, "csat", 0.1), CXJ_OK);
	{
		/* stored metrics under every tricky name */
		cxj_metric *m;
		ck_assert_rc(cxj_metric_new(CXJ_KPI, &m), CXJ_OK);
		ck_assert_rc(cxj_metric_set_unit(m, tricky[20]), CXJ_OK);
		for (size_t i = 0; i < NTRICKY; i++) {
			ck_assert_rc(cxj_metric_add(m, 1.0 / 3 + (double)i),
				     CXJ_OK);
			ck_assert_rc(cxj_touchpoint_set_metric(t, tricky[i], m),
				     CXJ_OK);
		}
		cxj_metric_free(m);
	}
	/* a bare touchpoint: every list empty */
	ck_assert_rc(cxj_stage_add_touchpoint(s, "bare", &t), CXJ_OK);
	/* moment-of-truth without promise, and a promise without the flag */
	ck_assert_rc(cxj_stage_add_touchpoint(s, "mot-only", &t), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_moment_of_truth(t, 1), CXJ_OK);
	ck_assert_rc(cxj_stage_add_touchpoint(s, "promise-only", &t), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_promise(t, "kept anyway"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_experience(t, CXJ_EXPERIENCE_NEUTRAL),
		     CXJ_OK);
	/* an empty stage */
	ck_assert_rc(cxj_journey_add_stage(j, "empty", &s), CXJ_OK);
	free(longer);
	return j;
}

START_TEST(full_journey_round_trips)
{
	cxj_journey *j = full_journey();
	assert_round_trip(j);
	cxj_journey_free(j);
}
END_TEST

/* A small PRNG so that generated journeys are the same on every run. */
static unsigned long long rng_state;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng_state >> 33) % n);
}

/* Random UTF-8 text: ASCII (with YAML's special characters), Latin,
 * CJK and astral code points, and line breaks. */
static void random_text(char *out, size_t cap)
{
	static const char *const pieces[] = {
		"a", "Z", " ", ":", "#", "-", "'", "\"", "\\", "\n", "\t",
		"ä", "å", "€", "中", "🙂", "{", "]", "&", "*", "!", "%", "0",
		"9", ".", ","};
	size_t n = rnd(12), len = 0;
	out[0] = '\0';
	if (rnd(4) == 0) {
		snprintf(out, cap, "%s", tricky[rnd(NTRICKY)]);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *p = pieces[rnd(sizeof pieces / sizeof *pieces)];
		if (len + strlen(p) + 1 >= cap)
			break;
		strcpy(out + len, p);
		len += strlen(p);
	}
}

/* A metric of any kind with random answers, whole or weighted (zero
 * weights too); KPI values near zero or far from it, with or without a
 * unit; now and then none at all. */
static cxj_metric *random_metric(void)
{
	cxj_metric_kind kind = (cxj_metric_kind)(1 + rnd(4));
	cxj_metric *m;
	size_t n = rnd(3) ? rnd(40) : 0;
	int weighted = (int)rnd(2), lo = 0, hi = 0;
	double base = rnd(2) ? 0 : 1.7e9, step = rnd(2) ? 1.0 / 7 : 1e-3;
	ck_assert_rc(cxj_metric_new(kind, &m), CXJ_OK);
	if (kind == CXJ_KPI && rnd(2))
		ck_assert_rc(cxj_metric_set_unit(m, rnd(2) ? "s" : "€ / call"),
			     CXJ_OK);
	else if (kind != CXJ_KPI)
		ck_assert_rc(cxj_metric_kind_scale(kind, &lo, &hi), CXJ_OK);
	for (size_t i = 0; i < n; i++) {
		double x = kind == CXJ_KPI
			       ? base + ((double)rnd(20001) - 10000) * step
			       : lo + (double)rnd((unsigned)(hi - lo + 1));
		ck_assert_rc(cxj_metric_add_weighted(
				 m, x, weighted ? rnd(5) * 0.3 : 1.0),
			     CXJ_OK);
	}
	return m;
}

/* Stores up to two random metrics through set, under the kind's own name
 * or a random one. */
#define RANDOM_METRICS(obj, o)                                                 \
	do {                                                                   \
		for (unsigned n_ = rnd(3); n_ > 0; n_--) {                     \
			cxj_metric *m_ = random_metric();                      \
			char name_[128];                                       \
			random_text(name_, sizeof name_);                      \
			if (rnd(2) || !*name_)                                 \
				snprintf(name_, sizeof name_, "%s",            \
					 cxj_metric_kind_name(                 \
						 cxj_metric_kind_of(m_)));     \
			ck_assert_rc(cxj_##obj##_set_metric(o, name_, m_),     \
				     CXJ_OK);                                  \
			cxj_metric_free(m_);                                   \
		}                                                              \
	} while (0)

static cxj_journey *random_journey(unsigned seed)
{
	cxj_journey *j;
	char text[128], id[64];
	size_t np, ns;
	rng_state = seed;
	snprintf(id, sizeof id, "j%u", seed);
	ck_assert_rc(cxj_journey_new(id, &j), CXJ_OK);
	random_text(text, sizeof text);
	ck_assert_rc(cxj_journey_set_name(j, text), CXJ_OK);
	RANDOM_METRICS(journey, j);
	np = rnd(5);
	for (size_t i = 0; i < np; i++) {
		cxj_persona *p;
		snprintf(id, sizeof id, "p%zu", i);
		ck_assert_rc(cxj_journey_add_persona(j, id, rnd(3), &p), CXJ_OK);
		random_text(text, sizeof text);
		ck_assert_rc(cxj_persona_set_description(p, text), CXJ_OK);
		if (rnd(2)) {
			char key[128];
			random_text(key, sizeof key);
			random_text(text, sizeof text);
			if (*key)
				ck_assert_rc(cxj_persona_set_attr(p, key, text),
					     CXJ_OK);
		}
	}
	ns = rnd(4);
	for (size_t i = 0; i < ns; i++) {
		cxj_stage *s;
		size_t nt = rnd(4);
		snprintf(id, sizeof id, "s%zu", i);
		ck_assert_rc(cxj_journey_add_stage(j, id, &s), CXJ_OK);
		if (rnd(2))
			ck_assert_rc(cxj_stage_set_target(
					     s, "nps", (double)rnd(201) - 100),
				     CXJ_OK);
		RANDOM_METRICS(stage, s);
		for (size_t k = 0; k < nt; k++) {
			cxj_touchpoint *t;
			snprintf(id, sizeof id, "t%zu-%zu", i, k);
			ck_assert_rc(cxj_stage_add_touchpoint(s, id, &t), CXJ_OK);
			random_text(text, sizeof text);
			ck_assert_rc(cxj_touchpoint_set_think_feel(t, text),
				     CXJ_OK);
			random_text(text, sizeof text);
			ck_assert_rc(cxj_touchpoint_set_channel(t, text),
				     CXJ_OK);
			ck_assert_rc(cxj_touchpoint_set_experience(t, rnd(4)),
				     CXJ_OK);
			ck_assert_rc(cxj_touchpoint_set_moment_of_truth(
					     t, (int)rnd(2)),
				     CXJ_OK);
			if (rnd(2)) {
				random_text(text, sizeof text);
				ck_assert_rc(cxj_touchpoint_set_promise(t, text),
					     CXJ_OK);
			}
			for (size_t m = rnd(4); m > 0; m--) {
				random_text(text, sizeof text);
				if (*text) /* items are never empty */
					ck_assert_rc(cxj_touchpoint_add_item(
							     t, rnd(4), text),
						     CXJ_OK);
			}
			for (size_t m = 0; m < np; m++) {
				snprintf(id, sizeof id, "p%zu", m);
				if (rnd(2))
					ck_assert_rc(
						cxj_touchpoint_add_persona(t, id),
						CXJ_OK);
			}
			if (rnd(2))
				ck_assert_rc(cxj_touchpoint_set_target(
						     t, "ces",
						     1 + rnd(600) / 100.0),
					     CXJ_OK);
			RANDOM_METRICS(touchpoint, t);
		}
	}
	return j;
}

START_TEST(random_journeys_round_trip)
{
	for (unsigned seed = 1; seed <= 200; seed++) {
		cxj_journey *j = random_journey(seed);
		assert_round_trip(j);
		cxj_journey_free(j);
	}
}
END_TEST

/* ---- the canonical form ---- */

/* Hand-written, in any order and style, with comments, nulls, flow
 * collections and personas after the stages. */
static const char messy[] =
	"# a journey written by hand\n"
	"cxjourney: 1.2\n"
	"name: 'Messy'\n"
	"stages: [{touchpoints: [{channel: phone, id: t1, customers: [c],\n"
	"  moment-of-truth: true, experience: unknown, steps: ~,\n"
	"  front-office: [a]},\n"
	"  {id: t2, moment-of-truth: {flag: false, promise: later},\n"
	"   targets: {ces: 6.50}}], id: s1, description: null}]\n"
	"id: messy\n"
	"metrics: {csat: {answers: [0, 1, 2, 3, 004], kind: csat},\n"
	"  aht: {count: 2, max: 1e1, min: 5.0, shift: 5, squared-deviations: 12.5,\n"
	"   shifted-mean: 2.50, kind: kpi, unit: ''}}\n"
	"targets: {nps: +010}\n"
	"personas:\n"
	"  - {kind: front-office, id: a, attributes: {b: \"2\", a: \"1\"}}\n"
	"  - id: c\n"
	"    description: >\n"
	"      folded\n"
	"      text\n";

static const char messy_canonical[] =
	"cxjourney: 1\n"
	"id: messy\n"
	"name: Messy\n"
	"targets:\n"
	"  nps: 10\n"
	"metrics:\n"
	"  csat:\n"
	"    kind: csat\n"
	"    answers: [0, 1, 2, 3, 4]\n"
	"  aht:\n"
	"    kind: kpi\n"
	"    count: 2\n"
	"    min: 5\n"
	"    max: 10\n"
	"    shift: 5\n"
	"    shifted-mean: 2.5\n"
	"    squared-deviations: 12.5\n"
	"personas:\n"
	"- id: a\n"
	"  kind: front-office\n"
	"  attributes:\n"
	"    b: \"2\"\n"
	"    a: \"1\"\n"
	"- id: c\n"
	"  kind: customer\n"
	"  description: |\n"
	"    folded text\n"
	"stages:\n"
	"- id: s1\n"
	"  touchpoints:\n"
	"  - id: t1\n"
	"    customers:\n"
	"    - c\n"
	"    channel: phone\n"
	"    front-office:\n"
	"    - a\n"
	"    moment-of-truth: true\n"
	"  - id: t2\n"
	"    moment-of-truth:\n"
	"      flag: false\n"
	"      promise: later\n"
	"    targets:\n"
	"      ces: 6.5\n";

START_TEST(any_input_style_saves_canonically)
{
	cxj_journey *j = load(messy);
	char *text = save(j, NULL);
	ck_assert_str_eq(text, messy_canonical);
	cxj_free(text);
	cxj_journey_free(j);
}
END_TEST

/* How each kind of text is written: plain when it reads back as that
 * string, quoted when a YAML reader would take it for a null, boolean or
 * number, a literal block for lines. */
START_TEST(text_styles)
{
	static const struct {
		const char *text, *yaml;
	} cases[] = {
		{"plain words", "name: plain words\n"},
		{"null", "name: \"null\"\n"},
		{"Yes", "name: \"Yes\"\n"},
		{"42", "name: \"42\"\n"},
		{"-4.5e3", "name: \"-4.5e3\"\n"},
		{"0x1F", "name: \"0x1F\"\n"},
		{"2nd line", "name: 2nd line\n"},
		{"a: b", "name: 'a: b'\n"},
		{"# hash", "name: '# hash'\n"},
		{"two\nlines", "name: |-\n  two\n  lines\n"},
		{"two\nlines\n", "name: |\n  two\n  lines\n"},
		{"crlf\r\n", "name: \"crlf\\r\\n\"\n"},
		{"Åbo – Turku", "name: Åbo – Turku\n"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cxj_journey *j, *again;
		char *text, want[256];
		ck_assert_rc(cxj_journey_new("j", &j), CXJ_OK);
		ck_assert_rc(cxj_journey_set_name(j, cases[i].text), CXJ_OK);
		text = save(j, NULL);
		snprintf(want, sizeof want, "cxjourney: 1\nid: j\n%s",
			 cases[i].yaml);
		ck_assert_str_eq(text, want);
		again = load(text);
		ck_assert_str_eq(cxj_journey_name(again), cases[i].text);
		cxj_free(text);
		cxj_journey_free(j);
		cxj_journey_free(again);
	}
}
END_TEST

/* Numbers are written as the shortest decimal that reads back exactly. */
START_TEST(numbers_round_trip_exactly)
{
	/* the texts are the shortest round-trip forms, as Python's repr()
	 * gives them (but for its trailing ".0" on integers):
	 * /usr/bin/python3 -c 'print([repr(x) for x in (80.0, 5.5, 0.1,
	 *     1e-07, -1e300, 1/3+5, 0.1+0.2)])'
	 * ['80.0', '5.5', '0.1', '1e-07', '-1e+300', '5.333333333333333',
	 *  '0.30000000000000004'] */
	static const struct {
		double value;
		const char *text;
	} cases[] = {
		{80, "80"},
		{5.5, "5.5"},
		{0.1, "0.1"},
		{1e-7, "1e-07"},
		{-1e300, "-1e+300"},
		{1.0 / 3.0 + 5, "5.333333333333333"},
		{0.1 + 0.2, "0.30000000000000004"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cxj_journey *j, *again;
		char *text, want[128];
		ck_assert_rc(cxj_journey_new("j", &j), CXJ_OK);
		ck_assert_rc(cxj_journey_set_target(j, "kpi", cases[i].value),
			     CXJ_OK);
		text = save(j, NULL);
		snprintf(want, sizeof want,
			 "cxjourney: 1\nid: j\ntargets:\n  kpi: %s\n",
			 cases[i].text);
		ck_assert_str_eq(text, want);
		again = load(text);
		ck_assert(cxj_journey_target(again, "kpi") == cases[i].value);
		cxj_free(text);
		cxj_journey_free(j);
		cxj_journey_free(again);
	}
}
END_TEST

/* A host locale with a decimal comma changes neither reading nor writing.
 * Which such locales exist depends on the machine (CI images often have
 * none; `localedef -i fi_FI -f UTF-8 DIR/fi_FI.UTF-8` and LOCPATH=DIR make
 * one); without any, this checks the C locale only. */
START_TEST(numbers_ignore_the_host_locale)
{
	static const char *const comma[] = {"fi_FI.UTF-8", "sv_SE.UTF-8",
					    "de_DE.UTF-8", "fr_FR.UTF-8"};
	static const char doc[] = "cxjourney: 1\nid: j\ntargets:\n  ces: 5.5\n";
	cxj_journey *j;
	char *text;
	for (size_t i = 0; i < sizeof comma / sizeof *comma; i++)
		if (setlocale(LC_NUMERIC, comma[i]))
			break;
	j = load(doc);
	ck_assert(cxj_journey_target(j, "ces") == 5.5);
	text = save(j, NULL);
	ck_assert_str_eq(text, doc);
	setlocale(LC_NUMERIC, "C");
	cxj_free(text);
	cxj_journey_free(j);
}
END_TEST

/* ---- stored metrics ---- */

static cxj_metric *scored(cxj_metric_kind kind, const double *scores,
			  const double *weights, size_t n, const char *unit)
{
	cxj_metric *m;
	ck_assert_rc(cxj_metric_new(kind, &m), CXJ_OK);
	for (size_t i = 0; i < n; i++)
		ck_assert_rc(cxj_metric_add_weighted(m, scores[i],
						     weights ? weights[i] : 1),
			     CXJ_OK);
	if (unit)
		ck_assert_rc(cxj_metric_set_unit(m, unit), CXJ_OK);
	return m;
}

/* Every kind on every level, in the form of cxjourney(5). */
static const double csat_scores[] = {5, 4, 4, 2, 5, 5};
static const double nps_scores[] = {10, 9, 0, 7, 10};
static const double nps_weights[] = {0.5, 2, 1.25, 0, 3};
static const double ces_scores[] = {7, 1, 4};
static const double aht_scores[] = {5, 10};
static const double wait_scores[] = {3};
static const double wait_weights[] = {0.5};

static cxj_journey *metrics_journey(void)
{
	cxj_journey *j;
	cxj_stage *s;
	cxj_touchpoint *t;
	cxj_metric *m[8];
	ck_assert_rc(cxj_journey_new("j", &j), CXJ_OK);
	ck_assert_rc(cxj_journey_add_stage(j, "s", &s), CXJ_OK);
	ck_assert_rc(cxj_stage_add_touchpoint(s, "t", &t), CXJ_OK);
	m[0] = scored(CXJ_CSAT, csat_scores, NULL, 6, NULL);
	m[1] = scored(CXJ_NPS, nps_scores, nps_weights, 5, NULL);
	m[2] = scored(CXJ_CES, ces_scores, NULL, 3, NULL);
	m[3] = scored(CXJ_CES, ces_scores, nps_weights, 3, NULL);
	m[4] = scored(CXJ_KPI, aht_scores, NULL, 2, "min");
	m[5] = scored(CXJ_KPI, wait_scores, wait_weights, 1, NULL);
	m[6] = scored(CXJ_KPI, NULL, NULL, 0, "s");
	m[7] = scored(CXJ_NPS, NULL, NULL, 0, NULL);
	ck_assert_rc(cxj_journey_set_metric(j, "csat", m[0]), CXJ_OK);
	ck_assert_rc(cxj_journey_set_metric(j, "empty", m[6]), CXJ_OK);
	ck_assert_rc(cxj_stage_set_metric(s, "ces", m[2]), CXJ_OK);
	ck_assert_rc(cxj_stage_set_metric(s, "ces-weighted", m[3]), CXJ_OK);
	ck_assert_rc(cxj_stage_set_metric(s, "nps", m[7]), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_metric(t, "nps", m[1]), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_metric(t, "handle-time", m[4]), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_metric(t, "wait", m[5]), CXJ_OK);
	for (size_t i = 0; i < 8; i++)
		cxj_metric_free(m[i]);
	return j;
}

static const char metrics_text[] =
	"cxjourney: 1\n"
	"id: j\n"
	"metrics:\n"
	"  csat:\n"
	"    kind: csat\n"
	"    answers: [0, 1, 0, 2, 3]\n"
	"  empty:\n"
	"    kind: kpi\n"
	"    unit: s\n"
	"    count: 0\n"
	"stages:\n"
	"- id: s\n"
	"  metrics:\n"
	"    ces:\n"
	"      kind: ces\n"
	"      answers: [1, 0, 0, 1, 0, 0, 1]\n"
	"    ces-weighted:\n"
	"      kind: ces\n"
	"      answers: [1, 0, 0, 1, 0, 0, 1]\n"
	"      weights: [2, 0, 0, 1.25, 0, 0, 0.5]\n"
	"      squared-weights: 5.8125\n"
	"    nps:\n"
	"      kind: nps\n"
	"      answers: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]\n"
	"  touchpoints:\n"
	"  - id: t\n"
	"    metrics:\n"
	"      nps:\n"
	"        kind: nps\n"
	"        answers: [1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 2]\n"
	"        weights: [1.25, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3.5]\n"
	"        squared-weights: 14.8125\n"
	"      handle-time:\n"
	"        kind: kpi\n"
	"        unit: min\n"
	"        count: 2\n"
	"        min: 5\n"
	"        max: 10\n"
	"        shift: 5\n"
	"        shifted-mean: 2.5\n"
	"        squared-deviations: 12.5\n"
	"      wait:\n"
	"        kind: kpi\n"
	"        count: 1\n"
	"        min: 3\n"
	"        max: 3\n"
	"        weight-sum: 0.5\n"
	"        squared-weights: 0.25\n"
	"        shift: 3\n"
	"        shifted-mean: 0\n"
	"        squared-deviations: 0\n";

/* The form is the documented one; what loads is the very state saved. */
START_TEST(stored_metrics_in_canonical_form)
{
	cxj_journey *j = metrics_journey(), *again;
	const cxj_touchpoint *t;
	const cxj_metric *m;
	char *text = save(j, NULL), *d1, *d2;
	ck_assert_str_eq(text, metrics_text);
	again = load(text);
	d1 = cxjt_dump(j);
	d2 = cxjt_dump(again);
	ck_assert_str_eq(d1, d2); /* the states, byte for byte */
	t = cxj_journey_find_touchpoint(again, "t");
	m = cxj_touchpoint_metric(t, "nps");
	ck_assert_int_eq(cxj_metric_kind_of(m), CXJ_NPS);
	ck_assert_uint_eq(cxj_metric_count(m), 5);
	ck_assert(cxj_metric_weight_sum(m) == 6.75);
	ck_assert_str_eq(
	    cxj_metric_unit(cxj_touchpoint_metric(t, "handle-time")), "min");
	ck_assert(cxj_metric_mean(cxj_touchpoint_metric(t, "handle-time")) ==
		  7.5);
	ck_assert_uint_eq(cxj_journey_metric_count(again), 2);
	ck_assert_uint_eq(cxj_metric_count(cxj_journey_metric(again, "empty")),
			  0);
	free(d1);
	free(d2);
	cxj_free(text);
	cxj_journey_free(again);
	cxj_journey_free(j);
}
END_TEST

/* load -> save -> load -> save: the same bytes each time and the states
 * of the first journey, for metrics whose numbers need every digit. */
START_TEST(stored_metrics_round_trip_exactly)
{
	static const double epoch[] = {1700000000.5, 1700000012, 1699999990.25,
				       1700000001.0 / 3};
	static const double thirds[] = {1.0 / 3, 2.0 / 3, 0.1, 1e-300, 0};
	static const double odd[] = {0.1, 0.7, 1e-9, 3, 1.0 / 3};
	cxj_journey *j = metrics_journey(), *a, *b;
	cxj_touchpoint *t = cxj_journey_find_touchpoint(j, "t");
	cxj_metric *m[4];
	char *text, *t1, *t2, *d0, *d1, *d2;
	m[0] = scored(CXJ_KPI, epoch, NULL, 4, "s");
	m[1] = scored(CXJ_KPI, thirds, odd, 5, NULL);
	m[2] = scored(CXJ_CSAT, csat_scores, odd, 5, NULL);
	m[3] = scored(CXJ_KPI, NULL, NULL, 0, NULL);
	ck_assert_rc(cxj_metric_add(m[3], -0.0), CXJ_OK); /* written -0 */
	ck_assert_rc(cxj_metric_add(m[3], 0.0), CXJ_OK);
	for (size_t i = 0; i < 4; i++) {
		char name[16];
		snprintf(name, sizeof name, "m%zu", i);
		ck_assert_rc(cxj_touchpoint_set_metric(t, name, m[i]), CXJ_OK);
		ck_assert_rc(cxj_journey_merge_metric(j, name, m[i]), CXJ_OK);
		cxj_metric_free(m[i]);
	}
	text = save(j, NULL);
	ck_assert_ptr_nonnull(strstr(text, "        shift: -0\n"));
	a = load(text);
	t1 = save(a, NULL);
	b = load(t1);
	t2 = save(b, NULL);
	ck_assert_str_eq(text, t1);
	ck_assert_str_eq(t1, t2);
	d0 = cxjt_dump(j);
	d1 = cxjt_dump(a);
	d2 = cxjt_dump(b);
	ck_assert_str_eq(d0, d1);
	ck_assert_str_eq(d0, d2);
	free(d0);
	free(d1);
	free(d2);
	cxj_free(text);
	cxj_free(t1);
	cxj_free(t2);
	cxj_journey_free(a);
	cxj_journey_free(b);
	cxj_journey_free(j);
}
END_TEST

/* An empty or null metrics mapping stores nothing, and nothing is
 * written for an object without metrics. */
START_TEST(empty_metrics_write_nothing)
{
	static const char doc[] = "cxjourney: 1\n"
				  "id: j\n"
				  "metrics: {}\n"
				  "stages:\n"
				  "- id: s\n"
				  "  metrics: ~\n"
				  "  touchpoints:\n"
				  "  - id: t\n"
				  "    metrics:\n";
	cxj_journey *j = load(doc);
	char *text = save(j, NULL);
	ck_assert_uint_eq(cxj_journey_metric_count(j), 0);
	ck_assert_str_eq(text, "cxjourney: 1\nid: j\nstages:\n- id: s\n"
			       "  touchpoints:\n  - id: t\n");
	cxj_free(text);
	cxj_journey_free(j);
}
END_TEST

/* ---- saving files ---- */

static char tmpdir[64];

static void make_tmpdir(void)
{
	strcpy(tmpdir, "/tmp/cxj-save-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/* Entries of tmpdir besides the given name: leftovers of a save. */
static int leftovers(const char *keep)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	int n = 0;
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (keep && !strcmp(e->d_name, keep)))
			continue;
		n++;
	}
	closedir(d);
	return n;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(save_file_replaces_and_keeps_permissions)
{
	char path[128], cwd[4096], *text, *back;
	cxj_journey *j = full_journey(), *again = NULL;
	struct stat st;
	make_tmpdir();
	snprintf(path, sizeof path, "%s/map.yaml", tmpdir);
	write_file(path, "old\n");
	ck_assert_int_eq(chmod(path, 0640), 0);
	ck_assert_rc(cxj_journey_save_file(j, path, NULL), CXJ_OK);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0640);
	ck_assert_int_eq(leftovers("map.yaml"), 0);
	text = save(j, NULL);
	back = read_all(path, NULL);
	ck_assert_str_eq(back, text);
	ck_assert_rc(cxj_journey_load_file(path, NULL, &again), CXJ_OK);
	ck_assert_uint_eq(cxj_journey_touchpoint_count(again), 4);
	/* a new file in the current directory (no slash in the path) */
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	ck_assert_int_eq(chdir(tmpdir), 0);
	ck_assert_rc(cxj_journey_save_file(again, "new.yaml", NULL), CXJ_OK);
	free(back);
	back = read_all("new.yaml", NULL);
	ck_assert_str_eq(back, text);
	unlink("new.yaml");
	ck_assert_int_eq(chdir(cwd), 0);
	unlink(path);
	rmdir(tmpdir);
	free(back);
	cxj_free(text);
	cxj_journey_free(j);
	cxj_journey_free(again);
}
END_TEST

START_TEST(save_file_failures_leave_the_old_file)
{
	char path[128], bad[160], *back;
	cxj_journey *j = full_journey();
	make_tmpdir();
	snprintf(path, sizeof path, "%s/map.yaml", tmpdir);
	write_file(path, "old\n");
	/* a directory that does not exist */
	snprintf(bad, sizeof bad, "%s/missing/map.yaml", tmpdir);
	ck_assert_rc(cxj_journey_save_file(j, bad, NULL), CXJ_EIO);
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message,
				     "cannot create a temporary file"));
	ck_assert_str_eq(cxj_error_last()->file, bad);
	/* a parent that is a file */
	snprintf(bad, sizeof bad, "%s/map.yaml/x.yaml", tmpdir);
	ck_assert_rc(cxj_journey_save_file(j, bad, NULL), CXJ_EIO);
	/* the target is a directory: the rename fails, the temp goes */
	snprintf(bad, sizeof bad, "%s/sub", tmpdir);
	ck_assert_int_eq(mkdir(bad, 0755), 0);
	ck_assert_rc(cxj_journey_save_file(j, bad, NULL), CXJ_EIO);
	ck_assert_int_eq(rmdir(bad), 0);
	/* an unwritable directory, which only binds when not root */
	if (geteuid() != 0) {
		ck_assert_int_eq(chmod(tmpdir, 0555), 0);
		ck_assert_rc(cxj_journey_save_file(j, path, NULL), CXJ_EIO);
		ck_assert_int_eq(chmod(tmpdir, 0755), 0);
	}
	back = read_all(path, NULL);
	ck_assert_str_eq(back, "old\n");
	ck_assert_int_eq(leftovers("map.yaml"), 0);
	free(back);
	unlink(path);
	rmdir(tmpdir);
	cxj_journey_free(j);
}
END_TEST

/* A full disk, as a file size limit: the write fails part way. */
START_TEST(save_file_on_a_full_disk_leaves_the_old_file)
{
	char path[128], *back;
	cxj_journey *j = full_journey();
	struct rlimit old, small;
	make_tmpdir();
	snprintf(path, sizeof path, "%s/map.yaml", tmpdir);
	write_file(path, "old\n");
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 4096;
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
	ck_assert_rc(cxj_journey_save_file(j, path, NULL), CXJ_EIO);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message,
				     strerror(EFBIG)));
	back = read_all(path, NULL);
	ck_assert_str_eq(back, "old\n");
	ck_assert_int_eq(leftovers("map.yaml"), 0);
	free(back);
	unlink(path);
	rmdir(tmpdir);
	cxj_journey_free(j);
}
END_TEST

START_TEST(save_stream)
{
	cxj_journey *j = full_journey();
	FILE *f = tmpfile(), *full;
	char *text = save(j, NULL), *back;
	size_t len = strlen(text);
	ck_assert_rc(cxj_journey_save_stream(j, f, NULL), CXJ_OK);
	ck_assert_int_eq(ftell(f), (long)len);
	rewind(f);
	back = malloc(len + 1);
	ck_assert_uint_eq(fread(back, 1, len + 1, f), len);
	back[len] = '\0';
	ck_assert_str_eq(back, text);
	fclose(f);
	full = fopen("/dev/full", "w");
	if (full) {
		ck_assert_rc(cxj_journey_save_stream(j, full, NULL), CXJ_EIO);
		fclose(full);
	}
	free(back);
	cxj_free(text);
	cxj_journey_free(j);
}
END_TEST

START_TEST(save_bad_arguments)
{
	cxj_journey *j;
	cxj_save_options o = CXJ_SAVE_OPTIONS_INIT;
	char *text = (char *)"untouched";
	size_t len = 7;
	ck_assert_rc(cxj_journey_new("j", &j), CXJ_OK);
	ck_assert_rc(cxj_journey_save_buffer(NULL, NULL, &text, &len),
		     CXJ_EINVAL);
	ck_assert_rc(cxj_journey_save_buffer(j, NULL, NULL, &len), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_save_file(j, NULL, NULL), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_save_file(j, "", NULL), CXJ_EINVAL);
	ck_assert_rc(cxj_journey_save_stream(j, NULL, NULL), CXJ_EINVAL);
	o.version = 0;
	ck_assert_rc(cxj_journey_save_buffer(j, &o, &text, &len), CXJ_EINVAL);
	o.version = CXJ_SAVE_OPTIONS_VERSION;
	o.flags = 1;
	ck_assert_rc(cxj_journey_save_buffer(j, &o, &text, &len), CXJ_EINVAL);
	ck_assert_str_eq(text, "untouched");
	ck_assert_uint_eq(len, 7);
	ck_assert_rc(cxj_save_options_init(&o, 0), CXJ_EINVAL);
	ck_assert_rc(cxj_save_options_init(NULL, 1), CXJ_EINVAL);
	memset(&o, 0xAB, sizeof o);
	ck_assert_rc(cxj_save_options_init(&o, CXJ_SAVE_OPTIONS_VERSION),
		     CXJ_OK);
	ck_assert_uint_eq(o.version, CXJ_SAVE_OPTIONS_VERSION);
	ck_assert_uint_eq(o.flags, 0);
	ck_assert_rc(cxj_journey_save_buffer(j, &o, &text, &len), CXJ_OK);
	ck_assert_str_eq(text, "cxjourney: 1\nid: j\n");
	cxj_free(text);
	cxj_journey_free(j);
}
END_TEST

/* ---- allocation failures ---- */

static cxj_journey *small_journey(void)
{
	cxj_journey *j;
	cxj_stage *s;
	cxj_touchpoint *t;
	ck_assert_rc(cxj_journey_new("j", &j), CXJ_OK);
	ck_assert_rc(cxj_journey_set_target(j, "csat", 80), CXJ_OK);
	ck_assert_rc(cxj_journey_add_persona(j, "c", CXJ_PERSONA_CUSTOMER,
					     NULL),
		     CXJ_OK);
	ck_assert_rc(cxj_journey_add_stage(j, "s", &s), CXJ_OK);
	ck_assert_rc(cxj_stage_add_touchpoint(s, "t", &t), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_channel(t, "phone"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_persona(t, "c"), CXJ_OK);
	ck_assert_rc(cxj_touchpoint_add_item(t, CXJ_LIST_STEPS, "call"),
		     CXJ_OK);
	ck_assert_rc(cxj_touchpoint_set_attr(t, "k", "v"), CXJ_OK);
	return j;
}

typedef struct save_ctx {
	cxj_journey *j;
	char *text;
	size_t len;
	const char *path;
} save_ctx;

static int save_small(void *p)
{
	save_ctx *c = p;
	return cxj_journey_save_buffer(c->j, NULL, &c->text, &c->len);
}

static void no_text(void *p)
{
	save_ctx *c = p;
	ck_assert_ptr_null(c->text);
	ck_assert_uint_eq(c->len, 0);
}

START_TEST(save_buffer_survives_every_allocation_failure)
{
	save_ctx c = {small_journey(), NULL, 0, NULL};
	ck_assert_uint_gt(cxjt_sweep(save_small, no_text, &c), 0);
	ck_assert_str_eq(c.text, "cxjourney: 1\n"
				 "id: j\n"
				 "targets:\n"
				 "  csat: 80\n"
				 "personas:\n"
				 "- id: c\n"
				 "  kind: customer\n"
				 "stages:\n"
				 "- id: s\n"
				 "  touchpoints:\n"
				 "  - id: t\n"
				 "    steps:\n"
				 "    - call\n"
				 "    customers:\n"
				 "    - c\n"
				 "    channel: phone\n"
				 "    attributes:\n"
				 "      k: v\n");
	cxj_free(c.text);
	cxj_journey_free(c.j);
}
END_TEST

static int save_small_file(void *p)
{
	save_ctx *c = p;
	return cxj_journey_save_file(c->j, c->path, NULL);
}

static void old_file_intact(void *p)
{
	save_ctx *c = p;
	char *back = read_all(c->path, NULL);
	ck_assert_str_eq(back, "old\n");
	ck_assert_int_eq(leftovers("map.yaml"), 0);
	free(back);
}

START_TEST(save_file_survives_every_allocation_failure)
{
	char path[128], *back;
	save_ctx c = {small_journey(), NULL, 0, path};
	make_tmpdir();
	snprintf(path, sizeof path, "%s/map.yaml", tmpdir);
	write_file(path, "old\n");
	ck_assert_uint_gt(cxjt_sweep(save_small_file, old_file_intact, &c), 0);
	back = read_all(path, NULL);
	ck_assert_ptr_nonnull(strstr(back, "channel: phone"));
	free(back);
	unlink(path);
	rmdir(tmpdir);
	cxj_journey_free(c.j);
}
END_TEST

static int load_stream_small(void *p)
{
	save_ctx *c = p;
	FILE *f = fmemopen(c->text, c->len, "r");
	int rc = cxj_journey_load_stream(f, "mem", NULL, &c->j);
	fclose(f);
	return rc;
}

static void no_journey(void *p)
{
	save_ctx *c = p;
	ck_assert_ptr_null(c->j);
}

START_TEST(stream_load_survives_every_allocation_failure)
{
	cxj_journey *j = small_journey();
	save_ctx c = {NULL, NULL, 0, NULL};
	char *d1, *d2;
	ck_assert_rc(cxj_journey_save_buffer(j, NULL, &c.text, &c.len), CXJ_OK);
	ck_assert_uint_gt(cxjt_sweep(load_stream_small, no_journey, &c), 10);
	d1 = cxjt_dump(j);
	d2 = cxjt_dump(c.j);
	ck_assert_str_eq(d1, d2);
	free(d1);
	free(d2);
	cxj_free(c.text);
	cxj_journey_free(c.j);
	cxj_journey_free(j);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("yaml");
	TCase *tc = tcase_create("round trips");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, example_loads_validates_and_is_canonical);
	tcase_add_test(tc, manual_example_loads_and_is_canonical);
	tcase_add_test(tc, buffer_stream_and_file_loads_agree);
	tcase_add_test(tc, full_journey_round_trips);
	tcase_add_test(tc, random_journeys_round_trip);
	tcase_add_test(tc, any_input_style_saves_canonically);
	tcase_add_test(tc, text_styles);
	tcase_add_test(tc, numbers_round_trip_exactly);
	tcase_add_test(tc, numbers_ignore_the_host_locale);
	tcase_add_test(tc, stored_metrics_in_canonical_form);
	tcase_add_test(tc, stored_metrics_round_trip_exactly);
	tcase_add_test(tc, empty_metrics_write_nothing);
	suite_add_tcase(s, tc);
	tc = tcase_create("files");
	tcase_add_test(tc, save_file_replaces_and_keeps_permissions);
	tcase_add_test(tc, save_file_failures_leave_the_old_file);
	tcase_add_test(tc, save_file_on_a_full_disk_leaves_the_old_file);
	tcase_add_test(tc, save_stream);
	tcase_add_test(tc, save_bad_arguments);
	suite_add_tcase(s, tc);
	tc = tcase_create("allocation failures");
	tcase_add_test(tc, save_buffer_survives_every_allocation_failure);
	tcase_add_test(tc, save_file_survives_every_allocation_failure);
	tcase_add_test(tc, stream_load_survives_every_allocation_failure);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(suite());
}
