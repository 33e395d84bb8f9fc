#!/usr/bin/env python3
"""confide against jrnl, on the same corpus, timed as whole processes with hyperfine.

Run through bench/vs-jrnl.sh, which builds confide and installs jrnl into
bench/.venv. Environment: SIZES (default "1000 10000 50000 100000"), JRNL_MAX (jrnl is
not run above this size; default 50000), RUNS (hyperfine runs; default 5; jrnl's add
at 50,000 entries and more runs once, it takes minutes), WORK (scratch directory),
CONFIDE (the binary), JRNL (the jrnl executable, or "none"), OUT (results file).

For each size: a confide vault at the default work factor (18) and one at 10, both
filled with `confide import`, and an encrypted jrnl journal with the same text, dates
and tags. Operations: add one entry; list the last 10; filter by a tag; full JSON
export; and for confide also `review`. Medians and peak RSS go to OUT as Markdown.
"""
import json
import os
import platform
import shlex
import subprocess
import sys

SIZES = [int(s) for s in os.environ.get("SIZES", "1000 10000 50000 100000").split()]
JRNL_MAX = int(os.environ.get("JRNL_MAX", "50000"))
RUNS = int(os.environ.get("RUNS", "5"))
WORK = os.environ.get("WORK", "/tmp/confide-vs-jrnl")
CONFIDE = os.environ["CONFIDE"]
JRNL = os.environ.get("JRNL", "none")
OUT = os.environ.get("OUT", "bench/results.md")
HERE = os.path.dirname(os.path.abspath(__file__))
PASS = "bench only: correct horse battery staple, not a secret"


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


def confide_env(vault):
    env = dict(os.environ)
    env.update(CONFIDE_VAULT=vault, CONFIDE_PASSPHRASE=PASS, NO_COLOR="1",
               CONFIDE_LOCK_TIMEOUT_MS="60000")
    return env


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
    rows = []
    # scrypt alone: `list` of an empty vault at the default work factor.
    empty = os.path.join(WORK, "empty.confide")
    if not os.path.exists(empty):
        sh(f"{CONFIDE} init --work-factor 18 >/dev/null", env=confide_env(empty))
    scrypt, _ = hyperfine("scrypt alone (empty vault, wf 18)", f"{CONFIDE} list",
                          confide_env(empty), RUNS, 1)
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
            env = confide_env(vault)
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
        if JRNL != "none" and n <= JRNL_MAX:
            jr, env = jrnl_setup(d, corpus)
            ops = {
                "add": f"{jr} 'One more entry for the benchmark. @bench'",
                "list 10": f"{jr} -n 10",
                "tag filter": f"{jr} @work",
                "JSON export": f"{jr} --format json",
            }
            for op, cmd in ops.items():
                slow = op == "add" and n >= 50000
                results[("jrnl", op)] = hyperfine(
                    f"jrnl {op}", cmd, env, 1 if slow else min(RUNS, 3), 0 if slow else 1)
        rows.append((n, results))
        write(rows, scrypt)


def fmt_s(v):
    return "—" if v is None else (f"{v*1000:.1f} ms" if v < 1 else f"{v:.2f} s")


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
        f"({RUNS} runs, jrnl 3, jrnl's add at 50,000 entries and more once), peak RSS of one run.",
        "",
        f"scrypt alone (unlocking an empty vault at work factor 18): {fmt_s(scrypt[0] if isinstance(scrypt, tuple) else scrypt)}.",
        "",
        "| entries | operation | jrnl | confide (wf 18) | confide (wf 10) | jrnl ÷ confide wf 10 | RSS jrnl | RSS confide wf 10 |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for n, res in rows:
        for op in ("add", "list 10", "tag filter", "JSON export", "review"):
            j = res.get(("jrnl", op))
            a = res.get(("confide wf18", op))
            b = res.get(("confide wf10", op))
            ratio = f"{j[0]/b[0]:.0f}×" if j and b else "—"
            lines.append(
                f"| {n:,} | {op} | {fmt_s(j[0] if j else None)} | {fmt_s(a[0] if a else None)} | "
                f"{fmt_s(b[0] if b else None)} | {ratio} | "
                f"{(f'{j[1]/1024:.0f} MiB') if j else '—'} | {(f'{b[1]/1024:.0f} MiB') if b else '—'} |")
    lines.append("")
    with open(OUT, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {OUT}", flush=True)


if __name__ == "__main__":
    main()
