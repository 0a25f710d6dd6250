/* score_gen.c: writes the scoring benchmark's input: N NPS answers over
 * 1,000 touchpoints and 4 segments, a respondent's answers together as in
 * survey exports. Deterministic (a fixed LCG), so every run scores the same.
 * Respondent ids count up; with "shuffled" they are a permutation of the
 * same range (times 7919 modulo the prime 9,999,991), in no order.
 * usage: score_gen N [shuffled] > file.csv */
#include <stdio.h>
#include <stdlib.h>

static unsigned long long state = 0x853c49e6748fea9bULL;

static unsigned next(void)
{
	state = state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(state >> 33);
}

int main(int argc, char **argv)
{
	static const char *const seg[] = {"FI", "SE", "NO", "DK"};
	long n = argc > 1 ? atol(argv[1]) : 10000000;
	long resp = 0;
	int shuffled = argc > 2 && argv[2][0] == 's';
	static char buf[1 << 16];
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	printf("respondent,touchpoint,metric,score,segment\n");
	while (n > 0) {
		/* one respondent: one segment, 1 to 7 touchpoints */
		int k = 1 + (int)(next() % 7);
		const char *s = seg[next() % 4];
		resp++;
		for (int i = 0; i < k && n > 0; i++, n--) {
			unsigned tp = next() % 1000;
			/* touchpoints differ: tp % 5 shifts the scores up */
			unsigned r = next() % 100, score;
			score = (r + tp % 5 * 6) / 10;
			if (score > 10)
				score = 10;
			printf("r%07ld,tp%04u,nps,%u,%s\n",
			       shuffled ? resp * 7919 % 9999991 : resp, tp,
			       score, s);
		}
	}
	return fflush(stdout) != 0;
}
