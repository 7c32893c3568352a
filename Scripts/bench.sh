#!/usr/bin/env bash
# Throughput of `escapelab run` on workload W1 of Scripts/bench (README there) against the
# C reference (escape_ref.c, gcc -O3 -march=native -fopenmp), in one sitting:
# the two run alternately ROUNDS times per thread count. The machine is
# shared and noisy, so both the ratio of the best runs and the median of the
# paired (back-to-back) ratios are reported. Also the peak memory of a
# 10^6-trajectory run without --records.
#   usage: Scripts/bench.sh [ROUNDS] [TRAJECTORIES]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-8}
n=${2:-10000}
ref_src=${ESCAPELAB_BENCH_REF:-Scripts/bench/escape_ref.c}
out=.build/bench
mkdir -p "$out"
[ -f "$ref_src" ] || { echo "bench: C reference $ref_src not found (set ESCAPELAB_BENCH_REF)"; exit 66; }
gcc -O3 -march=native -fopenmp "$ref_src" -o "$out/escape_ref" $(pkg-config --cflags --libs gsl)
swift build -c release --product escapelab >/dev/null
python3 - "$rounds" "$n" "$out/escape_ref" <<'PY'
import json, re, statistics, subprocess, sys
rounds, n, ref = int(sys.argv[1]), sys.argv[2], sys.argv[3]
w1 = [".build/release/escapelab", "run", "--landscape", "double-well:barrier=1,k=1", "--optimizer", "sgd",
      "--lr", "0.01", "--noise", "gaussian:sigma=6", "--start", "-1", "--escape", "x0>=0.5",
      "--max-steps", "1000000", "--trajectories", n, "--seed", "12345", "--quiet", "--format", "json"]
for t in (1, 2):
    s, c = [], []
    for _ in range(rounds):
        s.append(json.loads(subprocess.run(w1 + ["--threads", str(t)], capture_output=True, text=True, check=True).stdout)["steps_per_second"])
        out = subprocess.run([ref, "-t", str(t), "-n", n], capture_output=True, text=True, check=True).stdout
        c.append(float(re.search(r"throughput=([0-9.e+]+)", out).group(1)))
    paired = statistics.median(a / b for a, b in zip(s, c))
    print(f"W1 threads={t}: escapelab best {max(s):.4g} steps/s, C reference best {max(c):.4g} steps/s, "
          f"ratio of best {max(s) / max(c):.3f}, median paired ratio {paired:.3f} ({rounds} rounds)")
PY
/usr/bin/time -v .build/release/escapelab run --trajectories 1000000 --max-steps 100 --escape 'x0>=0.5' --threads 2 --quiet --format csv \
  2> "$out/time.txt" > /dev/null
grep "Maximum resident" "$out/time.txt" | awk '{printf "10^6 trajectories without --records: peak RSS %.1f MB\n", $6/1024}'
