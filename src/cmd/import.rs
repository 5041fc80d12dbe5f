//! `migplan import FILE`: a process table (xlsx, xls, ods, csv) -> a new
//! schedule file under `content/schedule/`, never overwriting one; the rows
//! it could not convert whole are listed with their row numbers (their
//! text is kept in the tasks' notes).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{Exit, Term};
use crate::import::columns::{self, ColumnError};
use crate::import::{self, Existing, read};

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub file: PathBuf,
    pub sheet: Option<String>,
    /// Default: `content/schedule/<file name>.yaml` under the root.
    pub into: Option<PathBuf>,
    /// `--map Due=Deadline`: (our field, the table's column).
    pub maps: Vec<(String, String)>,
}

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    let table = match read::read(&opts.file, opts.sheet.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(
                term.err,
                "error: cannot import {}: {e}",
                opts.file.display()
            );
            return Exit::Usage;
        }
    };
    let cols = match columns::columns(&table.header, &opts.maps) {
        Ok(c) => c,
        Err(e) => {
            let headers = table
                .header
                .iter()
                .filter(|h| !h.trim().is_empty())
                .map(|h| format!("\u{201c}{}\u{201d}", h.trim()))
                .collect::<Vec<_>>()
                .join(", ");
            let (msg, hint) = match e {
                ColumnError::NoTitle => (
                    "no column holds the task titles".to_string(),
                    "name it with --map Task=COLUMN".to_string(),
                ),
                ColumnError::UnknownField(f) => (
                    format!("--map {f}=...: no task field is called \u{201c}{f}\u{201d}"),
                    "fields: Phase, Task, Parent Task, Owner, Due, Start, Resources, Notes, Status"
                        .to_string(),
                ),
                ColumnError::NoSuchColumn { field, column } => (
                    format!(
                        "--map {field}={column}: the table has no column \u{201c}{column}\u{201d}"
                    ),
                    "header names are matched ignoring case and spacing".to_string(),
                ),
            };
            let _ = writeln!(
                term.err,
                "error: {}: {msg}\n  the header row (row {}) has: {headers}\n  hint: {hint}",
                opts.file.display(),
                table
                    .rows
                    .first()
                    .map_or(1, |r| r.number.saturating_sub(1))
                    .max(1)
            );
            return Exit::Usage;
        }
    };
    let into = opts.into.clone().unwrap_or_else(|| {
        let stem = opts
            .file
            .file_stem()
            .map(|s| crate::render::slug(&s.to_string_lossy()))
            .unwrap_or_else(|| "imported".into());
        opts.root
            .join("content/schedule")
            .join(format!("{stem}.yaml"))
    });
    if into.exists() {
        let _ = writeln!(
            term.err,
            "error: {} exists; import never overwrites a file\n  hint: name a new file with --into content/schedule/NAME.yaml",
            into.display()
        );
        return Exit::Usage;
    }
    let existing = existing(&opts.root);
    let imported = import::import(&table.rows, &cols, &existing);
    if imported.tasks.is_empty() {
        let _ = writeln!(
            term.err,
            "error: {}: no task rows under the header",
            opts.file.display()
        );
        return Exit::Usage;
    }
    let source = match &table.sheet {
        Some(s) => format!(
            "{} (sheet \u{201c}{s}\u{201d})",
            opts.file.file_name().unwrap_or_default().to_string_lossy()
        ),
        None => opts
            .file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned(),
    };
    let text = import::yaml::render(&imported, &source);
    if let Err(e) = write_new(&into, &text) {
        let _ = writeln!(term.err, "error: cannot write {}: {e}", into.display());
        return Exit::Usage;
    }
    for n in &imported.notes {
        let _ = writeln!(term.err, "note: row {}: {}", n.row, n.message);
    }
    for p in &imported.problems {
        let _ = writeln!(term.err, "warning: row {}: {}", p.row, p.message);
    }
    let rows = imported
        .problems
        .iter()
        .map(|p| p.row)
        .collect::<std::collections::BTreeSet<_>>();
    let _ = writeln!(
        term.err,
        "migplan: imported {} tasks{} from {source} into {}; {}\n  next: `migplan check` to see the computed dates",
        imported.tasks.len(),
        match imported.new_phases.len() {
            0 => String::new(),
            n => format!(" and {n} new phase{}", if n == 1 { "" } else { "s" }),
        },
        into.display(),
        match rows.len() {
            0 => "every row converted".to_string(),
            n => format!(
                "{n} row{} need{} a look (above; their text is in the tasks' notes)",
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "" }
            ),
        }
    );
    Exit::Ok
}

/// The project's milestones, tasks and phases, as far as they load (a
/// plan with errors still has most of them; none at all is fine too).
fn existing(root: &Path) -> Existing {
    let loaded = crate::load::load_project(root);
    let Some(plan) = loaded.plan else {
        return Existing::default();
    };
    Existing {
        milestones: plan
            .milestones
            .iter()
            .map(|(k, _)| k.value.clone())
            .collect(),
        tasks: plan
            .tasks
            .iter()
            .map(|t| (t.id.value.clone(), t.title.value.clone()))
            .collect(),
        phases: plan.phases.iter().map(|p| p.value.clone()).collect(),
    }
}

/// Writes a file that must not exist yet (create_new: a file appearing
/// meanwhile is not overwritten either).
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())
}
