//! Key/value lists: labelled values -> one slice per pair, label in a left
//! column sized to the labels, hairline rules between pairs. Tagged as a
//! table whose rows each have a header cell (the label) and a value.

use super::boxes::Item;
use super::flow::{Ctx, Flow, Slice};
use super::inline::{self, Run};
use super::measure::FontStyle;
use super::tags::{Mark, Role, Scope};
use super::theme;
use crate::pdf::doc::KeyValue;

const SIZE: f32 = 9.0;
const LEADING: f32 = 12.8;
const PAD_Y: f32 = 4.5;
const GAP: f32 = 12.0;

pub fn layout<'a>(pairs: &[KeyValue], width: f32, ctx: Ctx, out: &mut Vec<Flow<'a>>) {
    let widest = pairs
        .iter()
        .map(|kv| ctx.m.width(&kv.key, FontStyle::Bold, SIZE))
        .fold(0f32, f32::max);
    let key_w = (widest + GAP).max(width * 0.2).min(width * 0.36);
    let n = pairs.len();
    for (i, kv) in pairs.iter().enumerate() {
        let key_runs = [Run::plain(&kv.key, FontStyle::Bold, theme::MUTED)];
        let keys = inline::break_lines(&key_runs, SIZE, key_w - GAP, ctx.m);
        let value_runs = inline::flatten(&kv.value, ctx.font, ctx.color);
        let values = inline::break_lines(&value_runs, SIZE, width - key_w, ctx.m);
        let rows = keys.len().max(values.len());
        let height = rows as f32 * LEADING + 2.0 * PAD_Y;
        let mut items = Vec::new();
        if i == 0 {
            items.push(Item::hrule(0.0, width, 0.0, theme::hairline()));
            items.push(Item::Mark(Mark::Open(Role::Table)));
        }
        let base = PAD_Y + theme::baseline(LEADING, SIZE);
        items.push(Item::Mark(Mark::Open(Role::TableRow)));
        items.push(Item::Mark(Mark::Open(Role::HeaderCell(Scope::Row))));
        for (j, line) in keys.iter().enumerate() {
            inline::emit_line(line, 0.0, base + j as f32 * LEADING, LEADING, &mut items);
        }
        items.push(Item::Mark(Mark::Close));
        items.push(Item::Mark(Mark::Open(Role::Cell)));
        for (j, line) in values.iter().enumerate() {
            inline::emit_line(line, key_w, base + j as f32 * LEADING, LEADING, &mut items);
        }
        items.push(Item::Mark(Mark::Close));
        items.push(Item::Mark(Mark::Close));
        if i + 1 == n {
            items.push(Item::Mark(Mark::Close));
        }
        items.push(Item::hrule(0.0, width, height, theme::hairline()));
        let space_after = if i + 1 == n { theme::BLOCK_SPACE } else { 0.0 };
        let space_before = if i == 0 { 2.0 } else { 0.0 };
        out.push(Flow::Slice(Slice {
            height,
            space_before,
            space_after,
            baseline: Some(base),
            items,
            ..Slice::default()
        }));
    }
}
