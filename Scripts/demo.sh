#!/usr/bin/env bash
# `make demo`: plain SGD against Adam on the double well with white gradient
# noise (sigma 6), 2000 trajectories each, escape on reaching the other
# minimum. Adam's lr is 0.06 so that its step in x, lr / sqrt(v) ~ lr / sigma,
# matches SGD's 0.01. Prints theory's exact mean first-passage time for SGD
# and one summary table per optimizer. Takes a few seconds.
set -euo pipefail
bin=${1:-.build/release/escapelab}
problem=(--landscape double-well:barrier=1,k=1 --noise gaussian:sigma=6 --escape 'x0>=1')
run=(--trajectories 2000 --max-steps 2000000 --seed 2026 --quiet)
echo "== theory for SGD, lr 0.01 (T = lr sigma^2 / 2)"
"$bin" theory "${problem[@]}" --optimizer sgd --lr 0.01
for opt in "sgd 0.01" "adam 0.06"; do
  set -- $opt
  echo
  echo "== $1, lr $2"
  "$bin" run "${problem[@]}" "${run[@]}" --optimizer "$1" --lr "$2"
done
