//! `migplan status`: the status report for the as-of date, as text,
//! Markdown (for a weekly e-mail) or JSON.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Exit, Term};
use crate::status::{self, text::Flavor};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub as_of: NaiveDate,
    /// The previous report's as-of date ("done since"); default: the
    /// project start.
    pub since: Option<NaiveDate>,
    pub format: Format,
}

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    let c = match crate::compile(&opts.root, opts.as_of) {
        Ok(c) => c,
        Err(f) => return super::report_failure(term, &f),
    };
    term.diagnostics(&c.warnings, &c.sources);
    let report = status::build(&c.plan, &c.schedule, Some(&c.content_hash), opts.since);
    let text = match opts.format {
        Format::Text => status::text::render(&report, Flavor::Text),
        Format::Markdown => status::text::render(&report, Flavor::Markdown),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&report).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    if term.out.write_all(text.as_bytes()).is_err() {
        return Exit::Usage;
    }
    Exit::Ok
}
