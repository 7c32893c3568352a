#!/usr/bin/env bash
# Throughput of `escapelab run` on workloads W1 and W3 (Scripts/bench/README.md) against the
# C reference (escape_ref.c, gcc -O3 -march=native -fopenmp) and the NumPy peer, in one sitting:
# the two run back to back ROUNDS times per thread count, which one goes first
# alternating from round to round. The machine is
# shared and noisy, so the median of the paired (back-to-back) ratios is
# reported, with their range. Also the peak memory of a
# 10^6-trajectory run without --records.
#   usage: Scripts/bench.sh [ROUNDS] [TRAJECTORIES]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-8}
n=${2:-10000}
ref_src=Scripts/bench/escape_ref.c
out=.build/bench
mkdir -p "$out"
gcc -O3 -march=native -fopenmp "$ref_src" -o "$out/escape_ref" $(pkg-config --cflags --libs gsl)
gcc -O3 -march=native Scripts/bench/gsl_draws.c -o "$out/gsl_draws" $(pkg-config --cflags --libs gsl)
swift build -c release -Xswiftc -target-cpu -Xswiftc native --product escapelab >/dev/null
python3 - "$rounds" "$n" "$out/escape_ref" "$out/gsl_draws" <<'PY'
# Whole processes: each throughput is the process's trajectory-steps over its
# wall-clock time from fork to exit (start-up, thread creation and output
# included), the figure a reader reproduces with `time`.
import json, os, re, statistics, subprocess, sys, time
rounds, n, ref, draws = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
w1 = [".build/release/escapelab", "run", "--landscape", "double-well:barrier=1,k=1", "--optimizer", "sgd",
      "--lr", "0.01", "--noise", "gaussian:sigma=6", "--start", "-1", "--escape", "x0>=0.5",
      "--max-steps", "1000000", "--trajectories", n, "--seed", "12345", "--quiet", "--format", "json"]
def timed(cmd):
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return out, time.perf_counter() - t0
for t in (1, 2):
    s, c = [], []
    for r in range(rounds):
        # Each pair runs back to back; which program goes first alternates, so
        # a drift within a pair (clock, cache, the other tenant) favours neither.
        for first in ((0, 1) if r % 2 == 0 else (1, 0)):
            if first == 0:
                out, wall = timed(w1 + ["--threads", str(t)])
                s.append(int(json.loads(out)["total_steps"]) / wall)
            else:
                out, wall = timed([ref, "-t", str(t), "-n", n])
                c.append(int(re.search(r"total_traj_steps=([0-9]+)", out).group(1)) / wall)
    ratios = [a / b for a, b in zip(s, c)]
    print(f"W1 threads={t}: escapelab median {statistics.median(s):.4g} steps/s, C reference median {statistics.median(c):.4g} steps/s "
          f"(whole processes), median paired ratio {statistics.median(ratios):.3f}, "
          f"range {min(ratios):.3f}-{max(ratios):.3f} ({rounds} rounds)")
# W1 with the landscape written as a formula, against the built-in double well
# (both escapelab, 1 thread, fewer trajectories: the formula tape is slower).
formula = [a if a != "double-well:barrier=1,k=1" else "formula:(x0^2-1)^2" for a in w1]
f, b = [], []
for _ in range(rounds):
    out, wall = timed(formula[:formula.index("--trajectories") + 1] + ["2000"] + formula[formula.index("--trajectories") + 2:] + ["--threads", "1"])
    f.append(int(json.loads(out)["total_steps"]) / wall)
    out, wall = timed(w1[:w1.index("--trajectories") + 1] + ["2000"] + w1[w1.index("--trajectories") + 2:] + ["--threads", "1"])
    b.append(int(json.loads(out)["total_steps"]) / wall)
print(f"W1 as formula:(x0^2-1)^2: {statistics.median(f):.4g} steps/s against the built-in double-well's "
      f"{statistics.median(b):.4g}, median paired ratio {statistics.median(x / y for x, y in zip(f, b)):.3f} (1 thread)")
# W3: saddle:dim=256 from the saddle to radius 10, 2000 trajectories, against
# the NumPy peer (the same algorithm vectorised over trajectories, BLAS on one
# thread) and against GSL's ziggurat alone (d = 256 draws bound a step).
w3 = [".build/release/escapelab", "run", "--landscape", "saddle:neg=1,pos=1,dim=256", "--optimizer", "sgd",
      "--lr", "0.005", "--noise", "gaussian:sigma=1", "--escape", "radius=10", "--max-steps", "100000",
      "--trajectories", "2000", "--seed", "12345", "--quiet", "--format", "json", "--threads", "1"]
one = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
numpy = ["python3", "Scripts/bench/escape_highdim_numpy.py"]
e, p, g, means = [], [], [], []
for _ in range(max(3, rounds // 2)):
    out, wall = timed(w3)
    e.append(int(json.loads(out)["total_steps"]) / wall)
    means.append(json.loads(out)["mean_escape_steps"])
    t0 = time.perf_counter()
    out = subprocess.run(numpy, capture_output=True, text=True, check=True, env=one).stdout
    p.append(int(re.search(r"total_traj_steps=([0-9]+)", out).group(1)) / (time.perf_counter() - t0))
    out = subprocess.run([draws, "100000000"], capture_output=True, text=True, check=True).stdout
    g.append(float(re.search(r"draws_per_s=([0-9.e+]+)", out).group(1)) / 256)
print(f"W3 saddle:dim=256, 1 thread: escapelab median {statistics.median(e):.4g} trajectory-steps/s (mean escape {statistics.median(means):.1f} steps), "
      f"NumPy median {statistics.median(p):.4g}: median paired ratio {statistics.median(a / b for a, b in zip(e, p)):.2f}; "
      f"GSL ziggurat alone bounds a step at {statistics.median(g):.4g} trajectory-steps/s: escapelab at "
      f"{statistics.median(a / b for a, b in zip(e, g)):.2f} of it ({len(e)} rounds)")
PY
/usr/bin/time -v .build/release/escapelab run --trajectories 1000000 --max-steps 100 --escape 'x0>=0.5' --threads 2 --quiet --format csv \
  2> "$out/time.txt" > /dev/null
grep "Maximum resident" "$out/time.txt" | awk '{printf "10^6 trajectories without --records: peak RSS %.1f MB\n", $6/1024}'
