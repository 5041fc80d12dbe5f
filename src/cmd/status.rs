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
    /// A short PDF, written to `output` (never to a terminal).
    Pdf,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub as_of: NaiveDate,
    /// The previous report's as-of date ("done since"); default: the
    /// project start.
    pub since: Option<NaiveDate>,
    pub format: Format,
    /// Where to write the report (required for PDF; default: stdout).
    pub output: Option<PathBuf>,
}

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    let c = match crate::compile(&opts.root, opts.as_of) {
        Ok(c) => c,
        Err(f) => return super::report_failure(term, &f),
    };
    term.diagnostics(&c.warnings, &c.sources);
    let report = status::build(&c.plan, &c.schedule, Some(&c.content_hash), opts.since);
    if opts.format == Format::Pdf && opts.output.is_none() {
        let _ = writeln!(
            term.err,
            "error: --format pdf needs --output FILE (a PDF is not for the terminal)"
        );
        return Exit::Usage;
    }
    let paper = match c.plan.meta.paper() {
        crate::model::Paper::A4 => crate::pdf::Paper::A4,
        crate::model::Paper::Letter => crate::pdf::Paper::Letter,
    };
    let bytes = match opts.format {
        Format::Text => status::text::render(&report, Flavor::Text).into_bytes(),
        Format::Markdown => status::text::render(&report, Flavor::Markdown).into_bytes(),
        Format::Json => {
            let mut s = serde_json::to_vec_pretty(&report).unwrap_or_default();
            s.push(b'\n');
            s
        }
        Format::Pdf => match status::pdf::render_status_pdf(&report, paper, opts.as_of) {
            Ok(b) => b,
            Err(e) => {
                let _ = writeln!(term.err, "error: the status PDF could not be made: {e}");
                return Exit::PlanErrors;
            }
        },
    };
    let written = match &opts.output {
        Some(path) => std::fs::write(path, &bytes).map_err(|e| format!("{}: {e}", path.display())),
        None => term.out.write_all(&bytes).map_err(|e| e.to_string()),
    };
    match written {
        Ok(()) => Exit::Ok,
        Err(e) => {
            let _ = writeln!(term.err, "error: cannot write {e}");
            Exit::Usage
        }
    }
}
