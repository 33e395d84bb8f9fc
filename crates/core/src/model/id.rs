//! Entry ids: 128 random bits, shown as lowercase hex, addressable by a unique prefix
//! (like git) so people can type a few characters.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The number of hex characters shown in tables.
pub const SHORT_LEN: usize = 8;

/// The fewest hex characters [`EntryId::prefix`] accepts.
pub const MIN_PREFIX: usize = 4;

/// A unique entry id.
///
/// Wire order: fields are stored in this order; change them only with a new
/// envelope version (`model::envelope`), never in place.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EntryId(pub [u8; 16]);

impl EntryId {
    /// A fresh random id from the OS CSPRNG.
    pub fn random() -> Self {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).expect("the OS random number generator is available");
        EntryId(bytes)
    }

    /// The full id as 32 hex characters.
    pub fn to_hex(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(32);
        for b in self.0 {
            s.push(HEX[(b >> 4) as usize] as char);
            s.push(HEX[(b & 15) as usize] as char);
        }
        s
    }

    /// The short form shown in tables.
    pub fn short(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(SHORT_LEN);
        for b in &self.0[..SHORT_LEN / 2] {
            s.push(HEX[(b >> 4) as usize] as char);
            s.push(HEX[(b & 15) as usize] as char);
        }
        s
    }

    /// Checks an id prefix as typed (`lapse --for`): 4 to 32 hex characters,
    /// returned in lowercase. Four characters at least, so that a prefix written
    /// without the passphrase (and so without checking it against the entries) rarely
    /// means more than one of them.
    pub fn prefix(s: &str) -> Option<String> {
        let p = s.trim().to_ascii_lowercase();
        ((MIN_PREFIX..=32).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_hexdigit()))
            .then_some(p)
    }

    /// True when the hex form starts with the lowercase hex `prefix`, without making
    /// the hex string.
    pub fn starts_with_hex(&self, prefix: &str) -> bool {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let p = prefix.as_bytes();
        if p.len() > 32 {
            return false;
        }
        p.iter().enumerate().all(|(i, &c)| {
            let b = self.0[i / 2];
            let nibble = if i % 2 == 0 { b >> 4 } else { b & 15 };
            HEX[nibble as usize] == c
        })
    }

    /// Parses a full 32-character hex id.
    pub fn from_hex(s: &str) -> Option<Self> {
        if s.len() != 32 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut out = [0u8; 16];
        for (i, chunk) in s.as_bytes().chunks(2).enumerate() {
            let text = std::str::from_utf8(chunk).ok()?;
            out[i] = u8::from_str_radix(text, 16).ok()?;
        }
        Some(EntryId(out))
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EntryId({})", self.to_hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let id = EntryId::random();
        assert_eq!(EntryId::from_hex(&id.to_hex()), Some(id));
        assert_eq!(id.short().len(), SHORT_LEN);
        assert_eq!(EntryId([0xab; 16]).short(), "abababab");
        assert!(id.to_hex().starts_with(&id.short()));
        assert!(EntryId::from_hex("zz").is_none());
        assert!(EntryId::from_hex(&"g".repeat(32)).is_none());
    }
}
