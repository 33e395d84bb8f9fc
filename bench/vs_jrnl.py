#!/usr/bin/env python3
"""confide against jrnl, on the same corpus, timed as whole processes with hyperfine.

Run through bench/vs-jrnl.sh, which builds confide and installs jrnl into
bench/.venv. Environment: SIZES (default "1000 10000 50000 100000"), JRNL_MAX (jrnl is
not run above this size; default 50000), RUNS (hyperfine runs; default 5; jrnl's add
and JSON export at 50,000 entries and more run once, they take minutes), WORK (scratch directory),
CONFIDE (the binary), JRNL (the jrnl executable, or "none"), OUT (results file).

For each size: a confide vault at the default work factor (18) and one at 10, both
filled with `confide import`, and an encrypted jrnl journal with the same text, dates
and tags. Operations: add one entry; list the last 10; filter by a tag; full JSON
export; and for confide also `review`. The work factor 18 vault is measured twice:
with the passphrase (one scrypt per command), then unlocked: `confide unlock --for 1h`
starts the session's agent, the same commands run with CONFIDE_PASSPHRASE removed
from their environment (so every read goes through the agent), and `confide lock`
ends it. The peak RSS of an unlocked command is the client's (GNU time) plus the
agent's VmHWM from /proc/PID/status (its peak over the whole session, so an upper
bound); the agent is the process whose argv is `CONFIDE agent` and whose environment
names this run's XDG_RUNTIME_DIR. Medians and peak RSS go to OUT as Markdown.
"""
import json
import os
import platform
import shlex
import subprocess
import sys

from benchlib import PASS, agent_pids, confide_env, vm_hwm_kib

SIZES = [int(s) for s in os.environ.get("SIZES", "1000 10000 50000 100000").split()]
JRNL_MAX = int(os.environ.get("JRNL_MAX", "50000"))
RUNS = int(os.environ.get("RUNS", "5"))
WORK = os.environ.get("WORK", "/tmp/confide-vs-jrnl")
CONFIDE = os.environ["CONFIDE"]
JRNL = os.environ.get("JRNL", "none")
OUT = os.environ.get("OUT", "bench/results.md")
HERE = os.path.dirname(os.path.abspath(__file__))


def sh(cmd, env=None, **kw):
    return subprocess.run(cmd, shell=True, check=True, env=env, **kw)


def hyperfine(name, cmd, env, runs, warmup, prepare=None):
    """Median seconds of `cmd` over `runs` runs, and peak RSS (KiB) of one run."""
    out = os.path.join(WORK, "hf.json")
    args = ["hyperfine", "-N" if not prepare else "", "--runs", str(runs), "--warmup",
            str(warmup), "--export-json", out, "--style", "none"]
    if prepare:
        args += ["--prepare", prepare]
    args = [a for a in args if a]
    subprocess.run(args + [cmd], check=True, env=env, stdout=subprocess.DEVNULL)
    median = json.load(open(out))["results"][0]["median"]
    rss = subprocess.run(["/usr/bin/time", "-f", "%M", "sh", "-c", cmd + " >/dev/null"],
                         env=env, capture_output=True, text=True, check=True)
    peak = int(rss.stderr.strip().splitlines()[-1])
    print(f"  {name}: {median*1000:.1f} ms, {peak/1024:.1f} MiB", flush=True)
    return median, peak


RUNTIME = os.path.join(WORK, "run")


def jrnl_setup(d, corpus):
    """An encrypted jrnl journal holding corpus/jrnl.txt; the password in a plaintext
    keyring (keyrings.alt) inside d, so jrnl never prompts."""
    home = os.path.join(d, "jrnl-home")
    os.makedirs(home, exist_ok=True)
    env = dict(os.environ)
    env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, "config"),
               XDG_DATA_HOME=os.path.join(home, "data"),
               PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring")
    journal = os.path.join(d, "journal.jrnl")
    config = os.path.join(d, "jrnl.yaml")
    with open(config, "w") as f:
        f.write(f"""colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: true
highlight: false
indent_character: '|'
journals:
  default:
    journal: {journal}
    encrypt: true
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%Y-%m-%d %H:%M'
version: v4.6
""")
    py = os.path.join(os.path.dirname(JRNL), "python")
    script = f"""
import keyring
from jrnl.encryption.Jrnlv3Encryption import Jrnlv3Encryption
keyring.set_password("jrnl", "default", {PASS!r})
enc = Jrnlv3Encryption("default", {{"encrypt": True}})
enc.password = {PASS!r}
text = open({os.path.join(corpus, 'jrnl.txt')!r}).read()
open({journal!r}, "wb").write(enc.encrypt(text))
"""
    subprocess.run([py, "-c", script], check=True, env=env)
    jr = f"{shlex.quote(JRNL)} --config-file {shlex.quote(config)}"
    # Check it reads back.
    n = subprocess.run(f"{jr} -n 1 --format short", shell=True, env=env, check=True,
                       capture_output=True, text=True)
    assert n.stdout.strip(), "jrnl cannot read the journal it was given"
    return jr, env


def main():
    os.makedirs(WORK, mode=0o700, exist_ok=True)
    os.makedirs(RUNTIME, mode=0o700, exist_ok=True)
    os.chmod(RUNTIME, 0o700)
    rows = []
    # scrypt alone: `list` of an empty vault at the default work factor.
    empty = os.path.join(WORK, "empty.confide")
    if not os.path.exists(empty):
        sh(f"{CONFIDE} init --work-factor 18 >/dev/null", env=confide_env(empty, RUNTIME))
    scrypt, _ = hyperfine("scrypt alone (empty vault, wf 18)", f"{CONFIDE} list",
                          confide_env(empty, RUNTIME), RUNS, 1)
    for n in SIZES:
        print(f"{n} entries", flush=True)
        d = os.path.join(WORK, str(n))
        os.makedirs(d, mode=0o700, exist_ok=True)
        corpus = os.path.join(d, "corpus")
        sh(f"python3 {HERE}/gen_corpus.py {n} {corpus} 1")
        results = {}
        for wf in (18, 10):
            vault = os.path.join(d, f"wf{wf}.confide")
            for f in (vault, vault + ".bak", vault + ".lock"):
                if os.path.exists(f):
                    os.remove(f)
            env = confide_env(vault, RUNTIME)
            sh(f"{CONFIDE} init --work-factor {wf} >/dev/null 2>&1", env=env)
            sh(f"{CONFIDE} import {corpus}/confide.json >/dev/null", env=env)
            c = CONFIDE
            ops = {
                "add": f"{c} journal 'One more entry for the benchmark.' --tag bench",
                "list 10": f"{c} list -n 10",
                "tag filter": f"{c} list --tag work",
                "JSON export": f"{c} list --json",
                "review": f"{c} review",
            }
            for op, cmd in ops.items():
                results[(f"confide wf{wf}", op)] = hyperfine(
                    f"confide wf {wf} {op}", cmd, env, RUNS, 1)
            if wf == 18:
                results.update(unlocked(vault, ops))
        if JRNL != "none" and n <= JRNL_MAX:
            jr, env = jrnl_setup(d, corpus)
            ops = {
                "add": f"{jr} 'One more entry for the benchmark. @bench'",
                "list 10": f"{jr} -n 10",
                "tag filter": f"{jr} @work",
                "JSON export": f"{jr} --format json",
            }
            for op, cmd in ops.items():
                slow = op in ("add", "JSON export") and n >= 50000
                results[("jrnl", op)] = hyperfine(
                    f"jrnl {op}", cmd, env, 1 if slow else min(RUNS, 3), 0 if slow else 1)
        rows.append((n, results))
        write(rows, scrypt)


def unlocked(vault, ops):
    """The same operations through an unlock session: peak RSS is the client's plus
    the agent's VmHWM."""
    assert not agent_pids(CONFIDE, RUNTIME), "an agent from an earlier run is still running"
    sh(f"{CONFIDE} unlock --for 1h >/dev/null", env=confide_env(vault, RUNTIME))
    pids = agent_pids(CONFIDE, RUNTIME)
    assert len(pids) == 1, f"expected one agent, found {pids}"
    agent = pids[0]
    env = confide_env(vault, RUNTIME, passphrase=False)
    results = {}
    try:
        for op, cmd in ops.items():
            t, client = hyperfine(f"confide wf 18 unlocked {op}", cmd, env, RUNS, 1)
            hwm = vm_hwm_kib(agent)
            print(f"    client {client/1024:.1f} MiB + agent {hwm/1024:.1f} MiB", flush=True)
            results[("confide wf18 unlocked", op)] = (t, client + hwm, client, hwm)
    finally:
        sh(f"{CONFIDE} lock >/dev/null", env=env)
    assert not agent_pids(CONFIDE, RUNTIME), "the agent is still running after confide lock"
    return results


def fmt_s(v):
    return "—" if v is None else (f"{v*1000:.1f} ms" if v < 1 else f"{v:.2f} s")


def mib(kib):
    return f"{kib/1024:.0f} MiB"


def write(rows, scrypt):
    m = platform.uname()
    cpu = ""
    try:
        cpu = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
               if l.startswith("model name")][0]
    except Exception:
        pass
    lines = [
        "# confide and jrnl, side by side",
        "",
        f"Machine: {cpu or m.machine}, {os.cpu_count()} cores, Linux {m.release}. "
        f"confide `{subprocess.run([CONFIDE, '--version'], capture_output=True, text=True).stdout.strip()}`, "
        f"jrnl {'4.6' if JRNL != 'none' else '(not run)'}; hyperfine medians of whole processes "
        f"({RUNS} runs, jrnl 3, jrnl's add and JSON export at 50,000 entries and more once), "
        "peak RSS of one run.",
        "",
        f"scrypt alone (unlocking an empty vault at work factor 18): {fmt_s(scrypt[0] if isinstance(scrypt, tuple) else scrypt)}.",
        "",
        "\"Unlocked\" is the work factor 18 vault with an unlock session running "
        "(`confide unlock --for 1h`, then every command with CONFIDE_PASSPHRASE removed from "
        "its environment, so it opens through the agent; `confide lock` after). Its RSS is "
        "the client's peak (GNU time) plus the agent's VmHWM, read from /proc/PID/status of "
        "the process whose argv is `confide agent` and whose environment names this run's "
        "XDG_RUNTIME_DIR, taken after each operation (the agent's peak over the session so "
        "far, so an upper bound).",
        "",
        "| entries | operation | jrnl | confide (wf 18) | confide (wf 18, unlocked) | confide (wf 10) "
        "| jrnl ÷ unlocked | jrnl ÷ wf 10 | RSS jrnl | RSS unlocked (client + agent) | RSS wf 10 |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ops = ("add", "list 10", "tag filter", "JSON export", "review")
    for n, res in rows:
        for op in ops:
            j = res.get(("jrnl", op))
            a = res.get(("confide wf18", op))
            u = res.get(("confide wf18 unlocked", op))
            b = res.get(("confide wf10", op))
            ratio = lambda x: f"{j[0]/x[0]:.0f}×" if j and x else "—"
            lines.append(
                f"| {n:,} | {op} | {fmt_s(j[0] if j else None)} | {fmt_s(a[0] if a else None)} | "
                f"{fmt_s(u[0] if u else None)} | {fmt_s(b[0] if b else None)} | {ratio(u)} | {ratio(b)} | "
                f"{mib(j[1]) if j else '—'} | "
                f"{f'{mib(u[1])} ({mib(u[2])} + {mib(u[3])})' if u else '—'} | "
                f"{mib(b[1]) if b else '—'} |")
    lines += ["", "## Against the targets of issue 20 (computed by the script)", ""]
    for n, res in rows:
        if ("jrnl", "list 10") not in res or ("confide wf18 unlocked", "list 10") not in res:
            continue
        for op in ("list 10", "tag filter", "JSON export"):
            j, u = res[("jrnl", op)], res[("confide wf18 unlocked", op)]
            r = j[0] / u[0]
            lines.append(f"- {n:,} entries, {op}, unlocked at least 10× faster than jrnl: "
                         f"{'MET' if r >= 10 else 'MISSED'}, {r:.1f}× ({fmt_s(u[0])} against {fmt_s(j[0])}).")
        for op in ("list 10", "tag filter", "JSON export"):
            j, u = res[("jrnl", op)], res[("confide wf18 unlocked", op)]
            lines.append(f"- {n:,} entries, {op}, peak RSS client + agent at most a quarter of jrnl's: "
                         f"{'MET' if 4 * u[1] <= j[1] else 'MISSED'}, {mib(u[1])} ({mib(u[2])} + "
                         f"{mib(u[3])}) against {mib(j[1])} (a quarter is {mib(j[1] / 4)}).")
    lines.append("")
    with open(OUT, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {OUT}", flush=True)


if __name__ == "__main__":
    main()
