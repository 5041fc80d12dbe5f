//! Secrets lint: every line of every content file -> warnings where a value
//! looks like a credential (a plan is read by many people).

use crate::diag::{Diagnostic, FileId, Pos, Sources};

/// Words that, followed by `:` or `=` and a value, introduce a credential.
const KEYWORDS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "pw",
    "pin",
    "secret",
    "token",
    "api_key",
    "api-key",
    "apikey",
    "access_key",
    "client_secret",
];

pub fn check(sources: &Sources, out: &mut Vec<Diagnostic>) {
    for (i, file) in sources.files().iter().enumerate() {
        let id = FileId(i as u32);
        for (n, line) in file.text.lines().enumerate() {
            if let Some(d) = check_line(id, n as u32 + 1, line) {
                out.push(d);
            }
        }
    }
}

fn check_line(file: FileId, line_no: u32, line: &str) -> Option<Diagnostic> {
    let trimmed = line.trim_start();
    // A sign-off's content hash is long and random by design.
    if trimmed.starts_with("hash:") || trimmed.starts_with("- hash:") {
        return None;
    }
    if line.contains("PRIVATE KEY-----") {
        let col = line.find("-----").unwrap_or(0);
        return Some(warn(
            file,
            line_no,
            line,
            col,
            line.len() - col,
            "a private key",
        ));
    }
    let lower = line.to_lowercase();
    for kw in KEYWORDS {
        let mut from = 0;
        while let Some(found) = lower[from..].find(kw) {
            let start = from + found;
            let end = start + kw.len();
            from = end;
            let before_ok = lower[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after = &lower[end..];
            let after_trim = after.trim_start();
            let after_ok = after.chars().next().is_none_or(|c| !c.is_alphanumeric());
            if !(before_ok && after_ok) {
                continue;
            }
            if let Some(value) = after_trim.strip_prefix([':', '=']) {
                let value = value.trim().trim_matches(['"', '\'', ';', ',', ')']);
                // `password: see the password manager` is a reference, fine;
                // a single word right after the sign is what leaks.
                let word = value.split_whitespace().next().unwrap_or("");
                if !word.is_empty()
                    && value.split_whitespace().count() <= 2
                    && !is_placeholder(word)
                {
                    return Some(warn(
                        file,
                        line_no,
                        line,
                        char_col(line, start),
                        kw.len(),
                        &format!("`{kw}` followed by a value"),
                    ));
                }
            }
        }
    }
    for (col, word) in words(line) {
        if looks_random(word) {
            return Some(warn(
                file,
                line_no,
                line,
                char_col(line, col),
                word.chars().count(),
                "a long random-looking string",
            ));
        }
    }
    None
}

/// Words that say where a secret is rather than what it is.
fn is_placeholder(word: &str) -> bool {
    let w = word.to_lowercase();
    [
        "***",
        "<",
        "{{",
        "n/a",
        "none",
        "required",
        "not-required",
        "see",
        "in",
        "from",
        "stored",
    ]
    .iter()
    .any(|p| w.starts_with(p))
}

fn words(line: &str) -> impl Iterator<Item = (usize, &str)> {
    line.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '`' | ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>'
            )
    })
    .filter(|w| !w.is_empty())
    .map(move |w| (w.as_ptr() as usize - line.as_ptr() as usize, w))
}

/// A token of 24+ characters mixing upper case, lower case and digits, with no
/// vowels-and-dashes shape of an id or a word, and not a URL or path.
fn looks_random(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ':']);
    if w.len() < 24
        || w.contains("://")
        || w.contains('/') && w.contains('.')
        || w.starts_with("mailto:")
    {
        return false;
    }
    if !w
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-'))
    {
        return false;
    }
    let upper = w.chars().filter(char::is_ascii_uppercase).count();
    let lower = w.chars().filter(char::is_ascii_lowercase).count();
    let digit = w.chars().filter(char::is_ascii_digit).count();
    let separators = w.chars().filter(|c| matches!(c, '-' | '_')).count();
    // kebab-case ids and words joined by dashes are not secrets
    if separators * 8 > w.len() {
        return false;
    }
    let mixed = (upper > 0) as u8 + (lower > 0) as u8 + (digit > 0) as u8;
    let hexish = w.len() >= 32 && digit >= 4 && w.chars().all(|c| c.is_ascii_hexdigit());
    (mixed == 3 && digit >= 2 && entropy(w) > 3.5) || hexish
}

fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 128];
    for b in s.bytes() {
        counts[(b & 127) as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

fn char_col(line: &str, byte: usize) -> usize {
    line[..byte.min(line.len())].chars().count()
}

fn warn(file: FileId, line_no: u32, _line: &str, col: usize, len: usize, what: &str) -> Diagnostic {
    Diagnostic::warning(
        Pos::new(file, line_no, col as u32 + 1, len.max(1) as u32),
        format!("this looks like a credential: {what}"),
    )
    .with_hint(
        "never write secrets in a plan: say where they are kept (\"in the password manager\")",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(line: &str) -> bool {
        check_line(FileId(0), 1, line).is_some()
    }

    #[test]
    fn flags_credentials() {
        for l in [
            "  title: Create testuser login (username = testuser; pw = testuser)",
            "password: hunter2",
            "notes: the API token: abcd1234",
            "notes: api_key=xyz",
            "-----BEGIN RSA PRIVATE KEY-----",
            "notes: use key aB3dE5fG7hJ9kL1mN3pQ5rS7tU9",
            "secret = s3cr3t",
        ] {
            assert!(flagged(l), "should flag: {l}");
        }
    }

    #[test]
    fn leaves_prose_alone() {
        for l in [
            "  title: Gather admin credentials (from the password manager)",
            "notes: Passwords are kept in the password manager.",
            "  - id: gather-admin-credentials-for-the-old-server",
            "url: https://example.org/aB3dE5fG7hJ9kL1mN3pQ5rS7tU9",
            "    hash: 3f786850e387550fdab836ed7e6dc881de23001b3f786850e387550fdab836ed",
            "credentials: required",
            "A token ring network was retired.",
            "password: see the password manager",
        ] {
            assert!(!flagged(l), "should not flag: {l}");
        }
    }

    #[test]
    fn points_at_the_keyword() {
        let d = check_line(FileId(0), 7, "  x: pw = hunter2").unwrap();
        let p = d.pos().unwrap();
        assert_eq!((p.line, p.col, p.len), (7, 6, 2));
    }
}
