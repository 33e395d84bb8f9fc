//! The unlock-session agent (`confide unlock`): a small process that holds one vault's
//! identity for a while, so reads in the same sitting need neither the passphrase nor
//! a scrypt derivation.
//!
//! The agent never hands the identity out. A client that reads the vault sends it the
//! recipient stanzas of one age file's header (the state part, a record part) and gets
//! back that file's 16-byte file key; the client decrypts the payload itself. This is
//! how age plugins and ssh-agent split the work: the private key stays in one process,
//! and what a client learns opens only the files it was asked about. See
//! docs/SECURITY.md ("The unlock session") for why.
//!
//! The agent listens on a Unix socket in a private folder (`$XDG_RUNTIME_DIR/confide`,
//! or `/tmp/confide-agent-<uid>`), named after the vault's path. Every connection is
//! checked to come from the same user (`SO_PEERCRED`). It ends on the idle timeout, on
//! the cap, on `confide lock`, and when the vault's key part changes (`passwd`,
//! `delete`, `recover`, `merge`, `wipe`). It writes nothing but its socket.
//!
//! The protocol, one request per connection: a request is one byte (the operation),
//! a 4-byte big-endian length and that many bytes; the reply is one byte (the result),
//! a length and bytes. Nothing in it is a secret except the file keys in replies.

use super::open::key_part_digest;
use age::x25519;
use age_core::format::{FileKey, Stanza};
use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant, SystemTime};
use zeroize::Zeroizing;

/// The default idle timeout: the session ends this long after the last use.
pub const DEFAULT_IDLE: Duration = Duration::from_secs(10 * 60);
/// The default cap: the session ends this long after it started, used or not.
pub const DEFAULT_CAP: Duration = Duration::from_secs(60 * 60);
/// The longest cap the config file may set.
pub const MAX_CAP: Duration = Duration::from_secs(12 * 60 * 60);
/// How often the agent checks that the vault's key part is still the one it holds.
const CHECK_EVERY: Duration = Duration::from_secs(2);
/// How long one connection may take to send its request or read the reply.
const IO_TIMEOUT: Duration = Duration::from_secs(2);
/// The largest request or reply.
const MAX_FRAME: u32 = 64 * 1024;
/// The most stanzas one request may carry.
const MAX_STANZAS: u16 = 64;

const OP_STATUS: u8 = 1;
const OP_LOCK: u8 = 2;
const OP_HELLO: u8 = 3;
const OP_UNWRAP: u8 = 4;

const OK: u8 = 0;
const NONE: u8 = 1;
const CHANGED: u8 = 2;
const BAD: u8 = 3;

/// What went wrong starting, reaching or running an agent.
#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    /// The folder for the socket is not private.
    #[error(
        "the unlock session's folder `{}` is not private ({reason}); remove it and try again",
        .0.display(), reason = .1
    )]
    Folder(PathBuf, String),
    /// An agent is already running for this vault.
    #[error("an unlock session is already running for this vault")]
    Running,
    /// The vault's path or key could not be read.
    #[error("{0}")]
    Vault(String),
    /// A system call failed.
    #[error("{what} ({err})")]
    Io {
        /// What was being done.
        what: &'static str,
        /// The error.
        err: io::Error,
    },
    /// What the agent was given does not parse.
    #[error("the unlock session was started with damaged input")]
    Handoff,
}

fn io_err(what: &'static str) -> impl FnOnce(io::Error) -> AgentError {
    move |err| AgentError::Io { what, err }
}

/// What a running agent says about itself: nothing but when it will end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// When it ends unless used again (Unix seconds).
    pub idle_until: i64,
    /// When it ends whatever happens (Unix seconds).
    pub cap_until: i64,
    /// Whether its memory is locked (kept out of swap).
    pub memory_locked: bool,
}

impl Status {
    /// When it ends if not used again: the earlier of the two.
    pub fn ends(&self) -> i64 {
        self.idle_until.min(self.cap_until)
    }
}

/// The private folder the sockets live in: `$XDG_RUNTIME_DIR/confide` when that is
/// an absolute folder of this user's that others cannot write, else
/// `confide-agent-<uid>` in the temporary folder (`/tmp`). Created 0700 if missing and
/// `create` is set (only `unlock` creates it: a read never leaves a folder behind);
/// refused if it is a symlink, another user's, or open to others.
pub fn socket_dir(create: bool) -> Result<PathBuf, AgentError> {
    let uid = rustix::process::getuid();
    let runtime = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .filter(|p| {
            std::fs::symlink_metadata(p)
                .map(|m| m.is_dir() && m.uid() == uid.as_raw() && m.mode() & 0o022 == 0)
                .unwrap_or(false)
        });
    let dir = match runtime {
        Some(r) => r.join("confide"),
        None => std::env::temp_dir().join(format!("confide-agent-{}", uid.as_raw())),
    };
    if create {
        match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io_err("could not create the unlock session's folder")(e)),
        }
    }
    let m = std::fs::symlink_metadata(&dir)
        .map_err(io_err("could not read the unlock session's folder"))?;
    if !m.is_dir() {
        return Err(AgentError::Folder(dir, "it is not a folder".into()));
    }
    if m.uid() != uid.as_raw() {
        return Err(AgentError::Folder(dir, "another user owns it".into()));
    }
    if m.mode() & 0o077 != 0 {
        return Err(AgentError::Folder(
            dir,
            format!("mode {:o}, others can get in", m.mode() & 0o777),
        ));
    }
    Ok(dir)
}

use std::os::unix::fs::DirBuilderExt;

/// The socket of the agent for the vault at `vault`: named after a hash of its full
/// path, so each vault has its own and nothing about the path shows.
pub fn socket_path(vault: &Path) -> Result<PathBuf, AgentError> {
    socket_in(vault, false)
}

fn socket_in(vault: &Path, create: bool) -> Result<PathBuf, AgentError> {
    let full = std::fs::canonicalize(vault)
        .map_err(|e| AgentError::Vault(format!("could not find the vault ({e})")))?;
    let digest = Sha256::digest(full.as_os_str().as_bytes());
    let name: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    Ok(socket_dir(create)?.join(format!("agent-{name}.sock")))
}

/// What `confide unlock` hands to the agent process on its standard input (never in
/// its arguments or environment): the vault, the timeouts, the identity and the
/// digest of the key part it came from.
pub struct Handoff {
    /// The vault's path.
    pub vault: PathBuf,
    /// The idle timeout.
    pub idle: Duration,
    /// The cap.
    pub cap: Duration,
    // Boxed, so it stays at the address whose page is locked in RAM.
    identity: Box<x25519::Identity>,
    digest: [u8; 32],
}

impl Handoff {
    /// The handoff for an agent holding `identity`, opened from `key_part`.
    pub fn new(
        vault: &Path,
        idle: Duration,
        cap: Duration,
        identity: &x25519::Identity,
        key_part: &[u8],
    ) -> Result<Self, AgentError> {
        let vault = std::fs::canonicalize(vault)
            .map_err(|e| AgentError::Vault(format!("could not find the vault ({e})")))?;
        let identity = Box::new(
            x25519::Identity::from_str(identity.to_string().expose_secret())
                .map_err(|_| AgentError::Handoff)?,
        );
        Ok(Handoff {
            vault,
            idle,
            cap,
            identity,
            digest: Sha256::digest(key_part).into(),
        })
    }

    /// The bytes for the agent's standard input.
    pub fn encode(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::new());
        let path = self.vault.as_os_str().as_bytes();
        out.extend_from_slice(&(path.len() as u32).to_be_bytes());
        out.extend_from_slice(path);
        out.extend_from_slice(&self.idle.as_secs().to_be_bytes());
        out.extend_from_slice(&self.cap.as_secs().to_be_bytes());
        let id = self.identity.to_string();
        let id = id.expose_secret().as_bytes();
        out.extend_from_slice(&(id.len() as u32).to_be_bytes());
        out.extend_from_slice(id);
        out.extend_from_slice(&self.digest);
        out
    }

    /// Reads what [`Handoff::encode`] wrote (at most 64 KiB).
    pub fn decode(input: &mut dyn Read) -> Result<Self, AgentError> {
        let mut buf = Zeroizing::new(Vec::new());
        input
            .take(u64::from(MAX_FRAME))
            .read_to_end(&mut buf)
            .map_err(io_err("could not read what the unlock session was given"))?;
        let mut r = Reader(&buf);
        let path = r.bytes32().ok_or(AgentError::Handoff)?;
        let vault = PathBuf::from(std::ffi::OsStr::from_bytes(path));
        let idle = Duration::from_secs(r.u64().ok_or(AgentError::Handoff)?);
        let cap = Duration::from_secs(r.u64().ok_or(AgentError::Handoff)?);
        let id = r.bytes32().ok_or(AgentError::Handoff)?;
        let id = std::str::from_utf8(id).map_err(|_| AgentError::Handoff)?;
        let identity = Box::new(x25519::Identity::from_str(id).map_err(|_| AgentError::Handoff)?);
        let digest: [u8; 32] = r
            .take(32)
            .and_then(|d| d.try_into().ok())
            .ok_or(AgentError::Handoff)?;
        if cap > MAX_CAP || idle.is_zero() || cap.is_zero() || !vault.is_absolute() {
            return Err(AgentError::Handoff);
        }
        Ok(Handoff {
            vault,
            idle,
            cap,
            identity,
            digest,
        })
    }
}

use age::secrecy::ExposeSecret;

/// A cursor over received bytes.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_be_bytes(self.take(8)?.try_into().ok()?))
    }
    fn bytes16(&mut self) -> Option<&'a [u8]> {
        let n = self.u16()?;
        self.take(usize::from(n))
    }
    fn bytes32(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()?;
        self.take(usize::try_from(n).ok()?)
    }
}

fn put16(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len().min(usize::from(u16::MAX)) as u16).to_be_bytes());
    out.extend_from_slice(&b[..b.len().min(usize::from(u16::MAX))]);
}

fn put32(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u32).to_be_bytes());
    out.extend_from_slice(b);
}

fn write_frame(w: &mut dyn Write, kind: u8, payload: &[u8]) -> io::Result<()> {
    let mut frame = Zeroizing::new(Vec::with_capacity(5 + payload.len()));
    frame.push(kind);
    frame.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    frame.extend_from_slice(payload);
    w.write_all(&frame)?;
    w.flush()
}

fn read_frame(r: &mut dyn Read) -> io::Result<(u8, Zeroizing<Vec<u8>>)> {
    let mut head = [0u8; 5];
    r.read_exact(&mut head)?;
    let len = u32::from_be_bytes([head[1], head[2], head[3], head[4]]);
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "frame too large",
        ));
    }
    let mut payload = Zeroizing::new(vec![0u8; len as usize]);
    r.read_exact(&mut payload)?;
    Ok((head[0], payload))
}

// ---------------------------------------------------------------------------------
// The agent.

/// Makes this process a safe home for a key: not dumpable (no core file, and no
/// ptrace by the same user), and no core size.
fn harden() {
    #[cfg(target_os = "linux")]
    {
        let _ =
            rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    }
    let _ = rustix::process::setrlimit(
        rustix::process::Resource::Core,
        rustix::process::Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    );
}

/// Binds the socket at `path`: a socket left by an agent that was killed is
/// replaced; a live one means a session is running.
fn bind(path: &Path) -> Result<UnixListener, AgentError> {
    if let Ok(m) = std::fs::symlink_metadata(path) {
        if UnixStream::connect(path).is_ok() {
            return Err(AgentError::Running);
        }
        use std::os::unix::fs::FileTypeExt;
        if !m.file_type().is_socket() {
            return Err(AgentError::Folder(
                path.to_path_buf(),
                "something that is not a socket is in the way".into(),
            ));
        }
        std::fs::remove_file(path).map_err(io_err("could not remove a stale socket"))?;
    }
    let listener = UnixListener::bind(path).map_err(io_err("could not listen on the socket"))?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        .map_err(io_err("could not make the socket private"))?;
    Ok(listener)
}

/// Runs the agent for `handoff` until it ends: binds its socket, calls `ready` (the
/// process that started it is waiting), then answers requests. Returns when it
/// ends; the socket is removed and the identity wiped (when `handoff` drops).
pub fn serve(
    handoff: Handoff,
    ready: &mut dyn FnMut() -> io::Result<()>,
) -> Result<(), AgentError> {
    harden();
    // The page holding the identity stays in RAM (never swapped) where the system
    // allows it; the guard unlocks it after the identity is wiped.
    let lock = region::lock(
        &*handoff.identity as *const x25519::Identity,
        std::mem::size_of::<x25519::Identity>(),
    )
    .ok();
    let locked = lock.is_some();
    let path = socket_in(&handoff.vault, true)?;
    let listener = bind(&path)?;
    let ino = std::fs::symlink_metadata(&path).map(|m| m.ino()).ok();
    let result = ready()
        .map_err(io_err("could not tell confide the session started"))
        .map(|()| run(&handoff, &listener, locked));
    // Remove the socket only if it is still this agent's.
    if std::fs::symlink_metadata(&path).map(|m| m.ino()).ok() == ino {
        let _ = std::fs::remove_file(&path);
    }
    drop(handoff);
    drop(lock);
    result
}

/// Why a request ended the agent, or not.
enum After {
    Continue,
    Used,
    End,
}

fn run(h: &Handoff, listener: &UnixListener, locked: bool) {
    let started = Instant::now();
    let mut last_use = started;
    let mut next_check = started + CHECK_EVERY;
    let _ = listener.set_nonblocking(true);
    loop {
        let now = Instant::now();
        let end = (last_use + h.idle).min(started + h.cap);
        if now >= end {
            return;
        }
        if now >= next_check {
            if key_part_digest(&h.vault).ok() != Some(h.digest) {
                return;
            }
            next_check = now + CHECK_EVERY;
        }
        let wait = end.min(next_check).saturating_duration_since(now);
        let timeout = rustix::time::Timespec {
            tv_sec: wait.as_secs() as i64,
            tv_nsec: i64::from(wait.subsec_nanos()),
        };
        let mut fds = [rustix::event::PollFd::new(
            listener,
            rustix::event::PollFlags::IN,
        )];
        match rustix::event::poll(&mut fds, Some(&timeout)) {
            Ok(0) => continue,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return,
        }
        let stream = match listener.accept() {
            Ok((s, _)) => s,
            Err(_) => continue,
        };
        let status = || {
            let now_wall = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            let left = |t: Instant| t.saturating_duration_since(Instant::now()).as_secs() as i64;
            Status {
                idle_until: now_wall + left(last_use + h.idle),
                cap_until: now_wall + left(started + h.cap),
                memory_locked: locked,
            }
        };
        let status = status();
        match answer(h, stream, status) {
            After::Continue => {}
            After::Used => last_use = Instant::now(),
            After::End => return,
        }
    }
}

/// Whether the peer of `stream` runs as this user.
fn same_user(stream: &UnixStream) -> bool {
    #[cfg(target_os = "linux")]
    {
        rustix::net::sockopt::socket_peercred(stream)
            .map(|c| c.uid == rustix::process::getuid())
            .unwrap_or(false)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = stream;
        false
    }
}

fn answer(h: &Handoff, mut stream: UnixStream, status: Status) -> After {
    if !same_user(&stream) {
        return After::Continue;
    }
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let Ok((op, payload)) = read_frame(&mut stream) else {
        return After::Continue;
    };
    let mut reply = |kind: u8, body: &[u8]| {
        let _ = write_frame(&mut stream, kind, body);
    };
    match op {
        OP_STATUS => {
            let mut body = Vec::new();
            body.extend_from_slice(&status.idle_until.to_be_bytes());
            body.extend_from_slice(&status.cap_until.to_be_bytes());
            body.push(u8::from(status.memory_locked));
            reply(OK, &body);
            After::Continue
        }
        OP_LOCK => {
            reply(OK, &[]);
            After::End
        }
        OP_HELLO | OP_UNWRAP => {
            let mut r = Reader(&payload);
            let Some(digest) = r.take(32) else {
                reply(BAD, &[]);
                return After::Continue;
            };
            if digest != h.digest {
                reply(CHANGED, &[]);
                return After::End;
            }
            if op == OP_HELLO {
                reply(OK, h.identity.to_public().to_string().as_bytes());
                return After::Used;
            }
            let Some(stanzas) = read_stanzas(&mut r) else {
                reply(BAD, &[]);
                return After::Continue;
            };
            match age::Identity::unwrap_stanzas(&*h.identity, &stanzas) {
                Some(Ok(key)) => {
                    reply(OK, key.expose_secret());
                    After::Used
                }
                _ => {
                    reply(NONE, &[]);
                    After::Continue
                }
            }
        }
        _ => {
            reply(BAD, &[]);
            After::Continue
        }
    }
}

fn read_stanzas(r: &mut Reader<'_>) -> Option<Vec<Stanza>> {
    let n = r.u16()?;
    if n > MAX_STANZAS {
        return None;
    }
    let mut out = Vec::with_capacity(usize::from(n));
    for _ in 0..n {
        let tag = String::from_utf8(r.bytes16()?.to_vec()).ok()?;
        let nargs = r.u16()?;
        if nargs > 16 {
            return None;
        }
        let mut args = Vec::with_capacity(usize::from(nargs));
        for _ in 0..nargs {
            args.push(String::from_utf8(r.bytes16()?.to_vec()).ok()?);
        }
        let body = r.bytes32()?.to_vec();
        out.push(Stanza { tag, args, body });
    }
    Some(out)
}

fn put_stanzas(out: &mut Vec<u8>, stanzas: &[Stanza]) {
    let n = stanzas.len().min(usize::from(MAX_STANZAS));
    out.extend_from_slice(&(n as u16).to_be_bytes());
    for s in &stanzas[..n] {
        put16(out, s.tag.as_bytes());
        out.extend_from_slice(&(s.args.len().min(16) as u16).to_be_bytes());
        for a in s.args.iter().take(16) {
            put16(out, a.as_bytes());
        }
        put32(out, &s.body);
    }
}

// ---------------------------------------------------------------------------------
// Clients.

/// One request to the agent at `socket`; `None` when there is no agent there (no
/// socket, a stale one, one that is not this user's, or no answer).
fn request(socket: &Path, op: u8, payload: &[u8]) -> Option<(u8, Zeroizing<Vec<u8>>)> {
    let m = std::fs::symlink_metadata(socket).ok()?;
    if m.uid() != rustix::process::getuid().as_raw() {
        return None;
    }
    let mut stream = UnixStream::connect(socket).ok()?;
    if !same_user(&stream) {
        return None;
    }
    stream.set_read_timeout(Some(IO_TIMEOUT)).ok()?;
    stream.set_write_timeout(Some(IO_TIMEOUT)).ok()?;
    write_frame(&mut stream, op, payload).ok()?;
    read_frame(&mut stream).ok()
}

/// The socket for `vault` if there is one (nothing is created).
fn existing_socket(vault: &Path) -> Option<PathBuf> {
    socket_path(vault).ok().filter(|p| p.exists())
}

/// What the agent for `vault` says, if one is running.
pub fn status(vault: &Path) -> Option<Status> {
    let socket = existing_socket(vault)?;
    let (kind, body) = request(&socket, OP_STATUS, &[])?;
    let mut r = Reader(&body);
    (kind == OK).then_some(())?;
    Some(Status {
        idle_until: r.u64()? as i64,
        cap_until: r.u64()? as i64,
        memory_locked: r.take(1)?[0] == 1,
    })
}

/// Ends the agent for `vault`, if one is running, and waits (up to two seconds) for
/// its socket to go. True when one was running.
pub fn lock(vault: &Path) -> bool {
    existing_socket(vault).is_some_and(|s| lock_at(&s))
}

/// Ends the agent listening at `socket` (from [`socket_path`], found before the vault
/// was wiped), as [`lock`] does.
pub fn lock_at(socket: &Path) -> bool {
    if !socket.exists() {
        return false;
    }
    let ended = matches!(request(socket, OP_LOCK, &[]), Some((OK, _)));
    if ended {
        let until = Instant::now() + Duration::from_secs(2);
        while socket.exists() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    ended
}

/// Starts talking to the agent for `vault`: `Ok(None)` when there is none, and
/// [`super::Error::KeyChanged`] when it holds another key than `key_part`'s (it then
/// ends itself).
pub fn connect(vault: &Path, key_part: &[u8]) -> Result<Option<AgentKey>, super::Error> {
    let Some(socket) = existing_socket(vault) else {
        return Ok(None);
    };
    let digest: [u8; 32] = Sha256::digest(key_part).into();
    match request(&socket, OP_HELLO, &digest) {
        Some((OK, body)) => {
            let recipient = std::str::from_utf8(&body)
                .ok()
                .and_then(|s| x25519::Recipient::from_str(s).ok());
            Ok(recipient.map(|recipient| AgentKey {
                socket,
                digest,
                recipient,
            }))
        }
        Some((CHANGED, _)) => Err(super::Error::KeyChanged),
        _ => Ok(None),
    }
}

/// The vault's identity as the agent holds it: decrypting with it asks the agent for
/// each file's key.
#[derive(Clone)]
pub struct AgentKey {
    socket: PathBuf,
    digest: [u8; 32],
    recipient: x25519::Recipient,
}

impl AgentKey {
    /// The vault's public recipient.
    pub fn recipient(&self) -> &x25519::Recipient {
        &self.recipient
    }

    /// Whether the agent still holds this key (it answers, for the same key part).
    pub fn alive(&self) -> bool {
        matches!(request(&self.socket, OP_HELLO, &self.digest), Some((OK, _)))
    }
}

impl age::Identity for AgentKey {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, age::DecryptError>> {
        self.unwrap_stanzas(std::slice::from_ref(stanza))
    }

    fn unwrap_stanzas(&self, stanzas: &[Stanza]) -> Option<Result<FileKey, age::DecryptError>> {
        let mut payload = Vec::with_capacity(64);
        payload.extend_from_slice(&self.digest);
        put_stanzas(&mut payload, stanzas);
        match request(&self.socket, OP_UNWRAP, &payload) {
            Some((OK, body)) if body.len() == 16 => {
                Some(Ok(FileKey::init_with_mut(|k| k.copy_from_slice(&body))))
            }
            // No agent any more, another key, or not this file's: as age says when
            // no identity matches.
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handoff_round_trips_and_rejects_damage() {
        let id = x25519::Identity::generate();
        let h = Handoff {
            vault: PathBuf::from("/v/vault.confide"),
            idle: Duration::from_secs(600),
            cap: Duration::from_secs(3600),
            identity: Box::new(id.clone()),
            digest: [7; 32],
        };
        let bytes = h.encode();
        let back = Handoff::decode(&mut &bytes[..]).unwrap();
        assert_eq!(back.vault, h.vault);
        assert_eq!((back.idle, back.cap), (h.idle, h.cap));
        assert_eq!(back.digest, [7; 32]);
        assert_eq!(
            back.identity.to_public().to_string(),
            id.to_public().to_string()
        );
        for cut in [0, 3, 10, bytes.len() - 1] {
            assert!(Handoff::decode(&mut &bytes[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn stanzas_round_trip_and_bounds_hold() {
        let s = vec![Stanza {
            tag: "X25519".into(),
            args: vec!["abc".into()],
            body: vec![1, 2, 3],
        }];
        let mut out = Vec::new();
        put_stanzas(&mut out, &s);
        let back = read_stanzas(&mut Reader(&out)).unwrap();
        assert_eq!(back[0].tag, "X25519");
        assert_eq!(back[0].args, ["abc"]);
        assert_eq!(back[0].body, [1, 2, 3]);
        // Too many stanzas, or cut short: refused.
        assert!(read_stanzas(&mut Reader(&[0xff, 0xff])).is_none());
        assert!(read_stanzas(&mut Reader(&out[..out.len() - 1])).is_none());
    }
}
