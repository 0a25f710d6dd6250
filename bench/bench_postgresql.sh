#!/bin/sh
# bench_postgresql.sh: 20 million NPS answers (score_gen's: 1,000
# touchpoints x 4 segments, a day out of 90 per respondent) in a server of
# its own (bindings/postgresql/test/pgtemp.sh), same run, same server:
#   NPS per touchpoint x segment, our aggregate against the plain SQL
#   expression 100.0 * avg((score >= 9)::int) - 100.0 * avg((score <= 6)::int);
#   a quarter from 360,000 daily states (merge) against recomputing it from
#   the answers.
# Ratios > 1 mean ours is faster. Both sides run with the server's default
# parallel plans (2 workers per Gather). ROWS overrides the size, ROUNDS
# the rounds (best kept).
set -e
here=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$here")
B=${B:-build}
case $B in /*) ;; *) B=$ROOT/$B ;; esac
ROWS=${ROWS:-20000000}
PYTHON=${PYTHON:-python3}
. "$ROOT/bindings/postgresql/test/pgtemp.sh"

why=$(pg_missing)
if [ -n "$why" ]; then
	echo "postgresql: $why; skipping"
	exit 0
fi
. "$here/score_data.sh"
score_csv "$ROWS"
pg_build
trap 'pg_temp_stop' EXIT
trap 'exit 1' INT TERM HUP
pg_temp_start "shared_buffers = 2GB" "work_mem = 256MB" \
	"maintenance_work_mem = 1GB" "max_worker_processes = 8" \
	"max_parallel_workers = 8" "max_wal_size = 8GB"
out=$(mktemp)
PGPSQL=$PGPSQL "$PYTHON" "$here/pg_bench.py" "$data" | tee "$out"
awk '{v[$1] = $2}
END {
	printf "postgresql: NPS per touchpoint x segment, %d answers: nps() %.2f s, plain SQL %.2f s: ratio plain/ours %.2fx\n", v["pg_rows"], v["pg_ours_s"], v["pg_plain_s"], v["pg_plain_s"] / v["pg_ours_s"]
	printf "postgresql: a quarter from %d daily states: merge() %.3f s, recomputed with nps() %.2f s: ratio %.1fx; with plain SQL %.2f s: ratio %.1fx\n", v["pg_daily_states"], v["pg_rollup_s"], v["pg_recompute_s"], v["pg_recompute_s"] / v["pg_rollup_s"], v["pg_recompute_plain_s"], v["pg_recompute_plain_s"] / v["pg_rollup_s"]
	split(v["pg_rollup_identical"], r, "/")
	printf "postgresql: figures agree: %s (largest NPS difference to the plain SQL %s over %d groups; rollup states byte-identical to recomputed: %s)\n", (v["pg_max_abs_diff_ours_plain"] < 1e-9 && r[1] == r[2]) ? "yes" : "NO", v["pg_max_abs_diff_ours_plain"], v["pg_groups"], v["pg_rollup_identical"]
}' "$out"
rm -f "$out"
