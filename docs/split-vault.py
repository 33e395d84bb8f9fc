#!/usr/bin/env python3
"""Split a confide vault into standard age files, and decode what they decrypt to.

Needs only Python 3.8+ and its standard library. confide is not needed.

    split-vault.py VAULT OUTDIR
        Checks the header and every checksum, then writes OUTDIR/key.age,
        OUTDIR/recovery.age, OUTDIR/state.age and OUTDIR/record-1.age, record-2.age, ...
        (oldest first). Decrypt them with the stock `age` tool (see docs/FORMAT.md).

    split-vault.py --decode state|record FILE
        Reads a decrypted state (envelope version 1 to 10) or record (envelope
        version 1 to 5), the output of `age -d -i identity.txt ...`, and prints it as
        JSON. Each entry has the fields of `confide list --json` (docs/json.md), in the
        same order, except `prompt` and `practice`: those are looked up in confide's
        built-in library, which is not in the vault (`prompt_id` and `practice_id` are).
        A state also lists the export files confide remembers writing, and since
        state version 8 whom each was for and where its range ended (`exports`),
        and the entries it deleted, by id and time only (`tombstones`). An urge
        saved by `confide surf` (state version 9, record version 5) has its
        surfing curve (`curve`). Since state version 10 the settings say whether
        the person has a partner (`partner`: yes, no, prefer-not-to-say, or null).

The rules are those of docs/FORMAT.md (container format version 1; state envelope
versions 1 to 10, record envelope versions 1 to 5). Exit status: 0 when all is well,
1 when the file is damaged or not a vault, 2 for a usage mistake, 9 when a newer
confide wrote it.
"""
import datetime
import hashlib
import json
import os
import struct
import sys

MAGIC = b"\x89CFD\r\n\x1a\n"
TAGS = {1: "key", 2: "recovery", 3: "state", 4: "record"}
PART_HEADER = 1 + 8 + 32
MAX_KEY_PART = 64 * 1024
MAX_RECORD = 16 * 1024 * 1024
BACKDATED_AFTER_MS = 60 * 60 * 1000

# In the order of `EntryBody`: the index is what is stored. "agenda" (index 6) is in
# state format 7 and record format 4 (and nowhere older).
KINDS = ["journal", "urge", "lapse", "reflection", "practice", "checkin", "agenda"]
INTIMACY = ["emotional", "physical", "intellectual", "experiential", "spiritual"]
OUTCOMES = ["resisted", "acted"]
HALT = ["hungry", "angry", "lonely", "tired"]
CHAIN = ["vulnerability", "prompting_event", "thoughts_feelings", "consequences", "next_time"]
# In the order of `Skill` in crates/core/src/model/persisted.rs: the index is what is stored.
SKILLS = ["emotional-presence", "authentic-communication", "empathic-listening",
          "vulnerability", "sustainable-pleasure"]
# The newest envelope version this script reads, for each kind of payload.
KNOWN = {"state": 10, "record": 5}


def fail(msg):
    sys.exit("damaged: " + msg)


def newer(msg):
    print("needs a newer confide: " + msg, file=sys.stderr)
    sys.exit(9)


def scan(data):
    """Returns (recipient, [(tag, payload)], torn_tail_offset or None)."""
    if len(data) < 8 or data[:8] != MAGIC:
        fail("not a confide vault (the first 8 bytes are wrong)")
    if len(data) < 12:
        fail("the file ends inside the header")
    version, rlen = struct.unpack(">HH", data[8:12])
    # The version comes first: a newer format may lay out the rest differently.
    if version != 1:
        newer("container format version %d; this script reads version 1" % version)
    if not 1 <= rlen <= 256 or 12 + rlen + 32 > len(data):
        fail("the header's recipient length is impossible")
    if hashlib.sha256(data[:12 + rlen]).digest() != data[12 + rlen:12 + rlen + 32]:
        fail("the header's checksum does not match")
    try:
        recipient = data[12:12 + rlen].decode("utf-8")
    except UnicodeDecodeError:
        fail("the header's recipient is not text")
    pos, parts, torn = 12 + rlen + 32, [], None
    while pos < len(data):
        expected = [1, 2, 3][len(parts)] if len(parts) < 3 else None
        left = len(data) - pos
        if left < PART_HEADER:
            if expected:
                fail("the file ends inside a part header")
            torn = pos
            break
        tag = data[pos]
        (length,) = struct.unpack(">Q", data[pos + 1:pos + 9])
        fits = length <= left - PART_HEADER
        if expected:
            if tag != expected:
                fail("the %s part is missing or out of place" % TAGS[expected])
            if not fits:
                fail("the %s part is longer than the file" % TAGS[expected])
            if tag in (1, 2) and length > MAX_KEY_PART:
                fail("the %s part is impossibly large" % TAGS[expected])
        elif tag == 4 and length > MAX_RECORD:
            fail("an appended record has an impossible length")
        elif tag != 4 or not fits:
            if not fits or pos + PART_HEADER + length == len(data):
                torn = pos
                break
            fail("an appended record in the middle of the vault is damaged")
        payload = data[pos + PART_HEADER:pos + PART_HEADER + length]
        parts.append((tag, data[pos + 9:pos + PART_HEADER], payload, pos))
        pos += PART_HEADER + length
    if len(parts) < 3:
        fail("the vault ends before its key, recovery and state parts")
    for i, (tag, digest, payload, start) in enumerate(parts):
        if hashlib.sha256(payload).digest() != digest:
            if tag == 4 and i == len(parts) - 1 and torn is None:
                torn = start
                parts.pop()
            elif tag == 4:
                fail("an appended record in the middle of the vault is damaged")
            else:
                fail("the %s part's checksum does not match" % TAGS[tag])
    return recipient, [(t, p) for t, _, p, _ in parts], torn


def split(vault, outdir):
    with open(vault, "rb") as f:
        data = f.read()
    recipient, parts, torn = scan(data)
    os.makedirs(outdir, mode=0o700, exist_ok=True)
    n = 0
    for tag, payload in parts:
        if tag == 4:
            n += 1
            name = "record-%d.age" % n
        else:
            name = TAGS[tag] + ".age"
        path = os.path.join(outdir, name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        print("%-16s %8d bytes, checksum ok" % (name, len(payload)))
    print("recipient        %s" % recipient)
    if torn is not None:
        print("warning: the last %d bytes are a torn final record (left out, as confide does)"
              % (len(data) - torn), file=sys.stderr)


class Reader:
    """postcard 1.x: u8 and bool as one byte, other integers as varints (LEB128),
    signed ones zigzagged first, no field names."""

    def __init__(self, b):
        self.b, self.i = b, 0

    def byte(self):
        if self.i >= len(self.b):
            fail("the decrypted data ends early")
        self.i += 1
        return self.b[self.i - 1]

    def varint(self):
        n = shift = 0
        while True:
            c = self.byte()
            n |= (c & 0x7F) << shift
            shift += 7
            if c < 0x80:
                return n
            if shift > 63:
                fail("a number in the decrypted data is too long")

    def signed(self):
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def flag(self):
        b = self.byte()
        if b > 1:
            fail("a true/false value is %d" % b)
        return b == 1

    def raw(self, k):
        if self.i + k > len(self.b):
            fail("the decrypted data ends early")
        self.i += k
        return self.b[self.i - k:self.i]

    def string(self):
        try:
            return self.raw(self.varint()).decode("utf-8")
        except UnicodeDecodeError:
            fail("a text in the decrypted data is not UTF-8")

    def option(self, read):
        return read() if self.flag() else None

    def strings(self):
        return [self.string() for _ in range(self.varint())]

    def variant(self, what, names):
        v = self.varint()
        if v >= len(names):
            fail("unknown %s %d" % (what, v))
        return names[v]

    def time(self):
        ms, off = self.signed(), self.signed()
        return ms, off

    # -- the types of docs/FORMAT.md, field by field, in declaration order

    def entry_v1(self):
        e = self.common()
        self.variant("entry kind", ["journal"])  # V1 has one: 0 = Journal { text }
        text = self.string()
        e.update(kind="journal", intimacy=None, text=text, mood=None, emotions=[])
        return e

    def entry_v3(self):
        """State V6 to V8, records V3 and V4: V2's entry, and a lapse may name the
        episode it adds to (`adds_to` in JSON, `of` in the model: an id prefix). V7
        and V4 add the agenda kind (same layout otherwise)."""
        return self.entry_v2(newest=True)

    def entry_v9(self):
        """State V9, records V5: V8's entry, and an urge ends with its surfing
        curve, a count and (seconds, intensity) pairs."""
        return self.entry_v2(newest=True, curve=True)

    def entry_v2(self, newest=False, curve=False):
        e = self.common()
        e["intimacy"] = self.option(lambda: self.variant("intimacy type", INTIMACY))
        kind = self.variant("entry kind", KINDS if newest else KINDS[:6])
        e["kind"] = kind
        if kind == "journal":
            e["text"] = self.string()
            e["mood"] = self.option(self.byte)
            e["emotions"] = self.strings()
        elif kind == "urge":
            e["text"] = None
            e["intensity"] = self.byte()
            e["triggers"] = self.strings()
            e["coping"] = self.strings()
            e["outcome"] = self.option(lambda: self.variant("outcome", OUTCOMES))
            e["minutes"] = self.option(self.varint)
            e["note"] = self.option(self.string)
            e["halt"] = [name for name in HALT if self.flag()]
            e["curve"] = [
                {"seconds": self.varint(), "intensity": self.byte()}
                for _ in range(self.varint())
            ] if curve else []
        elif kind == "lapse":
            e["text"] = None
            e["note"] = self.option(self.string)
            e["triggers"] = self.strings()
            e["chain"] = self.option(lambda: {k: self.option(self.string) for k in CHAIN})
            e["urge"] = self.option(lambda: self.raw(16).hex())
            e["adds_to"] = self.option(self.string) if newest else None
        elif kind == "reflection":
            e["prompt_id"] = self.option(self.string)
            e["text"] = self.string()
        elif kind == "practice":
            e["text"] = None
            e["practice_id"] = self.string()
            e["note"] = self.option(self.string)
        elif kind == "agenda":
            e["text"] = self.string()
            e["done_at"] = self.option(lambda: rfc3339(self.time()))
        else:  # checkin
            e["text"] = None
            e["mood"] = self.option(self.byte)
            e["emotions"] = self.strings()
            e["urges"] = self.option(self.varint)
            e["practice_id"] = self.option(self.string)
            e["appreciated"] = self.option(self.string)
            e["note"] = self.option(self.string)
        return e

    def export(self, version):
        """ExportRecord (state V4): path bytes, written_at, encrypted, sha256 bytes;
        state V8 adds `to`, whom it was for (recipients' public keys, or
        "passphrase" or "plaintext"), then `until`, where the range it covered
        ended. Older states come out with "to": [] and `until` = `written_at`."""
        raw = self.raw(self.varint())
        e = {"path": raw.decode("utf-8", errors="replace")}
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            e["path_hex"] = raw.hex()  # paths need not be UTF-8: the exact bytes
        written = self.time()
        e["written_at"] = rfc3339(written)
        e["encrypted"] = self.flag()
        e["sha256"] = self.raw(self.varint()).hex()
        e["to"] = self.strings() if version >= 8 else []
        e["until"] = rfc3339(self.time() if version >= 8 else written)
        return e

    def tombstone(self):
        """Tombstone (state V5): the deleted entry's id, deleted_at."""
        return {"id": self.raw(16).hex(), "deleted_at": rfc3339(self.time())}

    def common(self):
        """id, occurred_at, recorded_at, edited_at, tags, private (V1 and V2 alike)."""
        e = {"id": self.raw(16).hex()}
        occurred, recorded = self.time(), self.time()
        e["occurred_at"], e["recorded_at"] = rfc3339(occurred), rfc3339(recorded)
        e["backdated"] = recorded[0] - occurred[0] > BACKDATED_AFTER_MS
        e["edited_at"] = self.option(lambda: rfc3339(self.time()))
        e["tags"] = self.strings()
        e["private"] = self.flag()
        return e


def rfc3339(t):
    """As confide's JSON writes times: the stored offset, milliseconds when not zero.
    A time Python cannot show (outside the years 1 to 9999, or a bad offset) comes
    out as the raw numbers, {"unix_ms": ..., "offset_s": ...}, so one odd entry
    never stops the recovery of the others."""
    ms, off = t
    try:
        tz = datetime.timezone(datetime.timedelta(seconds=off))
        epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        spec = "seconds" if ms % 1000 == 0 else "milliseconds"
        return (epoch + datetime.timedelta(milliseconds=ms)).astimezone(tz).isoformat(timespec=spec)
    except (OverflowError, ValueError, OSError):
        return {"unix_ms": ms, "offset_s": off}


# The JSON field order of `confide list --json`: the common fields, then the kind's own.
COMMON = ["id", "kind", "occurred_at", "recorded_at", "backdated", "edited_at", "tags",
          "private", "intimacy", "text"]
OWN = {
    "journal": ["mood", "emotions"],
    "urge": ["intensity", "triggers", "coping", "outcome", "minutes", "note", "halt",
             "curve"],
    "lapse": ["note", "triggers", "chain", "urge", "adds_to"],
    "reflection": ["prompt_id"],
    "practice": ["practice_id", "note"],
    "checkin": ["mood", "emotions", "urges", "practice_id", "appreciated", "note"],
    "agenda": ["done_at"],
}


def ordered(e):
    return {k: e[k] for k in COMMON + OWN[e["kind"]]}


def decode(kind, path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 4:
        fail("the decrypted data is too short")
    (length,) = struct.unpack("<I", data[:4])
    if 4 + length > len(data):
        fail("the decrypted data's length is wrong")
    r = Reader(data[4:4 + length])
    version = r.varint() + 1  # 0 = V1, 1 = V2, ..., 7 = V8, 8 = V9, 9 = V10
    if version > KNOWN[kind]:
        newer("%s envelope version %d; this script reads up to version %d"
              % (kind, version, KNOWN[kind]))
    # Entries: V1 has journal text only; V2 to V5 (records V2) share one layout;
    # state V6 and record V3 add the lapse's `of`; state V7 and record V4 are the
    # same layout with the agenda kind; state V8 has the same entries as V7; state V9
    # and record V5 add the urge's curve.
    newest = (kind == "state" and version >= 6) or (kind == "record" and version >= 3)
    curves = (kind == "state" and version >= 9) or (kind == "record" and version >= 5)
    if version == 1:
        entry = r.entry_v1
    elif curves:
        entry = r.entry_v9
    else:
        entry = r.entry_v3 if newest else r.entry_v2
    doc = {"envelope_version": version}
    if kind == "state":
        doc["created_at"], doc["start"] = rfc3339(r.time()), rfc3339(r.time())
        # Settings added in V3; older states come out as confide migrates them.
        doc["focus"], doc["updated_at"] = [], None
        if version >= 3:
            doc["focus"] = [r.variant("skill", SKILLS) for _ in range(r.varint())]
            doc["updated_at"] = r.option(lambda: rfc3339(r.time()))
        # Added in V6: the starts that were replaced, and when.
        doc["start_history"] = []
        if version >= 6:
            doc["start_history"] = [
                {"start": rfc3339(r.time()), "replaced_at": rfc3339(r.time())}
                for _ in range(r.varint())
            ]
        # Added in V10: whether the person has a partner (null when not said).
        doc["partner"] = None
        if version >= 10:
            doc["partner"] = r.option(
                lambda: r.variant("partner", ["yes", "no", "prefer-not-to-say"]))
        doc["entries"] = [ordered(entry()) for _ in range(r.varint())]
        # Added in V4: the export files confide wrote; older states have none.
        doc["exports"] = [r.export(version) for _ in range(r.varint())] if version >= 4 else []
        # Added in V5: deleted entries, by id and time of deletion; older states have none.
        doc["tombstones"] = [r.tombstone() for _ in range(r.varint())] if version >= 5 else []
    else:
        r.variant("record", ["add"])  # 0 = Add(Entry)
        doc["add"] = ordered(entry())
    print(json.dumps(doc, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) == 3 and args[0] == "--decode" and args[1] in ("state", "record"):
        decode(args[1], args[2])
    elif len(args) == 2 and not args[0].startswith("-"):
        split(args[0], args[1])
    else:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
