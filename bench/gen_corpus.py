#!/usr/bin/env python3
"""Writes one corpus twice, for the jrnl comparison (bench/vs-jrnl.sh):

  OUT/confide.json  a confide JSON document for `confide import` (ids, kinds, times,
                    tags, text, and each kind's fields)
  OUT/jrnl.txt      the same entries as a plain jrnl journal for `jrnl --import`:
                    same dates and times, same text, the tags as @words

Usage: gen_corpus.py N OUT [SEED]. Mixed kinds, as people log: about half journal
entries (300-500 characters with one to three tags), a third urges, the rest
practices and check-ins. Deterministic for a seed. jrnl has only free text, so the
non-journal kinds are written into it as one readable line each.
"""
import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone

WORDS = (
    "walked home slowly and noticed the light on the river talked with R about the "
    "week felt tired but steady phone stayed in the other room made tea and sat with "
    "the urge until it passed wrote three things I am grateful for called my brother "
    "cooked dinner together breathing helped more than I expected the evening felt "
    "long then quiet listened without fixing anything asked what she needed"
).split()
TAGS = ["work", "evening", "family", "therapy", "weekend", "r", "morning", "walk"]
TRIGGERS = ["tired", "bored", "late-night", "alone-with-device", "stressed", "lonely"]
COPING = ["walk", "urge-surfing", "cold-water", "reach-out", "paced-breathing"]
PRACTICES = ["hug-6s", "tech-free-talk", "three-questions", "evening-walk"]
EMOTIONS = ["calm", "hopeful", "anxious", "grateful", "lonely", "tired"]


def text(rng, lo, hi):
    out = []
    while len(" ".join(out)) < lo:
        out.append(rng.choice(WORDS))
    s = " ".join(out)[:hi].rstrip()
    return s[0].upper() + s[1:] + "."


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    os.makedirs(out, exist_ok=True)
    end = datetime(2026, 11, 1, 21, 0, tzinfo=timezone.utc)
    span = timedelta(days=5 * 365)
    step = span / n
    entries, jrnl = [], []
    for i in range(n):
        when = (end - span + step * i + timedelta(seconds=rng.randrange(60))).replace(second=0)
        iso = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        stamp = when.strftime("%Y-%m-%d %H:%M")
        eid = "%032x" % rng.getrandbits(128)
        tags = rng.sample(TAGS, rng.randint(1, 3))
        kind = rng.random()
        e = {"id": eid, "occurred_at": iso, "recorded_at": iso, "tags": tags}
        if kind < 0.5:
            body = text(rng, 300, 500)
            e.update(kind="journal", text=body, mood=rng.randint(3, 9),
                     emotions=[rng.choice(EMOTIONS)])
            line = body
        elif kind < 0.85:
            trig = rng.sample(TRIGGERS, 2)
            cop = [rng.choice(COPING)]
            outcome = "acted" if rng.random() < 0.05 else "resisted"
            e.update(kind="urge", intensity=rng.randint(2, 9), triggers=trig, coping=cop,
                     outcome=outcome, minutes=rng.randint(5, 45))
            line = "Urge %d, %s; %s; %s." % (e["intensity"], " and ".join(trig), cop[0], outcome)
        elif kind < 0.95:
            p = rng.choice(PRACTICES)
            e.update(kind="practice", practice_id=p)
            line = "Practice: %s." % p
        else:
            e.update(kind="checkin", mood=rng.randint(3, 9), emotions=[rng.choice(EMOTIONS)],
                     urges=rng.randint(0, 3))
            line = "Check-in: mood %d, %s." % (e["mood"], e["emotions"][0])
        entries.append(e)
        jrnl.append("[%s] %s %s\n" % (stamp, line, " ".join("@" + t for t in tags)))
    with open(os.path.join(out, "confide.json"), "w") as f:
        json.dump({"format": "confide-export", "version": 1,
                   "start": (end - span - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                   "entries": entries}, f)
    with open(os.path.join(out, "jrnl.txt"), "w") as f:
        f.write("\n".join(jrnl))


if __name__ == "__main__":
    main()
