//! Gantt figures: the charts of a `Gantt` block -> the items of one or
//! more landscape pages (absolute coordinates), all vector.
//!
//! Each chart is laid out once by the shared model's layout
//! (`render::gantt::layout`, in points, with the PDF's font metrics) at
//! the page's width: the time scale always fits the width. Charts follow
//! one another down the page; a chart that does not fit the room left
//! starts a new page, and one taller than a page continues on the next
//! under a repeated caption and axis, split between rows.

mod draw;

use super::boxes::Item;
use super::measure::{FontStyle, Measure};
use super::theme;
use crate::pdf::doc::Gantt;
use crate::render::gantt::layout::{self, Laid, Metrics};

/// The caption line (title, part) with the legend on its right.
const CAPTION_H: f32 = 24.0;
const AXIS_H: f32 = 30.0;
const FOOT_H: f32 = 14.0;
const LABEL_SIZE: f32 = 7.6;
const SMALL: f32 = 6.6;
/// Space between two charts on a page.
const GAP: f32 = 16.0;

/// One chart's part on one page: rows `rows` of chart `chart`, drawn from
/// `top`.
struct Part {
    chart: usize,
    rows: std::ops::Range<usize>,
    top: f32,
    page: usize,
    /// Part k of n of this chart.
    k: usize,
}

/// Where everything goes: each chart laid out, and its parts.
struct Plan {
    laid: Vec<Laid>,
    parts: Vec<Part>,
    pages: usize,
}

fn measure_fn(m: &dyn Measure) -> impl Fn(&str, f64, bool) -> f64 + '_ {
    move |s: &str, size: f64, bold: bool| {
        let font = if bold {
            FontStyle::Bold
        } else {
            FontStyle::Regular
        };
        f64::from(m.width(s, font, size as f32))
    }
}

fn plan(g: &Gantt, size: (f32, f32), reserved: f32, m: &dyn Measure) -> Plan {
    let width = size.0 - theme::MARGIN_LEFT - theme::MARGIN_RIGHT;
    let height = size.1 - theme::MARGIN_TOP - theme::MARGIN_BOTTOM;
    let measure = measure_fn(m);
    let laid: Vec<Laid> = g
        .charts
        .iter()
        .map(|c| {
            let widest = c
                .rows
                .iter()
                .map(|r| {
                    measure(&r.label, f64::from(LABEL_SIZE), false)
                        + 8.0 * f64::from(r.depth.min(8))
                })
                .fold(0f64, f64::max);
            let label_w = (widest + 16.0).clamp(120.0, f64::from(width) * 0.3);
            let metrics = Metrics {
                label_width: label_w,
                chart_width: f64::from(width) - label_w,
                right_room: 64.0,
                font: f64::from(LABEL_SIZE),
                small: f64::from(SMALL),
                line: 9.4,
                pad: 2.6,
                indent: 8.0,
                bar: 7.0,
                axis: f64::from(AXIS_H),
                foot: f64::from(FOOT_H),
                measure: &measure,
            };
            layout::lay_out(c, &metrics)
        })
        .collect();
    let mut parts = Vec::new();
    let mut page = 0;
    // The room used on the current page (from the margin).
    let mut used = reserved;
    let fixed = CAPTION_H + AXIS_H + FOOT_H;
    for (ci, l) in laid.iter().enumerate() {
        let rows = &l.rows;
        let mut start = 0;
        let mut k = 0;
        loop {
            let gap = if used > 0.0 { GAP } else { 0.0 };
            let room = height - used - gap - fixed;
            // Rows that fit the room; the first row always goes on a fresh
            // page, however tall.
            let top_y = rows.get(start).map_or(0.0, |r| r.y);
            let mut end = start;
            while end < rows.len() && (rows[end].y + rows[end].h - top_y) as f32 <= room {
                end += 1;
            }
            let all_left = end == rows.len();
            let rest_h = (rows.last().map_or(0.0, |r| r.y + r.h) - top_y) as f32;
            // A chart that would fit a page of its own is not split.
            let fits_fresh = rest_h <= height - fixed;
            // Start a new page rather than leave a stub: a chart that fits
            // a page whole goes on one, and a part must fill at least a
            // third of the page.
            let fitted_h = (rows[start..end].iter().map(|r| r.h).sum::<f64>()) as f32;
            let stub = fitted_h < (height - fixed) / 3.0;
            if used > 0.0 && (end == start || (!all_left && (fits_fresh || stub))) {
                page += 1;
                used = 0.0;
                continue;
            }
            if end == start && start < rows.len() {
                end = start + 1;
            }
            let part_h = (rows[start..end].iter().map(|r| r.h).sum::<f64>()) as f32;
            parts.push(Part {
                chart: ci,
                rows: start..end,
                top: theme::MARGIN_TOP + used + gap,
                page,
                k,
            });
            used += gap + fixed + part_h;
            k += 1;
            start = end;
            if start >= rows.len() {
                break;
            }
            page += 1;
            used = 0.0;
        }
    }
    let pages = parts.last().map_or(1, |p| p.page + 1);
    Plan { laid, parts, pages }
}

/// How many pages `layout` gives the figure.
pub fn page_count(g: &Gantt, size: (f32, f32), reserved: f32, m: &dyn Measure) -> usize {
    plan(g, size, reserved, m).pages
}

/// Lays the figure out on landscape pages of `size`; the first page has
/// `reserved` points used at its top (a heading).
pub fn layout(g: &Gantt, size: (f32, f32), reserved: f32, m: &dyn Measure) -> Vec<Vec<Item>> {
    let Plan { laid, parts, pages } = plan(g, size, reserved, m);
    let mut out: Vec<Vec<Item>> = vec![Vec::new(); pages];
    let counts: Vec<usize> = (0..laid.len())
        .map(|c| parts.iter().filter(|p| p.chart == c).count())
        .collect();
    let left = theme::MARGIN_LEFT;
    let right = size.0 - theme::MARGIN_RIGHT;
    for p in &parts {
        let chart = &g.charts[p.chart];
        let l = &laid[p.chart];
        let items = &mut out[p.page];
        draw::caption(
            items,
            chart,
            left,
            right,
            p.top,
            (p.k, counts[p.chart]),
            (p.rows.start, p.rows.end, l.rows.len()),
            m,
        );
        draw::part(items, chart, l, p.rows.clone(), left, p.top + CAPTION_H, m);
    }
    out
}

#[cfg(test)]
mod tests;
