//! Expressions in prose: Markdown text -> its `{{ ... }}` expressions with
//! their positions, and the check that every one of them evaluates against
//! the computed plan (so `migplan check` finds an unknown anchor in a
//! section, not only `build`).

use crate::diag::{Diagnostic, FileId, Pos};
use crate::model::Plan;
use crate::render::html::expr;
use crate::schedule::Schedule;

/// One `{{ ... }}` in a text: byte range of the whole expression (braces
/// included) and the text between the braces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expr<'a> {
    pub start: usize,
    pub end: usize,
    pub inner: &'a str,
}

/// Every `{{ ... }}` in `src`, in order. An unclosed `{{` ends the scan.
pub fn scan(src: &str) -> Vec<Expr<'_>> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(found) = src[rest..].find("{{") {
        let start = rest + found;
        let Some(len) = src[start + 2..].find("}}") else {
            break;
        };
        let end = start + 2 + len + 2;
        out.push(Expr {
            start,
            end,
            inner: &src[start + 2..end - 2],
        });
        rest = end;
    }
    out
}

/// Where a piece of prose was written, for diagnostics.
#[derive(Debug, Clone, Copy)]
pub enum Origin {
    /// A Markdown file's body, starting at `first_line` (1-based) of `file`.
    Lines { file: FileId, first_line: u32 },
    /// A YAML value (the summary, an answer): problems point at the value.
    Value(Pos),
}

/// The position of `src[start..end]`.
pub fn position(src: &str, start: usize, end: usize, origin: Origin) -> Pos {
    let before = &src[..start];
    let line = before.matches('\n').count() as u32;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count() as u32
        + 1;
    let len = src[start..end].chars().count() as u32;
    match origin {
        Origin::Lines { file, first_line } => Pos::new(file, first_line + line, col, len),
        Origin::Value(pos) => pos,
    }
}

/// Every prose text of the plan: section bodies, the summary and the key
/// questions' answers.
pub fn texts(plan: &Plan) -> Vec<(&str, Origin)> {
    let mut out = Vec::new();
    if let Some(s) = &plan.meta.summary {
        out.push((s.value.as_str(), Origin::Value(s.pos)));
    }
    if let Some(kq) = &plan.key_questions {
        for (_, _, answer) in kq.value.entries() {
            if let Some(a) = answer {
                out.push((a.value.0.as_str(), Origin::Value(a.pos)));
            }
        }
    }
    for s in &plan.sections {
        out.push((
            s.body.as_str(),
            Origin::Lines {
                file: s.file,
                first_line: s.body_line,
            },
        ));
    }
    out
}

/// Evaluates every expression in the plan's prose; one error per failure.
pub fn check(plan: &Plan, schedule: &Schedule) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (src, origin) in texts(plan) {
        for e in scan(src) {
            if let Err(err) = expr::eval(e.inner, plan, schedule) {
                let mut d = Diagnostic::error(position(src, e.start, e.end, origin), err.message);
                if let Origin::Value(_) = origin {
                    d = d.with_note(None, "in the Markdown of this value");
                }
                diags.push(d.with_hint_opt(err.hint));
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_expressions_with_positions() {
        let src = "a {{ x }}\nb {{y}} {{ open";
        let found = scan(src);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].inner, " x ");
        assert_eq!(found[1].inner, "y");
        let p = position(
            src,
            found[1].start,
            found[1].end,
            Origin::Lines {
                file: FileId(0),
                first_line: 5,
            },
        );
        assert_eq!((p.line, p.col, p.len), (6, 3, 5));
    }
}
