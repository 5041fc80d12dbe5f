//! Tables: a `Table` -> a header slice and one slice per row. Rows are
//! never split; the paginator repeats the header above every row that starts
//! a page, and the header is kept with the first row.
//!
//! Column widths: fractions are taken as given; auto columns share the rest,
//! each getting at least its longest word where possible, the remainder in
//! proportion to how much more its content would like.

use std::rc::Rc;

use super::boxes::{Item, Stroke};
use super::flow::{Ctx, Flow, Slice};
use super::inline;
use super::measure::{FontStyle, Measure};
use super::theme;
use crate::pdf::doc::{Align, Cell, ColumnWidth, Row, RowStyle, Table};

const SIZE: f32 = theme::TABLE_SIZE;
const LEADING: f32 = theme::TABLE_LEADING;
const PAD_X: f32 = theme::CELL_PAD_X;
const PAD_Y: f32 = theme::CELL_PAD_Y;

pub fn layout<'a>(t: &Table, width: f32, ctx: Ctx, out: &mut Vec<Flow<'a>>) {
    let ncols = t
        .columns
        .len()
        .max(t.header.len())
        .max(t.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0));
    if ncols == 0 {
        return;
    }
    let widths = column_widths(t, ncols, width, ctx.m);
    let align = |c: usize| t.columns.get(c).map_or(Align::Left, |col| col.align);

    let header = (!t.header.is_empty()).then(|| {
        let mut s = row_slice(
            &t.header,
            &widths,
            &align,
            0,
            FontStyle::Bold,
            theme::WHITE,
            ctx,
        );
        s.items
            .insert(0, Item::fill(0.0, 0.0, width, s.height, theme::ACCENT));
        s.keep_with_next = true;
        s.space_before = 4.0;
        Rc::new(s)
    });
    if let Some(h) = &header {
        out.push(Flow::Slice((**h).clone()));
    }
    for (i, row) in t.rows.iter().enumerate() {
        let (font, color) = match row.style {
            RowStyle::Normal => (FontStyle::Regular, theme::INK),
            RowStyle::Muted => (FontStyle::Regular, theme::MUTED),
            RowStyle::Strong => (FontStyle::Bold, theme::INK),
            RowStyle::Highlight => (FontStyle::Regular, theme::ALERT),
        };
        let mut s = row_slice(&row.cells, &widths, &align, row.indent, font, color, ctx);
        let mut under = Vec::new();
        match row.style {
            RowStyle::Highlight => {
                under.push(Item::fill(0.0, 0.0, width, s.height, theme::ALERT_BG));
                under.push(Item::fill(0.0, 0.0, 2.0, s.height, theme::ALERT));
            }
            _ if i % 2 == 1 => under.push(Item::fill(0.0, 0.0, width, s.height, theme::ZEBRA)),
            _ => {}
        }
        if row.indent > 0 {
            under.push(elbow(row, s.baseline.unwrap_or(PAD_Y + LEADING * 0.7)));
        }
        s.items.splice(0..0, under);
        s.items
            .push(Item::hrule(0.0, width, s.height, theme::hairline()));
        s.header = header.clone();
        if i + 1 == t.rows.len() {
            s.space_after = theme::BLOCK_SPACE;
        }
        // Never leave the last row alone at the top of a page.
        if t.rows.len() >= 3 && i + 2 == t.rows.len() {
            s.keep_with_next = true;
        }
        if i == 0 && header.is_none() {
            s.space_before = 4.0;
        }
        out.push(Flow::Slice(s));
    }
}

/// A faint elbow in front of a sub-row's first cell: a quiet cue of nesting.
fn elbow(row: &Row, baseline: f32) -> Item {
    let x = PAD_X + row.indent as f32 * theme::INDENT_STEP - 7.0;
    let y = baseline - SIZE * 0.3;
    Item::Path {
        points: vec![(x, y - 6.5), (x, y), (x + 4.5, y)],
        closed: false,
        fill: None,
        stroke: Some(Stroke::solid(theme::FAINT, 0.6)),
    }
}

fn row_slice(
    cells: &[Cell],
    widths: &[f32],
    align: &dyn Fn(usize) -> Align,
    indent: u8,
    font: FontStyle,
    color: super::boxes::Color,
    ctx: Ctx,
) -> Slice {
    let base = PAD_Y + theme::baseline(LEADING, SIZE);
    let mut items = Vec::new();
    let mut x = 0.0;
    let mut rows = 1;
    for (c, w) in widths.iter().enumerate() {
        let ind = if c == 0 {
            indent as f32 * theme::INDENT_STEP
        } else {
            0.0
        };
        let inner = (w - 2.0 * PAD_X - ind).max(1.0);
        if let Some(cell) = cells.get(c) {
            let runs = inline::flatten(&cell.0, font, color);
            let lines = inline::break_lines(&runs, SIZE, inner, ctx.m);
            rows = rows.max(lines.len());
            for (j, line) in lines.iter().enumerate() {
                let dx = match align(c) {
                    Align::Left => 0.0,
                    Align::Center => (inner - line.width) / 2.0,
                    Align::Right => inner - line.width,
                };
                let lx = x + PAD_X + ind + dx;
                inline::emit_line(line, lx, base + j as f32 * LEADING, LEADING, &mut items);
            }
        }
        x += w;
    }
    Slice {
        height: rows as f32 * LEADING + 2.0 * PAD_Y,
        baseline: Some(base),
        items,
        ..Slice::default()
    }
}

/// Widths of all columns, summing to `width`. A column is never made
/// narrower than its longest word while the table can avoid it: fraction
/// columns grow to fit theirs, taking room from the auto columns' slack.
pub fn column_widths(t: &Table, ncols: usize, width: f32, m: &dyn Measure) -> Vec<f32> {
    let kind = |c: usize| t.columns.get(c).map_or(ColumnWidth::Auto, |col| col.width);
    let (natural, minimum) = content_widths(t, ncols, m);
    let auto: Vec<usize> = (0..ncols)
        .filter(|&c| kind(c) == ColumnWidth::Auto)
        .collect();
    let fixed: Vec<usize> = (0..ncols)
        .filter(|&c| kind(c) != ColumnWidth::Auto)
        .collect();
    let mut widths = vec![0f32; ncols];
    for &c in &fixed {
        if let ColumnWidth::Fraction(f) = kind(c) {
            widths[c] = (f.clamp(0.0, 1.0) * width).max(minimum[c]);
        }
    }
    let sum = |cols: &[usize], v: &[f32]| cols.iter().map(|&c| v[c]).sum::<f32>();
    if auto.is_empty() {
        // Fractions that do not add up to one are scaled to the full width.
        let total = sum(&fixed, &widths).max(1e-3);
        return widths.iter().map(|w| w * width / total).collect();
    }
    // Make room for the auto columns' longest words by shrinking fixed
    // columns toward their own minimum.
    let need = sum(&auto, &minimum);
    let deficit = need - (width - sum(&fixed, &widths));
    let slack: f32 = fixed.iter().map(|&c| widths[c] - minimum[c]).sum();
    if deficit > 0.0 && slack > 0.0 {
        let take = deficit.min(slack);
        for &c in &fixed {
            widths[c] -= take * (widths[c] - minimum[c]) / slack;
        }
    }
    let rest = (width - sum(&fixed, &widths)).max(0.0);
    let (sum_nat, sum_min) = (sum(&auto, &natural), sum(&auto, &minimum));
    if sum_nat <= rest && sum_nat > 0.0 {
        for &c in &auto {
            widths[c] = natural[c] * rest / sum_nat;
        }
    } else if sum_min >= rest || sum_nat <= sum_min {
        let total = sum_min.max(1e-3);
        for &c in &auto {
            widths[c] = minimum[c].max(1e-3) * rest / total;
        }
    } else {
        let spare = rest - sum_min;
        for &c in &auto {
            widths[c] = minimum[c] + spare * (natural[c] - minimum[c]) / (sum_nat - sum_min);
        }
    }
    let total: f32 = widths.iter().sum();
    if total > width + 0.01 {
        // Even minimums do not fit: scale everything down; words will break.
        return widths.iter().map(|w| w * width / total).collect();
    }
    widths
}

/// Per column: the width its content wants unwrapped and its longest word,
/// both with cell padding (and the first column's indentation).
fn content_widths(t: &Table, ncols: usize, m: &dyn Measure) -> (Vec<f32>, Vec<f32>) {
    let (mut natural, mut minimum) = (vec![0f32; ncols], vec![0f32; ncols]);
    let mut measure = |cells: &[Cell], font: FontStyle, indent: u8| {
        for (c, cell) in cells.iter().enumerate().take(ncols) {
            let ind = if c == 0 {
                indent as f32 * theme::INDENT_STEP
            } else {
                0.0
            };
            let runs = inline::flatten(&cell.0, font, theme::INK);
            let (n, w) = inline::natural_widths(&runs, SIZE, m);
            natural[c] = natural[c].max(n + 2.0 * PAD_X + ind);
            minimum[c] = minimum[c].max(w + 2.0 * PAD_X + ind);
        }
    };
    measure(&t.header, FontStyle::Bold, 0);
    for row in &t.rows {
        let font = if row.style == RowStyle::Strong {
            FontStyle::Bold
        } else {
            FontStyle::Regular
        };
        measure(&row.cells, font, row.indent);
    }
    (natural, minimum)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::doc::Column;
    use crate::pdf::layout::measure::FixedMeasure;

    #[test]
    fn fixed_and_auto_columns_fill_the_width() {
        let m = FixedMeasure(0.5);
        let t = Table {
            columns: vec![Column::fraction(0.5), Column::auto(), Column::auto()],
            header: vec![Cell::text("A"), Cell::text("Bbbbbbbb"), Cell::text("C")],
            rows: vec![],
        };
        let w = column_widths(&t, 3, 400.0, &m);
        assert_eq!(w[0], 200.0);
        assert!((w.iter().sum::<f32>() - 400.0).abs() < 0.01);
        assert!(w[1] > w[2]);
    }

    #[test]
    fn fraction_columns_grow_to_their_longest_word() {
        let m = FixedMeasure(0.5);
        let t = Table {
            columns: vec![Column::auto(), Column::fraction(0.05)],
            header: vec![Cell::text("Task"), Cell::text("Due")],
            rows: vec![Row {
                cells: vec![Cell::text("a b c d e f g"), Cell::text("2026-10-05")],
                ..Row::default()
            }],
        };
        let w = column_widths(&t, 2, 400.0, &m);
        let date = 10.0 * 0.5 * SIZE + 2.0 * PAD_X;
        assert!((w[1] - date).abs() < 0.01, "{w:?}");
        assert!((w[0] + w[1] - 400.0).abs() < 0.01);
    }

    #[test]
    fn header_is_kept_with_first_row_and_rows_point_to_it() {
        let m = FixedMeasure(0.5);
        let t = Table {
            columns: vec![],
            header: vec![Cell::text("Task"), Cell::text("Due")],
            rows: (0..3)
                .map(|i| Row {
                    cells: vec![Cell::text(format!("t{i}")), Cell::text("x")],
                    ..Row::default()
                })
                .collect(),
        };
        let ctx = Ctx {
            m: &m,
            toc: &[],
            font: FontStyle::Regular,
            color: theme::INK,
            landscape_width: 600.0,
        };
        let mut out = Vec::new();
        layout(&t, 300.0, ctx, &mut out);
        assert_eq!(out.len(), 4);
        let Flow::Slice(h) = &out[0] else { panic!() };
        assert!(h.keep_with_next && h.header.is_none());
        let Flow::Slice(r) = &out[2] else { panic!() };
        assert_eq!(r.header.as_deref().map(|h| h.height), Some(h.height));
    }
}
