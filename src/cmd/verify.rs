//! `migplan verify [--expect ROOT]`: every file of `output/` re-hashed and
//! compared with the archive's manifests, the log's chain recomputed and
//! printed, and optionally the history checked against a root hash kept
//! outside `output/`.

use std::path::PathBuf;

use super::{Exit, Term};
use crate::archive::{self, Report};

#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    /// A root hash recorded elsewhere (64 hex digits).
    pub expect: Option<String>,
}

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    if let Some(e) = &opts.expect
        && (e.len() != 64 || !e.chars().all(|c| c.is_ascii_hexdigit()))
    {
        let _ = writeln!(
            term.err,
            "error: --expect takes a root hash of 64 hex digits, as `migplan build` prints it (got `{e}`)"
        );
        return Exit::Usage;
    }
    let report = match archive::verify(&opts.out, opts.expect.as_deref()) {
        Ok(r) => r,
        Err(msg) => {
            let _ = writeln!(term.err, "error: {msg}");
            return Exit::Usage;
        }
    };
    print_chain(&report, term);
    for line in report.failures() {
        let _ = writeln!(term.out, "{line}");
    }
    for n in &report.notes {
        let _ = writeln!(term.err, "note: {n}");
    }
    if report.ok() {
        let _ = writeln!(
            term.err,
            "migplan: archive intact: {} version(s), {} files match {}{}",
            report.versions,
            report.files,
            opts.out.join(archive::FILE).display(),
            report
                .root
                .as_deref()
                .map(|r| format!("; root {r}"))
                .unwrap_or_default()
        );
        Exit::Ok
    } else {
        let _ = writeln!(
            term.err,
            "migplan: archive NOT intact: {} problem(s), {} missing, {} changed, {} unlisted",
            report.problems.len(),
            report.missing.len(),
            report.changed.len(),
            report.unlisted.len()
        );
        Exit::PlanErrors
    }
}

/// The history, oldest first: which version came when, and the root after
/// each entry.
fn print_chain(report: &Report, term: &mut Term) {
    if report.chain.is_empty() {
        return;
    }
    let _ = writeln!(
        term.out,
        "chain of {} entries (oldest first):",
        report.chain.len()
    );
    for c in &report.chain {
        let _ = writeln!(
            term.out,
            "  {:>3}  {}  {:<10} {:<22} {:<9} root {}",
            c.seq,
            c.build_date.map(|d| d.to_string()).unwrap_or_default(),
            c.version,
            c.event.word(),
            c.status.map(|s| s.to_string()).unwrap_or_default(),
            c.hash
        );
    }
}
