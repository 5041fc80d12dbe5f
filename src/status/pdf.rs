//! [`StatusReport`] -> a short PDF status report (PDF/A-2a, PDF/UA-1), through the
//! same PDF engine as the Solution Document: a cover, then one table per
//! list of tasks, the sign-offs outstanding and the open risks.

use chrono::NaiveDate;

use super::{Item, StatusReport};
use crate::pdf::{
    self, Block, Cell, Column, Cover, Document, Inline, Meta, Paper, Row, RowStyle, Table,
};
use crate::progress::track::variance_words;
use crate::schedule::fmt_date;

/// The report as PDF bytes. `paper`: the plan's paper size; `date`: the
/// document date printed on it (the as-of date, unless pinned otherwise).
pub fn render_status_pdf(
    r: &StatusReport,
    paper: Paper,
    date: NaiveDate,
) -> Result<Vec<u8>, pdf::PdfError> {
    pdf::render_pdf(&document(r, paper, date))
}

/// The document model of the report (for inspection in tests).
pub fn document(r: &StatusReport, paper: Paper, date: NaiveDate) -> Document {
    let mut blocks = vec![Block::Paragraph(vec![Inline::text(
        super::text::baseline_line(r),
    )])];
    for (key, heading, items) in r.task_sections() {
        blocks.push(Block::Heading {
            level: 1,
            text: format!("{heading} ({})", items.len()),
            id: format!("status-{key}"),
        });
        if items.is_empty() {
            blocks.push(Block::Paragraph(vec![Inline::text("None.")]));
        } else {
            blocks.push(Block::Table(tasks_table(items)));
        }
    }
    blocks.push(Block::Heading {
        level: 1,
        text: format!("Sign-offs outstanding ({})", r.signoffs_outstanding.len()),
        id: "status-signoffs".into(),
    });
    blocks.push(list(
        r.signoffs_outstanding
            .iter()
            .map(|p| format!("{} ({})", p.name, p.id))
            .collect(),
    ));
    blocks.push(Block::Heading {
        level: 1,
        text: format!("Open risks ({})", r.open_risks.len()),
        id: "status-risks".into(),
    });
    blocks.push(list(
        r.open_risks
            .iter()
            .map(|k| {
                let mut s = k.title.clone();
                if k.likelihood.is_some() || k.impact.is_some() {
                    s.push_str(&format!(
                        " (likelihood {}, impact {})",
                        k.likelihood.as_deref().unwrap_or("?"),
                        k.impact.as_deref().unwrap_or("?")
                    ));
                }
                s
            })
            .collect(),
    ));
    let client = r.client.clone().unwrap_or_default();
    Document {
        meta: Meta {
            title: format!("Status report: {}", r.title),
            author: client.clone(),
            subject: format!("Status of {} as of {}", r.title, r.as_of),
            keywords: vec![
                "status report".into(),
                format!("version {}", r.version),
                format!("as of {}", r.as_of),
            ],
            language: "en".into(),
            date,
            document_id: format!("migplan status {} {} {}", r.title, r.version, r.as_of),
        },
        paper,
        header_text: format!("{}: status as of {}", r.title, r.as_of),
        watermark: None,
        cover: Cover {
            doc_type: "Status report".into(),
            title: r.title.clone(),
            client,
            version: r.version.clone(),
            status: format!("As of {}", fmt_date(r.as_of)),
            date: fmt_date(date),
            owner: String::new(),
            content_hash_short: String::new(),
        },
        blocks,
        attachments: Vec::new(),
    }
}

fn tasks_table(items: &[Item]) -> Table {
    let header = ["Task", "Owner", "Due", "Actual", "Variance"];
    Table {
        columns: [0.36, 0.14, 0.18, 0.18, 0.14]
            .iter()
            .map(|w| Column::fraction(*w))
            .collect(),
        header: header.iter().map(|h| Cell::text(*h)).collect(),
        rows: items
            .iter()
            .map(|it| {
                let mut task = vec![Inline::Bold(vec![Inline::text(it.title.clone())])];
                if let Some(n) = &it.note {
                    task.push(Inline::LineBreak);
                    task.push(Inline::text(n.clone()));
                }
                let due = match it.baseline_due {
                    Some(b) if b != it.due => format!("{} (baseline {b})", it.due),
                    _ => it.due.to_string(),
                };
                let actual = match (&it.actual_start, &it.actual_finish) {
                    (Some(s), Some(f)) => format!("started {s}, finished {f}"),
                    (Some(s), None) => format!("started {s}"),
                    (None, Some(f)) => format!("finished {f}"),
                    (None, None) => "—".into(),
                };
                let late = it.variance.is_some_and(|v| v > 0);
                Row {
                    cells: vec![
                        Cell(task),
                        Cell::text(it.owner.clone().unwrap_or_else(|| "—".into())),
                        Cell::text(due),
                        Cell::text(actual),
                        Cell::text(it.variance.map_or_else(|| "—".into(), variance_words)),
                    ],
                    indent: 0,
                    style: if late {
                        RowStyle::Highlight
                    } else {
                        RowStyle::Normal
                    },
                }
            })
            .collect(),
    }
}

fn list(lines: Vec<String>) -> Block {
    if lines.is_empty() {
        return Block::Paragraph(vec![Inline::text("None.")]);
    }
    Block::List {
        ordered: false,
        items: lines
            .into_iter()
            .map(|l| vec![Block::Paragraph(vec![Inline::text(l)])])
            .collect(),
    }
}
