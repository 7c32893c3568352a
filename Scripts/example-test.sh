#!/usr/bin/env bash
# `make test`'s check of Examples/CustomLandscape, a package that extends
# EscapeLab from outside: it builds (debug: this checks the API, not speed),
# its CLI runs run/trace/theory/merge with its own landscape, and its study
# writes a table, CSV and (with gnuplot) plot.
set -euo pipefail
cd "$(dirname "$0")/../Examples/CustomLandscape"
swift build >/dev/null
bin=.build/debug
out=$(mktemp -d /tmp/escapelab-example.XXXXXX)
trap 'rm -rf "$out"' EXIT
p=(--landscape tilted-well:h=1,t=0.3 --noise gaussian:sigma=8 --lr 0.01 --max-steps 200000)
"$bin/custom-escapelab" list landscapes | grep -q '^tilted-well'
"$bin/custom-escapelab" theory "${p[@]}" --format json > "$out/theory.json"
for i in 0 1; do "$bin/custom-escapelab" run "${p[@]}" --seed 4 --quiet --trajectories 200 --shard $i/2 --output "$out/s$i.json" --format none; done
"$bin/custom-escapelab" merge "$out/s1.json" "$out/s0.json" --output "$out/merged.json" --records "$out/merged.csv" --format none
"$bin/custom-escapelab" run "${p[@]}" --seed 4 --quiet --trajectories 200 --output "$out/single.json" --records "$out/single.csv" --format none
cmp "$out/merged.csv" "$out/single.csv"
"$bin/custom-escapelab" trace "${p[@]}" --seed 4 --steps 20 > "$out/trace.csv"
[ "$(wc -l < "$out/trace.csv")" = 22 ]
"$bin/tilted-study" --quick --output-dir "$out" >/dev/null
[ -s "$out/tilted-study-quick.md" ] && [ -s "$out/tilted-study-quick.csv" ]
if command -v gnuplot >/dev/null; then [ -s "$out/tilted-study-quick.png" ]; fi
echo "example package: built; CLI run/trace/theory/merge with tilted-well; study table, CSV$(command -v gnuplot >/dev/null && echo ', plot')"
