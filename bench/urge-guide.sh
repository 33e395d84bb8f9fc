#!/bin/sh
# The guided `confide urge`, step by step: confide's own time per question and a
# person's time by the keystroke-level model (bench/urge_guide.py says how).
#   bench/urge-guide.sh              writes bench/results-urge-guide.md
#   RUNS=5 bench/urge-guide.sh       a quicker run
#   THINK_MS=1350 OUT=bench/results-urge-guide-person.md bench/urge-guide.sh
#                                    answers after a person's time to read and decide
set -eu
cd "$(dirname "$0")/.."
cargo build --release -q
export CONFIDE="$PWD/target/release/confide"
exec python3 bench/urge_guide.py
