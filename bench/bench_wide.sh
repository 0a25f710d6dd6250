#!/bin/sh
# Wide survey exports: import + score of 1,000,000 respondents x 12
# questions (about 9.6 million answers, one cell in five blank) against
# pandas (read_csv + melt + groupby) and DuckDB (read_csv + UNPIVOT +
# GROUP BY, 2 threads, through npm's @duckdb/node-api) on the same file, in
# the same run, end to end; each keeps its best of ROUNDS (default 3) runs,
# and all three print the same figures to compare. ROWS overrides the size.
# Targets: >= 10x pandas and >= 2x DuckDB end to end.
set -e
here=$(dirname "$0")
B=${B:-build}
REFPYTHON=${REFPYTHON:-/usr/bin/python3}
ROWS=${ROWS:-1000000}
CC=${CC:-cc}
data="$here/data/wide_$ROWS.csv"
npm_dir="$here/data/npm"
mkdir -p "$here/data" "$B/bench"
$CC -O2 -o "$B/bench/wide_gen" "$here/wide_gen.c"
$CC -O2 -D_POSIX_C_SOURCE=200809L -Iinclude -o "$B/bench/wide_bench" \
	"$here/wide_bench.c" "$B/libcxjourney.a" -lyaml -lm -pthread
if [ ! -s "$data" ]; then
	echo "generating $data ($ROWS respondents)"
	"$B/bench/wide_gen" "$ROWS" > "$data.tmp" && mv "$data.tmp" "$data"
fi
echo "input: $data, $(wc -c < "$data") bytes"
cat "$data" > /dev/null
out=$(mktemp)
"$B/bench/wide_bench" "$data" | tee "$out"
if "$REFPYTHON" -c 'import pandas' 2>/dev/null; then
	"$REFPYTHON" "$here/wide_pandas.py" "$data" | tee -a "$out"
else
	echo "pandas: not installed for $REFPYTHON (apt-get install python3-pandas)"
fi
# DuckDB's engine ships inside the npm package: installed once, beside the data
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
	if [ ! -d "$npm_dir/node_modules/@duckdb/node-api" ]; then
		mkdir -p "$npm_dir"
		npm install --prefix "$npm_dir" --no-audit --no-fund \
			@duckdb/node-api >/dev/null 2>&1 ||
			echo "duckdb: npm install @duckdb/node-api failed"
	fi
	if [ -d "$npm_dir/node_modules/@duckdb/node-api" ]; then
		cp "$here/wide_duckdb.mjs" "$npm_dir/"
		node "$npm_dir/wide_duckdb.mjs" "$(cd "$(dirname "$data")" && pwd)/$(basename "$data")" | tee -a "$out"
	fi
else
	echo "duckdb: node and npm are needed (apt-get install nodejs npm)"
fi
awk '{v[$1] = $2}
END {
	c = v["c_import_s"] + v["c_score_s"]
	cc = v["c_import_cpu_s"] + v["c_score_cpu_s"]
	printf "ours: %.3f s wall, %.3f s processor, %d answers\n", c, cc, v["c_answers"]
	if ("pandas_s" in v) {
		printf "ratio pandas/ours, import+score, wall clock: %.1fx (target >= 10x)\n", v["pandas_s"] / c
		printf "ratio pandas/ours, import+score, processor time: %.1fx\n", v["pandas_cpu_s"] / cc
		if (v["pandas_answers"] != v["c_answers"] || v["pandas_nps_bench"] - v["c_nps_bench"] > 1e-6 || v["c_nps_bench"] - v["pandas_nps_bench"] > 1e-6)
			print "MISMATCH: pandas figures differ"
	}
	if ("duckdb_s" in v) {
		printf "ratio duckdb/ours, import+score, wall clock: %.1fx (target >= 2x)\n", v["duckdb_s"] / c
		if (v["duckdb_answers"] != v["c_answers"] || v["duckdb_nps_bench"] - v["c_nps_bench"] > 1e-6 || v["c_nps_bench"] - v["duckdb_nps_bench"] > 1e-6)
			print "MISMATCH: duckdb figures differ"
	}
}' "$out"
rm -f "$out"
