"""The PostgreSQL half of bench_postgresql.sh, on a server it started:
loads score_gen's answers (with a day out of 90 for each respondent),
builds the daily states, then times, best of ROUNDS (3) with the two sides
alternating:

  NPS per touchpoint x segment: value(nps(score)) against the plain SQL
    100.0 * avg((score >= 9)::int) - 100.0 * avg((score <= 6)::int);
  a quarter from the daily states, value(merge(m)), against recomputing it
    from the answers (with nps(), and with the plain SQL).

Standard library only; psql through subprocess (PGPSQL, PG* environment).
usage: pg_bench.py file.csv"""

import os
import re
import subprocess
import sys
import time

PSQL = os.environ.get("PGPSQL", "psql")
ROUNDS = max(1, int(os.environ.get("ROUNDS", "3")))
DB = "bench"


def psql(*commands, db=DB):
    args = [PSQL, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", db]
    for c in commands:
        args += ["-c", c]
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("pg_bench: %s\n%s" % (commands, r.stderr))
    return r.stdout


def timed(sql):
    """Seconds the server took for sql, as psql's \\timing measures it
    (results read and dropped)."""
    out = psql("\\timing on", "\\o /dev/null", sql)
    return float(re.search(r"Time: ([0-9.]+) ms", out).group(1)) / 1000


OURS = ("SELECT touchpoint, segment, value(nps(score)) FROM answers "
        "GROUP BY 1, 2")
PLAIN = ("SELECT touchpoint, segment, 100.0 * avg((score >= 9)::int) "
         "- 100.0 * avg((score <= 6)::int) FROM answers GROUP BY 1, 2")
QUARTER = "day BETWEEN '2025-01-01' AND '2025-03-31'"
ROLLUP = ("SELECT touchpoint, segment, value(merge(m)) FROM daily "
          "WHERE %s GROUP BY 1, 2" % QUARTER)
RECOMPUTE = OURS.replace("GROUP BY", "WHERE %s GROUP BY" % QUARTER)
RECOMPUTE_PLAIN = PLAIN.replace("GROUP BY", "WHERE %s GROUP BY" % QUARTER)


def load(path):
    psql("CREATE DATABASE %s" % DB, db="postgres")
    t0 = time.perf_counter()
    psql("CREATE EXTENSION cxjourney",
         "CREATE UNLOGGED TABLE answers (respondent text, touchpoint text, "
         "metric text, score int, segment text, day date GENERATED ALWAYS "
         "AS (date '2025-01-01' + substr(respondent, 2)::int % 90) STORED)",
         "\\copy answers (respondent, touchpoint, metric, score, segment) "
         "FROM '%s' (FORMAT csv, HEADER)" % path,
         "VACUUM ANALYZE answers")
    t1 = time.perf_counter()
    psql("CREATE UNLOGGED TABLE daily AS SELECT day, touchpoint, segment, "
         "nps(score) AS m FROM answers GROUP BY 1, 2, 3",
         "VACUUM ANALYZE daily")
    t2 = time.perf_counter()
    n, size = psql("SELECT count(*), pg_size_pretty(pg_table_size('answers')) "
                   "FROM answers").strip().split("|")
    states, dsize = psql("SELECT count(*), pg_size_pretty("
                         "pg_table_size('daily')) FROM daily").strip().split("|")
    print("pg_rows %s" % n)
    print("pg_daily_states %s" % states)
    print("pg_load_s %.1f  (%s of answers)" % (t1 - t0, size))
    print("pg_daily_build_s %.1f  (%s of states)" % (t2 - t1, dsize))


def plans():
    for name, q in (("ours", OURS), ("plain", PLAIN), ("rollup", ROLLUP)):
        plan = psql("EXPLAIN (COSTS OFF) " + q).splitlines()
        print("pg_plan_%s %s" % (name, " / ".join(
            l.strip().lstrip("-> ").strip() for l in plan[:5])))


def agree():
    """Our NPS against the plain SQL's per group, and the rollup against
    the recomputed states, byte for byte."""
    d = psql("SELECT max(abs(a.v - b.v)), count(*) FROM (%s) a(t, s, v) "
             "JOIN (%s) b(t, s, v) USING (t, s)" % (OURS, PLAIN)).strip()
    same = psql("SELECT count(*) FILTER (WHERE a.m = b.m), count(*) FROM "
                "(SELECT touchpoint, segment, merge(m)::bytea FROM daily "
                "WHERE %s GROUP BY 1, 2) a(t, s, m) JOIN (SELECT touchpoint, "
                "segment, nps(score)::bytea FROM answers WHERE %s "
                "GROUP BY 1, 2) b(t, s, m) USING (t, s)"
                % (QUARTER, QUARTER)).strip()
    print("pg_max_abs_diff_ours_plain %s" % d.split("|")[0])
    print("pg_groups %s" % d.split("|")[1])
    print("pg_rollup_identical %s" % same.replace("|", "/"))


def main():
    load(sys.argv[1])
    plans()
    agree()
    best = {}
    for _ in range(ROUNDS):
        for name, q in (("ours", OURS), ("plain", PLAIN), ("rollup", ROLLUP),
                        ("recompute", RECOMPUTE),
                        ("recompute_plain", RECOMPUTE_PLAIN)):
            t = timed(q)
            best[name] = min(best.get(name, t), t)
    for name, t in best.items():
        print("pg_%s_s %.3f" % (name, t))


if __name__ == "__main__":
    main()
