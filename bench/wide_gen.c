/* wide_gen.c: writes the wide-import benchmark's input, a survey export of
 * N respondents (one row each) and 12 questions: CSAT of eight touchpoints
 * (q01..q08), CES of two (q09, q10), NPS of the journey (q11) and of the
 * first stage (q12), each cell blank one time in five, with a segment of
 * four. Deterministic (a fixed LCG), so every run reads the same.
 * usage: wide_gen N > file.csv */
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
	/* the scale of each question: lowest point and number of points */
	static const unsigned lo[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
	static const unsigned pts[12] = {5, 5, 5, 5, 5, 5, 5, 5, 7, 7, 11, 11};
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	static char buf[1 << 16];
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	printf("respondent,segment,q01,q02,q03,q04,q05,q06,q07,q08,q09,q10,"
	       "q11,q12\n");
	for (long r = 1; r <= n; r++) {
		printf("r%07ld,%s", r, seg[next() % 4]);
		for (int q = 0; q < 12; q++) {
			/* questions differ: q % 3 shifts the scores up */
			unsigned v = next() % 100, score;
			if (next() % 5 == 0) {
				fputs(",", stdout);
				continue;
			}
			score = lo[q] + (v * pts[q] / 100 + q % 3) % pts[q];
			printf(",%u", score);
		}
		fputc('\n', stdout);
	}
	return fflush(stdout) != 0;
}
