//! Recovery codes: 125 random bits written as 25 Crockford base32 characters in five
//! groups, easy to copy by hand. A second copy of the vault identity is encrypted with
//! the code (age scrypt), so a forgotten passphrase is not the end of years of writing.

use age::secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHARS: usize = 25;
const GROUP: usize = 5;

/// A fresh recovery code from the OS CSPRNG, formatted `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`.
pub fn generate() -> SecretString {
    let mut random = Zeroizing::new([0u8; CHARS]);
    getrandom::fill(&mut random[..]).expect("the OS random number generator is available");
    let chars: Zeroizing<Vec<u8>> =
        Zeroizing::new(random.iter().map(|b| ALPHABET[(b & 31) as usize]).collect());
    format_code(&chars)
}

fn format_code(chars: &[u8]) -> SecretString {
    let mut out = String::with_capacity(CHARS + CHARS / GROUP);
    for (i, c) in chars.iter().enumerate() {
        if i > 0 && i % GROUP == 0 {
            out.push('-');
        }
        out.push(*c as char);
    }
    SecretString::from(out)
}

/// Normalises what a person typed: case, spaces and dashes do not matter, and the
/// look-alikes O/I/L are read as 0/1/1. Returns the canonical form, or `None` if it
/// cannot be a recovery code.
pub fn normalize(input: &SecretString) -> Option<SecretString> {
    let mut chars = Zeroizing::new(Vec::with_capacity(CHARS));
    for c in input.expose_secret().chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' | '\t' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
            return None;
        }
        chars.push(c as u8);
    }
    (chars.len() == CHARS).then(|| format_code(&chars))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_normalize_to_themselves() {
        let code = generate();
        assert_eq!(code.expose_secret().len(), 29);
        let again = normalize(&code).unwrap();
        assert_eq!(again.expose_secret(), code.expose_secret());
    }

    #[test]
    fn typing_variations_are_forgiven() {
        let typed = SecretString::from("abcde fghjk mnpqr stvwx yz0oi".to_string());
        let n = normalize(&typed).unwrap();
        assert_eq!(n.expose_secret(), "ABCDE-FGHJK-MNPQR-STVWX-YZ001");
        assert!(normalize(&SecretString::from("too short".to_string())).is_none());
        assert!(
            normalize(&SecretString::from(
                "ABCDE-FGHJK-MNPQR-STVWX-YZ00U".to_string()
            ))
            .is_none()
        );
    }
}
