//! `migplan check`: load, validate and schedule without writing anything.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Exit, Term};
use crate::report;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub as_of: NaiveDate,
    pub deny_warnings: bool,
    /// Exit 1 when any task is overdue (for CI and scheduled checks).
    pub deny_overdue: bool,
    pub format: Format,
}

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    let (diags, sources, code) = match crate::compile(&opts.root, opts.as_of) {
        Ok(c) => {
            let code = if opts.deny_warnings && !c.warnings.is_empty() {
                Exit::PlanErrors
            } else {
                Exit::Ok
            };
            let tasks = c.plan.tasks.len();
            let overdue = c.schedule.tasks.iter().filter(|t| t.overdue).count();
            let code = if opts.deny_overdue && overdue > 0 {
                if opts.format == Format::Text {
                    for (t, d) in c
                        .plan
                        .tasks
                        .iter()
                        .zip(&c.schedule.tasks)
                        .filter(|(_, d)| d.overdue)
                    {
                        let _ = writeln!(
                            term.err,
                            "overdue: {} (due {}, {})",
                            t.id.value,
                            d.due.date,
                            t.status()
                        );
                    }
                }
                Exit::PlanErrors
            } else {
                code
            };
            if opts.format == Format::Text {
                term.diagnostics(&c.warnings, &c.sources);
                unmatched_labels(&c.plan, term);
                let _ = writeln!(
                    term.err,
                    "migplan: {} ({} files, {tasks} tasks, {overdue} overdue as of {})",
                    report::summary(&c.warnings),
                    c.sources.files().len(),
                    opts.as_of
                );
            }
            (c.warnings, c.sources, code)
        }
        Err(f) => {
            let code = if f.io_error {
                Exit::Usage
            } else {
                Exit::PlanErrors
            };
            if opts.format == Format::Text {
                super::report_failure(term, &f);
            }
            (f.diagnostics, f.sources, code)
        }
    };
    if opts.format == Format::Json {
        let _ = term
            .out
            .write_all(report::render_json(&diags, &sources).as_bytes());
    }
    code
}

/// Owner labels that name no stakeholder, as a hint (not a warning: a plan
/// grows into people gradually). Only once the plan has begun to tie
/// owners to people (an `owns`, or an owner that is a stakeholder id): a
/// plan of free-text owners hears nothing new.
fn unmatched_labels(plan: &crate::model::Plan, term: &mut Term) {
    let people = crate::people::People::new(plan);
    if !people.uses_people() {
        return;
    }
    let labels = people.unmatched_labels();
    if labels.is_empty() {
        return;
    }
    let list: Vec<String> = labels.iter().map(|(l, n)| format!("{l} ({n})")).collect();
    let _ = writeln!(
        term.err,
        "hint: {} owner label{} name{} no stakeholder: {}\n  = add {} to a stakeholder's `owns:` (or write a stakeholder id as the owner) to give it a person's page and calendar",
        labels.len(),
        if labels.len() == 1 { "" } else { "s" },
        if labels.len() == 1 { "s" } else { "" },
        list.join(", "),
        if labels.len() == 1 { "it" } else { "each" },
    );
}
