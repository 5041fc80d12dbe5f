//! migplan: compiles a data-migration plan (YAML + Markdown under `content/`)
//! into a versioned HTML site, a PDF Solution Document and schedule exports.
//!
//! The pipeline, one stage per module, each a plain function over data:
//!
//! ```text
//! load      content/ files        -> Plan (+ Sources, for diagnostics)   load/
//! theme     themes/<name>/        -> Theme (built-in, file overrides)    theme.rs
//! hash      sources + theme       -> ContentHash (what signers approve)  hash.rs
//! validate  Plan                  -> diagnostics (ids, references,       validate/
//!                                    sign-offs, secrets)
//! schedule  Plan + as-of date     -> Schedule (dates + explanations)     schedule/
//! people    Plan (+ Schedule)     -> who does what, absences, RACI      people/
//! prose     Plan + Schedule       -> diagnostics for `{{ }}` in sections prose.rs
//!           (the stages above are `compile`, below: a `Compiled` plan)
//! render    Compiled + Earlier    -> Rendered: Vec<Artifact> (html |     render/version.rs
//!           (what the archive       pdf | ics | csv | json), in memory
//!            already holds)
//! publish   Rendered              -> output/<version>/ in the archive:   archive/
//!                                    atomically, logged, root-hashed;
//!                                    `verify` proves it later
//! ```
//!
//! Beside the pipeline: `serve` (live preview: watch -> compile -> render
//! the site into a temporary folder -> reload open pages; never `output/`)
//! and `import` (a process table -> a new schedule file).
//!
//! Only `load` (and `theme`) read the project and only `archive` writes
//! (and reads) `output/`. Time is an input (`as_of`), never read from a
//! clock inside the stages. The commands (`cmd/`) are the orchestration:
//! `cmd/build.rs` is compile -> open the archive -> render -> commit.
//! Signed sign-offs: `signature` (statement + SSHSIG) is what `validate`
//! checks and `cmd/sign.rs` signs with; `signoff_entry` appends a signed
//! sign-off to `content/signoffs.yaml` (one of the two writes into
//! `content/`, with `migplan start` / `done`, below).
//!
//! Beside the pipeline, the plan in motion: `progress:` events give each
//! task its actual status, start and finish (`progress/`), measured against
//! the baseline, the latest approved version's schedule read from the
//! archive (`baseline.rs`); `status/` turns both into the status report.
//! Neither is part of the content hash. `migplan start` / `done` append
//! events to `content/progress.yaml`.

pub mod archive;
pub mod hash;
pub mod import;
pub mod load;
pub mod plan_json;
pub mod prose;
pub mod render;
pub mod schedule;
pub mod serve;
pub mod theme;
pub mod validate;

pub mod baseline;
pub mod cmd;
pub mod diag;
pub mod diff;
pub mod example;
pub mod model;
pub mod parallel;
mod partial;
pub mod pdf;
pub mod people;
pub mod profile;
pub mod progress;
pub mod report;
pub mod signature;
pub mod signoff_entry;
pub mod status;
pub mod suggest;

use std::path::Path;

use chrono::NaiveDate;

use diag::{Diagnostic, Sources};
use model::Plan;
use schedule::Schedule;

/// A plan that made it through load, validate and schedule.
#[derive(Debug)]
pub struct Compiled {
    /// The project folder (holding `content/`).
    pub root: std::path::PathBuf,
    pub sources: Sources,
    pub plan: Plan,
    pub schedule: Schedule,
    /// The theme named by `plan.theme`.
    pub theme: theme::Theme,
    /// SHA-256 over every content file and the theme.
    pub content_hash: hash::ContentHash,
    /// Warnings only (errors mean no `Compiled`).
    pub warnings: Vec<Diagnostic>,
}

/// Why a plan could not be compiled: every diagnostic, and the sources they
/// point into.
#[derive(Debug)]
pub struct Failed {
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
    /// The failure was I/O (missing folder, unreadable file): exit code 2.
    pub io_error: bool,
}

/// load -> validate -> schedule. Validation and scheduling both run so that
/// every problem is reported at once. The baseline is read from
/// `<root>/output`.
pub fn compile(root: &Path, as_of: NaiveDate) -> Result<Compiled, Failed> {
    compile_with(root, as_of, &root.join("output"), None)
}

/// [`compile`] with the archive at `out`, and optionally one content file's
/// text replaced (`overlay`: its path relative to `root`, and the text), so
/// that an edit can be checked with the whole plan before it is written.
pub fn compile_with(
    root: &Path,
    as_of: NaiveDate,
    out: &Path,
    overlay: Option<(&Path, &str)>,
) -> Result<Compiled, Failed> {
    let mut loaded = profile::stage("load", || load::load_project_with(root, overlay));
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    let Some(mut plan) = loaded.plan.take() else {
        if let Some(partial) = loaded.partial.take() {
            let found = profile::stage("check: files that parsed", || {
                partial::problems(root, &loaded, partial, as_of)
            });
            diagnostics.extend(found);
        }
        diag::sort(&mut diagnostics);
        diagnostics.dedup();
        return Err(Failed {
            sources: loaded.sources,
            diagnostics,
            io_error: loaded.io_error,
        });
    };
    let theme = match profile::stage("theme", || theme::Theme::load(root, plan.meta.theme())) {
        Ok(t) => {
            for path in t.ignored() {
                let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                diagnostics.push(
                    diag::Diagnostic::new(
                        diag::Severity::Warning,
                        diag::Location::Path(rel),
                        "ignored: not part of the theme",
                    )
                    .with_hint(
                        "a theme has `templates/` (Tera templates named like the built-in ones) and `static/` (CSS, images): move the file there",
                    ),
                );
            }
            Some(t)
        }
        // Validation reports a bad theme name (with a stricter rule): say it once.
        Err(theme::ThemeError::BadName { .. }) if plan.meta.theme.is_some() => None,
        Err(e) => {
            let mut d = e.diagnostic();
            // Point at `theme:` in the plan, unless the error is inside a
            // theme file (a template that does not parse names its file).
            let at_key = matches!(d.location, diag::Location::Project)
                || matches!(e, theme::ThemeError::NotFound { .. });
            if let (true, Some(t)) = (at_key, &plan.meta.theme) {
                d.location = diag::Location::At(t.pos);
            }
            diagnostics.push(d);
            None
        }
    };
    let content_hash = {
        let files = loaded.hashed_files();
        let theme_files: Vec<(&str, &[u8])> = theme.iter().flat_map(|t| t.files()).collect();
        hash::content_hash(
            files.iter().map(|(p, b)| (p.as_str(), b.as_ref())),
            plan.meta.theme(),
            theme_files,
        )
    };
    for (path, _) in &loaded.other_files {
        diagnostics.push(
            diag::Diagnostic::new(
                diag::Severity::Warning,
                diag::Location::Path(path.clone()),
                "not a plan source: this file is not published (not in the site, not embedded in the PDF)",
            )
            .with_hint(
                "only YAML and Markdown under content/ are the plan; keep other files (keys, exports, personal data) outside content/",
            ),
        );
    }
    // The theme's text files are published too (templates, CSS): they join
    // the sources, so that the secrets check reads them and diagnostics can
    // point into them. (After the content hash, which covers them as theme
    // files.)
    for (path, bytes) in theme.iter().flat_map(|t| t.project_files()) {
        if let Ok(text) = std::str::from_utf8(bytes) {
            let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
            loaded.sources.add(rel, text.to_string());
        }
    }
    diagnostics.extend(validate::validate(
        &plan,
        &loaded.sources,
        &content_hash,
        &loaded.signoff_files,
    ));
    // The last progress event's status is the task's: set before scheduling,
    // so that overdue is measured on it.
    let actuals = progress::actuals(&plan);
    progress::apply(&mut plan, &actuals);
    let (mut schedule, schedule_diags) =
        profile::stage("schedule", || schedule::schedule(&plan, as_of));
    diagnostics.extend(schedule_diags);
    if let Some(s) = &schedule {
        people::check::absences(&plan, s, &mut diagnostics);
        validate::writes::check(&plan, s, &mut diagnostics);
    }
    let project_start = schedule.as_ref().and_then(|s| {
        s.milestones
            .iter()
            .find(|m| m.id == "project-start")
            .map(|m| m.when.date)
    });
    let broken: Vec<diag::FileId> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.pos().map(|p| p.file))
        .collect();
    progress::check::check(
        &plan,
        project_start,
        as_of,
        &progress::check::gates(&plan),
        &broken,
        &mut diagnostics,
    );
    // Read once for the baseline and the rehearsals, each file read checked
    // against the archive's log; none when there is no archive or its log
    // does not verify.
    let needs_archive =
        plan.meta.status() != model::PlanStatus::Approved || !plan.rehearsals.is_empty();
    let archived = if needs_archive {
        profile::stage("archive: read", || {
            archive::Archive::open_read_checked(out).ok().flatten()
        })
    } else {
        None
    };
    if let Some(s) = &mut schedule {
        s.actuals = actuals;
        // An approved plan is the latest approved version: its own schedule
        // is the baseline (read from the archive, it would appear only
        // after the first build and change the pages of the second).
        s.baseline = if plan.meta.status() == model::PlanStatus::Approved {
            Some(baseline::of_own(&plan, s))
        } else {
            archived
                .as_ref()
                .and_then(|a| baseline::load(a, &plan.meta.version.value.0))
        };
    }
    if !plan.rehearsals.is_empty() {
        validate::rehearsed::check(&plan, archived.as_ref(), &mut diagnostics);
    }
    if let Some(s) = &schedule {
        diagnostics.extend(prose::check_at(&plan, s, &loaded.sources));
    }
    diag::sort(&mut diagnostics);
    diagnostics.dedup();
    match (schedule, theme) {
        (Some(schedule), Some(theme)) if !diag::has_errors(&diagnostics) => Ok(Compiled {
            root: root.to_path_buf(),
            sources: loaded.sources,
            plan,
            schedule,
            theme,
            content_hash,
            warnings: diagnostics,
        }),
        _ => Err(Failed {
            sources: loaded.sources,
            diagnostics,
            io_error: loaded.io_error,
        }),
    }
}
