#!/usr/bin/env python3
"""Split a confide vault into standard age files, and decode what they decrypt to.

Needs only Python 3.8+ and its standard library. confide is not needed.

    split-vault.py VAULT OUTDIR
        Checks the header and every checksum, then writes OUTDIR/key.age,
        OUTDIR/recovery.age, OUTDIR/state.age and OUTDIR/record-1.age, record-2.age, ...
        (oldest first). Decrypt them with the stock `age` tool (see docs/FORMAT.md).

    split-vault.py --decode state|record FILE
        Reads a decrypted state or record (the output of `age -d -i identity.txt ...`)
        and prints its entries as JSON, close to `confide list --json`.

The rules are those of docs/FORMAT.md (format version 1). Exit status: 0 when all is
well, 1 when the file is damaged or not a vault, 2 for a usage mistake.
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


def fail(msg):
    sys.exit("damaged: " + msg)


def scan(data):
    """Returns (recipient, [(tag, payload)], torn_tail_offset or None)."""
    if len(data) < 12 or data[:8] != MAGIC:
        fail("not a confide vault (the first 8 bytes are wrong)")
    version, rlen = struct.unpack(">HH", data[8:12])
    if not 1 <= rlen <= 256 or 12 + rlen + 32 > len(data):
        fail("the header's recipient length is impossible")
    if hashlib.sha256(data[:12 + rlen]).digest() != data[12 + rlen:12 + rlen + 32]:
        fail("the header's checksum does not match")
    if version != 1:
        fail("format version %d; this script reads version 1" % version)
    recipient = data[12:12 + rlen].decode("utf-8")
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
    """postcard 1.x: varints (LEB128), zigzag for signed integers, no field names."""

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

    def signed(self):
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def raw(self, k):
        if self.i + k > len(self.b):
            fail("the decrypted data ends early")
        self.i += k
        return self.b[self.i - k:self.i]

    def string(self):
        return self.raw(self.varint()).decode("utf-8")

    def variant(self, what, known):
        v = self.varint()
        if v >= known:
            fail("unknown %s variant %d (written by a newer confide?)" % (what, v))
        return v

    def time(self):
        ms, off = self.signed(), self.signed()
        tz = datetime.timezone(datetime.timedelta(seconds=off))
        epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        return (epoch + datetime.timedelta(milliseconds=ms)).astimezone(tz).isoformat(timespec="seconds")

    def entry(self):
        e = {"id": self.raw(16).hex(), "occurred_at": self.time(), "recorded_at": self.time()}
        e["edited_at"] = self.time() if self.byte() else None
        e["tags"] = [self.string() for _ in range(self.varint())]
        e["private"] = bool(self.byte())
        self.variant("entry kind", 1)  # 0 = Journal { text }
        e["kind"], e["text"] = "journal", self.string()
        return e


def decode(kind, path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<I", data[:4])
    r = Reader(data[4:4 + length])
    r.variant("envelope version", 1)  # 0 = V1
    if kind == "state":
        doc = {"created_at": r.time(), "start": r.time()}
        doc["entries"] = [r.entry() for _ in range(r.varint())]
    else:
        r.variant("record", 1)  # 0 = Add(Entry)
        doc = {"add": r.entry()}
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
