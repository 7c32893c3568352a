#!/usr/bin/env bash
# The acceptance benchmark of `run --method ams` (issue 8): white-noise SGD on
# the double well for three (h, k, lr) sets at barrier/T = 10, 15, 20, 25, 30,
# each with the defaults (N = 1000 replicas, R = 10 repetitions, pilot levels),
# against the exact MFPT from `escapelab theory` (continuous quadrature).
# Pass: |tau - exact| <= 3 SE + 5%; covered: the 95% interval contains exact.
# lr h k <= 0.005 on every set, where the discrete chain is within 0.6% of the
# continuous MFPT (DESIGN of issue 8, section 8.2). One line per run, then the
# counts; the speedup column is direct_equivalent_steps / total_steps.
# The escape is the landscape's own, the other minimum x0 >= 1/sqrt(k).
# Usage: Scripts/ams-benchmark.sh [binary] [threads]   (about a minute on 2 cores)
# SETS="h k lr;h k lr" overrides the three sets. The seed of each run is its
# barrier/T; SEEDS="1001 1002 ..." repeats the whole table once per listed
# seed instead (the coverage of the 95% intervals over independent runs:
# SEEDS="$(seq 1001 1010)" is 150 runs, about 8 minutes on one thread).
# The last lines count, per set, the runs within 3 SE + 5% and the intervals
# that cover the exact value.
set -euo pipefail
bin=${1:-.build/release/escapelab}
threads=${2:-2}
printf '%-24s %5s %12s %12s %8s %7s %6s %7s %6s %10s %8s %s\n' \
  "landscape" "b/T" "tau (steps)" "exact" "relSE" "err" "pass" "covered" "sec" "steps" "speedup" "verdict"
IFS=';' read -ra sets <<<"${SETS:-1 1 0.005;2 1 0.002;0.5 4 0.001}"
read -ra seeds <<<"$(echo ${SEEDS:-})"
[ ${#seeds[@]} -gt 0 ] || seeds=(bt)
tally=$(mktemp)
trap 'rm -f "$tally"' EXIT
for seed in "${seeds[@]}"; do
for set in "${sets[@]}"; do
  read -r h k lr <<<"$set"
  for bt in 10 15 20 25 30; do
    sigma=$(python3 -c "print(repr((2*$h/($bt*$lr))**0.5))")
    problem=(--landscape "double-well:barrier=$h,k=$k" --lr "$lr" --noise "gaussian:sigma=$sigma")
    exact=$("$bin" theory "${problem[@]}" --format json)
    ams=$("$bin" run "${problem[@]}" --method ams --seed "${seed/bt/$bt}" --threads "$threads" --max-steps 100000000 --quiet --format json)
    python3 - "$exact" "$ams" "$h,$k,$lr" "$bt" "$tally" <<'EOF'
import json, sys
exact = json.loads(sys.argv[1])["mfpt_steps"]
a = json.loads(sys.argv[2])
tau, se = a["mean_escape_steps"], a["mean_escape_steps_se"]
lo, hi = a["mean_escape_steps_ci95"]
ok = abs(tau - exact) <= 3 * se + 0.05 * exact
print("%-24s %5s %12.4e %12.4e %8.3f %+7.3f %6s %7s %6.1f %10.3e %8.2e %s" % (
    "h,k,lr=" + sys.argv[3], sys.argv[4], tau, exact, se / tau, tau / exact - 1, "yes" if ok else "NO",
    "yes" if lo <= exact <= hi else "no", a["elapsed_seconds"], a["total_steps"],
    a["direct_equivalent_steps"] / a["total_steps"], a["reliability"]))
with open(sys.argv[5], "a") as t:
    t.write("%s %d %d\n" % (sys.argv[3], ok, lo <= exact <= hi))
EOF
  done
done
done
awk '{ n[$1]++; p[$1] += $2; c[$1] += $3 }
     END { for (s in n) printf "h,k,lr=%s: within 3 SE + 5%% in %d of %d runs; 95%% interval covers the exact MFPT in %d of %d\n", s, p[s], n[s], c[s], n[s] }' "$tally"
