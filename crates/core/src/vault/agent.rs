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

/// The folders an unlock session's socket may be in, in the order `unlock` tries them:
/// `$XDG_RUNTIME_DIR/confide` when that is an absolute folder of this user's that
/// others cannot write; `/run/user/<uid>/confide` (the usual runtime folder, for a
/// shell or a screen-lock hook that lacks the variable); `/tmp/confide-agent-<uid>`;
/// and `~/.cache/confide/agent`, for when another user has taken the name in `/tmp`.
/// Clients look in all of them, so `lock` finds a session wherever `unlock` put it.
fn candidate_dirs() -> Vec<PathBuf> {
    let uid = rustix::process::getuid().as_raw();
    let own_runtime = |p: &Path| {
        p.is_absolute()
            && std::fs::symlink_metadata(p)
                .map(|m| m.is_dir() && m.uid() == uid && m.mode() & 0o022 == 0)
                .unwrap_or(false)
    };
    let mut out: Vec<PathBuf> = Vec::new();
    let mut push = |p: PathBuf| {
        if !out.contains(&p) {
            out.push(p);
        }
    };
    if let Some(r) = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from)
        && own_runtime(&r)
    {
        push(r.join("confide"));
    }
    let run_user = PathBuf::from(format!("/run/user/{uid}"));
    if own_runtime(&run_user) {
        push(run_user.join("confide"));
    }
    push(PathBuf::from(format!("/tmp/confide-agent-{uid}")));
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && home.is_absolute()
    {
        push(home.join(".cache").join("confide").join("agent"));
    }
    out
}

/// Checks that `dir` is a private folder of this user's: a real folder (not a
/// symbolic link), owned by this user, closed to everyone else.
fn check_private(dir: &Path) -> Result<(), AgentError> {
    let m = std::fs::symlink_metadata(dir)
        .map_err(io_err("could not read the unlock session's folder"))?;
    if !m.is_dir() {
        return Err(AgentError::Folder(
            dir.to_path_buf(),
            "it is not a folder".into(),
        ));
    }
    if m.uid() != rustix::process::getuid().as_raw() {
        return Err(AgentError::Folder(
            dir.to_path_buf(),
            "another user owns it".into(),
        ));
    }
    if m.mode() & 0o077 != 0 {
        return Err(AgentError::Folder(
            dir.to_path_buf(),
            format!("mode {:o}, others can get in", m.mode() & 0o777),
        ));
    }
    Ok(())
}

/// The folder `unlock` puts its socket in: the first candidate that is (or can be
/// made, 0700) a private folder of this user's. One taken by someone else is passed
/// over; when none is usable, the first one's problem is the error.
fn socket_dir_for_new() -> Result<PathBuf, AgentError> {
    let mut first_err = None;
    for dir in candidate_dirs() {
        if let Some(parent) = dir.parent()
            && dir.ends_with("agent")
        {
            // ~/.cache/confide: made as the rest of confide's folders are.
            let _ = std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent);
        }
        let made = match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(io_err("could not create the unlock session's folder")(e)),
        };
        match made.and_then(|()| check_private(&dir)) {
            Ok(()) => return Ok(dir),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    Err(first_err.unwrap_or(AgentError::Handoff))
}

use std::os::unix::fs::DirBuilderExt;

/// The socket's file name for the vault at `vault`: named after a hash of its full
/// path, so each vault has its own and nothing about the path shows.
fn socket_name(vault: &Path) -> Result<String, AgentError> {
    let full = std::fs::canonicalize(vault)
        .map_err(|e| AgentError::Vault(format!("could not find the vault ({e})")))?;
    let digest = Sha256::digest(full.as_os_str().as_bytes());
    let name: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("agent-{name}.sock"))
}

/// The sockets that exist for `vault`, in every private candidate folder (nothing is
/// created). Usually one; `lock` ends them all.
pub fn sockets_for(vault: &Path) -> Vec<PathBuf> {
    let Ok(name) = socket_name(vault) else {
        return Vec::new();
    };
    candidate_dirs()
        .into_iter()
        .filter(|d| d.exists() && check_private(d).is_ok())
        .map(|d| d.join(&name))
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .collect()
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
        let identity = Box::new(identity.clone());
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
        // Reserved once, so no copy of the identity is left behind by a reallocation.
        let mut out = Zeroizing::new(Vec::with_capacity(self.vault.as_os_str().len() + 256));
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

    /// Reads what [`Handoff::encode`] wrote (at most 64 KiB), into one buffer reserved
    /// up front and wiped afterwards. `input` should be unbuffered (the agent reads a
    /// fresh descriptor of its standard input, not `std::io::stdin()`, whose buffer is
    /// never wiped).
    pub fn decode(input: &mut dyn Read) -> Result<Self, AgentError> {
        let mut buf = Zeroizing::new(Vec::with_capacity(MAX_FRAME as usize + 1));
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
        if cap > MAX_CAP || idle > cap || idle.is_zero() || !vault.is_absolute() {
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

/// Reads one frame from `stream`, all of it before `deadline`: a peer that trickles
/// bytes cannot hold the other side longer than that.
fn read_frame(stream: &mut UnixStream, deadline: Instant) -> io::Result<(u8, Zeroizing<Vec<u8>>)> {
    let mut head = [0u8; 5];
    read_exact_by(stream, &mut head, deadline)?;
    let len = u32::from_be_bytes([head[1], head[2], head[3], head[4]]);
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "frame too large",
        ));
    }
    let mut payload = Zeroizing::new(vec![0u8; len as usize]);
    read_exact_by(stream, &mut payload, deadline)?;
    Ok((head[0], payload))
}

fn read_exact_by(stream: &mut UnixStream, mut buf: &mut [u8], deadline: Instant) -> io::Result<()> {
    while !buf.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        stream.set_read_timeout(Some(left))?;
        match stream.read(buf) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => buf = &mut buf[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
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
    // A session for this vault in another candidate folder (started with another
    // XDG_RUNTIME_DIR) is running already: one per vault.
    if sockets_for(&handoff.vault)
        .iter()
        .any(|p| UnixStream::connect(p).is_ok())
    {
        return Err(AgentError::Running);
    }
    let path = socket_dir_for_new()?.join(socket_name(&handoff.vault)?);
    let listener = bind(&path)?;
    let ino = std::fs::symlink_metadata(&path).map(|m| m.ino()).ok();
    let result = ready()
        .map_err(io_err("could not tell confide the session started"))
        .map(|()| run(&handoff, &listener, &path, ino, locked));
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

/// Time since boot, counting time asleep (`CLOCK_BOOTTIME`): a session must not
/// outlive its cap because the laptop was suspended, as a monotonic clock would let it.
fn clock() -> Duration {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let t = rustix::time::clock_gettime(rustix::time::ClockId::Boottime);
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let t = rustix::time::clock_gettime(rustix::time::ClockId::Monotonic);
    Duration::new(
        t.tv_sec.max(0) as u64,
        t.tv_nsec.clamp(0, 999_999_999) as u32,
    )
}

fn run(h: &Handoff, listener: &UnixListener, path: &Path, ino: Option<u64>, locked: bool) {
    let started = clock();
    let mut last_use = started;
    let cap_end = started.saturating_add(h.cap);
    let mut next_check = started;
    let _ = listener.set_nonblocking(true);
    loop {
        let now = clock();
        let end = last_use.saturating_add(h.idle).min(cap_end);
        if now >= end {
            return;
        }
        if now >= next_check {
            // The key part is still the one held, and the socket is still this
            // agent's (a logout removes the runtime folder; nothing could reach the
            // agent then, and `lock` would not find it).
            if key_part_digest(&h.vault).ok() != Some(h.digest)
                || std::fs::symlink_metadata(path).map(|m| m.ino()).ok() != ino
            {
                return;
            }
            next_check = now + CHECK_EVERY;
        }
        // Poll's clock stops while the machine sleeps; waking every CHECK_EVERY at
        // most catches up within two seconds of resuming.
        let wait = end.min(next_check).saturating_sub(now);
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
        let wall = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let left = |t: Duration| t.saturating_sub(now).as_secs() as i64;
        let status = Status {
            idle_until: wall + left(last_use.saturating_add(h.idle)),
            cap_until: wall + left(cap_end),
            memory_locked: locked,
        };
        // One request may take IO_TIMEOUT at most, and never past the session's end.
        let deadline = Instant::now() + IO_TIMEOUT.min(end.saturating_sub(now));
        match answer(h, stream, status, deadline) {
            After::Continue => {}
            After::Used => last_use = clock(),
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

fn answer(h: &Handoff, mut stream: UnixStream, status: Status, deadline: Instant) -> After {
    if !same_user(&stream) {
        return After::Continue;
    }
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let Ok((op, payload)) = read_frame(&mut stream, deadline) else {
        return After::Continue;
    };
    if Instant::now() >= deadline {
        return After::Continue;
    }
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

/// One request to the agent at `socket`, answered within IO_TIMEOUT in all; `None`
/// when there is no agent there (no socket, a stale one, one that is not this user's,
/// one too busy to take the connection, or no answer in time).
fn request(socket: &Path, op: u8, payload: &[u8]) -> Option<(u8, Zeroizing<Vec<u8>>)> {
    use rustix::net::{AddressFamily, SocketAddrUnix, SocketFlags, SocketType};
    let deadline = Instant::now() + IO_TIMEOUT;
    let m = std::fs::symlink_metadata(socket).ok()?;
    if m.uid() != rustix::process::getuid().as_raw() {
        return None;
    }
    // A non-blocking connect: an agent that is stopped, with its queue full, makes
    // this fail at once instead of blocking.
    let fd = rustix::net::socket_with(
        AddressFamily::UNIX,
        SocketType::STREAM,
        SocketFlags::NONBLOCK | SocketFlags::CLOEXEC,
        None,
    )
    .ok()?;
    rustix::net::connect(&fd, &SocketAddrUnix::new(socket).ok()?).ok()?;
    let mut stream = UnixStream::from(fd);
    stream.set_nonblocking(false).ok()?;
    if !same_user(&stream) {
        return None;
    }
    stream.set_write_timeout(Some(IO_TIMEOUT)).ok()?;
    write_frame(&mut stream, op, payload).ok()?;
    read_frame(&mut stream, deadline).ok()
}

/// What the agent for `vault` says, if one is running.
pub fn status(vault: &Path) -> Option<Status> {
    sockets_for(vault).iter().find_map(|socket| {
        let (kind, body) = request(socket, OP_STATUS, &[])?;
        let mut r = Reader(&body);
        (kind == OK).then_some(())?;
        Some(Status {
            idle_until: r.u64()? as i64,
            cap_until: r.u64()? as i64,
            memory_locked: r.take(1)?[0] == 1,
        })
    })
}

/// Whether an agent for `vault` answers: checked before a vault is opened through
/// one, so that a read with no session costs nothing more than before.
pub fn reachable(vault: &Path) -> bool {
    status(vault).is_some()
}

/// What `lock` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Locked {
    /// A session was running and has ended.
    Ended,
    /// No session was running.
    NoneRunning,
    /// A socket is there but nothing answered in time: a session may still be
    /// running (stopped, or busy); the socket is named.
    NoAnswer(PathBuf),
}

/// Ends every agent for `vault`, waiting (up to two seconds each) for its socket to
/// go.
pub fn lock(vault: &Path) -> Locked {
    lock_all(&sockets_for(vault))
}

/// Ends the agents listening at `sockets` (from [`sockets_for`], found before the
/// vault was wiped), as [`lock`] does.
pub fn lock_all(sockets: &[PathBuf]) -> Locked {
    let mut outcome = Locked::NoneRunning;
    for socket in sockets {
        if std::fs::symlink_metadata(socket).is_err() {
            continue;
        }
        if matches!(request(socket, OP_LOCK, &[]), Some((OK, _))) {
            let until = Instant::now() + Duration::from_secs(2);
            while socket.exists() && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(10));
            }
            if outcome == Locked::NoneRunning {
                outcome = Locked::Ended;
            }
        } else if UnixStream::connect(socket).is_ok() {
            // It takes connections but did not answer: not to be called locked.
            outcome = Locked::NoAnswer(socket.clone());
        }
        // Otherwise a socket left by a killed agent: nothing holds the key.
    }
    outcome
}

/// Starts talking to the agent for `vault`: `Ok(None)` when there is none, and
/// [`super::Error::KeyChanged`] when it holds another key than `key_part`'s (it then
/// ends itself).
pub fn connect(vault: &Path, key_part: &[u8]) -> Result<Option<AgentKey>, super::Error> {
    let digest: [u8; 32] = Sha256::digest(key_part).into();
    let mut changed = false;
    for socket in sockets_for(vault) {
        match request(&socket, OP_HELLO, &digest) {
            Some((OK, body)) => {
                let recipient = std::str::from_utf8(&body)
                    .ok()
                    .and_then(|s| x25519::Recipient::from_str(s).ok());
                if let Some(recipient) = recipient {
                    return Ok(Some(AgentKey {
                        socket,
                        digest,
                        recipient,
                        failed: std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
                    }));
                }
            }
            Some((CHANGED, _)) => changed = true,
            _ => {}
        }
    }
    if changed {
        Err(super::Error::KeyChanged)
    } else {
        Ok(None)
    }
}

/// The vault's identity as the agent holds it: decrypting with it asks the agent for
/// each file's key.
#[derive(Clone)]
pub struct AgentKey {
    socket: PathBuf,
    digest: [u8; 32],
    recipient: x25519::Recipient,
    /// Set when the agent did not give a file's key (gone, busy, another key): the
    /// failed decryption is then the session's end, not damage to the vault.
    failed: std::sync::Arc<std::sync::atomic::AtomicBool>,
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

    /// Whether the agent failed to give a file's key since this was made.
    pub fn failed(&self) -> bool {
        self.failed.load(std::sync::atomic::Ordering::SeqCst)
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
            // Not this file's key: as age says when no identity matches.
            Some((NONE, _)) => None,
            // No agent any more, a busy one, another key: the same for age, and
            // noted, so that the caller does not take it for damage.
            _ => {
                self.failed.store(true, std::sync::atomic::Ordering::SeqCst);
                None
            }
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
