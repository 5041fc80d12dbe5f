//! `migplan build`: compile, open the archive, render this version in
//! memory, commit it. The archive's rules (what may be replaced, in which
//! order files are written, what `verify` will accept) live in
//! [`crate::archive`]; rendering in [`crate::render::version`].

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;

use super::{Exit, Term};
use crate::archive::{self, Archive, Committed, Publication, VersionRecord};
use crate::diag::Diagnostic;
use crate::render::html::{self, VersionEntry};
use crate::render::version::{self, Earlier, Rendered};
use crate::render::{self, Artifact};
use crate::{Compiled, report};

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Default: `<root>/output`.
    pub out: Option<PathBuf>,
    pub as_of: NaiveDate,
    /// The build date recorded in the manifest and the PDF; default: the
    /// plan's document date (newest revision). From `SOURCE_DATE_EPOCH`.
    pub build_date: Option<NaiveDate>,
    /// `schedule.csv` starts with a UTF-8 byte order mark (for Excel).
    pub csv_bom: bool,
}

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    let started = Instant::now();
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join("output"));
    let c = match crate::compile_with(&opts.root, opts.as_of, &out, None) {
        Ok(c) => c,
        Err(f) => return super::report_failure(term, &f),
    };
    let opened = crate::profile::stage("archive: open + verify", || {
        open(&opts.root, &out, &c, term)
    });
    let mut archive = match opened {
        Ok(a) => a,
        Err(exit) => return exit,
    };
    let approved = match approved_already(&archive, &c, term) {
        Ok(a) => a.cloned(),
        Err(exit) => return exit,
    };
    let version = c.plan.meta.version.value.to_string();
    let date = match &approved {
        Some(a) => a.build_date,
        None => opts
            .build_date
            .unwrap_or_else(|| render::document_date(&c.plan, c.schedule.as_of)),
    };
    let rendered = match version::render(&c, date, &earlier(&archive, &version, approved.is_some()))
    {
        Ok(mut r) => {
            if opts.csv_bom {
                for a in r
                    .artifacts
                    .iter_mut()
                    .filter(|a| a.path == Path::new("schedule.csv"))
                {
                    a.bytes = render::csv::with_bom(a.bytes.to_vec()).into();
                }
            }
            r
        }
        Err(diags) => {
            let mut all = c.warnings.clone();
            all.extend(diags);
            crate::diag::sort(&mut all);
            term.diagnostics(&all, &c.sources);
            let _ = writeln!(
                term.err,
                "migplan: {}; nothing was written",
                report::summary(&all)
            );
            return Exit::PlanErrors;
        }
    };
    let mut warnings = c.warnings.clone();
    warnings.extend(rendered.warnings.iter().cloned());
    term.diagnostics(&warnings, &c.sources);
    let mut rendered = rendered;
    let as_of = c.schedule.as_of.to_string();
    if let Some(later) = archive.carry_reports(&version, &as_of, &mut rendered.artifacts) {
        let _ = writeln!(
            term.err,
            "migplan: a status report dated {later} is archived already; no report is written for {as_of} (reports never change once a later one exists)"
        );
    }
    let versions = rendered.versions.clone();
    let restamp = |v: &str, a: &mut Artifact| html::notice::restamp(a, v, &versions);
    let committed = crate::profile::stage("archive: commit", || {
        archive.commit(publication(&c, date, approved, rendered, &restamp))
    });
    match committed {
        Ok(done) => {
            say_done(
                term,
                &archive,
                done.as_ref(),
                &version,
                &c,
                &warnings,
                started,
            );
            Exit::Ok
        }
        Err(e) => {
            let _ = writeln!(term.err, "error: cannot write {e}");
            Exit::Usage
        }
    }
}

/// Opens the archive for this build (waiting for another build), or says
/// why not.
fn open(
    root: &std::path::Path,
    out: &std::path::Path,
    c: &Compiled,
    term: &mut Term,
) -> Result<Archive, Exit> {
    let opened = Archive::open(root, out, || {
        let _ = writeln!(
            term.err,
            "migplan: another build is writing {}; waiting for it to finish",
            out.display()
        );
    });
    match opened {
        Ok(mut a) => {
            for note in std::mem::take(&mut a.notes) {
                let _ = writeln!(term.err, "migplan: {note}");
            }
            Ok(a)
        }
        Err(e) => {
            term.diagnostics(&c.warnings, &c.sources);
            let _ = writeln!(term.err, "error: {e}");
            let _ = writeln!(term.err, "migplan: nothing was written");
            Err(Exit::PlanErrors)
        }
    }
}

/// What the archive holds that this version's files depend on.
fn earlier(archive: &Archive, version: &str, approved: bool) -> Earlier {
    Earlier {
        versions: archive
            .versions()
            .into_iter()
            .map(|p| VersionEntry {
                version: p.version,
                status: p.status,
                date: Some(p.date),
                pdf: p.document,
            })
            .collect(),
        previous: archive.previous(version, "plan.json"),
        approved,
        reports: archive
            .reports()
            .into_iter()
            .filter(|(_, _, path)| path.ends_with(".html"))
            .filter_map(|(d, v, _)| crate::model::Date::parse(&d).map(|d| (d, v)))
            .collect(),
    }
}

/// This version's record and files, for the archive. A status build of an
/// approved version keeps its record of approval; the archive keeps its
/// files other than pages.
fn publication<'a>(
    c: &Compiled,
    date: NaiveDate,
    approved: Option<VersionRecord>,
    rendered: Rendered,
    restamp: &'a dyn Fn(&str, &mut Artifact),
) -> Publication<'a> {
    let version = c.plan.meta.version.value.to_string();
    let mut artifacts = rendered.artifacts;
    for a in artifacts.iter_mut() {
        html::notice::restamp(a, &version, &rendered.versions);
    }
    let record = approved.unwrap_or_else(|| VersionRecord {
        version,
        status: c.plan.meta.status(),
        build_date: date,
        content_hash: c.content_hash.0.clone(),
        document: Some(rendered.document),
        sources_sha256: Some(rendered.sources_sha256),
        files: Default::default(),
    });
    Publication {
        record,
        artifacts,
        top: rendered.top,
        restamp,
    }
}

fn say_done(
    term: &mut Term,
    archive: &Archive,
    done: Option<&Committed>,
    version: &str,
    c: &Compiled,
    warnings: &[Diagnostic],
    started: Instant,
) {
    let out = archive.out();
    match done {
        None => {
            let _ = writeln!(
                term.err,
                "migplan: version {version} is already in {} exactly as built now; nothing to write",
                out.display()
            );
        }
        Some(done) => {
            if !done.adopted.is_empty() {
                let _ = writeln!(
                    term.err,
                    "migplan: upgraded {} from format 1 to format 2: the log starts with {} (adopted as they were)",
                    out.join(archive::FILE).display(),
                    done.adopted.join(", ")
                );
            }
            for v in &done.notices {
                let _ = writeln!(
                    term.err,
                    "migplan: updated the version notice of {v} (its PDF is unchanged)"
                );
            }
            let _ = writeln!(
                term.err,
                "migplan: built version {version} ({}) into {}: {} files, {:.1} MB; {}; {:.2} s",
                c.plan.meta.status(),
                out.join(version).display(),
                done.written.files,
                done.written.bytes as f64 / 1e6,
                report::summary(warnings),
                started.elapsed().as_secs_f64()
            );
        }
    }
    if let Some(root) = archive.root() {
        let _ = writeln!(
            term.err,
            "migplan: archive root {root}\n  (keep it outside output/; `migplan verify --expect {root}` proves the archive later)"
        );
    }
}

/// An approved version is never replaced, whatever its folder says: the
/// archive's log decides. Same content: a status build (new pages, the
/// approved PDF and its plan.json kept byte for byte): `Ok(Some(record of
/// approval))`; other content: an error.
fn approved_already<'a>(
    archive: &'a Archive,
    c: &Compiled,
    term: &mut Term,
) -> Result<Option<&'a VersionRecord>, Exit> {
    let version = c.plan.meta.version.value.to_string();
    let Some(approved) = archive.approved(&version) else {
        return Ok(None);
    };
    if approved.content_hash == c.content_hash.0 {
        return Ok(Some(approved));
    }
    term.diagnostics(&c.warnings, &c.sources);
    let short = &approved.content_hash[..crate::hash::SHORT_LEN.min(approved.content_hash.len())];
    let d = Diagnostic::error(
        c.plan.meta.version.pos,
        format!(
            "version {version} is approved and archived with content {short}; this content is {}: give the plan a new version",
            c.content_hash.short()
        ),
    )
    .with_hint(format!(
        "an approved version never changes: raise `version` (e.g. to {}) and add a revision entry (recording progress never needs this)",
        next_minor(&c.plan.meta.version.value.0)
    ));
    term.diagnostics(&[d], &c.sources);
    let _ = writeln!(term.err, "migplan: 1 error; nothing was written");
    Err(Exit::PlanErrors)
}

/// 1.2.0 -> 1.3.0.
fn next_minor(v: &semver::Version) -> String {
    format!("{}.{}.0", v.major, v.minor + 1)
}
