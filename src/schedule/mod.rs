//! Schedule engine: a validated [`Plan`] and an as-of date -> a dated
//! [`Schedule`]. Pure: no I/O, no clock.
//!
//! Steps: parse every when-rule (`rule.rs`), build the dependency graph over
//! milestones, tasks and freeze windows and order it (cycles are errors),
//! resolve each date on the working calendar (`calendar.rs`), keeping for each
//! date the explanation of how it was computed; then the checks that need
//! dates (`after` order, freeze windows, overdue).
//!
//! ```text
//! rule.rs (+ hints.rs)  when-rule text     -> Rule, or an error inside the text
//! calendar.rs           calendar:          -> working-day arithmetic
//! ids.rs                milestone/task ids -> lookup, "did you mean"
//! nodes.rs              Plan               -> date graph (rule + anchor per date,
//!                                             runbook steps and ends)
//! graph.rs              graph              -> dependency order, cycles
//! resolve.rs            graph + calendar   -> dates + explanations, step times
//! checks.rs             dates              -> after/start/freeze warnings
//! lookup.rs             anchor in prose    -> its date (`Schedule::lookup`)
//! runbook.rs            start + steps + tz -> step times to the minute
//! runbooks.rs           runbooks + dates   -> critical path, rollback, forecast
//! runbook_checks.rs     runbook times      -> freeze/rollback/gate warnings
//! ```

mod calendar;
mod checks;
mod graph;
mod hints;
mod ids;
mod lookup;
mod nodes;
mod resolve;
mod rule;
mod runbook;
mod runbook_checks;
mod runbooks;
#[cfg(test)]
pub(crate) mod testplan;
#[cfg(test)]
mod tests;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::diag::{self, Diagnostic, Location, Severity};
use crate::model::Plan;

pub use calendar::{CalError, Calendar};
pub use lookup::AnchorDate;
pub use rule::{
    Anchor, Base, Dir, Field, Offset, Rule, RuleError, Span, Unit, parse as parse_rule,
};

pub use runbooks::{Forecast, RunbookTimes, StepTimes, latest_rehearsal};

use nodes::Node;
use resolve::Dates;

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
    /// Index-aligned with `Plan::runbooks`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub runbooks: Vec<RunbookTimes>,
    /// What the progress events say about each task (index-aligned with
    /// `tasks`; filled in by [`crate::compile`], empty until then).
    pub actuals: Vec<crate::progress::Actual>,
    /// The approved schedule progress is measured against, if any (read
    /// from the archive by [`crate::compile`]).
    #[serde(skip)]
    pub baseline: Option<crate::baseline::Baseline>,
    /// Milestone and task ids -> their dates, built once so that prose
    /// anchors ([`Schedule::lookup`]) cost O(1) each.
    #[serde(skip)]
    index: ids::IdIndex,
}

/// Computes every date of the plan. Returns the schedule when there were no
/// errors, and every diagnostic (errors and warnings) found on the way, in
/// the order found (callers sort with `diag::sort`). Overdue tasks are
/// flagged in [`TaskDates::overdue`], not reported: being late is the plan's
/// state, not a mistake in it.
pub fn schedule(plan: &Plan, as_of: NaiveDate) -> (Option<Schedule>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let ids = ids::Ids::new(plan);
    let cal = Calendar::from_def(&plan.calendar);
    let tz = runbooks::timezone(plan, &mut diags);
    let graph = nodes::build(plan, &ids, &mut diags);
    let dates = resolve::resolve(plan, &graph, &cal, tz, &mut diags);
    checks::run(plan, &ids, &graph, &dates, &mut diags);
    let runbooks = runbooks::compute(plan, &graph, &dates, tz);
    runbook_checks::run(plan, &dates, &runbooks, &mut diags);
    if diag::has_errors(&diags) {
        return (None, diags);
    }
    let schedule = assemble(plan, &dates, runbooks, as_of, ids);
    if schedule.is_none() {
        // Unreachable when every failure is reported; never hand out holes.
        diags.push(Diagnostic::new(
            Severity::Error,
            Location::Project,
            "some dates of the plan could not be computed",
        ));
    }
    (schedule, diags)
}

fn assemble(
    plan: &Plan,
    dates: &Dates,
    runbooks: Vec<RunbookTimes>,
    as_of: NaiveDate,
    ids: ids::Ids<'_>,
) -> Option<Schedule> {
    let milestones = plan
        .milestones
        .iter()
        .enumerate()
        .map(|(i, (id, _))| {
            Some(MilestoneDate {
                id: id.value.clone(),
                when: dates.get(Node::Milestone(i))?.clone(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let tasks = plan
        .tasks
        .iter()
        .enumerate()
        .map(|(i, task)| {
            let due = dates.get(Node::Due(i))?.clone();
            Some(TaskDates {
                start: dates.get(Node::Start(i)).cloned(),
                overdue: due.date < as_of && !task.status().is_closed(),
                due,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let freezes = (0..plan.freeze.len())
        .map(|i| {
            let (start, end) = (Node::FreezeStart(i), Node::FreezeEnd(i));
            Some(FreezeDates {
                start: dates.at(start)?,
                end: dates.at(end)?,
                start_explanation: dates.get(start)?.explanation.clone(),
                end_explanation: dates.get(end)?.explanation.clone(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Schedule {
        as_of,
        milestones,
        tasks,
        freezes,
        runbooks,
        actuals: vec![Default::default(); plan.tasks.len()],
        baseline: None,
        index: ids::IdIndex::new(ids),
    })
}

/// A date as explanations print it: `Sat 16 Jan 2027` (chrono's
/// `%a %-d %b %Y`, written out directly: every explanation prints dates,
/// and parsing the format string each time was half of resolving them).
pub fn fmt_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return d.format("%a %-d %b %Y").to_string();
    }
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let mut s = String::with_capacity(16);
    s.push_str(DAYS[d.weekday().num_days_from_monday() as usize]);
    s.push(' ');
    if d.day() >= 10 {
        s.push(digit(d.day() / 10));
    }
    s.push(digit(d.day()));
    s.push(' ');
    s.push_str(MONTHS[d.month0() as usize]);
    s.push(' ');
    let y = year as u32;
    for div in [1000, 100, 10, 1] {
        s.push(digit(y / div));
    }
    s
}

#[cfg(test)]
mod fmt_date_tests {
    use chrono::NaiveDate;

    #[test]
    fn writes_what_chrono_writes() {
        let mut d = NaiveDate::from_ymd_opt(1890, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2210, 12, 31).unwrap();
        while d <= end {
            assert_eq!(super::fmt_date(d), d.format("%a %-d %b %Y").to_string());
            d = d.succ_opt().unwrap();
        }
        for (y, m, day) in [
            (0, 1, 1),
            (5, 3, 9),
            (999, 12, 31),
            (9999, 12, 31),
            (-1, 1, 1),
            (10000, 1, 1),
        ] {
            let d = NaiveDate::from_ymd_opt(y, m, day).unwrap();
            assert_eq!(super::fmt_date(d), d.format("%a %-d %b %Y").to_string());
        }
    }
}
