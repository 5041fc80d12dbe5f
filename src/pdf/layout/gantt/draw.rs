//! Drawing one part of a laid-out chart (some of its rows) on a page:
//! caption and legend, axis, bands, bars, diamonds, notes, dependency
//! arrows and the as-of line, all from the shared layout's geometry.

use super::{AXIS_H, LABEL_SIZE, SMALL};
use crate::pdf::layout::boxes::{Color, Item, Stroke};
use crate::pdf::layout::measure::{FontStyle, Measure};
use crate::pdf::layout::theme;
use crate::render::gantt::layout::Laid;
use crate::render::gantt::{BandKind, Chart, RowKind, Style};

const DOING: Color = Color(0x1d, 0x4f, 0x8a);
const BLOCKED: Color = Color(0xc2, 0x41, 0x0c);
const SKIPPED: Color = Color(0xc4, 0xca, 0xd1);
const TODO: Color = Color(0x9d, 0xbb, 0xdb);
const GATE: Color = Color(0xb7, 0x79, 0x1f);
const NO_RETURN: Color = Color(0x7b, 0x2d, 0x8b);
const OFF_DAY: Color = Color(0xf1, 0xf3, 0xf5);
const GROUP_BG: Color = Color(0xea, 0xf0, 0xf6);

/// A bar's fill, and its outline when it has one.
fn paint(s: Style) -> (Color, Option<Color>) {
    match s {
        Style::Todo => (TODO, None),
        Style::Doing => (DOING, None),
        Style::Done => (theme::DONE, None),
        Style::Blocked => (BLOCKED, None),
        Style::Skipped => (SKIPPED, None),
        Style::Overdue => (theme::ALERT_BG, Some(theme::ALERT)),
        Style::Freeze => (theme::BAND, Some(theme::BAND_TEXT)),
        Style::Away => (SKIPPED, Some(theme::BAND_TEXT)),
        Style::Step => (theme::ACCENT_SOFT, None),
        Style::Gate => (GATE, None),
        Style::NoReturn => (NO_RETURN, None),
    }
}

fn text(x: f32, y: f32, text: String, font: FontStyle, size: f32, color: Color) -> Item {
    Item::Text {
        x,
        y,
        text,
        font,
        size,
        color,
    }
}

/// The chart's title (and which part of it this is) on the left, the
/// legend on the right.
#[allow(clippy::too_many_arguments)]
pub(super) fn caption(
    items: &mut Vec<Item>,
    chart: &Chart,
    left: f32,
    right: f32,
    top: f32,
    (k, n): (usize, usize),
    (from, to, total): (usize, usize, usize),
    m: &dyn Measure,
) {
    let (first, last) = chart.days();
    let mut title = format!(
        "{}: {} \u{2013} {}, by {}",
        chart.title,
        first.format("%-d %b %Y"),
        last.format("%-d %b %Y"),
        chart.scale.name()
    );
    if n > 1 {
        title.push_str(&format!(
            "  \u{00b7}  rows {}\u{2013}{} of {total}  \u{00b7}  part {} of {n}",
            from + 1,
            to,
            k + 1
        ));
    }
    items.push(text(
        left,
        top + 9.0,
        title,
        FontStyle::Bold,
        LABEL_SIZE + 0.4,
        theme::INK,
    ));
    legend(items, chart, left, right, top + 19.0, m);
}

/// The key: every style the chart lists, then milestone, as-of line and
/// arrows when drawn. One line under the title, from the left.
fn legend(items: &mut Vec<Item>, chart: &Chart, left: f32, right: f32, y: f32, m: &dyn Measure) {
    enum Mark {
        Bar(Style),
        Diamond,
        Line,
        Arrow,
    }
    let mut entries: Vec<(String, Mark)> = chart
        .legend
        .iter()
        .map(|s| (s.label().to_string(), Mark::Bar(*s)))
        .collect();
    if !chart.lines.is_empty() {
        entries.push(("Milestone".into(), Mark::Diamond));
    }
    if chart.as_of.is_some() {
        entries.push(("As-of date".into(), Mark::Line));
    }
    if !chart.deps.is_empty() {
        entries.push(("Follows (after)".into(), Mark::Arrow));
    }
    let mut x = left;
    for (label, mark) in entries {
        let w = 13.0 + m.width(&label, FontStyle::Regular, SMALL) + 12.0;
        if x + w > right {
            break;
        }
        match mark {
            Mark::Bar(s) => {
                let (fill, stroke) = paint(s);
                items.push(Item::Rect {
                    x,
                    y: y - 5.0,
                    w: 9.0,
                    h: 6.0,
                    fill: Some(fill),
                    stroke: stroke.map(|c| Stroke::solid(c, 0.8)),
                });
            }
            Mark::Diamond => items.push(diamond(x + 4.5, y - 2.0, 3.6)),
            Mark::Line => items.push(Item::Line {
                x1: x + 4.5,
                y1: y - 7.0,
                x2: x + 4.5,
                y2: y + 2.0,
                stroke: Stroke::solid(theme::ALERT, 0.9),
            }),
            Mark::Arrow => items.push(Item::Line {
                x1: x,
                y1: y - 2.0,
                x2: x + 9.0,
                y2: y - 2.0,
                stroke: Stroke::solid(theme::MUTED, 0.8),
            }),
        }
        items.push(text(
            x + 13.0,
            y,
            label,
            FontStyle::Regular,
            SMALL,
            theme::MUTED,
        ));
        x += w;
    }
}

fn diamond(cx: f32, cy: f32, r: f32) -> Item {
    Item::Path {
        points: vec![(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)],
        closed: true,
        fill: Some(theme::ACCENT),
        stroke: Some(Stroke::solid(theme::WHITE, 0.6)),
    }
}

/// Rows `rows` of the chart, with its axis above them, from `top`.
pub(super) fn part(
    items: &mut Vec<Item>,
    chart: &Chart,
    l: &Laid,
    rows: std::ops::Range<usize>,
    left: f32,
    top: f32,
    _m: &dyn Measure,
) {
    let x0 = left + l.label_width as f32;
    let x1 = x0 + l.chart_width as f32;
    let rows_top = top + AXIS_H;
    let dy = rows.start_y(l);
    let y = |v: f64| rows_top + (v - dy) as f32;
    let height = rows.clone().map(|r| l.rows[r].h).sum::<f64>() as f32;
    let rows_bottom = rows_top + height;
    let cx = |v: f64| x0 + v as f32;

    // Backgrounds: group rows, off days, freeze bands.
    for r in rows.clone() {
        let b = &l.rows[r];
        if b.kind == RowKind::Group {
            items.push(Item::fill(left, y(b.y), x1 - left, b.h as f32, GROUP_BG));
        }
    }
    for band in &l.bands {
        let (fill, top_y) = match band.kind {
            BandKind::OffDay => (OFF_DAY, rows_top),
            BandKind::Freeze => (theme::BAND, top + AXIS_H * 0.5),
        };
        items.push(Item::fill(
            cx(band.x),
            top_y,
            band.w as f32,
            rows_bottom - top_y,
            fill,
        ));
    }
    // Axis.
    for t in &l.major {
        items.push(Item::Line {
            x1: cx(t.x),
            y1: top,
            x2: cx(t.x),
            y2: rows_bottom,
            stroke: Stroke::solid(theme::RULE, 0.6),
        });
        if let Some(lab) = &t.label {
            items.push(text(
                cx(lab.rect.x),
                top + lab.baseline as f32,
                lab.text.clone(),
                FontStyle::Bold,
                SMALL,
                theme::INK,
            ));
        }
    }
    for t in &l.minor {
        items.push(Item::Line {
            x1: cx(t.x),
            y1: top + AXIS_H * 0.5,
            x2: cx(t.x),
            y2: top + AXIS_H,
            stroke: Stroke::solid(theme::FAINT, 0.5),
        });
        if let Some(lab) = &t.label {
            items.push(text(
                cx(lab.rect.x),
                top + lab.baseline as f32,
                lab.text.clone(),
                FontStyle::Regular,
                SMALL,
                theme::MUTED,
            ));
        }
    }
    items.push(text(
        left,
        rows_top - 5.0,
        if chart.rows.iter().any(|r| r.kind == RowKind::Step) {
            "Step, phase or date"
        } else {
            "Phase or date"
        }
        .into(),
        FontStyle::Bold,
        LABEL_SIZE,
        theme::MUTED,
    ));
    items.push(Item::hrule(
        left,
        x1,
        rows_top,
        Stroke::solid(theme::MUTED, 0.6),
    ));
    items.push(Item::hrule(
        left,
        x1,
        rows_bottom,
        Stroke::solid(theme::MUTED, 0.6),
    ));
    for &lx in &l.lines {
        items.push(Item::Line {
            x1: cx(lx),
            y1: rows_top,
            x2: cx(lx),
            y2: rows_bottom,
            stroke: Stroke::solid(theme::FAINT, 0.4),
        });
    }

    // Rows: labels, bars, diamonds, notes.
    for r in rows.clone() {
        let b = &l.rows[r];
        let (font, color) = match b.kind {
            RowKind::Group => (FontStyle::Bold, theme::ACCENT),
            _ => (FontStyle::Regular, theme::INK),
        };
        for line in &b.lines {
            items.push(text(
                left + line.rect.x as f32,
                y(line.baseline),
                line.text.clone(),
                font,
                LABEL_SIZE,
                color,
            ));
        }
        if let Some((rect, style)) = b.bar {
            let (fill, stroke) = paint(style);
            items.push(Item::Rect {
                x: cx(rect.x),
                y: y(rect.y),
                w: (rect.w as f32).max(1.5),
                h: rect.h as f32,
                fill: Some(fill),
                stroke: stroke.map(|c| Stroke::solid(c, 0.8)),
            });
        }
        if let Some((dx, dyy, rr)) = b.diamond {
            items.push(diamond(cx(dx), y(dyy), rr as f32));
        }
        if let Some(n) = &b.note {
            items.push(text(
                cx(n.rect.x),
                y(n.baseline),
                n.text.clone(),
                FontStyle::Regular,
                SMALL,
                theme::MUTED,
            ));
        }
    }

    // Arrows whose two rows are both on this part.
    for (path, &(a, b)) in l.deps.iter().zip(&chart.deps) {
        if !rows.contains(&a) || !rows.contains(&b) {
            continue;
        }
        let pts: Vec<(f32, f32)> = path.iter().map(|&(px, py)| (cx(px), y(py))).collect();
        let Some(&(hx, hy)) = pts.last() else {
            continue;
        };
        items.push(Item::Path {
            points: pts,
            closed: false,
            fill: None,
            stroke: Some(Stroke::solid(theme::MUTED, 0.6)),
        });
        items.push(Item::Path {
            points: vec![(hx, hy), (hx - 3.5, hy - 2.2), (hx - 3.5, hy + 2.2)],
            closed: true,
            fill: Some(theme::MUTED),
            stroke: None,
        });
    }

    // The as-of line, and its label under the rows.
    if let Some((ax, lab)) = &l.as_of {
        // From the rows' top: the axis labels above stay uncrossed.
        items.push(Item::Line {
            x1: cx(*ax),
            y1: rows_top,
            x2: cx(*ax),
            y2: rows_bottom + 4.0,
            stroke: Stroke::solid(theme::ALERT, 0.9),
        });
        items.push(text(
            cx(lab.rect.x),
            rows_bottom + (lab.baseline - l.body_height) as f32,
            lab.text.clone(),
            FontStyle::Bold,
            SMALL,
            theme::ALERT,
        ));
    }
}

/// The y of the first row of a range, in the layout's frame.
trait StartY {
    fn start_y(&self, l: &Laid) -> f64;
}

impl StartY for std::ops::Range<usize> {
    fn start_y(&self, l: &Laid) -> f64 {
        l.rows.get(self.start).map_or(0.0, |r| r.y)
    }
}
