#!/bin/sh
# Runs every fuzz target for SECONDS each (default 30; CI uses the default, a soak
# run passes e.g. 3600). Needs cargo-fuzz and a nightly toolchain:
#   cargo install cargo-fuzz && rustup toolchain install nightly
# Corpora grow under fuzz/corpus/ (not committed); fuzz/seeds/ holds the small,
# committed starting points. A crash is saved under fuzz/artifacts/ and fails this
# script.
set -eu
cd "$(dirname "$0")"
SECONDS_EACH="${1:-30}"
for target in container state import date; do
    mkdir -p "corpus/$target"
    echo "fuzzing $target for ${SECONDS_EACH}s"
    cargo +nightly fuzz run "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$SECONDS_EACH" -max_len=65536 -malloc_limit_mb=256 \
        -rss_limit_mb=2048 -print_final_stats=0
done
