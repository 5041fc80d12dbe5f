//! Code blocks: preformatted text -> one slice per visual line on a shaded
//! panel, in the mono face.
//!
//! Whitespace is kept as written (tabs become four spaces); a line too long
//! for the panel wraps between characters rather than running off the page.

use super::boxes::Item;
use super::flow::{Ctx, Flow, Slice, guard_orphans_widows};
use super::measure::FontStyle;
use super::theme;

/// Code blocks up to this many lines are never split across pages.
const SHORT: usize = 8;

pub fn layout<'a>(text: &str, width: f32, ctx: Ctx, out: &mut Vec<Flow<'a>>) {
    let (size, leading, pad) = (theme::CODE_SIZE, theme::CODE_LEADING, theme::CODE_PAD);
    let inner = width - 2.0 * pad;
    let mut rows: Vec<String> = Vec::new();
    for raw in text.trim_end_matches('\n').split('\n') {
        let line = raw.trim_end_matches('\r').replace('\t', "    ");
        wrap_chars(
            &line,
            inner,
            |s| ctx.m.width(s, FontStyle::Mono, size),
            &mut rows,
        );
    }
    let n = rows.len();
    let mut lines: Vec<Slice> = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let top = if i == 0 { pad } else { 0.0 };
            let bottom = if i + 1 == n { pad } else { 0.0 };
            let height = top + leading + bottom;
            let base = top + theme::baseline(leading, size);
            let mut items = vec![Item::fill(0.0, 0.0, width, height, theme::CODE_BG)];
            if !row.trim().is_empty() {
                items.push(Item::Text {
                    x: pad,
                    y: base,
                    text: row.trim_end().to_string(),
                    font: FontStyle::Mono,
                    size,
                    color: theme::INK,
                });
            }
            Slice {
                height,
                baseline: Some(base),
                items,
                ..Slice::default()
            }
        })
        .collect();
    guard_orphans_widows(&mut lines);
    if n <= SHORT {
        lines.iter_mut().for_each(|l| l.keep_with_next = true);
        if let Some(last) = lines.last_mut() {
            last.keep_with_next = false;
        }
    }
    if let Some(first) = lines.first_mut() {
        first.space_before = 2.0;
    }
    if let Some(last) = lines.last_mut() {
        last.space_after = theme::BLOCK_SPACE;
    }
    out.extend(lines.into_iter().map(Flow::Slice));
}

/// Splits `line` into pieces no wider than `width`, between characters.
fn wrap_chars(line: &str, width: f32, measure: impl Fn(&str) -> f32, out: &mut Vec<String>) {
    let mut start = 0;
    let mut acc = 0.0;
    for (i, ch) in line.char_indices() {
        let w = measure(&line[i..i + ch.len_utf8()]);
        if acc + w > width && i > start {
            out.push(line[start..i].to_string());
            start = i;
            acc = 0.0;
        }
        acc += w;
    }
    out.push(line[start..].to_string());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_long_lines_between_characters_and_keeps_indentation() {
        let mut out = Vec::new();
        wrap_chars("    abcdefgh", 6.0, |s| s.chars().count() as f32, &mut out);
        assert_eq!(out, ["    ab", "cdefgh"]);
        let mut out = Vec::new();
        wrap_chars("", 6.0, |s| s.len() as f32, &mut out);
        assert_eq!(out, [""]);
    }
}
