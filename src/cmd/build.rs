//! `migplan build`: compile, open the archive, render this version in
//! memory, commit it. The archive's rules (what may be replaced, in which
//! order files are written, what `verify` will accept) live in
//! [`crate::archive`]; rendering in [`crate::render`].

use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;

use super::{Exit, Term};
use crate::archive::{self, Archive, Publication, VersionRecord};
use crate::diag::Diagnostic;
use crate::render::html::{self, BuildInfo, SiteInput, VersionEntry, VersionIndex};
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
}

/// The files of one version, rendered and ready to publish.
pub struct Rendered {
    pub artifacts: Vec<Artifact>,
    /// `output/index.html` and `output/latest/index.html`.
    pub top: Vec<Artifact>,
    /// Every version in `output/` after this build.
    pub versions: Vec<VersionEntry>,
    /// The hash of the sources the Solution Document embeds.
    pub sources_sha256: String,
    pub document: String,
    pub warnings: Vec<Diagnostic>,
}

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    let started = Instant::now();
    let c = match crate::compile(&opts.root, opts.as_of) {
        Ok(c) => c,
        Err(f) => return super::report_failure(term, &f),
    };
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join("output"));
    let mut archive = match Archive::open(&opts.root, &out, || {
        let _ = writeln!(
            term.err,
            "migplan: another build is writing {}; waiting for it to finish",
            out.display()
        );
    }) {
        Ok(a) => a,
        Err(e) => {
            term.diagnostics(&c.warnings, &c.sources);
            let _ = writeln!(term.err, "error: {e}");
            let _ = writeln!(term.err, "migplan: nothing was written");
            return Exit::PlanErrors;
        }
    };
    for note in std::mem::take(&mut archive.notes) {
        let _ = writeln!(term.err, "migplan: {note}");
    }
    if let Some(exit) = approved_already(&archive, &c, term) {
        return exit;
    }
    let build_date = opts
        .build_date
        .unwrap_or_else(|| render::document_date(&c.plan, c.schedule.as_of));
    let rendered = match render_all(&archive, &c, build_date) {
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

    let version = c.plan.meta.version.value.to_string();
    let versions = rendered.versions;
    let mut artifacts = rendered.artifacts;
    for a in artifacts.iter_mut() {
        html::notice::restamp(a, &version, &versions);
    }
    let restamp = |v: &str, a: &mut Artifact| html::notice::restamp(a, v, &versions);
    let publication = Publication {
        record: VersionRecord {
            version: version.clone(),
            status: c.plan.meta.status(),
            build_date,
            content_hash: c.content_hash.0.clone(),
            document: Some(rendered.document),
            sources_sha256: Some(rendered.sources_sha256),
            files: Default::default(),
        },
        artifacts,
        top: rendered.top,
        restamp: &restamp,
    };
    let committed = match archive.commit(publication) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(term.err, "error: cannot write {e}");
            return Exit::Usage;
        }
    };
    let Some(done) = committed else {
        let _ = writeln!(
            term.err,
            "migplan: version {version} is already in {} exactly as built now; nothing to write",
            out.display()
        );
        print_root(term, &archive);
        return Exit::Ok;
    };
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
        out.join(&version).display(),
        done.written.files,
        done.written.bytes as f64 / 1e6,
        report::summary(&warnings),
        started.elapsed().as_secs_f64()
    );
    print_root(term, &archive);
    Exit::Ok
}

fn print_root(term: &mut Term, archive: &Archive) {
    if let Some(root) = archive.root() {
        let _ = writeln!(
            term.err,
            "migplan: archive root {root}\n  (keep it outside output/; `migplan verify --expect {root}` proves the archive later)"
        );
    }
}

/// An approved version is never replaced, whatever its folder says: the
/// archive's log decides. Same content: nothing to do; other content: an
/// error.
fn approved_already(archive: &Archive, c: &Compiled, term: &mut Term) -> Option<Exit> {
    let version = c.plan.meta.version.value.to_string();
    let approved = archive.approved(&version)?;
    term.diagnostics(&c.warnings, &c.sources);
    if approved.content_hash == c.content_hash.0 {
        let _ = writeln!(
            term.err,
            "migplan: version {version} is approved and archived with this content ({}); nothing to do",
            c.content_hash.short()
        );
        return Some(Exit::Ok);
    }
    let short = &approved.content_hash[..crate::hash::SHORT_LEN.min(approved.content_hash.len())];
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
    Some(Exit::PlanErrors)
}

/// 1.2.0 -> 1.3.0.
fn next_minor(v: &semver::Version) -> String {
    format!("{}.{}.0", v.major, v.minor + 1)
}

/// Renders every file of the version and the top-level pages, in memory.
pub fn render_all(
    archive: &Archive,
    c: &Compiled,
    date: NaiveDate,
) -> Result<Rendered, Vec<Diagnostic>> {
    let plan = &c.plan;
    let version = plan.meta.version.value.to_string();
    let theme = &c.theme;

    let mut versions: Vec<VersionEntry> = archive
        .versions()
        .into_iter()
        .filter(|v| v.version != version)
        .map(|p| VersionEntry {
            version: p.version,
            status: p.status,
            date: Some(p.date),
            pdf: p.document,
        })
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
    let changes = changes_since_previous(archive, &version, &plan_json);
    let build = BuildInfo {
        versions: versions.clone(),
        content_hash: Some(c.content_hash.short().to_string()),
        pdf: this.pdf.clone(),
        changes: changes.clone(),
    };
    let attachments = attachments(c, &plan_json);
    let sources_sha256 = render::pdf::sources_hash(&attachments);
    // The PDF (most of the work on a large plan) is written on a second
    // thread while this one renders the site and the exports. Both only
    // read the compiled plan; the output does not depend on which finishes
    // first.
    let (site, pdf) = std::thread::scope(|scope| {
        let pdf = scope.spawn(|| pdf_bytes(c, date, changes.as_ref(), attachments));
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
    artifacts.push(Artifact::new(pdf_name.clone(), pdf?));
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
    let latest = html::render_latest(&plan.meta.title.value, &newest);
    Ok(Rendered {
        artifacts,
        top: vec![index, latest],
        versions,
        sources_sha256,
        document: pdf_name,
        warnings,
    })
}

/// "Changes since version X": the newest earlier version in the archive
/// compared with this version's `plan.json`.
pub fn changes_since_previous(
    archive: &Archive,
    version: &str,
    plan_json: &[u8],
) -> Option<crate::diff::ChangeSummary> {
    let current = semver::Version::parse(version).ok()?;
    let (_, older) = archive
        .versions()
        .into_iter()
        .filter_map(|v| {
            semver::Version::parse(&v.version)
                .ok()
                .map(|s| (s, v.version))
        })
        .filter(|(s, _)| *s < current)
        .max()?;
    let old: serde_json::Value =
        serde_json::from_slice(&archive.read(&older, "plan.json")?).ok()?;
    let new: serde_json::Value = serde_json::from_slice(plan_json).unwrap_or_default();
    let mut summary = crate::diff::compare(&old, &new);
    summary.from = older;
    Some(summary)
}

/// The PDF Solution Document, with `attachments` embedded (PDF/A-3b).
pub fn pdf_bytes(
    c: &Compiled,
    date: NaiveDate,
    changes: Option<&crate::diff::ChangeSummary>,
    attachments: Vec<crate::pdf::Attachment>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    render::pdf::render(&render::pdf::PdfInput {
        compiled: c,
        date,
        changes,
        attachments,
    })
    .map_err(|e| vec![pdf_error(c, &e)])
}

/// The sources embedded in the PDF (PDF/A-3 associated files): the plan's
/// YAML and Markdown files as they are on disk, the project's theme files,
/// and the computed `plan.json`. Nothing else under `content/` is
/// published (`compile` warns about each such file).
pub fn attachments(c: &Compiled, plan_json: &[u8]) -> Vec<crate::pdf::Attachment> {
    let theme = c.theme.project_files().map(|(path, bytes)| {
        let rel = path.strip_prefix(&c.root).unwrap_or(path);
        (crate::load::slash(rel), bytes.to_vec())
    });
    let mut out: Vec<crate::pdf::Attachment> = c
        .sources
        .files()
        .iter()
        .map(|f| (crate::load::slash(&f.path), f.text.as_bytes().to_vec()))
        .chain(theme)
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
        "html" => "text/html",
        "css" => "text/css",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
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
