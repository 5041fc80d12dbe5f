//! Blocks -> a flow of slices: horizontal strips of positioned items with
//! their spacing and break rules, ready for `paginate`.
//!
//! A slice is the unit the paginator never splits: a line of a paragraph, a
//! table row, a signature block. Break rules live on the slices:
//! `keep_with_next` glues a slice to the next one (heading lines, a
//! paragraph's first line against orphans and its second-to-last against
//! widows), and `header` names the table header to repeat above a row that
//! starts a page.

use std::rc::Rc;

use super::boxes::{Color, Item};
use super::inline::{self, Run};
use super::measure::{FontStyle, Measure};
use super::tags::{self, Mark, Role};
use super::{code, keyvalue, signature, table, theme, toc};
use crate::pdf::doc::{Block, Gantt, Inline};

/// An unsplittable strip of content; items are relative to its top-left
/// corner, which sits `x` points right of the content area's left edge.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Slice {
    pub x: f32,
    pub height: f32,
    /// Space above, dropped at the top of a page.
    pub space_before: f32,
    /// Space below, dropped at the bottom of a page.
    pub space_after: f32,
    pub keep_with_next: bool,
    /// Baseline of the first text line, for list markers.
    pub baseline: Option<f32>,
    pub items: Vec<Item>,
    /// Ids of headings whose link target is this slice's top.
    pub anchors: Vec<String>,
    /// The table header to repeat above this slice when it starts a page.
    pub header: Option<Rc<Slice>>,
}

#[derive(Clone, Debug)]
pub enum Flow<'a> {
    Slice(Slice),
    PageBreak,
    /// A chart laid out by the paginator on its own landscape page(s).
    Gantt(&'a Gantt),
}

/// A heading and the page it landed on (1-based), for the TOC.
#[derive(Clone, Debug, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub text: String,
    pub id: String,
    pub page: Option<usize>,
}

/// What block layout needs besides the blocks: the measurer, the headings
/// for a TOC, and the base text style (quotes change it).
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub m: &'a dyn Measure,
    pub toc: &'a [TocEntry],
    pub font: FontStyle,
    pub color: Color,
    /// Content width of a landscape page, for a heading that goes with a chart.
    pub landscape_width: f32,
    /// Content height of a portrait page: a table row taller than this is
    /// split across pages.
    pub page_height: f32,
}

/// Lays out `blocks` into `width` points, appending to `out`.
pub fn layout_blocks<'a>(blocks: &'a [Block], width: f32, ctx: Ctx, out: &mut Vec<Flow<'a>>) {
    for i in 0..blocks.len() {
        layout_block(blocks, i, width, ctx, out);
    }
}

/// Lays out `blocks[i]` (its neighbours decide some rules) into `width`
/// points, appending to `out`.
pub fn layout_block<'a>(
    blocks: &'a [Block],
    i: usize,
    width: f32,
    ctx: Ctx,
    out: &mut Vec<Flow<'a>>,
) {
    let from = out.len();
    // The structure element the block's slices form (tables, key/value
    // lists, the TOC and signature blocks tag their own parts; a chart is
    // tagged as a figure where it is placed).
    let role = match &blocks[i] {
        Block::Heading { level, text, id } => {
            // A heading right before a chart (or before the one paragraph
            // that introduces it) moves to the chart's landscape page.
            let chart_next = matches!(blocks.get(i + 1), Some(Block::Gantt(_)))
                || matches!(
                    (blocks.get(i + 1), blocks.get(i + 2)),
                    (Some(Block::Paragraph(_)), Some(Block::Gantt(_)))
                );
            let w = if chart_next {
                ctx.landscape_width
            } else {
                width
            };
            heading(*level, text, id, w, ctx, out);
            Some(Role::Heading(*level, text.clone()))
        }
        Block::Paragraph(inl) => {
            // A paragraph right before a chart introduces it: it goes with
            // the chart to its landscape page, at that page's width, so the
            // portrait page is not left with a heading and a caption alone.
            if matches!(blocks.get(i + 1), Some(Block::Gantt(_))) {
                paragraph(inl, ctx.landscape_width, ctx, out);
                for f in &mut out[from..] {
                    if let Flow::Slice(s) = f {
                        s.keep_with_next = true;
                    }
                }
            } else {
                paragraph(inl, width, ctx, out);
            }
            Some(Role::Paragraph)
        }
        Block::List { ordered, items } => {
            list(*ordered, items, width, ctx, out);
            Some(Role::List { ordered: *ordered })
        }
        Block::Quote(inner) => {
            quote(inner, width, ctx, out);
            Some(Role::Quote)
        }
        Block::Code(text) => {
            code::layout(text, width, ctx, out);
            tags::wrap(&mut out[from..], Role::Code);
            Some(Role::Paragraph)
        }
        Block::Table(t) => {
            table::layout(t, width, ctx, out);
            None
        }
        Block::KeyValue(kv) => {
            keyvalue::layout(kv, width, ctx, out);
            None
        }
        Block::PageBreak => {
            out.push(Flow::PageBreak);
            None
        }
        Block::Toc { title, max_level } => {
            toc::layout(title, *max_level, width, ctx, out);
            None
        }
        Block::Gantt(g) => {
            out.push(Flow::Gantt(g));
            None
        }
        Block::Signature(s) => {
            signature::layout(s, width, ctx, out);
            None
        }
    };
    if let Some(role) = role {
        tags::wrap(&mut out[from..], role);
    }
}

/// One slice per line of text, set at `size`/`leading`; flush right when
/// the text reads right to left (as the site aligns it).
pub fn text_lines(
    runs: &[Run],
    size: f32,
    leading: f32,
    width: f32,
    m: &dyn Measure,
) -> Vec<Slice> {
    let rtl = inline::starts_right_to_left(runs);
    inline::break_lines(runs, size, width, m)
        .into_iter()
        .map(|mut line| {
            let base = theme::baseline(leading, size);
            let mut items = Vec::with_capacity(line.pieces.len());
            let mut x = 0.0;
            if rtl {
                // Pieces (runs in other styles) follow each other from the
                // right; each piece's text is ordered when it is drawn.
                // A piece's trailing space (not drawn) now lies at its
                // left, between it and the next piece.
                for p in &mut line.pieces {
                    let drawn = p.text.trim_end().len();
                    let space = if drawn < p.text.len() {
                        m.width(&p.text[drawn..], p.font, p.size)
                    } else {
                        0.0
                    };
                    p.x = line.width - p.x - p.width + space;
                    p.width -= space;
                }
                x = (width - line.width).max(0.0);
            }
            inline::emit_line(&line, x, base, leading, &mut items);
            Slice {
                height: leading,
                baseline: Some(base),
                items,
                ..Slice::default()
            }
        })
        .collect()
}

/// Marks a block's lines against orphans and widows: a break may not leave
/// one line of a paragraph alone at the bottom or the top of a page.
pub fn guard_orphans_widows(lines: &mut [Slice]) {
    let n = lines.len();
    if n >= 2 {
        lines[0].keep_with_next = true;
        lines[n - 2].keep_with_next = true;
    }
}

fn heading<'a>(level: u8, text: &str, id: &str, width: f32, ctx: Ctx, out: &mut Vec<Flow<'a>>) {
    let (size, leading, before, after) = theme::heading(level);
    let color = if level <= 2 {
        theme::ACCENT
    } else {
        theme::INK
    };
    let runs = [Run::plain(text, FontStyle::Bold, color)];
    let mut lines = text_lines(&runs, size, leading, width, ctx.m);
    if level <= 1
        && let Some(last) = lines.last_mut()
    {
        // A fine rule under chapter headings.
        last.height += 6.0;
        last.items.push(Item::hrule(
            0.0,
            width,
            last.height - 1.0,
            super::boxes::Stroke::solid(theme::RULE, 0.8),
        ));
    }
    for line in &mut lines {
        line.keep_with_next = true;
    }
    lines[0].space_before = before;
    lines[0].anchors.push(id.to_string());
    if let Some(last) = lines.last_mut() {
        last.space_after = after;
    }
    out.extend(lines.into_iter().map(Flow::Slice));
}

fn paragraph<'a>(inl: &[Inline], width: f32, ctx: Ctx, out: &mut Vec<Flow<'a>>) {
    let runs = inline::flatten(inl, ctx.font, ctx.color);
    let mut lines = text_lines(&runs, theme::BODY_SIZE, theme::BODY_LEADING, width, ctx.m);
    guard_orphans_widows(&mut lines);
    // A lead-in ending with a colon introduces what follows: keep them together.
    let lead_in = runs
        .last()
        .is_some_and(|r| r.text.trim_end().ends_with(':'));
    if let Some(last) = lines.last_mut() {
        last.space_after = theme::PARA_SPACE;
        last.keep_with_next = lead_in;
    }
    out.extend(lines.into_iter().map(Flow::Slice));
}

/// Space between list items; the list as a whole ends with a paragraph gap.
const ITEM_SPACE: f32 = 3.5;

fn list<'a>(ordered: bool, items: &'a [Vec<Block>], width: f32, ctx: Ctx, out: &mut Vec<Flow<'a>>) {
    let inner_width = width - theme::LIST_INDENT;
    for (i, item) in items.iter().enumerate() {
        let mut flows = Vec::new();
        layout_blocks(item, inner_width, ctx, &mut flows);
        indent(&mut flows, theme::LIST_INDENT);
        let marker = if ordered {
            format!("{}.", i + 1)
        } else {
            "\u{2022}".to_string()
        };
        // Tagged as a list item: its marker (a label), then its content.
        tags::wrap(&mut flows, Role::ListBody);
        if let Some(first) = first_slice(&mut flows) {
            let size = theme::BODY_SIZE;
            let w = ctx.m.width(&marker, ctx.font, size);
            let label = Item::Text {
                x: -(w + 5.0),
                y: first
                    .baseline
                    .unwrap_or(theme::baseline(theme::BODY_LEADING, size)),
                text: marker,
                font: ctx.font,
                size,
                color: if ordered {
                    ctx.color
                } else {
                    theme::ACCENT_SOFT
                },
            };
            first.items.splice(
                0..0,
                [
                    Item::Mark(Mark::Open(Role::Label)),
                    label,
                    Item::Mark(Mark::Close),
                ],
            );
        }
        tags::wrap(&mut flows, Role::ListItem);
        let last = i + 1 == items.len();
        if let Some(Flow::Slice(s)) = flows.iter_mut().rev().find(|f| matches!(f, Flow::Slice(_))) {
            s.space_after = if last { theme::PARA_SPACE } else { ITEM_SPACE };
        }
        out.extend(flows);
    }
}

fn quote<'a>(inner: &'a [Block], width: f32, ctx: Ctx, out: &mut Vec<Flow<'a>>) {
    let mut flows = Vec::new();
    let quote_ctx = Ctx {
        font: ctx.font.italicized(),
        color: theme::MUTED,
        ..ctx
    };
    layout_blocks(inner, width - theme::QUOTE_INDENT, quote_ctx, &mut flows);
    let mut gap_above = None::<f32>;
    for flow in &mut flows {
        if let Flow::Slice(s) = flow {
            // The bar also spans the gap to the previous slice, so it reads
            // as one bar down the quote (a page break drops the gap anyway).
            let up = gap_above.map_or(0.0, |g| g + s.space_before);
            s.items.push(Item::fill(
                -(s.x + theme::QUOTE_INDENT),
                -up,
                theme::QUOTE_BAR,
                s.height + up,
                theme::RULE,
            ));
            gap_above = Some(s.space_after);
            s.x += theme::QUOTE_INDENT;
        }
    }
    out.extend(flows);
}

/// Shifts nested content right.
pub fn indent(flows: &mut [Flow], dx: f32) {
    for flow in flows {
        if let Flow::Slice(s) = flow {
            s.x += dx;
        }
    }
}

fn first_slice<'f>(flows: &'f mut [Flow]) -> Option<&'f mut Slice> {
    flows.iter_mut().find_map(|f| match f {
        Flow::Slice(s) => Some(s),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::measure::FixedMeasure;

    pub fn ctx(m: &dyn Measure) -> Ctx<'_> {
        Ctx {
            m,
            toc: &[],
            font: FontStyle::Regular,
            color: theme::INK,
            landscape_width: 600.0,
            page_height: 700.0,
        }
    }

    fn slices<'a>(flows: &'a [Flow]) -> Vec<&'a Slice> {
        flows
            .iter()
            .filter_map(|f| {
                if let Flow::Slice(s) = f {
                    Some(s)
                } else {
                    None
                }
            })
            .collect()
    }

    #[test]
    fn paragraph_lines_guard_orphans_and_widows() {
        let m = FixedMeasure(0.5);
        let words = vec![Inline::text("word ".repeat(60))];
        let mut out = Vec::new();
        let blocks = [Block::Paragraph(words)];
        layout_blocks(&blocks, 100.0, ctx(&m), &mut out);
        let s = slices(&out);
        let n = s.len();
        assert!(n >= 4, "{n} lines");
        let kwn: Vec<bool> = s.iter().map(|s| s.keep_with_next).collect();
        assert!(kwn[0] && kwn[n - 2] && !kwn[1] && !kwn[n - 1]);
    }

    #[test]
    fn right_to_left_paragraphs_are_flush_right_with_their_pieces_from_the_right() {
        // Every character 1 pt wide at the body size.
        let m = FixedMeasure(1.0 / theme::BODY_SIZE);
        let para = vec![
            Inline::text("\u{5D0}\u{5D1} "),
            Inline::Bold(vec![Inline::text("\u{5D2}\u{5D3}")]),
            Inline::text(" \u{5D4}"),
        ];
        let mut out = Vec::new();
        let blocks = [Block::Paragraph(para)];
        layout_blocks(&blocks, 100.0, ctx(&m), &mut out);
        let s = slices(&out);
        let texts: Vec<(f32, String)> = s[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { x, text, .. } => Some((x.round(), text.clone())),
                _ => None,
            })
            .collect();
        // Hebrew "ab cd e" is 7 wide: flush right at 100, its first piece
        // rightmost, a space between each piece and the next (the last
        // piece's own leading space is drawn at its right).
        assert_eq!(
            texts,
            [
                // The space after a piece is kept (invisible) so that text
                // read from the tags keeps its words apart.
                (98.0, "\u{5D0}\u{5D1} ".to_string()),
                (95.0, "\u{5D2}\u{5D3}".to_string()),
                (93.0, " \u{5D4}".to_string()),
            ]
        );
    }

    #[test]
    fn headings_keep_with_next_and_carry_their_anchor() {
        let m = FixedMeasure(0.5);
        let blocks = vec![
            Block::Heading {
                level: 2,
                text: "Scope".into(),
                id: "scope".into(),
            },
            Block::Paragraph(vec![Inline::text("Body.")]),
        ];
        let mut out = Vec::new();
        layout_blocks(&blocks, 300.0, ctx(&m), &mut out);
        let s = slices(&out);
        assert!(s[0].keep_with_next);
        assert_eq!(s[0].anchors, ["scope"]);
    }

    #[test]
    fn list_items_are_indented_with_markers() {
        let m = FixedMeasure(0.5);
        let items = vec![
            vec![Block::Paragraph(vec![Inline::text("first")])],
            vec![Block::Paragraph(vec![Inline::text("second")])],
        ];
        let mut out = Vec::new();
        let blocks = [Block::List {
            ordered: true,
            items,
        }];
        layout_blocks(&blocks, 300.0, ctx(&m), &mut out);
        let s = slices(&out);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].x, theme::LIST_INDENT);
        assert!(
            s[1].items
                .iter()
                .any(|i| matches!(i, Item::Text { text, .. } if text == "2."))
        );
    }
}
