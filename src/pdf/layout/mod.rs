//! Layout: `Document` + a text `Measure` -> pages of positioned boxes, the
//! link targets and the outline. Independent of any PDF library.
//!
//! ```text
//! cover      Cover                 -> page 1
//! flow       blocks                -> slices (lines, rows, ...) with break rules
//! paginate   slices                -> body pages + anchor positions
//! (again)    with the TOC's page numbers from the first pass, if there is a TOC
//! chrome     pages                 -> + header, footer "Page X of Y", watermark
//! ```
//!
//! TOC entries have the same height whatever their page numbers, so the
//! second pass paginates like the first; a third pass is a safety net.

pub mod boxes;
mod breaks;
mod chrome;
mod code;
mod cover;
mod flow;
mod gantt;
mod inline;
mod keyvalue;
pub mod measure;
mod paginate;
mod signature;
mod table;
pub mod tags;
mod theme;
mod toc;

use boxes::Page;
use flow::{Ctx, Flow, TocEntry};
use measure::{FontStyle, Measure};
pub use paginate::Anchors;

use crate::pdf::doc::{Block, Document};

/// A laid-out document.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub pages: Vec<Page>,
    /// Heading id -> (page index, y), for internal links and the outline.
    pub anchors: Anchors,
    /// Every heading in order, with its level and 1-based page.
    pub outline: Vec<OutlineEntry>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub id: String,
    pub page: usize,
    pub y: f32,
}

/// Lays out the whole document.
///
/// With a TOC, the flows are laid out once; while the TOC's page numbers
/// change, only the blocks holding a TOC are laid out again and the flows
/// are paginated "dry" (page breaks and anchors only). The final pagination
/// then moves the items onto the pages.
pub fn layout(doc: &Document, m: &dyn Measure) -> Layout {
    let mut toc = headings(&doc.blocks);
    let has_toc = has_toc(&doc.blocks);
    let size = doc.paper.size();
    let mut flows = Flows::new(doc, &toc, m, None);
    let mut attempt = 0;
    loop {
        attempt += 1;
        if !has_toc || attempt == 3 {
            break;
        }
        let mut pages = vec![Page {
            width: size.0,
            height: size.1,
            items: Vec::new(),
        }];
        let mut anchors = Anchors::new();
        paginate::dry_run(&mut flows.flat, size, m, &mut pages, &mut anchors);
        let found: Vec<TocEntry> = toc
            .iter()
            .map(|e| TocEntry {
                page: anchors.get(&e.id).map(|a| a.0 + 1),
                ..e.clone()
            })
            .collect();
        if found == toc {
            break;
        }
        toc = found;
        flows = Flows::new(doc, &toc, m, Some(flows));
    }
    let mut pages = vec![cover::layout(&doc.cover, size, m)];
    let mut anchors = Anchors::new();
    paginate::paginate(&mut flows.flat, size, m, &mut pages, &mut anchors);
    drop(flows);
    let chrome = chrome::Chrome {
        header_left: &doc.header_text,
        header_right: if doc.cover.version.is_empty() {
            String::new()
        } else {
            format!("Version {}", doc.cover.version)
        },
        footer_left: &doc.cover.doc_type,
        watermark: doc.watermark.as_deref(),
    };
    chrome::apply(&mut pages, &chrome, m);
    let outline = toc
        .iter()
        .filter_map(|e| {
            let &(page, y) = anchors.get(&e.id)?;
            Some(OutlineEntry {
                level: e.level,
                title: e.text.clone(),
                id: e.id.clone(),
                page,
                y,
            })
        })
        .collect();
    Layout {
        pages,
        anchors,
        outline,
    }
}

/// The body's flows, with the range each top-level block produced.
struct Flows<'a> {
    flat: Vec<Flow<'a>>,
    ranges: Vec<std::ops::Range<usize>>,
}

impl<'a> Flows<'a> {
    /// Lays out the body's blocks; with `previous` flows (laid out with
    /// other TOC page numbers), only the blocks holding a TOC are laid out
    /// again and the others' flows are reused.
    fn new(
        doc: &'a Document,
        toc: &[TocEntry],
        m: &dyn Measure,
        previous: Option<Flows<'a>>,
    ) -> Flows<'a> {
        let size = doc.paper.size();
        let width = size.0 - theme::MARGIN_LEFT - theme::MARGIN_RIGHT;
        let landscape_width = size.1 - theme::MARGIN_LEFT - theme::MARGIN_RIGHT;
        let ctx = Ctx {
            m,
            toc,
            font: FontStyle::Regular,
            color: theme::INK,
            landscape_width,
            page_height: size.1 - theme::MARGIN_TOP - theme::MARGIN_BOTTOM,
        };
        let (mut old, old_ranges) = match previous {
            Some(p) => (Some(p.flat.into_iter()), p.ranges),
            None => (None, Vec::new()),
        };
        let mut flat = Vec::new();
        let mut ranges = Vec::with_capacity(doc.blocks.len());
        for (i, block) in doc.blocks.iter().enumerate() {
            let from = flat.len();
            match (&mut old, old_ranges.get(i)) {
                (Some(old), Some(r)) => {
                    let reused = old.by_ref().take(r.len());
                    if contains_toc(block) {
                        reused.for_each(drop);
                        flow::layout_block(&doc.blocks, i, width, ctx, &mut flat);
                    } else {
                        flat.extend(reused);
                    }
                }
                _ => flow::layout_block(&doc.blocks, i, width, ctx, &mut flat),
            }
            ranges.push(from..flat.len());
        }
        Flows { flat, ranges }
    }
}

fn contains_toc(block: &Block) -> bool {
    has_toc(std::slice::from_ref(block))
}

/// Every heading, in reading order, including those nested in lists and quotes.
fn headings(blocks: &[Block]) -> Vec<TocEntry> {
    let mut out = Vec::new();
    walk(blocks, &mut |b| {
        if let Block::Heading { level, text, id } = b {
            out.push(TocEntry {
                level: *level,
                text: text.clone(),
                id: id.clone(),
                page: None,
            });
        }
    });
    out
}

fn has_toc(blocks: &[Block]) -> bool {
    let mut found = false;
    walk(blocks, &mut |b| found |= matches!(b, Block::Toc { .. }));
    found
}

/// Visits every block, depth first.
fn walk<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
    for b in blocks {
        f(b);
        match b {
            Block::List { items, .. } => items.iter().for_each(|i| walk(i, f)),
            Block::Quote(inner) => walk(inner, f),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::measure::FixedMeasure;
    use super::*;
    use crate::pdf::doc::*;

    fn doc(blocks: Vec<Block>) -> Document {
        Document {
            meta: Meta {
                title: "T".into(),
                author: "A".into(),
                subject: String::new(),
                keywords: vec![],
                language: "en".into(),
                date: "2026-01-01".parse().unwrap(),
                document_id: "x".into(),
            },
            paper: Paper::A4,
            header_text: "Header".into(),
            watermark: None,
            cover: Cover {
                title: "T".into(),
                version: "1.0.0".into(),
                ..Cover::default()
            },
            blocks,
            attachments: vec![],
        }
    }

    fn para(words: usize) -> Block {
        Block::Paragraph(vec![Inline::text("lorem ipsum ".repeat(words / 2))])
    }

    #[test]
    fn toc_page_numbers_match_where_headings_land() {
        let mut blocks = vec![
            Block::Toc {
                title: "Contents".into(),
                max_level: 2,
            },
            Block::PageBreak,
        ];
        for i in 0..6 {
            blocks.push(Block::Heading {
                level: 1,
                text: format!("Chapter {i}"),
                id: format!("c{i}"),
            });
            blocks.push(para(900));
        }
        let l = layout(&doc(blocks), &FixedMeasure(0.5));
        assert!(l.pages.len() > 8);
        let toc_page = l.pages[1].text();
        for e in &l.outline {
            // The entry line is followed by its page number.
            let shown = format!("{}\n", e.page + 1);
            assert!(toc_page.contains(&format!("{}\n", e.title)), "{toc_page}");
            assert!(
                toc_page.contains(&shown),
                "page {} of {} missing:\n{toc_page}",
                e.page + 1,
                e.title
            );
            assert!(l.pages[e.page].text().contains(&e.title));
        }
    }

    #[test]
    fn every_page_but_the_cover_has_header_and_page_x_of_y() {
        let l = layout(&doc(vec![para(3000)]), &FixedMeasure(0.5));
        let n = l.pages.len();
        assert!(n >= 3);
        assert!(!l.pages[0].text().contains("Page 1 of"));
        for (i, p) in l.pages.iter().enumerate().skip(1) {
            let t = p.text();
            assert!(t.contains(&format!("Page {} of {n}", i + 1)), "{t}");
            assert!(t.contains("Header") && t.contains("Version 1.0.0"));
        }
    }

    #[test]
    fn a_heading_before_a_chart_moves_to_the_landscape_page() {
        let day = |s: &str| {
            s.parse::<chrono::NaiveDate>()
                .unwrap()
                .and_time(chrono::NaiveTime::MIN)
        };
        let mut chart =
            crate::render::gantt::Chart::empty("Chart", day("2026-10-01"), day("2026-12-31"));
        chart.rows.push(crate::render::gantt::Row::new(
            crate::render::gantt::RowKind::Task,
            "Row",
            0,
        ));
        let gantt = Gantt {
            charts: vec![chart],
        };
        let blocks = vec![
            para(20),
            Block::Heading {
                level: 1,
                text: "Timeline".into(),
                id: "gantt".into(),
            },
            Block::Gantt(gantt),
            para(20),
        ];
        let l = layout(&doc(blocks), &FixedMeasure(0.5));
        assert_eq!(l.pages.len(), 4);
        let chart = &l.pages[2];
        assert!(chart.width > chart.height, "landscape");
        assert!(chart.text().contains("Timeline"));
        assert_eq!(l.anchors["gantt"].0, 2);

        // A heading and the paragraph introducing the chart both go with it:
        // no portrait page is left holding only the two of them.
        let intro = vec![
            para(20),
            Block::Heading {
                level: 1,
                text: "Timeline".into(),
                id: "gantt".into(),
            },
            Block::Paragraph(vec![Inline::text("Each phase is one bar.")]),
            Block::Gantt(Gantt {
                charts: vec![crate::render::gantt::Chart::empty(
                    "Chart",
                    day("2026-10-01"),
                    day("2026-12-31"),
                )],
            }),
        ];
        let l = layout(&doc(intro), &FixedMeasure(0.5));
        let page = l.anchors["gantt"].0;
        let chart = &l.pages[page];
        assert!(chart.width > chart.height, "landscape");
        assert!(chart.text().contains("Timeline"));
        assert!(chart.text().contains("Each phase is one bar."));
        assert!(!l.pages[page - 1].text().contains("Timeline"));
    }
}
