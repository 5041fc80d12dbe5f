//! Status report: a compiled plan and an as-of date -> one typed
//! [`StatusReport`] (done since the previous report, in progress, blocked,
//! overdue, due in the next two weeks, variance against the baseline,
//! sign-offs outstanding, open risks). Renderers sit beside it:
//!
//! ```text
//! text.rs   StatusReport -> plain text, or Markdown for a weekly e-mail
//! pdf.rs    StatusReport -> a short PDF, through the PDF engine
//! ```
//! and the HTML page in `render/html/status.rs`.

pub mod pdf;
pub mod text;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::hash::ContentHash;
use crate::model::{Decision, Plan, RiskStatus, TaskStatus};
use crate::progress::{Track, track};
use crate::schedule::Schedule;

/// How far ahead "due soon" looks.
pub const DUE_SOON_DAYS: u64 = 14;

#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub title: String,
    pub client: Option<String>,
    pub version: String,
    pub as_of: NaiveDate,
    /// The previous report's as-of date, or the project start: "done since".
    pub since: Option<NaiveDate>,
    /// The approved version progress is measured against, if any.
    pub baseline: Option<String>,
    /// Finished after `since` (up to the as-of date).
    pub done: Vec<Item>,
    pub in_progress: Vec<Item>,
    pub blocked: Vec<Item>,
    pub overdue: Vec<Item>,
    /// Open, due after the as-of date and within two weeks of it.
    pub due_soon: Vec<Item>,
    /// Finished tasks whose finish differs from the baseline's due date.
    pub variance: Vec<Item>,
    pub signoffs_outstanding: Vec<Person>,
    pub open_risks: Vec<RiskItem>,
}

/// One task as the report lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub status: TaskStatus,
    pub due: NaiveDate,
    pub baseline_due: Option<NaiveDate>,
    pub actual_start: Option<String>,
    pub actual_finish: Option<String>,
    /// Working days late (positive) or early (negative) against the baseline.
    pub variance: Option<i64>,
    /// The last progress note.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskItem {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub likelihood: Option<String>,
    pub impact: Option<String>,
}

/// The report as of the schedule's as-of date. `previous`: the as-of date
/// of the previous report; without one, "done" counts from the project
/// start (the `project-start` milestone, else every finished task).
/// `hash`: the content hash, to leave stale approvals out of the sign-offs
/// (without it, every approval for this version counts).
pub fn build(
    plan: &Plan,
    schedule: &Schedule,
    hash: Option<&ContentHash>,
    previous: Option<NaiveDate>,
) -> StatusReport {
    let as_of = schedule.as_of;
    let tracks = track(plan, schedule);
    let since = previous.or_else(|| {
        schedule
            .milestones
            .iter()
            .find(|m| m.id == "project-start")
            .map(|m| m.when.date)
    });
    let item = |i: usize, t: &Track| {
        let task = &plan.tasks[i];
        Item {
            id: task.id.value.clone(),
            title: task.title.value.clone(),
            owner: task.owner.as_ref().map(|o| o.value.to_string()),
            status: t.status,
            due: t.due,
            baseline_due: t.baseline_due,
            actual_start: t.actual_start.map(|a| a.to_string()),
            actual_finish: t.actual_finish.map(|a| a.to_string()),
            variance: t.variance,
            note: schedule.actuals.get(i).and_then(|a| a.note.clone()),
        }
    };
    let pick = |keep: &dyn Fn(&Track) -> bool| -> Vec<Item> {
        let mut v: Vec<(usize, &Track)> =
            tracks.iter().enumerate().filter(|(_, t)| keep(t)).collect();
        v.sort_by_key(|(i, t)| (t.due, *i));
        v.into_iter().map(|(i, t)| item(i, t)).collect()
    };
    let soon = as_of + Days::new(DUE_SOON_DAYS);
    let done = pick(&|t| {
        t.status == TaskStatus::Done
            && match (t.actual_finish, previous) {
                (Some(f), _) => since.is_none_or(|s| f.date() >= s) && f.date() <= as_of,
                // Done as written, with no dated event: only the first
                // report (since the project start) can claim it.
                (None, None) => true,
                (None, Some(_)) => false,
            }
    });
    let in_progress = pick(&|t| t.status == TaskStatus::Doing);
    let blocked = pick(&|t| t.status == TaskStatus::Blocked);
    let overdue = pick(&|t| t.overdue);
    let due_soon = pick(&|t| !t.status.is_closed() && t.due > as_of && t.due <= soon);
    let variance = pick(&|t| t.variance.is_some_and(|v| v != 0));

    let version = &plan.meta.version.value.0;
    let decisions = crate::validate::current_decisions(plan, version);
    let signoffs_outstanding = plan
        .stakeholders
        .iter()
        .filter(|s| s.signs)
        .filter(|s| {
            !decisions.get(s.id.value.as_str()).is_some_and(|d| {
                d.decision.value == Decision::Approved
                    && !hash.is_some_and(|h| crate::validate::is_stale(d, h))
            })
        })
        .map(|s| Person {
            id: s.id.value.clone(),
            name: s
                .name
                .as_ref()
                .map_or_else(|| s.id.value.clone(), |n| n.value.clone()),
        })
        .collect();
    let open_risks = plan
        .risks
        .iter()
        .filter(|r| {
            r.status
                .as_ref()
                .is_none_or(|s| s.value == RiskStatus::Open)
        })
        .map(|r| RiskItem {
            id: r.id.value.clone(),
            title: r.title.value.clone(),
            owner: r.owner.as_ref().map(|o| o.value.clone()),
            likelihood: r.likelihood.as_ref().map(|l| l.value.to_string()),
            impact: r.impact.as_ref().map(|l| l.value.to_string()),
        })
        .collect();
    StatusReport {
        title: plan.meta.title.value.clone(),
        client: plan.meta.client.as_ref().map(|c| c.value.clone()),
        version: version.to_string(),
        as_of,
        since,
        baseline: schedule.baseline.as_ref().map(|b| b.version.clone()),
        done,
        in_progress,
        blocked,
        overdue,
        due_soon,
        variance,
        signoffs_outstanding,
        open_risks,
    }
}

impl StatusReport {
    /// The report's sections of tasks, in print order: (a short key for
    /// anchors, the heading, the tasks).
    pub fn task_sections(&self) -> [(&'static str, String, &[Item]); 6] {
        [
            ("overdue", "Overdue".into(), &self.overdue),
            ("blocked", "Blocked".into(), &self.blocked),
            ("in-progress", "In progress".into(), &self.in_progress),
            (
                "due-soon",
                "Due in the next two weeks".into(),
                &self.due_soon,
            ),
            ("done", self.done_heading(), &self.done),
            (
                "variance",
                "Variance against the baseline".into(),
                &self.variance,
            ),
        ]
    }

    /// The "Done" heading with its period.
    pub fn done_heading(&self) -> String {
        match self.since {
            Some(s) => format!("Done since {s}"),
            None => "Done".to_string(),
        }
    }
}
