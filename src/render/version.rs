//! Compiled plan + what the archive already holds -> every file of one
//! version and the top-level pages, in memory: the site, the exports, the
//! PDF Solution Document (with its embedded sources) and `plan.json`.

use chrono::NaiveDate;

use crate::Compiled;
use crate::diag::Diagnostic;
use crate::render::Artifact;
use crate::render::html::{self, BuildInfo, SiteInput, VersionEntry, VersionIndex};

/// What the archive holds that this version's files depend on.
#[derive(Debug, Clone, Default)]
pub struct Earlier {
    /// Every version already published (this one included, if it is).
    pub versions: Vec<VersionEntry>,
    /// The newest version older than this one, and its `plan.json`.
    pub previous: Option<(String, Vec<u8>)>,
    /// This version is approved and archived: its Solution Document is not
    /// rendered again (the archive keeps it byte for byte).
    pub approved: bool,
    /// The dated status reports already archived (date, version).
    pub reports: Vec<(NaiveDate, String)>,
}

/// The files of one version, rendered and ready to publish.
pub struct Rendered {
    /// This version's files (the Solution Document empty when
    /// `Earlier::approved`).
    pub artifacts: Vec<Artifact>,
    /// `output/index.html` (the archive adds `latest/`, a copy of the
    /// newest version, when it commits).
    pub top: Vec<Artifact>,
    /// Every version in the archive after this build.
    pub versions: Vec<VersionEntry>,
    /// The hash of the sources the Solution Document embeds.
    pub sources_sha256: String,
    /// The Solution Document's file name.
    pub document: String,
    pub warnings: Vec<Diagnostic>,
}

/// Renders every file of the version and the top-level pages.
pub fn render(
    c: &Compiled,
    date: NaiveDate,
    earlier: &Earlier,
) -> Result<Rendered, Vec<Diagnostic>> {
    render_with(c, date, earlier, Document::Render)
}

/// The same files without the Solution Document (its link stays: `serve`
/// makes it when it is asked for, with [`pdf_bytes`]). The site of a live
/// preview, rebuilt on every save, so it must stay fast.
pub fn render_preview(
    c: &Compiled,
    date: NaiveDate,
    earlier: &Earlier,
) -> Result<Rendered, Vec<Diagnostic>> {
    render_with(c, date, earlier, Document::Skip)
}

/// Whether [`render_with`] writes the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Document {
    Render,
    Skip,
}

fn render_with(
    c: &Compiled,
    date: NaiveDate,
    earlier: &Earlier,
    document: Document,
) -> Result<Rendered, Vec<Diagnostic>> {
    let plan = &c.plan;
    let version = plan.meta.version.value.to_string();
    let theme = &c.theme;

    let mut versions: Vec<VersionEntry> = earlier
        .versions
        .iter()
        .filter(|v| v.version != version)
        .cloned()
        .collect();
    let pdf_name = super::pdf::file_name(c);
    let this = VersionEntry {
        version: version.clone(),
        status: plan.meta.status(),
        date: Some(date),
        pdf: Some(pdf_name.clone()),
    };
    versions.push(this.clone());

    let plan_json = crate::profile::stage("render: plan.json", || {
        super::json::plan(
            plan,
            &c.schedule,
            &super::json::Publication {
                version: &version,
                status: plan.meta.status(),
                date,
                pdf: this.pdf.as_deref(),
            },
        )
    });
    let changes = earlier.previous.as_ref().and_then(|(v, json)| {
        crate::profile::stage("render: changes since", || {
            changes_since(v, json, &plan_json)
        })
    });
    let build = BuildInfo {
        versions: versions.clone(),
        content_hash: Some(c.content_hash.short().to_string()),
        pdf: this.pdf.clone(),
        changes: changes.clone(),
        reports: earlier.reports.clone(),
    };
    // Shared with the PDF's attachment, taken back once the PDF is written.
    let plan_json = std::sync::Arc::new(plan_json);
    let (attachments, sources_sha256) = crate::profile::stage("render: attachments", || {
        let attachments = attachments(c, &plan_json);
        let sources_sha256 = super::pdf::sources_hash(&attachments);
        (attachments, sources_sha256)
    });
    // The PDF (most of the work on a large plan) is written on a second
    // thread while this one renders the site and the exports. Both only
    // read the compiled plan; the output does not depend on which finishes
    // first.
    let (site, pdf) = std::thread::scope(|scope| {
        let pdf = scope.spawn(|| match (earlier.approved, document) {
            (true, _) | (_, Document::Skip) => Ok(Vec::new()),
            (false, Document::Render) => crate::profile::stage("render: pdf", || {
                pdf_bytes(c, date, changes.as_ref(), attachments)
            }),
        });
        let site = crate::profile::stage("render: site", || {
            html::render_site(&SiteInput {
                plan,
                schedule: &c.schedule,
                theme,
                build: &build,
            })
        })
        .map(|(mut artifacts, warnings)| {
            crate::profile::stage("render: ics", || {
                for (path, bytes) in super::ics::render_all(plan, &c.schedule) {
                    artifacts.push(Artifact::new(path, bytes));
                }
            });
            crate::profile::stage("render: csv", || {
                artifacts.push(Artifact::new(
                    "schedule.csv",
                    super::csv::render(plan, &c.schedule),
                ));
            });
            (artifacts, warnings)
        });
        // The workbook and the status report too, while the PDF (the
        // longer of the two threads) is still being written.
        let site = site.and_then(|(mut artifacts, warnings)| {
            let xlsx = crate::profile::stage("render: xlsx", || {
                super::xlsx::render(plan, &c.schedule, date)
            })
            .map_err(|e| vec![xlsx_error(c, &e)])?;
            artifacts.push(Artifact::new("schedule.xlsx", xlsx));
            artifacts.push(status_pdf(c, &build)?);
            Ok((artifacts, warnings))
        });
        let pdf = pdf
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (site, pdf)
    });
    let (mut artifacts, warnings) = site?;
    let pdf = pdf?;
    if document == Document::Render {
        artifacts.push(Artifact::new(pdf_name.clone(), pdf));
    }
    let plan_json =
        std::sync::Arc::try_unwrap(plan_json).unwrap_or_else(|shared| (*shared).clone());
    artifacts.push(Artifact::new("plan.json", plan_json));

    let index = html::render_version_index(
        theme,
        &VersionIndex {
            title: plan.meta.title.value.clone(),
            client: plan.meta.client.as_ref().map(|c| c.value.clone()),
            entries: versions.clone(),
        },
    )?;
    Ok(Rendered {
        artifacts,
        top: vec![index],
        versions,
        sources_sha256,
        document: pdf_name,
        warnings,
    })
}

/// The dated status report as PDF/A, archived beside its page
/// (`status/<as-of>.pdf`): the same report the page shows.
fn status_pdf(c: &Compiled, build: &BuildInfo) -> Result<Artifact, Vec<Diagnostic>> {
    let as_of = c.schedule.as_of;
    let report = crate::status::build(
        &c.plan,
        &c.schedule,
        Some(&c.content_hash),
        build.previous_report(as_of),
    );
    let paper = match c.plan.meta.paper() {
        crate::model::Paper::A4 => crate::pdf::Paper::A4,
        crate::model::Paper::Letter => crate::pdf::Paper::Letter,
    };
    crate::profile::stage("render: status report", || {
        crate::status::pdf::render_status_pdf(&report, paper, as_of)
    })
    .map(|bytes| Artifact::new(format!("status/{as_of}.pdf"), bytes))
    .map_err(|e| vec![pdf_error(c, &e)])
}

/// "Changes since version X": an earlier version's `plan.json` compared
/// with this version's.
pub fn changes_since(
    older: &str,
    older_json: &[u8],
    plan_json: &[u8],
) -> Option<crate::diff::ChangeSummary> {
    // Both read at once (15 MB each at 10,000 tasks). The new one was
    // written just now by the same struct: it reads back (a test makes
    // sure).
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(|| crate::plan_json::Record::read(older_json));
        let new = crate::plan_json::Record::read(plan_json);
        (
            old.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            new,
        )
    });
    let (old, new) = (old.ok()?, new.ok()?);
    let mut summary = crate::diff::compare(&old, &new);
    summary.from = older.to_string();
    Some(summary)
}

/// The PDF Solution Document, with `attachments` embedded (PDF/A-3a, PDF/UA-1).
pub fn pdf_bytes(
    c: &Compiled,
    date: NaiveDate,
    changes: Option<&crate::diff::ChangeSummary>,
    attachments: Vec<crate::pdf::Attachment>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    super::pdf::render(&super::pdf::PdfInput {
        compiled: c,
        date,
        changes,
        attachments,
    })
    .map_err(|e| vec![pdf_error(c, &e)])
}

/// The sources embedded in the PDF (PDF/A-3 associated files): the plan's
/// YAML and Markdown files as they are on disk, the project's theme files
/// (the text ones are among the sources already), and the computed
/// `plan.json`. Nothing else under `content/` is published (`compile`
/// warns about each such file).
pub fn attachments(
    c: &Compiled,
    plan_json: &std::sync::Arc<Vec<u8>>,
) -> Vec<crate::pdf::Attachment> {
    let theme = c
        .theme
        .project_files()
        .filter(|(_, bytes)| std::str::from_utf8(bytes).is_err())
        .map(|(path, bytes)| {
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
            data: data.into(),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out.push(crate::pdf::Attachment {
        name: "plan.json".into(),
        mime: "application/json".into(),
        description: "The computed plan: every key and every computed date".into(),
        data: plan_json.clone(),
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

/// A workbook that cannot be made is an error of the build (a bug of ours
/// or a limit of the format, such as a sheet over a million rows).
fn xlsx_error(c: &Compiled, e: &rust_xlsxwriter::XlsxError) -> Diagnostic {
    Diagnostic::new(
        crate::diag::Severity::Error,
        crate::diag::Location::At(c.plan.meta.pos),
        format!("schedule.xlsx cannot be produced: {e}"),
    )
    .with_hint("nothing was written; report a bug if the plan looks ordinary")
}

/// The newest of `versions` by semantic version.
pub fn newest(versions: &[VersionEntry]) -> Option<&str> {
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
