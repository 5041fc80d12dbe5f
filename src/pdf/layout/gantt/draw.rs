//! Drawing one page of a Gantt chart: the window (dates x rows) of a chart
//! -> items: caption and legend, axis, bands, bars, milestones, dependency
//! arrows and the as-of line.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::{AXIS_H, BAR_H, Frame, LABEL_SIZE, ROW_H, SMALL, Window, next_month};
use crate::pdf::doc::{BarStyle, Gantt};
use crate::pdf::layout::boxes::{Color, Item, Stroke};
use crate::pdf::layout::measure::{FontStyle, Measure};
use crate::pdf::layout::theme;

#[allow(clippy::too_many_arguments)]
pub(super) fn caption(
    items: &mut Vec<Item>,
    left: f32,
    right: f32,
    top: f32,
    w: &Window,
    k: usize,
    n: usize,
    rows: usize,
    m: &dyn Measure,
) {
    let range = format!(
        "{} \u{2013} {}",
        w.start.format("%-d %b %Y"),
        w.end.format("%-d %b %Y")
    );
    let mut text = range;
    if n > 1 {
        text = format!(
            "{text}  \u{00b7}  rows {}\u{2013}{} of {rows}  \u{00b7}  part {} of {n}",
            w.rows.start + 1,
            w.rows.end,
            k + 1
        );
    }
    items.push(text_item(
        left,
        top + 10.0,
        text,
        FontStyle::Regular,
        SMALL + 0.6,
        theme::MUTED,
    ));
    legend(items, right, top + 8.0, m);
}

fn text_item(x: f32, y: f32, text: String, font: FontStyle, size: f32, color: Color) -> Item {
    Item::Text {
        x,
        y,
        text,
        font,
        size,
        color,
    }
}

pub(super) fn draw_page(
    items: &mut Vec<Item>,
    g: &Gantt,
    w: &Window,
    f: &Frame,
    left: f32,
    m: &dyn Measure,
) {
    let rows_top = f.top + AXIS_H;
    let rows_bottom = rows_top + w.rows.len() as f32 * ROW_H;
    // Zebra rows first, everything else on top.
    for (i, _) in w.rows.clone().enumerate() {
        if i % 2 == 1 {
            items.push(Item::fill(
                left,
                rows_top + i as f32 * ROW_H,
                f.x1 - left,
                ROW_H,
                theme::ZEBRA,
            ));
        }
    }
    for band in &g.bands {
        if band.end < f.start || band.start > f.end {
            continue;
        }
        let bx0 = f.clamp(f.x(band.start));
        let bx1 = f.clamp(f.x(band.end) + f.day_w);
        items.push(Item::fill(
            bx0,
            f.top + AXIS_H * 0.5,
            bx1 - bx0,
            rows_bottom - f.top - AXIS_H * 0.5,
            theme::BAND,
        ));
        let lw = m.width(&band.label, FontStyle::Bold, SMALL);
        if lw + 4.0 <= bx1 - bx0 {
            items.push(text_item(
                bx0 + 2.0,
                rows_bottom - 3.0,
                band.label.clone(),
                FontStyle::Bold,
                SMALL,
                theme::BAND_TEXT,
            ));
        }
    }
    axis(items, f, rows_bottom, m);
    items.push(text_item(
        left,
        f.top + AXIS_H - 6.0,
        "Task".into(),
        FontStyle::Bold,
        LABEL_SIZE,
        theme::MUTED,
    ));
    items.push(Item::hrule(
        left,
        f.x1,
        rows_top,
        Stroke::solid(theme::MUTED, 0.6),
    ));
    items.push(Item::hrule(
        left,
        f.x1,
        rows_bottom,
        Stroke::solid(theme::MUTED, 0.6),
    ));

    let label_max = f.x0 - left - 8.0;
    for (i, r) in w.rows.clone().enumerate() {
        let row = &g.rows[r];
        let y = rows_top + i as f32 * ROW_H;
        let mid = y + ROW_H / 2.0;
        let ind = row.indent as f32 * theme::INDENT_STEP;
        let font = if row.indent == 0 {
            FontStyle::Bold
        } else {
            FontStyle::Regular
        };
        let color = if row.indent == 0 {
            theme::INK
        } else {
            theme::MUTED
        };
        let label = ellipsize(&row.label, font, LABEL_SIZE, label_max - ind, m);
        items.push(text_item(
            left + ind,
            mid + LABEL_SIZE * 0.36,
            label,
            font,
            LABEL_SIZE,
            color,
        ));
        for bar in &row.bars {
            if bar.end < f.start || bar.start > f.end {
                continue;
            }
            let bx0 = f.clamp(f.x(bar.start));
            let bx1 = f.clamp(f.x(bar.end) + f.day_w).max(bx0 + 1.5);
            let fill = match bar.style {
                BarStyle::Planned => theme::ACCENT_SOFT,
                BarStyle::Done => theme::DONE,
                BarStyle::Overdue => theme::ALERT,
            };
            items.push(Item::fill(bx0, mid - BAR_H / 2.0, bx1 - bx0, BAR_H, fill));
        }
        milestones(items, row, f, mid, m);
    }
    for &(a, b) in &g.dependencies {
        if let Some(arrow) = dependency(g, w, f, rows_top, a, b) {
            items.extend(arrow);
        }
    }
    if let Some(d) = g.as_of.filter(|d| f.contains(*d)) {
        let x = f.x(d) + f.day_w / 2.0;
        items.push(Item::Line {
            x1: x,
            y1: f.top + AXIS_H - 8.0,
            x2: x,
            y2: rows_bottom,
            stroke: Stroke::solid(theme::ALERT, 0.9),
        });
        let label = format!("as of {}", d.format("%-d %b"));
        let lw = m.width(&label, FontStyle::Bold, SMALL);
        let lx = if x + 3.0 + lw <= f.x1 {
            x + 3.0
        } else {
            x - 3.0 - lw
        };
        items.push(Item::Line {
            x1: x,
            y1: rows_bottom,
            x2: x,
            y2: rows_bottom + 5.0,
            stroke: Stroke::solid(theme::ALERT, 0.9),
        });
        items.push(text_item(
            lx,
            rows_bottom + 10.0,
            label,
            FontStyle::Bold,
            SMALL,
            theme::ALERT,
        ));
    }
}

/// Month names over the top half of the axis; Monday ticks (with the day of
/// month when there is room) under them; month lines down the rows.
fn axis(items: &mut Vec<Item>, f: &Frame, rows_bottom: f32, m: &dyn Measure) {
    let month_y = f.top + 11.0;
    let mut d = NaiveDate::from_ymd_opt(f.start.year(), f.start.month(), 1).expect("valid date");
    while d <= f.end {
        let next = next_month(d);
        let x0 = f.clamp(f.x(d));
        let x1 = f.clamp(f.x(next));
        if d >= f.start {
            items.push(Item::Line {
                x1: x0,
                y1: f.top + 2.0,
                x2: x0,
                y2: rows_bottom,
                stroke: Stroke::solid(theme::RULE, 0.6),
            });
        }
        for fmt in ["%B %Y", "%b %Y", "%b"] {
            let label = d.format(fmt).to_string();
            let lw = m.width(&label, FontStyle::Bold, LABEL_SIZE);
            if lw + 6.0 <= x1 - x0 {
                items.push(text_item(
                    x0 + 4.0,
                    month_y,
                    label,
                    FontStyle::Bold,
                    LABEL_SIZE,
                    theme::INK,
                ));
                break;
            }
        }
        d = next;
    }
    let week_w = f.day_w * 7.0;
    let mut day = f.start;
    while day.weekday() != Weekday::Mon {
        day = day.succ_opt().expect("valid date");
    }
    while day <= f.end {
        let x = f.x(day);
        items.push(Item::Line {
            x1: x,
            y1: f.top + AXIS_H - 6.0,
            x2: x,
            y2: f.top + AXIS_H,
            stroke: Stroke::solid(theme::FAINT, 0.5),
        });
        if week_w >= 12.0 {
            let label = day.day().to_string();
            let lw = m.width(&label, FontStyle::Regular, SMALL);
            if x + 2.0 + lw <= f.x1 {
                items.push(text_item(
                    x + 2.0,
                    f.top + AXIS_H - 4.0,
                    label,
                    FontStyle::Regular,
                    SMALL,
                    theme::MUTED,
                ));
            }
        }
        day += Duration::days(7);
    }
}

/// Diamonds and their labels: right of the diamond when there is room
/// before the next one, else left of it when clear of the previous label,
/// else no label (the row label still names it).
fn milestones(
    items: &mut Vec<Item>,
    row: &crate::pdf::doc::GanttRow,
    f: &Frame,
    mid: f32,
    m: &dyn Measure,
) {
    let mut all: Vec<_> = row
        .milestones
        .iter()
        .filter(|ms| f.contains(ms.date))
        .collect();
    all.sort_by_key(|ms| ms.date);
    let centre = |d: NaiveDate| f.x(d) + f.day_w / 2.0;
    let mut prev_end = f.x0;
    for (i, ms) in all.iter().enumerate() {
        let cx = centre(ms.date);
        items.push(diamond(cx, mid, 4.6, theme::ACCENT));
        if ms.label.is_empty() {
            prev_end = cx + 5.0;
            continue;
        }
        let limit = all.get(i + 1).map_or(f.x1, |next| centre(next.date) - 7.0);
        let lw = m.width(&ms.label, FontStyle::Regular, SMALL);
        let lx = if cx + 7.0 + lw <= limit {
            Some(cx + 7.0)
        } else if cx - 7.0 - lw >= prev_end + 4.0 {
            Some(cx - 7.0 - lw)
        } else {
            None
        };
        prev_end = cx + 5.0;
        if let Some(lx) = lx {
            items.push(text_item(
                lx,
                mid + SMALL * 0.36,
                ms.label.clone(),
                FontStyle::Regular,
                SMALL,
                theme::INK,
            ));
            prev_end = prev_end.max(lx + lw);
        }
    }
}

fn diamond(cx: f32, cy: f32, r: f32, fill: Color) -> Item {
    Item::Path {
        points: vec![(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)],
        closed: true,
        fill: Some(fill),
        stroke: Some(Stroke::solid(theme::WHITE, 0.6)),
    }
}

/// An elbow arrow from the end of row `a`'s last bar to the start of row
/// `b`'s first bar (or milestone), when both are on this page.
fn dependency(
    g: &Gantt,
    w: &Window,
    f: &Frame,
    rows_top: f32,
    a: usize,
    b: usize,
) -> Option<Vec<Item>> {
    if !w.rows.contains(&a) || !w.rows.contains(&b) {
        return None;
    }
    let end = |r: usize| {
        let row = &g.rows[r];
        let bar = row
            .bars
            .iter()
            .map(|b| f.x(b.end) + f.day_w)
            .fold(f32::MIN, f32::max);
        let ms = row
            .milestones
            .iter()
            .map(|m| f.x(m.date) + f.day_w / 2.0 + 4.6)
            .fold(f32::MIN, f32::max);
        Some(bar.max(ms)).filter(|x| *x > f32::MIN)
    };
    let start = |r: usize| {
        let row = &g.rows[r];
        let bar = row
            .bars
            .iter()
            .map(|b| f.x(b.start))
            .fold(f32::MAX, f32::min);
        let ms = row
            .milestones
            .iter()
            .map(|m| f.x(m.date) + f.day_w / 2.0 - 4.6)
            .fold(f32::MAX, f32::min);
        Some(bar.min(ms)).filter(|x| *x < f32::MAX)
    };
    let (xa, xb) = (end(a)?, start(b)?);
    if xa < f.x0 || xa > f.x1 || xb < f.x0 || xb > f.x1 {
        return None;
    }
    let row_mid = |r: usize| rows_top + (r - w.rows.start) as f32 * ROW_H + ROW_H / 2.0;
    let (ya, yb) = (row_mid(a), row_mid(b));
    let dir = if yb >= ya { 1.0 } else { -1.0 };
    let points = if xb >= xa + 8.0 {
        vec![(xa, ya), (xa + 4.0, ya), (xa + 4.0, yb), (xb - 2.5, yb)]
    } else {
        let between = yb - dir * ROW_H / 2.0;
        vec![
            (xa, ya),
            (xa + 4.0, ya),
            (xa + 4.0, between),
            (xb - 7.0, between),
            (xb - 7.0, yb),
            (xb - 2.5, yb),
        ]
    };
    let stroke = Stroke::solid(theme::MUTED, 0.6);
    let head = Item::Path {
        points: vec![(xb, yb), (xb - 3.5, yb - 2.2), (xb - 3.5, yb + 2.2)],
        closed: true,
        fill: Some(theme::MUTED),
        stroke: None,
    };
    Some(vec![
        Item::Path {
            points,
            closed: false,
            fill: None,
            stroke: Some(stroke),
        },
        head,
    ])
}

/// The key to the chart's marks, ending at `right`.
fn legend(items: &mut Vec<Item>, right: f32, y: f32, m: &dyn Measure) {
    enum Mark {
        Bar(Color),
        Diamond,
        Line,
    }
    let entries = [
        ("Planned", Mark::Bar(theme::ACCENT_SOFT)),
        ("Done", Mark::Bar(theme::DONE)),
        ("Overdue", Mark::Bar(theme::ALERT)),
        ("Milestone", Mark::Diamond),
        ("Freeze window", Mark::Bar(theme::BAND)),
        ("As-of date", Mark::Line),
    ];
    let entry_w = |label: &str| 13.0 + m.width(label, FontStyle::Regular, SMALL) + 14.0;
    let mut x = right - entries.iter().map(|(l, _)| entry_w(l)).sum::<f32>() + 14.0;
    for (label, mark) in entries {
        items.push(match mark {
            Mark::Bar(c) => Item::fill(x, y - 3.5, 9.0, 6.0, c),
            Mark::Diamond => diamond(x + 4.5, y - 0.5, 4.0, theme::ACCENT),
            Mark::Line => Item::Line {
                x1: x + 4.5,
                y1: y - 5.0,
                x2: x + 4.5,
                y2: y + 3.0,
                stroke: Stroke::solid(theme::ALERT, 0.9),
            },
        });
        items.push(text_item(
            x + 13.0,
            y + 2.3,
            label.to_string(),
            FontStyle::Regular,
            SMALL,
            theme::MUTED,
        ));
        x += entry_w(label);
    }
}

/// `text` cut to fit `max` points, with an ellipsis when cut.
fn ellipsize(text: &str, font: FontStyle, size: f32, max: f32, m: &dyn Measure) -> String {
    if m.width(text, font, size) <= max {
        return text.to_string();
    }
    let mut cut: String = text.to_string();
    while !cut.is_empty() {
        cut.pop();
        let candidate = format!("{}\u{2026}", cut.trim_end());
        if m.width(&candidate, font, size) <= max {
            return candidate;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::measure::FixedMeasure;

    #[test]
    fn long_labels_are_ellipsized() {
        let s = ellipsize(
            "abcdefghij",
            FontStyle::Regular,
            2.0,
            5.0,
            &FixedMeasure(0.5),
        );
        assert_eq!(s, "abcd\u{2026}");
    }
}
