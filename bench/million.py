#!/usr/bin/env python3
"""Unlocked reads of very large vaults against the stock `age -d`, run by bench/million.sh.

Environment: SIZES (default "250000 500000 1000000"), RUNS (hyperfine runs, default
5, one warm-up), OUT (default bench/results-million.md), REUSE=1 (keep vaults from an
earlier run), CONFIDE and GEN (the binaries), COMMIT (what was built).

For each size, a vault made by bench/gen_vault.rs (journal entries of 300-500
characters, work factor 18, seed 42). `confide unlock --for 1h` starts an unlock
session; then `list -n 10`, `list --json` and `review` run with no passphrase source
in their environment, so every read goes through the agent, and `confide lock` ends
it. Timings are hyperfine medians of whole processes, output to /dev/null. Peak RSS
is the client's (GNU time, one run) plus the agent's VmHWM from /proc/PID/status (the
agent is the process whose argv is `CONFIDE agent` and whose environment names this
run's XDG_RUNTIME_DIR; its peak over the whole session so far, an upper bound).

The stock age side: docs/split-vault.py cuts the vault into its age files, the key
part is decrypted once with `age -d` (the passphrase typed into a pseudo-terminal,
as age reads it from the terminal only), and `age -d -i identity.txt -o /dev/null
state.age` is timed the same way: the same bytes, the same key, the stock tool.
"""
import json
import os
import platform
import pty
import shutil
import subprocess
import sys

from benchlib import PASS, agent_pids, confide_env, vm_hwm_kib

SIZES = [int(s) for s in os.environ.get("SIZES", "250000 500000 1000000").split()]
RUNS = int(os.environ.get("RUNS", "5"))
OUT = os.environ.get("OUT", "bench/results-million.md")
REUSE = os.environ.get("REUSE") == "1"
CONFIDE = os.environ["CONFIDE"]
GEN = os.environ["GEN"]
COMMIT = os.environ.get("COMMIT", "unknown")
HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "out", "million")
RUNTIME = os.path.join(WORK, "run")
LIMIT_MIB = 256


def hyperfine(name, argv, env):
    """Median seconds over RUNS runs (one warm-up), and the client's peak RSS in KiB."""
    out = os.path.join(WORK, "hf.json")
    cmd = " ".join(argv)
    subprocess.run(["hyperfine", "-N", "--style", "none", "--output", "null", "--runs", str(RUNS),
                    "--warmup", "1", "--export-json", out, cmd],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    median = json.load(open(out))["results"][0]["median"]
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = int(r.stderr.strip().splitlines()[-1])
    print(f"  {name}: {median:.3f} s, {peak/1024:.0f} MiB", flush=True)
    return median, peak


def age_identity(key_age, out):
    """Decrypts the key part with the stock age, typing the passphrase into a pty."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp("age", ["age", "-d", "-o", out, key_age])
    seen = b""
    while b"passphrase" not in seen.lower():
        seen += os.read(fd, 1024)
    os.write(fd, (PASS + "\n").encode())
    try:
        while os.read(fd, 1024):
            pass
    except OSError:
        pass
    _, status = os.waitpid(pid, 0)
    if status != 0 or not os.path.exists(out):
        sys.exit("million.py: age could not decrypt the key part")


def measure(n):
    d = os.path.join(WORK, str(n))
    vault = os.path.join(d, "vault.confide")
    if not (REUSE and os.path.exists(vault)):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d, mode=0o700)
        line = subprocess.run([GEN, "--entries", str(n), "--out", vault, "--work-factor", "18",
                               "--seed", "42"], env=confide_env(vault, RUNTIME, True, LC_ALL="C"), check=True,
                              capture_output=True, text=True).stdout.strip()
        print(f"  generated: {line}", flush=True)
    size = os.path.getsize(vault)
    parts = os.path.join(d, "parts")
    if not os.path.exists(os.path.join(parts, "state.age")):
        subprocess.run(["python3", os.path.join(HERE, "..", "docs", "split-vault.py"), vault, parts],
                       check=True, stdout=subprocess.DEVNULL)
    identity = os.path.join(d, "identity.txt")
    if not os.path.exists(identity):
        age_identity(os.path.join(parts, "key.age"), identity)
    state = os.path.join(parts, "state.age")
    res = {"bytes": size, "state_bytes": os.path.getsize(state)}
    res["age -d"] = hyperfine(f"{n:,} age -d state part",
                              ["age", "-d", "-i", identity, "-o", "/dev/null", state],
                              confide_env(vault, RUNTIME, False, LC_ALL="C"))
    assert not agent_pids(CONFIDE, RUNTIME), "an agent from an earlier run is still running"
    subprocess.run([CONFIDE, "unlock", "--for", "1h"], env=confide_env(vault, RUNTIME, True, LC_ALL="C"), check=True,
                   stdout=subprocess.DEVNULL)
    pids = agent_pids(CONFIDE, RUNTIME)
    assert len(pids) == 1, f"expected one agent, found {pids}"
    env = confide_env(vault, RUNTIME, False, LC_ALL="C")
    try:
        for op, args in (("list -n 10", ["list", "-n", "10"]), ("list --json", ["list", "--json"]),
                         ("review", ["review"])):
            t, client = hyperfine(f"{n:,} {op}", [CONFIDE] + args, env)
            hwm = vm_hwm_kib(pids[0])
            res[op] = (t, client, hwm)
            print(f"    client {client/1024:.0f} MiB + agent {hwm/1024:.0f} MiB", flush=True)
    finally:
        subprocess.run([CONFIDE, "lock"], env=env, check=True, stdout=subprocess.DEVNULL)
    return res


def mib(kib):
    return f"{kib/1024:.0f} MiB"


def write(rows):
    cpu = ""
    try:
        cpu = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
               if l.startswith("model name")][0]
    except Exception:
        pass
    age_v = subprocess.run(["age", "--version"], capture_output=True, text=True).stdout.strip()
    L = [
        "# Unlocked reads of very large vaults",
        "",
        f"Generated by `bench/million.sh` on {subprocess.run(['date', '-u', '+%Y-%m-%d %H:%M UTC'], capture_output=True, text=True).stdout.strip()}. "
        f"Machine: {cpu or platform.machine()}, {os.cpu_count()} cores, Linux {platform.release()}. "
        f"confide {COMMIT} (release profile); age {age_v}; hyperfine medians of {RUNS} runs "
        "(one warm-up) of whole processes, output to /dev/null; peak RSS of one run.",
        "",
        "Vaults from `bench/gen_vault.rs` (journal entries of 300-500 characters, work factor "
        "18, seed 42). confide runs through an unlock session (`confide unlock --for 1h`, then "
        "no passphrase source in the environment); RSS is the client's peak plus the agent's "
        "VmHWM (/proc/PID/status of the `confide agent` process of this run's "
        "XDG_RUNTIME_DIR). `age -d` decrypts the same state part, cut out with "
        "docs/split-vault.py, with the vault's own identity.",
        "",
        "| entries | file | age -d state part | list -n 10 | ÷ age -d | list --json | review "
        "| RSS age -d | RSS list -n 10 | RSS list --json | RSS review |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rss = lambda r: f"{mib(r[1] + r[2])} ({mib(r[1])} + {mib(r[2])})"
    for n, r in rows:
        a = r["age -d"][0]
        L.append(f"| {n:,} | {r['bytes']/1e6:.0f} MB | {a:.3f} s | {r['list -n 10'][0]:.3f} s | "
                 f"{r['list -n 10'][0]/a:.2f}× | {r['list --json'][0]:.3f} s | {r['review'][0]:.3f} s | "
                 f"{mib(r['age -d'][1])} | {rss(r['list -n 10'])} | {rss(r['list --json'])} | "
                 f"{rss(r['review'])} |")
    L += ["", "## Against the targets of issue 20 (computed by the script)", ""]
    n, big = rows[-1]
    ratio = big["list -n 10"][0] / big["age -d"][0]
    L.append(f"- `list -n 10` within 2× of `age -d` of the same state part at {n:,} entries: "
             f"{'MET' if ratio <= 2 else 'MISSED'}, {ratio:.2f}× ({big['list -n 10'][0]:.3f} s "
             f"against {big['age -d'][0]:.3f} s).")
    if len(rows) > 1:
        n0, small = rows[0]
        for op in ("list -n 10", "list --json", "review"):
            per = [r[op][0] / m * 1e6 for m, r in rows]  # ms per 1,000 entries
            grow = (big[op][0] / small[op][0]) / (n / n0)
            L.append(f"- `{op}` grows at most linearly ({n0:,} to {n:,} entries): "
                     f"{'MET' if grow <= 1.10 else 'MISSED'}, time per 1,000 entries "
                     + ", ".join(f"{p:.3f} ms" for p in per)
                     + f" (the largest ÷ the smallest, per entry: {grow:.2f}; 10% allowed for noise).")
    for op in ("list --json", "review"):
        r = big[op]
        total = (r[1] + r[2]) / 1024
        L.append(f"- `{op}` peak RSS under {LIMIT_MIB} MiB at {n:,} entries (client + agent): "
                 f"{'MET' if total < LIMIT_MIB else 'MISSED'}, {total:.0f} MiB.")
    L.append("")
    with open(OUT, "w") as f:
        f.write("\n".join(L))
    print(f"wrote {OUT}", flush=True)


def main():
    os.makedirs(WORK, mode=0o700, exist_ok=True)
    os.chmod(os.path.join(HERE, "out"), 0o700)
    os.makedirs(RUNTIME, mode=0o700, exist_ok=True)
    os.chmod(RUNTIME, 0o700)
    rows = []
    for n in SIZES:
        print(f"{n:,} entries", flush=True)
        rows.append((n, measure(n)))
        write(rows)


if __name__ == "__main__":
    main()
