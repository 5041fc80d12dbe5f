//! Plan + Schedule -> an iCalendar file (RFC 5545): one all-day event per
//! task due date and per milestone, and a timed event per freeze window and
//! per runbook step (UTC times; UIDs from the ids, stable across builds).

use chrono::{NaiveDate, NaiveDateTime, TimeZone};

use crate::model::Plan;
use crate::schedule::Schedule;

use super::rows;

pub fn render(plan: &Plan, schedule: &Schedule) -> Vec<u8> {
    let domain = format!("{}.migplan", super::slug(&plan.meta.title.value));
    let stamp = format!(
        "{}T000000Z",
        compact(super::document_date(plan, schedule.as_of))
    );
    let tz_name = plan.calendar.timezone.as_ref().map(|t| t.value.as_str());
    let tz: Option<chrono_tz::Tz> = tz_name.and_then(|n| n.parse().ok());
    let title = &plan.meta.title.value;

    let mut ics = Ics::default();
    ics.line("BEGIN:VCALENDAR");
    ics.line("VERSION:2.0");
    ics.line(&format!(
        "PRODID:-//migplan//migplan {}//EN",
        env!("CARGO_PKG_VERSION")
    ));
    ics.line("CALSCALE:GREGORIAN");
    ics.line("METHOD:PUBLISH");
    ics.line(&format!(
        "X-WR-CALNAME:{}",
        text(&format!("{title} {}", plan.meta.version.value))
    ));
    if let Some(name) = tz_name {
        ics.line(&format!("X-WR-TIMEZONE:{}", text(name)));
    }
    for m in &schedule.milestones {
        ics.all_day(
            &format!("milestone-{}@{domain}", m.id),
            &stamp,
            m.when.date,
            &format!("Milestone: {}", m.id),
            &m.when.explanation,
            Some("Milestone"),
        );
    }
    for r in rows::in_plan_order(plan, schedule) {
        let mut desc = format!("Due: {}", r.explanation);
        if let Some(s) = r.start_explanation {
            desc.push_str(&format!("\nStart: {s}"));
        }
        if let Some(o) = r.owner {
            desc.push_str(&format!("\nOwner: {o}"));
        }
        desc.push_str(&format!("\nStatus: {}", r.status));
        if r.overdue {
            desc.push_str(" (overdue)");
        }
        ics.all_day(
            &format!("task-{}@{domain}", r.id),
            &stamp,
            r.due,
            r.title,
            &desc,
            r.phase,
        );
    }
    let uids = freeze_uids(plan.freeze.iter().map(|f| f.name.value.as_str()));
    for ((f, d), uid) in plan.freeze.iter().zip(&schedule.freezes).zip(&uids) {
        ics.line("BEGIN:VEVENT");
        ics.line(&format!("UID:{uid}@{domain}"));
        ics.line(&format!("DTSTAMP:{stamp}"));
        ics.line(&format!("DTSTART:{}", utc(d.start, tz)));
        ics.line(&format!("DTEND:{}", utc(d.end, tz)));
        ics.line(&format!(
            "SUMMARY:{}",
            text(&format!("Data freeze: {}", f.name.value))
        ));
        let mode = f.mode.as_ref().map_or("read-only", |m| m.value.as_str());
        let systems: Vec<&str> = f.systems.iter().map(|s| s.value.as_str()).collect();
        let mut desc = format!("Mode: {mode}");
        if !systems.is_empty() {
            desc.push_str(&format!("\nSystems: {}", systems.join(", ")));
        }
        desc.push_str(&format!(
            "\nStart: {}\nEnd: {}",
            d.start_explanation, d.end_explanation
        ));
        ics.line(&format!("DESCRIPTION:{}", text(&desc)));
        ics.line("CATEGORIES:Freeze");
        ics.line("TRANSP:OPAQUE");
        ics.line("END:VEVENT");
    }
    runbook_events(&mut ics, plan, schedule, &domain, &stamp);
    ics.line("END:VCALENDAR");
    ics.out.into_bytes()
}

/// One timed event per runbook step (not the rollback: it has no time of
/// its own). Step ids are unique across the plan, so they make the UIDs.
fn runbook_events(ics: &mut Ics, plan: &Plan, schedule: &Schedule, domain: &str, stamp: &str) {
    let z = |t: chrono::DateTime<chrono::Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    for (rb, times) in plan.runbooks.iter().zip(&schedule.runbooks) {
        for (step, t) in rb.steps.iter().zip(&times.steps) {
            let kind = match step.kind() {
                crate::model::StepKind::Step => String::new(),
                crate::model::StepKind::Gate => "Gate: ".into(),
                crate::model::StepKind::PointOfNoReturn => "Point of no return: ".into(),
            };
            let mut desc = format!(
                "{}, step {}\nPlanned: {}",
                rb.title.value,
                step.id.value,
                crate::model::runbook::fmt_minutes(t.minutes)
            );
            if let Some(o) = &step.owner {
                desc.push_str(&format!("\nOwner: {}", o.value));
            }
            if !step.deciders.is_empty() {
                let d: Vec<&str> = step.deciders.iter().map(|d| d.value.as_str()).collect();
                desc.push_str(&format!("\nDecided by: {}", d.join(", ")));
            }
            for c in &step.criteria {
                desc.push_str(&format!("\n[ ] {}", c.value));
            }
            ics.line("BEGIN:VEVENT");
            ics.line(&format!("UID:step-{}@{domain}", step.id.value));
            ics.line(&format!("DTSTAMP:{stamp}"));
            ics.line(&format!("DTSTART:{}", z(t.start_utc)));
            ics.line(&format!("DTEND:{}", z(t.end_utc)));
            ics.line(&format!(
                "SUMMARY:{}",
                text(&format!("{kind}{}", step.title.value))
            ));
            ics.line(&format!("DESCRIPTION:{}", text(&desc)));
            ics.line("CATEGORIES:Runbook");
            ics.line("TRANSP:OPAQUE");
            ics.line("END:VEVENT");
        }
    }
}

/// One UID per freeze window: `freeze-<slug of its name>`, stable across
/// builds and re-ordering; where two names share a slug ("Office freeze"
/// and "office-freeze"), each gets the first 8 hex digits of its name's
/// SHA-256 too, and a name written twice a counter.
fn freeze_uids<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let names: Vec<&str> = names.collect();
    let slugs: Vec<String> = names.iter().map(|n| super::slug(n)).collect();
    let mut seen = std::collections::HashMap::new();
    names
        .iter()
        .zip(&slugs)
        .map(|(name, slug)| {
            let mut uid = format!("freeze-{slug}");
            if slugs.iter().filter(|s| *s == slug).count() > 1 {
                let h = crate::hash::sha256_hex(name.as_bytes());
                uid.push('-');
                uid.push_str(&h[..8]);
            }
            let n = seen.entry(uid.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                uid.push_str(&format!("-{n}"));
            }
            uid
        })
        .collect()
}

#[derive(Default)]
struct Ics {
    out: String,
}

impl Ics {
    /// Writes one content line, folded at 75 octets (RFC 5545 3.1), CRLF.
    fn line(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            let n = c.len_utf8();
            if width + n > 75 {
                self.out.push_str("\r\n ");
                width = 1;
            }
            self.out.push(c);
            width += n;
        }
        self.out.push_str("\r\n");
    }

    fn all_day(
        &mut self,
        uid: &str,
        stamp: &str,
        date: NaiveDate,
        summary: &str,
        desc: &str,
        category: Option<&str>,
    ) {
        self.line("BEGIN:VEVENT");
        self.line(&format!("UID:{uid}"));
        self.line(&format!("DTSTAMP:{stamp}"));
        self.line(&format!("DTSTART;VALUE=DATE:{}", compact(date)));
        let next = date.succ_opt().unwrap_or(date);
        self.line(&format!("DTEND;VALUE=DATE:{}", compact(next)));
        self.line(&format!("SUMMARY:{}", text(summary)));
        self.line(&format!("DESCRIPTION:{}", text(desc)));
        if let Some(c) = category {
            self.line(&format!("CATEGORIES:{}", text(c)));
        }
        self.line("TRANSP:TRANSPARENT");
        self.line("END:VEVENT");
    }
}

fn compact(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A local time in the plan's zone as UTC (`20270115T000000Z`); floating
/// local time when the plan has no zone.
fn utc(t: NaiveDateTime, tz: Option<chrono_tz::Tz>) -> String {
    match tz.and_then(|z| z.from_local_datetime(&t).earliest()) {
        Some(zoned) => zoned.naive_utc().format("%Y%m%dT%H%M%SZ").to_string(),
        None => t.format("%Y%m%dT%H%M%S").to_string(),
    }
}

/// Escapes a TEXT value (RFC 5545 3.3.11).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() || super::text::is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_long_lines_at_75_octets() {
        let mut ics = Ics::default();
        ics.line(&format!("SUMMARY:{}", "é".repeat(60)));
        for l in ics.out.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = ics.out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "é".repeat(60)));
    }

    #[test]
    fn freeze_uids_are_unique_and_stable() {
        let uids = freeze_uids(["Office freeze", "office-freeze", "Other", "Other"].into_iter());
        let set: std::collections::HashSet<&String> = uids.iter().collect();
        assert_eq!(set.len(), 4, "{uids:?}");
        assert!(
            uids[2].starts_with("freeze-other-") && uids[3].ends_with("-2"),
            "{uids:?}"
        );
        assert!(uids[0].starts_with("freeze-office-freeze-"));
        // Re-ordered: each name keeps its UID.
        let again = freeze_uids(["office-freeze", "Office freeze"].into_iter());
        assert_eq!(again[1], uids[0]);
        assert_eq!(again[0], uids[1]);
    }

    #[test]
    fn escapes_text() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
