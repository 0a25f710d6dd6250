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

# The machine is shared: alternate the two sides over ROUNDS rounds of REPS
# runs each and keep each side's best time.
ROUNDS=${BENCH_PY_ROUNDS:-3}
results=
i=0
while [ $i -lt "$ROUNDS" ]; do
	c=$("$bin" time "$data" "$REPS")
	py=$(CXJ_LIBRARY="$B/libcxjourney.so.0" "$PYTHON" \
		"$here/py_add_bench.py" "$data" "$REPS")
	results="$results$c $py
"
	i=$((i + 1))
done
rm -f "$data"

printf '%s' "$results" | awk '
NR == 1 || $1 < c { c = $1 } NR == 1 || $4 < p { p = $4 }
{ if (NR > 1 && ($2 != n1 || $3 != v1 || $5 != n2 || $6 != v2)) bad = 1
  n1 = $2; v1 = $3; n2 = $5; v2 = $6 }
END { print c, n1, v1, p, n2, v2, bad + 0 }' | awk -v n="$N" '{
	if ($7) { print "python: results vary between rounds"; exit 1 }
	if ($2 != $5 || $3 != $6) {
		printf "python: results differ: C count %s value %s, " \
		       "Python count %s value %s\n", $2, $3, $5, $6
		exit 1
	}
	printf "python: %d scores: C %.4f s, binding %.4f s, ratio %.3f " \
	       "(target <= 1.5)\n", n, $1, $4, $4 / $1
	if ($4 / $1 > 1.5) exit 1
}'
