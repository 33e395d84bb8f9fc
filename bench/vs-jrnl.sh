#!/bin/sh
# confide against jrnl on the same corpus (bench/vs_jrnl.py says what is measured).
#   bench/vs-jrnl.sh                      sizes 1,000 10,000 50,000 100,000
#   SIZES="1000 10000" bench/vs-jrnl.sh   a quicker run
# Needs hyperfine (Debian package) and /usr/bin/time. jrnl 4.6 is installed from PyPI
# into bench/.venv (never into the system); if that fails, confide is measured alone.
# Results: bench/results.md (OUT=... to change).
set -eu
cd "$(dirname "$0")/.."
cargo build --release -q
export CONFIDE="$PWD/target/release/confide"
if [ ! -x bench/.venv/bin/jrnl ]; then
  python3 -m venv bench/.venv && bench/.venv/bin/pip install -q "jrnl==4.6" keyrings.alt \
    || echo "jrnl could not be installed; measuring confide alone" >&2
fi
if [ -x bench/.venv/bin/jrnl ]; then export JRNL="$PWD/bench/.venv/bin/jrnl"; else export JRNL=none; fi
exec python3 bench/vs_jrnl.py
