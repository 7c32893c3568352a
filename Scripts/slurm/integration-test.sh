#!/bin/bash
# End-to-end test of the SLURM recipe on a one-node cluster (for `make test`):
# the 8-task array of escapelab-array.sbatch with task 3 cancelled, task 3
# resubmitted alone (`sbatch --array=3`), merge.sh as a dependent job, and the
# merged summary and records compared byte for byte with one unsharded run
# (timing fields aside). About a minute on 2 cores.
#
#   Scripts/slurm/integration-test.sh [ESCAPELAB_BINARY]   (default .build/release/escapelab)
#
# Builds nothing. Uses a cluster that already answers, else starts one with
# cluster.sh (root; installs the Debian packages when missing) and stops it
# afterwards. Exit 0: passed, or "SKIP: reason" when SLURM cannot be installed
# or started here (ESCAPELAB_SLURM_REQUIRED=1 turns a skip into a failure).
# Temporary files go under $TMPDIR (default /tmp), which must be visible to
# the node that runs the jobs.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
t0=$(date +%s)
started_cluster=0
cluster_up=0                 # set once jobs can be submitted: then failures print SLURM's logs
result=PASS
jobs=()                      # every job id submitted: cancelled on exit
job='' job3='' mjob='' tmp=''

elapsed() { echo "$(($(date +%s) - t0)) s"; }
log() { echo "[slurm-test $(elapsed)] $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() {
  if [ "${ESCAPELAB_SLURM_REQUIRED:-0}" = 1 ]; then fail "SLURM unavailable ($*) and ESCAPELAB_SLURM_REQUIRED=1"; fi
  echo "SKIP: $*"
  result=SKIP
  exit 0
}

diagnostics() {
  echo "---- diagnostics" >&2
  local j f
  for j in "${jobs[@]}"; do timeout 10 scontrol -o show job "$j" 2>&1 | cut -c1-400 >&2 || true; done
  if [ -n "$tmp" ]; then
    for f in "$tmp"/*.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -n 8 "$f" >&2; }; done
  fi
  for f in /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log; do
    [ -r "$f" ] && { echo "--- last lines of $f" >&2; tail -n 20 "$f" >&2; }
  done
  return 0
}

finish() {
  local rc=$1
  trap - EXIT
  set +e
  [ "$rc" = 0 ] || [ "$cluster_up" = 0 ] || diagnostics
  for j in "${jobs[@]}"; do timeout 10 scancel "$j" >/dev/null 2>&1; done
  [ "$started_cluster" = 1 ] && "$here/cluster.sh" stop >/dev/null
  [ -n "$tmp" ] && rm -rf "$tmp"
  if [ "$rc" = 0 ]; then echo "slurm integration test: $result in $(elapsed)"
  else echo "slurm integration test: FAIL (exit $rc) after $(elapsed)" >&2; fi
  exit "$rc"
}
trap 'finish $?' EXIT
trap 'exit 130' INT TERM

# Whether a controller answers with a usable node. Without one sinfo retries
# for ~10 s, hence the short probe (a live controller answers at once).
answering() {
  command -v sinfo >/dev/null || return 1
  case "$(timeout "${1:-10}" sinfo -h -o %t 2>/dev/null | head -n 1 || true)" in
    idle*|mix*|alloc*|comp*) return 0 ;; *) return 1 ;;
  esac
}

# Waits until none of the given job ids (array or plain) is queued or running.
wait_jobs() {
  local limit=$1 deadline=$(($(date +%s) + $1)) out; shift
  while :; do
    out=$(timeout 10 squeue -h -o %F 2>/dev/null) || { answering || fail "the SLURM controller stopped answering"; out=x; }
    local left=0 j
    for j in "$@"; do grep -qx "$j" <<< "$out" && left=1; done
    [ "$out" = x ] && left=1
    [ "$left" = 0 ] && return 0
    [ "$(date +%s)" -lt "$deadline" ] || fail "jobs $* still queued or running after $limit s"
    sleep 1
  done
}

# "index state exitcode" per task of an array job (scontrol keeps finished
# jobs for MinJobAge, 300 s by default; there is no accounting).
task_states() {
  timeout 10 scontrol -o show job "$1" \
    | sed -n 's/.*ArrayTaskId=\([0-9]*\) .*JobState=\([A-Z_]*\) .* ExitCode=\([0-9:]*\).*/\1 \2 \3/p' | sort -n
}

# submit VAR SBATCH_ARGS...: the new job id goes to VAR (and to the jobs to cancel on exit).
submit() {
  local var=$1 id; shift
  id=$(timeout 30 sbatch --parsable --export=ALL --chdir="$tmp" "$@") || fail "sbatch $* failed"
  id=${id%%;*}
  jobs+=("$id")
  printf -v "$var" %s "$id"
}

# ---- the binary
bin=${1:-.build/release/escapelab}
[ -x "$bin" ] || fail "no executable '$bin' (build it first: swift build -c release --product escapelab)"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

# ---- the cluster
if answering 4; then
  log "using the SLURM cluster that already answers"
else
  [ "$(id -u)" = 0 ] || skip "no SLURM cluster answers and starting one needs root"
  log "starting a one-node cluster with cluster.sh"
  rc=0; out=$("$here/cluster.sh" start 2>&1) || rc=$?
  case $rc in
    0) started_cluster=1 ;;
    3) skip "SLURM cannot be installed or started here: $(tail -n 1 <<< "$out")" ;;
    *) echo "$out"; "$here/cluster.sh" stop >/dev/null 2>&1 || true   # whatever of ours did start
       skip "the SLURM cluster did not start (see above)" ;;
  esac
fi

cluster_up=1

# ---- the run: 8e8 steps (~12 s of one core); 8 shards, each run on 2 threads
tmp=$(mktemp -d "${TMPDIR:-/tmp}/escapelab-slurm.XXXXXX")
chmod 755 "$tmp"
export ESCAPELAB="$bin" ESCAPELAB_OUTDIR="$tmp/shards" ESCAPELAB_MERGED="$tmp/all"
export ESCAPELAB_PROBLEM="--landscape double-well:barrier=1,k=1 --noise gaussian:sigma=7 --lr 0.01 --escape x0>=0 --max-steps 1000000 --trajectories 200000 --seed 2026"
read -r -a problem <<< "$ESCAPELAB_PROBLEM"

submit job "$here/escapelab-array.sbatch"
timeout 10 scancel "${job}_3" || fail "scancel ${job}_3 failed"
log "array job $job submitted, task 3 cancelled"
submit mjob --dependency=afterok:"$job" "$here/merge.sh"
log "merge job $mjob waits for afterok:$job"
wait_jobs 300 "$job"

states=$(task_states "$job")
echo "$states" | sed 's/^/    task /'
[ ! -e "$tmp/shards/shard3.json" ] || fail "task 3 wrote its shard before it was cancelled: make the test problem bigger"
# A task cancelled while pending may leave no record; one cancelled while running shows CANCELLED.
! grep -q '^3 ' <<< "$states" || grep -q '^3 CANCELLED' <<< "$states" || fail "task 3 is not CANCELLED"
[ "$(grep -c ' COMPLETED 0:0$' <<< "$states")" = 7 ] || fail "expected 7 tasks COMPLETED with exit 0"
for i in 0 1 2 4 5 6 7; do [ -s "$tmp/shards/shard$i.json" ] || fail "no shards/shard$i.json"; done

# afterok can no longer be met: the merge job must not have run.
mstate=$(timeout 10 scontrol -o show job "$mjob" 2>/dev/null || true)
grep -q 'JobState=PENDING' <<< "$mstate" || fail "merge job $mjob ran although task 3 was cancelled"
log "merge job $mjob did not run ($(grep -o 'Reason=[A-Za-z_]*' <<< "$mstate")): cancelling it"
timeout 10 scancel "$mjob"
if (cd "$tmp" && "$here/merge.sh") > "$tmp/merge-incomplete.txt" 2>&1; then
  fail "merge.sh merged shards with shard 3 missing"
fi
grep -q '3/8' "$tmp/merge-incomplete.txt" || fail "merge.sh did not name the missing shard 3/8: $(cat "$tmp/merge-incomplete.txt")"
log "merge.sh refuses the incomplete set: $(head -n 1 "$tmp/merge-incomplete.txt")"

# ---- task 3 alone, then the merge as a dependent job
submit job3 --array=3 "$here/escapelab-array.sbatch"
submit mjob --dependency=afterok:"$job3" "$here/merge.sh"
log "task 3 resubmitted as job $job3, merge job $mjob after it"
wait_jobs 180 "$job3" "$mjob"
grep -q '^3 COMPLETED 0:0$' <<< "$(task_states "$job3")" || fail "resubmitted task 3 did not complete"
timeout 10 scontrol -o show job "$mjob" | grep -q 'JobState=COMPLETED .* ExitCode=0:0' || fail "merge job $mjob failed"
{ [ -s "$tmp/all.json" ] && [ -s "$tmp/all.csv" ]; } || fail "merge wrote no all.json / all.csv"

# ---- the same run unsharded, compared byte for byte but for the timing fields
log "unsharded reference run"
timeout 300 "$bin" run "${problem[@]}" --quiet --output "$tmp/single.json" --records "$tmp/single.csv" \
  > "$tmp/single.log" 2>&1 || fail "the unsharded run failed: $(cat "$tmp/single.log")"
timing='^ *"(elapsed_seconds|steps_per_second|threads)":'
for f in all single; do
  [ "$(grep -cE "$timing" "$tmp/$f.json")" = 3 ] || fail "$f.json does not hold the 3 timing fields one per line"
  grep -vE "$timing" "$tmp/$f.json" > "$tmp/$f.filtered.json"
done
cmp "$tmp/all.filtered.json" "$tmp/single.filtered.json" \
  || { diff "$tmp/all.filtered.json" "$tmp/single.filtered.json" | head -n 20; fail "merged summary differs from the single run"; }
cmp "$tmp/all.csv" "$tmp/single.csv" || fail "merged records differ from the single run"
log "merged summary and $(($(wc -l < "$tmp/all.csv") - 1)) records equal the unsharded run's"
