//! Tasks that `writes` a system + the freeze windows of that system ->
//! a warning for each task that would change the system while it is
//! frozen ("finalize before the freeze", seed 002).
//!
//! A task occupies whole days, its start day (or its due day) to its due
//! day. It clashes with a freeze window of one of the systems it writes
//! when the window covers part of those days that the task cannot work
//! around: a window that starts during the due day (after 00:00) leaves
//! the morning to finish in, and one that ends during the start day leaves
//! the rest of the day to start in; anything more is a clash. Any freeze
//! counts (`read-only` and `offline` alike, or no mode written): a frozen
//! system is not written to.

use chrono::{Days, NaiveDate, NaiveDateTime};

use super::fmt_date;
use super::nodes::Node;
use super::resolve::Dates;
use crate::diag::Diagnostic;
use crate::model::Plan;

fn fmt_at(at: NaiveDateTime) -> String {
    format!("{} {}", fmt_date(at.date()), at.format("%H:%M"))
}

/// Whether a task on the days `first..=last` clashes with a freeze from
/// `start` to `end` (local times).
pub fn clashes(
    first: NaiveDate,
    last: NaiveDate,
    start: NaiveDateTime,
    end: NaiveDateTime,
) -> bool {
    let midnight = |d: NaiveDate| d.and_time(chrono::NaiveTime::MIN);
    let after_first = first
        .checked_add_days(Days::new(1))
        .map_or(NaiveDateTime::MAX, midnight);
    start <= midnight(last) && end >= after_first
}

pub fn run(plan: &Plan, dates: &Dates, diags: &mut Vec<Diagnostic>) {
    for (i, task) in plan.tasks.iter().enumerate() {
        if task.writes.is_empty() {
            continue;
        }
        let Some(due) = dates.get(Node::Due(i)).map(|c| c.date) else {
            continue;
        };
        let first = dates.get(Node::Start(i)).map_or(due, |c| c.date.min(due));
        for w in &task.writes {
            for (f, freeze) in plan.freeze.iter().enumerate() {
                if !freeze.systems.iter().any(|s| s.value == w.value) {
                    continue;
                }
                let (Some(start), Some(end)) =
                    (dates.at(Node::FreezeStart(f)), dates.at(Node::FreezeEnd(f)))
                else {
                    continue;
                };
                if !clashes(first, due, start, end) {
                    continue;
                }
                let mode = freeze
                    .mode
                    .as_ref()
                    .map_or(String::new(), |m| format!("{}, ", m.value.as_str()));
                let days = if first == due {
                    format!("on {}", fmt_date(due))
                } else {
                    format!("from {} to {}", fmt_date(first), fmt_date(due))
                };
                diags.push(
                    Diagnostic::warning(
                        w.pos,
                        format!(
                            "task `{}` writes `{}` {days}, during freeze window `{}` ({mode}{} to {})",
                            task.id.value,
                            w.value,
                            freeze.name.value,
                            fmt_at(start),
                            fmt_at(end)
                        ),
                    )
                    .with_hint(format!(
                        "finish it before the freeze starts ({}), or start it after the freeze ends ({})",
                        fmt_at(start),
                        fmt_at(end)
                    ))
                    .with_note(Some(freeze.name.pos), "the freeze window"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::clashes;
    use chrono::{NaiveDate, NaiveDateTime};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn a_task_clashes_only_where_it_cannot_work_around_the_freeze() {
        // Freeze Fri 15 Jan 18:00 to Mon 18 Jan 07:00.
        let (s, e) = (t("2027-01-15 18:00"), t("2027-01-18 07:00"));
        // Due on the Friday: the day before 18:00 is free.
        assert!(!clashes(d("2027-01-15"), d("2027-01-15"), s, e));
        // Starting on the Monday: after 07:00 is free.
        assert!(!clashes(d("2027-01-18"), d("2027-01-18"), s, e));
        // The Saturday, and a span across the weekend, clash.
        assert!(clashes(d("2027-01-16"), d("2027-01-16"), s, e));
        assert!(clashes(d("2027-01-14"), d("2027-01-19"), s, e));
        // Before and after: no clash.
        assert!(!clashes(d("2027-01-11"), d("2027-01-14"), s, e));
        assert!(!clashes(d("2027-01-19"), d("2027-01-20"), s, e));
        // A freeze from 00:00 takes the whole day.
        assert!(clashes(
            d("2027-01-15"),
            d("2027-01-15"),
            t("2027-01-15 00:00"),
            e
        ));
    }
}
