//! `migplan build`: the whole pipeline, then publish `output/<version>/`,
//! the version index `output/index.html` and `output/latest/`.
//!
//! Everything is rendered in memory first; any error means nothing is
//! written and the previous `output/` is untouched.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;

use super::{Exit, Term};
use crate::diag::Diagnostic;
use crate::model::PlanStatus;
use crate::publish;
use crate::render::html::{self, BuildInfo, SiteInput, VersionEntry, VersionIndex};
use crate::render::{self, Artifact};
use crate::{Compiled, manifest, report};

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Default: `<root>/output`.
    pub out: Option<PathBuf>,
    pub as_of: NaiveDate,
    /// The build date recorded in the manifest and the PDF; default: the
    /// plan's document date (newest revision). From `SOURCE_DATE_EPOCH`.
    pub build_date: Option<NaiveDate>,
}

/// The files of one version, rendered and ready to publish.
pub struct Rendered {
    pub version: String,
    pub artifacts: Vec<Artifact>,
    /// `output/index.html` and `output/latest/index.html`.
    pub top: Vec<Artifact>,
    /// Every version in `output/` after this build.
    pub versions: Vec<VersionEntry>,
    pub warnings: Vec<Diagnostic>,
}

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    let started = Instant::now();
    let c = match crate::compile(&opts.root, opts.as_of) {
        Ok(c) => c,
        Err(f) => return super::report_failure(term, &f),
    };
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join("output"));
    let version = c.plan.meta.version.value.to_string();
    if let Some(archived) = manifest::read_version(&out, &version)
        && archived.status == PlanStatus::Approved
    {
        term.diagnostics(&c.warnings, &c.sources);
        if archived.content_hash == c.content_hash.0 {
            let _ = writeln!(
                term.err,
                "migplan: version {version} is approved and archived with this content ({}); nothing to do",
                c.content_hash.short()
            );
            return Exit::Ok;
        }
        let short =
            &archived.content_hash[..crate::hash::SHORT_LEN.min(archived.content_hash.len())];
        let d = Diagnostic::error(
            c.plan.meta.version.pos,
            format!(
                "version {version} is approved and archived with content {short}; this content is {}: give the plan a new version",
                c.content_hash.short()
            ),
        )
        .with_hint(format!(
            "an approved version never changes: raise `version` (e.g. to {}) and add a revision entry",
            next_minor(&c.plan.meta.version.value.0)
        ));
        term.diagnostics(&[d], &c.sources);
        let _ = writeln!(term.err, "migplan: 1 error; nothing was written");
        return Exit::PlanErrors;
    }
    let build_date = opts
        .build_date
        .unwrap_or_else(|| render::document_date(&c.plan, c.schedule.as_of));
    let rendered = match render_all(&out, &c, build_date) {
        Ok(r) => r,
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

    let mut artifacts = rendered.artifacts;
    for a in artifacts.iter_mut() {
        with_notice(a, &rendered.version, &rendered.versions);
    }
    let record = manifest::VersionRecord {
        version: rendered.version.clone(),
        status: c.plan.meta.status(),
        build_date,
        content_hash: c.content_hash.0.clone(),
        files: manifest::records(&artifacts),
    };
    artifacts.push(Artifact::new(manifest::FILE, manifest::to_json(&record)));
    // The journal first: until `output/manifest.json` is rewritten at the
    // end, it tells `verify` what this build is putting in place, so that a
    // build killed at any moment leaves an archive that still verifies.
    let journal = manifest::Manifest {
        generator: format!("migplan {}", env!("CARGO_PKG_VERSION")),
        format: 1,
        versions: [(rendered.version.clone(), record)].into_iter().collect(),
        files: manifest::records(&rendered.top),
    };
    if let Err(e) = publish::publish_file(
        &out,
        &Artifact::new(manifest::PENDING, manifest::to_json(&journal)),
    ) {
        let _ = writeln!(term.err, "error: cannot write {e}");
        return Exit::Usage;
    }
    let written = match publish::publish_folder(&out, &rendered.version, &artifacts) {
        Ok(w) => w,
        Err(e) => {
            let _ = writeln!(term.err, "error: cannot write {e}");
            return Exit::Usage;
        }
    };
    let refreshed = match refresh_notices(&out, &rendered.version, &rendered.versions) {
        Ok(list) => list,
        Err(e) => {
            let _ = writeln!(term.err, "error: cannot update an older version: {e}");
            return Exit::Usage;
        }
    };
    for v in &refreshed {
        let _ = writeln!(
            term.err,
            "migplan: updated the version notice of {v} (its PDF is unchanged)"
        );
    }
    let mut top = rendered.top;
    top.push(Artifact::new(
        manifest::FILE,
        manifest::to_json(&aggregate(&out, &top)),
    ));
    for a in &top {
        if let Err(e) = publish::publish_file(&out, a) {
            let _ = writeln!(term.err, "error: cannot write {e}");
            return Exit::Usage;
        }
    }
    if let Err(e) = publish::remove_file(&out, manifest::PENDING) {
        let _ = writeln!(term.err, "error: cannot remove {e}");
        return Exit::Usage;
    }
    let _ = writeln!(
        term.err,
        "migplan: built version {} ({}) into {}: {} files, {:.1} MB; {}; {:.2} s",
        rendered.version,
        c.plan.meta.status(),
        out.join(&rendered.version).display(),
        written.files,
        written.bytes as f64 / 1e6,
        report::summary(&warnings),
        started.elapsed().as_secs_f64()
    );
    Exit::Ok
}

/// Fills the version notice of an HTML page of `version`.
fn with_notice(a: &mut Artifact, version: &str, versions: &[VersionEntry]) {
    if a.path.extension().is_none_or(|e| e != "html") {
        return;
    }
    let root = "../".repeat(a.path.components().count().saturating_sub(1));
    let notice = html::notice::html(version, versions, &root);
    if let Some(updated) = std::str::from_utf8(&a.bytes)
        .ok()
        .and_then(|p| html::notice::apply(p, &notice))
    {
        a.bytes = updated.into_bytes();
    }
}

/// Brings the notice ("Superseded by ...") of every other published version
/// up to date, republishing a version's folder (atomically, with its own
/// manifest) only when one of its pages changes. Its PDF and other files are
/// copied unchanged. Returns the versions updated.
fn refresh_notices(
    out: &Path,
    current: &str,
    versions: &[VersionEntry],
) -> Result<Vec<String>, publish::PublishError> {
    let mut updated = Vec::new();
    for v in versions.iter().filter(|v| v.version != current) {
        let Some(record) = manifest::read_version(out, &v.version) else {
            continue;
        };
        let dir = out.join(&v.version);
        let mut files = Vec::with_capacity(record.files.len());
        let mut changed = false;
        for path in record.files.keys() {
            let Ok(bytes) = fs::read(dir.join(path)) else {
                // A damaged archive is `verify`'s to report; leave it alone.
                changed = false;
                files.clear();
                break;
            };
            let mut a = Artifact::new(path.as_str(), bytes.clone());
            with_notice(&mut a, &v.version, versions);
            changed |= a.bytes != bytes;
            files.push(a);
        }
        if !changed {
            continue;
        }
        let new_record = manifest::VersionRecord {
            files: manifest::records(&files),
            ..record
        };
        files.push(Artifact::new(
            manifest::FILE,
            manifest::to_json(&new_record),
        ));
        publish::publish_folder(out, &v.version, &files)?;
        updated.push(v.version.clone());
    }
    Ok(updated)
}

/// `output/manifest.json`: every version folder's own manifest, and the
/// top-level files about to be written.
fn aggregate(out: &Path, top: &[Artifact]) -> manifest::Manifest {
    let mut versions = std::collections::BTreeMap::new();
    if let Ok(entries) = fs::read_dir(out) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "latest" || !e.path().is_dir() {
                continue;
            }
            if let Some(r) = manifest::read_version(out, &name) {
                versions.insert(name, r);
            }
        }
    }
    manifest::Manifest {
        generator: format!("migplan {}", env!("CARGO_PKG_VERSION")),
        format: 1,
        versions,
        files: manifest::records(top),
    }
}

/// 1.2.0 -> 1.3.0.
fn next_minor(v: &semver::Version) -> String {
    format!("{}.{}.0", v.major, v.minor + 1)
}

/// Renders every file of the version and the top-level pages, in memory.
pub fn render_all(out: &Path, c: &Compiled, date: NaiveDate) -> Result<Rendered, Vec<Diagnostic>> {
    let plan = &c.plan;
    let version = plan.meta.version.value.to_string();
    let theme = &c.theme;

    let mut versions: Vec<VersionEntry> = published_versions(out)
        .into_iter()
        .filter(|v| v.version != version)
        .collect();
    let pdf_name = render::pdf::file_name(c);
    let this = VersionEntry {
        version: version.clone(),
        status: plan.meta.status(),
        date: Some(date),
        pdf: Some(pdf_name.clone()),
    };
    versions.push(this.clone());

    let plan_json = render::json::plan(
        plan,
        &c.schedule,
        &render::json::Publication {
            version: &version,
            status: plan.meta.status(),
            date,
            pdf: this.pdf.as_deref(),
        },
    );
    let changes = changes_since_previous(out, &version, &plan_json);
    let build = BuildInfo {
        versions: versions.clone(),
        content_hash: Some(c.content_hash.short().to_string()),
        pdf: this.pdf.clone(),
        changes: changes.clone(),
    };
    // The PDF (most of the work on a large plan) is written on a second
    // thread while this one renders the site and the exports. Both only
    // read the compiled plan; the output does not depend on which finishes
    // first.
    let (site, pdf) = std::thread::scope(|scope| {
        let pdf = scope.spawn(|| pdf_bytes(c, date, changes.as_ref(), &plan_json));
        let site = html::render_site(&SiteInput {
            plan,
            schedule: &c.schedule,
            theme,
            build: &build,
        })
        .map(|(mut artifacts, warnings)| {
            artifacts.push(Artifact::new(
                "schedule.ics",
                render::ics::render(plan, &c.schedule),
            ));
            artifacts.push(Artifact::new(
                "schedule.csv",
                render::csv::render(plan, &c.schedule),
            ));
            (artifacts, warnings)
        });
        let pdf = pdf
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (site, pdf)
    });
    let (mut artifacts, warnings) = site?;
    artifacts.push(Artifact::new(pdf_name, pdf?));
    artifacts.push(Artifact::new("plan.json", plan_json));

    let index = html::render_version_index(
        theme,
        &VersionIndex {
            title: plan.meta.title.value.clone(),
            client: plan.meta.client.as_ref().map(|c| c.value.clone()),
            entries: versions.clone(),
        },
    )?;
    let newest = newest(&versions).unwrap_or(&version).to_string();
    let latest = Artifact::new(
        "latest/index.html",
        latest_page(&plan.meta.title.value, &newest),
    );
    Ok(Rendered {
        version,
        artifacts,
        top: vec![index, latest],
        versions,
        warnings,
    })
}

/// "Changes since version X": the newest earlier version in `output/`
/// compared with this version's `plan.json`.
pub fn changes_since_previous(
    out: &Path,
    version: &str,
    plan_json: &[u8],
) -> Option<crate::diff::ChangeSummary> {
    previous_version(out, version).map(|(old_version, old)| {
        let new: serde_json::Value = serde_json::from_slice(plan_json).unwrap_or_default();
        let mut summary = crate::diff::compare(&old, &new);
        summary.from = old_version;
        summary
    })
}

/// The PDF Solution Document, with the plan's sources and `plan.json`
/// embedded (PDF/A-3b).
pub fn pdf_bytes(
    c: &Compiled,
    date: NaiveDate,
    changes: Option<&crate::diff::ChangeSummary>,
    plan_json: &[u8],
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    render::pdf::render(&render::pdf::PdfInput {
        compiled: c,
        date,
        changes,
        attachments: attachments(c, plan_json),
    })
    .map_err(|e| vec![pdf_error(c, &e)])
}

/// The sources embedded in the PDF (PDF/A-3 associated files): every content
/// file as it is on disk, and the computed `plan.json`.
pub fn attachments(c: &Compiled, plan_json: &[u8]) -> Vec<crate::pdf::Attachment> {
    let mut out: Vec<crate::pdf::Attachment> = c
        .sources
        .files()
        .iter()
        .map(|f| (crate::load::slash(&f.path), f.text.as_bytes().to_vec()))
        .chain(
            c.other_files
                .iter()
                .map(|(p, b)| (crate::load::slash(p), b.clone())),
        )
        .map(|(name, data)| crate::pdf::Attachment {
            mime: mime_of(&name).to_string(),
            description: format!("Plan source {name}"),
            name,
            data,
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out.push(crate::pdf::Attachment {
        name: "plan.json".into(),
        mime: "application/json".into(),
        description: "The computed plan: every key and every computed date".into(),
        data: plan_json.to_vec(),
    });
    out
}

fn mime_of(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "yaml" | "yml" => "application/yaml",
        "md" => "text/markdown",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "csv" => "text/csv",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

/// A PDF that cannot be made (e.g. text no embedded font can show) is an
/// error of the build, said in the plan's terms.
fn pdf_error(c: &Compiled, e: &crate::pdf::PdfError) -> Diagnostic {
    Diagnostic::new(
        crate::diag::Severity::Error,
        crate::diag::Location::At(c.plan.meta.pos),
        format!("the PDF cannot be produced: {e}"),
    )
    .with_hint(
        "nothing was written; fix the text named above (or report a bug if it looks like ours)",
    )
}

/// The newest version in `output/` older than `version`, and its `plan.json`.
fn previous_version(out: &Path, version: &str) -> Option<(String, serde_json::Value)> {
    let current = semver::Version::parse(version).ok()?;
    let older = published_versions(out)
        .into_iter()
        .filter_map(|v| {
            semver::Version::parse(&v.version)
                .ok()
                .map(|s| (s, v.version))
        })
        .filter(|(s, _)| *s < current)
        .max()?;
    let bytes = fs::read(out.join(&older.1).join("plan.json")).ok()?;
    Some((older.1, serde_json::from_slice(&bytes).ok()?))
}

/// The versions already in `output/`, read from each folder's `plan.json`.
pub fn published_versions(out: &Path) -> Vec<VersionEntry> {
    let Ok(entries) = fs::read_dir(out) else {
        return Vec::new();
    };
    let mut list = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "latest" {
            continue;
        }
        let Ok(bytes) = fs::read(e.path().join("plan.json")) else {
            continue;
        };
        let Ok(p) = serde_json::from_slice::<render::json::PublicationOwned>(&bytes) else {
            continue;
        };
        if p.version == name {
            list.push(VersionEntry {
                version: p.version,
                status: p.status,
                date: p.date,
                pdf: p.pdf,
            });
        }
    }
    list
}

fn newest(versions: &[VersionEntry]) -> Option<&str> {
    versions
        .iter()
        .filter_map(|v| {
            semver::Version::parse(&v.version)
                .ok()
                .map(|s| (s, v.version.as_str()))
        })
        .max()
        .map(|(_, v)| v)
}

/// `output/latest/index.html`: sends the reader to the newest version (no
/// JavaScript: a meta refresh and a plain link).
fn latest_page(title: &str, version: &str) -> String {
    let t = escape(title);
    let v = escape(version);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"refresh\" content=\"0; url=../{v}/index.html\">\n<title>{t}: latest version</title>\n</head>\n<body>\n<main>\n<h1>{t}</h1>\n<p>The latest version is <a href=\"../{v}/index.html\">version {v}</a>.</p>\n</main>\n</body>\n</html>\n"
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
