//! Commands: plain options structs -> work -> an exit code. The binary's
//! `cli.rs` fills the options from the command line; tests call these too.

pub mod build;
pub mod check;
pub mod diff;
pub mod import;
pub mod init;
pub mod pdf;
pub mod progress;
pub mod schedule;
pub mod serve;
pub mod sign;
pub mod status;
pub mod verify;

use std::io::Write;

use crate::diag::{Diagnostic, Sources};
use crate::report::{self, Style};

/// Process exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success (warnings allowed).
    Ok = 0,
    /// The plan has errors (or warnings, with `--deny-warnings`).
    PlanErrors = 1,
    /// Usage or I/O problems.
    Usage = 2,
}

/// Where a command writes: stdout for results, stderr for diagnostics.
pub struct Term<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub style: Style,
}

impl Term<'_> {
    /// Prints diagnostics (text) to stderr.
    pub fn diagnostics(&mut self, diags: &[Diagnostic], sources: &Sources) {
        let _ = self
            .err
            .write_all(report::render_all(diags, sources, self.style).as_bytes());
    }
}

/// Prints a failed compilation and picks the exit code.
pub fn report_failure(term: &mut Term, failed: &crate::Failed) -> Exit {
    term.diagnostics(&failed.diagnostics, &failed.sources);
    let _ = writeln!(
        term.err,
        "migplan: {}",
        report::summary(&failed.diagnostics)
    );
    if failed.io_error {
        Exit::Usage
    } else {
        Exit::PlanErrors
    }
}
