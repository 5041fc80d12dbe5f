//! Schedule engine: a validated [`Plan`] and an as-of date -> a dated
//! [`Schedule`]. Pure: no I/O, no clock.
//!
//! Steps: parse every when-rule (`rule.rs`), build the dependency graph over
//! milestones, tasks and freeze windows and order it (cycles are errors),
//! resolve each date on the working calendar (`calendar.rs`), keeping for each
//! date the explanation of how it was computed; then the checks that need
//! dates (`after` order, freeze windows, overdue).

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::Plan;

/// A computed date and how it was computed, e.g.
/// "8 weeks before migration (Sat 16 Jan 2027) = Sat 21 Nov 2026, moved to the
/// previous working day (Fri 20 Nov 2026)".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Computed {
    pub date: NaiveDate,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MilestoneDate {
    pub id: String,
    pub when: Computed,
}

/// The dates of one task (index-aligned with `Plan::tasks`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskDates {
    pub start: Option<Computed>,
    pub due: Computed,
    /// Due before the as-of date and not done or skipped.
    pub overdue: bool,
}

/// A freeze window's start and end (index-aligned with `Plan::freeze`), local
/// time in the plan's time zone; a rule without `at HH:MM` means 00:00.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FreezeDates {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub start_explanation: String,
    pub end_explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub as_of: NaiveDate,
    /// In the order written.
    pub milestones: Vec<MilestoneDate>,
    pub tasks: Vec<TaskDates>,
    pub freezes: Vec<FreezeDates>,
}

/// Computes every date of the plan. Returns the schedule when there were no
/// errors, and every diagnostic (errors and warnings) found on the way.
pub fn schedule(plan: &Plan, as_of: NaiveDate) -> (Option<Schedule>, Vec<Diagnostic>) {
    let _ = (plan, as_of);
    todo!("schedule engine")
}
