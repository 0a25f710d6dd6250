"""The extension on a running server (started by test/run), beyond
pg_regress: on generated answers, the aggregates equal what the C library
gives on the same data through the Python binding; a parallel plan (Partial
Aggregate under Gather, workers launched) gives the same states as a plan
without workers; states made in two databases ("shards") and carried by
text and binary COPY merge into the state of the union; damaged states are
refused and never crash a backend; and a backend's memory stays flat over
many aggregate queries, failing ones included.

Standard library only: psql through subprocess, the binding for the
library's side. Environment: PGPSQL (psql), PGHOST/PGPORT/PGUSER, PGLOG
(the server's log), CXJ_LIBRARY."""

import datetime
import math
import os
import random
import re
import subprocess
import sys

import cxjourney as cx

PSQL = os.environ.get("PGPSQL", "psql")
ROWS = 60000
SURVEY = ("nps", "csat", "ces")


def say(*words):
    print("postgresql:", *words, flush=True)


def fail(msg):
    say("FAILED:", msg)
    sys.exit(1)


def psql(db, sql, data=None, binary=False, errors_ok=False):
    """Runs sql in db; returns stdout (str, or bytes when binary)."""
    args = [PSQL, "-X", "-q", "-A", "-t", "-d", db,
            "-v", "ON_ERROR_STOP=%d" % (0 if errors_ok else 1), "-c", sql]
    r = subprocess.run(args, input=data, capture_output=True)
    if r.returncode != 0 and not errors_ok:
        fail("psql -d %s -c %r:\n%s" % (db, sql[:300],
                                        r.stderr.decode(errors="replace")))
    if binary:
        return r.stdout
    return r.stdout.decode()


def rows(db, sql):
    return [line.split("|") for line in psql(db, sql).splitlines() if line]


# ---- the answers ----

def generate():
    """Rows (id, touchpoint, segment, day, nps, csat, ces, aht, weight);
    some scores NULL (None), one segment NULL."""
    rng = random.Random(16)
    start = datetime.date(2025, 1, 1)
    out = []
    for i in range(ROWS):
        tp = "tp%02d" % rng.randrange(25)
        seg = rng.choice(("FI", "SE", "NO", None))
        day = start + datetime.timedelta(days=rng.randrange(90))
        nps = None if rng.random() < 0.03 else min(10, int(rng.triangular(0, 11, 9)))
        csat = rng.randint(1, 5)
        ces = rng.randint(1, 7)
        aht = None if rng.random() < 0.02 else round(rng.lognormvariate(5, 0.8), 3)
        w = rng.choice((0.5, 1.0, 1.25, 2.0, 3.75))
        out.append((i, tp, seg, day, nps, csat, ces, aht, w))
    return out


def csv_of(answers):
    def f(v):
        return "" if v is None else str(v)
    return "".join(",".join(f(v) for v in r) + "\n"
                   for r in answers).encode()


TABLE = ("CREATE TABLE answers (id int, touchpoint text, segment text, "
         "day date, nps int, csat int, ces int, aht float8, weight float8)")


def load(db, answers):
    psql("postgres", "CREATE DATABASE %s" % db)
    psql(db, "CREATE EXTENSION cxjourney")
    psql(db, TABLE)
    psql(db, "COPY answers FROM STDIN (FORMAT csv)", data=csv_of(answers))
    psql(db, "ANALYZE answers")


# ---- the library's side ----

COLUMN = {"nps": 4, "csat": 5, "ces": 6, "aht": 7}


def library_states(answers, key):
    """{key(row): {name: Metric}} fed in row order, NULLs skipped, as the
    SQL below: nps, csat, ces, kpi(aht), nps(nps, weight), kpi(aht, weight).
    """
    groups = {}
    for r in answers:
        groups.setdefault(key(r), []).append(r)
    out = {}
    for k, rs in groups.items():
        ms = {}
        for name in ("nps", "csat", "ces", "aht"):
            kind = "kpi" if name == "aht" else name
            got = [r for r in rs if r[COLUMN[name]] is not None]
            if not got:
                continue
            m = cx.Metric(kind)
            m.extend([r[COLUMN[name]] for r in got])
            ms[name] = m
            if name in ("nps", "aht"):
                mw = cx.Metric(kind)
                mw.extend([r[COLUMN[name]] for r in got],
                          [r[8] for r in got])
                ms[name + "_w"] = mw
        out[k] = ms
    return out


STATES_SQL = ("SELECT touchpoint, coalesce(segment, '-'), "
              "encode(nps(nps)::bytea, 'hex'), encode(csat(csat)::bytea, 'hex'), "
              "encode(ces(ces)::bytea, 'hex'), encode(kpi(aht)::bytea, 'hex'), "
              "encode(nps(nps, weight)::bytea, 'hex'), "
              "encode(kpi(aht, weight)::bytea, 'hex') "
              "FROM answers GROUP BY 1, 2")
STATE_NAMES = ("nps", "csat", "ces", "aht", "nps_w", "aht_w")


def server_states(db, sql=STATES_SQL):
    out = {}
    for r in rows(db, sql):
        out[(r[0], r[1])] = {n: bytes.fromhex(h)
                             for n, h in zip(STATE_NAMES, r[2:]) if h}
    return out


def close(a, b, rel=1e-12):
    return a == b or abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def same_metric(a, b, exact):
    """exact: the state bytes are equal. Otherwise counts (and survey point
    counts) equal, floating figures to rounding."""
    if exact:
        return bytes(a) == bytes(b)
    sa, sb = a.summary(), b.summary()
    if sa.count != sb.count or a.histogram() != b.histogram():
        return False
    if (sa.min, sa.max) != (sb.min, sb.max):
        return False
    return all(close(getattr(sa, f), getattr(sb, f))
               for f in ("weight_sum", "effective_n", "value", "std_error",
                         "mean", "stddev"))


def compare_states(got, want, what):
    """got: {key: {name: bytes}}; want: {key: {name: Metric}}. Survey kinds
    unweighted must be byte-identical; the rest equal to rounding."""
    if set(got) != set(want):
        fail("%s: groups differ: %s" % (what, sorted(set(got) ^ set(want))))
    exact = inexact = 0
    for k in want:
        if set(got[k]) != set(want[k]):
            fail("%s %s: metrics differ: %s / %s" % (what, k, sorted(got[k]),
                                                     sorted(want[k])))
        for name, m in want[k].items():
            is_exact = name in SURVEY
            theirs = cx.Metric.from_bytes(got[k][name])
            if not same_metric(theirs, m, is_exact):
                fail("%s %s %s: server %r, library %r" % (
                    what, k, name, theirs.summary(), m.summary()))
            exact += is_exact
            inexact += not is_exact
    return exact, inexact


def check_against_library(answers):
    key = lambda r: (r[1], r[2] or "-")
    want = library_states(answers, key)
    ex, inex = compare_states(server_states("cxj_all"), want, "aggregates")
    say("aggregates = library on %d answers: %d groups, %d survey states "
        "byte-identical, %d KPI/weighted states equal to rounding"
        % (len(answers), len(want), ex, inex))
    # sorted (GroupAggregate) rather than hashed
    got = server_states("cxj_all", "SET enable_hashagg = off; " + STATES_SQL)
    compare_states(got, want, "sorted aggregation")
    # and one group of everything
    whole = library_states(answers, lambda r: ("all", "-"))
    got = server_states("cxj_all", STATES_SQL.replace(
        "touchpoint, coalesce(segment, '-')", "'all', '-'").replace(
        " GROUP BY 1, 2", ""))
    compare_states(got, whole, "whole table")


# ---- parallel plans ----

PARALLEL = ("SET max_parallel_workers_per_gather = 2; "
            "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; "
            "SET min_parallel_table_scan_size = 0; "
            "SET parallel_leader_participation = off; ")
SERIAL = "SET max_parallel_workers_per_gather = 0; "


def check_parallel():
    q = "SELECT touchpoint, segment, nps(nps), kpi(aht) FROM answers GROUP BY 1, 2"
    plan = psql("cxj_all", PARALLEL + "EXPLAIN (ANALYZE, COSTS OFF, "
                "TIMING OFF, SUMMARY OFF) " + q)
    lines = [l.rstrip() for l in plan.splitlines() if l.strip()]
    for l in lines:
        say("  " + l)
    text = "\n".join(lines)
    gather = re.search(r"Gather.*\n(?:.*\n)*?.*Workers Launched: (\d+)", text)
    if "Partial" not in text or not gather or "Partial HashAggregate" not in \
            text.split("Gather", 1)[1]:
        fail("no Partial Aggregate under Gather:\n" + text)
    if int(gather.group(1)) < 1:
        fail("no parallel worker launched:\n" + text)
    on = server_states("cxj_all", PARALLEL + STATES_SQL)
    off = server_states("cxj_all", SERIAL + STATES_SQL)
    want = {k: {n: cx.Metric.from_bytes(b) for n, b in v.items()}
            for k, v in off.items()}
    ex, inex = compare_states(on, want, "parallel against serial")
    say("parallel (%s workers launched) = serial: %d survey states "
        "byte-identical, %d KPI/weighted equal to rounding"
        % (gather.group(1), ex, inex))


# ---- shards ----

SHARD_SQL = ("SELECT day, touchpoint, segment, nps(nps), csat(csat), "
             "ces(ces), kpi(aht) FROM answers GROUP BY 1, 2, 3")
ROLLUP = ("CREATE TABLE rollup (day date, touchpoint text, segment text, "
          "nps cxjmetric, csat cxjmetric, ces cxjmetric, kpi cxjmetric)")


def check_shards():
    """Daily states from two databases, one carried as text, the other as
    binary COPY (send/receive), merged in a third: the union's state."""
    psql("cxj_all", ROLLUP)
    text = psql("cxj_shard_a", "COPY (%s) TO STDOUT" % SHARD_SQL).encode()
    psql("cxj_all", "COPY rollup FROM STDIN", data=text)
    binary = psql("cxj_shard_b", "COPY (%s) TO STDOUT (FORMAT binary)"
                  % SHARD_SQL, binary=True)
    psql("cxj_all", "COPY rollup FROM STDIN (FORMAT binary)", data=binary)
    merged = ("SELECT touchpoint, coalesce(segment, '-'), "
              "encode(merge(nps)::bytea, 'hex'), encode(merge(csat)::bytea, 'hex'), "
              "encode(merge(ces)::bytea, 'hex'), encode(merge(kpi)::bytea, 'hex'), "
              "'', '' FROM rollup GROUP BY 1, 2")
    got = server_states("cxj_all", merged)
    direct = server_states("cxj_all", STATES_SQL)
    want = {k: {n: cx.Metric.from_bytes(b) for n, b in v.items()
                if not n.endswith("_w")} for k, v in direct.items()}
    ex, inex = compare_states(got, want, "shards merged")
    n_rollup = rows("cxj_all", "SELECT count(*) FROM rollup")[0][0]
    # the union in one number: a quarter's NPS from the daily states
    q = rows("cxj_all", "SELECT n(m), value(m) FROM (SELECT merge(nps) m "
             "FROM rollup) s")[0]
    d = rows("cxj_all", "SELECT n(m), value(m) FROM (SELECT nps(nps) m "
             "FROM answers) s")[0]
    if q != d:
        fail("quarter from shards %s, from the answers %s" % (q, d))
    say("shards: %d daily states (text COPY from one database, binary from "
        "the other) merge into the union's states: %d byte-identical, %d "
        "KPI equal to rounding; quarter NPS n=%s value=%s in both"
        % (int(n_rollup), ex, inex, q[0], q[1]))


# ---- damaged states ----

def mutants(state, rng, count):
    out = []
    for i in range(count):
        b = bytearray(state)
        how = i % 4
        if how == 0:
            for _ in range(rng.randint(1, 3)):
                b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        elif how == 1:
            b[rng.randrange(len(b))] = rng.randrange(256)
        elif how == 2:
            del b[rng.randrange(len(b)):]
        else:
            b += bytes(rng.randrange(256) for _ in range(rng.randint(1, 9)))
        out.append(bytes(b))
    return out


def crashed():
    log = os.environ.get("PGLOG")
    if not log or not os.path.exists(log):
        return False
    with open(log, errors="replace") as f:
        return re.search(r"terminated by signal|was terminated|PANIC",
                         f.read()) is not None


def check_damaged():
    rng = random.Random(7)
    good = [bytes.fromhex(rows("cxj_all", "SELECT encode(%s::bytea, 'hex') "
                               "FROM answers" % agg)[0][0])
            for agg in ("nps(nps)", "csat(csat, weight)", "kpi(aht)")]
    psql("cxj_all", "CREATE FUNCTION unchecked(bytea) RETURNS cxjmetric "
         "LANGUAGE internal IMMUTABLE STRICT AS 'byteasend'")
    bad = [m for g in good for m in mutants(g, rng, 200)]
    script = []
    for m in bad:
        lit = "'\\x%s'::bytea" % m.hex()
        # through the checked doors, and stored without a check
        script.append("SELECT n(cxjmetric(%s));" % lit)
        script.append("SELECT value(unchecked(%s)), unchecked(%s)::text, "
                      "n(merge(x)) FROM (VALUES (unchecked(%s)), "
                      "(unchecked(%s))) v(x);" % (lit, lit, lit, lit))
    r = subprocess.run([PSQL, "-X", "-q", "-A", "-t", "-d", "cxj_all",
                        "-v", "ON_ERROR_STOP=0"],
                       input="\n".join(script).encode(), capture_output=True)
    errs = r.stderr.decode(errors="replace").splitlines()
    errors = [e for e in errs if "ERROR" in e]
    refused = sum(1 for e in errors if "metric state" in e or
                  "cxjmetric" in e)
    if crashed() or any("connection" in e and "closed" in e for e in errs):
        fail("a damaged state crashed a backend:\n" + "\n".join(errs[-20:]))
    if psql("cxj_all", "SELECT 1").strip() != "1":
        fail("the server does not answer after damaged states")
    accepted = len(script) - len(errors)
    say("damaged states: %d mutants of 3 states read %d ways: %d refused "
        "with an error (%d naming the state), %d read as valid states, no "
        "backend crashed" % (len(bad), len(script), len(errors), refused,
                             accepted))


# ---- memory across queries ----

def rss_kb(out):
    return [int(x) for x in re.findall(r"^rss (\d+)$", out, re.M)]


def check_memory():
    """One backend runs 75 aggregate queries of 5,000 groups each (hashed,
    sorted, parallel: the leader deserializes and combines), 30 of which
    fail on their last row: its resident memory stays flat. Metrics left alive across queries would add about
    300 bytes x 10,000 states per query."""
    rss = ("SELECT 'rss ' || substring(pg_read_file('/proc/self/status') "
           "from 'VmRSS:\\s*(\\d+)');")
    # the outer query reads both states: unread subquery columns would
    # be planned away, aggregates and all
    q = ("PERFORM sum(n(a) + n(b)) FROM (SELECT id %% 5000, nps(%s) a, "
         "kpi(aht) b FROM answers GROUP BY 1) s;")
    good = q % "nps"
    failing = q % ("CASE WHEN id = %d THEN 11 ELSE nps END" % (ROWS - 1))
    script = "\n".join([
        "DO $$ BEGIN %s END $$;" % good, rss,
        "DO $$ BEGIN FOR i IN 1..15 LOOP %s END LOOP; END $$;" % good,
        "SET enable_hashagg = off;",
        "DO $$ BEGIN FOR i IN 1..15 LOOP %s END LOOP; END $$;" % good,
        "RESET enable_hashagg;",
        PARALLEL,
        "DO $$ BEGIN FOR i IN 1..15 LOOP %s END LOOP; END $$;" % good,
        "RESET ALL;",
        "DO $$ BEGIN FOR i IN 1..30 LOOP BEGIN %s EXCEPTION WHEN "
        "numeric_value_out_of_range THEN NULL; END; END LOOP; END $$;"
        % failing, rss])
    r = subprocess.run([PSQL, "-X", "-q", "-A", "-t", "-d", "cxj_all",
                        "-v", "ON_ERROR_STOP=1"], input=script.encode(),
                       capture_output=True)
    if r.returncode != 0:
        fail("memory check: " + r.stderr.decode(errors="replace"))
    before, after = rss_kb(r.stdout.decode())
    say("memory: one backend, 75 queries of 5,000 groups (parallel, "
        "sorted, hashed; 30 failing): "
        "resident %d kB -> %d kB" % (before, after))
    if after - before > 16 * 1024:
        fail("the backend grew by %d kB over the queries" % (after - before))


def main():
    answers = generate()
    load("cxj_all", answers)
    load("cxj_shard_a", [r for r in answers if r[0] % 2 == 0])
    load("cxj_shard_b", [r for r in answers if r[0] % 2 == 1])
    check_against_library(answers)
    check_parallel()
    check_shards()
    check_damaged()
    check_memory()


if __name__ == "__main__":
    main()
