//! `migplan diff A B [--format text|markdown|json]`: what changed from
//! version A to version B, read from their published `plan.json` in the
//! archive (which must verify: a diff of tampered files would mislead).

use std::path::PathBuf;

use super::{Exit, Term};
use crate::archive::Archive;
use crate::diff;

#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    pub from: String,
    pub to: String,
    pub format: diff::Format,
}

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    let archive = match Archive::open_read(&opts.out) {
        Ok(Some(a)) => a,
        Ok(None) => {
            let _ = writeln!(
                term.err,
                "error: {}: no archive here\n  = hint: `migplan diff` compares versions already built into {}",
                opts.out.display(),
                opts.out.display()
            );
            return Exit::Usage;
        }
        Err(report) => {
            let _ = writeln!(
                term.err,
                "error: {} does not verify ({} problem(s)); `migplan verify` lists them\n  = hint: a comparison of changed files would mislead: restore the archive first",
                opts.out.display(),
                report.failures().len()
            );
            return Exit::PlanErrors;
        }
    };
    let read = |v: &str| -> Result<crate::plan_json::Record, String> {
        let bytes = archive.read(v, "plan.json").ok_or_else(|| {
            let mut known: Vec<String> =
                archive.versions().into_iter().map(|p| p.version).collect();
            known.sort();
            format!(
                "version {v} is not in {}\n  = hint: versions there: {}",
                opts.out.display(),
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )
        })?;
        crate::plan_json::Record::read(&bytes)
            .map_err(|e| format!("{v}/plan.json: not a migplan plan.json ({e})"))
    };
    let (a, b) = match (read(&opts.from), read(&opts.to)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            let _ = writeln!(term.err, "error: {e}");
            return Exit::Usage;
        }
    };
    let summary = diff::compare(&a, &b);
    let rendered = diff::render(&summary, opts.format);
    // Titles come from the plans: keep their control characters off the terminal.
    let text = crate::report::printable_lines(&rendered).into_owned();
    let _ = term.out.write_all(text.as_bytes());
    Exit::Ok
}
