//! The Gantt page's view (`gantt`): the shared Gantt model
//! (`render::gantt`) laid out in pixels for the template to draw as inline
//! SVG. Two charts: the whole plan (every task, on a scale chosen from its
//! span) and the migration window zoomed in (runbook steps by the hour
//! when the plan has runbooks).
//!
//! Each chart is SVGs in a grid: a sticky corner, a sticky time axis, then
//! sticky row labels beside the chart body (one pair per slice of rows),
//! so names and dates stay visible while a long chart scrolls both ways.

use serde::Serialize;

use super::ctx::Ctx;
use super::dates::DateView;
use crate::render::gantt::layout::{self, Laid, Metrics};
use crate::render::gantt::{self as model, Chart, Scale};

const LABEL_WIDTH: f64 = 260.0;
/// The smallest chart body: with the labels it fills the main column of a
/// laptop screen.
const MIN_CHART: f64 = 640.0;
/// The widest chart body that, with the labels, still fits the main column
/// of the page at 1280 px (966 px inside the chart's border): a chart on a
/// desktop screen never scrolls sideways. Longer spans are drawn denser
/// (down to [`MIN_PX_PER_DAY`]), and scroll only beyond that.
const FIT_CHART: f64 = 700.0;
/// How dense a day may get to fit (two years and more still fit): a
/// one-day task stays a visible bar (bars have a minimum width), and a
/// month keeps room for its short name.
const MIN_PX_PER_DAY: f64 = 0.8;
/// Room right of the time axis for the dates written after the last bars.
const RIGHT_ROOM: f64 = 96.0;

#[derive(Debug, Clone, Serialize)]
pub struct GanttView {
    /// False when there is nothing to draw (no tasks, milestones or freezes).
    pub drawn: bool,
    /// The whole plan, then the migration window (when the plan has one).
    pub charts: Vec<ChartView>,
    /// Why the as-of line is missing from the whole-plan chart ("The as-of
    /// date ... is before the chart begins").
    pub as_of_note: Option<String>,
    /// The as-of date.
    pub as_of: DateView,
    /// A sentence for a plan with nothing to draw.
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// `whole-plan` or `migration-window`: the chart's HTML id.
    pub id: String,
    /// "Whole plan", "Migration window".
    pub title: String,
    /// One sentence describing the chart (for `aria-label`).
    pub summary: String,
    /// `hours`, `days`, `weeks` or `months`.
    pub scale: String,
    pub from: DateView,
    pub to: DateView,
    /// The legend: every bar style the chart can show.
    pub legend: Vec<LegendItem>,
    pub label_width: f64,
    pub chart_width: f64,
    pub axis_height: f64,
    /// The rows' height.
    pub rows_height: f64,
    /// Rows plus the line under them for the as-of label.
    pub body_height: f64,
    /// Upper axis row (months, or days on an hour scale) and lower (weeks,
    /// days or hours). A tick's label is null where it would not fit.
    pub major: Vec<TickView>,
    pub minor: Vec<TickView>,
    /// Background bands: `kind` `freeze` or `off` (weekends, holidays).
    pub bands: Vec<BandView>,
    /// Milestone lines (x).
    pub lines: Vec<f64>,
    /// The rows, in slices of at most `CHUNK` pixels (browsers do not
    /// paint a single SVG hundreds of thousands of pixels tall): draw each
    /// as its own label and body SVG, with `viewBox="0 {y} w {height}"`,
    /// so row coordinates stay those of the whole chart.
    pub chunks: Vec<ChunkView>,
    /// True when the chart draws dependency arrows (for the legend).
    pub has_deps: bool,
    pub as_of: Option<AsOfView>,
    /// The zoom that fits the chart on one portrait page when printed (at
    /// most 1, at least 0.3: a huge chart is cut rather than unreadable).
    pub print_scale: f64,
    /// True when the chart, at `print_scale`, needs a page of its own.
    pub print_own_page: bool,
}

/// A slice of a chart's rows.
#[derive(Debug, Clone, Serialize)]
pub struct ChunkView {
    /// Top and height of the slice, in the chart's coordinates (the last
    /// slice includes the line for the as-of label).
    pub y: f64,
    pub height: f64,
    /// True for the last slice (it draws the as-of label).
    pub last: bool,
    pub rows: Vec<RowView>,
    /// Arrows that pass through this slice.
    pub deps: Vec<DepView>,
}

/// The tallest slice of rows, in pixels.
const CHUNK: f64 = 40_000.0;

#[derive(Debug, Clone, Serialize)]
pub struct LegendItem {
    /// `todo`, `doing`, `done`, `blocked`, `overdue`, `skipped`, `freeze`,
    /// `step`, `gate`, `point-of-no-return`.
    pub style: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TickView {
    pub x: f64,
    pub label: Option<TextView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TextView {
    pub x: f64,
    /// Baseline.
    pub y: f64,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BandView {
    pub kind: String,
    pub x: f64,
    pub width: f64,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    /// `group`, `milestone`, `freeze`, `phase`, `task` or `step`.
    pub kind: String,
    pub y: f64,
    pub height: f64,
    /// The full label, and its lines as wrapped to the label column.
    pub label: String,
    pub lines: Vec<TextView>,
    /// The label with its dates and status.
    pub tooltip: String,
    /// The bar's style (`todo`, `doing`, ... as in the legend).
    pub status: Option<String>,
    pub overdue: bool,
    pub bar: Option<Bar>,
    /// SVG polygon points of a milestone's diamond.
    pub diamond: Option<String>,
    /// The short date beside the bar, where it crosses nothing.
    pub note: Option<TextView>,
    /// Tasks: link to the task's row on the schedule page.
    pub href: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AsOfView {
    pub x: f64,
    pub label: TextView,
}

#[derive(Debug, Clone, Serialize)]
pub struct DepView {
    /// SVG path data.
    pub d: String,
    /// "a → b".
    pub label: String,
}

fn r1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// An estimate, on the generous side, of `s`'s width in pixels in the
/// site's sans-serif font: labels wrap a little early rather than spill.
pub fn text_px(s: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' => 0.3,
            ' ' | 'f' | 't' | 'r' | '(' | ')' | '-' | '/' => 0.36,
            'm' | 'w' | 'M' | 'W' | '@' => 0.9,
            '–' | '—' => 0.75,
            'A'..='Z' => 0.7,
            '0'..='9' => 0.58,
            c if c.is_ascii() => 0.57,
            c if (c as u32) >= 0x2E80 => 1.05,
            _ => 0.65,
        })
        .sum();
    em * size * if bold { 1.08 } else { 1.0 } * 1.04
}

/// Pixels per day (or per hour) on each scale: room for the minor ticks'
/// labels.
fn chart_width(c: &Chart) -> f64 {
    let minutes = (c.end - c.start).num_minutes().max(1) as f64;
    let days = minutes / 1440.0;
    let natural = match c.scale {
        Scale::Hours(step) => minutes / 60.0 * 60.0 / f64::from(step.max(1)),
        Scale::Days => days * 46.0,
        Scale::Weeks => days * 9.0,
        Scale::Months => days * 3.0,
    };
    let densest = match c.scale {
        // An hour scale spans a few days: it always fits.
        Scale::Hours(_) => 0.0,
        _ => days * MIN_PX_PER_DAY,
    };
    let w = natural.min((FIT_CHART - RIGHT_ROOM).max(densest));
    r1(w.max(MIN_CHART - RIGHT_ROOM) + RIGHT_ROOM)
}

fn view(ctx: &Ctx, id: &str, c: &Chart) -> ChartView {
    let metrics = Metrics {
        label_width: LABEL_WIDTH,
        chart_width: chart_width(c),
        right_room: RIGHT_ROOM,
        font: 12.0,
        small: 10.5,
        line: 15.0,
        pad: 4.5,
        indent: 14.0,
        bar: 12.0,
        axis: 44.0,
        foot: 20.0,
        measure: &text_px,
    };
    let laid = layout::lay_out(c, &metrics);
    let tv = |t: &layout::Text| TextView {
        x: r1(t.rect.x),
        y: r1(t.baseline),
        text: t.text.clone(),
    };
    let ticks = |ts: &[layout::AxisTick]| {
        ts.iter()
            .map(|t| TickView {
                x: r1(t.x),
                label: t.label.as_ref().map(tv),
            })
            .collect()
    };
    let rows = laid
        .rows
        .iter()
        .zip(&c.rows)
        .map(|(b, r)| {
            let overdue = r.task.is_some_and(|i| ctx.schedule.tasks[i].overdue);
            RowView {
                kind: r.kind.as_str().into(),
                y: r1(b.y),
                height: r1(b.h),
                label: r.label.clone(),
                lines: b.lines.iter().map(tv).collect(),
                tooltip: r.tooltip.clone(),
                status: b.bar.map(|(_, s)| s.as_str().to_string()),
                overdue,
                bar: b.bar.map(|(rect, _)| Bar {
                    x: r1(rect.x),
                    y: r1(rect.y),
                    width: r1(rect.w),
                    height: r1(rect.h),
                }),
                diamond: b.diamond.map(|(cx, cy, rr)| {
                    let (cx, cy, rr) = (r1(cx), r1(cy), r1(rr));
                    format!(
                        "{},{} {},{} {},{} {},{}",
                        cx,
                        cy - rr,
                        cx + rr,
                        cy,
                        cx,
                        cy + rr,
                        cx - rr,
                        cy
                    )
                }),
                note: b.note.as_ref().map(tv),
                href: r.task.map(|i| ctx.task_href(i)),
            }
        })
        .collect();
    let deps: Vec<(f64, f64, DepView)> = laid
        .deps
        .iter()
        .zip(&c.deps)
        .map(|(path, &(a, b))| {
            let lo = path.iter().map(|p| p.1).fold(f64::MAX, f64::min);
            let hi = path.iter().map(|p| p.1).fold(f64::MIN, f64::max);
            let d = path
                .iter()
                .enumerate()
                .map(|(k, (x, y))| {
                    format!("{}{} {}", if k == 0 { "M" } else { "L" }, r1(*x), r1(*y))
                })
                .collect();
            let label = format!("{} → {}", c.rows[a].label, c.rows[b].label);
            (lo, hi, DepView { d, label })
        })
        .collect();
    let has_deps = !deps.is_empty();
    let chunks = chunks(rows, &deps, laid.body_height + laid.foot_height);
    let (from, to) = c.days();
    print_fit(
        ChartView {
            id: id.into(),
            title: c.title.clone(),
            summary: c.summary.clone(),
            scale: c.scale.name().into(),
            from: DateView::day(from),
            to: DateView::day(to),
            legend: c
                .legend
                .iter()
                .map(|s| LegendItem {
                    style: s.as_str().into(),
                    label: s.label().into(),
                })
                .collect(),
            label_width: LABEL_WIDTH,
            chart_width: laid.chart_width,
            axis_height: laid.axis_height,
            rows_height: r1(laid.body_height),
            body_height: r1(laid.body_height + laid.foot_height),
            major: ticks(&laid.major),
            minor: ticks(&laid.minor),
            bands: laid
                .bands
                .iter()
                .map(|b| BandView {
                    kind: b.kind.as_str().into(),
                    x: r1(b.x),
                    width: r1(b.w),
                    label: b.label.clone(),
                })
                .collect(),
            lines: laid.lines.iter().map(|&x| r1(x)).collect(),
            chunks,
            has_deps,
            as_of: laid.as_of.as_ref().map(|(x, t)| AsOfView {
                x: r1(*x),
                label: tv(t),
            }),
            print_scale: 1.0,
            print_own_page: false,
        },
        &laid,
    )
}

/// The rows cut into slices of at most [`CHUNK`] pixels, each with the
/// arrows that pass through it.
fn chunks(rows: Vec<RowView>, deps: &[(f64, f64, DepView)], total: f64) -> Vec<ChunkView> {
    let mut out: Vec<ChunkView> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some(c) if r.y + r.height - c.y <= CHUNK => {
                c.height = r.y + r.height - c.y;
                c.rows.push(r);
            }
            _ => out.push(ChunkView {
                y: r.y,
                height: r.height,
                last: false,
                rows: vec![r],
                deps: Vec::new(),
            }),
        }
    }
    if out.is_empty() {
        out.push(ChunkView {
            y: 0.0,
            height: 0.0,
            last: true,
            rows: Vec::new(),
            deps: Vec::new(),
        });
    }
    if let Some(c) = out.last_mut() {
        c.height = r1(total - c.y);
        c.last = true;
    }
    for c in &mut out {
        let (top, bottom) = (c.y, c.y + c.height);
        c.deps = deps
            .iter()
            .filter(|(lo, hi, _)| *hi >= top - 1.0 && *lo <= bottom + 1.0)
            .map(|(_, _, d)| d.clone())
            .collect();
    }
    out
}

/// A4 / Letter portrait with the print stylesheet's margins, in CSS px.
fn print_fit(mut v: ChartView, laid: &Laid) -> ChartView {
    let (page_w, page_h, first_page_room) = (700.0, 930.0, 560.0);
    let total_w = laid.label_width + laid.chart_width;
    let total_h = laid.axis_height + laid.body_height + laid.foot_height;
    let scale = (page_w / total_w).min(page_h / total_h).clamp(0.3, 1.0);
    v.print_scale = (scale * 100.0).floor() / 100.0;
    v.print_own_page = total_h * scale > first_page_room;
    v
}

/// The whole plan's chart and the migration window's, laid out (the
/// layouts also serve the tests' overlap checks).
pub(crate) fn charts(ctx: &Ctx) -> Vec<(&'static str, Chart)> {
    let mut out = Vec::new();
    if let Some(c) = model::full(ctx.plan, ctx.schedule, &ctx.tree) {
        out.push(("whole-plan", c));
    }
    if let Some(c) = model::window(ctx.plan, ctx.schedule, &ctx.tree) {
        out.push(("migration-window", c));
    }
    out
}

pub(crate) fn build(ctx: &Ctx) -> GanttView {
    let charts = charts(ctx);
    let as_of = ctx.schedule.as_of;
    let as_of_note = charts.first().and_then(|(_, c)| {
        let (from, to) = c.days();
        if as_of < from {
            Some(format!(
                "The as-of date ({}) is before the chart begins.",
                DateView::day(as_of).text
            ))
        } else if as_of > to {
            Some(format!(
                "The as-of date ({}) is after the chart ends.",
                DateView::day(as_of).text
            ))
        } else {
            None
        }
    });
    GanttView {
        drawn: !charts.is_empty(),
        charts: charts.iter().map(|(id, c)| view(ctx, id, c)).collect(),
        as_of_note,
        as_of: DateView::day(as_of),
        summary: "The plan has no dated tasks, milestones or freeze windows yet.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(y: f64, height: f64) -> RowView {
        RowView {
            kind: "task".into(),
            y,
            height,
            label: String::new(),
            lines: Vec::new(),
            tooltip: String::new(),
            status: None,
            overdue: false,
            bar: None,
            diamond: None,
            note: None,
            href: None,
        }
    }

    #[test]
    fn tall_charts_come_in_slices_with_their_arrows() {
        let rows: Vec<RowView> = (0..10_000).map(|i| row(i as f64 * 24.0, 24.0)).collect();
        let dep = |lo: f64, hi: f64| {
            (
                lo,
                hi,
                DepView {
                    d: String::new(),
                    label: format!("{lo}-{hi}"),
                },
            )
        };
        let deps = [dep(10.0, 20.0), dep(39_970.0, 40_100.0)];
        let c = chunks(rows, &deps, 240_020.0);
        assert!(c.len() >= 6);
        assert!(c.iter().all(|k| k.height <= CHUNK + 20.0));
        // Slices tile the chart: each starts where the last ended.
        for w in c.windows(2) {
            assert_eq!(w[0].y + w[0].height, w[1].y);
        }
        assert_eq!(c.iter().map(|k| k.rows.len()).sum::<usize>(), 10_000);
        assert!(c.last().unwrap().last && !c[0].last);
        // An arrow across a cut is drawn in both slices.
        assert_eq!(c[0].deps.len(), 2);
        assert_eq!(c[1].deps.len(), 1);
    }
}
