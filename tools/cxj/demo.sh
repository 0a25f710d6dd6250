#!/bin/sh
# make demo, the tool's part: the example journey validated, scored,
# compared by customer team, its key drivers, and drawn as an HTML page.
# Usage: demo.sh CXJ BUILD_DIR
set -e
cxj=$1
out=$2/demo
map=examples/itsm-support.yaml
answers=examples/itsm-responses.csv
mkdir -p "$out"

echo "== cxj validate $map"
"$cxj" validate "$map"
echo
echo "== cxj score $map $answers  (journey and stages; touchpoints with --json or in the page)"
"$cxj" score "$map" "$answers" 2>/dev/null | awk '/^contacts/ {exit} !/^  [^ ]/'
echo "== cxj compare ... --by segment FI SE --metric nps"
"$cxj" compare "$map" "$answers" --by segment FI SE --metric nps | sed -n '3,4p'
echo
echo "== cxj drivers ... --outcome nps  (the first five)"
"$cxj" drivers "$map" "$answers" --outcome nps | sed -n '1,9p'
echo
"$cxj" render "$map" "$answers" -o "$out/itsm-support.html"
"$cxj" render "$map" -o "$out/itsm-support.svg"
echo "== cxj render: the journey map, with scores, segments and drivers:"
echo "   $(cd "$out" && pwd)/itsm-support.html"
