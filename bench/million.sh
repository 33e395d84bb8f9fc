#!/bin/sh
# Unlocked reads of very large vaults (issue 20): `list -n 10`, `list --json` and
# `review` through an unlock session at 250,000, 500,000 and 1,000,000 entries,
# against the stock `age -d` decrypting the same state part. bench/million.py says
# what is measured.
#   bench/million.sh                          sizes 250,000 500,000 1,000,000
#   SIZES="10000 20000" bench/million.sh      a quick try (OUT=... to keep the results)
# Needs hyperfine, GNU time as /usr/bin/time, age and python3 (Debian packages).
# Vaults are made with bench/gen_vault.rs under bench/out/million (gitignored; about
# 900 MB for the three sizes; REUSE=1 keeps vaults made by an earlier run).
# Results: bench/results-million.md.
set -eu
cd "$(dirname "$0")/.."
for tool in hyperfine age python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "million.sh: '$tool' is not installed" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "million.sh: GNU time is missing (apt-get install time)" >&2; exit 1; }
cargo build --release -q --bins --examples
export CONFIDE="$PWD/target/release/confide" GEN="$PWD/target/release/examples/gen_vault"
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo "not a git checkout")
CHANGED=$(git status --porcelain --untracked-files=all -- src crates Cargo.toml Cargo.lock 2>/dev/null \
  | awk '{ print $NF }' | tr '\n' ' ')
[ -z "$CHANGED" ] || COMMIT="$COMMIT with uncommitted changes to ${CHANGED% }"
export COMMIT
exec python3 bench/million.py
