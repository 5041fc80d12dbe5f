//! Plan + Schedule -> one flat row per task, in outline order: the shared
//! shape of the table, JSON, CSV and ICS exports.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::Plan;
use crate::schedule::Schedule;

/// One task with its computed dates, as the exports print it.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub phase: Option<&'a str>,
    pub parent: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub start: Option<NaiveDate>,
    pub due: NaiveDate,
    pub status: &'static str,
    pub overdue: bool,
    pub explanation: &'a str,
    pub start_explanation: Option<&'a str>,
    pub after: Vec<String>,
    /// The due date in the baseline (the latest approved version), if any.
    pub baseline_due: Option<NaiveDate>,
    /// From the progress events: the first `doing`, and the final `done`.
    pub actual_start: Option<String>,
    pub actual_finish: Option<String>,
    /// Working days the finish is late (positive) or early (negative)
    /// against the baseline due date.
    pub variance: Option<i64>,
    /// Nesting depth under parents (0 for a top-level task).
    #[serde(skip)]
    pub depth: usize,
    /// Index into `Plan::tasks`.
    #[serde(skip)]
    pub index: usize,
}

/// Rows in plan order (the order tasks were written).
pub fn in_plan_order<'a>(plan: &'a Plan, schedule: &'a Schedule) -> Vec<TaskRow<'a>> {
    let (depths, phases) = plan.depths_and_phases();
    let tracks = crate::progress::track(plan, schedule);
    plan.tasks
        .iter()
        .zip(&schedule.tasks)
        .zip(tracks)
        .enumerate()
        .map(|(i, ((t, d), tr))| TaskRow {
            id: &t.id.value,
            title: &t.title.value,
            phase: phases[i],
            parent: t.parent.as_ref().map(|p| p.value.as_str()),
            owner: t.owner.as_ref().map(|o| o.value.as_str()),
            start: d.start.as_ref().map(|s| s.date),
            due: d.due.date,
            status: t.status().as_str(),
            overdue: d.overdue,
            explanation: &d.due.explanation,
            start_explanation: d.start.as_ref().map(|s| s.explanation.as_str()),
            after: t.after_ids().into_iter().map(|a| a.value).collect(),
            baseline_due: tr.baseline_due,
            actual_start: tr.actual_start.map(|a| a.to_string()),
            actual_finish: tr.actual_finish.map(|a| a.to_string()),
            variance: tr.variance,
            depth: depths[i],
            index: i,
        })
        .collect()
}

/// Groups of rows by phase in the one order of [`crate::render::tasks`]
/// (phases as listed, tasks without a phase last under `None`); inside a
/// group each parent is followed by its sub-tasks, `depth` counted inside
/// the group.
pub fn by_phase<'a>(
    plan: &'a Plan,
    schedule: &'a Schedule,
) -> Vec<(Option<&'a str>, Vec<TaskRow<'a>>)> {
    let rows = in_plan_order(plan, schedule);
    crate::render::tasks::tree(plan, schedule)
        .into_iter()
        .map(|g| {
            let phase = g
                .phase
                .as_deref()
                .and_then(|name| plan.phases.iter().find(|p| p.value == name))
                .map(|p| p.value.as_str());
            let group = g
                .rows
                .iter()
                .map(|&(i, depth)| TaskRow {
                    depth: depth as usize,
                    ..rows[i].clone()
                })
                .collect();
            (phase, group)
        })
        .collect()
}
