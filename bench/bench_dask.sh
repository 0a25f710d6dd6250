#!/bin/sh
# bench_dask.sh: 20 million NPS answers (score_gen's CSV: 1,000
# touchpoints x 4 segments), NPS per touchpoint x segment: Dask on a
# LocalCluster of 2 worker processes through cxjourney.dask, against
# pandas read_csv + groupby in one process, in the same run (dask_bench.py).
# Ratios > 1 mean Dask with our states is faster. Needs pandas and
# distributed for REFPYTHON; skipped with a message otherwise. ROWS
# overrides the size, ROUNDS the rounds (best kept).
set -e
here=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$here")
B=${B:-build}
case $B in /*) ;; *) B=$ROOT/$B ;; esac
REFPYTHON=${REFPYTHON:-/usr/bin/python3}
ROWS=${ROWS:-20000000}
if ! "$REFPYTHON" -c 'import pandas, distributed, dask.dataframe' 2>/dev/null; then
	echo "dask: pandas or distributed missing for $REFPYTHON; skipping"
	exit 0
fi
. "$here/score_data.sh"
score_csv "$ROWS"
cat "$data" > /dev/null
out=$(mktemp)
CXJ_LIBRARY=$B/libcxjourney.so.0 PYTHONPATH=$ROOT/bindings/python \
	"$REFPYTHON" -W ignore::DeprecationWarning "$here/dask_bench.py" "$data" | tee "$out"
awk '{v[$1] = $2}
END {
	p = v["pandas_read_s"] + v["pandas_groupby_s"]
	printf "dask: %d answers, read + NPS per touchpoint x segment: pandas in one process %.2f s, Dask (2 workers) + cxjourney.dask %.2f s: ratio pandas/dask %.2fx\n", v["pandas_rows"], p, v["dask_end_to_end_s"], p / v["dask_end_to_end_s"]
	printf "dask: scoring a frame in memory: pandas groupby %.2f s, cxjourney.dask on the persisted frame (%d partitions) %.2f s: ratio %.2fx\n", v["pandas_groupby_s"], v["dask_partitions"], v["dask_score_s"], v["pandas_groupby_s"] / v["dask_score_s"]
	printf "dask: figures agree with pandas: %s (%d groups, largest NPS difference %s, %d answers)\n", (v["dask_max_abs_diff"] < 1e-9 && v["dask_counts_equal"] == 1 && v["dask_answers"] == v["pandas_rows"]) ? "yes" : "NO", v["dask_groups"], v["dask_max_abs_diff"], v["dask_answers"]
}' "$out"
rm -f "$out"
