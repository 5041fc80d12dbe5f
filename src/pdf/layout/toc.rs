//! The table of contents: the headings (with the pages found by a first
//! layout pass) -> a title and one linked entry per heading, with dotted
//! leaders and right-aligned page numbers.
//!
//! Entry heights never depend on the page numbers, so the second pass
//! paginates exactly like the first.

use super::boxes::Item;
use super::flow::{Ctx, Flow, Slice};
use super::inline::{self, Run};
use super::measure::FontStyle;
use super::tags::{self, ArtifactKind, Mark, Role};
use super::theme;
use crate::pdf::doc::LinkTarget;

const SIZE: f32 = 10.0;
const LEADING: f32 = 17.0;
const LEVEL_INDENT: f32 = 16.0;
const NUMBER_W: f32 = 34.0;

pub fn layout<'a>(title: &str, max_level: u8, width: f32, ctx: Ctx, out: &mut Vec<Flow<'a>>) {
    let (size, leading, _, after) = theme::heading(1);
    // Tagged: the title as a heading, then a TOC of items, each a link
    // holding the entry's text and page number (the dots are filler).
    let mut title_lines = super::flow::text_lines(
        &[Run::plain(title, FontStyle::Bold, theme::ACCENT)],
        size,
        leading,
        width,
        ctx.m,
    );
    tags::wrap_slices(&mut title_lines, Role::Heading(1, title.to_string()));
    for mut line in title_lines {
        line.keep_with_next = true;
        line.space_after = after + 6.0;
        out.push(Flow::Slice(line));
    }
    let entries = out.len();
    let step = ctx.m.width(". ", FontStyle::Regular, SIZE);
    for entry in ctx.toc.iter().filter(|e| e.level <= max_level) {
        let x = (entry.level.saturating_sub(1)) as f32 * LEVEL_INDENT;
        let top = entry.level <= 1;
        let font = if top {
            FontStyle::Bold
        } else {
            FontStyle::Regular
        };
        let color = if top { theme::INK } else { theme::MUTED };
        let lines = inline::break_lines(
            &[Run::plain(&entry.text, font, color)],
            SIZE,
            width - x - NUMBER_W - 10.0,
            ctx.m,
        );
        let base = theme::baseline(LEADING, SIZE);
        let mut items = vec![
            Item::Mark(Mark::Open(Role::TocItem)),
            Item::Mark(Mark::Open(Role::Link)),
        ];
        for (i, line) in lines.iter().enumerate() {
            inline::emit_line(line, x, base + i as f32 * LEADING, LEADING, &mut items);
        }
        let last_y = base + (lines.len() - 1) as f32 * LEADING;
        let number = entry.page.map(|p| p.to_string()).unwrap_or_default();
        let nw = ctx.m.width(&number, font, SIZE);
        // Leader dots on a grid shared by all entries, so they line up.
        let from = x + lines.last().map_or(0.0, |l| l.width) + 6.0;
        let to = width - NUMBER_W + 4.0;
        let first = (from / step).ceil();
        let last = (to / step).floor();
        if last > first {
            let from = items.len();
            items.push(Item::Text {
                x: first * step,
                y: last_y,
                text: ". ".repeat((last - first) as usize).trim_end().to_string(),
                font: FontStyle::Regular,
                size: SIZE,
                color: theme::FAINT,
            });
            tags::wrap_tail(&mut items, from, Role::Artifact(ArtifactKind::Layout));
        }
        items.push(Item::Text {
            x: width - nw,
            y: last_y,
            text: number,
            font,
            size: SIZE,
            color: theme::INK,
        });
        let height = lines.len() as f32 * LEADING;
        items.push(Item::Link {
            x,
            y: 0.0,
            w: width - x,
            h: height,
            target: LinkTarget::Internal(entry.id.clone()),
        });
        items.push(Item::Mark(Mark::Close));
        items.push(Item::Mark(Mark::Close));
        out.push(Flow::Slice(Slice {
            height,
            space_before: if top { 5.0 } else { 0.0 },
            items,
            ..Slice::default()
        }));
    }
    tags::wrap(&mut out[entries..], Role::Toc);
    if let Some(Flow::Slice(last)) = out.last_mut() {
        last.space_after = theme::BLOCK_SPACE;
    }
}
