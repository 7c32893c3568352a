#!/usr/bin/env bash
# A package that depends on EscapeLab by URL and version, as a user's would:
# this repository's HEAD is cloned into a scratch git repository tagged
# 0.2.0, and Scripts/dependency-bench (a copy of DoubleWell declared in the
# user's module, plus a timing loop) names it with
# `.package(url: "file://...", from: "0.2.0")`, builds in release mode with the
# README's speed flags, and times its copy against the built-in DoubleWell with
# SGD and with Adam, in one process, alternating (paired rounds).
#   usage: Scripts/bench-dependency.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
work=$(mktemp -d /tmp/escapelab-dependency.XXXXXX)
trap 'rm -rf "$work"' EXIT
git clone --quiet . "$work/EscapeLab"
git -C "$work/EscapeLab" tag 0.2.0
mkdir -p "$work/user"
cp -R Scripts/dependency-bench/Sources "$work/user/"
sed "s|ESCAPELAB_URL|file://$work/EscapeLab|" Scripts/dependency-bench/Package.swift.in > "$work/user/Package.swift"
cpu=${ESCAPELAB_TARGET_CPU:-native}
( cd "$work/user" && swift build -c release -Xswiftc -target-cpu -Xswiftc "$cpu" >/dev/null )
"$work/user/.build/release/user-bench" "$rounds"
