//! One YAML file's text -> the byte ranges the content hash leaves out.
//!
//! The content hash names the plan of record: what signers approve. The
//! plan in motion is not part of it: `plan.status`, the `status` of tasks,
//! add-ons and risks, and every `progress` entry. This walks the file's YAML
//! events (granit-parser, the parser serde-saphyr itself uses, so both read
//! the same structure) and returns where those keys and their values sit.
//!
//! A `key: value` pair is cut from its key to the end of its value; when it
//! has a line of its own, the whole line goes (with a trailing comment), so
//! that adding or removing a `status:` line leaves the hash as it was. A
//! top-level `progress:` block is cut up to the next top-level key, so that
//! events appended at its end (with comments between them) never count.

use std::ops::Range;

use granit_parser::StructureStyle;

use super::tree::{Node, tree};

/// Keys whose `status` is the plan in motion, not the plan of record.
const STATUS_HOLDERS: &[&str] = &["tasks", "addons", "risks"];

/// Byte ranges of `text` to leave out of the hash, sorted and disjoint.
/// Text that does not parse gives no ranges (it fails to load anyway).
pub fn ranges(text: &str) -> Vec<Range<usize>> {
    // Both keys are written out in any file that has them (YAML has no
    // other way to spell a key in plain text): most files need no parse.
    if !text.contains("status") && !text.contains("progress") {
        return Vec::new();
    }
    let Some(root) = tree(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let Node::Map { entries, style, .. } = &root else {
        return out;
    };
    for (i, (key, value)) in entries.iter().enumerate() {
        match key.scalar() {
            Some("progress") => {
                let end = match (style, entries.get(i + 1)) {
                    (StructureStyle::Block, Some((next, _))) => {
                        line_start(text, next.range().start)
                    }
                    (StructureStyle::Block, None) => text.len(),
                    _ => value.range().end,
                };
                out.push(pair(text, key.range().start, end));
            }
            Some("plan") => status_of(text, value, &mut out),
            Some(k) if STATUS_HOLDERS.contains(&k) => {
                if let Node::Seq { items, .. } = value {
                    for item in items {
                        status_of(text, item, &mut out);
                    }
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in out {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// `text` without `ranges` (as [`ranges`] returns them).
pub fn without(text: &str, ranges: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in ranges {
        out.push_str(&text[at..r.start]);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The `status` entry of a mapping, if any.
fn status_of(text: &str, node: &Node, out: &mut Vec<Range<usize>>) {
    if let Node::Map { entries, .. } = node {
        for (k, v) in entries {
            if k.scalar() == Some("status") {
                out.push(pair(text, k.range().start, v.range().end));
            }
        }
    }
}

/// A key-to-value range, widened: over a trailing comment, over a flow
/// mapping's `,`, and to whole lines when the pair starts its line.
fn pair(text: &str, start: usize, end: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut end = end;
    while end < bytes.len() && (bytes[end] == b' ' || bytes[end] == b'\t') {
        end += 1;
    }
    if end < bytes.len() && bytes[end] == b'#' {
        while end < bytes.len() && bytes[end] != b'\n' {
            end += 1;
        }
    } else if end < bytes.len() && bytes[end] == b',' {
        end += 1;
        while end < bytes.len() && bytes[end] == b' ' {
            end += 1;
        }
    }
    let from = line_start(text, start);
    let own_line = text[from..start].trim().is_empty();
    let at_eol = end >= bytes.len() || bytes[end] == b'\n' || bytes[end] == b'\r';
    if own_line && at_eol {
        while end < bytes.len() && bytes[end] != b'\n' {
            end += 1;
        }
        (from..(end + 1).min(bytes.len())).clone()
    } else {
        start..end
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashed(text: &str) -> String {
        without(text, &ranges(text))
    }

    #[test]
    fn status_lines_and_progress_blocks_leave_the_hash() {
        let a = "plan:\n  title: T\n  status: draft\ntasks:\n  - id: a\n    status: todo   # not yet\n    due: 2026-01-01\nprogress:\n  - task: a\n    at: 2026-01-02\n# more to come\nrisks: []\n";
        let b = "plan:\n  title: T\n  status: approved\ntasks:\n  - id: a\n    due: 2026-01-01\nprogress:\n  - task: a\n    at: 2026-01-02\n  - task: a\n    at: 2026-01-03\n    status: done\nrisks: []\n";
        assert_eq!(hashed(a), hashed(b));
        assert_eq!(
            hashed(a),
            "plan:\n  title: T\ntasks:\n  - id: a\n    due: 2026-01-01\nrisks: []\n"
        );
    }

    #[test]
    fn the_plan_of_record_stays_in() {
        let a = "tasks:\n  - id: a\n    title: One\n    due: 2026-01-01\n";
        for b in [
            "tasks:\n  - id: a\n    title: Two\n    due: 2026-01-01\n",
            "tasks:\n  - id: a\n    title: One\n    due: 2026-01-02\n",
            "tasks:\n  - id: a\n    title: One\n    due: 2026-01-01\n  - id: b\n    due: x\n",
        ] {
            assert_ne!(hashed(a), hashed(b), "{b}");
        }
        // A `status` that is not a task's (a dataset has none, but a nested
        // mapping under a task might use the word) is not cut.
        let c = "datasets:\n  - id: d\n    status: x\n";
        assert_eq!(hashed(c), c);
    }

    #[test]
    fn flow_mappings_and_progress_last() {
        let a = "tasks:\n  - {id: a, status: done, due: 2026-01-01}\nprogress: [{task: a, at: 2026-01-01}]\n";
        let b = "tasks:\n  - {id: a, due: 2026-01-01}\n";
        assert_eq!(hashed(a), hashed(b));
        assert_eq!(hashed(b), b);
    }

    #[test]
    fn broken_text_gives_no_ranges() {
        assert!(ranges("tasks: [\n").is_empty());
        assert!(ranges("").is_empty());
        assert!(ranges("just text").is_empty());
    }
}
