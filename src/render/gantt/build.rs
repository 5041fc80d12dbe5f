//! Plan + Schedule + the task tree -> [`Chart`]s: the full chart, the
//! overview (phases) and the migration window.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use super::{Band, BandKind, Bar, Chart, Row, RowKind, Scale, Style, TASK_LEGEND};
use crate::model::{Plan, StepKind, TaskStatus};
use crate::render::labels::milestone_label;
use crate::render::tasks::TaskGroup;
use crate::schedule::Schedule;

const KEY_DATES: &str = "Key dates and freeze windows";
const AWAY: &str = "People away";

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

/// "Fri 20 Nov 2026".
fn day_text(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// "20 Nov".
fn short(d: NaiveDate) -> String {
    d.format("%-d %b").to_string()
}

fn at_text(t: NaiveDateTime) -> String {
    t.format("%a %-d %b %Y %H:%M").to_string()
}

/// A task's first and last day (a task without a start is one day long).
fn span(schedule: &Schedule, i: usize) -> (NaiveDate, NaiveDate) {
    let d = &schedule.tasks[i];
    let due = d.due.date;
    (d.start.as_ref().map_or(due, |s| s.date.min(due)), due)
}

fn row(kind: RowKind, label: String, depth: u32) -> Row {
    Row {
        kind,
        tooltip: label.clone(),
        label,
        depth,
        bar: None,
        diamond: None,
        note: None,
        task: None,
    }
}

/// Where a milestone's diamond sits: the middle of its day, or the start
/// of it on an hour scale (milestones are dates, not times).
fn milestone_at(d: NaiveDate, scale: Scale) -> NaiveDateTime {
    match scale {
        Scale::Hours(_) => midnight(d),
        _ => midnight(d) + Duration::hours(12),
    }
}

/// The key dates group: milestones (by date) inside `[from, to]`, then
/// freeze windows (by start) overlapping it.
fn key_dates(
    plan: &Plan,
    schedule: &Schedule,
    scale: Scale,
    from: NaiveDateTime,
    to: NaiveDateTime,
    rows: &mut Vec<Row>,
    lines: &mut Vec<NaiveDateTime>,
) {
    let mut ms: Vec<_> = schedule
        .milestones
        .iter()
        .filter(|m| {
            let at = milestone_at(m.when.date, scale);
            at >= from && at <= to
        })
        .collect();
    ms.sort_by_key(|m| m.when.date);
    let mut fr: Vec<usize> = (0..plan.freeze.len().min(schedule.freezes.len()))
        .filter(|&i| schedule.freezes[i].end > from && schedule.freezes[i].start < to)
        .collect();
    fr.sort_by_key(|&i| schedule.freezes[i].start);
    if ms.is_empty() && fr.is_empty() {
        return;
    }
    rows.push(row(RowKind::Group, KEY_DATES.into(), 0));
    for m in ms {
        let at = milestone_at(m.when.date, scale);
        lines.push(at);
        let label = milestone_label(plan, &m.id);
        rows.push(Row {
            tooltip: format!("{label}: {}", day_text(m.when.date)),
            diamond: Some(at),
            note: Some(short(m.when.date)),
            ..row(RowKind::Milestone, label, 1)
        });
    }
    for i in fr {
        let f = &schedule.freezes[i];
        let label = format!("Freeze: {}", plan.freeze[i].name.value);
        rows.push(Row {
            tooltip: format!("{label}: {} to {}", at_text(f.start), at_text(f.end)),
            bar: Some(Bar {
                start: f.start,
                end: f.end,
                style: Style::Freeze,
            }),
            note: Some(match scale {
                Scale::Hours(_) => format!(
                    "{} – {}",
                    f.start.format("%a %H:%M"),
                    f.end.format("%a %H:%M")
                ),
                _ if f.start.date() == f.end.date() => format!(
                    "{}, {}–{}",
                    short(f.start.date()),
                    f.start.format("%H:%M"),
                    f.end.format("%H:%M")
                ),
                _ => format!("{} – {}", short(f.start.date()), short(f.end.date())),
            }),
            ..row(RowKind::Freeze, label, 1)
        });
    }
}

/// The "People away" group: each stakeholder's absence (`unavailable`)
/// overlapping `[from, to]`, by first day, as a bar over the days away
/// (both included). Adds the legend entry when there is one.
fn away(
    plan: &Plan,
    from: NaiveDateTime,
    to: NaiveDateTime,
    rows: &mut Vec<Row>,
    legend: &mut Vec<Style>,
) {
    let mut list: Vec<(NaiveDate, NaiveDate, String, Option<String>)> = plan
        .stakeholders
        .iter()
        .flat_map(|s| {
            s.unavailable.iter().map(move |a| {
                (
                    a.from.value.0,
                    a.to.value.0,
                    s.display_name().to_string(),
                    a.note.as_ref().map(|n| n.value.clone()),
                )
            })
        })
        .filter(|(a, b, _, _)| midnight(*b + Duration::days(1)) > from && midnight(*a) < to)
        .collect();
    if list.is_empty() {
        return;
    }
    list.sort_by(|x, y| x.0.cmp(&y.0).then_with(|| x.2.cmp(&y.2)));
    rows.push(row(RowKind::Group, AWAY.into(), 0));
    for (a, b, name, note) in list {
        let label = format!("{name} away");
        let span = if a == b {
            day_text(a)
        } else {
            format!("{} to {}", day_text(a), day_text(b))
        };
        rows.push(Row {
            tooltip: match &note {
                Some(n) => format!("{label}: {span} ({n})"),
                None => format!("{label}: {span}"),
            },
            bar: Some(Bar {
                start: midnight(a),
                end: midnight(b + Duration::days(1)),
                style: Style::Away,
            }),
            note: Some(if a == b {
                short(a)
            } else {
                format!("{} – {}", short(a), short(b))
            }),
            ..row(RowKind::Away, label, 1)
        });
    }
    legend.push(Style::Away);
}

/// Freeze windows as bands, and on day scales the days nobody works.
fn bands(
    plan: &Plan,
    schedule: &Schedule,
    scale: Scale,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Band> {
    let mut out = Vec::new();
    if matches!(scale, Scale::Days | Scale::Weeks) {
        let workdays = workdays(plan);
        let holidays: Vec<NaiveDate> = plan.calendar.holidays.iter().map(|h| h.value.0).collect();
        let mut d = from;
        while d <= to {
            let holiday = holidays.contains(&d);
            if holiday || (scale == Scale::Days && !workdays.contains(&d.weekday())) {
                out.push(Band {
                    kind: BandKind::OffDay,
                    start: midnight(d),
                    end: midnight(d + Duration::days(1)),
                    label: if holiday {
                        format!("Holiday: {}", day_text(d))
                    } else {
                        format!("Not a working day: {}", day_text(d))
                    },
                });
            }
            d += Duration::days(1);
        }
    }
    for (f, d) in plan.freeze.iter().zip(&schedule.freezes) {
        out.push(Band {
            kind: BandKind::Freeze,
            start: d.start,
            end: d.end,
            label: format!(
                "Freeze: {} ({} to {})",
                f.name.value,
                at_text(d.start),
                at_text(d.end)
            ),
        });
    }
    out
}

fn workdays(plan: &Plan) -> Vec<Weekday> {
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

/// The row of task `i`.
fn task_row(plan: &Plan, schedule: &Schedule, i: usize, depth: u32) -> Row {
    let t = &plan.tasks[i];
    let d = &schedule.tasks[i];
    let (s, e) = span(schedule, i);
    let status = t.status();
    let when = if s != e {
        format!("{} to {}", day_text(s), day_text(e))
    } else {
        format!("due {}", day_text(e))
    };
    Row {
        tooltip: format!(
            "{}: {when}; {}",
            t.title.value,
            crate::render::tasks::status_text(status, d.overdue)
        ),
        bar: Some(Bar {
            start: midnight(s),
            end: midnight(e + Duration::days(1)),
            style: Style::of_task(status, d.overdue),
        }),
        note: Some(short(e)),
        task: Some(i),
        ..row(RowKind::Task, t.title.value.clone(), depth)
    }
}

/// Everything the plan dates: tasks, milestones, freeze windows.
fn extent(plan: &Plan, schedule: &Schedule) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let mut lo: Option<NaiveDateTime> = None;
    let mut hi: Option<NaiveDateTime> = None;
    let mut add = |a: NaiveDateTime, b: NaiveDateTime| {
        lo = Some(lo.map_or(a, |l| l.min(a)));
        hi = Some(hi.map_or(b, |h| h.max(b)));
    };
    for i in 0..plan.tasks.len().min(schedule.tasks.len()) {
        let (s, e) = span(schedule, i);
        add(midnight(s), midnight(e + Duration::days(1)));
    }
    for m in &schedule.milestones {
        add(
            midnight(m.when.date),
            midnight(m.when.date + Duration::days(1)),
        );
    }
    for f in &schedule.freezes {
        add(f.start, f.end);
    }
    Some((lo?, hi?))
}

/// `c` with its as-of line (when on the chart) and its summary.
fn finish(mut c: Chart, what: &str, schedule: &Schedule) -> Chart {
    let as_of = midnight(schedule.as_of);
    c.as_of = (as_of >= c.start && as_of <= c.end).then_some(as_of);
    let last = (c.end - Duration::minutes(1)).date();
    c.summary = format!(
        "{}: {what}, from {} to {}, {}.",
        c.title,
        day_text(c.start.date()),
        day_text(last),
        c.scale.describe()
    );
    c
}

/// A chart from its parts (as-of line and summary by [`finish`]).
struct Parts {
    title: &'static str,
    scale: Scale,
    span: (NaiveDateTime, NaiveDateTime),
    rows: Vec<Row>,
    lines: Vec<NaiveDateTime>,
    deps: Vec<(usize, usize)>,
    legend: Vec<Style>,
}

impl Parts {
    /// The chart, with the bands (days off, freeze windows) of its span.
    fn chart(self, plan: &Plan, schedule: &Schedule, what: &str) -> Chart {
        let (start, end) = self.span;
        finish(
            Chart {
                title: self.title.into(),
                start,
                end,
                scale: self.scale,
                rows: self.rows,
                bands: bands(plan, schedule, self.scale, start.date(), end.date()),
                lines: self.lines,
                as_of: None,
                deps: self.deps,
                legend: self.legend,
                summary: String::new(),
            },
            what,
            schedule,
        )
    }
}

/// The legend of a chart of tasks: their styles, freeze windows, and the
/// people away (when the chart shows any).
fn task_legend(away: Vec<Style>) -> Vec<Style> {
    let mut legend = TASK_LEGEND.to_vec();
    legend.push(Style::Freeze);
    legend.extend(away);
    legend
}

/// Every task, by phase in the tree's order, under the key dates.
pub fn full(plan: &Plan, schedule: &Schedule, tree: &[TaskGroup]) -> Option<Chart> {
    let (lo, hi) = extent(plan, schedule)?;
    let scale = Scale::for_span(lo, hi);
    let (start, end) = scale.frame(lo, hi);
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    key_dates(plan, schedule, scale, start, end, &mut rows, &mut lines);
    let mut away_legend = Vec::new();
    away(plan, start, end, &mut rows, &mut away_legend);
    let mut row_of_task = vec![None; plan.tasks.len()];
    for g in tree {
        rows.push(row(RowKind::Group, g.heading().to_string(), 0));
        for &(i, depth) in &g.rows {
            row_of_task[i] = Some(rows.len());
            rows.push(task_row(plan, schedule, i, depth + 1));
        }
    }
    let index = plan.task_index();
    let mut deps = Vec::new();
    for (i, t) in plan.tasks.iter().enumerate() {
        for a in t.after_ids() {
            if let (Some(&j), Some(to)) = (index.get(a.value.as_str()), row_of_task[i])
                && let Some(from) = row_of_task[j]
            {
                deps.push((from, to));
            }
        }
    }
    let legend = task_legend(away_legend);
    Some(
        Parts {
            title: "Whole plan",
            scale,
            span: (start, end),
            rows,
            lines,
            deps,
            legend,
        }
        .chart(plan, schedule, &format!("{} tasks", plan.tasks.len())),
    )
}

/// The plan at a glance: milestones, freeze windows, one bar per phase
/// (first day to last due date of its tasks) and one per runbook.
pub fn overview(plan: &Plan, schedule: &Schedule, tree: &[TaskGroup]) -> Option<Chart> {
    let (lo, hi) = extent(plan, schedule)?;
    let scale = Scale::for_span(lo, hi);
    let (start, end) = scale.frame(lo, hi);
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    key_dates(plan, schedule, scale, start, end, &mut rows, &mut lines);
    let mut away_legend = Vec::new();
    away(plan, start, end, &mut rows, &mut away_legend);
    if !tree.is_empty() {
        rows.push(row(RowKind::Group, "Phases".into(), 0));
    }
    for g in tree {
        let first = g.rows.iter().map(|&(i, _)| span(schedule, i).0).min();
        let last = g.rows.iter().map(|&(i, _)| span(schedule, i).1).max();
        let (Some(first), Some(last)) = (first, last) else {
            continue;
        };
        let status = |i: usize| plan.tasks[i].status();
        let n = g.rows.len();
        let done = g
            .rows
            .iter()
            .filter(|&&(i, _)| status(i).is_closed())
            .count();
        let overdue = g
            .rows
            .iter()
            .filter(|&&(i, _)| schedule.tasks[i].overdue)
            .count();
        let blocked = g
            .rows
            .iter()
            .filter(|&&(i, _)| status(i) == TaskStatus::Blocked)
            .count();
        let started = g
            .rows
            .iter()
            .any(|&(i, _)| matches!(status(i), TaskStatus::Doing | TaskStatus::Done));
        let style = if overdue > 0 {
            Style::Overdue
        } else if blocked > 0 {
            Style::Blocked
        } else if done == n {
            Style::Done
        } else if started {
            Style::Doing
        } else {
            Style::Todo
        };
        let tasks = if n == 1 { "task" } else { "tasks" };
        let mut counts = format!("{n} {tasks}, {done} done");
        if blocked > 0 {
            counts.push_str(&format!(", {blocked} blocked"));
        }
        if overdue > 0 {
            counts.push_str(&format!(", {overdue} overdue"));
        }
        rows.push(Row {
            tooltip: format!(
                "{}: {} to {}; {counts}",
                g.heading(),
                day_text(first),
                day_text(last)
            ),
            bar: Some(Bar {
                start: midnight(first),
                end: midnight(last + Duration::days(1)),
                style,
            }),
            note: Some(format!("{} – {}", short(first), short(last))),
            ..row(RowKind::Phase, g.heading().to_string(), 1)
        });
    }
    if !schedule.runbooks.is_empty() {
        rows.push(row(RowKind::Group, "Cutover runbooks".into(), 0));
        for (rb, t) in plan.runbooks.iter().zip(&schedule.runbooks) {
            rows.push(Row {
                tooltip: format!(
                    "{}: {} to {} ({})",
                    rb.title.value,
                    at_text(t.start),
                    at_text(t.end),
                    t.timezone
                ),
                bar: Some(Bar {
                    start: t.start,
                    end: t.end.max(t.start + Duration::minutes(1)),
                    style: Style::Step,
                }),
                note: Some(format!(
                    "{} – {}",
                    t.start.format("%a %-d %b %H:%M"),
                    t.end.format("%a %H:%M")
                )),
                ..row(RowKind::Step, rb.title.value.clone(), 1)
            });
        }
    }
    let mut legend = task_legend(away_legend);
    if !schedule.runbooks.is_empty() {
        legend.push(Style::Step);
    }
    Some(
        Parts {
            title: "The plan at a glance",
            scale,
            span: (start, end),
            rows,
            lines,
            deps: Vec::new(),
            legend,
        }
        .chart(
            plan,
            schedule,
            &format!("{} phases, milestones and freeze windows", tree.len()),
        ),
    )
}

/// The migration window, zoomed in. With runbooks: their steps (and
/// gates) on an hour scale, each runbook a group. Without: the freeze
/// window that holds the `migration` milestone (else the first freeze
/// window, else the three days around `migration`) with the milestones and
/// the tasks that start or end inside it. `None` when the plan has none of these.
pub fn window(plan: &Plan, schedule: &Schedule, tree: &[TaskGroup]) -> Option<Chart> {
    if !schedule.runbooks.is_empty() {
        return Some(runbook_window(plan, schedule));
    }
    let migration = schedule
        .milestones
        .iter()
        .find(|m| m.id == "migration")
        .map(|m| m.when.date);
    let freeze = schedule
        .freezes
        .iter()
        .find(|f| migration.is_some_and(|d| f.start.date() <= d && f.end.date() >= d))
        .or_else(|| schedule.freezes.iter().min_by_key(|f| f.start));
    let (lo, hi) = match (freeze, migration) {
        (Some(f), _) => (f.start, f.end),
        (None, Some(d)) => (
            midnight(d - Duration::days(1)),
            midnight(d + Duration::days(2)),
        ),
        (None, None) => return None,
    };
    let scale = Scale::for_span(lo, hi);
    let (start, end) = scale.frame(lo, hi);
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    key_dates(plan, schedule, scale, start, end, &mut rows, &mut lines);
    let mut away_legend = Vec::new();
    away(plan, start, end, &mut rows, &mut away_legend);
    for g in tree {
        let inside: Vec<_> = g
            .rows
            .iter()
            .filter(|&&(i, _)| {
                // Tasks that start or end in the window (not those that
                // merely run across it).
                let (s, e) = span(schedule, i);
                let inside =
                    |d: NaiveDate| midnight(d) < end && midnight(d + Duration::days(1)) > start;
                inside(s) || inside(e)
            })
            .collect();
        if inside.is_empty() {
            continue;
        }
        rows.push(row(RowKind::Group, g.heading().to_string(), 0));
        for &&(i, _) in &inside {
            rows.push(task_row(plan, schedule, i, 1));
        }
    }
    let legend = task_legend(away_legend);
    Some(
        Parts {
            title: "Migration window",
            scale,
            span: (start, end),
            rows,
            lines,
            deps: Vec::new(),
            legend,
        }
        .chart(
            plan,
            schedule,
            "the milestones, freeze windows and tasks of the migration window",
        ),
    )
}

/// Runbook steps on an hour scale. A step's place is its runbook's local
/// start plus the elapsed time (so a step across a daylight-saving change
/// keeps its real length).
fn runbook_window(plan: &Plan, schedule: &Schedule) -> Chart {
    let lo = schedule
        .runbooks
        .iter()
        .map(|t| t.start)
        .min()
        .expect("runbooks");
    let hi = schedule
        .runbooks
        .iter()
        .map(|t| t.end.max(t.start + Duration::minutes(1)))
        .max()
        .expect("runbooks");
    let scale = Scale::for_span(lo, hi);
    let (start, end) = scale.frame(lo, hi);
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    key_dates(plan, schedule, scale, start, end, &mut rows, &mut lines);
    let mut away_legend = Vec::new();
    away(plan, start, end, &mut rows, &mut away_legend);
    let mut deps = Vec::new();
    for (rb, t) in plan.runbooks.iter().zip(&schedule.runbooks) {
        rows.push(row(
            RowKind::Group,
            format!("{} ({})", rb.title.value, t.timezone),
            0,
        ));
        let first = rows.len();
        let local = |utc: chrono::DateTime<chrono::Utc>| t.start + (utc - t.start_utc);
        for (step, times) in rb.steps.iter().zip(&t.steps) {
            let (s, e) = (local(times.start_utc), local(times.end_utc));
            let kind = step.kind();
            let style = match kind {
                StepKind::Gate => Style::Gate,
                StepKind::PointOfNoReturn => Style::NoReturn,
                StepKind::Step => Style::Step,
            };
            let what = match kind {
                StepKind::Gate => " (go / no-go gate)",
                StepKind::PointOfNoReturn => " (point of no return)",
                StepKind::Step => "",
            };
            let owner = step
                .owner
                .as_ref()
                .map(|o| format!(", {}", o.value))
                .unwrap_or_default();
            rows.push(Row {
                tooltip: format!(
                    "{}{what}: {} to {}{owner}",
                    step.title.value,
                    times.start.format("%a %-d %b %H:%M"),
                    times.end.format("%a %H:%M")
                ),
                bar: Some(Bar {
                    start: s,
                    end: e.max(s + Duration::minutes(1)),
                    style,
                }),
                note: Some(format!(
                    "{}–{}",
                    times.start.format("%H:%M"),
                    times.end.format("%H:%M")
                )),
                ..row(RowKind::Step, step.title.value.clone(), 1)
            });
        }
        for (k, step) in rb.steps.iter().enumerate() {
            for a in step.after_ids().unwrap_or_default() {
                if let Some(j) = rb.steps.iter().position(|s| s.id.value == a.value) {
                    deps.push((first + j, first + k));
                }
            }
        }
    }
    let what = format!(
        "{} runbook steps",
        plan.runbooks.iter().map(|r| r.steps.len()).sum::<usize>()
    );
    Parts {
        title: "Migration window",
        scale,
        span: (start, end),
        rows,
        lines,
        deps,
        legend: [Style::Step, Style::Gate, Style::NoReturn, Style::Freeze]
            .into_iter()
            .chain(away_legend)
            .collect(),
    }
    .chart(plan, schedule, &what)
}
