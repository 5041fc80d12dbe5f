//! One new sign-off -> the text of `content/signoffs.yaml` with it appended.
//!
//! The file is a record people edit by hand (comments, their own order), so
//! it is never re-serialized: the new entry is added after the last byte, in
//! the file's own list indentation and line endings, and every byte before
//! it stays as it was.

use chrono::NaiveDate;

/// The sign-off to write; `signature` is an armored SSHSIG block.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub by: &'a str,
    pub version: &'a str,
    pub decision: &'a str,
    pub date: NaiveDate,
    pub comment: Option<&'a str>,
    pub hash: &'a str,
    pub signature: &'a str,
}

/// `existing` (the file's text, `None` if there is no file) with `entry`
/// appended, or why the file cannot take it without being rewritten.
pub fn append(existing: Option<&str>, entry: &Entry) -> Result<String, String> {
    let text = existing.unwrap_or("");
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut list_key = None;
    for (n, line) in text.lines().enumerate() {
        let Some(key) = top_level_key(line) else {
            continue;
        };
        if key != "signoffs" {
            return Err(format!(
                "it holds `{key}:` (line {}): a file that records signed sign-offs must hold nothing but `signoffs:`, or adding one would change the content hash it names",
                n + 1
            ));
        }
        let value = line["signoffs:".len()..].split(" #").next().unwrap_or("");
        if !value.trim().is_empty() {
            return Err(format!(
                "its `signoffs:` (line {}) is written on one line (`{}`); write the list as one `- by: ...` entry per sign-off, each on lines of its own",
                n + 1,
                value.trim()
            ));
        }
        if list_key.replace(n).is_some() {
            return Err(format!("it has a second `signoffs:` (line {})", n + 1));
        }
    }
    // The indentation of the list's first item (`- by:`), so that the new
    // item joins the same list.
    let indent = list_key
        .and_then(|k| {
            text.lines()
                .skip(k + 1)
                .map(|l| (l.len() - l.trim_start_matches(' ').len(), l.trim_start()))
                .find(|(_, l)| !l.is_empty() && !l.starts_with('#'))
                .filter(|(_, l)| *l == "-" || l.starts_with("- "))
                .map(|(i, _)| i)
        })
        .unwrap_or(2);
    let mut out = String::from(text);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(newline);
    }
    if list_key.is_none() {
        out.push_str("signoffs:");
        out.push_str(newline);
    }
    let item = entry_text(entry, indent);
    out.push_str(&item.replace('\n', newline));
    Ok(out)
}

/// The entry as a YAML list item indented by `indent` spaces.
fn entry_text(e: &Entry, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = format!("{pad}- by: {}\n", scalar(e.by));
    let mut field = |k: &str, v: &str| out.push_str(&format!("{pad}  {k}: {}\n", scalar(v)));
    field("version", e.version);
    field("decision", e.decision);
    field("date", &e.date.format("%Y-%m-%d").to_string());
    if let Some(c) = e.comment {
        field("comment", c);
    }
    field("hash", e.hash);
    out.push_str(&format!("{pad}  signature: |\n"));
    for line in e.signature.trim().lines() {
        out.push_str(&format!("{pad}    {}\n", line.trim_end()));
    }
    out
}

/// The name of a top-level mapping key written on `line`, if it is one.
fn top_level_key(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if !(first.is_ascii_alphanumeric() || first == '_') {
        return None; // indented, a comment, a list item, `---`
    }
    let (key, _) = line.split_once(':')?;
    Some(key.trim())
}

/// `s` as a YAML scalar: plain when that reads back as the same string,
/// else double-quoted (JSON's escapes are valid YAML).
fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        // A hash or a date is safe; something that reads as a number, a
        // boolean or null is not.
        && (s.chars().any(|c| c.is_ascii_alphabetic()) || s.contains('-') || s.matches('.').count() > 1)
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n" | "nan" | "inf"
        );
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(comment: Option<&str>) -> Entry<'_> {
        Entry {
            by: "mary",
            version: "1.2.0",
            decision: "approved",
            date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            comment,
            hash: "0123abcd",
            signature: "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n",
        }
    }

    const ENTRY: &str = "- by: mary\n  version: 1.2.0\n  decision: approved\n  date: 2026-11-20\n  hash: 0123abcd\n  signature: |\n    -----BEGIN SSH SIGNATURE-----\n    U1NIU0lH\n    -----END SSH SIGNATURE-----\n";

    fn indented(n: usize) -> String {
        ENTRY
            .lines()
            .map(|l| format!("{}{l}\n", " ".repeat(n)))
            .collect()
    }

    #[test]
    fn appends_in_the_files_own_indentation_and_keeps_every_byte() {
        for (before, indent) in [
            ("signoffs:\n  - by: bob # typed\n    version: 1.0.0\n", 2),
            (
                "# approvals\nsignoffs:\n\n# first\n- by: bob\n  version: 1.0.0",
                0,
            ),
            ("signoffs:\n    - by: bob\n      version: 1.0.0\n\n", 4),
            ("signoffs:\n", 2),
        ] {
            let after = append(Some(before), &entry(None)).unwrap();
            assert!(after.starts_with(before), "{after}");
            let added = &after[before.len()..];
            let added = added.strip_prefix('\n').unwrap_or(added);
            assert_eq!(added, indented(indent), "after {before:?}");
        }
    }

    #[test]
    fn creates_the_list_and_keeps_crlf() {
        assert_eq!(
            append(None, &entry(None)).unwrap(),
            format!("signoffs:\n{}", indented(2))
        );
        let crlf = append(Some("# record\r\nsignoffs:\r\n"), &entry(None)).unwrap();
        assert!(crlf.ends_with("-----END SSH SIGNATURE-----\r\n"));
        assert!(!crlf.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn refuses_files_it_would_have_to_rewrite() {
        for (text, why) in [
            ("plan:\n  title: x\nsignoffs:\n", "`plan:`"),
            ("signoffs: []\n", "on one line"),
            ("signoffs:\n- by: a\nsignoffs:\n", "second"),
        ] {
            let err = append(Some(text), &entry(None)).unwrap_err();
            assert!(err.contains(why), "{err}");
        }
    }

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(scalar("mary"), "mary");
        assert_eq!(scalar("2026-11-20"), "2026-11-20");
        assert_eq!(scalar("1.2.0"), "1.2.0");
        assert_eq!(scalar("123"), "\"123\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("OK: \"go\" # now"), "\"OK: \\\"go\\\" # now\"");
        let e = append(None, &entry(Some("Approved with the Saturday cutover."))).unwrap();
        assert!(e.contains("  comment: \"Approved with the Saturday cutover.\"\n"));
    }
}
