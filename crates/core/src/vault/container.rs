//! The vault's byte layout, without any cryptography: a plaintext header, then
//! length-prefixed, checksummed parts. See docs/FORMAT.md for the same thing in prose.
//!
//! ```text
//! header  = magic(8) version(u16 BE) recipient_len(u16 BE) recipient sha256(header)
//! part    = tag(u8) length(u64 BE) sha256(payload)(32) payload(length)
//! file    = header key-part recovery-part state-part record-part*
//! ```
//!
//! Every length is checked against the bytes actually left in the file before anything
//! is read or allocated, so a hostile length cannot make confide allocate more than the
//! file's size. Checksums let damage be told apart from a wrong passphrase before any
//! decryption is attempted.

use sha2::{Digest, Sha256};
use std::io::{self, Read, Seek, SeekFrom, Write};

/// The first eight bytes of every vault (a non-ASCII first byte and CR LF, like PNG,
/// so text-mode mangling is caught).
pub const MAGIC: [u8; 8] = [0x89, b'C', b'F', b'D', b'\r', b'\n', 0x1a, b'\n'];
/// The container format version this build writes and reads.
pub const FORMAT_VERSION: u16 = 1;
/// Bytes before a part's payload: tag, length, checksum.
pub const PART_HEADER_LEN: u64 = 1 + 8 + 32;
/// The longest recipient string accepted in a header.
pub const MAX_RECIPIENT_LEN: usize = 256;
/// The largest key or recovery part accepted (they hold one small age file).
pub const MAX_KEY_PART_LEN: u64 = 64 * 1024;
/// The largest record accepted: one entry holds at most 1 MiB of text per field, so
/// a real record is far smaller. A longer declared length is damage, not a torn tail,
/// so a flipped length bit in the middle cannot make confide cut later records.
pub const MAX_RECORD_LEN: u64 = 16 * 1024 * 1024;

/// What a part holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    /// The identity, encrypted with the passphrase (age scrypt).
    Key = 1,
    /// The identity, encrypted with the recovery code (age scrypt).
    Recovery = 2,
    /// The compacted state, encrypted to the identity's recipient.
    State = 3,
    /// One appended record, encrypted to the identity's recipient.
    Record = 4,
}

impl Tag {
    fn from_byte(b: u8) -> Option<Tag> {
        match b {
            1 => Some(Tag::Key),
            2 => Some(Tag::Recovery),
            3 => Some(Tag::State),
            4 => Some(Tag::Record),
            _ => None,
        }
    }
}

/// The plaintext header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Format version.
    pub version: u16,
    /// The vault identity's public age recipient (`age1...`).
    pub recipient: String,
}

/// Where one part sits in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartRef {
    /// What it holds.
    pub tag: Tag,
    /// Offset of the part's first byte (its tag).
    pub start: u64,
    /// Offset of the payload.
    pub payload: u64,
    /// Payload length.
    pub len: u64,
    /// The stored SHA-256 of the payload.
    pub sha256: [u8; 32],
}

impl PartRef {
    /// Offset just past this part.
    pub fn end(&self) -> u64 {
        self.payload + self.len
    }
}

/// A parsed file: header, the parts in order, and a torn tail if there is one.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The header.
    pub header: Header,
    /// Key, recovery and state parts, then records.
    pub parts: Vec<PartRef>,
    /// If the last record was cut short or damaged, where it starts. The file should be
    /// truncated to this length at the next write.
    pub torn_tail: Option<u64>,
    /// The file's length.
    pub file_len: u64,
}

impl Layout {
    /// The part with this tag (key, recovery and state occur exactly once).
    pub fn part(&self, tag: Tag) -> PartRef {
        *self
            .parts
            .iter()
            .find(|p| p.tag == tag)
            .expect("scan guarantees exactly one key, recovery and state part")
    }

    /// The appended records, oldest first.
    pub fn records(&self) -> impl Iterator<Item = &PartRef> {
        self.parts.iter().filter(|p| p.tag == Tag::Record)
    }

    /// Where the next record should be written (after any torn tail is cut).
    pub fn append_offset(&self) -> u64 {
        self.torn_tail.unwrap_or(self.file_len)
    }
}

/// Why a file is not a well-formed vault.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// Not a confide vault at all.
    #[error("this file is not a confide vault (its first bytes are wrong)")]
    NotAVault,
    /// Written by a newer confide.
    #[error(
        "vault format version {got} is not supported (this confide reads version {supported}); install a newer confide"
    )]
    UnsupportedVersion {
        /// Found.
        got: u16,
        /// Supported.
        supported: u16,
    },
    /// Structurally damaged.
    #[error("{0}")]
    Damaged(String),
    /// Reading failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// How much of the payloads to check against their checksums while scanning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verify {
    /// Every part (verify).
    All,
    /// Only the final record (append: enough to detect a torn tail, and independent of
    /// the vault's size).
    LastRecord,
    /// Only the key and recovery parts (unlock checks the rest in parallel with the
    /// key derivation, see [`verify_checksums`]).
    KeysOnly,
    /// Everything but the key and recovery parts (the other half of `KeysOnly`).
    AllButKeys,
    /// Structure only.
    None,
}

/// Serializes a header.
pub fn encode_header(recipient: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(12 + recipient.len() + 32);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_be_bytes());
    let len = u16::try_from(recipient.len()).expect("recipients are short ASCII strings");
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(recipient.as_bytes());
    let digest = Sha256::digest(&out);
    out.extend_from_slice(&digest);
    out
}

/// Serializes a whole part (tag, length, checksum, payload) held in memory.
pub fn encode_part(tag: Tag, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(PART_HEADER_LEN as usize + payload.len());
    out.push(tag as u8);
    out.extend_from_slice(&(payload.len() as u64).to_be_bytes());
    out.extend_from_slice(&Sha256::digest(payload));
    out.extend_from_slice(payload);
    out
}

/// Writes a part whose payload is produced by `fill`, without holding the payload in
/// memory: the length and checksum are written as zeros first and filled in after.
pub fn write_part_streaming<W, F>(out: &mut W, tag: Tag, fill: F) -> io::Result<()>
where
    W: Write + Seek,
    F: FnOnce(&mut HashingWriter<&mut W>) -> io::Result<()>,
{
    let start = out.stream_position()?;
    out.write_all(&[tag as u8])?;
    out.write_all(&[0u8; 8 + 32])?;
    let mut hw = HashingWriter::new(&mut *out);
    fill(&mut hw)?;
    let (len, digest) = hw.finish();
    let end = out.stream_position()?;
    out.seek(SeekFrom::Start(start + 1))?;
    out.write_all(&len.to_be_bytes())?;
    out.write_all(&digest)?;
    out.seek(SeekFrom::Start(end))?;
    Ok(())
}

/// A writer that counts and hashes what passes through it.
pub struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    len: u64,
}

impl<W: Write> HashingWriter<W> {
    fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
            len: 0,
        }
    }

    fn finish(self) -> (u64, [u8; 32]) {
        (self.len, self.hasher.finalize().into())
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn damaged(msg: impl Into<String>) -> ParseError {
    ParseError::Damaged(msg.into())
}

/// Reads exactly `buf.len()` bytes, or reports how the file ended early.
fn read_exact_or<R: Read>(r: &mut R, buf: &mut [u8], what: &str) -> Result<(), ParseError> {
    r.read_exact(buf).map_err(|e| {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            damaged(format!("the file ends inside the {what}"))
        } else {
            ParseError::Io(e)
        }
    })
}

/// Parses only the header (cheap; used before deciding anything else).
pub fn read_header<R: Read>(r: &mut R, file_len: u64) -> Result<(Header, u64), ParseError> {
    let mut fixed = [0u8; 12];
    if file_len < 8 {
        return Err(ParseError::NotAVault);
    }
    read_exact_or(r, &mut fixed[..8], "header")?;
    if fixed[..8] != MAGIC {
        return Err(ParseError::NotAVault);
    }
    read_exact_or(r, &mut fixed[8..], "header")?;
    let version = u16::from_be_bytes([fixed[8], fixed[9]]);
    // The version comes first: a newer format may lay out the rest differently.
    if version != FORMAT_VERSION {
        return Err(ParseError::UnsupportedVersion {
            got: version,
            supported: FORMAT_VERSION,
        });
    }
    let rlen = u16::from_be_bytes([fixed[10], fixed[11]]) as usize;
    if rlen == 0 || rlen > MAX_RECIPIENT_LEN || (12 + rlen + 32) as u64 > file_len {
        return Err(damaged("the header's recipient length is impossible"));
    }
    let mut rest = vec![0u8; rlen + 32];
    read_exact_or(r, &mut rest, "header")?;
    let mut hasher = Sha256::new();
    hasher.update(fixed);
    hasher.update(&rest[..rlen]);
    let digest: [u8; 32] = hasher.finalize().into();
    if digest[..] != rest[rlen..] {
        return Err(damaged("the header's checksum does not match"));
    }
    let recipient = String::from_utf8(rest[..rlen].to_vec())
        .map_err(|_| damaged("the header's recipient is not text"))?;
    Ok((Header { version, recipient }, (12 + rlen + 32) as u64))
}

/// True when a second age file starts after `from` (its first byte excluded): then a
/// record that claims to run past the end of the file is not the torn tail of a crashed
/// append (which holds a prefix of one age file) but damage to its length, with
/// complete records after it that must not be cut.
fn another_age_file_follows<R: Read + Seek>(
    r: &mut R,
    from: u64,
    file_len: u64,
) -> Result<bool, ParseError> {
    const MAGIC: &[u8] = b"age-encryption.org/v1";
    if file_len <= from + 1 {
        return Ok(false);
    }
    r.seek(SeekFrom::Start(from + 1))?;
    let mut window = vec![0u8; 64 * 1024 + MAGIC.len()];
    let mut carried = 0usize;
    loop {
        let n = r.read(&mut window[carried..])?;
        if n == 0 {
            return Ok(false);
        }
        let filled = carried + n;
        if window[..filled].windows(MAGIC.len()).any(|w| w == MAGIC) {
            return Ok(true);
        }
        // Keep the last bytes, in case the magic straddles two reads.
        let keep = (MAGIC.len() - 1).min(filled);
        window.copy_within(filled - keep..filled, 0);
        carried = keep;
    }
}

/// Walks the whole file: header, then each part's header, seeking over payloads.
///
/// Checks structure (order, bounds) always, and checksums as `verify` says. A final
/// record that is cut short or fails its checksum is reported as `torn_tail`, not as
/// an error: that is what a crash in the middle of an append leaves behind.
pub fn scan<R: Read + Seek>(r: &mut R, verify: Verify) -> Result<Layout, ParseError> {
    let file_len = r.seek(SeekFrom::End(0))?;
    r.seek(SeekFrom::Start(0))?;
    let (header, mut pos) = read_header(r, file_len)?;
    let mut parts: Vec<PartRef> = Vec::new();
    let mut torn_tail = None;
    while pos < file_len {
        let index = parts.len();
        let expected = match index {
            0 => Some(Tag::Key),
            1 => Some(Tag::Recovery),
            2 => Some(Tag::State),
            _ => None,
        };
        let remaining = file_len - pos;
        if remaining < PART_HEADER_LEN {
            if expected.is_none() {
                torn_tail = Some(pos);
                break;
            }
            return Err(damaged("the file ends inside a part header"));
        }
        r.seek(SeekFrom::Start(pos))?;
        let mut ph = [0u8; PART_HEADER_LEN as usize];
        read_exact_or(r, &mut ph, "part header")?;
        let tag = Tag::from_byte(ph[0]);
        let len = u64::from_be_bytes(ph[1..9].try_into().expect("8 bytes"));
        let mut sha256 = [0u8; 32];
        sha256.copy_from_slice(&ph[9..41]);
        let fits = len <= remaining - PART_HEADER_LEN;
        match (expected, tag) {
            (Some(want), Some(got)) if want == got => {
                if !fits {
                    return Err(damaged(format!(
                        "the {} part is longer than the file",
                        name(want)
                    )));
                }
                if matches!(want, Tag::Key | Tag::Recovery) && len > MAX_KEY_PART_LEN {
                    return Err(damaged(format!(
                        "the {} part is impossibly large",
                        name(want)
                    )));
                }
            }
            (Some(want), _) => {
                return Err(damaged(format!(
                    "the {} part is missing or out of place",
                    name(want)
                )));
            }
            (None, Some(Tag::Record)) if len > MAX_RECORD_LEN => {
                return Err(damaged("an appended record has an impossible length"));
            }
            (None, Some(Tag::Record)) if fits => {}
            (None, _) => {
                // A record that runs past the end of the file is what a crash in the
                // middle of an append leaves. Anything else that is followed by more
                // bytes is damage in the middle, which must not be cut silently.
                if len == remaining - PART_HEADER_LEN
                    || (!fits && !another_age_file_follows(r, pos + PART_HEADER_LEN, file_len)?)
                {
                    torn_tail = Some(pos);
                    break;
                }
                return Err(damaged(
                    "an appended record in the middle of the vault is damaged",
                ));
            }
        }
        let part = PartRef {
            tag: tag.expect("matched above"),
            start: pos,
            payload: pos + PART_HEADER_LEN,
            len,
            sha256,
        };
        pos = part.end();
        parts.push(part);
    }
    if parts.len() < 3 {
        return Err(damaged(
            "the vault ends before its key, recovery and state parts",
        ));
    }
    let mut layout = Layout {
        header,
        parts,
        torn_tail,
        file_len,
    };
    verify_checksums(r, &mut layout, verify)?;
    Ok(layout)
}

/// Checks the parts `verify` selects against their checksums. A final record that
/// fails is marked as the torn tail (and dropped from `parts`); any other mismatch is
/// damage.
pub fn verify_checksums<R: Read + Seek>(
    r: &mut R,
    layout: &mut Layout,
    verify: Verify,
) -> Result<(), ParseError> {
    let last_index = layout.parts.len() - 1;
    for (i, part) in layout.parts.iter().enumerate() {
        let is_key = matches!(part.tag, Tag::Key | Tag::Recovery);
        let check = match verify {
            Verify::All => true,
            Verify::LastRecord => i == last_index && part.tag == Tag::Record,
            Verify::KeysOnly => is_key,
            Verify::AllButKeys => !is_key,
            Verify::None => false,
        };
        if check && !checksum_ok(r, part)? {
            if part.tag == Tag::Record && i == last_index && layout.torn_tail.is_none() {
                layout.torn_tail = Some(part.start);
            } else if part.tag == Tag::Record {
                return Err(damaged(
                    "an appended record in the middle of the vault is damaged",
                ));
            } else {
                return Err(damaged(format!(
                    "the {} part's checksum does not match",
                    name(part.tag)
                )));
            }
        }
    }
    if let Some(t) = layout.torn_tail {
        layout.parts.retain(|p| p.start < t);
    }
    Ok(())
}

/// Hashes a part's payload from the file and compares it with the stored checksum.
pub fn checksum_ok<R: Read + Seek>(r: &mut R, part: &PartRef) -> Result<bool, ParseError> {
    r.seek(SeekFrom::Start(part.payload))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut left = part.len;
    while left > 0 {
        let want = left.min(buf.len() as u64) as usize;
        read_exact_or(r, &mut buf[..want], "part")?;
        hasher.update(&buf[..want]);
        left -= want as u64;
    }
    let digest: [u8; 32] = hasher.finalize().into();
    Ok(digest == part.sha256)
}

/// A human name for a part.
pub fn name(tag: Tag) -> &'static str {
    match tag {
        Tag::Key => "key",
        Tag::Recovery => "recovery",
        Tag::State => "state",
        Tag::Record => "record",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn sample(records: usize) -> Vec<u8> {
        let mut v = encode_header("age1example");
        v.extend(encode_part(Tag::Key, b"key"));
        v.extend(encode_part(Tag::Recovery, b"recovery"));
        v.extend(encode_part(Tag::State, b"state bytes"));
        for i in 0..records {
            v.extend(encode_part(Tag::Record, format!("record {i}").as_bytes()));
        }
        v
    }

    #[test]
    fn round_trip() {
        let bytes = sample(3);
        let layout = scan(&mut Cursor::new(&bytes), Verify::All).unwrap();
        assert_eq!(layout.header.recipient, "age1example");
        assert_eq!(layout.parts.len(), 6);
        assert_eq!(layout.records().count(), 3);
        assert_eq!(layout.torn_tail, None);
        assert_eq!(layout.append_offset(), bytes.len() as u64);
    }

    #[test]
    fn streaming_part_matches_in_memory_part() {
        let mut c = Cursor::new(Vec::new());
        write_part_streaming(&mut c, Tag::State, |w| w.write_all(b"state bytes")).unwrap();
        assert_eq!(c.into_inner(), encode_part(Tag::State, b"state bytes"));
    }

    #[test]
    fn torn_record_at_every_length_is_a_tail() {
        let full = sample(2);
        let one = sample(1);
        for cut in one.len() + 1..full.len() {
            let layout = scan(&mut Cursor::new(&full[..cut]), Verify::LastRecord).unwrap();
            assert_eq!(layout.torn_tail, Some(one.len() as u64), "cut at {cut}");
            assert_eq!(layout.records().count(), 1);
        }
    }

    #[test]
    fn damaged_last_record_is_a_tail_but_middle_record_is_damage() {
        let mut bytes = sample(2);
        let n = bytes.len();
        bytes[n - 1] ^= 1;
        let layout = scan(&mut Cursor::new(&bytes), Verify::All).unwrap();
        assert!(layout.torn_tail.is_some());
        assert_eq!(layout.records().count(), 1);

        let mut bytes = sample(2);
        let one = sample(1).len();
        bytes[one - 1] ^= 1;
        assert!(matches!(
            scan(&mut Cursor::new(&bytes), Verify::All),
            Err(ParseError::Damaged(_))
        ));
    }

    #[test]
    fn truncation_anywhere_before_records_is_damage_never_panic() {
        let bytes = sample(0);
        for cut in 0..bytes.len() {
            let r = scan(&mut Cursor::new(&bytes[..cut]), Verify::All);
            assert!(r.is_err(), "cut at {cut} should fail");
        }
    }

    #[test]
    fn hostile_length_is_rejected_without_allocation() {
        let mut bytes = sample(0);
        let hdr = encode_header("age1example").len();
        bytes[hdr + 1..hdr + 9].copy_from_slice(&u64::MAX.to_be_bytes());
        assert!(matches!(
            scan(&mut Cursor::new(&bytes), Verify::All),
            Err(ParseError::Damaged(_))
        ));
    }

    #[test]
    fn header_checksum_and_version() {
        let mut bytes = sample(0);
        bytes[14] ^= 1; // inside the recipient
        assert!(matches!(
            scan(&mut Cursor::new(&bytes), Verify::All),
            Err(ParseError::Damaged(_))
        ));
        let mut bytes = sample(0);
        bytes[0] = b'x';
        assert!(matches!(
            scan(&mut Cursor::new(&bytes), Verify::All),
            Err(ParseError::NotAVault)
        ));
    }
}
