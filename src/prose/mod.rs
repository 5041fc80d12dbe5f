//! Expressions in prose, in one place: `{{ ... }}` in section bodies, the
//! summary and the key questions' answers.
//!
//! ```text
//! scan.rs    prose text                -> its expressions (byte ranges)
//! eval.rs    expression + computed plan -> a value (date, text) or an error
//! locate.rs  byte range + origin       -> file:line:col of the expression
//! ```
//!
//! [`expand`] runs all three over one text and is what both renderers
//! (HTML and PDF) call; [`check`] runs it over every text of the plan, so
//! `migplan check` finds an unknown anchor in a section, not only `build`,
//! at the expression's own line and column.

mod eval;
mod locate;
mod scan;

pub use eval::{ExprError, Value, eval, resolve_anchor};
pub use locate::{Origin, position};
pub use scan::{Expr, scan};

use crate::diag::{Diagnostic, Sources};
use crate::model::Plan;
use crate::schedule::Schedule;

/// One stretch of a prose text after evaluation.
#[derive(Debug, Clone)]
pub enum Piece<'a> {
    /// Text written around the expressions.
    Text(&'a str),
    /// An expression's value.
    Value(Value),
    /// An expression that failed: as written, and the error at its place.
    Failed {
        written: &'a str,
        diagnostic: Box<Diagnostic>,
    },
}

/// `src` cut into text and evaluated expressions, in order. `sources` (the
/// loaded files) lets an expression in a YAML value be placed exactly.
pub fn expand<'a>(
    src: &'a str,
    origin: Origin,
    plan: &Plan,
    schedule: &Schedule,
    sources: Option<&Sources>,
) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut last = 0;
    for e in scan(src) {
        if e.start > last {
            out.push(Piece::Text(&src[last..e.start]));
        }
        out.push(match eval(e.inner, plan, schedule) {
            Ok(v) => Piece::Value(v),
            Err(err) => {
                let (pos, exact) = position(src, e.start, e.end, origin, sources);
                let mut d = Diagnostic::error(pos, err.message);
                if !exact {
                    d = d.with_note(
                        None,
                        format!("in the Markdown of this value: `{}`", e.written(src)),
                    );
                }
                Piece::Failed {
                    written: e.written(src),
                    diagnostic: Box::new(d.with_hint_opt(err.hint)),
                }
            }
        });
        last = e.end;
    }
    if last < src.len() {
        out.push(Piece::Text(&src[last..]));
    }
    out
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

/// Evaluates every expression in the plan's prose; one error per failure,
/// at the expression's own file, line and column (`sources`: the loaded
/// files, to place an expression inside a YAML value).
pub fn check_at(plan: &Plan, schedule: &Schedule, sources: &Sources) -> Vec<Diagnostic> {
    check_with(plan, schedule, Some(sources))
}

/// [`check_at`] without the files: an expression inside a YAML value is
/// reported at the value.
pub fn check(plan: &Plan, schedule: &Schedule) -> Vec<Diagnostic> {
    check_with(plan, schedule, None)
}

fn check_with(plan: &Plan, schedule: &Schedule, sources: Option<&Sources>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (src, origin) in texts(plan) {
        for piece in expand(src, origin, plan, schedule, sources) {
            if let Piece::Failed { diagnostic, .. } = piece {
                diags.push(*diagnostic);
            }
        }
    }
    diags
}
