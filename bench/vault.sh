#!/usr/bin/env bash
# Vault performance benchmark: append cost, unlock+list time and peak memory of the
# confide binary, compared with the stock age CLI. See bench/README.md.
#
#   bench/vault.sh           full run (100,000-entry vaults), writes bench/results-vault.md
#   bench/vault.sh --quick   smoke test (1,000 entries, few runs), writes bench/out/results-vault-quick.md
#
# Everything it creates lives under bench/out/ (gitignored). Nothing is committed.
set -euo pipefail

usage() {
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
}

MODE=full
for arg in "$@"; do
    case "$arg" in
        --quick) MODE=quick ;;
        -h | --help) usage; exit 0 ;;
        *) echo "vault.sh: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
    esac
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=bench/out
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
CONFIDE=$TARGET_DIR/release/confide
GEN=$TARGET_DIR/release/examples/gen_vault

WF=18 # the default work factor (as `confide init` and the age CLI)
# Runs are split into rounds, and within each round every command of a group runs in
# turn (the order rotating from round to round), so slow drift of the machine (disk
# writeback, a noisy neighbour on a VM) lands on all commands of a group alike.
if [[ $MODE == full ]]; then
    BIG=100000
    APPEND_ROUNDS=10 APPEND_RUNS=20  # per round: 200 timed appends per vault in all
    UNLOCK_ROUNDS=5 LIST_RUNS=3 SCRYPT_RUNS=3 AGED_RUNS=6
    MEM_RUNS=3
    RESULTS=bench/results-vault.md
else
    BIG=1000
    APPEND_ROUNDS=2 APPEND_RUNS=5
    UNLOCK_ROUNDS=1 LIST_RUNS=3 SCRYPT_RUNS=3 AGED_RUNS=5
    MEM_RUNS=1
    RESULTS=$OUT/results-vault-quick.md
fi
WARMUP=1 # untimed runs of each command at the start of each round
BIG_LABEL=$(sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$BIG") # 100000 -> 100,000

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'vault.sh: error: %s\n' "$*" >&2; exit 1; }

# --- tools -----------------------------------------------------------------------------
command -v hyperfine >/dev/null 2>&1 \
    || die "hyperfine is not installed; install the Debian package (apt-get install hyperfine) or 'cargo install hyperfine'"
if [[ ! -x /usr/bin/time ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        say "/usr/bin/time is missing; installing the Debian package 'time'"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q time >&2 \
            || die "could not install the 'time' package"
    else
        die "/usr/bin/time (GNU time) is missing and this is not root; install it: sudo apt-get install time"
    fi
fi
for tool in age age-keygen cargo awk; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed (age and age-keygen: apt-get install age)"
done

# --- build -----------------------------------------------------------------------------
say "building (cargo build --release --bins --examples)"
cargo build --release --bins --examples >&2
[[ -x $CONFIDE && -x $GEN ]] || die "build did not produce $CONFIDE and $GEN"
# What was built, taken right after the build (src/ may change while the benchmark runs).
if COMMIT=$(git rev-parse --short HEAD 2>/dev/null); then
    CHANGED=$(git status --porcelain --untracked-files=all -- src Cargo.toml Cargo.lock 2>/dev/null \
        | awk '{ print $NF }' | tr '\n' ' ')
    [[ -z $CHANGED ]] || COMMIT="$COMMIT with uncommitted changes to ${CHANGED% }"
else
    COMMIT="(not a git checkout)"
fi

# --- environment -----------------------------------------------------------------------
# Only CONFIDE_PASSPHRASE may supply the passphrase: the other sources take precedence.
unset CONFIDE_PASSPHRASE_COMMAND CONFIDE_PASSPHRASE_FILE CONFIDE_VAULT
export CONFIDE_PASSPHRASE='bench only: correct horse battery staple, not a secret'
export NO_COLOR=1 LC_ALL=C

mkdir -p "$OUT"
chmod 700 "$OUT" # a group/world-readable vault directory makes confide print warnings
rm -rf "$OUT/vaults" "$OUT/age" "$OUT/hf"
mkdir -m 700 "$OUT/vaults" "$OUT/age" "$OUT/hf"

SMALL_VAULT=$OUT/vaults/append-10.confide
BIG_APPEND_VAULT=$OUT/vaults/append-big.confide
BIG_LIST_VAULT=$OUT/vaults/list-big.confide
EMPTY_VAULT=$OUT/vaults/empty.confide

# --- vaults ----------------------------------------------------------------------------
declare -A GENINFO
gen() { # name entries path
    local name=$1 n=$2 path=$3 line
    say "generating $name: $n entries, work factor $WF"
    line=$("$GEN" --entries "$n" --out "$path" --work-factor "$WF" --seed 42)
    echo "    $line" >&2
    GENINFO[$name]=$line
}
field() { # key line -> value
    tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1 == k { print $2 }'
}
gen small 10 "$SMALL_VAULT"
gen big_append "$BIG" "$BIG_APPEND_VAULT"
gen big_list "$BIG" "$BIG_LIST_VAULT"
gen empty 0 "$EMPTY_VAULT"

BIG_FILE_BYTES=$(stat -c %s "$BIG_LIST_VAULT")
BIG_PLAINTEXT_BYTES=$(field plaintext_bytes "${GENINFO[big_list]}")
BIG_STATE_BYTES=$(field state_part_bytes "${GENINFO[big_list]}")

# The vault's public recipient, from its plaintext header:
# magic(8) version(u16 BE) recipient_len(u16 BE) recipient.
read -r hi lo < <(od -An -tu1 -j10 -N2 "$BIG_APPEND_VAULT")
RLEN=$((hi * 256 + lo))
VAULT_RECIPIENT=$(dd if="$BIG_APPEND_VAULT" bs=1 skip=12 count="$RLEN" status=none)
[[ $VAULT_RECIPIENT == age1* ]] || die "could not read the recipient from the vault header"

# A stock age identity, and a random file as large as the big vault encrypted to it.
say "preparing age comparison files ($BIG_FILE_BYTES random bytes)"
age-keygen -o "$OUT/age/identity.txt" 2>/dev/null
AGE_RECIPIENT=$(age-keygen -y "$OUT/age/identity.txt")
head -c "$BIG_FILE_BYTES" /dev/urandom >"$OUT/age/random.bin"
age -e -r "$AGE_RECIPIENT" -o "$OUT/age/random.age" "$OUT/age/random.bin"
rm -f "$OUT/age/random.bin"
AGE_FILE_BYTES=$(stat -c %s "$OUT/age/random.age")

# ~400 characters of journal text (no quotes or backslashes: it is passed on a
# hyperfine command line).
TEXT="Long day at work and the urge came back around ten in the evening, when the house was quiet and I was tired and alone. Instead of reaching for the laptop I left my phone in the kitchen, texted a friend from group and went for a walk around the block. It passed after about twenty minutes. I want to remember that tired and alone is my riskiest mix, and that planning the evening ahead really helps."
printf '%s' "$TEXT" >"$OUT/age/text.txt"
TEXT_BYTES=${#TEXT}

# Sanity: every vault opens, and the list vault has no appended records to fold (a
# fold would rewrite the file inside the timed runs).
pending=$("$CONFIDE" --vault "$BIG_LIST_VAULT" verify --json | awk -F'[:,]' '/"pending_records"/ { gsub(/ /, "", $2); print $2 }')
[[ $pending == 0 ]] || die "the list vault has $pending pending records; it should have none"

# --- timing ----------------------------------------------------------------------------
# Commands run without a shell (-N); output goes to /dev/null. Per-run times are pooled
# over rounds in $OUT/hf/NAME.times, and "user system runs" per round in NAME.cpu.
declare -A B_RUNS B_VAULT B_CMD B_NOPASS
# NAME RUNS_PER_ROUND VAULT COMMAND [nopass]: with "nopass" the command runs without
# CONFIDE_PASSPHRASE in its environment (for commands that must not need it).
define() { B_RUNS[$1]=$2 B_VAULT[$1]=$3 B_CMD[$1]=$4 B_NOPASS[$1]=${5:-}; }

hf_round() { # NAME
    local name=$1 json=$OUT/hf/$1.round.json unset=()
    [[ ${B_NOPASS[$name]} == nopass ]] && unset=(-u CONFIDE_PASSPHRASE)
    env "${unset[@]}" CONFIDE_VAULT="${B_VAULT[$name]}" hyperfine -N --style none --output null \
        --runs "${B_RUNS[$name]}" --warmup "$WARMUP" --export-json "$json" "${B_CMD[$name]}" >/dev/null 2>&1 \
        || die "hyperfine failed for $name: ${B_CMD[$name]}"
    awk '/"times": \[/ { t = 1; next } t && /\]/ { t = 0 } t { gsub(/[ ,]/, ""); print }' "$json" >>"$OUT/hf/$name.times"
    awk -F': ' '/"user":/ { gsub(/,/, "", $2); u = $2 } /"system":/ { gsub(/,/, "", $2); s = $2 }
        END { print u, s }' "$json" | tr '\n' ' ' >>"$OUT/hf/$name.cpu"
    echo "${B_RUNS[$name]}" >>"$OUT/hf/$name.cpu"
}

summarize() { # NAME -> $OUT/hf/NAME.stats ("key value" lines), and a line on stderr
    local name=$1
    sort -g "$OUT/hf/$name.times" | awk -v cpu="$OUT/hf/$name.cpu" '
        { x[NR] = $1; sum += $1 }
        END {
            n = NR; mean = sum / n
            for (i = 1; i <= n; i++) ss += (x[i] - mean) ^ 2
            sd = n > 1 ? sqrt(ss / (n - 1)) : 0
            med = n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2
            while ((getline line < cpu) > 0) { split(line, f, " "); u += f[1] * f[3]; s += f[2] * f[3]; r += f[3] }
            printf "runs %d\nmean %.9f\nstddev %.9f\nmedian %.9f\nmin %.9f\nmax %.9f\nuser %.9f\nsystem %.9f\n",
                n, mean, sd, med, x[1], x[n], u / r, s / r
        }' >"$OUT/hf/$name.stats"
    printf '    %-14s %s\n' "$name" "$(awk '{ v[$1] = $2 } END {
        printf "mean %.2f ms ± %.2f ms, median %.2f ms, min %.2f ms, max %.2f ms (%d runs)",
            v["mean"] * 1000, v["stddev"] * 1000, v["median"] * 1000, v["min"] * 1000, v["max"] * 1000, v["runs"] }' \
        "$OUT/hf/$name.stats")" >&2
}

interleave() { # ROUNDS NAME...: every round runs each NAME once, rotating the order
    local rounds=$1 r i k n
    shift
    local names=("$@")
    n=${#names[@]}
    for name in "${names[@]}"; do rm -f "$OUT/hf/$name.times" "$OUT/hf/$name.cpu"; done
    for ((r = 0; r < rounds; r++)); do
        say "round $((r + 1))/$rounds: ${names[*]}"
        for ((i = 0; i < n; i++)); do
            k=$(((i + r) % n))
            hf_round "${names[$k]}"
        done
    done
    for name in "${names[@]}"; do summarize "$name"; done
}

stat_of() { # NAME KEY: mean, stddev, median, min, max, user, system (seconds), runs
    awk -v k="$2" '$1 == k { print $2 }' "$OUT/hf/$1.stats"
}

define append_10 "$APPEND_RUNS" "$SMALL_VAULT" "$CONFIDE journal \"$TEXT\""
define append_big "$APPEND_RUNS" "$BIG_APPEND_VAULT" "$CONFIDE journal \"$TEXT\""
URGE_ARGS="urge 7 --trigger tired"
define urge_10 "$APPEND_RUNS" "$SMALL_VAULT" "$CONFIDE $URGE_ARGS" nopass
define urge_big "$APPEND_RUNS" "$BIG_APPEND_VAULT" "$CONFIDE $URGE_ARGS" nopass
define age_encrypt "$APPEND_RUNS" "" "age -e -r $VAULT_RECIPIENT -o /dev/null $OUT/age/text.txt"
define list_big "$LIST_RUNS" "$BIG_LIST_VAULT" "$CONFIDE list"
define scrypt_empty "$SCRYPT_RUNS" "$EMPTY_VAULT" "$CONFIDE list"
define age_decrypt "$AGED_RUNS" "" "age -d -i $OUT/age/identity.txt -o /dev/null $OUT/age/random.age"

sync # let writeback of the files made above finish before anything is timed
say "timing appends: $APPEND_ROUNDS rounds of $APPEND_RUNS runs (+$WARMUP warm-up) per command"
APPEND_GROUP=(append_10 append_big urge_10 urge_big age_encrypt)
interleave "$APPEND_ROUNDS" "${APPEND_GROUP[@]}"
say "timing unlock: $UNLOCK_ROUNDS rounds"
interleave "$UNLOCK_ROUNDS" list_big scrypt_empty age_decrypt

# --- memory ----------------------------------------------------------------------------
# max_rss VAULT COMMAND...: the largest "Maximum resident set size" (KiB) over MEM_RUNS.
max_rss() {
    local vault=$1 best=0 kb i
    shift
    for ((i = 0; i < MEM_RUNS; i++)); do
        kb=$(CONFIDE_VAULT=$vault /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ { print $2 }')
        [[ -n $kb ]] || die "could not read the peak RSS of: $*"
        ((kb > best)) && best=$kb
    done
    echo "$best"
}
say "measuring peak memory ($MEM_RUNS runs each)"
RSS_LIST_KB=$(max_rss "$BIG_LIST_VAULT" "$CONFIDE" list)
RSS_EMPTY_KB=$(max_rss "$EMPTY_VAULT" "$CONFIDE" list)
RSS_AGED_KB=$(max_rss "" age -d -i "$OUT/age/identity.txt" -o /dev/null "$OUT/age/random.age")

# journal and urge each add one record per run (warm-ups included) to both append vaults
APPENDED_RECORDS=$((2 * APPEND_ROUNDS * (APPEND_RUNS + WARMUP)))
BIG_APPEND_FINAL_BYTES=$(stat -c %s "$BIG_APPEND_VAULT")

# --- report ----------------------------------------------------------------------------
fmt_time() { # seconds -> "12.3 ms" / "1.234 s"
    awk -v s="$1" 'BEGIN { if (s < 1) printf "%.1f ms", s * 1000; else printf "%.3f s", s }'
}
row() { # NAME LABEL COMMAND
    local n=$1
    printf '| %s | `%s` | %s | %s ± %s | %s | %s | %s | %s |\n' "$2" "$3" "$(stat_of "$n" runs)" \
        "$(fmt_time "$(stat_of "$n" mean)")" "$(fmt_time "$(stat_of "$n" stddev)")" \
        "$(fmt_time "$(stat_of "$n" median)")" \
        "$(fmt_time "$(stat_of "$n" min)")" "$(fmt_time "$(stat_of "$n" max)")" \
        "$(fmt_time "$(stat_of "$n" user)") / $(fmt_time "$(stat_of "$n" system)")"
}
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
verdict() { awk "BEGIN { print ($1) ? \"PASS\" : \"**MISS**\" }"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

A10=$(stat_of append_10 mean)
ABIG=$(stat_of append_big mean)
U10=$(stat_of urge_10 mean)
UBIG=$(stat_of urge_big mean)
AGEE=$(stat_of age_encrypt mean)
LIST=$(stat_of list_big mean)
SCRYPT=$(stat_of scrypt_empty mean)
AGED=$(stat_of age_decrypt mean)

APPEND_SPREAD=$(calc "($ABIG > $A10 ? $ABIG / $A10 : $A10 / $ABIG) - 1" 3)
URGE_SPREAD=$(calc "($UBIG > $U10 ? $UBIG / $U10 : $U10 / $UBIG) - 1" 3)
APPEND_VS_AGE=$(calc "($ABIG > $A10 ? $ABIG : $A10) / $AGEE")
LIST_LIMIT=$(calc "1.5 * ($SCRYPT + $AGED)" 4)
LIST_RATIO=$(calc "$LIST / ($SCRYPT + $AGED)")
MEM_LIMIT_BYTES=$(calc "268435456 + 3 * $BIG_PLAINTEXT_BYTES" 0)
RSS_LIST_BYTES=$((RSS_LIST_KB * 1024))
MEM_LIMIT_FILE_BYTES=$(calc "268435456 + 3 * $BIG_FILE_BYTES" 0)

V_APPEND_SPREAD=$(verdict "$APPEND_SPREAD <= 0.20")
V_URGE_SPREAD=$(verdict "$URGE_SPREAD <= 0.20")
V_APPEND_AGE=$(verdict "$APPEND_VS_AGE <= 2.0")
V_LIST=$(verdict "$LIST_RATIO <= 1.5")
V_MEM=$(verdict "$RSS_LIST_BYTES <= $MEM_LIMIT_BYTES")
MISSES=$(printf '%s\n' "$V_APPEND_SPREAD" "$V_URGE_SPREAD" "$V_APPEND_AGE" "$V_LIST" "$V_MEM" | grep -c MISS || true)

CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM_TOTAL=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
FS=$(df -PT "$OUT" | awk 'NR == 2 { print $2 " on " $1 }')

{
    echo "# Vault benchmark ($MODE mode)"
    echo
    echo "Generated by \`bench/vault.sh$([[ $MODE == quick ]] && echo ' --quick')\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
    echo
    echo "- Machine: $(nproc) CPUs, $CPU_MODEL, $MEM_TOTAL RAM, Linux $(uname -r), bench/out on $FS"
    echo "- confide $COMMIT (release profile); $(hyperfine --version); age $(age --version)"
    echo "- Vaults: work factor $WF; big vaults $BIG_LABEL journal entries of 300-500 characters ($(mib "$BIG_FILE_BYTES") file, state part $(mib "$BIG_STATE_BYTES"), plaintext $(mib "$BIG_PLAINTEXT_BYTES")); appended text $TEXT_BYTES characters"
    echo
    echo "| Measurement | Command | Runs | Mean ± σ | Median | Min | Max | User / Sys |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|"
    row append_10 "Append, 10-entry vault" 'confide journal "<text>"'
    row append_big "Append, $BIG_LABEL-entry vault" 'confide journal "<text>"'
    row urge_10 "Urge, 10-entry vault" "confide $URGE_ARGS"
    row urge_big "Urge, $BIG_LABEL-entry vault" "confide $URGE_ARGS"
    row age_encrypt "age encrypt, same text" "age -e -r age1… -o /dev/null text.txt"
    row list_big "Unlock + list, $BIG_LABEL entries" "confide list > /dev/null"
    row scrypt_empty "One scrypt (unlock + list, empty vault)" "confide list > /dev/null"
    row age_decrypt "age decrypt, $(mib "$AGE_FILE_BYTES") file" "age -d -i identity.txt -o /dev/null random.age"
    echo
    echo "| Peak memory (max RSS of $MEM_RUNS) | Command | Max RSS |"
    echo "|---|---|---:|"
    echo "| Unlock + list, $BIG_LABEL entries | \`confide list > /dev/null\` | $(mib "$RSS_LIST_BYTES") |"
    echo "| Unlock + list, empty vault (scrypt alone) | \`confide list > /dev/null\` | $(mib $((RSS_EMPTY_KB * 1024))) |"
    echo "| age decrypt, same size | \`age -d -i identity.txt -o /dev/null random.age\` | $(mib $((RSS_AGED_KB * 1024))) |"
    echo
    echo "| Target | Measured | Limit | Result |"
    echo "|---|---|---|---|"
    echo "| Append cost independent of size: 10 vs $BIG_LABEL entries within 20% | $(fmt_time "$A10") vs $(fmt_time "$ABIG") (differ by $(calc "$APPEND_SPREAD * 100" 1)%) | ≤ 20% | $V_APPEND_SPREAD |"
    echo "| Urge cost independent of size: urge on $BIG_LABEL entries within 20% of urge on 10 entries | $(fmt_time "$U10") vs $(fmt_time "$UBIG") (differ by $(calc "$URGE_SPREAD * 100" 1)%) | ≤ 20% | $V_URGE_SPREAD |"
    echo "| Append within 2× of \`age -e\` | slower append $(calc "($ABIG > $A10 ? $ABIG : $A10) * 1000" 1) ms vs $(fmt_time "$AGEE") = ${APPEND_VS_AGE}× | ≤ 2× | $V_APPEND_AGE |"
    echo "| Unlock + list ≤ 1.5 × (scrypt + age -d same size) | $(fmt_time "$LIST") vs $(fmt_time "$SCRYPT") + $(fmt_time "$AGED") = ${LIST_RATIO}× | ≤ $(fmt_time "$LIST_LIMIT") (1.5×) | $V_LIST |"
    echo "| Peak RSS ≤ 256 MiB + 3 × plaintext | $(mib "$RSS_LIST_BYTES") | $(mib "$MEM_LIMIT_BYTES") (with the file size as plaintext: $(mib "$MEM_LIMIT_FILE_BYTES")) | $V_MEM |"
    echo
    echo "Notes: means are compared. Runs were interleaved: the ${#APPEND_GROUP[@]} append commands (journal and"
    echo "urge on each vault, age -e) in $APPEND_ROUNDS rounds of $APPEND_RUNS runs, the three unlock commands in"
    echo "$UNLOCK_ROUNDS round(s), each round with $WARMUP untimed warm-up run per command and the order"
    echo "rotating from round to round. \`confide urge\` ran without CONFIDE_PASSPHRASE set."
    echo "Each journal or urge run adds one record, so after the run the append vaults hold"
    echo "$APPENDED_RECORDS appended records each (the big one grew to $(mib "$BIG_APPEND_FINAL_BYTES"));"
    echo "the list vault was freshly generated and has no appended records, so no run folds"
    echo "(rewrites) it. \`confide list\` on an empty vault at work factor $WF stands for one scrypt"
    echo "derivation (stock age reads passphrases only from a terminal)."
    if [[ $MODE == quick ]]; then
        echo
        echo "Quick mode is a smoke test: with $BIG_LABEL entries the memory bound (3 × plaintext) is"
        echo "smaller than the process's baseline RSS, and few runs make the timings noisy."
    fi
} >"$RESULTS"

echo
cat "$RESULTS"
echo
if ((MISSES > 0)); then
    say "$MISSES target(s) missed; results in $RESULTS"
else
    say "all targets met; results in $RESULTS"
fi
