#!/bin/sh
# Import + score of 10 million NPS answers (1,000 touchpoints, 4 segments,
# ~250 MB of CSV) against pandas read_csv + groupby NPS on the same file, in
# the same run, by wall clock and by processor time (the second stays fair
# when other jobs share the cores); each half keeps its best of ROUNDS
# (default 3) runs. Our import runs with its default threads and again in
# one thread. SHUFFLED=1 writes respondent ids in no order. ROWS overrides
# the size. Targets: >= 10x pandas end to end,
# scoring >= 100 million answers/s, <= 16 bytes per answer in core columns.
set -e
here=$(dirname "$0")
B=${B:-build}
REFPYTHON=${REFPYTHON:-/usr/bin/python3}
ROWS=${ROWS:-10000000}
CC=${CC:-cc}
SHUFFLED=${SHUFFLED:-0}
order=; [ "$SHUFFLED" = 1 ] && order=shuffled
data="$here/data/score_$ROWS${order:+_$order}.csv"
mkdir -p "$here/data" "$B/bench"
$CC -O2 -o "$B/bench/score_gen" "$here/score_gen.c"
$CC -O2 -D_POSIX_C_SOURCE=200809L -Iinclude -o "$B/bench/score_bench" \
	"$here/score_bench.c" "$B/libcxjourney.a" -lyaml -lm -pthread
if [ ! -s "$data" ]; then
	echo "generating $data ($ROWS answers)"
	"$B/bench/score_gen" "$ROWS" $order > "$data.tmp" && mv "$data.tmp" "$data"
fi
echo "input: $data, $(wc -c < "$data") bytes"
# read the file once so both halves start from the page cache
cat "$data" > /dev/null
out=$(mktemp)
"$B/bench/score_bench" "$data" | tee "$out"
if "$REFPYTHON" -c 'import pandas' 2>/dev/null; then
	"$REFPYTHON" "$here/score_pandas.py" "$data" | tee -a "$out"
	awk '{v[$1] = $2}
	END {
		c = v["c_import_s"] + v["c_score_s"]
		p = v["pandas_read_s"] + v["pandas_groupby_s"]
		printf "ratio pandas/ours, import+score, wall clock: %.1fx (target >= 10x)\n", p / c
		cc = v["c_import_cpu_s"] + v["c_score_cpu_s"]
		pc = v["pandas_read_cpu_s"] + v["pandas_groupby_cpu_s"]
		printf "ratio pandas/ours, import+score, processor time: %.1fx\n", pc / cc
		c1 = v["c_import_1thread_s"] + v["c_score_s"]
		printf "ratio pandas/ours, import in one thread + score, wall clock: %.1fx\n", p / c1
		printf "ratio pandas read_csv / our import: %.1fx\n", v["pandas_read_s"] / v["c_import_s"]
		printf "ratio pandas groupby / our score: %.1fx\n", v["pandas_groupby_s"] / v["c_score_s"]
		printf "scoring: %.0f million answers/s by wall clock, %.0f million per processor second (target >= 100)\n", v["c_score_answers_per_s"] / 1e6, v["c_score_answers_per_cpu_s"] / 1e6
		printf "core columns: %.2f bytes per answer (target <= 16)\n", v["c_core_bytes_per_answer"]
		d1 = v["c_nps_tp0000_FI"] - v["pandas_nps_tp0000_FI"]
		d2 = v["c_nps_all"] - v["pandas_nps_all"]
		if (d1 < 0) d1 = -d1
		if (d2 < 0) d2 = -d2
		printf "figures agree with pandas: %s\n", (d1 < 1e-6 && d2 < 1e-6 && v["c_rows"] == v["pandas_rows"]) ? "yes" : "NO"
	}' "$out"
else
	echo "pandas is not installed for $REFPYTHON: skipping the pandas half"
	awk '{v[$1] = $2}
	END {
		printf "scoring: %.0f million answers/s by wall clock, %.0f million per processor second (target >= 100)\n", v["c_score_answers_per_s"] / 1e6, v["c_score_answers_per_cpu_s"] / 1e6
		printf "core columns: %.2f bytes per answer (target <= 16)\n", v["c_core_bytes_per_answer"]
	}' "$out"
fi
rm -f "$out"
