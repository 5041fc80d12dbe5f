//! Validate: a loaded [`Plan`] -> every problem the spec names, all at once.
//!
//! Date checks that need computed dates (cycles, `after` order, freeze
//! windows) live in the schedule stage; this stage checks structure,
//! references and content.

mod refs;
pub mod rehearsed;
mod runbook;
mod secrets;
mod signed;
pub mod signoff;
mod text;
pub mod writes;

use crate::diag::{self, Diagnostic, FileId, Sources};
use crate::hash::ContentHash;
use crate::model::{Method, Plan, Priority};

pub use signoff::{current_decisions, is_stale};

/// `signoff_files`: the YAML files that hold only sign-offs (left out of the
/// content hash).
pub fn validate(
    plan: &Plan,
    sources: &Sources,
    hash: &ContentHash,
    signoff_files: &[FileId],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    refs::check(plan, &mut out);
    runbook::check(plan, &mut out);
    crate::people::check::check(plan, &mut out);
    signoff::check(plan, hash, signoff_files, &mut out);
    signed::check(plan, &mut out);
    tasks(plan, &mut out);
    datasets(plan, &mut out);
    calendar(plan, &mut out);
    key_questions(plan, sources, &mut out);
    meta(plan, &mut out);
    secrets::check(sources, &mut out);
    text::check(sources, &mut out);
    diag::sort(&mut out);
    out
}

/// Missing or conflicting `due`/`during`/`start` are the schedule stage's to
/// report (it knows which rule is at fault).
fn tasks(plan: &Plan, out: &mut Vec<Diagnostic>) {
    for t in &plan.tasks {
        if t.title.value.trim().is_empty() {
            out.push(Diagnostic::error(
                t.title.pos,
                "a task's `title` cannot be empty",
            ));
        }
    }
}

fn datasets(plan: &Plan, out: &mut Vec<Diagnostic>) {
    for d in &plan.datasets {
        if d.priority.value == Priority::Must && d.method() == Method::Discard {
            let pos = d.method.as_ref().map_or(d.priority.pos, |m| m.pos);
            out.push(
                Diagnostic::error(
                    pos,
                    format!("dataset `{}` is a must-have but its method is `discard`", d.id.value),
                )
                .with_hint("a must-have dataset has to survive: use `migrate`, `archive-pdf` or `retain-legacy`, or lower its priority"),
            );
        }
    }
}

fn calendar(plan: &Plan, out: &mut Vec<Diagnostic>) {
    // An empty `workdays` is reported by the schedule stage, which knows
    // which dates need a working day.
    let cal = &plan.calendar;
    if let Some(tz) = &cal.timezone
        && tz.value.parse::<chrono_tz::Tz>().is_err()
    {
        let names = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name());
        out.push(
            Diagnostic::error(
                tz.pos,
                format!("`{}` is not an IANA time zone name", tz.value),
            )
            .with_hint_opt(crate::suggest::did_you_mean(&tz.value, names).or(Some(
                "use a name such as America/Chicago, Europe/London or UTC".into(),
            ))),
        );
    }
    let mut seen = std::collections::HashSet::new();
    for h in &cal.holidays {
        if !seen.insert(h.value) {
            out.push(Diagnostic::warning(
                h.pos,
                format!("holiday {} is listed twice", h.value.0),
            ));
        }
    }
}

fn key_questions(plan: &Plan, sources: &Sources, out: &mut Vec<Diagnostic>) {
    let Some(kq) = &plan.key_questions else {
        out.push(
            Diagnostic::warning(plan.meta.pos, "the plan answers none of the key questions")
                .with_hint("add `key_questions:` with timeline, stakeholders, data, downtime, tools, training and pipeline"),
        );
        return;
    };
    for (key, question, answer) in kq.value.entries() {
        match answer {
            Some(a) if !a.value.0.trim().is_empty() => {}
            Some(a) => out.push(
                Diagnostic::warning(
                    a.pos,
                    format!("key question `{key}` is unanswered: {question}"),
                )
                .with_hint("write the answer (Markdown) after the key"),
            ),
            None => {
                // `training:` with nothing after it reads as absent; point
                // at it if it is there.
                let written = sources.find_key_after(kq.pos.file, kq.pos.line, kq.pos.col, key);
                let hint = if written.is_some() {
                    "write the answer (Markdown) after the key".to_string()
                } else {
                    format!("add `{key}: ...` under `key_questions`")
                };
                out.push(
                    Diagnostic::warning(
                        written.unwrap_or(kq.pos),
                        format!("key question `{key}` is unanswered: {question}"),
                    )
                    .with_hint(hint),
                )
            }
        }
    }
}

fn meta(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let m = &plan.meta.value;
    if m.title.value.trim().is_empty() {
        out.push(Diagnostic::error(
            m.title.pos,
            "the plan's `title` cannot be empty",
        ));
    }
    if let Some(theme) = &m.theme {
        let ok = !theme.value.is_empty()
            && theme
                .value
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'));
        if !ok {
            out.push(
                Diagnostic::error(theme.pos, format!("`{}` is not a theme name", theme.value))
                    .with_hint(
                        "a theme is a folder name under themes/: letters, digits, `-` and `_`",
                    ),
            );
        }
    }
    for s in &plan.stakeholders {
        if let Some(e) = &s.email {
            let v = e.value.trim();
            let ok = v
                .split_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !v.contains(' '));
            if !ok {
                out.push(
                    Diagnostic::warning(
                        e.pos,
                        format!("`{v}` does not look like an e-mail address"),
                    )
                    .with_hint("write it as name@example.org"),
                );
            }
        }
    }
}
