# EscapeLab: the two set-up commands of the README, plus benchmarks, studies and docs.
#   make demo    - build and run a small SGD-vs-Adam escape-time comparison
#   make test    - build in release mode and run every test
#   make docs    - the DocC documentation of the EscapeLab library (archive in .build/docs)
#   make studies - regenerate Studies/results (installs gnuplot for the plots)
# All install GSL (libgsl-dev) with apt-get when gsl-config is missing.

SWIFT      ?= swift
# Speed flags of this repository's own builds. They are not in Package.swift
# (a package others depend on carries no unsafe flags): the build machine's
# CPU, as gcc -march=native, which gives hardware fused multiply-add.
# ESCAPELAB_TARGET_CPU=haswell (say) targets another CPU; ESCAPELAB_PORTABLE=1
# builds for any CPU of the architecture.
ifeq ($(ESCAPELAB_PORTABLE),1)
SPEED      :=
else
SPEED      := -Xswiftc -target-cpu -Xswiftc $(or $(ESCAPELAB_TARGET_CPU),native)
endif
RELEASE    := -c release $(SPEED)
TESTING    := $(RELEASE) -Xswiftc -enable-testing
BIN        := .build/release/escapelab

.PHONY: all deps gnuplot build demo test docs bench bench-scale bench-dependency studies clean

all: build

deps:
	@command -v gsl-config >/dev/null 2>&1 || { \
	  echo "installing libgsl-dev (GSL) with apt-get"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libgsl-dev pkg-config >/dev/null; }

# gnuplot draws the studies' plots. Installed like GSL; when that is not
# possible, stop before anything is regenerated (a study run without gnuplot
# keeps the committed plots, but `make studies` promises plots).
gnuplot:
	@command -v gnuplot >/dev/null 2>&1 || { \
	  echo "installing gnuplot-nox (the studies' plots) with apt-get"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gnuplot-nox >/dev/null; } || true
	@command -v gnuplot >/dev/null 2>&1 || { \
	  echo "make studies: gnuplot is missing and could not be installed; run 'sudo apt-get install gnuplot-nox' and retry (nothing was changed)"; \
	  exit 1; }

build: deps
	$(SWIFT) build $(RELEASE) --product escapelab

demo: build
	@Scripts/demo.sh $(BIN)

# One build of everything (library, CLI, studies, tests), then the tests
# without rebuilding; then the example package (a user's package extending
# EscapeLab: built and run once), and the SLURM integration test (a real
# one-node cluster, installed with apt-get as root; it prints SKIP and passes
# where SLURM cannot be installed).
test: deps
	$(SWIFT) build $(TESTING) --build-tests
	$(SWIFT) test $(TESTING) --skip-build
	Scripts/example-test.sh
	Scripts/slurm/integration-test.sh $(BIN)

# The DocC archive of the EscapeLab library: API reference plus the articles
# in Sources/EscapeLab/EscapeLab.docc (getting started, conventions, theory,
# studies, extending). The archive is also a static site:
#   python3 -m http.server -d .build/docs/EscapeLab.doccarchive 8000
# then open http://localhost:8000/documentation/escapelab (or open the archive in Xcode).
DOCS       := .build/docs
docs: deps
	@rm -rf $(DOCS)/EscapeLab.doccarchive && mkdir -p $(DOCS)
	$(SWIFT) package --allow-writing-to-directory $(DOCS) generate-documentation --target EscapeLab \
	  --output-path $(DOCS)/EscapeLab.doccarchive --warnings-as-errors

bench: build
	Scripts/bench.sh

# 10^6, 10^7 and 10^8 trajectories in shards, merged with and without
# --records: seconds and peak RSS of each step (about 20 min on 2 cores, 5 GB
# of scratch files in /tmp), and single run = merge at 4e6 trajectories.
bench-scale: build
	Scripts/bench-scale.sh

# A package depending on EscapeLab by URL and version: its copy of DoubleWell
# against the built-in one (a fresh release build of EscapeLab, ~10 min).
bench-dependency: deps
	Scripts/bench-dependency.sh

# Regenerates every table, CSV and plot in Studies/results/ (full runs, a few
# minutes each on 2 cores): every Studies/<name>/main.swift, each of which is
# also named in Package.swift's `studyNames` (an explicit list, because SwiftPM
# caches the manifest's evaluation and would miss a folder added later).
studies: deps gnuplot
	$(SWIFT) build $(RELEASE)
	@for main in Studies/*/main.swift; do \
	  name=$$(basename $$(dirname $$main)); \
	  echo "== study $$name"; \
	  .build/release/$$name --output-dir Studies/results >/dev/null || exit 1; \
	done

clean:
	rm -rf .build
