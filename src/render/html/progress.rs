//! Tracking rows ([`Track`]) -> what the pages show of the plan in motion:
//! baseline and current due date, actual start and finish, variance in
//! working days, late work called out.

use serde::Serialize;

use crate::model::At;
use crate::progress::Track;
use crate::progress::track::variance_words;

use super::dates::DateView;

/// One task's progress, as the schedule page, task lists and the status
/// page show it.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressView {
    /// The due date in the baseline (None: no baseline yet, or a task added
    /// since the approved version).
    pub baseline_due: Option<DateView>,
    /// The current due date differs from the baseline's.
    pub moved: bool,
    pub actual_start: Option<DateView>,
    pub actual_finish: Option<DateView>,
    /// Working days late (positive) or early (negative) against the baseline.
    pub variance: Option<i64>,
    /// "2 working days late", "on time", "1 working day early".
    pub variance_label: Option<String>,
    /// Finished late, or overdue: the pages call it out.
    pub late: bool,
    /// The last progress event's note.
    pub note: Option<String>,
}

/// The plan's baseline as pages mention it.
#[derive(Debug, Clone, Serialize)]
pub struct BaselineView {
    /// The approved version the baseline comes from; None: no baseline yet.
    pub version: Option<String>,
    /// A sentence for the page: "Measured against version 1.0.0, ..." or
    /// "No baseline yet: ...".
    pub text: String,
}

pub fn baseline_view(version: Option<&str>) -> BaselineView {
    BaselineView {
        version: version.map(str::to_string),
        text: match version {
            Some(v) => format!(
                "Progress is measured against version {v}, the latest approved version (the baseline)."
            ),
            None => "No baseline yet: no version has been approved, so dates are not compared with an approved plan.".into(),
        },
    }
}

fn at_view(a: &At) -> DateView {
    if a.timed {
        DateView::at(a.at)
    } else {
        DateView::day(a.date())
    }
}

/// The task's progress, or None when there is nothing to show (no
/// baseline, no events, not late): pages of a plan that has not started
/// carry nothing extra.
pub fn view(t: &Track, note: Option<&str>) -> Option<ProgressView> {
    let empty = t.baseline_due.is_none()
        && t.actual_start.is_none()
        && t.actual_finish.is_none()
        && !t.late
        && note.is_none();
    if empty {
        return None;
    }
    Some(ProgressView {
        baseline_due: t.baseline_due.map(DateView::day),
        moved: t.moved,
        actual_start: t.actual_start.as_ref().map(at_view),
        actual_finish: t.actual_finish.as_ref().map(at_view),
        variance: t.variance,
        variance_label: t.variance.map(variance_words),
        late: t.late,
        note: note.map(str::to_string),
    })
}
