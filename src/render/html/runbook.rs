//! The runbook page's view (`runbook`): each runbook as a timeline by day
//! and hour (time, step, owner, duration), gates and the point of no return
//! marked, the rollback beside it, criteria as checklists, and planned vs
//! rehearsed vs forecast durations and times.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::ctx::Ctx;
use super::dates::DateView;
use super::view::{SystemRef, html_id};
use crate::model::{
    Rehearsal, Runbook, Step, StepKind, runbook::fmt_minutes, runbook::parse_duration,
};
use crate::schedule::{RunbookTimes, StepTimes};

#[derive(Debug, Clone, Serialize)]
pub struct RunbookPageView {
    pub runbooks: Vec<RunbookView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunbookView {
    pub id: String,
    pub anchor: String,
    pub title: String,
    /// The IANA name the times are in.
    pub timezone: String,
    pub start: DateView,
    pub end: DateView,
    /// "26h", "1d2h".
    pub length: String,
    /// The planned steps, grouped by the local day they start on.
    pub days: Vec<DayView>,
    pub rollback: Vec<StepView>,
    /// The gate the rollback is timed after (the last one), if any.
    pub rollback_after: Option<String>,
    /// "45m": the whole rollback.
    pub rollback_length: Option<String>,
    /// From the latest rehearsal, when there is one.
    pub forecast_end: Option<DateView>,
    /// Newest first.
    pub rehearsals: Vec<RehearsalView>,
    pub notes: Option<String>,
    /// The steps on an hour scale.
    pub chart: super::runbook_chart::RunbookChart,
    /// A gate decided no-go: the rollback is the active path (the gate's
    /// decision, in words).
    pub no_go: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DayView {
    /// `Fri 15 Jan 2027`.
    pub label: String,
    pub iso: String,
    pub steps: Vec<StepView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    /// Its number on the chart (steps only; none for rollback steps).
    pub number: Option<usize>,
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub owner: Option<String>,
    /// The owner linked to its people's pages.
    pub owners: Vec<super::people::OwnerPart>,
    /// The deciders linked to their pages.
    pub decider_links: Vec<super::people::OwnerPart>,
    /// `step`, `gate` or `point-of-no-return`.
    pub kind: String,
    /// "Gate", "Point of no return"; `None` for a plain step.
    pub kind_label: Option<String>,
    pub start: DateView,
    pub end: DateView,
    /// `18:00` and `18:30`: the local wall-clock times.
    pub start_time: String,
    pub end_time: String,
    /// The planned duration as written (`1h30m`).
    pub planned: String,
    /// The latest rehearsal's measured duration, if it measured this step.
    pub rehearsed: Option<String>,
    /// When the step would run with the rehearsed durations.
    pub forecast_start: Option<DateView>,
    pub forecast_end: Option<DateView>,
    /// The runbook's end waits on this step.
    pub critical: bool,
    /// It waits for `not_before`.
    pub waits: bool,
    /// Gates: who decides (names).
    pub deciders: Vec<String>,
    pub criteria: Vec<String>,
    pub notes: Option<String>,
    /// What happened, from `progress`: "18:05–18:40", "started Sat 16 Jan
    /// 06:10".
    pub actual: Option<String>,
    /// A gate's recorded decision: "Go, Practice Owner, Sun 17 Jan 18:20".
    pub decision: Option<String>,
    /// The recorded decision was no-go.
    pub no_go: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RehearsalView {
    pub date: DateView,
    pub version: String,
    /// The environment as written (free text or an inventory id).
    pub environment: Option<String>,
    /// The inventory entry the environment names, if it names one.
    pub system: Option<SystemRef>,
    pub copy_of: Option<SystemRef>,
    /// What is switched off and what is de-identified in that environment.
    pub disabled: Vec<String>,
    pub deidentified: Vec<String>,
    /// The forecast uses this one.
    pub latest: bool,
    pub notes: Option<String>,
}

pub(crate) fn build(ctx: &Ctx) -> RunbookPageView {
    let runbooks = ctx
        .plan
        .runbooks
        .iter()
        .zip(&ctx.schedule.runbooks)
        .map(|(rb, t)| runbook(ctx, rb, t))
        .collect();
    RunbookPageView { runbooks }
}

fn runbook(ctx: &Ctx, rb: &Runbook, t: &RunbookTimes) -> RunbookView {
    let latest = crate::schedule::latest_rehearsal(ctx.plan, rb);
    let forecast = t.forecast.as_ref();
    let mut days: Vec<DayView> = Vec::new();
    for (i, (s, st)) in rb.steps.iter().zip(&t.steps).enumerate() {
        let fc = forecast.and_then(|f| f.steps.get(i));
        let mut view = step(ctx, s, st, fc, latest.map(|(_, r)| r));
        view.number = Some(i + 1);
        let day = st.start.date();
        let iso = day.format("%Y-%m-%d").to_string();
        match days.last_mut() {
            Some(d) if d.iso == iso => d.steps.push(view),
            _ => days.push(DayView {
                label: day.format("%a %-d %b %Y").to_string(),
                iso,
                steps: vec![view],
            }),
        }
    }
    let mut rollback: Vec<StepView> = rb
        .rollback
        .iter()
        .zip(&t.rollback)
        .map(|(s, st)| step(ctx, s, st, None, None))
        .collect();
    let actuals = crate::progress::step_actuals(ctx.plan);
    let mut no_go = None;
    for v in days
        .iter_mut()
        .flat_map(|d| d.steps.iter_mut())
        .chain(rollback.iter_mut())
    {
        if let Some(a) = actuals.get(&v.id) {
            with_actuals(ctx, v, a);
            if v.no_go {
                no_go = Some(format!(
                    "Gate “{}” decided no-go ({}): the rollback below is the active path.",
                    v.title,
                    v.decision.clone().unwrap_or_default()
                ));
            }
        }
    }
    let rollback_length = match (
        t.rollback.first(),
        t.rollback.iter().map(|s| s.end_utc).max(),
    ) {
        (Some(first), Some(end)) => Some(fmt_minutes((end - first.start_utc).num_minutes())),
        _ => None,
    };
    let mut rehearsals: Vec<(usize, &Rehearsal)> = ctx
        .plan
        .rehearsals
        .iter()
        .enumerate()
        .filter(|(_, r)| r.runbook.value == rb.id.value)
        .collect();
    rehearsals.sort_by_key(|(i, r)| std::cmp::Reverse((r.date.value, *i)));
    RunbookView {
        id: rb.id.value.clone(),
        anchor: html_id("runbook", &rb.id.value),
        title: rb.title.value.clone(),
        timezone: t.timezone.clone(),
        start: DateView::at(t.start),
        end: DateView::at(t.end),
        length: fmt_minutes((t.end_utc - t.start_utc).num_minutes()),
        days,
        rollback,
        rollback_after: t.rollback_after.clone(),
        rollback_length,
        forecast_end: forecast.map(|f| DateView::at(f.end)),
        rehearsals: rehearsals
            .into_iter()
            .map(|(i, r)| rehearsal(ctx, r, latest.is_some_and(|(l, _)| l == i)))
            .collect(),
        notes: rb.notes.as_ref().map(|n| n.value.clone()),
        chart: super::runbook_chart::build(
            t,
            &rb.steps
                .iter()
                .map(|s| s.kind().as_str().to_string())
                .collect::<Vec<_>>(),
        ),
        no_go,
    }
}

fn hm(t: NaiveDateTime) -> String {
    t.format("%H:%M").to_string()
}

fn step(
    ctx: &Ctx,
    s: &Step,
    t: &StepTimes,
    forecast: Option<&StepTimes>,
    rehearsal: Option<&Rehearsal>,
) -> StepView {
    let kind = s.kind();
    let rehearsed = rehearsal.and_then(|r| {
        let (_, d) = r
            .durations
            .0
            .iter()
            .find(|(id, _)| id.value == s.id.value)?;
        parse_duration(&d.value).ok().map(fmt_minutes)
    });
    StepView {
        number: None,
        id: s.id.value.clone(),
        anchor: html_id("step", &s.id.value),
        title: s.title.value.clone(),
        owner: s.owner.as_ref().map(|o| person(ctx, &o.value)),
        owners: ctx.label_parts(s.owner.as_ref().map(|o| o.value.as_str())),
        decider_links: ctx.label_parts_many(s.deciders.iter().map(|d| d.value.as_str())),
        kind: kind.as_str().to_string(),
        kind_label: match kind {
            StepKind::Step => None,
            StepKind::Gate => Some("Gate".into()),
            StepKind::PointOfNoReturn => Some("Point of no return".into()),
        },
        start: DateView::at(t.start),
        end: DateView::at(t.end),
        start_time: hm(t.start),
        end_time: hm(t.end),
        planned: t.duration_text(),
        rehearsed,
        forecast_start: forecast.map(|f| DateView::at(f.start)),
        forecast_end: forecast.map(|f| DateView::at(f.end)),
        critical: t.critical,
        waits: t.waited,
        deciders: s.deciders.iter().map(|d| person(ctx, &d.value)).collect(),
        criteria: s.criteria.iter().map(|c| c.value.clone()).collect(),
        notes: s.notes.as_ref().map(|n| n.value.clone()),
        actual: None,
        decision: None,
        no_go: false,
    }
}

/// Fills in what `progress` recorded for a step.
fn with_actuals(ctx: &Ctx, v: &mut StepView, a: &crate::progress::StepActual) {
    let when = |at: &crate::model::At| at.at.format("%a %-d %b %H:%M").to_string();
    v.actual = match (&a.start, &a.finish) {
        (Some(s), Some(f)) if s.at.date() == f.at.date() => {
            Some(format!("{}–{}", when(s), hm(f.at)))
        }
        (Some(s), Some(f)) => Some(format!("{}–{}", when(s), when(f))),
        (None, Some(f)) => Some(format!("done {}", when(f))),
        (Some(s), None) => Some(format!("started {}", when(s))),
        (None, None) => None,
    };
    if let Some((d, by, at)) = &a.decision {
        let who = by.as_deref().map(|b| person(ctx, b)).unwrap_or_default();
        let word = match d {
            crate::model::GateDecision::Go => "Go",
            crate::model::GateDecision::NoGo => "No-go",
        };
        v.decision = Some(if who.is_empty() {
            format!("{word}, {}", when(at))
        } else {
            format!("{word}, {who}, {}", when(at))
        });
        v.no_go = *d == crate::model::GateDecision::NoGo;
    }
}

/// A stakeholder id as the person's name; a role label as written.
fn person(ctx: &Ctx, id: &str) -> String {
    ctx.plan
        .stakeholder(id)
        .and_then(|p| p.name.as_ref())
        .map_or_else(|| id.to_string(), |n| n.value.clone())
}

fn rehearsal(ctx: &Ctx, r: &Rehearsal, latest: bool) -> RehearsalView {
    let sys = r
        .environment
        .as_ref()
        .and_then(|e| ctx.plan.system(e.value.trim()));
    RehearsalView {
        date: DateView::day(r.date.value.0),
        version: r.version.value.to_string(),
        environment: r.environment.as_ref().map(|e| e.value.clone()),
        system: sys.map(|s| ctx.system_ref(&s.id.value)),
        copy_of: sys
            .and_then(|s| s.copy_of.as_ref())
            .map(|c| ctx.system_ref(&c.value)),
        disabled: sys.map_or_else(Vec::new, |s| {
            s.disabled.iter().map(|d| d.value.clone()).collect()
        }),
        deidentified: sys.map_or_else(Vec::new, |s| {
            s.deidentified.iter().map(|d| d.value.clone()).collect()
        }),
        latest,
        notes: r.notes.as_ref().map(|n| n.value.clone()),
    }
}
