//! Everything confide encrypts goes through the `age` crate here: the key part
//! (identity under the passphrase, age scrypt), the recovery part (identity under the
//! recovery code, age scrypt) and the state and records (to the identity's X25519
//! recipient), exports ([`seal`]: to age or SSH recipients, or a one-time passphrase)
//! and encrypted imports ([`unseal`]). Also the padded postcard encoding of what is
//! encrypted. Nothing else in confide calls the `age` crate to encrypt or decrypt.

use age::secrecy::{ExposeSecret, SecretString};
use age::{scrypt, x25519};
use serde::{Serialize, de::DeserializeOwned};
use std::io::{self, BufReader, Read, Write};
use std::str::FromStr;
use zeroize::{Zeroize, Zeroizing};

/// Plaintext is padded to a multiple of this many bytes, so sizes do not reveal
/// entry lengths.
pub const PAD_TO: usize = 256;
/// The largest scrypt work factor accepted when unlocking (as the stock age CLI).
pub const MAX_WORK_FACTOR: u8 = 22;
/// The work factor written by default (as the stock age CLI).
pub const DEFAULT_WORK_FACTOR: u8 = 18;
/// The smallest work factor `init` accepts.
pub const MIN_WORK_FACTOR: u8 = 10;

/// Failures of the cryptographic layer, mapped to vault errors by the caller (which
/// words them for the person; these texts are for logs and tests).
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    /// The passphrase (or code) did not open the scrypt part.
    #[error("the passphrase or code does not decrypt it")]
    WrongSecret,
    /// The part needs a larger work factor than we accept.
    #[error("it asks for scrypt work factor {0}, above the limit of {MAX_WORK_FACTOR}")]
    ExcessiveWork(u8),
    /// The X25519 identity does not open this part (encrypted to someone else).
    #[error("it is not encrypted to this identity")]
    NotForThisIdentity,
    /// The bytes are not a valid age file or not a valid encoding.
    #[error("{0}")]
    Malformed(String),
    /// I/O while streaming.
    #[error("could not read or write it")]
    Io(#[source] io::Error),
}

impl From<age::DecryptError> for CryptoError {
    fn from(e: age::DecryptError) -> Self {
        match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::KeyDecryptionFailed => {
                CryptoError::WrongSecret
            }
            age::DecryptError::NoMatchingKeys => CryptoError::NotForThisIdentity,
            age::DecryptError::ExcessiveWork { required, .. } => {
                CryptoError::ExcessiveWork(required)
            }
            age::DecryptError::Io(e) => CryptoError::Io(e),
            other => CryptoError::Malformed(other.to_string()),
        }
    }
}

/// The decrypted contents of the key part.
pub struct KeyMaterial {
    /// The vault identity: its own, or the unlock session's.
    pub identity: VaultIdentity,
    /// The recovery code, kept so a passphrase change can re-wrap the identity for it.
    pub recovery_code: SecretString,
}

/// The vault's identity: decrypted from the key part (or the recovery part), or held
/// by an unlock session's agent, which unwraps each file's key for this process.
pub enum VaultIdentity {
    /// The identity itself.
    Own(x25519::Identity),
    /// The agent's (`confide unlock`).
    Agent(super::agent::AgentKey),
}

impl VaultIdentity {
    /// The vault's public recipient.
    pub fn to_public(&self) -> x25519::Recipient {
        match self {
            VaultIdentity::Own(i) => i.to_public(),
            VaultIdentity::Agent(a) => a.recipient().clone(),
        }
    }

    /// The identity itself, when this process has it (not through an agent).
    pub fn own(&self) -> Option<&x25519::Identity> {
        match self {
            VaultIdentity::Own(i) => Some(i),
            VaultIdentity::Agent(_) => None,
        }
    }
}

impl age::Identity for VaultIdentity {
    fn unwrap_stanza(
        &self,
        stanza: &age_core::format::Stanza,
    ) -> Option<Result<age_core::format::FileKey, age::DecryptError>> {
        match self {
            VaultIdentity::Own(i) => i.unwrap_stanza(stanza),
            VaultIdentity::Agent(a) => a.unwrap_stanza(stanza),
        }
    }

    fn unwrap_stanzas(
        &self,
        stanzas: &[age_core::format::Stanza],
    ) -> Option<Result<age_core::format::FileKey, age::DecryptError>> {
        match self {
            VaultIdentity::Own(i) => i.unwrap_stanzas(stanzas),
            VaultIdentity::Agent(a) => a.unwrap_stanzas(stanzas),
        }
    }
}

/// Encrypts `plaintext` with a passphrase (age scrypt) at `work_factor`.
pub fn encrypt_with_passphrase(
    passphrase: &SecretString,
    work_factor: u8,
    plaintext: &[u8],
) -> Vec<u8> {
    let mut recipient = scrypt::Recipient::new(passphrase.clone());
    recipient.set_work_factor(work_factor);
    age::encrypt(&recipient, plaintext).expect("encrypting to one scrypt recipient cannot fail")
}

/// Decrypts a passphrase-protected age file: exactly one scrypt derivation.
pub fn decrypt_with_passphrase(
    passphrase: &SecretString,
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let mut identity = scrypt::Identity::new(passphrase.clone());
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let decryptor = age::Decryptor::new_buffered(ciphertext)?;
    let mut reader = decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity))?;
    let mut out = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
    reader.read_to_end(&mut out).map_err(CryptoError::Io)?;
    Ok(out)
}

/// The work factor of a passphrase-protected age file, read from its header.
pub fn scrypt_work_factor(ciphertext: &[u8]) -> Option<u8> {
    let head = &ciphertext[..ciphertext.len().min(512)];
    let text = String::from_utf8_lossy(head);
    text.lines()
        .find_map(|l| l.strip_prefix("-> scrypt "))
        .and_then(|rest| rest.split(' ').nth(1))
        .and_then(|n| n.trim().parse().ok())
}

/// The key part's plaintext: an age identity file (so `age -d -i` accepts it as is)
/// whose comment carries the recovery code.
pub fn key_part_plaintext(
    identity: &x25519::Identity,
    recovery_code: &SecretString,
) -> Zeroizing<Vec<u8>> {
    let text = format!(
        "# confide vault identity\n# recovery code: {}\n{}\n",
        recovery_code.expose_secret(),
        identity.to_string().expose_secret()
    );
    Zeroizing::new(text.into_bytes())
}

/// The recovery part's plaintext: the identity alone, as an age identity file.
pub fn recovery_part_plaintext(identity: &x25519::Identity) -> Zeroizing<Vec<u8>> {
    let text = format!(
        "# confide vault identity\n{}\n",
        identity.to_string().expose_secret()
    );
    Zeroizing::new(text.into_bytes())
}

/// Reads the identity (and, in the key part, the recovery code) back.
pub fn parse_identity_file(
    plaintext: &[u8],
) -> Result<(x25519::Identity, Option<SecretString>), CryptoError> {
    let text = std::str::from_utf8(plaintext)
        .map_err(|_| CryptoError::Malformed("the identity is not text".into()))?;
    let mut identity = None;
    let mut code = None;
    for line in text.lines() {
        if let Some(c) = line.strip_prefix("# recovery code: ") {
            code = Some(SecretString::from(c.trim().to_string()));
        } else if line.starts_with("AGE-SECRET-KEY-") {
            identity = Some(
                x25519::Identity::from_str(line.trim())
                    .map_err(|_| CryptoError::Malformed("the identity does not parse".into()))?,
            );
        }
    }
    let identity = identity.ok_or_else(|| CryptoError::Malformed("no identity found".into()))?;
    Ok((identity, code))
}

/// Encrypts to the vault recipient, streaming into `out`.
pub fn encrypt_to<W: Write>(
    recipient: &x25519::Recipient,
    plaintext: &[u8],
    out: W,
) -> io::Result<W> {
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient))
            .expect("one X25519 recipient is always valid");
    let mut w = encryptor.wrap_output(out)?;
    w.write_all(plaintext)?;
    w.finish()
}

/// Decrypts an age file encrypted to the vault identity, streaming from `input`.
/// `size_hint` (the ciphertext length) sizes the buffer once, so no stray copies of
/// plaintext are left behind by reallocation.
pub fn decrypt_from<R: Read>(
    identity: &dyn age::Identity,
    input: R,
    size_hint: usize,
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let decryptor = age::Decryptor::new_buffered(BufReader::with_capacity(64 * 1024, input))?;
    let mut reader = decryptor.decrypt(std::iter::once(identity))?;
    let mut out = Zeroizing::new(Vec::with_capacity(size_hint));
    reader.read_to_end(&mut out).map_err(CryptoError::Io)?;
    Ok(out)
}

/// The largest single string or byte field the streaming decoder can hold while it
/// decodes (entry texts are capped at 1 MiB when written). A larger field makes
/// [`decrypt_decode`] fail with [`CryptoError::Malformed`]; callers then fall back to
/// [`decrypt_from`] and [`decode_padded`].
pub const STREAM_FIELD_MAX: usize = 1024 * 1024 + 4096;

/// Decrypts and decodes what [`encode_padded`] wrote in one pass, without holding the
/// whole plaintext: the bytes go from age's chunk buffer through a few 64 KiB zeroized
/// buffers (filled on a second thread) into the decoded value. Reads to the end so the
/// last chunk is authenticated.
pub fn decrypt_decode<S, V, R: Read + Send>(
    identity: &dyn age::Identity,
    input: R,
    seed: S,
) -> Result<V, CryptoError>
where
    S: for<'de> serde::de::DeserializeSeed<'de, Value = V>,
{
    let decryptor = age::Decryptor::new_buffered(BufReader::with_capacity(64 * 1024, input))?;
    let stream = decryptor.decrypt(std::iter::once(identity))?;
    // Decryption runs on a second thread, a few 64 KiB buffers ahead of the decoder,
    // so the two overlap (on a vault of 50,000 entries, about a tenth of the time).
    // Buffers go back and forth, and are wiped when dropped.
    std::thread::scope(|scope| {
        let (full_tx, full_rx) = std::sync::mpsc::sync_channel(2);
        let (empty_tx, empty_rx) = std::sync::mpsc::channel();
        scope.spawn(move || decrypt_ahead(stream, full_tx, empty_rx));
        let reader = PlaintextPipe {
            full: full_rx,
            empty: empty_tx,
            cur: Zeroizing::new(Vec::new()),
            end: 0,
            pos: 0,
            limit: 0,
            watched: 0..0,
            reached: 0,
        };
        decode_from(reader, seed)
    })
}

/// Size of the buffers passed from the decrypting thread to the decoder.
const PIPE_BUF: usize = 64 * 1024;

/// The decrypting side: fills buffers from age's stream and sends them on, until the
/// end (the last chunk authenticated), an error (sent on), or the decoder hangs up.
fn decrypt_ahead<R: Read>(
    mut stream: R,
    full: std::sync::mpsc::SyncSender<io::Result<(Zeroizing<Vec<u8>>, usize)>>,
    empty: std::sync::mpsc::Receiver<Zeroizing<Vec<u8>>>,
) {
    loop {
        // Buffers stay PIPE_BUF long, each sent with how much of it was filled: one
        // that comes back is overwritten as it is, not cleared first.
        let mut buf = empty
            .try_recv()
            .unwrap_or_else(|_| Zeroizing::new(vec![0u8; PIPE_BUF]));
        if buf.len() != PIPE_BUF {
            // The decoder's first, empty buffer.
            buf.resize(PIPE_BUF, 0);
        }
        let mut filled = 0;
        let outcome = loop {
            if filled == PIPE_BUF {
                break Ok(());
            }
            match stream.read(&mut buf[filled..]) {
                Ok(0) => break Ok(()),
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => break Err(e),
            }
        };
        let at_end = filled < PIPE_BUF;
        if filled > 0 && full.send(Ok((buf, filled))).is_err() {
            return;
        }
        match outcome {
            Err(e) => {
                let _ = full.send(Err(e));
                return;
            }
            Ok(()) if at_end => return,
            Ok(()) => {}
        }
    }
}

/// The decoding side of [`decrypt_decode`].
fn decode_from<S, V>(mut reader: PlaintextPipe, seed: S) -> Result<V, CryptoError>
where
    S: for<'de> serde::de::DeserializeSeed<'de, Value = V>,
{
    reader.limit = 4;
    let mut len = [0u8; 4];
    reader
        .read_exact(&mut len)
        .map_err(|_| CryptoError::Malformed("the decrypted data is too short".into()))?;
    reader.limit = u64::from(u32::from_le_bytes(len));
    // The decoder's field buffer. Fresh from the allocator its pages are not yet in
    // memory, and most fields are short, so only its first pages are ever written:
    // the pipe notes how far into it the plaintext went, and only that much is wiped
    // (wiping all of it would bring every page in, a MiB for nothing).
    let mut scratch = vec![0u8; STREAM_FIELD_MAX];
    let start = scratch.as_ptr() as usize;
    reader.watched = start..start + scratch.len();
    let value = {
        let mut decoder = postcard::Deserializer::from_flavor(PipeFlavor {
            pipe: &mut reader,
            scratch: &mut scratch[..],
        });
        seed.deserialize(&mut decoder)
            .map_err(|e| CryptoError::Malformed(format!("cannot decode: {e}")))
    };
    let written = reader.reached.saturating_sub(start).min(scratch.len());
    scratch[..written].zeroize();
    let value = value?;
    if reader.limit != 0 {
        return Err(CryptoError::Malformed(
            "the decrypted data's length is wrong".into(),
        ));
    }
    // The padding: read (and authenticate) the rest, at most one padding block.
    reader.limit = u64::MAX;
    let mut rest = reader;
    let mut pad = Zeroizing::new([0u8; PAD_TO]);
    let mut seen = 0usize;
    loop {
        let n = rest.read(&mut pad[..]).map_err(CryptoError::Io)?;
        if n == 0 {
            break;
        }
        seen += n;
        if seen >= PAD_TO {
            return Err(CryptoError::Malformed(
                "the decrypted data's length is wrong".into(),
            ));
        }
    }
    Ok(value)
}

/// The decoder's source (a postcard flavor) over the plaintext pipe: single bytes and
/// fields that lie within the current buffer are read in place, without a copy;
/// only a field that spans two buffers, or one borrowed for the whole decode, is
/// copied into `scratch` (which is what limits a field's size).
struct PipeFlavor<'de> {
    pipe: &'de mut PlaintextPipe,
    /// What is left of the field buffer (fields borrowed for the whole decode are
    /// split off its front).
    scratch: &'de mut [u8],
}

impl PipeFlavor<'_> {
    /// `ct` bytes into the front of `buf`.
    fn fill(pipe: &mut PlaintextPipe, buf: &mut [u8], ct: usize) -> postcard::Result<()> {
        let dest = buf
            .get_mut(..ct)
            .ok_or(postcard::Error::DeserializeUnexpectedEnd)?;
        pipe.read_exact(dest)
            .map_err(|_| postcard::Error::DeserializeUnexpectedEnd)
    }
}

impl<'de> postcard::de_flavors::Flavor<'de> for PipeFlavor<'de> {
    type Remainder = ();
    type Source = ();

    #[inline]
    fn pop(&mut self) -> postcard::Result<u8> {
        let p = &mut *self.pipe;
        if p.pos < p.end && p.limit > 0 {
            let b = p.cur[p.pos];
            p.pos += 1;
            p.limit -= 1;
            return Ok(b);
        }
        let mut b = [0u8; 1];
        p.read_exact(&mut b)
            .map_err(|_| postcard::Error::DeserializeUnexpectedEnd)?;
        Ok(b[0])
    }

    fn try_take_n(&mut self, ct: usize) -> postcard::Result<&'de [u8]> {
        if ct > self.scratch.len() {
            return Err(postcard::Error::DeserializeUnexpectedEnd);
        }
        let (head, tail) = std::mem::take(&mut self.scratch).split_at_mut(ct);
        self.scratch = tail;
        Self::fill(self.pipe, head, ct)?;
        Ok(head)
    }

    #[inline]
    fn try_take_n_temp<'a>(&'a mut self, ct: usize) -> postcard::Result<&'a [u8]>
    where
        'de: 'a,
    {
        let p = &mut *self.pipe;
        if p.end - p.pos >= ct && p.limit >= ct as u64 {
            let at = p.pos;
            p.pos += ct;
            p.limit -= ct as u64;
            return Ok(&self.pipe.cur[at..at + ct]);
        }
        Self::fill(self.pipe, self.scratch, ct)?;
        Ok(&self.scratch[..ct])
    }

    fn finalize(self) -> postcard::Result<()> {
        Ok(())
    }
}

/// The decoder's reader: plaintext arrives in buffers from the decrypting thread and
/// is read out of them in place; a used buffer goes back to be filled again. Buffers
/// are zeroized when dropped (std's `BufReader` would not wipe its buffer). Small
/// reads, such as the decoder's one-byte reads of each varint, are served from the
/// current buffer. It stops after `limit` bytes.
struct PlaintextPipe {
    full: std::sync::mpsc::Receiver<io::Result<(Zeroizing<Vec<u8>>, usize)>>,
    empty: std::sync::mpsc::Sender<Zeroizing<Vec<u8>>>,
    cur: Zeroizing<Vec<u8>>,
    /// How much of `cur` holds plaintext.
    end: usize,
    pos: usize,
    limit: u64,
    /// The addresses of the decoder's field buffer.
    watched: std::ops::Range<usize>,
    /// The furthest address in `watched` that plaintext was copied up to.
    reached: usize,
}

impl PlaintextPipe {
    /// The next buffer; `false` at the end of the stream.
    fn refill(&mut self) -> io::Result<bool> {
        match self.full.recv() {
            Ok(Ok((next, filled))) => {
                let used = std::mem::replace(&mut self.cur, next);
                let _ = self.empty.send(used);
                self.end = filled;
                self.pos = 0;
                Ok(true)
            }
            Ok(Err(e)) => Err(e),
            Err(_) => Ok(false),
        }
    }
}

impl PlaintextPipe {
    /// Notes how far into the watched buffer plaintext now reaches.
    #[inline]
    fn note(&mut self, written: &[u8]) {
        let at = written.as_ptr() as usize;
        if self.watched.contains(&at) {
            self.reached = self.reached.max(at + written.len());
        }
    }
}

impl Read for PlaintextPipe {
    #[inline]
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let want = usize::try_from(self.limit)
            .unwrap_or(usize::MAX)
            .min(out.len());
        if want == 0 {
            return Ok(0);
        }
        while self.pos == self.end {
            if !self.refill()? {
                return Ok(0);
            }
        }
        let n = want.min(self.end - self.pos);
        out[..n].copy_from_slice(&self.cur[self.pos..self.pos + n]);
        self.note(&out[..n]);
        self.pos += n;
        self.limit -= n as u64;
        Ok(n)
    }

    #[inline]
    fn read_exact(&mut self, out: &mut [u8]) -> io::Result<()> {
        if self.end - self.pos >= out.len() && self.limit >= out.len() as u64 {
            out.copy_from_slice(&self.cur[self.pos..self.pos + out.len()]);
            self.note(out);
            self.pos += out.len();
            self.limit -= out.len() as u64;
            return Ok(());
        }
        let mut out = out;
        while !out.is_empty() {
            match self.read(out) {
                Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                Ok(n) => out = &mut out[n..],
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// Counts bytes without storing them (to size the encoding buffer exactly).
struct Counter(usize);

impl Extend<u8> for Counter {
    fn extend<T: IntoIterator<Item = u8>>(&mut self, iter: T) {
        self.0 += iter.into_iter().count();
    }
}

impl<'a> Extend<&'a u8> for Counter {
    fn extend<T: IntoIterator<Item = &'a u8>>(&mut self, iter: T) {
        self.0 += iter.into_iter().count();
    }
}

/// Encodes `value` with postcard and pads it: `u32 LE length | bytes | zeros` up to a
/// multiple of [`PAD_TO`]. The buffer is allocated once at its final size.
pub fn encode_padded<T: Serialize>(value: &T) -> io::Result<Zeroizing<Vec<u8>>> {
    let len = postcard::to_extend(value, Counter(0))
        .expect("in-memory encoding cannot fail")
        .0;
    let Ok(len32) = u32::try_from(len) else {
        return Err(io::Error::other(
            "the vault would hold more than 4 GiB of entries, more than confide can store",
        ));
    };
    let total = (4 + len).div_ceil(PAD_TO) * PAD_TO;
    let mut buf = Zeroizing::new(Vec::with_capacity(total));
    buf.extend_from_slice(&len32.to_le_bytes());
    // Move the vector (not its bytes) through postcard and back into the wrapper.
    let inner = std::mem::take(&mut *buf);
    *buf = postcard::to_extend(value, inner).expect("in-memory encoding cannot fail");
    buf.resize(total, 0);
    Ok(buf)
}

/// Decodes what [`encode_padded`] wrote.
pub fn decode_padded<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CryptoError> {
    if bytes.len() < 4 {
        return Err(CryptoError::Malformed(
            "the decrypted data is too short".into(),
        ));
    }
    let len = u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes")) as usize;
    let body = bytes
        .get(4..4 + len)
        .ok_or_else(|| CryptoError::Malformed("the decrypted data's length is wrong".into()))?;
    postcard::from_bytes(body).map_err(|e| CryptoError::Malformed(format!("cannot decode: {e}")))
}

// ---------------------------------------------------------------------------------
// Exports and imports: standard age files, to recipients or under a passphrase.

/// Who can open an export.
pub enum Seal {
    /// age X25519 or SSH recipients (see [`parse_recipient`]).
    Recipients(Vec<Box<dyn age::Recipient + Send>>),
    /// A one-time passphrase, with the scrypt work factor to use.
    Passphrase {
        /// The passphrase.
        passphrase: SecretString,
        /// The scrypt work factor.
        work_factor: u8,
    },
}

/// Why a recipient cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RecipientError {
    /// It starts like an age recipient but is not one (age's reason).
    #[error("not a valid age recipient ({0})")]
    Age(String),
    /// It starts like an SSH public key that age cannot use.
    #[error("not an SSH public key age can use (ssh-ed25519 or ssh-rsa)")]
    Ssh,
    /// Neither.
    #[error("not a recipient")]
    Unknown,
}

/// One recipient: an age X25519 recipient (`age1...`) or an SSH public key.
pub fn parse_recipient(s: &str) -> Result<Box<dyn age::Recipient + Send>, RecipientError> {
    let s = s.trim();
    if s.starts_with("age1") {
        return x25519::Recipient::from_str(s)
            .map(|r| Box::new(r) as Box<dyn age::Recipient + Send>)
            .map_err(|e| RecipientError::Age(e.to_string()));
    }
    if s.starts_with("ssh-") {
        return age::ssh::Recipient::from_str(s)
            .map(|r| Box::new(r) as Box<dyn age::Recipient + Send>)
            .map_err(|_| RecipientError::Ssh);
    }
    Err(RecipientError::Unknown)
}

/// Why sealing failed.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// age refused this set of recipients (for example, mixed kinds it cannot
    /// combine).
    #[error("could not encrypt to these recipients ({0})")]
    Recipients(String),
    /// Writing the ciphertext failed.
    #[error("could not encrypt")]
    Io(#[source] io::Error),
}

/// Encrypts `plain` as one standard age file (ASCII-armored with `armor`).
pub fn seal(plain: &[u8], to: &Seal, armor: bool) -> Result<Vec<u8>, SealError> {
    let encryptor = match to {
        Seal::Passphrase {
            passphrase,
            work_factor,
        } => {
            let mut r = scrypt::Recipient::new(passphrase.clone());
            r.set_work_factor(*work_factor);
            age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient))
                .map_err(|e| SealError::Recipients(e.to_string()))?
        }
        Seal::Recipients(list) => {
            age::Encryptor::with_recipients(list.iter().map(|r| r.as_ref() as &dyn age::Recipient))
                .map_err(|e| SealError::Recipients(e.to_string()))?
        }
    };
    let format = if armor {
        age::armor::Format::AsciiArmor
    } else {
        age::armor::Format::Binary
    };
    let out = age::armor::ArmoredWriter::wrap_output(Vec::new(), format).map_err(SealError::Io)?;
    let mut w = encryptor.wrap_output(out).map_err(SealError::Io)?;
    w.write_all(plain).map_err(SealError::Io)?;
    w.finish()
        .and_then(|armored| armored.finish())
        .map_err(SealError::Io)
}

/// How an age file was encrypted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SealedWith {
    /// A passphrase (age scrypt).
    Passphrase,
    /// One or more keys.
    Keys,
}

/// What opens an age file.
pub enum Unseal<'a> {
    /// A passphrase, for a file made with one.
    Passphrase(&'a SecretString),
    /// Identities (see [`parse_identities`]), for a file encrypted to keys.
    Identities(&'a [Box<dyn age::Identity>]),
}

/// Why an age file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum UnsealError {
    /// The header cannot be read (age's reason).
    #[error("cannot be read ({0})")]
    NotAge(String),
    /// The passphrase or identities do not open it.
    #[error("the key does not open it")]
    WrongKey,
    /// It asks for more scrypt work than [`MAX_WORK_FACTOR`].
    #[error("it needs scrypt work factor {0}")]
    ExcessiveWork(u8),
    /// Any other refusal from age.
    #[error("cannot decrypt ({0})")]
    Other(String),
    /// The ciphertext stops or breaks before its end.
    #[error("it does not decrypt to the end ({0})")]
    Damaged(io::Error),
    /// It decrypts to more than the limit.
    #[error("it decrypts to more than the limit")]
    TooLarge,
}

fn decryptor(raw: &[u8]) -> Result<age::Decryptor<impl std::io::BufRead + '_>, UnsealError> {
    let start = raw
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(raw.len());
    let reader = age::armor::ArmoredReader::new(BufReader::new(&raw[start..]));
    age::Decryptor::new_buffered(reader).map_err(|e| UnsealError::NotAge(e.to_string()))
}

/// Whether an age file (binary or armored) was made with a passphrase or to keys.
pub fn sealed_with(raw: &[u8]) -> Result<SealedWith, UnsealError> {
    Ok(if decryptor(raw)?.is_scrypt() {
        SealedWith::Passphrase
    } else {
        SealedWith::Keys
    })
}

/// Decrypts an age file (binary or armored), reading at most `limit` bytes of
/// plaintext. A passphrase file is refused above [`MAX_WORK_FACTOR`].
pub fn unseal(raw: &[u8], with: Unseal<'_>, limit: u64) -> Result<Zeroizing<Vec<u8>>, UnsealError> {
    let decryptor = decryptor(raw)?;
    let failed = |e: age::DecryptError| match e {
        age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
            UnsealError::WrongKey
        }
        age::DecryptError::ExcessiveWork { required, .. } => UnsealError::ExcessiveWork(required),
        other => UnsealError::Other(other.to_string()),
    };
    let mut stream = match with {
        Unseal::Passphrase(pass) => {
            let mut id = scrypt::Identity::new(pass.clone());
            id.set_max_work_factor(MAX_WORK_FACTOR);
            decryptor
                .decrypt(std::iter::once(&id as &dyn age::Identity))
                .map_err(failed)?
        }
        Unseal::Identities(ids) => decryptor
            .decrypt(ids.iter().map(|i| i.as_ref() as &dyn age::Identity))
            .map_err(failed)?,
    };
    let mut out = Zeroizing::new(Vec::with_capacity(raw.len()));
    (&mut stream)
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(UnsealError::Damaged)?;
    if out.len() as u64 > limit {
        return Err(UnsealError::TooLarge);
    }
    Ok(out)
}

/// Why identities could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    /// Neither an age identity file nor an SSH private key.
    #[error("not an age identity file or an SSH private key")]
    NotIdentity,
    /// An SSH key protected by a passphrase.
    #[error("an SSH key protected by a passphrase")]
    SshEncrypted,
    /// An SSH key type age does not support.
    #[error("an SSH key age cannot use (only ssh-ed25519 and ssh-rsa)")]
    SshUnsupported,
}

/// The identities in an age identity file, or an unencrypted SSH private key
/// (`name` is only used by age to label the key).
pub fn parse_identities(
    bytes: &[u8],
    name: &str,
) -> Result<Vec<Box<dyn age::Identity>>, IdentityError> {
    if bytes.windows(11).any(|w| w == b"PRIVATE KEY") {
        let id = age::ssh::Identity::from_buffer(bytes, Some(name.to_string()))
            .map_err(|_| IdentityError::NotIdentity)?;
        return match id {
            age::ssh::Identity::Unencrypted(_) => Ok(vec![Box::new(id)]),
            age::ssh::Identity::Encrypted(_) => Err(IdentityError::SshEncrypted),
            age::ssh::Identity::Unsupported(_) => Err(IdentityError::SshUnsupported),
        };
    }
    let file = age::IdentityFile::from_buffer(bytes).map_err(|_| IdentityError::NotIdentity)?;
    let ids = file
        .into_identities()
        .map_err(|_| IdentityError::NotIdentity)?;
    if ids.is_empty() {
        return Err(IdentityError::NotIdentity);
    }
    Ok(ids
        .into_iter()
        .map(|i| i as Box<dyn age::Identity>)
        .collect())
}

#[cfg(test)]
mod tests {

    #[test]
    fn exports_seal_and_unseal_as_standard_age_files() {
        let pass = SecretString::from("one time words".to_string());
        let sealed = seal(
            b"the report",
            &Seal::Passphrase {
                passphrase: pass.clone(),
                work_factor: 10,
            },
            true,
        )
        .unwrap();
        assert!(sealed.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----"));
        assert_eq!(sealed_with(&sealed).unwrap(), SealedWith::Passphrase);
        let open = unseal(&sealed, Unseal::Passphrase(&pass), 1024).unwrap();
        assert_eq!(&open[..], b"the report");
        let wrong = SecretString::from("other words".to_string());
        assert!(matches!(
            unseal(&sealed, Unseal::Passphrase(&wrong), 1024),
            Err(UnsealError::WrongKey)
        ));
        assert!(matches!(
            unseal(&sealed, Unseal::Passphrase(&pass), 4),
            Err(UnsealError::TooLarge)
        ));

        let key = x25519::Identity::generate();
        let to = parse_recipient(&key.to_public().to_string()).unwrap();
        let sealed = seal(b"for the therapist", &Seal::Recipients(vec![to]), false).unwrap();
        assert_eq!(sealed_with(&sealed).unwrap(), SealedWith::Keys);
        let ids = parse_identities(key.to_string().expose_secret().as_bytes(), "key").unwrap();
        let open = unseal(&sealed, Unseal::Identities(&ids), 1024).unwrap();
        assert_eq!(&open[..], b"for the therapist");
        assert!(matches!(
            parse_recipient("age1nope"),
            Err(RecipientError::Age(_))
        ));
        assert!(matches!(
            parse_recipient("ssh-nope AAAA"),
            Err(RecipientError::Ssh)
        ));
        assert!(matches!(
            parse_recipient("hello"),
            Err(RecipientError::Unknown)
        ));
        assert!(matches!(
            parse_identities(b"not a key", "x"),
            Err(IdentityError::NotIdentity)
        ));
        assert!(matches!(
            sealed_with(b"plain text"),
            Err(UnsealError::NotAge(_))
        ));
    }

    use super::*;

    #[test]
    fn padding_hides_length() {
        let a = encode_padded(&"short".to_string()).unwrap();
        let b = encode_padded(&"a somewhat longer piece of text".to_string()).unwrap();
        assert_eq!(a.len(), PAD_TO);
        assert_eq!(b.len(), PAD_TO);
        let back: String = decode_padded(&b).unwrap();
        assert_eq!(back, "a somewhat longer piece of text");
        assert!(decode_padded::<String>(&b[..3]).is_err());
        let mut bad = b.to_vec();
        bad[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode_padded::<String>(&bad).is_err());
    }

    #[test]
    fn passphrase_round_trip_and_work_factor() {
        let pass = SecretString::from("correct horse battery staple".to_string());
        let ct = encrypt_with_passphrase(&pass, 10, b"hello");
        assert_eq!(scrypt_work_factor(&ct), Some(10));
        assert_eq!(&decrypt_with_passphrase(&pass, &ct).unwrap()[..], b"hello");
        let wrong = SecretString::from("nope".to_string());
        assert!(matches!(
            decrypt_with_passphrase(&wrong, &ct),
            Err(CryptoError::WrongSecret)
        ));
    }

    #[test]
    fn identity_file_round_trip() {
        let identity = x25519::Identity::generate();
        let code = SecretString::from("ABCDE-FGHJK".to_string());
        let text = key_part_plaintext(&identity, &code);
        let (id, code) = parse_identity_file(&text).unwrap();
        assert_eq!(id.to_public().to_string(), identity.to_public().to_string());
        assert_eq!(code.unwrap().expose_secret(), "ABCDE-FGHJK");
    }

    #[test]
    fn x25519_stream_round_trip() {
        let id = x25519::Identity::generate();
        let ct = encrypt_to(&id.to_public(), b"state", Vec::new()).unwrap();
        let pt = decrypt_from(&id, &ct[..], ct.len()).unwrap();
        assert_eq!(&pt[..], b"state");
        let other = x25519::Identity::generate();
        assert!(matches!(
            decrypt_from(&other, &ct[..], 0),
            Err(CryptoError::NotForThisIdentity)
        ));
    }
}
