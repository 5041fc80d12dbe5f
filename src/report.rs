//! Diagnostics -> text for a terminal (`path:line:col`, source line, caret,
//! hint) or JSON for editors and CI.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::Serialize;

use crate::diag::{Diagnostic, Location, Severity, Sources};

/// ANSI colours, or none (piped output, `NO_COLOR`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Renders one diagnostic as text:
///
/// ```text
/// content/plan.yaml:3:3: error: unknown key `verison`
///   |
/// 3 |   verison: 1.2.0
///   |   ^^^^^^^
///   = hint: did you mean `version`?
/// ```
pub fn render(d: &Diagnostic, sources: &Sources, style: Style) -> String {
    let mut out = String::new();
    let sev = match d.severity {
        Severity::Error => style.paint("1;31", "error"),
        Severity::Warning => style.paint("1;33", "warning"),
    };
    let place = match &d.location {
        Location::At(p) => format!("{}: ", sources.locate(*p)),
        Location::Path(p) => format!("{}: ", p.display()),
        Location::Project => String::new(),
    };
    let _ = writeln!(
        out,
        "{}{sev}: {}",
        style.paint("1", &printable(&place)),
        style.paint("1", &printable_lines(&d.message))
    );
    if let Some(pos) = d.pos() {
        snippet(&mut out, sources, pos, style);
    }
    for note in &d.notes {
        match note.pos {
            Some(p) => {
                let _ = writeln!(
                    out,
                    "  = note: {}: {}",
                    printable(&sources.locate(p).to_string()),
                    printable_lines(&note.message)
                );
            }
            None => {
                let _ = writeln!(out, "  = note: {}", printable_lines(&note.message));
            }
        }
    }
    if let Some(h) = &d.hint {
        let h = printable_lines(h);
        let mut lines = h.lines();
        if let Some(first) = lines.next() {
            let _ = writeln!(out, "  = {}: {first}", style.paint("1;36", "hint"));
        }
        for l in lines {
            let _ = writeln!(out, "          {l}");
        }
    }
    out
}

fn snippet(out: &mut String, sources: &Sources, pos: crate::diag::Pos, style: Style) {
    let Some(line) = sources.line(pos.file, pos.line) else {
        return;
    };
    let line = line.trim_end_matches('\r');
    let num = pos.line.to_string();
    let pad = " ".repeat(num.len());
    let bar = style.paint("1;34", "|");
    // Tabs would misalign the caret; show them as one space each. Other
    // control characters (terminal escape sequences in a hostile plan) are
    // shown as U+FFFD, one column each, so they never reach the terminal.
    let chars: Vec<char> = line
        .chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() || crate::render::text::is_bidi_control(c) => '\u{FFFD}',
            c => c,
        })
        .collect();
    let width = chars.len();
    let col = (pos.col.max(1) as usize - 1).min(width);
    let len = (pos.len.max(1) as usize).min(width.saturating_sub(col).max(1));
    // A very long line (minified data, a pasted blob) is shown as a window
    // around the caret.
    let (from, to) = window(width, col, len);
    let len = len.min(to.saturating_sub(col)).max(1);
    let mut shown: String = chars[from..to].iter().collect();
    let col = if from > 0 {
        shown.insert(0, '…');
        col - from + 1
    } else {
        col
    };
    if to < width {
        shown.push('…');
    }
    let _ = writeln!(out, "{pad} {bar}");
    let _ = writeln!(out, "{} {bar} {shown}", style.paint("1;34", &num));
    let _ = writeln!(
        out,
        "{pad} {bar} {}{}",
        " ".repeat(col),
        style.paint("1;31", &"^".repeat(len))
    );
}

/// The widest source line shown in full; longer ones are cut around the caret.
const MAX_SHOWN: usize = 160;

/// The slice `[from, to)` of a line of `width` chars to show so that the
/// caret at `col` (and as much of its `len` as fits) is visible.
fn window(width: usize, col: usize, len: usize) -> (usize, usize) {
    if width <= MAX_SHOWN {
        return (0, width);
    }
    let from = col.saturating_sub(40);
    let to = (col + len.min(MAX_SHOWN - 40))
        .max(from + MAX_SHOWN)
        .min(width);
    (from, to)
}

/// `s` with control characters replaced (U+FFFD), so that text from a plan
/// cannot drive the terminal.
pub(crate) fn printable(s: &str) -> Cow<'_, str> {
    replace_control(s, false)
}

/// [`printable`], keeping line breaks.
pub(crate) fn printable_lines(s: &str) -> Cow<'_, str> {
    replace_control(s, true)
}

fn replace_control(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() || crate::render::text::is_bidi_control(c)) && !(keep_newlines && c == '\n')
    };
    if s.chars().any(bad) {
        Cow::Owned(
            s.chars()
                .map(|c| if bad(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// All diagnostics as text, then a one-line summary.
pub fn render_all(diags: &[Diagnostic], sources: &Sources, style: Style) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&render(d, sources, style));
        out.push('\n');
    }
    out
}

/// "2 errors, 1 warning" (or "no problems").
pub fn summary(diags: &[Diagnostic]) -> String {
    let e = diags.iter().filter(|d| d.is_error()).count();
    let w = diags.len() - e;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (e, w) {
        (0, 0) => "no problems".into(),
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}

#[derive(Serialize)]
struct JsonDiag<'a> {
    severity: &'a str,
    file: Option<String>,
    line: Option<u32>,
    column: Option<u32>,
    length: Option<u32>,
    message: &'a str,
    hint: Option<&'a str>,
    notes: Vec<JsonNote<'a>>,
}

#[derive(Serialize)]
struct JsonNote<'a> {
    file: Option<String>,
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
}

/// `{"diagnostics": [...], "errors": N, "warnings": N}` for editors and CI.
pub fn render_json(diags: &[Diagnostic], sources: &Sources) -> String {
    let path = |p: &std::path::Path| p.to_string_lossy().replace('\\', "/");
    let items: Vec<JsonDiag> = diags
        .iter()
        .map(|d| {
            let (file, line, column, length) = match &d.location {
                Location::At(p) => (
                    Some(path(sources.path(p.file))),
                    Some(p.line),
                    Some(p.col),
                    Some(p.len),
                ),
                Location::Path(p) => (Some(path(p)), None, None, None),
                Location::Project => (None, None, None, None),
            };
            JsonDiag {
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                file,
                line,
                column,
                length,
                message: &d.message,
                hint: d.hint.as_deref(),
                notes: d
                    .notes
                    .iter()
                    .map(|n| JsonNote {
                        file: n.pos.map(|p| path(sources.path(p.file))),
                        line: n.pos.map(|p| p.line),
                        column: n.pos.map(|p| p.col),
                        message: &n.message,
                    })
                    .collect(),
            }
        })
        .collect();
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let doc = serde_json::json!({
        "diagnostics": items,
        "errors": errors,
        "warnings": diags.len() - errors,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{FileId, Pos};

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let mut sources = Sources::default();
        let f = sources.add(
            "esc.yaml".into(),
            "title: \"\x1b]0;PWNED\x07\x1b[2J\"\n".into(),
        );
        let d = Diagnostic::error(
            crate::diag::Pos {
                file: f,
                line: 1,
                col: 8,
                len: 3,
            },
            "bad \x1b[31mtitle",
        )
        .with_hint("see \x1b[2J");
        let text = render(&d, &sources, Style { color: false });
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(text.contains("title: \"\u{FFFD}]0;PWNED"), "{text}");
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let mut sources = Sources::default();
        let line = format!("{}BAD{}", "a".repeat(5000), "b".repeat(5000));
        let f = sources.add("long.yaml".into(), line);
        let d = Diagnostic::error(
            crate::diag::Pos {
                file: f,
                line: 1,
                col: 5001,
                len: 3,
            },
            "here",
        );
        let text = render(&d, &sources, Style { color: false });
        let lines: Vec<&str> = text.lines().collect();
        let shown = lines[2];
        let caret = lines[3];
        assert!(shown.chars().count() < 200, "{shown}");
        let at = shown[..shown.find("BAD").unwrap()].chars().count();
        assert_eq!(caret.find('^').unwrap(), at, "{shown}\n{caret}");
        assert!(caret.ends_with("^^^"));
    }

    #[test]
    fn renders_caret_under_the_culprit() {
        let mut s = Sources::default();
        s.add("content/plan.yaml".into(), "plan:\n  verison: 1\n".into());
        let d = Diagnostic::error(Pos::new(FileId(0), 2, 3, 7), "unknown key `verison`")
            .with_hint("did you mean `version`?");
        let text = render(&d, &s, Style { color: false });
        assert_eq!(
            text,
            "content/plan.yaml:2:3: error: unknown key `verison`\n  |\n2 |   verison: 1\n  |   ^^^^^^^\n  = hint: did you mean `version`?\n"
        );
    }

    #[test]
    fn json_has_positions() {
        let mut s = Sources::default();
        s.add("content/a.yaml".into(), "x\n".into());
        let d = Diagnostic::warning(Pos::new(FileId(0), 1, 1, 1), "m");
        let j: serde_json::Value = serde_json::from_str(&render_json(&[d], &s)).unwrap();
        assert_eq!(j["warnings"], 1);
        assert_eq!(j["diagnostics"][0]["file"], "content/a.yaml");
        assert_eq!(j["diagnostics"][0]["line"], 1);
    }
}
