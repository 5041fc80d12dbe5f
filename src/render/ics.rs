//! Plan + Schedule -> iCalendar files (RFC 5545): the whole plan
//! (`schedule.ics`), and one feed per person (`people/<id>.ics`, only their
//! work). A task is an all-day event from its start to its due date (DTEND
//! the day after, exclusive); milestones are one-day events; freeze windows
//! and runbook steps are timed (UTC). Every event carries a URL back to its
//! page and words rather than raw values; UIDs come from ids, so they stay
//! the same across builds and re-ordering.

use chrono::{NaiveDate, NaiveDateTime, TimeZone};

use crate::model::{Plan, StepKind};
use crate::people::People;
use crate::schedule::Schedule;

use super::labels::{freeze_mode_label, task_status_label};
use super::rows;

/// `plan.site_url` with a trailing `/`, when set.
pub fn site_base(plan: &Plan) -> Option<String> {
    let url = plan.meta.site_url.as_ref()?.value.trim();
    if url.is_empty() {
        return None;
    }
    Some(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// The whole plan's calendar (`schedule.ics`, at the top of the version).
pub fn render(plan: &Plan, schedule: &Schedule) -> Vec<u8> {
    Feeds::new(plan, schedule).calendar(None, &[])
}

/// Person `i`'s feed (`people/<slug>.ics`): the tasks they are responsible
/// for, their runbook steps and the gates they decide.
pub fn render_person(plan: &Plan, schedule: &Schedule, i: usize) -> Vec<u8> {
    Feeds::new(plan, schedule).calendar(Some(i), &[])
}

/// The whole plan's calendar and every person's feed, as (path, bytes):
/// the rows, each task's people and each task's event in the people's
/// feeds are worked out once, not once per person; the feeds are written
/// on every core.
pub fn render_all(plan: &Plan, schedule: &Schedule) -> Vec<(String, Vec<u8>)> {
    let feeds = Feeds::new(plan, schedule);
    let pages = feeds.pages(true);
    // A task's event reads the same in every feed of the people it
    // belongs to: written once.
    let shared: Vec<Option<String>> = crate::parallel::map(
        &feeds.rows,
        |_| 1,
        |r| (!feeds.task_people[r.index].is_empty()).then(|| feeds.task_event(r, &pages)),
    );
    // The whole plan (`None`), then each person.
    let mut jobs: Vec<Option<usize>> = vec![None];
    jobs.extend((0..plan.stakeholders.len()).map(Some));
    let bytes = crate::parallel::map(
        &jobs,
        |job| job.map_or(feeds.rows.len(), |i| feeds.tasks_of[i].len()),
        |job| feeds.calendar(*job, &shared),
    );
    jobs.iter()
        .zip(bytes)
        .map(|(job, b)| match job {
            None => ("schedule.ics".to_string(), b),
            Some(i) => (person_path(&plan.stakeholders[*i].id.value), b),
        })
        .collect()
}

/// The feed's path in the version folder.
pub fn person_path(id: &str) -> String {
    format!("people/{}.ics", crate::people::slug(id))
}

/// What every feed of a plan shares, computed once.
struct Feeds<'a> {
    plan: &'a Plan,
    schedule: &'a Schedule,
    people: People<'a>,
    /// Tasks in plan order.
    rows: Vec<rows::TaskRow<'a>>,
    /// Task index -> the people it belongs to.
    task_people: Vec<Vec<usize>>,
    /// Person -> their tasks' positions in `rows`, in plan order.
    tasks_of: Vec<Vec<usize>>,
    domain: String,
    stamp: String,
    tz_name: Option<&'a str>,
    tz: Option<chrono_tz::Tz>,
    version: String,
}

impl<'a> Feeds<'a> {
    fn new(plan: &'a Plan, schedule: &'a Schedule) -> Feeds<'a> {
        let people = People::new(plan);
        let rows = rows::in_plan_order(plan, schedule);
        let task_people: Vec<Vec<usize>> = plan.tasks.iter().map(|t| people.of_task(t)).collect();
        let mut tasks_of = vec![Vec::new(); plan.stakeholders.len()];
        for (pos, r) in rows.iter().enumerate() {
            for &i in &task_people[r.index] {
                if let Some(list) = tasks_of.get_mut(i) {
                    list.push(pos);
                }
            }
        }
        let tz_name = plan.calendar.timezone.as_ref().map(|t| t.value.as_str());
        Feeds {
            plan,
            schedule,
            people,
            rows,
            task_people,
            tasks_of,
            domain: format!("{}.migplan", super::slug(&plan.meta.title.value)),
            stamp: format!(
                "{}T000000Z",
                compact(super::document_date(plan, schedule.as_of))
            ),
            tz_name,
            tz: tz_name.and_then(|n| n.parse().ok()),
            version: plan.meta.version.value.to_string(),
        }
    }

    /// Links from the file's own folder to the pages: relative, or absolute
    /// under `plan.site_url` (this version's folder).
    fn pages(&self, person: bool) -> String {
        match (site_base(self.plan), person) {
            (Some(b), _) => format!("{b}{}/", self.version),
            (None, true) => "../".to_string(),
            (None, false) => String::new(),
        }
    }

    /// One task's event.
    fn task_event(&self, r: &rows::TaskRow<'_>, pages: &str) -> String {
        let task = &self.plan.tasks[r.index];
        let mut desc = String::new();
        if let Some(s) = r.start_explanation {
            desc.push_str(&format!("Start: {s}\n"));
        }
        desc.push_str(&format!("Due: {}", r.explanation));
        if let Some(o) = &task.owner {
            desc.push_str(&format!("\nOwner: {}", self.people.owner_words(&o.value)));
        }
        desc.push_str(&format!("\nStatus: {}", task_status_label(task.status())));
        if r.overdue {
            desc.push_str(" (overdue)");
        }
        if let Some(p) = r.phase {
            desc.push_str(&format!("\nPhase: {p}"));
        }
        let first = r.start.map_or(r.due, |s| s.min(r.due));
        let mut ics = Ics::default();
        ics.all_day(&Event {
            uid: &format!("task-{}@{}", r.id, self.domain),
            stamp: &self.stamp,
            first,
            last: r.due,
            summary: r.title,
            desc: &desc,
            category: r.phase,
            url: &link(pages, "schedule.html", "task", r.id),
        });
        ics.out
    }

    /// The whole plan's calendar (`person` none) or a person's feed.
    /// `shared`: each row's event as a person's feed writes it, where
    /// already written (by position in `rows`; may be empty).
    fn calendar(&self, person: Option<usize>, shared: &[Option<String>]) -> Vec<u8> {
        let plan = self.plan;
        let schedule = self.schedule;
        let domain = &self.domain;
        let stamp = &self.stamp;
        let tz = self.tz;
        let title = &plan.meta.title.value;
        let version = &self.version;
        let pages = self.pages(person.is_some());
        let url = |page: &str, kind: &str, id: &str| link(&pages, page, kind, id);

        let mut ics = Ics::default();
        ics.line("BEGIN:VCALENDAR");
        ics.line("VERSION:2.0");
        ics.line(&format!(
            "PRODID:-//migplan//migplan {}//EN",
            env!("CARGO_PKG_VERSION")
        ));
        ics.line("CALSCALE:GREGORIAN");
        ics.line("METHOD:PUBLISH");
        let name = match person {
            Some(i) => format!("{title} {version}: {}", plan.stakeholders[i].display_name()),
            None => format!("{title} {version}"),
        };
        ics.line(&format!("X-WR-CALNAME:{}", text(&name)));
        if let Some(name) = self.tz_name {
            ics.line(&format!("X-WR-TIMEZONE:{}", text(name)));
        }
        if person.is_none() {
            for m in &schedule.milestones {
                ics.all_day(&Event {
                    uid: &format!("milestone-{}@{domain}", m.id),
                    stamp,
                    first: m.when.date,
                    last: m.when.date,
                    summary: &format!("Milestone: {}", plan.milestone_title(&m.id)),
                    desc: &m.when.explanation,
                    category: Some("Milestone"),
                    url: &url("overview.html", "milestone", &m.id),
                });
            }
        }
        match person {
            None => {
                for r in &self.rows {
                    ics.out.push_str(&self.task_event(r, &pages));
                }
            }
            Some(i) => {
                for &pos in self.tasks_of.get(i).map_or(&[][..], Vec::as_slice) {
                    match shared.get(pos).and_then(Option::as_ref) {
                        Some(event) => ics.out.push_str(event),
                        None => ics.out.push_str(&self.task_event(&self.rows[pos], &pages)),
                    }
                }
            }
        }
        if person.is_none() {
            let uids = freeze_uids(plan.freeze.iter().map(|f| f.name.value.as_str()));
            for ((f, d), uid) in plan.freeze.iter().zip(&schedule.freezes).zip(&uids) {
                let mode = f
                    .mode
                    .as_ref()
                    .map_or("Read-only", |m| freeze_mode_label(m.value));
                let systems: Vec<String> = f
                    .systems
                    .iter()
                    .map(|s| {
                        plan.system(&s.value)
                            .and_then(|x| x.name.as_ref())
                            .map_or_else(|| s.value.clone(), |n| n.value.clone())
                    })
                    .collect();
                let mut desc = format!("Mode: {mode}");
                if !systems.is_empty() {
                    desc.push_str(&format!("\nSystems: {}", systems.join(", ")));
                }
                desc.push_str(&format!(
                    "\nStart: {}\nEnd: {}",
                    d.start_explanation, d.end_explanation
                ));
                ics.timed(&Timed {
                    uid: &format!("{uid}@{domain}"),
                    stamp,
                    start: &utc(d.start, tz),
                    end: &utc(d.end, tz),
                    summary: &format!("Data freeze: {}", f.name.value),
                    desc: &desc,
                    url: &url("freeze.html", "freeze", &f.name.value),
                    category: "Freeze",
                });
            }
        }
        runbook_events(
            &mut ics,
            plan,
            schedule,
            domain,
            stamp,
            person,
            &self.people,
            &url,
        );
        ics.line("END:VCALENDAR");
        ics.out.into_bytes()
    }
}

/// A page's address with the anchor of `kind` `id`, under `pages`.
fn link(pages: &str, page: &str, kind: &str, id: &str) -> String {
    format!(
        "{pages}{page}#{}",
        crate::render::html::view::html_id(kind, id)
    )
}

/// One timed event per runbook step (not the rollback: it has no time of
/// its own). Step ids are unique across the plan, so they make the UIDs.
#[allow(clippy::too_many_arguments)]
fn runbook_events(
    ics: &mut Ics,
    plan: &Plan,
    schedule: &Schedule,
    domain: &str,
    stamp: &str,
    person: Option<usize>,
    people: &People,
    url: &dyn Fn(&str, &str, &str) -> String,
) {
    let z = |t: chrono::DateTime<chrono::Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    for (rb, times) in plan.runbooks.iter().zip(&schedule.runbooks) {
        for (step, t) in rb.steps.iter().zip(&times.steps) {
            if let Some(i) = person {
                let id = &plan.stakeholders[i].id.value;
                let decides = step.deciders.iter().any(|d| d.value == *id);
                if !decides && !people.of_step(step).contains(&i) {
                    continue;
                }
            }
            let kind = match step.kind() {
                StepKind::Step => String::new(),
                StepKind::Gate => "Gate: ".into(),
                StepKind::PointOfNoReturn => "Point of no return: ".into(),
            };
            let mut desc = format!(
                "{}\nPlanned: {}",
                rb.title.value,
                crate::model::runbook::fmt_minutes(t.minutes)
            );
            if let Some(o) = &step.owner {
                desc.push_str(&format!("\nOwner: {}", people.label_words(&o.value)));
            }
            if !step.deciders.is_empty() {
                let d: Vec<String> = step
                    .deciders
                    .iter()
                    .map(|d| people.label_words(&d.value))
                    .collect();
                desc.push_str(&format!("\nDecided by: {}", d.join(", ")));
            }
            for c in &step.criteria {
                desc.push_str(&format!("\n[ ] {}", c.value));
            }
            ics.timed(&Timed {
                uid: &format!("step-{}@{domain}", step.id.value),
                stamp,
                start: &z(t.start_utc),
                end: &z(t.end_utc),
                summary: &format!("{kind}{}", step.title.value),
                desc: &desc,
                url: &url("runbook.html", "step", &step.id.value),
                category: "Runbook",
            });
        }
    }
}

/// One timed event; `start` and `end` already in iCalendar form.
struct Timed<'a> {
    uid: &'a str,
    stamp: &'a str,
    start: &'a str,
    end: &'a str,
    summary: &'a str,
    desc: &'a str,
    url: &'a str,
    category: &'a str,
}

/// One all-day event.
struct Event<'a> {
    uid: &'a str,
    stamp: &'a str,
    first: NaiveDate,
    /// Inclusive.
    last: NaiveDate,
    summary: &'a str,
    desc: &'a str,
    category: Option<&'a str>,
    url: &'a str,
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

    /// A timed event (freeze windows, runbook steps): it keeps its
    /// people busy.
    fn timed(&mut self, e: &Timed) {
        self.line("BEGIN:VEVENT");
        self.line(&format!("UID:{}", e.uid));
        self.line(&format!("DTSTAMP:{}", e.stamp));
        self.line(&format!("DTSTART:{}", e.start));
        self.line(&format!("DTEND:{}", e.end));
        self.line(&format!("SUMMARY:{}", text(e.summary)));
        self.line(&format!("DESCRIPTION:{}", text(e.desc)));
        self.line(&format!("URL:{}", uri(e.url)));
        self.line(&format!("CATEGORIES:{}", e.category));
        self.line("TRANSP:OPAQUE");
        self.line("END:VEVENT");
    }

    fn all_day(&mut self, e: &Event) {
        self.line("BEGIN:VEVENT");
        self.line(&format!("UID:{}", e.uid));
        self.line(&format!("DTSTAMP:{}", e.stamp));
        self.line(&format!("DTSTART;VALUE=DATE:{}", compact(e.first)));
        // DTEND is exclusive (RFC 5545 3.6.1): the day after the last.
        let end = e.last.max(e.first);
        let next = end.succ_opt().unwrap_or(end);
        self.line(&format!("DTEND;VALUE=DATE:{}", compact(next)));
        self.line(&format!("SUMMARY:{}", text(e.summary)));
        self.line(&format!("DESCRIPTION:{}", text(e.desc)));
        self.line(&format!("URL:{}", uri(e.url)));
        if let Some(c) = e.category {
            self.line(&format!("CATEGORIES:{}", text(c)));
        }
        self.line("TRANSP:TRANSPARENT");
        self.line("END:VEVENT");
    }
}

/// A URI value: characters a URI cannot hold raw are percent-encoded
/// (anchors are generated and safe; a `site_url` was checked).
fn uri(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_graphic()
            && !matches!(
                b,
                b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
            )
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
    fn all_day_events_end_the_day_after_their_last_day() {
        let mut ics = Ics::default();
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        ics.all_day(&Event {
            uid: "task-x@p",
            stamp: "20270101T000000Z",
            first: d("2027-07-06"),
            last: d("2027-07-09"),
            summary: "X",
            desc: "Status: In progress",
            category: None,
            url: "../schedule.html#task-x",
        });
        assert!(
            ics.out
                .contains("DTSTART;VALUE=DATE:20270706\r\nDTEND;VALUE=DATE:20270710\r\n")
        );
        assert!(ics.out.contains("URL:../schedule.html#task-x\r\n"));
    }

    #[test]
    fn uris_percent_encode_what_a_uri_cannot_hold() {
        assert_eq!(uri("https://x.org/a b/é"), "https://x.org/a%20b/%C3%A9");
        assert_eq!(
            uri("schedule.html#task-a_2e_b"),
            "schedule.html#task-a_2e_b"
        );
    }

    #[test]
    fn escapes_text() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
