//! Runbooks + the resolved dates -> each runbook's step times
//! ([`RunbookTimes`]): planned, the rollback, and the forecast from the
//! latest rehearsal. Missing time zones and wall-clock times that do not
//! exist are reported here; the arithmetic itself is `runbook.rs`.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::lookup::AnchorDate;
use super::nodes::{Graph, Node};
use super::resolve::Dates;
use super::runbook::{self, Nonexistent, StepIn, StepOut};
use crate::diag::Diagnostic;
use crate::model::{Plan, Rehearsal, Runbook, Sp, Step, runbook::parse_duration};

/// One step's times, local (the plan's time zone) and UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepTimes {
    pub id: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub start_utc: DateTime<Utc>,
    pub end_utc: DateTime<Utc>,
    pub minutes: i64,
    /// The runbook's end waits on this step.
    pub critical: bool,
    /// It started at its `not_before`, not when its steps ended.
    pub waited: bool,
}

impl StepTimes {
    /// The planned duration, and what the clocks do during the step when
    /// they change: `4h (clocks go back 1h)`, so that a printed runbook
    /// read on the night of a daylight-saving change is not mistaken for
    /// one that is an hour off.
    pub fn duration_text(&self) -> String {
        let planned = crate::model::runbook::fmt_minutes(self.minutes);
        let shift =
            (self.end - self.start).num_minutes() - (self.end_utc - self.start_utc).num_minutes();
        match shift {
            0 => planned,
            s if s < 0 => format!(
                "{planned} (clocks go back {})",
                crate::model::runbook::fmt_minutes(-s)
            ),
            s => format!(
                "{planned} (clocks go forward {})",
                crate::model::runbook::fmt_minutes(s)
            ),
        }
    }
}

/// A forecast: the runbook computed again with a rehearsal's durations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forecast {
    /// Index into `Plan::rehearsals`.
    pub rehearsal: usize,
    pub steps: Vec<StepTimes>,
    pub end: NaiveDateTime,
    pub end_utc: DateTime<Utc>,
}

/// A runbook's times (index-aligned with `Plan::runbooks` in a schedule:
/// a runbook whose times fail is an error, and errors give no schedule).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunbookTimes {
    pub id: String,
    pub timezone: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub start_utc: DateTime<Utc>,
    pub end_utc: DateTime<Utc>,
    pub steps: Vec<StepTimes>,
    /// The rollback as if run after the last gate (the latest it can
    /// start); empty without rollback steps.
    pub rollback: Vec<StepTimes>,
    /// The gate `rollback` starts after, if any.
    pub rollback_after: Option<String>,
    /// With the latest rehearsal's durations, if there is a rehearsal.
    pub forecast: Option<Forecast>,
}

/// What a runbook when-rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimedOf {
    /// The `start` of runbook `r`.
    Start(usize),
    /// The `not_before` of runbook `r`'s step `i` (an index into
    /// `Runbook::all_steps`).
    NotBefore(usize, usize),
}

/// The when-rules of runbooks that the date graph resolves: per runbook,
/// its `start`, then the `not_before` of its steps and rollback steps in
/// order. `Node::Timed(k)` is the k-th of these.
pub fn timed_rules(plan: &Plan) -> Vec<(&Sp<String>, TimedOf)> {
    let mut out = Vec::new();
    for (r, rb) in plan.runbooks.iter().enumerate() {
        out.push((&rb.start, TimedOf::Start(r)));
        for (i, s) in rb.all_steps().enumerate() {
            if let Some(nb) = &s.not_before {
                out.push((nb, TimedOf::NotBefore(r, i)));
            }
        }
    }
    out
}

/// The plan's time zone, when runbooks need one. Reports a missing one (an
/// unknown name is validation's to report).
pub fn timezone(plan: &Plan, diags: &mut Vec<Diagnostic>) -> Option<Tz> {
    let first = plan.runbooks.first()?;
    match &plan.calendar.timezone {
        Some(tz) => tz.value.parse().ok(),
        None => {
            diags.push(
                Diagnostic::error(
                    first.id.pos,
                    "a plan with runbooks needs `calendar.timezone`: runbook times are wall-clock times",
                )
                .with_hint("add `timezone: America/Chicago` (an IANA name) under `calendar:`"),
            );
            None
        }
    }
}

/// Each runbook's times. The planned steps were timed in the date graph
/// (so that when-rules can anchor on them); here they get their critical
/// path, and the rollback and the forecast are timed by the same rules.
/// `tz` is the plan's time zone ([`timezone`]); a runbook whose rules
/// failed (reported where they failed) is left out.
pub fn compute(plan: &Plan, g: &Graph, dates: &Dates, tz: Option<Tz>) -> Vec<RunbookTimes> {
    let Some(tz) = tz else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (r, rb) in plan.runbooks.iter().enumerate() {
        let Some(nodes) = g.runbooks.get(r) else {
            continue;
        };
        let Some(start) = dates.at(Node::Timed(nodes.start)) else {
            continue;
        };
        let mut nb_times = Vec::new();
        let mut ok = true;
        for k in &nodes.not_before {
            nb_times.push(match k {
                Some(k) => {
                    let t = dates.at(Node::Timed(*k));
                    ok &= t.is_some();
                    t
                }
                None => None,
            });
        }
        if !ok {
            continue;
        }
        let (main_nb, rollback_nb) = nb_times.split_at(rb.steps.len());
        let planned = |s: &Step| s.minutes();
        let ins = step_ins(&rb.steps, main_nb, planned);
        let Some(mut outs) = (0..rb.steps.len())
            .map(|i| {
                let t = dates.step(Node::Step(nodes.first_step + i))?;
                Some(StepOut {
                    start: t.start,
                    end: t.end,
                    critical: false,
                    waited: t.waited,
                })
            })
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        runbook::mark_critical(&ins, &mut outs);
        let steps = step_times(tz, &rb.steps, &ins, outs);
        let last_gate = rb
            .steps
            .iter()
            .zip(&steps)
            .filter(|(s, _)| s.kind() == crate::model::StepKind::Gate)
            .max_by_key(|(_, t)| t.end_utc);
        let rollback_from = last_gate.map_or(start, |(_, t)| t.end);
        let rollback_after = last_gate.map(|(s, _)| s.id.value.clone());
        let rollback = if rb.rollback.is_empty() {
            Vec::new()
        } else {
            timed(tz, rollback_from, &rb.rollback, rollback_nb, planned).unwrap_or_default()
        };
        let forecast = latest_rehearsal(plan, rb).and_then(|(i, reh)| {
            let measured = |s: &Step| {
                reh.durations
                    .0
                    .iter()
                    .find(|(id, _)| id.value == s.id.value)
                    .and_then(|(_, d)| parse_duration(&d.value).ok())
                    .unwrap_or_else(|| s.minutes())
            };
            let steps = timed(tz, start, &rb.steps, main_nb, measured).ok()?;
            let last = steps.iter().max_by_key(|s| s.end_utc)?;
            Some(Forecast {
                rehearsal: i,
                end: last.end,
                end_utc: last.end_utc,
                steps,
            })
        });
        let (end, end_utc) = steps
            .iter()
            .max_by_key(|s| s.end_utc)
            .map_or((start, utc(tz, start)), |s| (s.end, s.end_utc));
        out.push(RunbookTimes {
            id: rb.id.value.clone(),
            timezone: tz.name().to_string(),
            start,
            end,
            start_utc: utc(tz, start),
            end_utc,
            steps,
            rollback,
            rollback_after,
            forecast,
        });
    }
    out
}

fn utc(tz: Tz, t: NaiveDateTime) -> DateTime<Utc> {
    // Only called on times the date graph has checked exist.
    runbook::to_instant(tz, t).unwrap_or_default()
}

/// The steps as the arithmetic sees them.
fn step_ins(
    steps: &[Step],
    not_before: &[Option<NaiveDateTime>],
    minutes: impl Fn(&Step) -> i64,
) -> Vec<StepIn> {
    steps
        .iter()
        .enumerate()
        .map(|(i, s)| StepIn {
            minutes: minutes(s),
            after: runbook::default_after(i, after_indices(steps, s)),
            not_before: not_before.get(i).copied().flatten(),
        })
        .collect()
}

fn step_times(tz: Tz, steps: &[Step], ins: &[StepIn], outs: Vec<StepOut>) -> Vec<StepTimes> {
    steps
        .iter()
        .zip(ins.iter().zip(outs))
        .map(|(s, (i, o)): (&Step, (&StepIn, StepOut))| StepTimes {
            id: s.id.value.clone(),
            start: runbook::to_local(tz, o.start),
            end: runbook::to_local(tz, o.end),
            start_utc: o.start,
            end_utc: o.end,
            minutes: i.minutes,
            critical: o.critical,
            waited: o.waited,
        })
        .collect()
}

/// One list of steps (the steps, or the rollback) from `start`.
fn timed(
    tz: Tz,
    start: NaiveDateTime,
    steps: &[Step],
    not_before: &[Option<NaiveDateTime>],
    minutes: impl Fn(&Step) -> i64,
) -> Result<Vec<StepTimes>, Nonexistent> {
    let ins = step_ins(steps, not_before, minutes);
    let outs = runbook::times(tz, start, &ins)?;
    Ok(step_times(tz, steps, &ins, outs))
}

/// `after` as indices into `steps` (unknown ids are validation's to report).
pub fn after_indices(steps: &[Step], s: &Step) -> Option<Vec<usize>> {
    let ids = s.after_ids()?;
    Some(
        ids.iter()
            .filter_map(|a| steps.iter().position(|t| t.id.value == a.value))
            .collect(),
    )
}

/// The runbook's latest rehearsal by date (the last written on ties).
pub fn latest_rehearsal<'p>(plan: &'p Plan, rb: &Runbook) -> Option<(usize, &'p Rehearsal)> {
    plan.rehearsals
        .iter()
        .enumerate()
        .filter(|(_, r)| r.runbook.value == rb.id.value)
        .max_by_key(|(i, r)| (r.date.value, *i))
}

impl super::Schedule {
    /// A runbook anchor: `step` or `step.end` (its end), `step.start`,
    /// `runbook` or `runbook.end`, `runbook.start`. `None` when the text
    /// names no runbook or step (the caller goes on with milestones and
    /// tasks).
    pub(super) fn runbook_anchor(
        &self,
        plan: &Plan,
        text: &str,
    ) -> Option<Result<AnchorDate, String>> {
        let (id, is_start) = match text.rsplit_once('.') {
            Some((id, f)) if f.eq_ignore_ascii_case("start") => (id, true),
            Some((id, f)) if f.eq_ignore_ascii_case("end") => (id, false),
            _ => (text, false),
        };
        let missing = || Err(format!("`{text}` has no computed time"));
        let at = |t: NaiveDateTime, what: String| {
            Ok(AnchorDate {
                date: t.date(),
                time: Some(t.time()),
                explanation: format!(
                    "{what}: {} {}",
                    super::fmt_date(t.date()),
                    t.format("%H:%M")
                ),
            })
        };
        if let Some(r) = plan.runbooks.iter().position(|r| r.id.value == id) {
            let Some(times) = self.runbooks.get(r) else {
                return Some(missing());
            };
            return Some(if is_start {
                at(times.start, format!("runbook `{id}` starts"))
            } else {
                at(times.end, format!("runbook `{id}` ends"))
            });
        }
        let (rb, step) = plan.step(id)?;
        let times = self.runbooks.iter().find(|t| t.id == rb.id.value);
        let Some(t) = times.and_then(|t| t.steps.iter().find(|s| s.id == step.id.value)) else {
            // A rollback step has no time of its own: it runs only on no-go.
            return Some(Err(format!(
                "`{id}` is a rollback step: it has no time of its own (it runs only if a gate decides no-go)"
            )));
        };
        Some(if is_start {
            at(t.start, format!("step `{id}` starts"))
        } else {
            at(t.end, format!("step `{id}` ends"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::runbook::{to_instant, to_local};
    use chrono::{Duration, NaiveDate};

    fn step(tz: Tz, start: NaiveDateTime, minutes: i64) -> StepTimes {
        let start_utc = to_instant(tz, start).unwrap();
        let end_utc = start_utc + Duration::minutes(minutes);
        StepTimes {
            id: "s".into(),
            start,
            end: to_local(tz, end_utc),
            start_utc,
            end_utc,
            minutes,
            critical: false,
            waited: false,
        }
    }

    #[test]
    fn a_step_across_a_clock_change_says_so() {
        let tz: Tz = "America/Chicago".parse().unwrap();
        let at = |m, d, h| {
            NaiveDate::from_ymd_opt(2027, m, d)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        // 22:00 + 5h on the night clocks spring forward ends at 04:00.
        let s = step(tz, at(3, 13, 22), 300);
        assert_eq!(s.end, at(3, 14, 4));
        assert_eq!(s.duration_text(), "5h (clocks go forward 1h)");
        assert_eq!(
            step(tz, at(11, 6, 23), 240).duration_text(),
            "4h (clocks go back 1h)"
        );
        assert_eq!(step(tz, at(1, 15, 18), 90).duration_text(), "1h30m");
    }
}
