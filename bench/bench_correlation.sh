#!/bin/sh
# bench_correlation.sh: cxj_correlate against scipy.stats pearsonr,
# spearmanr and kendalltau on the same million pairs (Likert 0..10 and
# continuous), and Kendall's growth over n = 1e5, 1e6, 1e7. Inputs are raw
# float64 files in bench/data/ that both sides read.
set -e
here=$(dirname "$0")
top="$here/.."
B=${B:-build}
PY=${REFPYTHON:-/usr/bin/python3}
CC=${CC:-cc}
data="$here/data"
mkdir -p "$data"
[ -f "$top/$B/libcxjourney.a" ] || { echo "build the library first (make)"; exit 1; }
$CC -std=c99 -O2 -D_POSIX_C_SOURCE=200809L -I"$top/include" \
	"$here/corr_bench.c" -o "$data/corr_bench" "$top/$B/libcxjourney.a" \
	$(pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml) -lm
"$PY" "$here/corr_ref.py" gen "$data"
out="$data/ours.txt"
: > "$out"
for s in likert cont; do
	"$data/corr_bench" $s "$data/${s}_x.f64" "$data/${s}_y.f64" all 5 >> "$out"
done
for n in 100000 1000000 10000000; do
	"$data/corr_bench" kendall_$n "$data/kendall_${n}_x.f64" \
		"$data/kendall_${n}_y.f64" kendall 3 >> "$out"
done
"$PY" "$here/corr_ref.py" time "$data" "$out"
