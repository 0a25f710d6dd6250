#!/bin/sh
# bench_yaml.sh: a journey of 200,000 touchpoints (about 60 MB) loaded and
# saved by libcxjourney against libyaml's raw event parse and emit of the
# same file; then the peak memory of one load against the file size.
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

file=$data/journey-$TOUCHPOINTS.yaml
if [ ! -s "$file" ] || [ "$here/yaml_gen.py" -nt "$file" ]; then
	echo "generating $file"
	"$PYTHON" "$here/yaml_gen.py" "$file.tmp" "$TOUCHPOINTS" 1
	mv "$file.tmp" "$file"
fi

"$B/bench/yaml_bench" time "$file" "$data/saved.yaml" "$REPEATS"
# fresh processes: the first load of a host, beside the best of the rounds
for k in 1 2 3; do
	"$B/bench/yaml_bench" cold "$file"
done
# a fresh process, so that nothing else weighs on its peak
"$B/bench/yaml_bench" mem "$file"
