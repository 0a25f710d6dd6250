/* check_hash.c: the keyed string hash and the tables under a flood of
 * colliding ids, built for the unkeyed functions the library had before
 * and, with a known key, for the keyed one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "testutil.h"

#define ID_LEN 16
#define FLOOD 3000

/* ---- SipHash ---- */

START_TEST(siphash_reference_vectors)
{
	/* the SipHash paper's vectors for SipHash-2-4, key 00..0f, messages
	 * 00 01 02 ... of length 0, 8 and 15: the same rounds and padding
	 * make SipHash-1-3 */
	const uint64_t k[2] = {0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL};
	char msg[15];
	for (int i = 0; i < 15; i++)
		msg[i] = (char)i;
	ck_assert(cxj__siphash(k, msg, 0, 2, 4) == 0x726fdb47dd0e0e31ULL);
	ck_assert(cxj__siphash(k, msg, 8, 2, 4) == 0x93f5f5799a932462ULL);
	ck_assert(cxj__siphash(k, msg, 15, 2, 4) == 0xa129ca6149be45e5ULL);
}
END_TEST

START_TEST(hash_is_keyed_and_marked)
{
	const uint64_t k1[4] = {1, 2, 3, 4}, k2[4] = {5, 6, 7, 8};
	uint64_t f1, s1;
	cxj__hash_set_key(k1);
	f1 = cxj__hash_fast("call-desk", 9);
	s1 = cxj__hash_strong("call-desk", 9);
	ck_assert(!(f1 & CXJ__HASH_STRONG));
	ck_assert(s1 & CXJ__HASH_STRONG);
	ck_assert(cxj__hash("call-desk", 9, 0) == f1);
	ck_assert(cxj__hash("call-desk", 9, 1) == s1);
	cxj__hash_set_key(k2);
	ck_assert(cxj__hash_fast("call-desk", 9) != f1);
	ck_assert(cxj__hash_strong("call-desk", 9) != s1);
}
END_TEST

/* ---- colliding ids ----
 * Each function below walks 8-byte blocks, h = step(h ^ w), from a start
 * that depends only on the length, and ends in a bijective mix. Two 16-byte
 * ids collide when their states after the second block agree: pick the
 * first block at random, then the second is fixed, and is kept when all its
 * bytes are printable (about one try in 3,000). */

typedef uint64_t (*block_step)(uint64_t h, uint64_t w);

/* The journey's id map before this fix (strmap.c, unkeyed). */
static uint64_t old_map_step(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0xff51afd7ed558ccdULL;
	return h ^ (h >> 32);
}

/* The CSV interner's hash before this fix (responses.c, unkeyed). */
static uint64_t old_intern_step(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0xff51afd7ed558ccdULL;
	return h ^ (h >> 29);
}

static uint64_t rng = 0x853c49e6748fea9bULL;

static uint64_t next_random(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return rng ^ (rng >> 29);
}

/* A word of 8 printable bytes, no space: what an id may hold. */
static int printable(uint64_t w)
{
	for (int i = 0; i < 8; i++) {
		unsigned c = (unsigned)(w >> (8 * i)) & 0xff;
		if (c < 0x21 || c > 0x7e)
			return 0;
	}
	return 1;
}

static uint64_t printable_random(void)
{
	uint64_t w = 0;
	for (int i = 0; i < 8; i++)
		w |= (uint64_t)(0x21 + next_random() % 94) << (8 * i);
	return w;
}

/* n ids of 16 bytes (NUL-terminated, ID_LEN + 1 apart) whose states after
 * both blocks are equal under step from start: full collisions. */
static char *colliding_ids(block_step step, uint64_t start, size_t n)
{
	const uint64_t target = 0x4a4a4a4a4a4a4a4aULL;
	char *ids = malloc(n * (ID_LEN + 1));
	ck_assert_ptr_nonnull(ids);
	for (size_t made = 0; made < n;) {
		uint64_t w1 = printable_random(), w2;
		w2 = step(start, w1) ^ target;
		if (!printable(w2))
			continue;
		memcpy(ids + made * (ID_LEN + 1), &w1, 8);
		memcpy(ids + made * (ID_LEN + 1) + 8, &w2, 8);
		ids[made * (ID_LEN + 1) + ID_LEN] = '\0';
		/* the first block is random: a repeat is astronomically rare,
		 * but would make a duplicate id */
		if (made && memcmp(ids + made * (ID_LEN + 1),
				   ids + (made - 1) * (ID_LEN + 1), 8) == 0)
			continue;
		made++;
	}
	return ids;
}

static const char *id_at(const char *ids, size_t i)
{
	return ids + i * (ID_LEN + 1);
}

/* Asserts that the ids really collide under the walk, whole hashes. */
static void assert_collide(block_step step, uint64_t start, const char *ids,
			   size_t n)
{
	uint64_t first = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t w1, w2, h;
		memcpy(&w1, id_at(ids, i), 8);
		memcpy(&w2, id_at(ids, i) + 8, 8);
		h = step(step(start, w1), w2);
		if (i == 0)
			first = h;
		ck_assert(h == first);
	}
}

static cxj_journey *journey_of(const char *ids, size_t n)
{
	cxj_journey *j;
	cxj_stage *s;
	ck_assert_rc(cxj_journey_new("flood", &j), CXJ_OK);
	ck_assert_rc(cxj_journey_add_stage(j, "stage", &s), CXJ_OK);
	for (size_t i = 0; i < n; i++)
		ck_assert_rc(cxj_stage_add_touchpoint(s, id_at(ids, i), NULL),
			     CXJ_OK);
	return j;
}

static void assert_all_found(const cxj_journey *j, const char *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const cxj_touchpoint *tp =
		    cxj_journey_find_touchpoint(j, id_at(ids, i));
		ck_assert_ptr_nonnull(tp);
		ck_assert_str_eq(cxj_touchpoint_id(tp), id_at(ids, i));
	}
}

/* A CSV of one answer per id, ids in no order, so that the respondent
 * table needs its hash index. */
static char *csv_of(const char *ids, size_t n)
{
	size_t cap = 64 + n * (ID_LEN * 2 + 40), len;
	char *csv = malloc(cap);
	ck_assert_ptr_nonnull(csv);
	len = (size_t)sprintf(csv, "respondent,touchpoint,metric,score\n");
	for (size_t i = 0; i < n; i++) {
		size_t k = (i * 7919) % n; /* n is not a multiple of 7919 */
		len += (size_t)sprintf(csv + len, "\"");
		for (const char *p = id_at(ids, k); *p; p++) {
			if (*p == '"')
				csv[len++] = '"';
			csv[len++] = *p;
		}
		len += (size_t)sprintf(csv + len, "\",call-desk,csat,4\n");
	}
	return csv;
}

static cxj_responses *import_all(const char *csv)
{
	cxj_responses *r;
	cxj_csv_options o = CXJ_CSV_OPTIONS_INIT;
	o.threads = 1;
	ck_assert_rc(cxj_responses_new(&r), CXJ_OK);
	ck_assert_rc(cxj_responses_import_csv_buffer(r, csv, strlen(csv),
						     &o),
		     CXJ_OK);
	return r;
}

START_TEST(old_map_collisions_no_longer_collide)
{
	uint64_t start = 0x9e3779b97f4a7c15ULL ^ ID_LEN;
	char *ids = colliding_ids(old_map_step, start, FLOOD);
	cxj_journey *j;
	assert_collide(old_map_step, start, ids, FLOOD);
	j = journey_of(ids, FLOOD);
	/* under the old hash every id shared one slot: the last one added
	 * probed past all the others, FLOOD - 1 steps */
	ck_assert(!cxj__strmap_is_strong(&j->ids));
	ck_assert_uint_le(cxj__strmap_longest_probe(&j->ids), 40);
	assert_all_found(j, ids, FLOOD);
	cxj_journey_free(j);
	free(ids);
}
END_TEST

START_TEST(old_intern_collisions_no_longer_collide)
{
	uint64_t start = 0x9e3779b97f4a7c15ULL ^ (ID_LEN * 0xc2b2ae3d27d4eb4fULL);
	char *ids = colliding_ids(old_intern_step, start, FLOOD), *csv;
	cxj_responses *r;
	const cxj__intern *in;
	assert_collide(old_intern_step, start, ids, FLOOD);
	csv = csv_of(ids, FLOOD);
	r = import_all(csv);
	in = &r->strings[CXJ_TABLE_RESPONDENTS];
	ck_assert_uint_eq(in->count, FLOOD);
	ck_assert_uint_gt(in->slots_cap, 0);
	ck_assert(!in->strong);
	ck_assert_uint_le(cxj__intern_longest_probe(in), 100);
	cxj_responses_free(r);
	free(csv);
	free(ids);
}
END_TEST

/* With the key known (only a test can know it), ids that collide under
 * the fast hash: the table must notice and switch to SipHash. */
static const uint64_t known_key[4] = {0x0123456789abcdefULL,
				      0x0fedcba987654321ULL, 11, 13};

static char *fast_collisions(size_t n)
{
	uint64_t start = known_key[0] ^ (ID_LEN * 0x9e3779b97f4a7c15ULL);
	char *ids;
	cxj__hash_set_key(known_key);
	ids = colliding_ids(old_map_step, start, n);
	/* the fast hash of every id is one value */
	for (size_t i = 1; i < n; i++)
		ck_assert(cxj__hash_fast(id_at(ids, i), ID_LEN) ==
			  cxj__hash_fast(id_at(ids, 0), ID_LEN));
	return ids;
}

START_TEST(map_flood_switches_to_siphash)
{
	char *ids = fast_collisions(FLOOD);
	cxj_journey *j = journey_of(ids, FLOOD);
	cxj_stage *s = cxj_journey_stage_at(j, 0);
	ck_assert(cxj__strmap_is_strong(&j->ids));
	ck_assert_uint_le(cxj__strmap_longest_probe(&j->ids), 40);
	assert_all_found(j, ids, FLOOD);
	/* removal shifts entries back under the new hash */
	for (size_t i = 0; i < FLOOD; i += 2)
		ck_assert_rc(cxj_stage_remove_touchpoint(
				 s, cxj_journey_find_touchpoint(j, id_at(ids, i))),
			     CXJ_OK);
	for (size_t i = 0; i < FLOOD; i++)
		ck_assert((cxj_journey_find_touchpoint(j, id_at(ids, i)) !=
			   NULL) == (i % 2 == 1));
	cxj_journey_free(j);
	free(ids);
}
END_TEST

/* The YAML loader hashes ids ahead of their claims, in batches: a switch in
 * the middle of a batch must not lose or misplace an id, and a duplicate
 * after the switch is still reported where it stands. */
static char *yaml_of(const char *ids, size_t n, const char *duplicate)
{
	size_t cap = 128 + (n + 1) * (ID_LEN * 2 + 16), len;
	char *y = malloc(cap);
	ck_assert_ptr_nonnull(y);
	len = (size_t)sprintf(y, "cxjourney: 1\nid: flood\nstages:\n"
				 "- id: stage\n  touchpoints:\n");
	for (size_t i = 0; i <= n; i++) {
		const char *id = i < n ? id_at(ids, i) : duplicate;
		if (!id)
			break;
		len += (size_t)sprintf(y + len, "  - id: \"");
		for (const char *p = id; *p; p++) {
			if (*p == '"' || *p == '\\')
				y[len++] = '\\';
			y[len++] = *p;
		}
		len += (size_t)sprintf(y + len, "\"\n");
	}
	y[len] = '\0';
	return y;
}

START_TEST(loader_flood_switches_to_siphash)
{
	char *ids = fast_collisions(FLOOD), *y;
	cxj_journey *j;
	y = yaml_of(ids, FLOOD, NULL);
	ck_assert_rc(cxj_journey_load_buffer(y, strlen(y), "flood.yaml", NULL,
					     &j),
		     CXJ_OK);
	ck_assert(cxj__strmap_is_strong(&j->ids));
	ck_assert_uint_eq(cxj_journey_touchpoint_count(j), FLOOD);
	assert_all_found(j, ids, FLOOD);
	cxj_journey_free(j);
	free(y);
	y = yaml_of(ids, FLOOD, id_at(ids, 1234));
	j = NULL;
	ck_assert_rc(cxj_journey_load_buffer(y, strlen(y), "flood.yaml", NULL,
					     &j),
		     CXJ_EPARSE);
	ck_assert_ptr_null(j);
	ck_assert_uint_eq(cxj_error_last()->line, 6 + FLOOD);
	ck_assert_ptr_nonnull(strstr(cxj_error_last()->message, "duplicate"));
	free(y);
	free(ids);
}
END_TEST

START_TEST(intern_flood_switches_to_siphash)
{
	char *ids = fast_collisions(FLOOD), *csv = csv_of(ids, FLOOD);
	cxj_responses *r = import_all(csv);
	const cxj__intern *in = &r->strings[CXJ_TABLE_RESPONDENTS];
	ck_assert_uint_eq(in->count, FLOOD);
	ck_assert(in->strong);
	ck_assert_uint_le(cxj__intern_longest_probe(in), 100);
	for (size_t i = 0; i < FLOOD; i++)
		ck_assert_int_ge(cxj__intern_find_str(in, id_at(ids, i),
						      ID_LEN),
				 0);
	/* the same answers again: every id is found, none added */
	ck_assert_rc(cxj_responses_import_csv_buffer(r, csv, strlen(csv),
						     NULL),
		     CXJ_OK);
	ck_assert_uint_eq(in->count, FLOOD);
	ck_assert_uint_eq(cxj_responses_count(r), 2 * FLOOD);
	cxj_responses_free(r);
	free(csv);
	free(ids);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("hash");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, siphash_reference_vectors);
	tcase_add_test(tc, hash_is_keyed_and_marked);
	tcase_add_test(tc, old_map_collisions_no_longer_collide);
	tcase_add_test(tc, old_intern_collisions_no_longer_collide);
	tcase_add_test(tc, map_flood_switches_to_siphash);
	tcase_add_test(tc, loader_flood_switches_to_siphash);
	tcase_add_test(tc, intern_flood_switches_to_siphash);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return cxjt_run(suite());
}
