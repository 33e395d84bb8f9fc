#!/bin/sh
# Soak runs of the reliability harnesses (tests/reliability.rs), far beyond CI's size:
#   bench/soak.sh            5,000 SIGKILLs at random moments, release build
#   bench/soak.sh 20000 42   20,000 kills, seed 42
# and, if cargo-fuzz and nightly are installed, an hour of each fuzz target
# (SOAK_FUZZ_SECONDS=... to change, 0 to skip).
set -eu
cd "$(dirname "$0")/.."
KILLS="${1:-5000}"
SEED="${2:-1}"
CONFIDE_CRASH_KILLS="$KILLS" CONFIDE_CRASH_SEED="$SEED" \
  cargo test --release --test integration reliability::sigkill -- --nocapture
FUZZ="${SOAK_FUZZ_SECONDS:-3600}"
if [ "$FUZZ" -gt 0 ] && cargo fuzz --version >/dev/null 2>&1 \
  && rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz/run.sh "$FUZZ"
fi
