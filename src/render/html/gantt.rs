//! The Gantt page's view (`gantt`): the schedule laid out as geometry
//! (pixels) that the template draws as inline SVG. Layout lives here so a
//! theme can restyle the chart without doing arithmetic in templates.
//!
//! Four SVGs in a grid: a sticky corner, a sticky date axis, sticky row
//! labels and the chart body, so names and dates stay visible while a long
//! chart scrolls both ways.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use serde::Serialize;

use super::ctx::Ctx;
use super::dates::DateView;
use super::view::humanize;

const ROW: f64 = 24.0;
const AXIS: f64 = 44.0;
const LABEL_WIDTH: f64 = 250.0;
const LABEL_CHARS: usize = 34;
/// The width a short plan's time axis aims at: with the labels it fits the
/// main column of a laptop screen. Long plans get at least `MIN_DAY` per day
/// and scroll.
const TARGET_WIDTH: f64 = 640.0;
const MIN_DAY: f64 = 3.0;

#[derive(Debug, Clone, Serialize)]
pub struct GanttView {
    /// False when there is nothing to draw (no tasks, milestones or freezes).
    pub drawn: bool,
    /// Width of the labels column and of the chart body, in pixels.
    pub label_width: f64,
    pub chart_width: f64,
    /// Height of the date axis and of the rows area.
    pub axis_height: f64,
    pub body_height: f64,
    pub row_height: f64,
    /// Pixels per day.
    pub day_width: f64,
    /// First and last day shown.
    pub from: Option<DateView>,
    pub to: Option<DateView>,
    /// Month starts on the axis ("Nov 2026"; empty when too narrow to label).
    pub months: Vec<Mark>,
    /// Mondays on the axis (label: day of month); empty when too dense.
    pub weeks: Vec<Mark>,
    /// Non-working days (weekends by the plan's calendar, holidays) as
    /// shaded columns; empty when too dense to be useful.
    pub off_days: Vec<Band>,
    /// Freeze windows as shaded bands over all rows.
    pub freezes: Vec<Band>,
    /// Milestones as faint vertical lines over all rows.
    pub milestone_lines: Vec<Mark>,
    /// The as-of date's line, when it falls on the chart.
    pub as_of: Option<Mark>,
    /// Why the as-of line is missing ("The as-of date ... is before the chart").
    pub as_of_note: Option<String>,
    pub rows: Vec<GanttRow>,
    /// `after` dependencies: SVG path data from the end of one bar to the
    /// start of the next (draw with an arrow marker).
    pub deps: Vec<Dep>,
    /// A sentence describing the chart, for `aria-label`.
    pub summary: String,
    /// The zoom that fits the whole chart on one portrait page when printed
    /// (at most 1, at least 0.3: a huge chart is cut rather than unreadable).
    pub print_scale: f64,
    /// True when the chart, at `print_scale`, needs a page of its own.
    pub print_own_page: bool,
}

/// A position on the time axis.
#[derive(Debug, Clone, Serialize)]
pub struct Mark {
    pub x: f64,
    pub label: String,
    pub date: DateView,
}

/// A horizontal span on the time axis.
#[derive(Debug, Clone, Serialize)]
pub struct Band {
    pub x: f64,
    pub width: f64,
    /// Tooltip / legend text.
    pub label: String,
}

/// One row of the chart.
#[derive(Debug, Clone, Serialize)]
pub struct GanttRow {
    /// `group` (a heading row: "Key dates", a phase), `milestone`,
    /// `freeze` or `task`.
    pub kind: String,
    /// Top of the row, and the text baseline.
    pub y: f64,
    pub text_y: f64,
    /// Left edge of the label (indented by nesting depth).
    pub label_x: f64,
    /// The full label, and a shortened one that fits the column.
    pub label: String,
    pub label_short: String,
    /// Tooltip: the label with its dates and status.
    pub tooltip: String,
    /// Task rows: `todo`, `doing`, `done`, `blocked`, `skipped`.
    pub status: Option<String>,
    pub overdue: bool,
    /// The bar (tasks, freeze windows).
    pub bar: Option<Bar>,
    /// The diamond (milestones): SVG polygon points.
    pub diamond: Option<String>,
    /// Short date text drawn after the bar or diamond ("20 Nov").
    pub note: Option<Mark>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dep {
    /// SVG path data.
    pub d: String,
    /// "a → b".
    pub label: String,
}

fn r1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

struct Scale {
    from: NaiveDate,
    day: f64,
}

impl Scale {
    fn x(&self, d: NaiveDate) -> f64 {
        r1((d - self.from).num_days() as f64 * self.day)
    }
    fn x_at(&self, t: NaiveDateTime) -> f64 {
        let minutes = (t - self.from.and_hms_opt(0, 0, 0).unwrap()).num_minutes() as f64;
        r1(minutes / (24.0 * 60.0) * self.day)
    }
}

pub(crate) fn build(ctx: &Ctx) -> GanttView {
    let (plan, sched) = (ctx.plan, ctx.schedule);
    let mut dates: Vec<NaiveDate> = Vec::new();
    for i in 0..plan.tasks.len() {
        let (s, e) = ctx.span(i);
        dates.extend([s, e]);
    }
    dates.extend(sched.milestones.iter().map(|m| m.when.date));
    for f in &sched.freezes {
        dates.extend([f.start.date(), f.end.date()]);
    }
    let (Some(&lo), Some(&hi)) = (dates.iter().min(), dates.iter().max()) else {
        return empty();
    };
    // Whole weeks, Monday to Sunday, with a little air on both sides.
    let from = lo - Duration::days(3);
    let from = from - Duration::days(from.weekday().num_days_from_monday() as i64);
    let to = hi + Duration::days(3);
    let to = to + Duration::days(6 - to.weekday().num_days_from_monday() as i64);
    let days = (to - from).num_days() + 1;
    let day = (TARGET_WIDTH / days as f64).clamp(MIN_DAY, 16.0);
    let scale = Scale { from, day };
    // Room on the right for the date written after the last bars.
    let chart_width = r1(days as f64 * day + 56.0);

    let mut months = Vec::new();
    let mut m = NaiveDate::from_ymd_opt(from.year(), from.month(), 1).unwrap();
    while m <= to {
        let x = scale.x(m).max(0.0);
        let next = m.checked_add_months(chrono::Months::new(1)).unwrap();
        // A month's label needs room before the next month starts (the
        // chart usually begins inside a month).
        let label = if scale.x(next) - x >= 56.0 {
            m.format("%b %Y").to_string()
        } else {
            String::new()
        };
        months.push(Mark {
            x,
            label,
            date: DateView::day(m),
        });
        m = next;
    }
    let mut weeks = Vec::new();
    let mut off_days = Vec::new();
    let workdays = workdays(plan);
    let holidays: Vec<NaiveDate> = plan.calendar.holidays.iter().map(|h| h.value.0).collect();
    let mut d = from;
    while d <= to {
        if d.weekday() == Weekday::Mon && day * 7.0 >= 24.0 {
            weeks.push(Mark {
                x: scale.x(d),
                label: d.day().to_string(),
                date: DateView::day(d),
            });
        }
        let holiday = holidays.contains(&d);
        // Weekends only where a day is wide enough to read as a column.
        if holiday || (day >= 8.0 && !workdays.contains(&d.weekday())) {
            let label = if holiday {
                format!("Holiday: {}", d.format("%a %-d %b %Y"))
            } else {
                "Not a working day".into()
            };
            off_days.push(Band {
                x: scale.x(d),
                width: r1(day),
                label,
            });
        }
        d += Duration::days(1);
    }

    let mut rows: Vec<GanttRow> = Vec::new();
    let mut row_of_task = vec![None; plan.tasks.len()];
    let y = |n: usize| n as f64 * ROW;
    let group = |rows: &mut Vec<GanttRow>, label: &str| {
        let n = rows.len();
        rows.push(GanttRow {
            kind: "group".into(),
            y: y(n),
            text_y: y(n) + 16.0,
            label_x: 8.0,
            label: label.to_string(),
            label_short: shorten(label, LABEL_CHARS),
            tooltip: label.to_string(),
            status: None,
            overdue: false,
            bar: None,
            diamond: None,
            note: None,
        });
    };

    if !sched.milestones.is_empty() || !sched.freezes.is_empty() {
        group(&mut rows, "Key dates and freeze windows");
    }
    let mut milestones: Vec<_> = sched.milestones.iter().collect();
    milestones.sort_by_key(|m| m.when.date);
    let mut milestone_lines = Vec::new();
    for m in milestones {
        let n = rows.len();
        let label = humanize(&m.id);
        let date = DateView::from(&m.when);
        let cx = r1(scale.x(m.when.date) + day / 2.0);
        let cy = y(n) + ROW / 2.0;
        let r = 6.0;
        milestone_lines.push(Mark {
            x: cx,
            label: label.clone(),
            date: date.clone(),
        });
        rows.push(GanttRow {
            kind: "milestone".into(),
            y: y(n),
            text_y: y(n) + 16.0,
            label_x: 22.0,
            label_short: shorten(&label, LABEL_CHARS - 2),
            tooltip: format!("{label}: {}", date.text),
            label,
            status: None,
            overdue: false,
            bar: None,
            diamond: Some(format!(
                "{},{} {},{} {},{} {},{}",
                cx,
                cy - r,
                cx + r,
                cy,
                cx,
                cy + r,
                cx - r,
                cy
            )),
            note: Some(Mark {
                x: r1(cx + r + 4.0),
                label: date.short.clone(),
                date,
            }),
        });
    }
    let mut freezes = Vec::new();
    let mut freeze_order: Vec<usize> = (0..plan.freeze.len().min(sched.freezes.len())).collect();
    freeze_order.sort_by_key(|&i| sched.freezes[i].start);
    for i in freeze_order {
        let f = &sched.freezes[i];
        let name = &plan.freeze[i].name.value;
        let (x0, x1) = (scale.x_at(f.start), scale.x_at(f.end));
        let width = r1((x1 - x0).max(2.0));
        let label = format!("Freeze: {name}");
        let (start, end) = (DateView::at(f.start), DateView::at(f.end));
        freezes.push(Band {
            x: x0,
            width,
            label: format!("{label} ({} to {})", start.text, end.text),
        });
        let n = rows.len();
        rows.push(GanttRow {
            kind: "freeze".into(),
            y: y(n),
            text_y: y(n) + 16.0,
            label_x: 22.0,
            label_short: shorten(&label, LABEL_CHARS - 2),
            tooltip: format!("{label}: {} to {}", start.text, end.text),
            label,
            status: None,
            overdue: false,
            bar: Some(Bar {
                x: x0,
                y: y(n) + 5.0,
                width,
                height: ROW - 10.0,
            }),
            diamond: None,
            note: Some(Mark {
                x: r1(x0 + width + 4.0),
                label: format!("{} – {}", start.short, end.short),
                date: start,
            }),
        });
    }

    for phase in &ctx.tree {
        group(&mut rows, phase.name.as_deref().unwrap_or("Other tasks"));
        for &(i, depth) in &phase.rows {
            let t = &plan.tasks[i];
            let tref = ctx.task_ref(i);
            let (s, e) = ctx.span(i);
            let n = rows.len();
            row_of_task[i] = Some(n);
            let x0 = scale.x(s);
            let width = r1((scale.x(e + Duration::days(1)) - x0).max(3.0));
            let when = match &tref.start {
                Some(st) if st.iso != tref.due.iso => format!("{} to {}", st.text, tref.due.text),
                _ => format!("due {}", tref.due.text),
            };
            let indent = depth.min(6) as usize;
            rows.push(GanttRow {
                kind: "task".into(),
                y: y(n),
                text_y: y(n) + 16.0,
                label_x: 22.0 + 14.0 * indent as f64,
                label_short: shorten(&t.title.value, LABEL_CHARS - 2 - 2 * indent),
                tooltip: format!(
                    "{}: {when}; {}{}",
                    t.title.value,
                    tref.status_label,
                    if tref.overdue { ", overdue" } else { "" }
                ),
                label: t.title.value.clone(),
                status: Some(tref.status.clone()),
                overdue: tref.overdue,
                bar: Some(Bar {
                    x: x0,
                    y: y(n) + 6.0,
                    width,
                    height: ROW - 12.0,
                }),
                diamond: None,
                note: Some(Mark {
                    x: r1(x0 + width + 4.0),
                    label: tref.due.short.clone(),
                    date: tref.due.clone(),
                }),
            });
        }
    }

    let mut deps = Vec::new();
    for (i, t) in plan.tasks.iter().enumerate() {
        let Some(to_row) = row_of_task[i] else {
            continue;
        };
        for a in t.after_ids() {
            let Some(p) = ctx.task_index(&a.value) else {
                continue;
            };
            let Some(from_row) = row_of_task[p] else {
                continue;
            };
            let (Some(fb), Some(tb)) = (&rows[from_row].bar, &rows[to_row].bar) else {
                continue;
            };
            let (x1, y1) = (r1(fb.x + fb.width), r1(fb.y + fb.height / 2.0));
            let (x2, y2) = (tb.x, r1(tb.y + tb.height / 2.0));
            let d = if x2 - x1 >= 12.0 {
                format!("M{x1} {y1}H{}V{y2}H{x2}", r1(x1 + 6.0))
            } else {
                // Back around: drop between the rows, then in from the left.
                let between = if y2 > y1 {
                    rows[to_row].y
                } else {
                    rows[to_row].y + ROW
                };
                format!("M{x1} {y1}h6V{between}H{}V{y2}H{x2}", r1(x2 - 6.0))
            };
            deps.push(Dep {
                d,
                label: format!("{} → {}", plan.tasks[p].title.value, t.title.value),
            });
        }
    }

    let as_of = sched.as_of;
    let (as_of_mark, as_of_note) = if as_of < from {
        (
            None,
            Some(format!(
                "The as-of date ({}) is before the chart begins.",
                DateView::day(as_of).text
            )),
        )
    } else if as_of > to {
        (
            None,
            Some(format!(
                "The as-of date ({}) is after the chart ends.",
                DateView::day(as_of).text
            )),
        )
    } else {
        let x = scale.x(as_of);
        (
            Some(Mark {
                x,
                label: format!("As of {}", as_of.format("%-d %b")),
                date: DateView::day(as_of),
            }),
            None,
        )
    };

    // A4 / Letter portrait with the print stylesheet's margins, in CSS px.
    let (page_w, page_h, first_page_room) = (700.0, 930.0, 560.0);
    let (total_w, total_h) = (LABEL_WIDTH + chart_width, AXIS + rows.len() as f64 * ROW);
    let print_scale = (page_w / total_w).min(page_h / total_h).clamp(0.3, 1.0);
    GanttView {
        print_scale: (print_scale * 100.0).floor() / 100.0,
        print_own_page: total_h * print_scale > first_page_room,
        drawn: true,
        label_width: LABEL_WIDTH,
        chart_width,
        axis_height: AXIS,
        body_height: r1(rows.len() as f64 * ROW),
        row_height: ROW,
        day_width: r1(day),
        summary: format!(
            "Gantt chart of {} tasks from {} to {}. The schedule page lists the same tasks as a table.",
            plan.tasks.len(),
            DateView::day(from).text,
            DateView::day(to).text
        ),
        from: Some(DateView::day(from)),
        to: Some(DateView::day(to)),
        months,
        weeks,
        off_days,
        freezes,
        milestone_lines,
        as_of: as_of_mark,
        as_of_note,
        rows,
        deps,
    }
}

fn workdays(plan: &crate::model::Plan) -> Vec<Weekday> {
    match &plan.calendar.workdays {
        Some(list) => list.value.iter().map(|w| w.value.0).collect(),
        None => vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ],
    }
}

fn empty() -> GanttView {
    GanttView {
        drawn: false,
        label_width: LABEL_WIDTH,
        chart_width: 0.0,
        axis_height: AXIS,
        body_height: 0.0,
        row_height: ROW,
        day_width: 0.0,
        from: None,
        to: None,
        months: Vec::new(),
        weeks: Vec::new(),
        off_days: Vec::new(),
        freezes: Vec::new(),
        milestone_lines: Vec::new(),
        as_of: None,
        as_of_note: None,
        rows: Vec::new(),
        deps: Vec::new(),
        summary: "The plan has no dated tasks, milestones or freeze windows yet.".into(),
        print_scale: 1.0,
        print_own_page: false,
    }
}
