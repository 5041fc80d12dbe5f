//! Signed sign-offs: a sign-off's fields -> its *statement* (the exact bytes
//! a signer signs), and SSHSIG signatures over it, made and checked with
//! RustCrypto's `ssh-key` (the format of `ssh-keygen -Y sign`, so anyone can
//! check a signature with `ssh-keygen -Y verify` and no tool of ours).

use chrono::NaiveDate;
use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};

/// The SSHSIG namespace: a signature made for anything else (git commits,
/// files) can never pass for a sign-off, nor the other way round.
pub const NAMESPACE: &str = "migplan-signoff";

/// Key types whose signatures we can check. ssh-keygen's default (ed25519),
/// and the two kinds of hardware security keys (FIDO) OpenSSH supports.
pub const KEY_TYPES: &[&str] = &[
    "ssh-ed25519",
    "sk-ssh-ed25519@openssh.com",
    "ecdsa-sha2-nistp256",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];

/// What a signer approves: one line per field, in this order, each ended by
/// a line feed (the last one too). See docs/format.md, "Signed sign-offs".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement<'a> {
    /// `plan.title`.
    pub title: &'a str,
    /// The sign-off's `version`, as semver prints it (`1.2.0`).
    pub version: String,
    /// The full content hash, 64 lower-case hex digits.
    pub content: &'a str,
    /// `approved`, `rejected` or `changes-requested`.
    pub decision: &'a str,
    pub date: NaiveDate,
    /// The stakeholder id.
    pub by: &'a str,
}

impl Statement<'_> {
    /// The bytes that are signed. A line break inside the title becomes a
    /// space, so that every field stays on its own line.
    pub fn text(&self) -> String {
        let title: String = self
            .title
            .chars()
            .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c })
            .collect();
        format!(
            "migplan sign-off\nplan: {title}\nversion: {}\ncontent: {}\ndecision: {}\ndate: {}\nby: {}\n",
            self.version,
            self.content.to_ascii_lowercase(),
            self.decision,
            self.date.format("%Y-%m-%d"),
            self.by
        )
    }
}

/// Why an `ssh_key` value is not a key we can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// A key type we cannot verify (`ssh-rsa`, `ssh-dss`, ...).
    Unsupported(String),
    /// Not an OpenSSH public key line at all (or a damaged one).
    Malformed(String),
}

/// Parses a public key line as written in `authorized_keys` or a `.pub`
/// file: `type base64 [comment]`.
pub fn public_key(line: &str) -> Result<PublicKey, KeyError> {
    let line = line.trim();
    let kind = line.split_whitespace().next().unwrap_or("");
    if !KEY_TYPES.contains(&kind) {
        let known_kind = kind.starts_with("ssh-")
            || kind.starts_with("ecdsa-")
            || kind.starts_with("sk-")
            || kind.contains("-cert-v01@");
        return Err(if known_kind {
            KeyError::Unsupported(kind.to_string())
        } else {
            KeyError::Malformed("it does not start with a key type such as `ssh-ed25519`".into())
        });
    }
    PublicKey::from_openssh(line).map_err(|e| KeyError::Malformed(e.to_string()))
}

/// The key's SHA-256 fingerprint as `ssh-keygen -l` prints it
/// (`SHA256:` and unpadded base64).
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// Why a signature does not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// Not an armored SSH signature.
    Unreadable(String),
    /// Made with another key; the fingerprint of the key that made it.
    OtherKey(String),
    /// Made for another purpose (namespace), e.g. `git`.
    Namespace(String),
    /// The right key, but over other bytes (another statement), or damaged.
    Mismatch,
}

/// Checks `armored` (an SSHSIG block) over `statement` against `key`.
pub fn verify(key: &PublicKey, statement: &str, armored: &str) -> Result<(), VerifyError> {
    let sig = SshSig::from_pem(armored.trim().as_bytes())
        .map_err(|e| VerifyError::Unreadable(e.to_string()))?;
    if sig.public_key() != key.key_data() {
        return Err(VerifyError::OtherKey(
            sig.public_key().fingerprint(HashAlg::Sha256).to_string(),
        ));
    }
    if sig.namespace() != NAMESPACE {
        return Err(VerifyError::Namespace(sig.namespace().to_string()));
    }
    key.verify(NAMESPACE, statement.as_bytes(), &sig)
        .map_err(|_| VerifyError::Mismatch)
}

/// Why a private key file cannot sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignError {
    /// Protected by a passphrase: we never ask for one.
    Encrypted,
    /// Not an OpenSSH private key.
    Unreadable(String),
    /// A key type we do not sign with (see [`KEY_TYPES`]; hardware keys
    /// sign through ssh-keygen).
    Unsupported(String),
}

impl std::fmt::Display for SignError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignError::Encrypted => f.write_str("the key is protected by a passphrase"),
            SignError::Unreadable(why) => f.write_str(why),
            SignError::Unsupported(kind) => write!(f, "`{kind}` keys are not supported"),
        }
    }
}

/// Parses an OpenSSH private key file (`-----BEGIN OPENSSH PRIVATE KEY-----`).
pub fn private_key(text: &str) -> Result<PrivateKey, SignError> {
    let key = match PrivateKey::from_openssh(text.trim().as_bytes()) {
        Ok(key) => key,
        // ssh-key 0.6 reads an ECDSA private scalar only at its full width;
        // OpenSSH writes it as an mpint without leading zero bytes, so
        // about one P-256 key in 256 (scalar < 2^248) is shorter. Such a
        // key is re-padded and read again.
        Err(e) => repad_ecdsa_scalar(text)
            .and_then(|fixed| PrivateKey::from_openssh(fixed.as_bytes()).ok())
            .ok_or_else(|| SignError::Unreadable(e.to_string()))?,
    };
    if key.is_encrypted() {
        return Err(SignError::Encrypted);
    }
    Ok(key)
}

/// An unencrypted OpenSSH ECDSA private key file whose private scalar is
/// written shorter than its curve's width, rewritten with the scalar
/// left-padded by zero bytes (the same number) and the private section's
/// padding recomputed. None for anything else.
fn repad_ecdsa_scalar(text: &str) -> Option<String> {
    use base64ct::{Base64, Encoding};
    const BEGIN: &str = "-----BEGIN OPENSSH PRIVATE KEY-----";
    const END: &str = "-----END OPENSSH PRIVATE KEY-----";
    const MAGIC: &[u8] = b"openssh-key-v1\0";
    let body = text.trim().strip_prefix(BEGIN)?.strip_suffix(END)?;
    let b64: String = body.split_whitespace().collect();
    let blob = Base64::decode_vec(&b64).ok()?;

    struct Reader<'a>(&'a [u8]);
    impl<'a> Reader<'a> {
        fn take(&mut self, n: usize) -> Option<&'a [u8]> {
            if self.0.len() < n {
                return None;
            }
            let (head, rest) = self.0.split_at(n);
            self.0 = rest;
            Some(head)
        }
        fn u32(&mut self) -> Option<u32> {
            Some(u32::from_be_bytes(self.take(4)?.try_into().ok()?))
        }
        fn string(&mut self) -> Option<&'a [u8]> {
            let n = self.u32()? as usize;
            self.take(n)
        }
    }
    fn put(out: &mut Vec<u8>, bytes: &[u8]) {
        out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        out.extend_from_slice(bytes);
    }

    let mut r = Reader(blob.strip_prefix(MAGIC)?);
    let (cipher, kdf, kdf_options) = (r.string()?, r.string()?, r.string()?);
    if cipher != b"none" || r.u32()? != 1 {
        return None;
    }
    let public = r.string()?;
    let mut p = Reader(r.string()?);
    let (check1, check2) = (p.u32()?, p.u32()?);
    let kind = p.string()?;
    let width = match kind {
        b"ecdsa-sha2-nistp256" => 32,
        b"ecdsa-sha2-nistp384" => 48,
        b"ecdsa-sha2-nistp521" => 66,
        _ => return None,
    };
    let (curve, point, scalar) = (p.string()?, p.string()?, p.string()?);
    let comment = p.string()?;
    if scalar.is_empty() || scalar.len() >= width {
        return None;
    }
    let mut private = Vec::new();
    private.extend_from_slice(&check1.to_be_bytes());
    private.extend_from_slice(&check2.to_be_bytes());
    put(&mut private, kind);
    put(&mut private, curve);
    put(&mut private, point);
    let mut padded = vec![0u8; width - scalar.len()];
    padded.extend_from_slice(scalar);
    put(&mut private, &padded);
    put(&mut private, comment);
    let mut pad = 1u8;
    while private.len() % 8 != 0 {
        private.push(pad);
        pad += 1;
    }
    let mut out = MAGIC.to_vec();
    put(&mut out, cipher);
    put(&mut out, kdf);
    put(&mut out, kdf_options);
    out.extend_from_slice(&1u32.to_be_bytes());
    put(&mut out, public);
    put(&mut out, &private);
    let encoded = Base64::encode_string(&out);
    let mut pem = String::from(BEGIN);
    pem.push('\n');
    for line in encoded.as_bytes().chunks(70) {
        pem.push_str(std::str::from_utf8(line).ok()?);
        pem.push('\n');
    }
    pem.push_str(END);
    pem.push('\n');
    Some(pem)
}

/// Signs `statement` with `key`: the armored SSHSIG block, lines ended by
/// `\n`, SHA-512 as `ssh-keygen -Y sign` does.
pub fn sign(key: &PrivateKey, statement: &str) -> Result<String, SignError> {
    key.sign(NAMESPACE, HashAlg::Sha512, statement.as_bytes())
        .and_then(|s| s.to_pem(LineEnding::LF))
        .map_err(|e| match e {
            ssh_key::Error::AlgorithmUnsupported { algorithm } => {
                SignError::Unsupported(algorithm.to_string())
            }
            e => SignError::Unreadable(e.to_string()),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed test key from a seed: no private key text in the repository.
    fn test_key() -> PrivateKey {
        ssh_key::private::Ed25519Keypair::from_seed(&[7; 32]).into()
    }

    fn statement(decision: &str) -> String {
        Statement {
            title: "Eaglesoft to Open Dental\nmigration",
            version: "1.2.0".into(),
            content: &"AB".repeat(32),
            decision,
            date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            by: "mary",
        }
        .text()
    }

    #[test]
    fn statement_bytes_are_fixed() {
        assert_eq!(
            statement("approved"),
            format!(
                "migplan sign-off\nplan: Eaglesoft to Open Dental migration\nversion: 1.2.0\ncontent: {}\ndecision: approved\ndate: 2026-11-20\nby: mary\n",
                "ab".repeat(32)
            )
        );
    }

    #[test]
    fn a_p256_key_with_a_short_scalar_signs() {
        let text = include_str!("../tests/fixtures/keys/ecdsa-p256-short-scalar");
        // The upstream limit this works around (remove the re-padding once
        // this fails).
        assert!(PrivateKey::from_openssh(text.trim().as_bytes()).is_err());
        let key = private_key(text).expect("re-padded");
        let public = public_key(include_str!(
            "../tests/fixtures/keys/ecdsa-p256-short-scalar.pub"
        ))
        .unwrap();
        assert_eq!(key.public_key(), &public);
        let sig = sign(&key, &statement("approved")).unwrap();
        assert_eq!(verify(&public, &statement("approved"), &sig), Ok(()));
        // Anything else is left alone.
        assert_eq!(repad_ecdsa_scalar("not a key"), None);
        let ed = test_key().to_openssh(LineEnding::LF).unwrap();
        assert_eq!(repad_ecdsa_scalar(&ed), None);
    }

    #[test]
    fn signs_and_verifies_and_refuses_other_statements() {
        let key = test_key();
        let public = key.public_key().clone();
        let sig = sign(&key, &statement("approved")).unwrap();
        assert!(sig.starts_with("-----BEGIN SSH SIGNATURE-----\n"));
        assert_eq!(verify(&public, &statement("approved"), &sig), Ok(()));
        assert_eq!(
            verify(&public, &statement("rejected"), &sig),
            Err(VerifyError::Mismatch)
        );
        assert!(matches!(
            verify(&public, &statement("approved"), "not a signature"),
            Err(VerifyError::Unreadable(_))
        ));
        let line = public.to_openssh().unwrap();
        assert_eq!(public_key(&line).unwrap().key_data(), public.key_data());
        assert!(fingerprint(&public).starts_with("SHA256:"));
    }

    #[test]
    fn key_lines_that_are_not_keys_say_why() {
        assert!(matches!(
            public_key("ssh-rsa AAAAB3NzaC1yc2E mary@laptop"),
            Err(KeyError::Unsupported(k)) if k == "ssh-rsa"
        ));
        assert!(matches!(
            public_key("mary's key"),
            Err(KeyError::Malformed(_))
        ));
        assert!(matches!(
            public_key("ssh-ed25519 AAAAnotbase64!!"),
            Err(KeyError::Malformed(_))
        ));
    }
}
