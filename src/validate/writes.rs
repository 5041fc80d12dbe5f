//! Plan + Schedule -> a warning for each task that `writes` a system on a
//! day when a `read-only` or `offline` freeze window of that system is on
//! (v2): work that changes a frozen system must be finished before the
//! freeze. (Unknown inventory ids are `refs`' to report.)

use chrono::NaiveTime;

use crate::diag::Diagnostic;
use crate::model::Plan;
use crate::schedule::{Schedule, fmt_date};

pub fn check(plan: &Plan, schedule: &Schedule, out: &mut Vec<Diagnostic>) {
    for (t, d) in plan.tasks.iter().zip(&schedule.tasks) {
        if t.writes.is_empty() || t.status().is_closed() {
            continue;
        }
        let due = d.due.date;
        let start = d.start.as_ref().map_or(due, |s| s.date.min(due));
        // The task's days as [first 00:00, day after the last 00:00).
        let (from, until) = (
            start.and_time(NaiveTime::MIN),
            due.succ_opt().unwrap_or(due).and_time(NaiveTime::MIN),
        );
        for sys in &t.writes {
            let hit = plan.freeze.iter().zip(&schedule.freezes).find(|(f, w)| {
                f.systems.iter().any(|s| s.value == sys.value) && w.start < until && from < w.end
            });
            if let Some((f, w)) = hit {
                let mode = f.mode.as_ref().map_or("read-only", |m| m.value.as_str());
                out.push(
                    Diagnostic::warning(
                        sys.pos,
                        format!(
                            "task `{}` writes `{}` (due {}) during the {mode} freeze `{}` ({} to {})",
                            t.id.value,
                            sys.value,
                            fmt_date(due),
                            f.name.value,
                            w.start.format("%a %-d %b %Y %H:%M"),
                            w.end.format("%a %-d %b %Y %H:%M"),
                        ),
                    )
                    .with_note(Some(f.name.pos), "the freeze window")
                    .with_hint("finalize before the freeze: make the task due before the window starts, or take the system out of `writes`"),
                );
            }
        }
    }
}
