//! Where an expression is written: its byte range in a prose text + where
//! that text came from -> `file:line:col`.
//!
//! A Markdown body maps line for line onto its file. A YAML value (the
//! summary, an answer) does not (indentation, folding, quoting), so the
//! expression is found in the file's text itself, searching from the
//! value's position for the same characters; only when they are not there
//! as written (an escaped quote inside a quoted scalar) does the position
//! fall back to the value.

use crate::diag::{FileId, Pos, Sources};

/// Where a piece of prose was written, for diagnostics.
#[derive(Debug, Clone, Copy)]
pub enum Origin {
    /// A Markdown file's body, starting at `first_line` (1-based) of `file`.
    Lines { file: FileId, first_line: u32 },
    /// A YAML value (the summary, an answer).
    Value(Pos),
}

/// The position of `src[start..end]`, and whether it is exact (`false`:
/// the position of the whole YAML value the text came from).
pub fn position(
    src: &str,
    start: usize,
    end: usize,
    origin: Origin,
    sources: Option<&Sources>,
) -> (Pos, bool) {
    let len = src[start..end].chars().count() as u32;
    match origin {
        Origin::Lines { file, first_line } => {
            let (line, col) = line_col(src, start);
            (Pos::new(file, first_line + line - 1, col, len), true)
        }
        Origin::Value(pos) => {
            let nth = src[..start].matches(&src[start..end]).count();
            match sources.and_then(|s| in_file(s, pos, &src[start..end], nth)) {
                Some(found) => (found, true),
                None => (pos, false),
            }
        }
    }
}

/// 1-based line and column (in characters) of byte `at` of `text`.
fn line_col(text: &str, at: usize) -> (u32, u32) {
    let before = &text[..at];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count() as u32
        + 1;
    (line, col)
}

/// The `nth` occurrence (0-based) of `needle` in `pos`'s file at or after
/// `pos`.
fn in_file(sources: &Sources, pos: Pos, needle: &str, nth: usize) -> Option<Pos> {
    if !pos.is_known() {
        return None;
    }
    let text = &sources.files().get(pos.file.0 as usize)?.text;
    // The byte offset of the value's line and column.
    let line_start = if pos.line == 1 {
        0
    } else {
        text.match_indices('\n').nth(pos.line as usize - 2)?.0 + 1
    };
    let from = text[line_start..]
        .char_indices()
        .nth(pos.col.saturating_sub(1) as usize)
        .map_or(text.len(), |(i, _)| line_start + i);
    let (at, _) = text[from..].match_indices(needle).nth(nth)?;
    let (line, col) = line_col(text, from + at);
    Some(Pos::new(pos.file, line, col, needle.chars().count() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_markdown_body_maps_line_for_line() {
        let src = "a {{ x }}\nb {{y}}";
        let start = src.find("{{y").unwrap();
        let origin = Origin::Lines {
            file: FileId(0),
            first_line: 5,
        };
        let (p, exact) = position(src, start, start + 5, origin, None);
        assert_eq!((p.line, p.col, p.len, exact), (6, 3, 5, true));
    }

    #[test]
    fn a_yaml_value_is_searched_in_its_file() {
        let mut sources = Sources::default();
        let file = "plan:\n  summary: >\n    Go-live is {{ a }}\n    and {{ a }} again.\n";
        let id = sources.add("plan.yaml".into(), file.into());
        // The folded value as the loader gives it.
        let value = "Go-live is {{ a }} and {{ a }} again.\n";
        let origin = Origin::Value(Pos::new(id, 2, 12, 1));
        let second = value.rfind("{{").unwrap();
        let (p, exact) = position(value, second, second + 7, origin, Some(&sources));
        assert_eq!((p.line, p.col, p.len, exact), (4, 9, 7, true));
        // Not written as is (escaped in the file): the value's position.
        let (p, exact) = position("{{ b }}", 0, 7, origin, Some(&sources));
        assert_eq!((p.line, p.col, exact), (2, 12, false));
    }
}
