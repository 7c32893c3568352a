#!/bin/bash
# Merges the shards of Scripts/slurm/escapelab-array.sbatch into one summary
# and one records CSV, the same bit for bit as the unsharded run (timing
# fields aside). Run it by hand in the submit directory, or as a job that
# waits for the array:
#
#   sbatch --dependency=afterok:$JOB Scripts/slurm/merge.sh
#
# (afterok is never met once a task has failed or been cancelled: scancel that
# merge job, resubmit the task with `sbatch --array=I ...`, and submit the
# merge again with --dependency=afterok:<the new job>.)
#
# Environment, as for the array: ESCAPELAB (binary), ESCAPELAB_OUTDIR (shard
# directory, default shards); ESCAPELAB_MERGED (default all) names the results
# $ESCAPELAB_MERGED.json and $ESCAPELAB_MERGED.csv. Fails, naming the missing
# shards, unless every shard of the run is there.
#SBATCH --job-name=escapelab-merge
#SBATCH --cpus-per-task=1
#SBATCH --output=escapelab-merge-%j.log
set -euo pipefail

ESCAPELAB=${ESCAPELAB:-escapelab}
OUTDIR=${ESCAPELAB_OUTDIR:-shards}
MERGED=${ESCAPELAB_MERGED:-all}

command -v "$ESCAPELAB" >/dev/null || { echo "escapelab binary '$ESCAPELAB' not found: set ESCAPELAB" >&2; exit 2; }
shopt -s nullglob
shards=("$OUTDIR"/shard*.json)
[ ${#shards[@]} -gt 0 ] || { echo "no $OUTDIR/shard*.json here ($(pwd))" >&2; exit 1; }
# merge checks that the shards are of one run and that none is missing.
if ! "$ESCAPELAB" merge "${shards[@]}" --output "$MERGED.json" --records "$MERGED.csv"; then
  echo "merge failed; a missing shard I is rerun with: sbatch --array=I Scripts/slurm/escapelab-array.sbatch" >&2
  exit 1
fi
echo "wrote $MERGED.json and $MERGED.csv from ${#shards[@]} shards"
