//! `migplan start TASK` / `migplan done TASK`: one progress event -> appended
//! to `content/progress.yaml`, after the whole plan with the event in it
//! has been checked. Nothing is written when anything is wrong.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Exit, Term};
use crate::model::{At, Date, TaskStatus};
use crate::progress::append::{NewEvent, append};

/// Where new events go, relative to the project root.
pub const FILE: &str = "content/progress.yaml";

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub task: String,
    pub status: TaskStatus,
    /// `--on`: a date, or a date and time; default `today`.
    pub on: Option<String>,
    pub by: Option<String>,
    pub note: Option<String>,
    /// The date the command runs (the as-of date of the check).
    pub today: NaiveDate,
}

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    let at = match &opts.on {
        None => At {
            at: opts.today.and_time(chrono::NaiveTime::MIN),
            timed: false,
        },
        Some(s) => match At::parse(s) {
            Some(a) => a,
            None => {
                let why = match s.trim().split_once([' ', 'T']) {
                    Some((d, _)) if Date::parse(d).is_some() => {
                        format!("`{s}` is not a time of day: write HH:MM (24-hour)")
                    }
                    Some((d, _)) => Date::problem(d),
                    None => Date::problem(s),
                };
                let _ = writeln!(
                    term.err,
                    "error: --on: {why}\n  hint: write --on 2026-11-20 or --on \"2026-11-20 14:30\"\nmigplan: nothing was written"
                );
                return Exit::Usage;
            }
        },
    };
    let rel = Path::new(FILE);
    let path = opts.root.join(rel);
    let old = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            let _ = writeln!(term.err, "error: cannot read {}: {e}", path.display());
            return Exit::Usage;
        }
    };
    let event = NewEvent {
        task: &opts.task,
        at,
        status: opts.status,
        by: opts.by.as_deref(),
        note: opts.note.as_deref(),
    };
    let new = match append(&old, &event) {
        Ok(t) => t,
        Err(why) => {
            let _ = writeln!(
                term.err,
                "error: cannot add the event to {FILE}: {why}\n  hint: fix the file by hand (see `progress:` in docs/format.md), or add the event yourself\nmigplan: nothing was written"
            );
            return Exit::PlanErrors;
        }
    };
    // The whole plan, with the new text in place, must compile.
    let out = opts.root.join("output");
    match crate::compile_with(&opts.root, opts.today, &out, Some((rel, &new))) {
        Ok(c) => term.diagnostics(&c.warnings, &c.sources),
        Err(f) => {
            term.diagnostics(&f.diagnostics, &f.sources);
            let _ = writeln!(
                term.err,
                "migplan: {}; nothing was written",
                crate::report::summary(&f.diagnostics)
            );
            return if f.io_error {
                Exit::Usage
            } else {
                Exit::PlanErrors
            };
        }
    }
    if let Err(e) = write_atomically(&path, new.as_bytes()) {
        let _ = writeln!(term.err, "error: cannot write {}: {e}", path.display());
        return Exit::Usage;
    }
    let _ = writeln!(
        term.err,
        "migplan: recorded `{}` {} at {at} in {FILE}",
        opts.task, opts.status
    );
    Exit::Ok
}

/// Writes a sibling temporary file (a dot file: the loader skips it), then
/// renames it over `path`, so a reader never sees half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.migplan-tmp"));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
