/* hash.c: the one string hash behind the library's tables, keyed per process
 * so that no file can be written to collide in them (hash flooding). */
#define _DEFAULT_SOURCE /* getrandom */
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "text.h"

/* Read once per process, before the first hash; only tests set it again. */
static uint64_t key[4];
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static int key_ready;

static int read_urandom(void *buf, size_t len)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t got;
	if (fd < 0)
		return -1;
	got = read(fd, buf, len);
	close(fd);
	return got == (ssize_t)len ? 0 : -1;
}

static void key_done(void)
{
#if defined(__GNUC__) || defined(__clang__)
	__atomic_store_n(&key_ready, 1, __ATOMIC_RELEASE);
#endif
}

static void make_key(void)
{
	struct timespec ts;
	if (getrandom(key, sizeof key, GRND_NONBLOCK) == (ssize_t)sizeof key ||
	    read_urandom(key, sizeof key) == 0) {
		key_done();
		return;
	}
	/* no entropy source (a chroot before the pool is ready): the clock
	 * and the addresses that ASLR moves still differ per process */
	clock_gettime(CLOCK_REALTIME, &ts);
	key[0] = (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15ULL ^
		 (uint64_t)ts.tv_sec;
	key[1] = (uint64_t)(uintptr_t)&ts * 0xc2b2ae3d27d4eb4fULL ^
		 (uint64_t)getpid();
	key[2] = (uint64_t)(uintptr_t)key * 0xff51afd7ed558ccdULL;
	key[3] = key[0] ^ key[1] ^ (uint64_t)(uintptr_t)&make_key;
	key_done();
}

/* key_ready is set once make_key is done: after that the key is read
 * without the once-call, which would cost a call per hash on an import's
 * hot path. */
static const uint64_t *the_key(void)
{
#if defined(__GNUC__) || defined(__clang__)
	if (__atomic_load_n(&key_ready, __ATOMIC_ACQUIRE))
		return key;
#endif
	pthread_once(&key_once, make_key);
	return key;
}

void cxj__hash_set_key(const uint64_t k[4])
{
	pthread_once(&key_once, make_key);
	memcpy(key, k, sizeof key);
}

static uint64_t mark(uint64_t h, int strong)
{
	return strong ? h | CXJ__HASH_STRONG : h & ~CXJ__HASH_STRONG;
}

uint64_t cxj__hash_fast(const char *s, size_t len)
{
	/* eight bytes per multiply: ids are hashed on every lookup of a load
	 * and an import. The key enters first and last, so that which ids
	 * share a slot differs from process to process. */
	const uint64_t *k = the_key(), m = 0xff51afd7ed558ccdULL;
	uint64_t h = k[0] ^ ((uint64_t)len * 0x9e3779b97f4a7c15ULL), w;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * m;
		h ^= h >> 32;
	}
	if (i < len) {
		w = 0;
		memcpy(&w, s + i, len - i);
		h = (h ^ w) * m;
		h ^= h >> 32;
	}
	h ^= k[1];
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return mark(h, 0);
}

#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))

/* One SipRound over the four words of state. */
static void sip_round(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = ROTL(v[1], 13);
	v[1] ^= v[0];
	v[0] = ROTL(v[0], 32);
	v[2] += v[3];
	v[3] = ROTL(v[3], 16);
	v[3] ^= v[2];
	v[0] += v[3];
	v[3] = ROTL(v[3], 21);
	v[3] ^= v[0];
	v[2] += v[1];
	v[1] = ROTL(v[1], 17);
	v[1] ^= v[2];
	v[2] = ROTL(v[2], 32);
}

static uint64_t load_le64(const unsigned char *p)
{
	uint64_t w = 0;
	for (int i = 7; i >= 0; i--)
		w = w << 8 | p[i];
	return w;
}

uint64_t cxj__siphash(const uint64_t k[2], const char *s, size_t len,
		      int c_rounds, int d_rounds)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t v[4], last = (uint64_t)len << 56, m;
	size_t i, tail = len & 7;
	int r;
	v[0] = k[0] ^ 0x736f6d6570736575ULL;
	v[1] = k[1] ^ 0x646f72616e646f6dULL;
	v[2] = k[0] ^ 0x6c7967656e657261ULL;
	v[3] = k[1] ^ 0x7465646279746573ULL;
	for (i = 0; i + 8 <= len; i += 8) {
		m = load_le64(p + i);
		v[3] ^= m;
		for (r = 0; r < c_rounds; r++)
			sip_round(v);
		v[0] ^= m;
	}
	for (size_t j = 0; j < tail; j++)
		last |= (uint64_t)p[i + j] << (8 * j);
	v[3] ^= last;
	for (r = 0; r < c_rounds; r++)
		sip_round(v);
	v[0] ^= last;
	v[2] ^= 0xff;
	for (r = 0; r < d_rounds; r++)
		sip_round(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

/* SipHash-1-3 (one compression and three finalization rounds, the choice
 * of CPython and Rust for their string tables) under the process key. */
uint64_t cxj__hash_strong(const char *s, size_t len)
{
	return mark(cxj__siphash(the_key() + 2, s, len, 1, 3), 1);
}

