//! Runbook times + freeze windows -> warnings: the runbook (planned or
//! forecast) overruns the freeze window it starts in, a gate leaves no time
//! to roll back, a runbook starts in no freeze window, a gate comes after
//! the point of no return.
//!
//! Times are compared as instants (UTC), so a window that ends during the
//! repeated hour of a DST change is still compared right.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::fmt_date;
use super::nodes::Node;
use super::resolve::Dates;
use super::runbook::to_instant;
use super::runbooks::RunbookTimes;
use crate::diag::Diagnostic;
use crate::model::{Plan, StepKind, runbook::fmt_minutes};

fn fmt_at(at: NaiveDateTime) -> String {
    format!("{} {}", fmt_date(at.date()), at.format("%H:%M"))
}

/// A freeze window as the checks see it.
struct Window<'p> {
    name: &'p crate::model::Sp<String>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    end_local: NaiveDateTime,
}

/// A local time as an instant; one the clocks skip counts as the moment
/// they skip to.
fn instant(tz: Tz, t: NaiveDateTime) -> DateTime<Utc> {
    to_instant(tz, t)
        .or_else(|_| to_instant(tz, t + Duration::hours(1)))
        .unwrap_or_else(|_| t.and_utc())
}

pub fn run(plan: &Plan, dates: &Dates, runbooks: &[RunbookTimes], diags: &mut Vec<Diagnostic>) {
    let Some(tz) = runbooks.first().and_then(|r| r.timezone.parse::<Tz>().ok()) else {
        return;
    };
    let mut windows = Vec::new();
    for (i, f) in plan.freeze.iter().enumerate() {
        match (dates.at(Node::FreezeStart(i)), dates.at(Node::FreezeEnd(i))) {
            (Some(s), Some(e)) => windows.push(Window {
                name: &f.name,
                start: instant(tz, s),
                end: instant(tz, e),
                end_local: e,
            }),
            // An unresolved window has its own error.
            _ => return,
        }
    }
    for times in runbooks {
        let Some(rb) = plan.runbooks.iter().find(|r| r.id.value == times.id) else {
            continue;
        };
        gates_after_point_of_no_return(rb, times, diags);
        let holding = windows
            .iter()
            .filter(|w| w.start <= times.start_utc && times.start_utc < w.end)
            .max_by_key(|w| w.end);
        let Some(w) = holding else {
            if !windows.is_empty() {
                diags.push(
                    Diagnostic::warning(
                        rb.start.pos,
                        format!(
                            "runbook `{}` starts ({}) in no freeze window",
                            rb.id.value,
                            fmt_at(times.start)
                        ),
                    )
                    .with_hint("a cutover runs while the old system is frozen: move the start into a freeze window, or widen one to cover it"),
                );
            }
            continue;
        };
        let after_window = |end: DateTime<Utc>| (end > w.end).then(|| (end - w.end).num_minutes());
        let window_note = format!(
            "freeze window `{}` ends {}",
            w.name.value,
            fmt_at(w.end_local)
        );
        if let Some(over) = after_window(times.end_utc) {
            diags.push(
                Diagnostic::warning(
                    rb.id.pos,
                    format!(
                        "runbook `{}` ends {}, {} after the freeze window `{}` it starts in ends",
                        rb.id.value,
                        fmt_at(times.end),
                        fmt_minutes(over),
                        w.name.value
                    ),
                )
                .with_note(Some(w.name.pos), window_note.clone())
                .with_hint("start earlier, shorten steps, or widen the freeze window"),
            );
        }
        if let Some(f) = &times.forecast
            && let Some(over) = after_window(f.end_utc)
            && let Some(reh) = plan.rehearsals.get(f.rehearsal)
        {
            diags.push(
                Diagnostic::warning(
                    reh.runbook.pos,
                    format!(
                        "with the durations rehearsed on {}, runbook `{}` would end {}, {} after the freeze window `{}` ends",
                        fmt_date(reh.date.value.0),
                        rb.id.value,
                        fmt_at(f.end),
                        fmt_minutes(over),
                        w.name.value
                    ),
                )
                .with_note(Some(w.name.pos), window_note.clone())
                .with_hint("plan the steps with the rehearsed durations, start earlier, or widen the freeze window"),
            );
        }
        rollback_time(rb, times, w, &window_note, diags);
    }
}

/// For each gate: its end plus the whole rollback must fit in the window.
fn rollback_time(
    rb: &crate::model::Runbook,
    times: &RunbookTimes,
    w: &Window,
    window_note: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let (Some(first), Some(last)) = (
        times.rollback.iter().map(|s| s.start_utc).min(),
        times.rollback.iter().map(|s| s.end_utc).max(),
    ) else {
        return;
    };
    let rollback = last - first;
    for (step, t) in rb.steps.iter().zip(&times.steps) {
        if step.kind() != StepKind::Gate {
            continue;
        }
        let back = t.end_utc + rollback;
        if back <= w.end {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                step.id.pos,
                format!(
                    "no time to roll back: gate `{}` ends {} and the rollback takes {}, {} past the end of freeze window `{}`",
                    step.id.value,
                    fmt_at(t.end),
                    fmt_minutes(rollback.num_minutes()),
                    fmt_minutes((back - w.end).num_minutes()),
                    w.name.value
                ),
            )
            .with_note(Some(w.name.pos), window_note.to_string())
            .with_hint("hold the gate earlier, shorten the rollback, or widen the freeze window"),
        );
    }
}

/// A gate after a point of no return decides nothing: no-go cannot be
/// rolled back any more.
fn gates_after_point_of_no_return(
    rb: &crate::model::Runbook,
    times: &RunbookTimes,
    diags: &mut Vec<Diagnostic>,
) {
    let steps: Vec<_> = rb.steps.iter().zip(&times.steps).collect();
    for (ponr, pt) in steps
        .iter()
        .filter(|(s, _)| s.kind() == StepKind::PointOfNoReturn)
    {
        for (gate, gt) in steps.iter().filter(|(s, _)| s.kind() == StepKind::Gate) {
            if gt.start_utc < pt.end_utc {
                continue;
            }
            let at = gate.kind.as_ref().map_or(gate.id.pos, |k| k.pos);
            diags.push(
                Diagnostic::warning(
                    at,
                    format!(
                        "gate `{}` comes after the point of no return `{}`: a no-go there can no longer be rolled back",
                        gate.id.value, ponr.id.value
                    ),
                )
                .with_note(Some(ponr.id.pos), "the point of no return")
                .with_hint("hold the gate before the point of no return"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::Severity;
    use crate::schedule::schedule;
    use crate::schedule::testplan::{TestPlan, as_of};

    /// The fixture's weekend: migration Sat 16 Jan 2027, freeze Fri 18:00
    /// to Mon 07:00 (Chicago), a runbook from Fri 18:00.
    fn weekend() -> TestPlan {
        TestPlan::new()
            .timezone("America/Chicago")
            .milestone("migration", "2027-01-16")
            .freeze(
                "PMS freeze",
                "1 day before migration at 18:00",
                "2 days after migration at 07:00",
            )
            .runbook("cutover", "1 day before migration at 18:00")
            .step("stop", "30m", &[("owner", "Engineer")])
            .step("backup", "2h", &[("owner", "Engineer")])
            .step(
                "go-no-go",
                "15m",
                &[
                    ("kind", "gate"),
                    ("deciders", "pm"),
                    ("criteria", "Backup restored"),
                ],
            )
            .step(
                "convert",
                "14h",
                &[
                    ("owner", "Vendor"),
                    ("after", "backup, go-no-go"),
                    ("not_before", "migration at 06:00"),
                ],
            )
            .step("reopen", "45m", &[("owner", "Engineer"), ("rollback", "")])
    }

    fn messages(p: &TestPlan) -> Vec<String> {
        let (_, diags) = schedule(&p.plan, as_of());
        diags.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn a_runbook_that_fits_its_window_is_quiet_and_timed() {
        let p = weekend();
        let (s, diags) = schedule(&p.plan, as_of());
        assert!(diags.is_empty(), "{diags:#?}");
        let rb = &s.unwrap().runbooks[0];
        let at = |t: chrono::NaiveDateTime| t.format("%a %H:%M").to_string();
        let got: Vec<_> = rb
            .steps
            .iter()
            .map(|s| (s.id.as_str(), at(s.start), at(s.end), s.critical))
            .collect();
        assert_eq!(
            got,
            [
                ("stop", "Fri 18:00".into(), "Fri 18:30".into(), false),
                ("backup", "Fri 18:30".into(), "Fri 20:30".into(), false),
                ("go-no-go", "Fri 20:30".into(), "Fri 20:45".into(), false),
                ("convert", "Sat 06:00".into(), "Sat 20:00".into(), true),
            ]
        );
        // 18:00 CST is 00:00 UTC the next day.
        assert_eq!(rb.start_utc.to_rfc3339(), "2027-01-16T00:00:00+00:00");
        assert_eq!(
            (at(rb.rollback[0].start), at(rb.rollback[0].end)),
            ("Fri 20:45".into(), "Fri 21:30".into())
        );
    }

    #[test]
    fn overrunning_the_freeze_window_is_a_warning_saying_by_how_much() {
        let mut p = weekend();
        p.plan.runbooks[0].steps[3].duration.value = "2d".into();
        let m = messages(&p);
        // Sat 06:00 + 2d = Mon 06:00: inside the window (ends 07:00).
        assert!(
            !m.iter().any(|m| m.contains("after the freeze window")),
            "{m:#?}"
        );
        p.plan.runbooks[0].steps[3].duration.value = "2d2h".into();
        let m = messages(&p);
        assert!(
            m.iter().any(|m| m == "runbook `cutover` ends Mon 18 Jan 2027 08:00, 1h after the freeze window `PMS freeze` it starts in ends"),
            "{m:#?}"
        );
    }

    #[test]
    fn a_gate_too_late_to_roll_back_is_a_warning() {
        let mut p = weekend();
        // The gate moves to Mon 06:30 - 06:45; rollback 45m ends 07:30.
        p.plan.runbooks[0].steps[2].not_before = p.plan.runbooks[0].steps[3].not_before.clone();
        p.plan.runbooks[0].steps[2]
            .not_before
            .as_mut()
            .unwrap()
            .value = "2 days after migration at 06:30".into();
        p.plan.runbooks[0].steps[3].not_before = None;
        p.plan.runbooks[0].steps[3].duration.value = "15m".into();
        let m = messages(&p);
        assert!(
            m.iter().any(|m| m == "no time to roll back: gate `go-no-go` ends Mon 18 Jan 2027 06:45 and the rollback takes 45m, 30m past the end of freeze window `PMS freeze`"),
            "{m:#?}"
        );
    }

    #[test]
    fn a_start_outside_every_window_and_a_gate_after_the_point_of_no_return_warn() {
        let mut p = weekend();
        p.plan.runbooks[0].start.value = "2 days before migration at 18:00".into();
        p.plan.runbooks[0].steps[1].kind = Some(crate::model::Sp::new(
            crate::model::StepKind::PointOfNoReturn,
            Default::default(),
        ));
        let m = messages(&p);
        assert!(
            m.iter().any(
                |m| m == "runbook `cutover` starts (Thu 14 Jan 2027 18:00) in no freeze window"
            ),
            "{m:#?}"
        );
        assert!(
            m.iter()
                .any(|m| m
                    .starts_with("gate `go-no-go` comes after the point of no return `backup`")),
            "{m:#?}"
        );
    }

    #[test]
    fn the_latest_rehearsal_gives_the_forecast_and_its_overrun_warns() {
        let p = weekend()
            .rehearsal("cutover", "2026-12-09", &[("convert", "30h")])
            .rehearsal(
                "cutover",
                "2026-12-20",
                &[("backup", "2h40m"), ("convert", "16h")],
            );
        let (s, diags) = schedule(&p.plan, as_of());
        assert!(diags.is_empty(), "{diags:#?}");
        let f = s.unwrap().runbooks[0].forecast.clone().unwrap();
        assert_eq!(f.rehearsal, 1);
        // Sat 06:00 + 16h.
        assert_eq!(f.end.format("%a %H:%M").to_string(), "Sat 22:00");
        let p = weekend().rehearsal("cutover", "2026-12-09", &[("convert", "50h")]);
        let m = messages(&p);
        assert!(
            m.iter().any(|m| m == "with the durations rehearsed on Wed 9 Dec 2026, runbook `cutover` would end Mon 18 Jan 2027 08:00, 1h after the freeze window `PMS freeze` ends"),
            "{m:#?}"
        );
    }

    #[test]
    fn no_timezone_and_a_skipped_wall_clock_time_are_errors() {
        let mut p = weekend();
        p.plan.calendar.timezone = None;
        let (s, diags) = schedule(&p.plan, as_of());
        assert!(s.is_none());
        assert!(
            diags[0]
                .message
                .starts_with("a plan with runbooks needs `calendar.timezone`")
        );
        let mut p = weekend();
        p.plan.runbooks[0].start.value = "2027-03-14 at 02:30".into();
        let (s, diags) = schedule(&p.plan, as_of());
        assert!(s.is_none());
        let errors: Vec<_> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert_eq!(
            errors[0].message,
            "`2027-03-14 at 02:30` is 02:30 on Sun 14 Mar 2027, a time that does not exist in America/Chicago: the clocks skip it that night"
        );
    }

    #[test]
    fn steps_and_runbooks_are_anchors_for_prose() {
        let p = weekend();
        let s = schedule(&p.plan, as_of()).0.unwrap();
        let at = |a: &str| {
            let d = s.lookup(&p.plan, a).unwrap();
            format!("{} {}", d.date, d.time.unwrap().format("%H:%M"))
        };
        assert_eq!(at("convert.start"), "2027-01-16 06:00");
        assert_eq!(at("convert.end"), "2027-01-16 20:00");
        assert_eq!(at("convert"), "2027-01-16 20:00");
        assert_eq!(at("cutover"), "2027-01-16 20:00");
        assert_eq!(at("cutover.start"), "2027-01-15 18:00");
        assert!(
            s.lookup(&p.plan, "reopen")
                .unwrap_err()
                .contains("rollback step")
        );
        assert_eq!(
            s.lookup(&p.plan, "migration").unwrap().date.to_string(),
            "2027-01-16"
        );
    }
}
