//! Gantt charts: a `Gantt` spec -> the items of one or more landscape pages
//! (absolute coordinates), all vector.
//!
//! When the date range is too long for a readable scale it is split into
//! consecutive ranges, one set of pages each; when the rows do not fit a
//! page they continue on the next, under a repeated time axis. Each page
//! draws the month/week axis, freeze windows as shaded bands, bars,
//! milestone diamonds, finish-to-start arrows, the as-of line and a legend.

mod draw;

use chrono::{Datelike, Duration, NaiveDate};

use super::boxes::Item;
use super::measure::{FontStyle, Measure};
use super::theme;
use crate::pdf::doc::Gantt;

const ROW_H: f32 = 13.5;
const BAR_H: f32 = 7.5;
const AXIS_H: f32 = 30.0;
/// The caption line (date range, part) with the legend on its right.
const CAPTION_H: f32 = 20.0;
/// Room under the rows for the as-of label.
const FOOT_H: f32 = 14.0;
const LABEL_SIZE: f32 = 7.6;
const SMALL: f32 = 6.6;
/// Below this many points per day a range is split across pages.
const MIN_DAY_W: f32 = 2.4;

/// One page's window on the chart: a date range and a range of rows.
struct Window {
    start: NaiveDate,
    end: NaiveDate,
    rows: std::ops::Range<usize>,
}

/// Page geometry shared by the drawing helpers.
struct Frame {
    x0: f32,
    x1: f32,
    day_w: f32,
    top: f32,
    start: NaiveDate,
    end: NaiveDate,
}

impl Frame {
    fn x(&self, d: NaiveDate) -> f32 {
        self.x0 + (d - self.start).num_days() as f32 * self.day_w
    }
    fn clamp(&self, x: f32) -> f32 {
        x.clamp(self.x0, self.x1)
    }
    fn contains(&self, d: NaiveDate) -> bool {
        d >= self.start && d <= self.end
    }
}

/// Where a chart's pages go: the label column's width and one window
/// (date range x rows) per page.
struct Plan {
    label_w: f32,
    windows: Vec<Window>,
}

fn plan(g: &Gantt, size: (f32, f32), reserved: f32, m: &dyn Measure) -> Plan {
    let width = size.0 - theme::MARGIN_LEFT - theme::MARGIN_RIGHT;
    let height = size.1 - theme::MARGIN_TOP - theme::MARGIN_BOTTOM;
    let widest = g
        .rows
        .iter()
        .map(|r| {
            m.width(&r.label, FontStyle::Regular, LABEL_SIZE) + r.indent as f32 * theme::INDENT_STEP
        })
        .fold(0f32, f32::max);
    let label_w = (widest + 14.0).max(120.0).min(width * 0.32);
    let timeline = width - label_w;

    let (start, end) = (g.start.min(g.end), g.end.max(g.start));
    let days = (end - start).num_days() + 1;
    let per_page = ((timeline / MIN_DAY_W) as i64).max(7);
    let ranges = split_range(start, end, days, per_page);

    let fixed = AXIS_H + CAPTION_H + FOOT_H;
    let fit = |room: f32| (((room - fixed) / ROW_H).floor() as usize).max(1);
    let (first_cap, cap) = (fit(height - reserved), fit(height));
    let total = g.rows.len();
    // Fill pages in turn, like table rows.
    let mut bounds = Vec::new();
    let mut row = 0;
    while row < total || bounds.is_empty() {
        let take = if bounds.is_empty() { first_cap } else { cap };
        let to = (row + take).min(total);
        bounds.push(row..to);
        row = to;
    }
    let mut windows = Vec::new();
    for &(s, e) in &ranges {
        for rows in &bounds {
            windows.push(Window {
                start: s,
                end: e,
                rows: rows.clone(),
            });
        }
    }
    Plan { label_w, windows }
}

/// How many pages `layout` gives the chart.
pub fn page_count(g: &Gantt, size: (f32, f32), reserved: f32, m: &dyn Measure) -> usize {
    plan(g, size, reserved, m).windows.len()
}

/// Lays the chart out on landscape pages of `size`; the first page has
/// `reserved` points used at its top (a heading).
pub fn layout(g: &Gantt, size: (f32, f32), reserved: f32, m: &dyn Measure) -> Vec<Vec<Item>> {
    let left = theme::MARGIN_LEFT;
    let width = size.0 - theme::MARGIN_LEFT - theme::MARGIN_RIGHT;
    let Plan { label_w, windows } = plan(g, size, reserved, m);
    let timeline = width - label_w;
    let n = windows.len();
    windows
        .iter()
        .enumerate()
        .map(|(k, w)| {
            let top = theme::MARGIN_TOP + if k == 0 { reserved } else { 0.0 };
            let day_w = timeline / ((w.end - w.start).num_days() + 1) as f32;
            let f = Frame {
                x0: left + label_w,
                x1: left + width,
                day_w,
                top: top + CAPTION_H,
                start: w.start,
                end: w.end,
            };
            let mut items = Vec::new();
            draw::caption(
                &mut items,
                left,
                left + width,
                top,
                w,
                k,
                n,
                g.rows.len(),
                m,
            );
            draw::draw_page(&mut items, g, w, &f, left, m);
            items
        })
        .collect()
}

/// Splits [start, end] into ranges of at most `per_page` days, starting
/// later ranges on the first of a month when that does not cost a page.
fn split_range(
    start: NaiveDate,
    end: NaiveDate,
    days: i64,
    per_page: i64,
) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut s = start;
    let pages = (days + per_page - 1) / per_page;
    let even = (days + pages - 1) / pages;
    while s <= end {
        let mut e = (s + Duration::days(even - 1)).min(end);
        if e < end {
            // End on a month's last day: this month's if it still fits the
            // page, else the previous one's if that is not too short.
            let this_month_end = next_month(e).pred_opt().expect("valid date");
            let last_month_end = NaiveDate::from_ymd_opt(e.year(), e.month(), 1)
                .and_then(|d| d.pred_opt())
                .expect("valid date");
            if (this_month_end - s).num_days() < per_page {
                e = this_month_end.min(end);
            } else if last_month_end > s + Duration::days(even / 2) {
                e = last_month_end;
            }
        }
        out.push((s, e));
        s = e + Duration::days(1);
    }
    out
}

fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, mo) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, mo, 1).expect("valid date")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::doc::{BarStyle, GanttBar, GanttRow};
    use crate::pdf::layout::measure::FixedMeasure;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn chart(rows: usize, start: &str, end: &str) -> Gantt {
        Gantt {
            start: d(start),
            end: d(end),
            rows: (0..rows)
                .map(|i| GanttRow {
                    label: format!("Task {i}"),
                    bars: vec![GanttBar {
                        start: d(start),
                        end: d(start) + Duration::days(3),
                        style: BarStyle::Planned,
                    }],
                    ..GanttRow::default()
                })
                .collect(),
            bands: vec![],
            as_of: None,
            dependencies: vec![(0, 1)],
        }
    }

    #[test]
    fn a_short_chart_fits_one_page() {
        let pages = layout(
            &chart(10, "2026-10-01", "2027-01-31"),
            (842.0, 595.0),
            0.0,
            &FixedMeasure(0.5),
        );
        assert_eq!(pages.len(), 1);
    }

    #[test]
    fn long_ranges_and_many_rows_split_into_pages() {
        let m = FixedMeasure(0.5);
        let long = layout(
            &chart(5, "2026-01-01", "2027-12-31"),
            (842.0, 595.0),
            0.0,
            &m,
        );
        assert!(long.len() >= 3, "{} pages", long.len());
        let tall = layout(
            &chart(60, "2026-10-01", "2026-12-31"),
            (842.0, 595.0),
            0.0,
            &m,
        );
        assert!(tall.len() >= 2);
    }

    #[test]
    fn split_ranges_cover_the_whole_range_without_overlap() {
        let r = split_range(d("2026-01-15"), d("2027-03-10"), 420, 200);
        assert_eq!(r.first().unwrap().0, d("2026-01-15"));
        assert_eq!(r.last().unwrap().1, d("2027-03-10"));
        for pair in r.windows(2) {
            assert_eq!(pair[0].1 + Duration::days(1), pair[1].0);
        }
    }
}
