//! The cover page: `Cover` -> the items of page one: a navy title band with
//! the document type, title and client, then the document's particulars
//! (version, status, date, owner, content hash) and a quiet footnote.

use super::boxes::{Color, Item, Page};
use super::inline::{self, Run};
use super::measure::{FontStyle, Measure};
use super::tags::{self, Mark, Role, Scope};
use super::theme;
use crate::pdf::doc::Cover;

const BAND_TEXT: Color = Color(0xa9, 0xc1, 0xdd);
const BAND_SOFT: Color = Color(0xd6, 0xe2, 0xf0);

pub fn layout(c: &Cover, size: (f32, f32), m: &dyn Measure) -> Page {
    let (w, h) = size;
    let left = theme::MARGIN_LEFT;
    let width = w - theme::MARGIN_LEFT - theme::MARGIN_RIGHT;
    let mut items = Vec::new();
    let mut text = Vec::new();

    // Tagged: the document type and client as paragraphs around the
    // title, the particulars as a table with a header cell per row.
    let mut y = 120.0;
    let kind = c.doc_type.to_uppercase();
    text.push(Item::Text {
        x: left,
        y,
        text: kind,
        font: FontStyle::Bold,
        size: 9.5,
        color: BAND_TEXT,
    });
    tags::wrap_tail(&mut text, 0, Role::Paragraph);
    y += 20.0;
    let title = [Run::plain(&c.title, FontStyle::Bold, theme::WHITE)];
    let from = text.len();
    for line in inline::break_lines(&title, 27.0, width, m) {
        y += 33.0;
        inline::emit_line(&line, left, y - 8.0, 33.0, &mut text);
    }
    tags::wrap_tail(&mut text, from, Role::Title);
    y += 10.0;
    let client = [Run::plain(&c.client, FontStyle::Regular, BAND_SOFT)];
    let from = text.len();
    for line in inline::break_lines(&client, 14.0, width, m) {
        y += 20.0;
        inline::emit_line(&line, left, y, 20.0, &mut text);
    }
    tags::wrap_tail(&mut text, from, Role::Paragraph);
    let band = (y + 56.0).max(300.0);
    items.push(Item::fill(0.0, 0.0, w, band, theme::ACCENT));
    items.push(Item::fill(0.0, band, w, 4.0, theme::ACCENT_SOFT));
    items.extend(text);

    // The particulars, as a two-column list with hairlines.
    let rows = [
        ("Version", c.version.as_str()),
        ("Status", c.status.as_str()),
        ("Date", c.date.as_str()),
        ("Owner", c.owner.as_str()),
        ("Content hash", c.content_hash_short.as_str()),
    ];
    let mut y = band + 70.0;
    let label_w = 120.0;
    items.push(Item::hrule(left, left + width, y, theme::hairline()));
    items.push(Item::Mark(Mark::Open(Role::Table)));
    for (label, value) in rows {
        if value.is_empty() {
            continue;
        }
        let (font, color, size) = match label {
            "Status" => (FontStyle::Bold, theme::ACCENT, 11.0),
            "Content hash" => (FontStyle::Mono, theme::INK, 9.5),
            _ => (FontStyle::Regular, theme::INK, 11.0),
        };
        let runs = [Run::plain(value, font, color)];
        let lines = inline::break_lines(&runs, size, width - label_w, m);
        let row_h = 10.0 + lines.len() as f32 * 16.0;
        let base = y + 5.0 + theme::baseline(16.0, size);
        items.push(Item::Mark(Mark::Open(Role::TableRow)));
        items.push(Item::Mark(Mark::Open(Role::HeaderCell(Scope::Row))));
        items.push(Item::Text {
            x: left,
            y: base,
            text: label.to_uppercase(),
            font: FontStyle::Bold,
            size: 7.8,
            color: theme::MUTED,
        });
        items.push(Item::Mark(Mark::Close));
        let from = items.len();
        for (i, line) in lines.iter().enumerate() {
            inline::emit_line(
                line,
                left + label_w,
                base + i as f32 * 16.0,
                16.0,
                &mut items,
            );
        }
        tags::wrap_tail(&mut items, from, Role::Cell);
        items.push(Item::Mark(Mark::Close));
        y += row_h;
        items.push(Item::hrule(left, left + width, y, theme::hairline()));
    }
    items.push(Item::Mark(Mark::Close));

    let note = if c.content_hash_short.is_empty() {
        "Generated from the plan sources.".to_string()
    } else {
        format!(
            "Generated from the plan sources; content hash {} identifies them.",
            c.content_hash_short
        )
    };
    let from = items.len();
    items.push(Item::Text {
        x: left,
        y: h - 56.0,
        text: note,
        font: FontStyle::Regular,
        size: 7.5,
        color: theme::FAINT,
    });
    tags::wrap_tail(&mut items, from, Role::Paragraph);
    Page {
        width: w,
        height: h,
        items,
    }
}
