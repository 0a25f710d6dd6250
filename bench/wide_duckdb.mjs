// The DuckDB half of bench_wide.sh (@duckdb/node-api, its engine inside the
// package): read_csv, UNPIVOT to one row per answer, GROUP BY question and
// segment for the same figures as the pandas half, in 2 threads, timed end
// to end ROUNDS times (3 by default), best kept.
// usage: node wide_duckdb.mjs file.csv
import { DuckDBInstance } from "@duckdb/node-api";

const path = process.argv[2];
const rounds = Math.max(1, parseInt(process.env.ROUNDS || "3", 10));
const qs = Array.from({ length: 12 }, (_, i) => "q" + String(i + 1).padStart(2, "0"));
const db = await DuckDBInstance.create(":memory:", { threads: "2" });
const con = await db.connect();
const sql = `
  WITH long AS (
    UNPIVOT (SELECT * FROM read_csv('${path}', header = true))
    ON ${qs.join(", ")} INTO NAME question VALUE score)
  SELECT question, segment, count(*) AS n, avg(score) AS mean,
         avg((score >= 4)::INT) AS top, avg((score >= 9)::INT) AS p,
         avg((score <= 6)::INT) AS d
  FROM long GROUP BY question, segment`;
let best = Infinity, rows;
for (let k = 0; k < rounds; k++) {
  const t0 = performance.now();
  const reader = await con.runAndReadAll(sql);
  rows = reader.getRowObjects();
  best = Math.min(best, (performance.now() - t0) / 1000);
}
const sum = (q, f) => rows.filter((r) => r.question === q).reduce((a, r) => a + f(r), 0);
const n = (q) => sum(q, (r) => Number(r.n));
const total = rows.reduce((a, r) => a + Number(r.n), 0);
const fi = rows.find((r) => r.question === "q01" && r.segment === "FI");
console.log("duckdb_s " + best.toFixed(3));
console.log("duckdb_answers " + total);
console.log("duckdb_csat_tp01_FI " + (100 * fi.top).toFixed(9));
console.log("duckdb_ces_tp09 " + (sum("q09", (r) => r.mean * Number(r.n)) / n("q09")).toFixed(9));
console.log("duckdb_nps_bench " + (100 * sum("q11", (r) => (r.p - r.d) * Number(r.n)) / n("q11")).toFixed(9));
