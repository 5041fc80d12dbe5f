//! Progress: the plan's `progress:` events -> each task's actual status,
//! start and finish (the plan in motion). Pure: the as-of date and the
//! baseline are inputs.
//!
//! ```text
//! mod.rs       progress events           -> Actual per task (status, start, finish)
//! check.rs     events + dates            -> diagnostics (ids, dates, gates)
//! track.rs     actuals + baseline        -> per-task tracking rows (variance, late)
//! append.rs    progress.yaml text + event -> the text with the event appended
//! ```
//!
//! Events are ordered by `at` (a date alone is 00:00), ties by file order.
//! The last event's status is the task's status, overriding the one written
//! on the task; the actual start is the earliest `doing`, the actual finish
//! the last event's `at` when that event is `done`.

pub mod append;
pub mod check;
pub mod track;

use serde::Serialize;

use crate::model::{At, Plan, TaskStatus};

pub use track::{Track, track};

/// What the events say about one task (index-aligned with `Plan::tasks`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Actual {
    /// The status of the last event, when there is one.
    pub status: Option<TaskStatus>,
    /// The earliest `doing` event.
    pub start: Option<At>,
    /// The last event's `at`, when it is `done`.
    pub finish: Option<At>,
    /// The last event's note, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the last event's `status` was written.
    #[serde(skip)]
    pub status_pos: crate::diag::Pos,
}

/// Indexes into `plan.progress`, ordered by `at`, ties in file order.
pub fn ordered(plan: &Plan) -> Vec<usize> {
    let mut order: Vec<usize> = (0..plan.progress.len()).collect();
    // A stable sort keeps file order among events at the same moment.
    order.sort_by_key(|&i| plan.progress[i].at.value.at);
    order
}

/// Every task's actuals from the events (events naming no task are the
/// checks' to report, and are skipped here).
pub fn actuals(plan: &Plan) -> Vec<Actual> {
    let index = plan.task_index();
    let mut out = vec![Actual::default(); plan.tasks.len()];
    for i in ordered(plan) {
        let e = &plan.progress[i];
        let (Some(&t), Some(status)) = (index.get(e.task.value.as_str()), &e.status) else {
            continue;
        };
        let a = &mut out[t];
        a.status = Some(status.value);
        a.status_pos = status.pos;
        if status.value == TaskStatus::Doing && a.start.is_none() {
            a.start = Some(e.at.value);
        }
        a.finish = (status.value == TaskStatus::Done).then_some(e.at.value);
        a.note = e.note.as_ref().map(|n| n.value.clone());
    }
    out
}

/// What happened to a runbook step: its actual times and, for a gate, the
/// last decision.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepActual {
    pub start: Option<At>,
    pub finish: Option<At>,
    /// A gate's last decision, who made it and when.
    pub decision: Option<(crate::model::GateDecision, Option<String>, At)>,
}

/// Each runbook step's actuals from the events, by step id.
pub fn step_actuals(plan: &Plan) -> std::collections::HashMap<String, StepActual> {
    let steps: std::collections::HashSet<&str> = plan
        .runbooks
        .iter()
        .flat_map(|rb| rb.all_steps())
        .map(|s| s.id.value.as_str())
        .collect();
    let mut out: std::collections::HashMap<String, StepActual> = Default::default();
    for i in ordered(plan) {
        let e = &plan.progress[i];
        if !steps.contains(e.task.value.as_str()) {
            continue;
        }
        let a = out.entry(e.task.value.clone()).or_default();
        if let Some(status) = &e.status {
            if status.value == TaskStatus::Doing && a.start.is_none() {
                a.start = Some(e.at.value);
            }
            a.finish = (status.value == TaskStatus::Done).then_some(e.at.value);
        }
        if let Some(d) = &e.decision {
            a.decision = Some((d.value, e.by.as_ref().map(|b| b.value.clone()), e.at.value));
        }
    }
    out
}

/// Writes each task's status as its last event says (keeping the event's
/// position, so later messages point at the event that set it).
pub fn apply(plan: &mut Plan, actuals: &[Actual]) {
    for (t, a) in plan.tasks.iter_mut().zip(actuals) {
        if let Some(status) = a.status {
            t.status = Some(crate::model::Sp::new(status, a.status_pos));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ProgressEvent, Sp};
    use crate::schedule::testplan::TestPlan;

    fn event(task: &str, at: &str, status: TaskStatus) -> ProgressEvent {
        ProgressEvent {
            task: Sp::new(task.into(), Default::default()),
            at: Sp::new(At::parse(at).unwrap(), Default::default()),
            status: Some(Sp::new(status, Default::default())),
            by: None,
            note: None,
            decision: None,
        }
    }

    #[test]
    fn last_event_wins_first_doing_starts_last_done_finishes() {
        use TaskStatus::*;
        let mut p = TestPlan::new()
            .task("a", &[("due", "2027-01-10")])
            .task("b", &[("due", "2027-01-10")])
            .task("c", &[("due", "2027-01-10"), ("status", "done")])
            .plan;
        p.progress = vec![
            // Written out of order: ordered by `at`.
            event("a", "2027-01-05 10:00", Done),
            event("a", "2027-01-02", Doing),
            event("a", "2027-01-03", Blocked),
            event("a", "2027-01-04", Doing),
            // Same moment: file order decides.
            event("b", "2027-01-06", Done),
            event("b", "2027-01-06", Doing),
        ];
        let act = actuals(&p);
        assert_eq!(act[0].status, Some(Done));
        assert_eq!(act[0].start.unwrap().to_string(), "2027-01-02");
        assert_eq!(act[0].finish.unwrap().to_string(), "2027-01-05 10:00");
        assert_eq!(act[1].status, Some(Doing));
        assert_eq!(act[1].finish, None, "the last event is not done");
        assert_eq!(act[2], Actual::default(), "no events: as written");
        apply(&mut p, &act);
        assert_eq!(p.tasks[0].status(), Done);
        assert_eq!(p.tasks[1].status(), Doing);
        assert_eq!(p.tasks[2].status(), Done);
    }
}
