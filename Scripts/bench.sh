#!/usr/bin/env bash
# Throughput of `escapelab run` on workload W1 of ../shared/bench against the
# C reference (escape_ref.c, gcc -O3 -march=native -fopenmp), measured in one
# sitting: the two are run alternately ROUNDS times per thread count and the
# best of each is compared (the machine is shared; best-of-N is the least
# noisy estimate of what each can do). Also reports peak memory of a 10^6-
# trajectory run without --records.
#   usage: Scripts/bench.sh [ROUNDS] [TRAJECTORIES]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
n=${2:-10000}
ref_src=${ESCAPELAB_BENCH_REF:-../shared/bench/escape_ref.c}
out=.build/bench
mkdir -p "$out"
[ -f "$ref_src" ] || { echo "bench: C reference $ref_src not found (set ESCAPELAB_BENCH_REF)"; exit 66; }
gcc -O3 -march=native -fopenmp "$ref_src" -o "$out/escape_ref" $(pkg-config --cflags --libs gsl)
swift build -c release --product escapelab >/dev/null
bin=.build/release/escapelab
w1=(run --landscape double-well:barrier=1,k=1 --optimizer sgd --lr 0.01 --noise gaussian:sigma=6
    --start -1 --escape 'x0>=0.5' --max-steps 1000000 --trajectories "$n" --seed 12345 --quiet --format json)
best() { sort -g | tail -1; }
for t in 1 2; do
  : > "$out/swift.$t"; : > "$out/c.$t"
  for _ in $(seq "$rounds"); do
    "$bin" "${w1[@]}" --threads "$t" | sed -n 's/.*"steps_per_second": \([0-9.e+]*\).*/\1/p' >> "$out/swift.$t"
    "$out/escape_ref" -t "$t" -n "$n" | sed -n 's/.*throughput=\([0-9.e+]*\) steps.*/\1/p' >> "$out/c.$t"
  done
  s=$(best < "$out/swift.$t"); c=$(best < "$out/c.$t")
  python3 -c "print(f'W1 threads=$t  escapelab {float($s):.4g} steps/s  C reference {float($c):.4g} steps/s  ratio {float($s)/float($c):.3f}  (best of $rounds)')"
done
/usr/bin/time -v "$bin" run --trajectories 1000000 --max-steps 100 --escape 'x0>=0.5' --threads 2 --quiet --format csv \
  2> "$out/time.txt" > /dev/null
grep "Maximum resident" "$out/time.txt" | awk '{printf "10^6 trajectories without --records: peak RSS %.1f MB\n", $6/1024}'
