//! End-to-end tests of the engine: sample `Document` -> PDF bytes, checked
//! by extracting their text (pdf-extract), for determinism, page counts,
//! archival metadata and speed.

use std::time::Instant;

use super::*;

fn pages_text(pdf: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(pdf).expect("the PDF parses and its text extracts")
}

/// The PDF's bytes as text, with its object streams' contents (the
/// dictionaries `compact` packs) appended uncompressed, for searching.
fn raw_text(pdf: &[u8]) -> String {
    let mut raw = String::from_utf8_lossy(pdf).into_owned();
    let doc = lopdf::Document::load_mem(pdf).expect("lopdf reads the PDF");
    for object in doc.objects.values() {
        if let Ok(stream) = object.as_stream()
            && matches!(stream.dict.get(b"Type"), Ok(lopdf::Object::Name(n)) if n == b"ObjStm")
        {
            raw.push_str(&String::from_utf8_lossy(
                &stream
                    .decompressed_content()
                    .expect("the object stream inflates"),
            ));
        }
    }
    raw
}

/// Extracted text with runs of whitespace collapsed, for phrase search.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn same_document_gives_byte_identical_pdfs() {
    let doc = sample::document();
    let a = render_pdf(&doc).unwrap();
    let b = render_pdf(&doc).unwrap();
    assert!(a == b, "two renders differ");
    let mut later = doc.clone();
    later.meta.date = "2027-01-01".parse().unwrap();
    assert!(render_pdf(&later).unwrap() != a, "the date is an input");
}

#[test]
fn text_of_the_sample_is_extractable_page_by_page() {
    let doc = sample::document();
    let pdf = render_pdf(&doc).unwrap();
    let pages = pages_text(&pdf);
    let laid = layout_pdf(&doc).unwrap();
    assert_eq!(pages.len(), laid.pages.len());
    let n = pages.len();
    assert!((9..=14).contains(&n), "{n} pages");
    let all = flat(&pages.join("\n"));
    for expected in [
        "Eaglesoft to Open Dental migration",
        "Lakeside Family Dental",
        "Schedule PMS test conversion",
        "Gather admin credentials to current PMS",
        "2027-01-16",
        "Dr. Amelia Hart",
        "Priya Natarajan",
        "Approved as the plan of record, version 1.2.0",
        "Recorded decision: Approved on 2026-11-02",
        "net stop \"Eaglesoft Database Server\"",
    ] {
        assert!(all.contains(expected), "missing {expected:?}");
    }
    assert!(!pages[0].contains("Page 1 of"), "no footer on the cover");
    for (i, page) in pages.iter().enumerate().skip(1) {
        assert!(
            flat(page).contains(&format!("Page {} of {n}", i + 1)),
            "footer of page {}",
            i + 1
        );
    }
    // The watermark is drawn as shapes: it never splits words in extraction.
    assert!(!all.contains("DRAFT"));
}

#[test]
fn pdf_declares_pdfa_and_carries_metadata_outline_and_links() {
    let pdf = render_pdf(&sample::document()).unwrap();
    let raw = raw_text(&pdf);
    assert!(
        raw.contains("<pdfaid:part>2</pdfaid:part>"),
        "PDF/A-2 declared"
    );
    assert!(raw.contains("<pdfaid:conformance>A</pdfaid:conformance>"));
    assert!(raw.contains("<pdfuaid:part>1</pdfuaid:part>"), "PDF/UA-1");
    assert!(
        raw.contains("Data-migration plan for Lakeside Family Dental"),
        "subject"
    );
    assert!(raw.contains("2026-11-02"), "creation date from Meta");
    assert!(raw.contains("/Outlines"), "bookmarks");
    assert!(
        raw.contains("/Subtype /Link") || raw.contains("/Subtype/Link"),
        "links"
    );
}

#[test]
fn pdfa3_embeds_attachments_and_pdfa2_refuses_them() {
    let mut doc = sample::document();
    doc.attachments.push(Attachment {
        name: "content/plan.yaml".into(),
        mime: "text/yaml".into(),
        description: "The plan's source".into(),
        data: b"plan:\n  title: Eaglesoft to Open Dental migration\n"
            .to_vec()
            .into(),
    });
    let err = render_pdf(&doc).unwrap_err();
    assert!(
        matches!(err, PdfError::AttachmentsNeedPdfA3 { .. }),
        "{err}"
    );
    let pdf = render_pdf_as(&doc, Conformance::PdfA3a).unwrap();
    let raw = raw_text(&pdf);
    assert!(raw.contains("<pdfaid:part>3</pdfaid:part>"));
    assert!(raw.contains("content/plan.yaml"));
}

#[test]
fn letter_paper_and_no_watermark() {
    let mut doc = sample::document();
    doc.paper = Paper::Letter;
    doc.watermark = None;
    let laid = layout_pdf(&doc).unwrap();
    assert!(laid.pages.iter().all(|p| {
        (p.width, p.height) == (612.0, 792.0) || (p.width, p.height) == (792.0, 612.0)
    }));
    assert!(render_pdf(&doc).is_ok());
}

#[test]
fn symbols_the_sans_lacks_come_from_the_fallback_font() {
    let mut doc = sample::document();
    doc.blocks.push(Block::Paragraph(vec![Inline::text(
        "Backups verified \u{2713} \u{2192} offsite \u{2605}",
    )]));
    let pdf = render_pdf(&doc).unwrap();
    let text = flat(&pages_text(&pdf).join("\n"));
    assert!(
        text.contains("Backups verified \u{2713} \u{2192} offsite \u{2605}"),
        "{text}"
    );
}

#[test]
fn text_no_font_can_show_is_an_error_naming_it() {
    let mut doc = sample::document();
    doc.blocks
        .push(Block::Paragraph(vec![Inline::text("Branch office: བོད")]));
    let err = render_pdf(&doc).unwrap_err().to_string();
    assert!(err.contains("བོད") && err.contains("paragraph"), "{err}");
}

/// A 1,000-task schedule: the header repeats on every schedule page, the
/// page numbers are right, and it renders in well under a second (release).
#[test]
fn a_thousand_row_table_is_fast_and_correct() {
    let doc = sample::large(1000);
    let started = Instant::now();
    let pdf = render_pdf(&doc).unwrap();
    let took = started.elapsed();
    let limit = if cfg!(debug_assertions) { 20.0 } else { 1.0 };
    assert!(took.as_secs_f64() < limit, "took {took:?}");

    let pages = pages_text(&pdf);
    let n = pages.len();
    let rows: Vec<usize> = (0..n)
        .filter(|&i| pages[i].contains("of the bulk schedule"))
        .collect();
    assert!(rows.len() > 20, "{} schedule pages", rows.len());
    for &i in &rows {
        let text = flat(&pages[i]);
        assert!(
            text.contains("Task Owner Start Due Status"),
            "header on page {}",
            i + 1
        );
        assert!(text.contains(&format!("Page {} of {n}", i + 1)));
    }
    let all = flat(&pages.join("\n"));
    assert!(all.contains("Task 1000 of the bulk schedule"));
}
