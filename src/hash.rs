//! Content hash: the plan's sources (every file under `content/`) and the
//! theme in use -> one SHA-256 that identifies exactly what a document was
//! built from. Sign-offs can record it; approved versions are bound to it.

use sha2::{Digest, Sha256};

/// Hex length of the short form shown on pages and covers.
pub const SHORT_LEN: usize = 12;

/// The full hash as 64 lower-case hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct ContentHash(pub String);

impl ContentHash {
    pub fn short(&self) -> &str {
        &self.0[..SHORT_LEN.min(self.0.len())]
    }

    /// Whether `written` (a hash a signer recorded, short or full, any case)
    /// names this content. At least [`SHORT_LEN`] hex digits are needed to
    /// count (7 could be forged in seconds).
    pub fn matches(&self, written: &str) -> bool {
        let w = written.trim().to_ascii_lowercase();
        w.len() >= SHORT_LEN && w.chars().all(|c| c.is_ascii_hexdigit()) && self.0.starts_with(&w)
    }
}

impl std::fmt::Display for ContentHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Hashes the content files (path relative to the project root, `/`
/// separated, and bytes) and the theme's files (theme path and bytes), each
/// group sorted by path. Every field is length-prefixed, so no two different
/// inputs share an encoding.
pub fn content_hash<'a>(
    content: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    theme_name: &str,
    theme: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> ContentHash {
    let mut h = Sha256::new();
    let field = |h: &mut Sha256, bytes: &[u8]| {
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    field(&mut h, b"migplan content hash v1");
    let mut content: Vec<_> = content.into_iter().collect();
    content.sort();
    for (path, bytes) in content {
        field(&mut h, b"content");
        field(&mut h, path.as_bytes());
        field(&mut h, bytes);
    }
    field(&mut h, b"theme");
    field(&mut h, theme_name.as_bytes());
    let mut theme: Vec<_> = theme.into_iter().collect();
    theme.sort();
    for (path, bytes) in theme {
        field(&mut h, path.as_bytes());
        field(&mut h, bytes);
    }
    ContentHash(hex(&h.finalize()))
}

/// SHA-256 of bytes as hex (for the manifest).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_independent_and_sensitive_to_every_byte() {
        let a = content_hash(
            [("content/a.yaml", &b"x"[..]), ("content/b.md", &b"y"[..])],
            "default",
            [],
        );
        let b = content_hash(
            [("content/b.md", &b"y"[..]), ("content/a.yaml", &b"x"[..])],
            "default",
            [],
        );
        assert_eq!(a, b);
        let c = content_hash(
            [("content/a.yaml", &b"x"[..]), ("content/b.md", &b"z"[..])],
            "default",
            [],
        );
        assert_ne!(a, c);
        let d = content_hash(
            [("content/a.yaml", &b"x"[..]), ("content/b.md", &b"y"[..])],
            "default",
            [("static/style.css", &b""[..])],
        );
        assert_ne!(a, d);
        // Moving bytes between path and content changes the hash.
        let e = content_hash([("content/a.yamlx", &b""[..])], "default", []);
        let f = content_hash([("content/a.yaml", &b"x"[..])], "default", []);
        assert_ne!(e, f);
        assert_eq!(a.0.len(), 64);
    }

    #[test]
    fn short_and_full_forms_match() {
        let h =
            ContentHash("3f786850e387550fdab836ed7e6dc881de23001b3f786850e387550fdab836ed".into());
        assert!(h.matches("3f786850e387"));
        assert!(h.matches("3F786850E387"));
        assert!(h.matches(&h.0));
        assert!(!h.matches("3f7868"), "too short");
        assert!(!h.matches("3f786850e38"), "11 digits are too few");
        assert!(!h.matches("4f786850e387"));
        assert_eq!(h.short(), "3f786850e387");
    }
}
