#!/bin/sh
# bench_yaml.sh: journeys loaded and saved by libcxjourney against libyaml's
# raw event parse and emit of the same file; then the peak memory of one
# load against the file size. Two shapes of map of 200,000 touchpoints: the
# plain one (about 55 MB: most lines filled on half the touchpoints, with an
# item or two) and the text-rich one (about 170 MB: every touchpoint with
# the full four lines, as in examples/itsm-support.yaml).
set -e
here=$(dirname "$0")
top=$here/..
B=${B:-build}
case $B in /*) ;; *) B=$top/$B ;; esac
data=$here/data
TOUCHPOINTS=${TOUCHPOINTS:-200000}
REPEATS=${REPEATS:-5}
PYTHON=${PYTHON:-python3}
mkdir -p "$data" "$B/bench"

cc -O2 -g -std=c99 -D_POSIX_C_SOURCE=200809L -I"$top/include" -I"$top/lib" \
	"$here/yaml_bench.c" -o "$B/bench/yaml_bench" "$B/libcxjourney.a" \
	$(pkg-config --cflags --libs yaml-0.1 2>/dev/null || echo -lyaml) -lm

for shape in plain rich; do
	file=$data/journey-$TOUCHPOINTS.yaml
	[ $shape = plain ] || file=$data/journey-$shape-$TOUCHPOINTS.yaml
	if [ ! -s "$file" ] || [ "$here/yaml_gen.py" -nt "$file" ]; then
		echo "generating $file"
		"$PYTHON" "$here/yaml_gen.py" "$file.tmp" "$TOUCHPOINTS" 1 $shape
		mv "$file.tmp" "$file"
	fi
	echo "-- $shape map"
	"$B/bench/yaml_bench" time "$file" "$data/saved.yaml" "$REPEATS"
	# fresh processes: the first load of a host, beside the best of the
	# rounds
	for k in 1 2 3; do
		"$B/bench/yaml_bench" cold "$file"
	done
	# a fresh process, so that nothing else weighs on its peak
	"$B/bench/yaml_bench" mem "$file"
done
