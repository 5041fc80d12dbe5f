//! Actuals + schedule + baseline -> one tracking row per task: baseline and
//! current due date, actual start and finish, variance in working days, and
//! whether the work is late. The views, exports and status report all read
//! these rows.

use chrono::NaiveDate;
use serde::Serialize;

use crate::baseline::Baseline;
use crate::model::{At, Plan, TaskStatus};
use crate::schedule::{Calendar, Schedule};

/// One task's progress against its plan (index-aligned with `Plan::tasks`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Track {
    /// The due date in the baseline (None: no baseline, or a task added since).
    pub baseline_due: Option<NaiveDate>,
    /// The due date in the current plan.
    pub due: NaiveDate,
    /// The current due date differs from the baseline's.
    pub moved: bool,
    pub actual_start: Option<At>,
    pub actual_finish: Option<At>,
    /// Working days the finish is past (positive) or before (negative) the
    /// baseline due date; None until finished against a baseline.
    pub variance: Option<i64>,
    /// The task's status (its last progress event's, else as written).
    pub status: TaskStatus,
    /// Open and due before the as-of date.
    pub overdue: bool,
    /// Finished late (positive variance) or overdue.
    pub late: bool,
}

/// Variance in working days: for a finish after the due date, the working
/// days d with due < d <= finish; for one before it, minus those with
/// finish < d <= due; 0 on the same day.
pub fn variance(cal: &Calendar, due: NaiveDate, finish: NaiveDate) -> i64 {
    if finish > due {
        cal.working_days_in(due, finish) as i64
    } else {
        -(cal.working_days_in(finish, due) as i64)
    }
}

/// Every task's tracking row.
pub fn track(plan: &Plan, schedule: &Schedule) -> Vec<Track> {
    let cal = Calendar::from_def(&plan.calendar);
    let baseline: Option<&Baseline> = schedule.baseline.as_ref();
    plan.tasks
        .iter()
        .zip(&schedule.tasks)
        .enumerate()
        .map(|(i, (t, d))| {
            let actual = schedule.actuals.get(i).cloned().unwrap_or_default();
            let baseline_due = baseline.and_then(|b| b.due.get(&t.id.value).copied());
            let variance = match (baseline_due, actual.finish) {
                (Some(due), Some(f)) => Some(variance(&cal, due, f.date())),
                _ => None,
            };
            Track {
                baseline_due,
                due: d.due.date,
                moved: baseline_due.is_some_and(|b| b != d.due.date),
                actual_start: actual.start,
                actual_finish: actual.finish,
                variance,
                status: t.status(),
                overdue: d.overdue,
                late: d.overdue || variance.is_some_and(|v| v > 0),
            }
        })
        .collect()
}

/// "3 working days late", "1 working day early", "on time".
pub fn variance_words(v: i64) -> String {
    let n = v.unsigned_abs();
    let days = if n == 1 {
        "working day"
    } else {
        "working days"
    };
    match v {
        0 => "on time".to_string(),
        v if v > 0 => format!("{n} {days} late"),
        _ => format!("{n} {days} early"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Worked by hand on a Monday-to-Friday calendar with 2026-12-25 (a
    /// Friday) and 2027-01-01 (a Friday) as holidays.
    #[test]
    fn variance_across_weekends_and_holidays() {
        let cal = Calendar::new(
            &[true, true, true, true, true, false, false],
            vec![d("2026-12-25"), d("2027-01-01")],
        );
        let cases = [
            ("2026-12-23", "2026-12-23", 0),
            // Due Thu 24 Dec, done Mon 28 Dec: Fri 25 (holiday), Sat, Sun
            // do not count; Mon 28 does.
            ("2026-12-24", "2026-12-28", 1),
            // Due Fri 18 Dec, done Sat 19 Dec: a weekend day costs nothing.
            ("2026-12-18", "2026-12-19", 0),
            // Due Wed 30 Dec, done Mon 4 Jan: Thu 31, (Fri 1 Jan holiday), Mon 4.
            ("2026-12-30", "2027-01-04", 2),
            // Early: due Mon 4 Jan, done Wed 30 Dec: Thu 31 and Mon 4 count.
            ("2027-01-04", "2026-12-30", -2),
            // Early by a weekend only: due Mon 11 Jan, done Sat 9 Jan.
            ("2027-01-11", "2027-01-09", -1),
        ];
        for (due, finish, v) in cases {
            assert_eq!(
                variance(&cal, d(due), d(finish)),
                v,
                "due {due}, finish {finish}"
            );
        }
        assert_eq!(variance_words(1), "1 working day late");
        assert_eq!(variance_words(-2), "2 working days early");
        assert_eq!(variance_words(0), "on time");
    }
}
