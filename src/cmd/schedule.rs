//! `migplan schedule`: the computed schedule as a table, JSON, CSV or ICS.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Exit, Term};
use crate::render;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
    Ics,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub as_of: NaiveDate,
    pub format: Format,
    /// Start the CSV with a UTF-8 byte order mark (for Excel).
    pub csv_bom: bool,
    /// Only this stakeholder's (id) or owner label's tasks and steps.
    pub owner: Option<String>,
}

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    let mut c = match crate::compile(&opts.root, opts.as_of) {
        Ok(c) => c,
        Err(f) => return super::report_failure(term, &f),
    };
    term.diagnostics(&c.warnings, &c.sources);
    let mut person = None;
    if let Some(owner) = &opts.owner {
        match crate::people::filter::retain(&mut c.plan, &mut c.schedule, owner) {
            Ok(crate::people::Query::Person(i)) => person = Some(i),
            Ok(_) => {}
            Err(e) => {
                let _ = writeln!(term.err, "error: {e}");
                return Exit::Usage;
            }
        }
    }
    let bytes = match opts.format {
        Format::Table => render::table::render(&c.plan, &c.schedule, term.style.color).into_bytes(),
        Format::Json => render::json::schedule(&c.plan, &c.schedule),
        Format::Csv if opts.csv_bom => {
            render::csv::with_bom(render::csv::render(&c.plan, &c.schedule))
        }
        Format::Csv => render::csv::render(&c.plan, &c.schedule),
        // A person's own feed (their tasks, steps and gates, no milestones).
        Format::Ics => match person {
            Some(i) => render::ics::render_person(&c.plan, &c.schedule, i),
            None => render::ics::render(&c.plan, &c.schedule),
        },
    };
    if term.out.write_all(&bytes).is_err() {
        return Exit::Usage;
    }
    Exit::Ok
}
