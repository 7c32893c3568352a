#!/usr/bin/env bash
# Cluster scale on one machine (issue "Cluster scale"): the shards of a large
# run executed one after another, then merged, with each step's peak RSS and
# seconds (/usr/bin/time -v), plus the equivalence of a single run and the merge
# of its shards at 4e6 trajectories (SGD with white noise, and a censoring-heavy
# case). Problem: W1's double well, --max-steps 50.
#   usage: Scripts/bench-scale.sh [TRAJECTORIES] [SHARDS] [WORKDIR]
#   default 100000000 trajectories in 100 shards (about 1.5 GB of shard files).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000000}
shards=${2:-100}
work=${3:-$(mktemp -d /tmp/escapelab-scale.XXXXXX)}
bin=.build/release/escapelab
[ -x "$bin" ] || { echo "bench-scale: build first (make build)"; exit 66; }
mkdir -p "$work"
problem=(--landscape double-well:barrier=1,k=1 --noise gaussian:sigma=6 --lr 0.01 --escape 'x0>=0.5' --max-steps 50 --quiet --format none)

# measure LABEL CMD...: runs CMD under /usr/bin/time -v, prints seconds and peak RSS.
measure() {
  local label=$1; shift
  /usr/bin/time -v "$@" 2> "$work/time.txt" > /dev/null || { cat "$work/time.txt"; exit 1; }
  awk -v l="$label" '/Elapsed \(wall clock\)/ {t=$NF} /Maximum resident/ {r=$NF}
       END {n=split(t, a, ":"); s = (n == 3 ? a[1]*3600 + a[2]*60 + a[3] : a[1]*60 + a[2]);
            printf "%-44s %9.1f s  peak RSS %7.1f MB\n", l, s, r / 1024}' "$work/time.txt"
}

echo "== $n trajectories in $shards shards, --max-steps 50 (W1's well), in $work"
start=$(date +%s)
maxrss=0
for ((i = 0; i < shards; i++)); do
  /usr/bin/time -v "$bin" run "${problem[@]}" --trajectories "$n" --shard "$i/$shards" --output "$work/shard$i.json" \
    2> "$work/time.txt" > /dev/null
  r=$(awk '/Maximum resident/ {print $NF}' "$work/time.txt")
  [ "$r" -gt "$maxrss" ] && maxrss=$r
done
echo "shards: $(( $(date +%s) - start )) s in all, largest peak RSS $((maxrss / 1024)) MB, $(du -sh "$work" | cut -f1) on disk, $(( $(du -sb "$work" | cut -f1) / n )) bytes per trajectory"
measure "merge without --records" "$bin" merge "$work"/shard*.json --output "$work/merged.json" --format none
measure "merge with --records" "$bin" merge "$work"/shard*.json --output "$work/merged.json" --records "$work/merged.csv" --format none
rm -f "$work/merged.csv"
measure "run --records, one shard of $((n / 10)) trajectories" "$bin" run "${problem[@]}" --trajectories "$((n / 10))" --records "$work/one.csv"
rm -f "$work/one.csv"

echo "== a single run and the merge of its 4 shards, 4000000 trajectories"
for case in "sgd" "censoring"; do
  if [ "$case" = sgd ]; then p=(--landscape double-well --noise gaussian:sigma=6 --lr 0.01 --escape 'x0>=0.5' --max-steps 1000000)
  else p=(--landscape double-well --noise gaussian:sigma=3 --lr 0.01 --escape 'x0>=1' --max-steps 2000); fi
  q=("${p[@]}" --trajectories 4000000 --seed 5 --quiet --format none)
  "$bin" run "${q[@]}" --output "$work/single.json" --records "$work/single.csv"
  for i in 0 1 2 3; do "$bin" run "${q[@]}" --shard $i/4 --output "$work/e$i.json"; done
  "$bin" merge "$work"/e3.json "$work"/e1.json "$work"/e0.json "$work"/e2.json --output "$work/m.json" --records "$work/m.csv" --format none
  strip() { grep -v -e elapsed_seconds -e steps_per_second -e '"threads"' "$1"; }
  if cmp -s "$work/single.csv" "$work/m.csv" && diff <(strip "$work/single.json") <(strip "$work/m.json") > /dev/null; then
    echo "$case: summary (timing aside) and records byte-identical; censored $(grep '"censored"' "$work/single.json" | tr -dc 0-9) of 4000000"
  else
    echo "$case: DIFFERENT"; exit 1
  fi
  rm -f "$work"/e?.json "$work"/single.* "$work"/m.*
done
