#!/usr/bin/env python3
"""How long the guided `confide urge` takes, step by step (issue 18's target: under
10 ms of confide's own work per step, and under 15 seconds of a person's time when the
questions are answered with their defaults).

Run: bench/urge-guide.sh (builds release, makes the vaults, writes
bench/results-urge-guide.md). Environment: CONFIDE (the binary), WORK (scratch
folder), OUT (results file), RUNS (default 20).

Each run starts `confide urge` on a pseudo-terminal and answers every question the
moment it appears: "7", then Enter at each later question (the defaults: skip the
passphrase, no triggers, no coping, outcome later). For each step it records:
- the wall time from the keys being written to the next question being on the screen
  (an upper bound on confide's work for that step: it includes the kernel and this
  script waking up), and
- the CPU time confide spent in that step, from /proc/PID/schedstat (nanoseconds),
  read when each question is on the screen.
Three set-ups: an empty vault with no session (the passphrase question is asked and
skipped); and a vault of N urges with an unlock session running, where the guide reads
the person's own history through the agent instead of asking (N = 1,000 and 10,000).

A person's time is not measured here (no person is); it is estimated with the
keystroke-level model (Card, Moran and Newell): 1.35 s to read and decide at each
question and 0.28 s per keystroke for an average typist, plus typing `confide urge`.
"""
import os
import pty
import select
import statistics
import subprocess
import sys

from benchlib import PASS
import time

CONFIDE = os.environ["CONFIDE"]
WORK = os.environ.get("WORK", "/tmp/confide-urge-guide")
OUT = os.environ.get("OUT", "bench/results-urge-guide.md")
RUNS = int(os.environ.get("RUNS", "20"))
# How long "the person" takes before each answer: 0 answers at once (confide's own
# latency, nothing hidden); THINK_MS=1350 is the keystroke-level model's time to read
# and decide, during which confide may do work in the background.
THINK_MS = int(os.environ.get("THINK_MS", "0"))

QUESTIONS = [
    ("How strong is it, from 1 to 10?", b"7\r"),
    ("Passphrase (Enter to skip)", b"\r"),
    ("Numbers or words", b"\r"),
    ("What did you try?", b"\r"),
    ("How did it end", b"\r"),
]


def env_for(vault, run_dir):
    e = {
        "PATH": "/usr/bin:/bin",
        "HOME": WORK,
        "CONFIDE_VAULT": vault,
        "XDG_RUNTIME_DIR": run_dir,
        "TERM": "xterm",
        "NO_COLOR": "1",
    }
    return e


def cpu_ns(pid):
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            return int(f.read().split()[0])
    except OSError:
        return None


def one_run(vault, run_dir):
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(CONFIDE, [CONFIDE, "urge"], env_for(vault, run_dir))
    seen = b""
    steps = []
    start = time.perf_counter()
    last_write = start
    last_cpu = 0
    for prompt, keys in QUESTIONS:
        deadline = time.perf_counter() + 10
        while prompt.encode() not in seen:
            r, _, _ = select.select([fd], [], [], max(0, deadline - time.perf_counter()))
            if not r:
                os.kill(pid, 9)
                raise SystemExit(f"never saw {prompt!r}: {seen[-400:]!r}")
            seen += os.read(fd, 65536)
        now = time.perf_counter()
        cpu = cpu_ns(pid)
        steps.append((prompt, (now - last_write) * 1000, (cpu - last_cpu) / 1e6 if cpu else None))
        last_cpu = cpu or last_cpu
        seen = seen[seen.index(prompt.encode()) + len(prompt):]
        if THINK_MS:
            time.sleep(THINK_MS / 1000)
        os.write(fd, keys)
        last_write = time.perf_counter()
    # Until it has saved and ended.
    while True:
        r, _, _ = select.select([fd], [], [], 10)
        if not r:
            break
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        seen += data
    _, status, usage = os.wait4(pid, 0)
    end = time.perf_counter()
    assert b"Saved urge" in seen, seen[-400:]
    # The whole process, every thread (the guide reads a session's history on a
    # second thread, which the per-step figures of the main thread do not count).
    total = (usage.ru_utime + usage.ru_stime) * 1000
    steps.append(("saved", (end - last_write) * 1000, None))
    steps.append(("whole run, all threads", None, total))
    return steps


def main():
    os.makedirs(WORK, mode=0o700, exist_ok=True)
    setups = []
    # 1. No session: the passphrase question is asked, and skipped.
    empty = os.path.join(WORK, "empty.confide")
    if not os.path.exists(empty):
        subprocess.run([CONFIDE, "init", "--work-factor", "18"], check=True,
                       env={**env_for(empty, WORK), "CONFIDE_PASSPHRASE": PASS},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    setups.append(("empty vault, no session (passphrase skipped)", empty, None))
    # 2. With a session and N urges of history.
    for n in (1000, 10000):
        vault = os.path.join(WORK, f"urges-{n}.confide")
        if not os.path.exists(vault):
            e = {**env_for(vault, WORK), "CONFIDE_PASSPHRASE": PASS}
            subprocess.run([CONFIDE, "init", "--work-factor", "18"], check=True, env=e,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            path = os.path.join(WORK, f"urges-{n}.json")
            write_urges(path, n)
            subprocess.run([CONFIDE, "import", path], check=True, env=e,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        setups.append((f"{n:,} urges, unlock session running (history read)", vault, n))
    rows = []
    for name, vault, n in setups:
        run_dir = os.path.join(WORK, "run")
        os.makedirs(run_dir, mode=0o700, exist_ok=True)
        e = {**env_for(vault, run_dir), "CONFIDE_PASSPHRASE": PASS}
        if n:
            subprocess.run([CONFIDE, "unlock", "--for", "1h"], check=True, env=e,
                           stdout=subprocess.DEVNULL)
        global QUESTIONS
        qs = QUESTIONS if not n else [q for q in QUESTIONS if not q[0].startswith("Passphrase")]
        saved, QUESTIONS = QUESTIONS, qs
        runs = [one_run(vault, run_dir) for _ in range(RUNS)]
        QUESTIONS = saved
        if n:
            subprocess.run([CONFIDE, "lock"], env=e, stdout=subprocess.DEVNULL)
        for i, (prompt, _, _) in enumerate(runs[0]):
            walls = [r[i][1] for r in runs if r[i][1] is not None]
            wall = statistics.median(walls) if walls else None
            cpus = [r[i][2] for r in runs if r[i][2] is not None]
            cpu = statistics.median(cpus) if cpus else None
            rows.append((name, prompt, wall, cpu))
            print(f"{name} | {prompt} | {'—' if wall is None else f'{wall:.2f} ms'} | "
                  f"{'—' if cpu is None else f'{cpu:.2f} ms'}", flush=True)
    # A person's time, by the keystroke-level model.
    m, k = 1.35, 0.28
    typing = m + len("confide urge\n") * k
    answers = [(m + 2 * k)] + [(m + k)] * 4  # "7⏎", then four Enters
    person = typing + sum(answers)
    person_session = typing + sum(answers[:1] + answers[2:])
    write(rows, person, person_session)


def write_urges(path, n):
    import json
    import random
    rnd = random.Random(1)
    triggers = ["stressed", "tired", "lonely", "bored", "late-night", "conflict"]
    coping = ["walk", "cold-shower", "call-a-friend", "paced-breathing", "journal"]
    start = int(time.time()) - n * 3600
    entries = []
    for i in range(n):
        t = start + i * 3600
        entries.append({
            "id": f"{i:032x}",
            "kind": "urge",
            "occurred_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(t)),
            "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(t)),
            "intensity": rnd.randint(2, 9),
            "triggers": rnd.sample(triggers, rnd.randint(1, 2)),
            "coping": rnd.sample(coping, rnd.randint(0, 2)),
            "outcome": rnd.choice(["resisted", "resisted", "acted", None]),
        })
    with open(path, "w") as f:
        json.dump({"format": "confide-export", "version": 1, "entries": entries}, f)


def write(rows, person, person_session):
    lines = [
        "# The guided `confide urge`, step by step",
        "",
        f"`bench/urge-guide.sh`, {RUNS} runs per set-up, medians, answering "
        f"{'at once' if not THINK_MS else f'{THINK_MS} ms after each question appears'}. Release build, "
        f"`{subprocess.run([CONFIDE, '--version'], capture_output=True, text=True).stdout.strip()}`, "
        f"{os.cpu_count()} cores. Each step is from the answer being typed to the next "
        "question on the screen; CPU is confide's own time in that step on its main "
        "thread (/proc/PID/schedstat); the last row of each set-up is the whole run's "
        "CPU over every thread (wait4), which includes reading a session's history on a "
        "second thread while the first question waits.",
        "",
        "| set-up | step (the question that follows) | wall | confide CPU |",
        "|---|---|---:|---:|",
    ]
    for name, prompt, wall, cpu in rows:
        lines.append(f"| {name} | {prompt} | {'—' if wall is None else f'{wall:.2f} ms'} | "
                     f"{'—' if cpu is None else f'{cpu:.2f} ms'} |")
    lines += [
        "",
        "The first row of each set-up is from starting `confide urge` to its first "
        "question; \"saved\" is from the last Enter to the process having saved and ended.",
        "",
        f"A person's time, estimated with the keystroke-level model (1.35 s to read and "
        f"decide per question, 0.28 s per keystroke, plus typing `confide urge`): "
        f"{person:.1f} s with the passphrase question skipped, {person_session:.1f} s "
        f"with an unlock session (no passphrase question). The target is under 15 s.",
        "",
    ]
    with open(OUT, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
