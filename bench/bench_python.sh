#!/bin/sh
# bench_python.sh: adding 10 million NPS scores from an array.array('d')
# through the Python binding (Metric.extend) against the same
# cxj_metric_add_array call from C, in one run; prints the ratio (target:
# at most 1.5). Run by `make bench` (B = build directory).
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
B=${B:-build}
case $B in /*) ;; *) B=$root/$B ;; esac
PYTHON=${PYTHON:-python3}
N=${BENCH_PY_N:-10000000}
REPS=${BENCH_PY_REPS:-5}
data=$here/data/py_scores.bin
bin=$B/bench/py_add_bench

mkdir -p "$here/data" "$B/bench"
${CC:-cc} -O2 -std=c99 -I"$root/include" "$here/py_add_bench.c" \
	"$B/libcxjourney.a" $(pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml) \
	-lm -o "$bin"
"$bin" write "$data" "$N"

c=$("$bin" time "$data" "$REPS")
py=$(CXJ_LIBRARY="$B/libcxjourney.so.0" "$PYTHON" "$here/py_add_bench.py" \
	"$data" "$REPS")
rm -f "$data"

echo "$c" "$py" | awk -v n="$N" '{
	if ($2 != $5 || $3 != $6) {
		printf "python: results differ: C count %s value %s, " \
		       "Python count %s value %s\n", $2, $3, $5, $6
		exit 1
	}
	printf "python: %d scores: C %.4f s, binding %.4f s, ratio %.3f " \
	       "(target <= 1.5)\n", n, $1, $4, $4 / $1
	if ($4 / $1 > 1.5) exit 1
}'
