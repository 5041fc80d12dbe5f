//! Checks a `Document` before layout -> the first problem as a `PdfError`:
//! text no embedded font can show (naming the text and where it is), heading
//! ids used twice, internal links to ids no heading has.
//!
//! Checking up front gives errors that say where the text came from, which
//! the PDF writer's own validation (by glyph and page) cannot.

use std::collections::BTreeSet;

use crate::pdf::doc::{Block, Document, Inline, LinkTarget};
use crate::pdf::error::PdfError;
use crate::pdf::fonts::FontSet;
use crate::pdf::layout::measure::FontStyle;

pub fn check(doc: &Document, fonts: &FontSet) -> Result<(), PdfError> {
    let mut texts: Vec<(String, &str, FontStyle)> = Vec::new();
    let c = &doc.cover;
    for (what, t) in [
        ("the cover's document type", &c.doc_type),
        ("the cover's title", &c.title),
        ("the cover's client", &c.client),
        ("the cover's version", &c.version),
        ("the cover's status", &c.status),
        ("the cover's date", &c.date),
        ("the cover's owner", &c.owner),
        ("the cover's content hash", &c.content_hash_short),
        ("the page header", &doc.header_text),
    ] {
        texts.push((what.to_string(), t, FontStyle::Regular));
    }
    if let Some(w) = &doc.watermark {
        texts.push(("the watermark".into(), w, FontStyle::Bold));
    }
    let mut ids = BTreeSet::new();
    let mut links = Vec::new();
    collect(
        &doc.blocks,
        "the document body",
        &mut texts,
        &mut ids,
        &mut links,
    )?;
    for (context, text, style) in &texts {
        if let Some(ch) = fonts.missing(text, *style) {
            return Err(PdfError::MissingGlyph {
                ch,
                text: text.to_string(),
                context: context.clone(),
            });
        }
    }
    for (id, context) in links {
        if !ids.contains(id) {
            return Err(PdfError::UnknownLink {
                id: id.to_string(),
                context,
            });
        }
    }
    Ok(())
}

type Texts<'a> = Vec<(String, &'a str, FontStyle)>;

fn collect<'a>(
    blocks: &'a [Block],
    parent: &str,
    texts: &mut Texts<'a>,
    ids: &mut BTreeSet<&'a str>,
    links: &mut Vec<(&'a str, String)>,
) -> Result<(), PdfError> {
    let mut section = parent.to_string();
    for block in blocks {
        match block {
            Block::Heading { text, id, .. } => {
                if !ids.insert(id) {
                    return Err(PdfError::DuplicateId { id: id.clone() });
                }
                section = format!("section \"{text}\"");
                texts.push((format!("the heading of {section}"), text, FontStyle::Bold));
            }
            Block::Paragraph(inl) => {
                inlines(inl, &format!("a paragraph of {section}"), texts, links)
            }
            Block::List { items, .. } => {
                for item in items {
                    collect(item, &section, texts, ids, links)?;
                }
            }
            Block::Quote(inner) => collect(inner, &section, texts, ids, links)?,
            Block::Code(code) => {
                texts.push((format!("a code block of {section}"), code, FontStyle::Mono))
            }
            Block::Table(t) => {
                for (i, cell) in t.header.iter().enumerate() {
                    inlines(
                        &cell.0,
                        &format!("the table header (column {}) in {section}", i + 1),
                        texts,
                        links,
                    );
                }
                for (r, row) in t.rows.iter().enumerate() {
                    for (i, cell) in row.cells.iter().enumerate() {
                        let ctx = format!("table row {}, column {} in {section}", r + 1, i + 1);
                        inlines(&cell.0, &ctx, texts, links);
                    }
                }
            }
            Block::KeyValue(kvs) => {
                for kv in kvs {
                    let ctx = format!("the entry \"{}\" in {section}", kv.key);
                    texts.push((ctx.clone(), &kv.key, FontStyle::Bold));
                    inlines(&kv.value, &ctx, texts, links);
                }
            }
            Block::PageBreak => {}
            Block::Toc { title, .. } => {
                texts.push(("the table of contents".into(), title, FontStyle::Bold))
            }
            Block::Gantt(g) => {
                for c in &g.charts {
                    texts.push((
                        format!("the Gantt chart in {section}"),
                        &c.title,
                        FontStyle::Bold,
                    ));
                    for row in &c.rows {
                        texts.push((
                            format!("the Gantt chart in {section}"),
                            &row.label,
                            FontStyle::Regular,
                        ));
                        if let Some(n) = &row.note {
                            texts.push((
                                format!("a note of \"{}\" in the Gantt chart", row.label),
                                n,
                                FontStyle::Regular,
                            ));
                        }
                    }
                }
            }
            Block::Signature(s) => {
                let ctx = format!("the signature block of {}", s.name);
                for t in [&s.name, &s.role, &s.organization, &s.meaning] {
                    texts.push((ctx.clone(), t, FontStyle::Regular));
                }
                if let Some(d) = &s.decision {
                    texts.push((ctx.clone(), &d.decision, FontStyle::Bold));
                    texts.push((ctx, &d.date, FontStyle::Bold));
                }
            }
        }
    }
    Ok(())
}

fn inlines<'a>(
    inl: &'a [Inline],
    context: &str,
    texts: &mut Texts<'a>,
    links: &mut Vec<(&'a str, String)>,
) {
    for i in inl {
        match i {
            Inline::Text(t) => texts.push((context.to_string(), t, FontStyle::Regular)),
            Inline::Code(t) => texts.push((context.to_string(), t, FontStyle::Mono)),
            Inline::Bold(inner) | Inline::Italic(inner) => inlines(inner, context, texts, links),
            Inline::Link { target, content } => {
                if let LinkTarget::Internal(id) = target {
                    links.push((id, context.to_string()));
                }
                inlines(content, context, texts, links);
            }
            Inline::LineBreak => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::sample;

    #[test]
    fn names_the_text_and_where_it_is() {
        let fonts = FontSet::new().unwrap();
        let mut doc = sample::document();
        doc.blocks.push(Block::Heading {
            level: 1,
            text: "Lhasa བོད".into(),
            id: "tokyo".into(),
        });
        let err = check(&doc, &fonts).unwrap_err().to_string();
        assert!(
            err.contains("U+0F56") && err.contains("Lhasa བོད") && err.contains("heading"),
            "{err}"
        );
    }

    #[test]
    fn rejects_duplicate_ids_and_dangling_links() {
        let fonts = FontSet::new().unwrap();
        let mut doc = sample::document();
        doc.blocks.push(Block::Heading {
            level: 2,
            text: "Again".into(),
            id: "schedule".into(),
        });
        assert_eq!(
            check(&doc, &fonts),
            Err(PdfError::DuplicateId {
                id: "schedule".into()
            })
        );
        let mut doc = sample::document();
        doc.blocks.push(Block::Paragraph(vec![Inline::Link {
            target: LinkTarget::Internal("nowhere".into()),
            content: vec![Inline::text("see")],
        }]));
        assert!(matches!(
            check(&doc, &fonts),
            Err(PdfError::UnknownLink { .. })
        ));
    }
}
