//! Plan + Schedule -> the PDF Solution Document (a `pdf::Document`, then
//! bytes): cover, document control, contents, the same sections in the same
//! order as the site, and the sign-off page.

mod markdown;
mod raci;
mod runbook;
mod sections;

use chrono::NaiveDate;

use crate::Compiled;
use crate::diff::ChangeSummary;
use crate::model::{Paper as PlanPaper, PlanStatus};
use crate::pdf::{self, Attachment, Block, Cover, Document, Inline, Meta, Paper};
use crate::schedule::fmt_date;

/// What the PDF is made from, beyond the compiled plan.
pub struct PdfInput<'a> {
    pub compiled: &'a Compiled,
    /// The build date: the document date (newest revision) or
    /// `SOURCE_DATE_EPOCH`; never the clock.
    pub date: NaiveDate,
    /// Changes since the previous version, when there is one.
    pub changes: Option<&'a ChangeSummary>,
    /// Files to embed (PDF/A-3): the plan's sources and `plan.json`.
    pub attachments: Vec<Attachment>,
}

/// `<slug>-<version>.pdf`.
pub fn file_name(c: &Compiled) -> String {
    format!(
        "{}-{}.pdf",
        crate::render::slug(&c.plan.meta.title.value),
        c.plan.meta.version.value
    )
}

/// The hash of the embedded sources that the version's manifest records
/// and the document prints.
pub fn sources_hash(attachments: &[Attachment]) -> String {
    crate::archive::sources_hash(
        attachments
            .iter()
            .map(|a| (a.name.as_str(), a.data.as_slice())),
    )
}

/// Builds the document model; its attachments are `input.attachments`.
pub fn document(input: &PdfInput) -> Document {
    Document {
        attachments: input.attachments.clone(),
        ..document_body(input)
    }
}

/// The document model without attachments (`render` embeds the input's
/// attachments directly, without copying them into the model).
fn document_body(input: &PdfInput) -> Document {
    let c = input.compiled;
    let plan = &c.plan;
    let meta = &plan.meta.value;
    let status = meta.status();
    let version = meta.version.value.to_string();
    let client = meta
        .client
        .as_ref()
        .map(|c| c.value.clone())
        .unwrap_or_default();
    let owner = meta
        .owner
        .as_ref()
        .map(|o| o.value.clone())
        .unwrap_or_default();

    let sources = (!input.attachments.is_empty()).then(|| sources_hash(&input.attachments));
    let mut blocks = Vec::new();
    blocks.extend(sections::document_control(c, sources.as_deref()));
    blocks.push(Block::Toc {
        title: "Contents".into(),
        max_level: 2,
    });
    blocks.push(Block::PageBreak);
    blocks.extend(sections::overview(c));
    blocks.extend(sections::schedule(c));
    blocks.extend(sections::gantt(c));
    blocks.extend(sections::inventory(c));
    blocks.extend(sections::data(c));
    blocks.extend(sections::freeze(c));
    blocks.extend(runbook::runbooks(c));
    blocks.extend(sections::addons(c));
    blocks.extend(sections::risks(c));
    blocks.extend(raci::raci(c));
    for (i, s) in plan.sections.iter().enumerate() {
        blocks.push(Block::Heading {
            level: 1,
            text: s.title.value.clone(),
            id: format!("section-{i}"),
        });
        blocks.extend(markdown::blocks(
            &s.body,
            plan,
            &c.schedule,
            1,
            &format!("s{i}-"),
        ));
    }
    if let Some(changes) = input.changes {
        blocks.extend(sections::changes(changes, plan));
    }
    blocks.extend(sections::rationale(c));
    blocks.extend(sections::signoff(c));

    let mut keywords = vec!["data migration".to_string(), meta.document().to_string()];
    if !client.is_empty() {
        keywords.push(client.clone());
    }
    keywords.push(format!("version {version}"));
    keywords.push(format!("content {}", c.content_hash.short()));
    if let Some(h) = &sources {
        // In the XMP metadata (pdf:Keywords), where a tool finds it without
        // reading the pages.
        keywords.push(format!("migplan-sources-sha256:{h}"));
    }
    Document {
        meta: Meta {
            title: format!("{}: {}", meta.document(), meta.title.value),
            author: if owner.is_empty() {
                client.clone()
            } else {
                owner.clone()
            },
            subject: format!(
                "{} for {}, version {version} ({})",
                meta.document(),
                if client.is_empty() {
                    meta.title.value.as_str()
                } else {
                    client.as_str()
                },
                plan_status_label(status)
            ),
            keywords,
            language: "en".into(),
            date: input.date,
            document_id: c.content_hash.0.clone(),
        },
        paper: match meta.paper() {
            PlanPaper::A4 => Paper::A4,
            PlanPaper::Letter => Paper::Letter,
        },
        header_text: meta.title.value.clone(),
        watermark: (status != PlanStatus::Approved).then(|| "DRAFT".to_string()),
        cover: Cover {
            doc_type: meta.document().to_string(),
            title: meta.title.value.clone(),
            client,
            version,
            status: plan_status_label(status).to_string(),
            date: fmt_date(input.date),
            owner,
            content_hash_short: c.content_hash.short().to_string(),
        },
        blocks,
        attachments: Vec::new(),
    }
}

/// Renders the PDF: PDF/A-3a when there are attachments, else PDF/A-2a
/// (both also PDF/UA-1).
pub fn render(input: &PdfInput) -> Result<Vec<u8>, pdf::PdfError> {
    let doc = document_body(input);
    let conformance = if input.attachments.is_empty() {
        pdf::Conformance::PdfA2a
    } else {
        pdf::Conformance::PdfA3a
    };
    pdf::render_pdf_with(&doc, &input.attachments, conformance)
}

/// Plain text as a one-inline paragraph.
fn para(s: impl Into<String>) -> Block {
    Block::Paragraph(vec![Inline::text(s)])
}

/// The labels the site prints too (`render::labels`), so both say the same.
use crate::render::labels::{
    addon_status_label, credentials_label, decision_label, freeze_mode_label, method_label,
    plan_status_label, priority_label, role_label, strategy_label,
};
