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
    merged(out)
}

/// Sorted, overlapping ranges joined.
fn merged(mut out: Vec<Range<usize>>) -> Vec<Range<usize>> {
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

/// [`ranges`] without parsing the text a second time, from what the
/// loader's own parse found: `statuses` are the positions (line, column,
/// both from 1) of every `status` value of `plan`, `tasks`, `addons` and
/// `risks` in the file. `None` when the text is not in the one shape this
/// reads for certain (each `status: word` on a line of its own, no other
/// `status` key anywhere, no `progress`): then [`ranges`] must parse it.
///
/// Why the result is [`ranges`]' own: every occurrence of `status` that
/// could be a key is counted, and the count must equal the number of
/// positions; each position must sit on a line `status: word` (indented,
/// perhaps after `- `), which is one of those occurrences. So the keys cut
/// here are exactly the `status` keys of the file, each a key of a plan,
/// task, add-on or risk mapping (the loader says so), which are the pairs
/// [`ranges`] cuts; and a plain one-word key and value on one line have the
/// byte ranges read here.
pub fn ranges_known(text: &str, statuses: &[(u32, u32)]) -> Option<Vec<Range<usize>>> {
    if text.contains("progress") || key_like(text, "status") != statuses.len() {
        return None;
    }
    if statuses.is_empty() {
        return Some(Vec::new());
    }
    let mut sorted = statuses.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.len() != statuses.len() {
        return None;
    }
    let mut out = Vec::with_capacity(sorted.len());
    // (line number from 1, byte offset of its start), walked forward.
    let (mut line_no, mut line_start) = (1u32, 0usize);
    for (line, col) in sorted {
        while line_no < line {
            line_start += text[line_start..].find('\n')? + 1;
            line_no += 1;
        }
        let end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let (key, value) = status_line(&text[line_start..end], col)?;
        out.push(pair(text, line_start + key, line_start + value));
    }
    Some(merged(out))
}

/// `status: word` on a line of its own (indented, perhaps after `- `),
/// with `word` starting at column `col`: the byte offsets of the key's
/// start and of the value's end.
fn status_line(line: &str, col: u32) -> Option<(usize, usize)> {
    let b = line.as_bytes();
    let mut i = b.iter().take_while(|&&c| c == b' ').count();
    if b.get(i) == Some(&b'-') {
        if b.get(i + 1) != Some(&b' ') {
            return None;
        }
        i += 1;
        i += b[i..].iter().take_while(|&&c| c == b' ').count();
    }
    let key = i;
    if !line[key..].starts_with("status") {
        return None;
    }
    i += "status".len();
    i += b[i..].iter().take_while(|&&c| c == b' ').count();
    if b.get(i) != Some(&b':') || b.get(i + 1) != Some(&b' ') {
        return None;
    }
    i += 1;
    i += b[i..].iter().take_while(|&&c| c == b' ').count();
    let word = b[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
        .count();
    // Everything before the value is ASCII: its column is its byte offset.
    if word == 0 || i + 1 != col as usize {
        return None;
    }
    let value_end = i + word;
    let rest = &line[value_end..];
    let after = rest.trim_start_matches([' ', '\t']);
    let clean = rest.is_empty()
        || rest.len() != after.len() && (after.is_empty() || after.starts_with('#'))
        || rest == "\r";
    clean.then_some((key, value_end))
}

/// Occurrences of `key` in `text` that could be a YAML key: all but those
/// inside a longer word or followed, on the same line, by a letter or
/// digit (prose: "the status of"). Over-counting is safe (the caller then
/// parses).
fn key_like(text: &str, key: &str) -> usize {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    text.match_indices(key)
        .filter(|(at, _)| {
            let rest = &text.as_bytes()[at + key.len()..];
            if rest.first().is_some_and(|&c| word(c)) {
                return false;
            }
            let next = rest.iter().find(|&&c| c != b' ' && c != b'\t');
            !next.is_some_and(|c| c.is_ascii_alphanumeric())
        })
        .count()
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

    /// The statuses' positions as the loader's parse gives them.
    fn known(text: &str) -> Option<Vec<Range<usize>>> {
        let f = crate::load::yaml::parse::<crate::model::PlanFile>(crate::diag::FileId(0), 0, text)
            .unwrap();
        ranges_known(text, &crate::load::statuses(&f))
    }

    #[test]
    fn ranges_from_the_parse_are_the_ranges_of_the_tree() {
        let fast = [
            "plan:\n  title: T\n  version: 1.0.0\n  status: draft  # yes\ntasks:\n  - id: a\n    title: A\n    due: 2026-01-01\n    status: done\n  -   status : todo\n      id: b\n      title: B\n      due: 2026-01-02\nrisks:\n  - id: r\n    title: R\n    status: open\n",
            "tasks:\r\n  - id: a\r\n    title: A\r\n    status: done\r\n    notes: A long statuses note\r\n",
            "tasks:\n  - id: a\n    title: the status of it\n    status: done",
            "phases: [a]\n",
        ];
        for text in fast {
            assert_eq!(known(text), Some(ranges(text)), "{text:?}");
        }
        // Shapes read only by the tree.
        let slow = [
            "tasks:\n  - {id: a, title: A, status: done}\n",
            "tasks:\n  - id: a\n    title: A\n    status:\n      done\n",
            "tasks:\n  - id: a\n    title: A\n    \"status\": done\n",
            "tasks:\n  - id: a\n    title: A\n    status: done\n    notes: \"status: x\"\n",
            "tasks:\n  - id: a\n    title: A\n    notes: |\n      status: x\n",
            "tasks:\n  - id: a\n    title: A\n    notes: in progress\n",
        ];
        for text in slow {
            assert_eq!(known(text), None, "{text:?}");
        }
    }

    #[test]
    fn broken_text_gives_no_ranges() {
        assert!(ranges("tasks: [\n").is_empty());
        assert!(ranges("").is_empty());
        assert!(ranges("just text").is_empty());
    }
}
