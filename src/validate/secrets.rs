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
        // Armoured blocks (signatures, keys) are rare: look for their
        // markers line by line only in a file that has one.
        let armour = file.text.contains("-----");
        // An SSH signature is random by design and public: skip its block.
        let mut in_signature = false;
        for (n, line) in file.text.lines().enumerate() {
            if armour && line.contains("-----BEGIN SSH SIGNATURE-----") {
                in_signature = true;
            }
            let skip = in_signature;
            if armour && line.contains("-----END SSH SIGNATURE-----") {
                in_signature = false;
            }
            if skip {
                continue;
            }
            if let Some(d) = check_line(id, n as u32 + 1, line, armour) {
                out.push(d);
            }
        }
    }
}

/// `armour`: the file has `-----` somewhere (else no line has a key's
/// marker).
fn check_line(file: FileId, line_no: u32, line: &str, armour: bool) -> Option<Diagnostic> {
    let trimmed = line.trim_start();
    // A sign-off's content hash is long and random by design.
    // ... and so is a public key, which is meant to be shared.
    let key = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    if ["hash:", "ssh_key:"].iter().any(|k| key.starts_with(k)) {
        return None;
    }
    // The key's first line is enough: its `-----END ...` line is not news.
    if armour && line.contains("PRIVATE KEY-----") && !line.contains("-----END") {
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
    if let Some((start, kw)) = keyword_with_value(line) {
        return Some(warn(
            file,
            line_no,
            line,
            char_col(line, start),
            kw.len(),
            &format!("`{kw}` followed by a value"),
        ));
    }
    // A random-looking word has a run of 24 or more of the characters
    // [`looks_random`] allows: most lines have none, and need no split.
    if !has_long_run(line) {
        return None;
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

/// The first keyword written right before a `:` or `=` that is followed by
/// a short value: its byte offset in `line` and the keyword. One pass over
/// the line: only the word before each sign is compared with the keywords
/// (ASCII case-insensitively, so offsets stay those of `line`).
fn keyword_with_value(line: &str) -> Option<(usize, &'static str)> {
    for (sign, _) in line.match_indices([':', '=']) {
        let before = line[..sign].trim_end_matches([' ', '\t']);
        let word_start = before
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &before[word_start..];
        let Some(kw) = KEYWORDS.iter().copied().find(|kw| {
            word.len() >= kw.len()
                && word.is_char_boundary(word.len() - kw.len())
                && word[word.len() - kw.len()..].eq_ignore_ascii_case(kw)
                && line[..before.len() - kw.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
        }) else {
            continue;
        };
        let start = before.len() - kw.len();
        // The value ends where a flow mapping, a list or a remark does:
        // `{password: Hunter22, user: root}`, `password: Hunter22 (rotate)`.
        let value = &line[sign + 1..];
        let value = value
            .find([',', ';', '}', ']', ')', '('])
            .map_or(value, |end| &value[..end]);
        let value = value.trim().trim_matches(['"', '\'']);
        // `password: see the password manager` is a reference, fine;
        // a single word right after the sign is what leaks.
        let first = value.split_whitespace().next().unwrap_or("");
        if !first.is_empty() && value.split_whitespace().count() <= 2 && !is_placeholder(first) {
            return Some((start, kw));
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

/// 24 or more bytes in a row that [`looks_random`] accepts in a word.
fn has_long_run(line: &str) -> bool {
    let mut run = 0;
    for &b in line.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'-') {
            run += 1;
            if run >= 24 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
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
        check_line(FileId(0), 1, line, true).is_some()
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
            "    details: {password: Hunter22, admin_user: root}",
            "- Admin login: password: Hunter22 (rotate monthly)",
            "- The vendor password: Hunter22, ask Bob",
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
            "password: (in the vault)",
            "-----END RSA PRIVATE KEY-----",
            "    ssh_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx6bXk9Z3RmMm5mNXlQb1dRc2V4bDJ2 mary@laptop",
        ] {
            assert!(!flagged(l), "should not flag: {l}");
        }
    }

    #[test]
    fn signature_blocks_are_not_secrets() {
        let mut sources = Sources::default();
        sources.add(
            "content/signoffs.yaml".into(),
            "signoffs:\n  - by: mary\n    signature: |\n      -----BEGIN SSH SIGNATURE-----\n      U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgbHptk9Z3RmMm5mNXlQb1dRc2V4\n      -----END SSH SIGNATURE-----\n    note: aB3dE5fG7hJ9kL1mN3pQ5rS7tU9\n".into(),
        );
        let mut out = Vec::new();
        check(&sources, &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(
            out[0].pos().unwrap().line,
            7,
            "the line after the block is still checked"
        );
    }

    #[test]
    fn offsets_survive_case_folding_of_other_scripts() {
        // `İ` lower-cases to two chars: positions must come from the line itself.
        let d = check_line(FileId(0), 1, "İİİİ DB_PASSWORD=hunter2", true).unwrap();
        let p = d.pos().unwrap();
        assert_eq!((p.col, p.len), (9, 8));
        assert!(!flagged("İstanbul şube: notlar"));
    }

    #[test]
    fn points_at_the_keyword() {
        let d = check_line(FileId(0), 7, "  x: pw = hunter2", true).unwrap();
        let p = d.pos().unwrap();
        assert_eq!((p.line, p.col, p.len), (7, 6, 2));
    }
}
