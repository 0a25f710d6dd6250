#!/bin/sh
# bench_render.sh: cxj render of generated maps of 2,000 and 200,000
# touchpoints to SVG and HTML, best of REPEATS runs: the time per touchpoint
# should not grow with the map (rendering is linear). The load alone
# (cxj fmt --check of the same map) is timed beside it for reference.
set -e
here=$(dirname "$0")
top=$here/..
B=${B:-build}
case $B in /*) ;; *) B=$top/$B ;; esac
data=$here/data
REPEATS=${REPEATS:-3}
PYTHON=${PYTHON:-python3}
cxj=$B/cxj
mkdir -p "$data"
if [ ! -x "$cxj" ]; then
	echo "cxj is not built (needs libjansson-dev): render bench skipped"
	exit 0
fi

now() { date +%s%N; }

# best of REPEATS runs of the command, in nanoseconds
best() {
	b=
	for k in $(seq "$REPEATS"); do
		t0=$(now)
		"$@" > /dev/null 2>&1 || true
		t=$(( $(now) - t0 ))
		[ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
	done
	echo "$b"
}

for n in 2000 200000; do
	file=$data/journey-$n.yaml
	if [ ! -s "$file" ] || [ "$here/yaml_gen.py" -nt "$file" ]; then
		echo "generating $file"
		"$PYTHON" "$here/yaml_gen.py" "$file.tmp" "$n" 1
		mv "$file.tmp" "$file"
	fi
	load=$(best "$cxj" fmt --check "$file")
	for fmt in svg html; do
		out=$data/render-$n.$fmt
		t=$(best "$cxj" render "$file" -o "$out")
		size=$(wc -c < "$out")
		awk -v n="$n" -v t="$t" -v l="$load" -v s="$size" -v f="$fmt" 'BEGIN {
			printf "render %-4s %6d touchpoints: %8.1f ms, %6.2f us per touchpoint (load %.2f us of it), %.1f KB per touchpoint\n",
			    f, n, t / 1e6, t / 1e3 / n, l / 1e3 / n, s / 1024 / n }'
	done
done
