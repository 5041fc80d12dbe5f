//! `migplan verify`: recompute every file's SHA-256 under `output/` and
//! compare with the manifests.

use std::path::PathBuf;

use super::{Exit, Term};
use crate::manifest;

#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
}

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    let report = match manifest::verify(&opts.out) {
        Ok(r) => r,
        Err(msg) => {
            let _ = writeln!(term.err, "error: {msg}");
            return Exit::Usage;
        }
    };
    for (label, list) in [
        ("missing", &report.missing),
        ("changed", &report.changed),
        ("unlisted", &report.unlisted),
    ] {
        for f in list {
            let _ = writeln!(term.out, "{label}: {f}");
        }
    }
    for n in &report.notes {
        let _ = writeln!(term.err, "note: {n}");
    }
    if report.ok() {
        let _ = writeln!(
            term.err,
            "migplan: archive intact: {} version(s), {} files match {}",
            report.versions,
            report.files,
            opts.out.join(manifest::FILE).display()
        );
        Exit::Ok
    } else {
        let _ = writeln!(
            term.err,
            "migplan: archive NOT intact: {} missing, {} changed, {} unlisted",
            report.missing.len(),
            report.changed.len(),
            report.unlisted.len()
        );
        Exit::PlanErrors
    }
}
