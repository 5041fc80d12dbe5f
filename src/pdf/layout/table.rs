//! Tables: a `Table` -> a header slice and one slice per row (a row taller
//! than a page: one slice per line, so it splits across pages). The
//! paginator repeats the header above every row that starts a page, and the
//! header is kept with the first row.
//!
//! Column widths come from the content, as in a browser's auto table layout
//! (`column_widths`): no column is narrower than its longest word or number
//! while the table can fit them.

use std::rc::Rc;

use super::boxes::{Item, Stroke};
use super::flow::{Ctx, Flow, Slice};
use super::inline::{self, Extent};
use super::measure::{FontStyle, Measure};
use super::tags::{Child, Mark, Role, Scope};
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
        let set = set_row(
            &t.header,
            &widths,
            &align,
            0,
            FontStyle::Bold,
            theme::WHITE,
            ctx,
        );
        let mut s = band(&set, 0..set.lines, &Role::HeaderCell(Scope::Column));
        s.items.splice(
            0..0,
            [
                Item::fill(0.0, 0.0, width, s.height, theme::ACCENT),
                Item::Mark(Mark::Open(Role::Table)),
                Item::Mark(Mark::Open(Role::TableHead)),
            ],
        );
        s.items.push(Item::Mark(Mark::Close));
        if t.rows.is_empty() {
            s.items.push(Item::Mark(Mark::Close));
        }
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
        let set = set_row(&row.cells, &widths, &align, row.indent, font, color, ctx);
        // A row taller than a page is cut between its lines, one slice per
        // line: the paginator then breaks it where the page ends, and
        // repeats the header above the rest.
        let room = ctx.page_height - header.as_ref().map_or(0.0, |h| h.height);
        let bands: Vec<std::ops::Range<usize>> = if set.height() <= room {
            std::iter::once(0..set.lines).collect()
        } else {
            (0..set.lines).map(|j| j..j + 1).collect()
        };
        let nbands = bands.len();
        for (k, range) in bands.into_iter().enumerate() {
            let (first, last) = (k == 0, k + 1 == nbands);
            let mut s = band(&set, range, &Role::Cell);
            let mut under = Vec::new();
            match row.style {
                RowStyle::Highlight => {
                    under.push(Item::fill(0.0, 0.0, width, s.height, theme::ALERT_BG));
                    under.push(Item::fill(0.0, 0.0, 2.0, s.height, theme::ALERT));
                }
                _ if i % 2 == 1 => under.push(Item::fill(0.0, 0.0, width, s.height, theme::ZEBRA)),
                _ => {}
            }
            if row.indent > 0 && first {
                under.push(elbow(row, s.baseline.unwrap_or(PAD_Y + LEADING * 0.7)));
            }
            if first && i == 0 {
                // The table's body starts (and the table, without a header).
                if header.is_none() {
                    under.push(Item::Mark(Mark::Open(Role::Table)));
                }
                under.push(Item::Mark(Mark::Open(Role::TableBody)));
            }
            s.items.splice(0..0, under);
            if last {
                s.items
                    .push(Item::hrule(0.0, width, s.height, theme::hairline()));
                if i + 1 == t.rows.len() {
                    s.items.push(Item::Mark(Mark::Close));
                    s.items.push(Item::Mark(Mark::Close));
                }
            }
            s.header = header.clone();
            // Bands of a split row break anywhere but after the first line
            // or before the last (no orphan or widow line).
            s.keep_with_next = !last && (first || k + 2 == nbands);
            if last && i + 1 == t.rows.len() {
                s.space_after = theme::BLOCK_SPACE;
            }
            // Never leave the last row alone at the top of a page.
            if last && t.rows.len() >= 3 && i + 2 == t.rows.len() {
                s.keep_with_next = true;
            }
            if first && i == 0 && header.is_none() {
                s.space_before = 4.0;
            }
            out.push(Flow::Slice(s));
        }
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

/// A row's cells broken into lines at their columns' widths.
struct SetRow {
    cells: Vec<SetCell>,
    /// Lines of the tallest cell (at least one).
    lines: usize,
}

struct SetCell {
    /// Where the cell's text starts, and its width.
    x: f32,
    inner: f32,
    align: Align,
    lines: Vec<inline::Line>,
}

impl SetRow {
    fn height(&self) -> f32 {
        self.lines as f32 * LEADING + 2.0 * PAD_Y
    }
}

fn set_row(
    cells: &[Cell],
    widths: &[f32],
    align: &dyn Fn(usize) -> Align,
    indent: u8,
    font: FontStyle,
    color: super::boxes::Color,
    ctx: Ctx,
) -> SetRow {
    let mut set = Vec::with_capacity(widths.len());
    let mut x = 0.0;
    let mut lines = 1;
    for (c, w) in widths.iter().enumerate() {
        let ind = if c == 0 {
            indent as f32 * theme::INDENT_STEP
        } else {
            0.0
        };
        let inner = (w - 2.0 * PAD_X - ind).max(1.0);
        if let Some(cell) = cells.get(c) {
            let runs = inline::flatten(&cell.0, font, color);
            let cell_lines = inline::break_lines(&runs, SIZE, inner, ctx.m);
            lines = lines.max(cell_lines.len());
            set.push(SetCell {
                x: x + PAD_X + ind,
                inner,
                align: align(c),
                lines: cell_lines,
            });
        } else {
            // An empty cell: nothing drawn, but tagged, so the tagged
            // columns line up.
            set.push(SetCell {
                x: x + PAD_X + ind,
                inner,
                align: align(c),
                lines: Vec::new(),
            });
        }
        x += w;
    }
    SetRow { cells: set, lines }
}

/// The slice of a set row's lines `range`; the band holding the row's first
/// (last) line has the cell padding above (below) it.
///
/// Tagged as a table row of `cell` elements, one per column; a band that
/// continues a row (a row split across pages) resumes the row's elements.
fn band(row: &SetRow, range: std::ops::Range<usize>, cell_role: &Role) -> Slice {
    let top = if range.start == 0 { PAD_Y } else { 0.0 };
    let bottom = if range.end >= row.lines { PAD_Y } else { 0.0 };
    let base = top + theme::baseline(LEADING, SIZE);
    let starts = range.start == 0;
    let mut items = vec![Item::Mark(if starts {
        Mark::Open(Role::TableRow)
    } else {
        Mark::Resume(Child::Last)
    })];
    for (c, cell) in row.cells.iter().enumerate() {
        if starts {
            items.push(Item::Mark(Mark::Open(cell_role.clone())));
        } else if cell.lines.len() > range.start {
            items.push(Item::Mark(Mark::Resume(Child::Nth(c))));
        } else {
            continue;
        }
        for (j, line) in cell.lines.iter().enumerate() {
            if !range.contains(&j) {
                continue;
            }
            let dx = match cell.align {
                Align::Left => 0.0,
                Align::Center => (cell.inner - line.width) / 2.0,
                Align::Right => cell.inner - line.width,
            };
            let y = base + (j - range.start) as f32 * LEADING;
            inline::emit_line(line, cell.x + dx, y, LEADING, &mut items);
        }
        items.push(Item::Mark(Mark::Close));
    }
    items.push(Item::Mark(Mark::Close));
    Slice {
        height: top + range.len() as f32 * LEADING + bottom,
        baseline: Some(base),
        items,
        ..Slice::default()
    }
}

/// Widths of all columns, summing to `width`, sized from their content as
/// browsers size auto tables:
///
/// - everything fits unwrapped: each column gets its max-content width, and
///   the spare room goes to the auto columns in proportion to it;
/// - else, while every column can have its longest word (min-content), each
///   gets that plus a share of the rest in proportion to how much more it
///   would like (max - min);
/// - else the table cannot fit: words must break (at hyphenation points),
///   as few as possible: every column gets its longest word up to a common
///   cap, as high as the width allows; a column never goes below its longest
///   number or date (or a few letters). Only when even the numbers do not
///   fit is everything scaled down, and numbers break.
///
/// A fraction column asks for its share of the width as its max-content,
/// and never less than its longest word while the table fits.
pub fn column_widths(t: &Table, ncols: usize, width: f32, m: &dyn Measure) -> Vec<f32> {
    let kind = |c: usize| t.columns.get(c).map_or(ColumnWidth::Auto, |col| col.width);
    let extents: Vec<Extent> = content_widths(t, ncols, m)
        .into_iter()
        .enumerate()
        .map(|(c, e)| match kind(c) {
            // A paragraph in one cell asks for no more than the whole width,
            // so it does not starve the other columns of their share.
            ColumnWidth::Auto => Extent {
                max: e.max.min(width),
                ..e
            },
            ColumnWidth::Fraction(f) => Extent {
                max: (f.clamp(0.0, 1.0) * width).max(e.min),
                ..e
            },
        })
        .collect();
    let auto: Vec<bool> = (0..ncols).map(|c| kind(c) == ColumnWidth::Auto).collect();
    distribute(&extents, &auto, width)
}

/// The narrowest a column gets when the table cannot fit its words: this
/// many points of text (about four letters), or its longest word if shorter.
const SQUEEZED: f32 = 3.0 * SIZE;

/// The width-sharing rules of [`column_widths`] over columns' extents
/// (padding included); `grows` marks the columns that take spare room.
pub fn distribute(ext: &[Extent], grows: &[bool], width: f32) -> Vec<f32> {
    let sum = |f: &dyn Fn(&Extent) -> f32| ext.iter().map(f).sum::<f32>();
    let (sum_max, sum_min) = (sum(&|e| e.max), sum(&|e| e.min));
    // Share `room` out over a base width, in proportion to `weight`.
    let share =
        |base: &dyn Fn(&Extent) -> f32, weight: &dyn Fn(usize, &Extent) -> f32, room: f32| {
            let total: f32 = ext.iter().enumerate().map(|(c, e)| weight(c, e)).sum();
            ext.iter()
                .enumerate()
                .map(|(c, e)| {
                    let extra = if total > 0.0 {
                        room * weight(c, e) / total
                    } else {
                        room / ext.len() as f32
                    };
                    base(e) + extra
                })
                .collect::<Vec<f32>>()
        };
    if sum_max <= width {
        let any_grows = grows.iter().any(|g| *g);
        return share(
            &|e| e.max,
            &|c, e| if grows[c] || !any_grows { e.max } else { 0.0 },
            width - sum_max,
        );
    }
    if sum_min <= width {
        return share(&|e| e.min, &|_, e| e.max - e.min, width - sum_min);
    }
    // The table cannot fit its words: break as few as possible. Every
    // column gets its longest word up to a common cap, and the cap is as
    // high as the width allows, so only the columns with the widest words
    // go narrower (never below their floor: numbers, dates, a few letters).
    let floor = |e: &Extent| e.rigid.max(e.min.min(SQUEEZED + 2.0 * PAD_X));
    let capped =
        |cap: f32| -> Vec<f32> { ext.iter().map(|e| floor(e).max(e.min.min(cap))).collect() };
    let sum_floor = sum(&floor);
    if sum_floor > width {
        // Not even the numbers fit: scale everything; numbers break.
        return ext.iter().map(|e| floor(e) * width / sum_floor).collect();
    }
    let (mut lo, mut hi) = (0f32, ext.iter().map(|e| e.min).fold(0.0, f32::max));
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if capped(mid).iter().sum::<f32>() > width {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let mut widths = capped(lo);
    // What bisection leaves over goes to the columns at the cap.
    let rest = width - widths.iter().sum::<f32>();
    let at_cap: Vec<usize> = (0..ext.len()).filter(|&c| ext[c].min > lo).collect();
    for &c in &at_cap {
        widths[c] += rest / at_cap.len() as f32;
    }
    widths
}

/// Per column: its extent over the header and every row, with cell padding
/// (and the first column's indentation).
fn content_widths(t: &Table, ncols: usize, m: &dyn Measure) -> Vec<Extent> {
    let mut out = vec![Extent::default(); ncols];
    let mut measure = |cells: &[Cell], font: FontStyle, indent: u8| {
        for (c, cell) in cells.iter().enumerate().take(ncols) {
            let ind = if c == 0 {
                indent as f32 * theme::INDENT_STEP
            } else {
                0.0
            };
            let runs = inline::flatten(&cell.0, font, theme::INK);
            let e = inline::extent(&runs, SIZE, m);
            let pad = 2.0 * PAD_X + ind;
            let o = &mut out[c];
            o.max = o.max.max(e.max + pad);
            o.min = o.min.max(e.min + pad);
            if e.rigid > 0.0 {
                o.rigid = o.rigid.max(e.rigid + pad);
            }
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
    out
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

    fn ext(max: f32, min: f32, rigid: f32) -> Extent {
        Extent { max, min, rigid }
    }

    fn close(a: &[f32], b: &[f32]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.05)
    }

    /// One line per case: the columns' extents, the table's width, and the
    /// widths wanted.
    #[test]
    fn widths_follow_min_and_max_content() {
        let squeezed = SQUEEZED + 2.0 * PAD_X;
        let cases: Vec<(&str, Vec<Extent>, f32, Vec<f32>)> = vec![
            (
                "everything fits: max-content plus spare in proportion",
                vec![ext(20.0, 10.0, 0.0), ext(30.0, 30.0, 30.0)],
                100.0,
                vec![40.0, 60.0],
            ),
            (
                "min-content fits: the rest shared by max - min",
                vec![ext(80.0, 10.0, 0.0), ext(40.0, 20.0, 0.0)],
                70.0,
                vec![10.0 + 40.0 * 70.0 / 90.0, 20.0 + 40.0 * 20.0 / 90.0],
            ),
            (
                "a number column gets exactly its number, text takes the rest",
                vec![ext(300.0, 40.0, 0.0), ext(35.0, 35.0, 35.0)],
                200.0,
                vec![165.0, 35.0],
            ),
            (
                "words cannot fit: the number keeps its width, text squeezes",
                vec![ext(200.0, 90.0, 0.0), ext(40.0, 40.0, 40.0)],
                100.0,
                vec![60.0, 40.0],
            ),
            (
                "only the column with the widest word goes below its word",
                vec![
                    ext(100.0, 80.0, 0.0),
                    ext(300.0, 200.0, 0.0),
                    ext(30.0, 30.0, 30.0),
                ],
                250.0,
                vec![80.0, 140.0, 30.0],
            ),
            (
                "squeezed text keeps a few letters",
                vec![
                    ext(200.0, 90.0, 0.0),
                    ext(200.0, 90.0, 0.0),
                    ext(60.0, 60.0, 60.0),
                ],
                60.0 + 2.0 * squeezed + 10.0,
                vec![squeezed + 5.0, squeezed + 5.0, 60.0],
            ),
            (
                "not even the numbers fit: everything scales",
                vec![ext(50.0, 50.0, 50.0), ext(50.0, 50.0, 50.0)],
                80.0,
                vec![40.0, 40.0],
            ),
        ];
        for (what, e, width, want) in cases {
            let got = distribute(&e, &vec![true; e.len()], width);
            assert!(close(&got, &want), "{what}: got {got:?}, want {want:?}");
            assert!((got.iter().sum::<f32>() - width).abs() < 0.05, "{what}");
        }
    }

    fn data_table(notes: &str) -> Table {
        let r = |cells: [&str; 4]| Row {
            cells: cells.iter().map(|c| Cell::text(*c)).collect(),
            ..Row::default()
        };
        Table {
            columns: vec![
                Column::auto(),
                Column::auto().align(Align::Right),
                Column::auto(),
                Column::auto(),
            ],
            header: ["Dataset", "Records", "Owner", "Notes"]
                .map(Cell::text)
                .to_vec(),
            rows: vec![
                r(["Daily attendance", "1,600,000", "Attendance office", notes]),
                r(["Report cards", "0", "Registrar", "—"]),
                r([
                    "Enrolments",
                    "12,450",
                    "Mon\u{a0}19\u{a0}Jul\u{a0}2027",
                    "—",
                ]),
            ],
        }
    }

    #[test]
    fn no_column_is_narrower_than_its_longest_word_or_number() {
        let m = FixedMeasure(0.5);
        let chars = |n: usize| n as f32 * 0.5 * SIZE + 2.0 * PAD_X;
        let t =
            data_table("Positive attendance is re-keyed from the paper registers of every school");
        let w = column_widths(&t, 4, 400.0, &m);
        assert!((w.iter().sum::<f32>() - 400.0).abs() < 0.01, "{w:?}");
        assert!(w[0] >= chars("attendance".len()), "{w:?}");
        assert!(w[1] >= chars("1,600,000".len()), "{w:?}");
        assert!(
            w[2] >= chars("Mon 19 Jul 2027".len()),
            "a glued date: {w:?}"
        );
        assert!(w[3] >= chars("registers".len()), "{w:?}");
        // The notes, which want the most, get the most.
        assert!(w[3] > w[0] && w[3] > w[2], "{w:?}");
    }

    #[test]
    fn a_squeezed_table_breaks_words_but_never_numbers_or_dates() {
        let m = FixedMeasure(0.5);
        let t = data_table("Interoperability");
        let w = column_widths(&t, 4, 220.0, &m);
        let number = 9.0 * 0.5 * SIZE + 2.0 * PAD_X;
        let date = 15.0 * 0.5 * SIZE + 2.0 * PAD_X;
        assert!(w[1] >= number - 0.01 && w[2] >= date - 0.01, "{w:?}");
        let mut out = Vec::new();
        layout(&t, 220.0, flow_ctx(&m), &mut out);
        let texts: Vec<String> = out
            .iter()
            .flat_map(|f| match f {
                Flow::Slice(s) => s.items.clone(),
                _ => vec![],
            })
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text),
                _ => None,
            })
            .collect();
        for whole in ["1,600,000", "0", "12,450", "Mon 19 Jul 2027"] {
            assert!(texts.iter().any(|t| t == whole), "{whole} in {texts:?}");
        }
        assert!(
            texts.iter().any(|t| t.ends_with('-')),
            "a long word is hyphenated: {texts:?}"
        );
    }

    fn flow_ctx(m: &dyn Measure) -> Ctx<'_> {
        Ctx {
            m,
            toc: &[],
            font: FontStyle::Regular,
            color: theme::INK,
            landscape_width: 600.0,
            page_height: 200.0,
        }
    }

    #[test]
    fn a_row_taller_than_a_page_is_cut_between_lines() {
        let m = FixedMeasure(0.5);
        let long = "word ".repeat(400);
        let t = Table {
            columns: vec![],
            header: vec![Cell::text("Notes")],
            rows: vec![
                Row {
                    cells: vec![Cell::text(long)],
                    ..Row::default()
                },
                Row {
                    cells: vec![Cell::text("short")],
                    ..Row::default()
                },
            ],
        };
        let mut out = Vec::new();
        layout(&t, 300.0, flow_ctx(&m), &mut out);
        let slices: Vec<&Slice> = out
            .iter()
            .filter_map(|f| match f {
                Flow::Slice(s) => Some(s),
                _ => None,
            })
            .collect();
        let (first_row, rest) = slices[1..].split_at(slices.len() - 2);
        assert!(first_row.len() > 20, "{} bands", first_row.len());
        assert!(
            first_row
                .iter()
                .all(|s| s.height < 200.0 && s.header.is_some())
        );
        let glued: Vec<bool> = first_row.iter().map(|s| s.keep_with_next).collect();
        let n = glued.len();
        assert!(
            glued[0] && glued[n - 2] && !glued[1] && !glued[n - 1],
            "no orphan or widow line, free elsewhere: {glued:?}"
        );
        assert_eq!(rest.len(), 1, "a short row stays one slice");
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
            page_height: 700.0,
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
