//! `migplan pdf`: only the PDF Solution Document, written to one file.

use std::fs;
use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Exit, Term};
use crate::archive::Archive;
use crate::render::version::{attachments, changes_since, pdf_bytes};
use crate::{render, report};

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Default: `<root>/<slug>-<version>.pdf`.
    pub output: Option<PathBuf>,
    pub as_of: NaiveDate,
    pub build_date: Option<NaiveDate>,
}

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    let c = match crate::compile(&opts.root, opts.as_of) {
        Ok(c) => c,
        Err(f) => return super::report_failure(term, &f),
    };
    term.diagnostics(&c.warnings, &c.sources);
    let date = opts
        .build_date
        .unwrap_or_else(|| render::document_date(&c.plan, c.schedule.as_of));
    let version = c.plan.meta.version.value.to_string();
    let name = render::pdf::file_name(&c);
    let plan_json = render::json::plan(
        &c.plan,
        &c.schedule,
        &render::json::Publication {
            version: &version,
            status: c.plan.meta.status(),
            date,
            pdf: Some(&name),
        },
    );
    let out = opts.root.join("output");
    let changes = match Archive::open_read(&out) {
        Ok(archive) => archive
            .and_then(|a| a.previous(&version, "plan.json"))
            .and_then(|(v, json)| changes_since(&v, &json, &plan_json)),
        Err(_) => {
            let _ = writeln!(
                term.err,
                "warning: {} does not verify (`migplan verify` says why); the PDF leaves out the changes since the previous version",
                out.display()
            );
            None
        }
    };
    let bytes = match pdf_bytes(
        &c,
        date,
        changes.as_ref(),
        attachments(&c, &std::sync::Arc::new(plan_json)),
    ) {
        Ok(b) => b,
        Err(diags) => {
            term.diagnostics(&diags, &c.sources);
            let _ = writeln!(
                term.err,
                "migplan: {}; nothing was written",
                report::summary(&diags)
            );
            return Exit::PlanErrors;
        }
    };
    let path = opts.output.clone().unwrap_or_else(|| opts.root.join(&name));
    let tmp = path.with_extension("pdf.migplan-tmp");
    if let Err(e) = fs::write(&tmp, &bytes).and_then(|_| fs::rename(&tmp, &path)) {
        let _ = fs::remove_file(&tmp);
        let _ = writeln!(term.err, "error: cannot write {}: {e}", path.display());
        return Exit::Usage;
    }
    let _ = writeln!(
        term.err,
        "migplan: wrote {} ({:.1} MB, version {version}, content {})",
        path.display(),
        bytes.len() as f64 / 1e6,
        c.content_hash.short()
    );
    Exit::Ok
}
