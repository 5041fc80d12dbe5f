//! A progress file's text + one new event -> the text with the event
//! appended to its `progress:` list, every other byte as it was (comments,
//! order, other keys). `migplan start` and `migplan done` use it.
//!
//! Handled layouts: no file or an empty one (`progress:` is written), a
//! file without `progress:` (added at the end), `progress:` with no value or
//! `[]`, a block list anywhere in the file (the event goes after its last
//! entry, at its indentation), and a non-empty flow list (the event joins it
//! in flow style). Anything else is an error in words.

use std::fmt::Write;

use crate::load::tree::{Node, tree};
use crate::model::{At, TaskStatus};

/// The event to append.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub task: &'a str,
    pub at: At,
    pub status: TaskStatus,
    pub by: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// `text` with `e` appended to its `progress:` list, or why not.
pub fn append(text: &str, e: &NewEvent) -> Result<String, String> {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let root = tree(text);
    let entries = match &root {
        None if text.trim().is_empty() || only_comments(text) => {
            return Ok(format!(
                "{}progress:{nl}{}",
                with_newline(text, nl),
                block(e, 2, nl)
            ));
        }
        None => return Err("the file is not valid YAML: run `migplan check` to see why".into()),
        Some(Node::Map { entries, .. }) => entries,
        Some(_) => {
            return Err(
                "the file's top level is not a mapping of keys (such as `progress:`)".into(),
            );
        }
    };
    let Some((key, value)) = entries.iter().find(|(k, _)| k.scalar() == Some("progress")) else {
        return Ok(format!(
            "{}progress:{nl}{}",
            with_newline(text, nl),
            block(e, 2, nl)
        ));
    };
    let key_end = key.range().end;
    match value {
        // `progress:` with no value.
        // (The parser reads a missing value as `~`, with an empty span.)
        Node::Scalar { range, .. } if text[range.clone()].trim().is_empty() => {
            let at = line_end(text, key_end);
            Ok(insert_lines(text, at, &block(e, 2, nl), nl))
        }
        Node::Seq { items, range } if items.is_empty() => {
            let inner = &text[range.clone()];
            if inner.trim() != "[]" {
                return Err("`progress:` is an empty list in an unexpected form".into());
            }
            // `progress: []` becomes a block list holding the event.
            let mut start = range.start;
            while start > key_end && text.as_bytes()[start - 1] == b' ' {
                start -= 1;
            }
            let after = line_end(text, range.end);
            let rest = &text[range.end..after];
            if !rest.trim().is_empty() && !rest.trim_start().starts_with('#') {
                return Err("`progress: []` is followed by more text on its line".into());
            }
            let mut out = String::with_capacity(text.len() + 128);
            out.push_str(&text[..start]);
            out.push_str(rest.trim_end_matches(['\r', '\n']));
            out.push_str(nl);
            out.push_str(&block(e, 2, nl));
            out.push_str(text[after..].strip_prefix(nl).unwrap_or(&text[after..]));
            Ok(out)
        }
        Node::Seq { items, range } => {
            let last = items.last().map(Node::range).unwrap_or(range.clone());
            if text[range.clone()].starts_with('[') {
                // A flow list: the event joins it before the `]`.
                let close = range.end - 1;
                let mut out = String::with_capacity(text.len() + 128);
                out.push_str(&text[..last.end]);
                out.push_str(", ");
                out.push_str(&flow(e));
                out.push_str(&text[last.end..close]);
                out.push_str(&text[close..]);
                return Ok(out);
            }
            // A block list: after the last entry, at its indentation.
            let first = items.first().map(Node::range).unwrap_or(range.clone());
            let line = line_start(text, first.start);
            let Some(dash) = text[line..first.start].rfind('-') else {
                return Err("cannot tell the indentation of the `progress:` list".into());
            };
            let indent = text[line..line + dash].chars().count();
            let at = line_end(text, last.end);
            Ok(insert_lines(text, at, &block(e, indent, nl), nl))
        }
        _ => Err("`progress:` is not a list of events".into()),
    }
}

/// The event as a block list entry, `indent` spaces before its `-`.
fn block(e: &NewEvent, indent: usize, nl: &str) -> String {
    let pad = " ".repeat(indent);
    let mut s = format!("{pad}- task: {}{nl}", plain_or_quoted(e.task));
    let _ = write!(s, "{pad}  at: {}{nl}", e.at);
    let _ = write!(s, "{pad}  status: {}{nl}", e.status);
    if let Some(by) = e.by {
        let _ = write!(s, "{pad}  by: {}{nl}", plain_or_quoted(by));
    }
    if let Some(n) = e.note {
        let _ = write!(s, "{pad}  note: {}{nl}", quoted(n));
    }
    s
}

/// The event as a flow mapping.
fn flow(e: &NewEvent) -> String {
    let mut s = format!(
        "{{task: {}, at: {}, status: {}",
        plain_or_quoted(e.task),
        e.at,
        e.status
    );
    if let Some(by) = e.by {
        let _ = write!(s, ", by: {}", plain_or_quoted(by));
    }
    if let Some(n) = e.note {
        let _ = write!(s, ", note: {}", quoted(n));
    }
    s.push('}');
    s
}

/// Ids are written plain when they can be; anything else is quoted.
fn plain_or_quoted(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && s.starts_with(|c: char| c.is_ascii_alphanumeric());
    if plain { s.to_string() } else { quoted(s) }
}

/// A YAML double-quoted scalar (JSON's string escapes are valid YAML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn only_comments(text: &str) -> bool {
    text.lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
}

fn with_newline<'a>(text: &'a str, nl: &str) -> std::borrow::Cow<'a, str> {
    if text.is_empty() || text.ends_with('\n') {
        text.into()
    } else {
        format!("{text}{nl}").into()
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The index just past the line break of the line holding `at` (the text's
/// end when it has no final line break).
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// `lines` inserted at `at` (a line start, or the end of a text that may
/// lack its final line break).
fn insert_lines(text: &str, at: usize, lines: &str, nl: &str) -> String {
    let mut out = String::with_capacity(text.len() + lines.len() + 2);
    out.push_str(&text[..at]);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(nl);
    }
    out.push_str(lines);
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(note: Option<&'static str>) -> NewEvent<'static> {
        NewEvent {
            task: "order-hardware",
            at: At::parse("2026-11-20").unwrap(),
            status: TaskStatus::Done,
            by: Some("it-manager"),
            note,
        }
    }

    const EVENT: &str =
        "  - task: order-hardware\n    at: 2026-11-20\n    status: done\n    by: it-manager\n";

    #[test]
    fn new_and_empty_files() {
        assert_eq!(
            append("", &done(None)).unwrap(),
            format!("progress:\n{EVENT}")
        );
        assert_eq!(
            append("# log\n", &done(None)).unwrap(),
            format!("# log\nprogress:\n{EVENT}")
        );
        assert_eq!(
            append("progress:\n", &done(None)).unwrap(),
            format!("progress:\n{EVENT}")
        );
        assert_eq!(
            append("progress: []  # none yet\n", &done(None)).unwrap(),
            format!("progress:  # none yet\n{EVENT}")
        );
        assert_eq!(
            append("tasks: []\n", &done(None)).unwrap(),
            format!("tasks: []\nprogress:\n{EVENT}")
        );
    }

    #[test]
    fn block_lists_keep_every_other_byte() {
        let text = "# header\nprogress:\n- task: a   # first\n  at: 2026-11-01\n  status: doing\n\n# later: b\nrisks: []\n";
        let out = append(text, &done(Some("Said \"yes\": 100%"))).unwrap();
        assert_eq!(
            out,
            "# header\nprogress:\n- task: a   # first\n  at: 2026-11-01\n  status: doing\n- task: order-hardware\n  at: 2026-11-20\n  status: done\n  by: it-manager\n  note: \"Said \\\"yes\\\": 100%\"\n\n# later: b\nrisks: []\n"
        );
        // No final line break: one is added before the event.
        let out = append(
            "progress:\n  - {task: a, at: 2026-11-01, status: doing}",
            &done(None),
        )
        .unwrap();
        assert_eq!(
            out,
            format!("progress:\n  - {{task: a, at: 2026-11-01, status: doing}}\n{EVENT}")
        );
    }

    #[test]
    fn flow_lists_stay_flow() {
        let out = append(
            "progress: [{task: a, at: 2026-11-01, status: doing}]\n",
            &done(None),
        )
        .unwrap();
        assert_eq!(
            out,
            "progress: [{task: a, at: 2026-11-01, status: doing}, {task: order-hardware, at: 2026-11-20, status: done, by: it-manager}]\n"
        );
    }

    #[test]
    fn refuses_what_it_cannot_extend() {
        assert!(append("progress: 3\n", &done(None)).is_err());
        assert!(append("progress: {a: 1}\n", &done(None)).is_err());
        assert!(append("- a\n- b\n", &done(None)).is_err());
        assert!(append("progress: [\n", &done(None)).is_err());
    }

    #[test]
    fn odd_ids_are_quoted() {
        let e = NewEvent {
            task: "a: b",
            ..done(None)
        };
        assert!(append("", &e).unwrap().contains("- task: \"a: b\"\n"));
    }
}
