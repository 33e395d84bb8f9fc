//! A growable byte buffer for plaintext that never leaves a stale copy behind: when
//! it needs more room it allocates a larger buffer, copies, and zeroizes the old one
//! (a plain `Vec` would free the old allocation with the plaintext still in it).

use std::io;
use zeroize::Zeroizing;

/// Plaintext being rendered; zeroized on growth and on drop.
#[derive(Default)]
pub struct SecretBuf(Zeroizing<Vec<u8>>);

impl SecretBuf {
    /// An empty buffer with room for `n` bytes.
    pub fn with_capacity(n: usize) -> Self {
        SecretBuf(Zeroizing::new(Vec::with_capacity(n)))
    }

    /// Appends bytes, moving to a larger buffer (and wiping the old one) if needed.
    pub fn extend(&mut self, bytes: &[u8]) {
        let needed = self.0.len() + bytes.len();
        if needed > self.0.capacity() {
            let mut bigger = Zeroizing::new(Vec::with_capacity(
                needed.max(self.0.capacity() * 2).max(4096),
            ));
            bigger.extend_from_slice(&self.0);
            // The old buffer is dropped here, and Zeroizing wipes its whole capacity.
            self.0 = bigger;
        }
        self.0.extend_from_slice(bytes);
    }

    /// Appends text.
    pub fn push_str(&mut self, s: &str) {
        self.extend(s.as_bytes());
    }

    /// The buffer, still wiped when dropped.
    pub fn into_inner(self) -> Zeroizing<Vec<u8>> {
        self.0
    }

    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl io::Write for SecretBuf {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.extend(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::SecretBuf;
    use std::io::Write;

    #[test]
    fn grows_and_keeps_every_byte() {
        let mut b = SecretBuf::default();
        for i in 0..10_000u32 {
            write!(b, "{i},").unwrap();
        }
        let s = std::str::from_utf8(b.as_bytes()).unwrap();
        assert!(s.starts_with("0,1,2,"));
        assert!(s.ends_with("9998,9999,"));
        assert_eq!(s.split(',').count(), 10_001);
    }
}
