//! Plan values -> the words readers see: the labels of statuses, roles,
//! priorities and methods, and the phrases for record counts and freeze
//! lengths. Both renderers (site and PDF) call these, so they say the same.

use chrono::NaiveDateTime;

use crate::model::{
    AddonStatus, Credentials, Decision, FreezeMode, Method, PlanStatus, Priority, Strategy,
    SystemRole, TaskStatus,
};

/// A plan's status in words: "Draft", "In review", "Approved". The site's
/// banner upper-cases it; the PDF's cover and metadata print it as is.
pub fn plan_status_label(s: PlanStatus) -> &'static str {
    match s {
        PlanStatus::Draft => "Draft",
        PlanStatus::Review => "In review",
        PlanStatus::Approved => "Approved",
    }
}

pub fn strategy_label(s: Strategy) -> &'static str {
    match s {
        Strategy::BigBang => "Big bang (one cutover)",
        Strategy::Parallel => "Parallel running",
        Strategy::Phased => "Phased",
    }
}

pub fn task_status_label(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Todo => "To do",
        TaskStatus::Doing => "In progress",
        TaskStatus::Done => "Done",
        TaskStatus::Blocked => "Blocked",
        TaskStatus::Skipped => "Skipped",
    }
}

/// A task's status as every output words it: "In progress", and
/// "In progress, overdue" when the task is late (the site shows the second
/// word as a badge of its own).
pub fn task_status_text(s: TaskStatus, overdue: bool) -> String {
    let label = task_status_label(s);
    if overdue {
        format!("{label}, {}", OVERDUE.to_lowercase())
    } else {
        label.to_string()
    }
}

/// The word for a task past its due date and neither done nor skipped.
pub const OVERDUE: &str = "Overdue";

pub fn role_label(r: SystemRole) -> &'static str {
    match r {
        SystemRole::Source => "Source",
        SystemRole::Target => "Target",
        SystemRole::Retained => "Retained",
        SystemRole::Retired => "Retired",
        SystemRole::Test => "Test environment",
    }
}

pub fn priority_label(p: Priority) -> &'static str {
    match p {
        Priority::Must => "Must have",
        Priority::Nice => "Nice to have",
        Priority::NotNeeded => "Not needed",
    }
}

pub fn method_label(m: Method) -> &'static str {
    match m {
        Method::Migrate => "Migrate",
        Method::ArchivePdf => "Archive as PDF",
        Method::RetainLegacy => "Keep in legacy system",
        Method::Discard => "Discard",
    }
}

pub fn freeze_mode_label(m: FreezeMode) -> &'static str {
    match m {
        FreezeMode::ReadOnly => "Read-only",
        FreezeMode::Offline => "Offline",
    }
}

pub fn credentials_label(c: Credentials) -> &'static str {
    match c {
        Credentials::Required => "Required",
        Credentials::NotRequired => "Not required",
    }
}

pub fn addon_status_label(s: AddonStatus) -> &'static str {
    match s {
        AddonStatus::Pending => "Pending",
        AddonStatus::Reconnected => "Reconnected",
        AddonStatus::Verified => "Verified",
        AddonStatus::Retired => "Retired",
    }
}

pub fn decision_label(d: Decision) -> &'static str {
    match d {
        Decision::Approved => "Approved",
        Decision::Rejected => "Rejected",
        Decision::ChangesRequested => "Changes requested",
    }
}

/// A milestone as pages show it: its `title` (v2), else its id as words.
pub fn milestone_label(plan: &crate::model::Plan, id: &str) -> String {
    match plan.milestone_titles.iter().find(|(m, _)| m == id) {
        Some((_, t)) => t.clone(),
        None => humanize(id),
    }
}

/// `test-conversion` -> "Test conversion": a milestone id as a heading.
pub fn humanize(id: &str) -> String {
    let spaced = id.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What a signer's block on the sign-off page says the signature means,
/// worded by the decision recorded (`None`: none yet; `stale`: recorded for
/// other content), so a block never reads "approved" above a refusal.
pub fn signoff_meaning(decision: Option<Decision>, stale: bool, version: &str) -> String {
    match decision {
        None => format!("Signing approves version {version} as the plan of record"),
        Some(_) if stale => format!(
            "Recorded for other content: version {version} still needs this signer's decision"
        ),
        Some(Decision::Approved) => format!("Approved as the plan of record, version {version}"),
        Some(Decision::ChangesRequested) => {
            format!("Changes requested: version {version} is not approved as the plan of record")
        }
        Some(Decision::Rejected) => {
            format!("Rejected: version {version} is not the plan of record")
        }
    }
}

/// How many records some datasets hold, from their counts (`None`: not
/// counted): "809,149 records", "12,450 records, 2 datasets not counted",
/// or "records not counted" when none is, never a misleading "0 records".
pub fn records_summary(counts: impl IntoIterator<Item = Option<u64>>) -> String {
    let (mut total, mut counted, mut uncounted) = (0u64, 0usize, 0usize);
    for c in counts {
        match c {
            Some(n) => {
                total = total.saturating_add(n);
                counted += 1;
            }
            None => uncounted += 1,
        }
    }
    if counted == 0 {
        return "records not counted".into();
    }
    let records = if total == 1 { "record" } else { "records" };
    let mut out = format!("{} {records}", thousands(total));
    match uncounted {
        0 => {}
        1 => out.push_str(", 1 dataset not counted"),
        n => out.push_str(&format!(", {n} datasets not counted")),
    }
    out
}

/// 12450 -> "12,450".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The length of a freeze window in days, hours and minutes of wall-clock
/// time, with the plan's time zone when it has one: "2 days 14 hours
/// (America/Chicago)", "1 day", "3 hours 30 minutes".
pub fn freeze_length(start: NaiveDateTime, end: NaiveDateTime, zone: Option<&str>) -> String {
    let minutes = (end - start).num_minutes().max(0);
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let unit = |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(unit(days, "day", "days"));
    }
    if hours > 0 {
        parts.push(unit(hours, "hour", "hours"));
    }
    if mins > 0 || parts.is_empty() {
        parts.push(unit(mins, "minute", "minutes"));
    }
    let mut out = parts.join(" ");
    if let Some(z) = zone.filter(|z| !z.trim().is_empty()) {
        out.push_str(&format!(" ({z})"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_counts_never_read_as_zero() {
        let cases: [(&[Option<u64>], &str); 6] = [
            (&[], "records not counted"),
            (&[None, None], "records not counted"),
            (&[Some(0)], "0 records"),
            (&[Some(1)], "1 record"),
            (&[Some(1_600_000), Some(450)], "1,600,450 records"),
            (
                &[Some(12_450), None, None],
                "12,450 records, 2 datasets not counted",
            ),
        ];
        for (counts, want) in cases {
            assert_eq!(records_summary(counts.iter().copied()), want, "{counts:?}");
        }
    }

    #[test]
    fn freeze_lengths_in_days_and_hours_with_the_zone() {
        let at = |d: &str| NaiveDateTime::parse_from_str(d, "%Y-%m-%d %H:%M").unwrap();
        let s = at("2027-01-15 18:00");
        let cases = [
            (
                "2027-01-18 08:00",
                Some("America/Chicago"),
                "2 days 14 hours (America/Chicago)",
            ),
            ("2027-01-16 18:00", None, "1 day"),
            ("2027-01-15 21:30", None, "3 hours 30 minutes"),
            ("2027-01-15 19:00", Some(""), "1 hour"),
            ("2027-01-15 18:00", None, "0 minutes"),
        ];
        for (end, zone, want) in cases {
            assert_eq!(freeze_length(s, at(end), zone), want);
        }
    }

    #[test]
    fn a_signature_means_what_was_decided() {
        let m = |d, stale| signoff_meaning(d, stale, "1.2.0");
        assert_eq!(
            m(Some(Decision::Approved), false),
            "Approved as the plan of record, version 1.2.0"
        );
        assert!(m(Some(Decision::ChangesRequested), false).starts_with("Changes requested: "));
        assert!(m(Some(Decision::Rejected), false).starts_with("Rejected: "));
        assert!(m(Some(Decision::Approved), true).starts_with("Recorded for other content"));
        assert!(m(None, false).starts_with("Signing approves"));
    }

    #[test]
    fn one_status_label_for_site_and_pdf() {
        assert_eq!(plan_status_label(PlanStatus::Review), "In review");
        assert_eq!(task_status_label(TaskStatus::Doing), "In progress");
    }
}
