//! The plan's vocabulary: every key of `plan-format.md` as a typed struct.
//!
//! These are what the loader deserializes one YAML file into (`PlanFile`) and
//! what the merged [`Plan`](super::Plan) holds. Unknown keys are errors
//! (`deny_unknown_fields`); values that later checks point at are `Sp<_>`.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::spanned::{OneOrMany, OrderedMap, Sp, Text, each_at};

/// One YAML file under `content/`: any subset of the top-level keys.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    pub plan: Option<Sp<PlanMeta>>,
    pub calendar: Option<Sp<CalendarDef>>,
    pub milestones: Option<Sp<OrderedMap<Sp<String>, Sp<super::people::MilestoneDef>>>>,
    pub key_questions: Option<Sp<KeyQuestions>>,
    pub inventory: Option<Vec<System>>,
    pub datasets: Option<Vec<Dataset>>,
    pub freeze: Option<Vec<Freeze>>,
    pub addons: Option<Vec<Addon>>,
    pub stakeholders: Option<Vec<Stakeholder>>,
    /// `signoffs:` with nothing after it is an empty list, not an absent
    /// key: a file holding only that is still a sign-off file (left out of
    /// the content hash), so that adding its first entry keeps the hash.
    #[serde(default, deserialize_with = "present_list")]
    pub signoffs: Option<Vec<Signoff>>,
    pub phases: Option<Vec<Sp<String>>>,
    pub tasks: Option<Vec<Task>>,
    pub revisions: Option<Vec<Revision>>,
    pub risks: Option<Vec<Risk>>,
    pub runbooks: Option<Vec<super::runbook::Runbook>>,
    pub rehearsals: Option<Vec<super::runbook::Rehearsal>>,
    pub progress: Option<Vec<ProgressEvent>>,
}

impl PlanFile {
    /// A file that holds only `signoffs:`: a record about the document, not
    /// part of it (left out of the content hash).
    pub fn only_signoffs(&self) -> bool {
        self.signoffs.is_some() && self.progress.is_none() && self.only_records()
    }

    /// A file that holds only `signoffs:` and `progress:`, records of the
    /// plan in motion (left out of the content hash).
    pub fn only_records(&self) -> bool {
        (self.signoffs.is_some() || self.progress.is_some())
            && self.plan.is_none()
            && self.calendar.is_none()
            && self.milestones.is_none()
            && self.key_questions.is_none()
            && self.inventory.is_none()
            && self.datasets.is_none()
            && self.freeze.is_none()
            && self.addons.is_none()
            && self.stakeholders.is_none()
            && self.phases.is_none()
            && self.tasks.is_none()
            && self.revisions.is_none()
            && self.risks.is_none()
            && self.runbooks.is_none()
            && self.rehearsals.is_none()
    }
}

/// A list key that is present: `Some`, empty when written without a value.
fn present_list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    Option::<Vec<T>>::deserialize(d).map(|v| Some(v.unwrap_or_default()))
}

/// The top-level keys, for "did you mean" hints.
pub const TOP_LEVEL_KEYS: &[&str] = &[
    "plan",
    "calendar",
    "milestones",
    "key_questions",
    "inventory",
    "datasets",
    "freeze",
    "addons",
    "stakeholders",
    "signoffs",
    "phases",
    "tasks",
    "revisions",
    "risks",
    "runbooks",
    "rehearsals",
    "progress",
];

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanMeta {
    pub title: Sp<String>,
    pub client: Option<Sp<String>>,
    pub document: Option<Sp<String>>,
    pub version: Sp<Version>,
    #[serde(default)]
    pub status: Option<Sp<PlanStatus>>,
    pub owner: Option<Sp<String>>,
    pub strategy: Option<Sp<Strategy>>,
    pub theme: Option<Sp<String>>,
    pub paper: Option<Sp<Paper>>,
    pub summary: Option<Sp<String>>,
    /// Optional (v2): where the site is published (`https://...`), for
    /// absolute links in calendar feeds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_url: Option<Sp<String>>,
}

impl PlanMeta {
    pub fn status(&self) -> PlanStatus {
        self.status.as_ref().map_or(PlanStatus::Draft, |s| s.value)
    }
    pub fn document(&self) -> &str {
        self.document
            .as_ref()
            .map_or("Solution Document", |d| d.value.as_str())
    }
    pub fn theme(&self) -> &str {
        self.theme.as_ref().map_or("default", |t| t.value.as_str())
    }
    pub fn paper(&self) -> Paper {
        self.paper.as_ref().map_or(Paper::A4, |p| p.value)
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarDef {
    pub workdays: Option<Sp<Vec<Sp<Weekday>>>>,
    #[serde(default)]
    pub holidays: Vec<Sp<Date>>,
    pub timezone: Option<Sp<String>>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KeyQuestions {
    pub timeline: Option<Sp<Text>>,
    pub stakeholders: Option<Sp<Text>>,
    pub data: Option<Sp<Text>>,
    pub downtime: Option<Sp<Text>>,
    pub tools: Option<Sp<Text>>,
    pub training: Option<Sp<Text>>,
    pub pipeline: Option<Sp<Text>>,
}

impl KeyQuestions {
    /// (key, the question it answers, the answer if any), in checklist order.
    pub fn entries(&self) -> [(&'static str, &'static str, Option<&Sp<Text>>); 7] {
        [
            (
                "timeline",
                "What is the timeline for migration?",
                self.timeline.as_ref(),
            ),
            (
                "stakeholders",
                "Who are the key stakeholders in the migration?",
                self.stakeholders.as_ref(),
            ),
            ("data", "What data is required?", self.data.as_ref()),
            (
                "downtime",
                "What is the tolerance for downtime during migration?",
                self.downtime.as_ref(),
            ),
            (
                "tools",
                "Which end-user tools will change?",
                self.tools.as_ref(),
            ),
            (
                "training",
                "What end-user training is required?",
                self.training.as_ref(),
            ),
            (
                "pipeline",
                "What will the data pipeline look like?",
                self.pipeline.as_ref(),
            ),
        ]
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub id: Sp<String>,
    pub title: Sp<String>,
    pub phase: Option<Sp<String>>,
    pub parent: Option<Sp<String>>,
    /// One label, a list of labels, or stakeholder ids (v2).
    pub owner: Option<Sp<super::people::Owner>>,
    /// RACI (v2): stakeholder ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accountable: Option<Sp<super::people::Ids>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consulted: Option<Sp<super::people::Ids>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub informed: Option<Sp<super::people::Ids>>,
    /// Inventory ids this task changes (v2): warned about inside a
    /// read-only or offline freeze window of that system.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub writes: Vec<Sp<String>>,
    pub start: Option<Sp<String>>,
    pub due: Option<Sp<String>>,
    pub during: Option<Sp<String>>,
    pub after: Option<Sp<OneOrMany<Sp<String>>>>,
    pub status: Option<Sp<TaskStatus>>,
    #[serde(default)]
    pub resources: Vec<Sp<Resource>>,
    pub notes: Option<Sp<String>>,
}

impl Task {
    pub fn status(&self) -> TaskStatus {
        self.status.as_ref().map_or(TaskStatus::Todo, |s| s.value)
    }

    /// The ids in `after`, each with its own position.
    pub fn after_ids(&self) -> Vec<Sp<String>> {
        self.after
            .as_ref()
            .map_or_else(Vec::new, |list| each_at(&list.value.0, list.pos))
    }
}

/// A task's resource: plain text, or a titled link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resource {
    pub title: String,
    pub url: Option<String>,
}

impl<'de> Deserialize<'de> for Resource {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V_;
        impl<'de> Visitor<'de> for V_ {
            type Value = Resource;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a resource: plain text, or {title: ..., url: ...}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Resource, E> {
                Ok(Resource {
                    title: v.to_string(),
                    url: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Resource, A::Error> {
                let (mut title, mut url) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "title" => title = Some(map.next_value::<String>()?),
                        "url" => url = Some(map.next_value::<String>()?),
                        other => return Err(de::Error::unknown_field(other, &["title", "url"])),
                    }
                }
                let url = url.ok_or_else(|| de::Error::missing_field("url"))?;
                Ok(Resource {
                    title: title.unwrap_or_else(|| url.clone()),
                    url: Some(url),
                })
            }
        }
        d.deserialize_any(V_)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct System {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub category: Option<Sp<String>>,
    pub role: Option<Sp<SystemRole>>,
    /// `role: test`: the inventory id this environment is a copy of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_of: Option<Sp<String>>,
    /// `role: test`: what is switched off in the copy (messages, integrations).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disabled: Vec<Sp<String>>,
    /// `role: test`: what personal data is replaced in the copy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deidentified: Vec<Sp<String>>,
    #[serde(default)]
    pub details: OrderedMap<String, Text>,
    pub notes: Option<Sp<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub from: Option<Sp<String>>,
    pub to: Option<Sp<String>>,
    pub priority: Sp<Priority>,
    pub method: Option<Sp<Method>>,
    pub records: Option<Sp<u64>>,
    pub owner: Option<Sp<String>>,
    pub notes: Option<Sp<String>>,
}

impl Dataset {
    pub fn method(&self) -> Method {
        self.method.as_ref().map_or(Method::Migrate, |m| m.value)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Freeze {
    pub name: Sp<String>,
    pub start: Sp<String>,
    pub end: Sp<String>,
    pub mode: Option<Sp<FreezeMode>>,
    #[serde(default)]
    pub systems: Vec<Sp<String>>,
    pub notes: Option<Sp<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Addon {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub vendor: Option<Sp<String>>,
    pub integrates_with: Option<Sp<String>>,
    pub credentials: Option<Sp<Credentials>>,
    pub reconnect_owner: Option<Sp<String>>,
    pub verify: Option<Sp<String>>,
    pub status: Option<Sp<AddonStatus>>,
    pub notes: Option<Sp<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stakeholder {
    pub id: Sp<String>,
    pub name: Option<Sp<String>>,
    pub role: Option<Sp<String>>,
    pub organization: Option<Sp<String>>,
    pub email: Option<Sp<String>>,
    #[serde(default)]
    pub signs: bool,
    /// An OpenSSH public key line (`ssh-ed25519 AAAA... comment`): signed
    /// sign-offs by this stakeholder are verified against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_key: Option<Sp<String>>,
    /// Owner labels this person answers for (v2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owns: Vec<Sp<String>>,
    /// Absences, dates inclusive (v2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unavailable: Vec<super::people::Absence>,
}

impl Stakeholder {
    /// The name to show: `name`, else the id.
    pub fn display_name(&self) -> &str {
        self.name
            .as_ref()
            .map(|n| n.value.trim())
            .filter(|n| !n.is_empty())
            .unwrap_or(&self.id.value)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signoff {
    pub by: Sp<String>,
    pub version: Sp<Version>,
    pub decision: Sp<Decision>,
    pub date: Option<Sp<Date>>,
    pub comment: Option<Sp<String>>,
    /// The content hash the signer saw (short or full), see document control.
    pub hash: Option<Sp<String>>,
    /// An armored SSH signature (`-----BEGIN SSH SIGNATURE-----`) over the
    /// sign-off's statement (see `crate::signature`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Sp<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub version: Sp<Version>,
    pub date: Sp<Date>,
    pub author: Option<Sp<String>>,
    pub summary: Option<Sp<String>>,
}

/// A project risk (an addition to the format: `risks` is a list key).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    pub id: Sp<String>,
    pub title: Sp<String>,
    pub likelihood: Option<Sp<Level>>,
    pub impact: Option<Sp<Level>>,
    pub owner: Option<Sp<String>>,
    pub mitigation: Option<Sp<String>>,
    pub status: Option<Sp<RiskStatus>>,
}

/// One `progress:` entry (v2): an event of the plan in motion. Not part of
/// the content hash.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressEvent {
    /// A task id (or, once runbooks exist, a runbook step id).
    pub task: Sp<String>,
    pub at: Sp<At>,
    pub status: Option<Sp<TaskStatus>>,
    /// A stakeholder id.
    pub by: Option<Sp<String>>,
    pub note: Option<Sp<String>>,
    /// A gate's decision (gates only).
    pub decision: Option<Sp<GateDecision>>,
}

/// When a progress event happened: `YYYY-MM-DD` (00:00 that day) or
/// `YYYY-MM-DD HH:MM`, local time in the plan's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct At {
    pub at: chrono::NaiveDateTime,
    /// Whether a time of day was written (pages print it only then).
    pub timed: bool,
}

impl At {
    pub fn parse(s: &str) -> Option<At> {
        let s = s.trim();
        if let Some(d) = Date::parse(s) {
            return Some(At {
                at: d.and_time(chrono::NaiveTime::MIN),
                timed: false,
            });
        }
        let (date, time) = s.split_once([' ', 'T'])?;
        let d = Date::parse(date)?;
        let t = time.trim();
        if t.len() != 5 {
            return None;
        }
        let t = chrono::NaiveTime::parse_from_str(t, "%H:%M").ok()?;
        Some(At {
            at: d.and_time(t),
            timed: true,
        })
    }

    pub fn date(&self) -> NaiveDate {
        self.at.date()
    }
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.timed {
            write!(f, "{}", self.at.format("%Y-%m-%d %H:%M"))
        } else {
            write!(f, "{}", self.at.format("%Y-%m-%d"))
        }
    }
}

impl Serialize for At {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for At {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        At::parse(&s).ok_or_else(|| {
            let why = match s.trim().split_once([' ', 'T']) {
                Some((date, _)) if Date::parse(date).is_some() => format!(
                    "`{}` is not a time of day: write HH:MM (24-hour), e.g. 2027-01-15 18:05",
                    s.trim()
                ),
                Some((date, _)) => Date::problem(date),
                None => Date::problem(&s),
            };
            de::Error::custom(why)
        })
    }
}

/// Declares a lower-case keyword enum with its YAML spellings.
macro_rules! keyword_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword_enum!(PlanStatus { Draft = "draft", Review = "review", Approved = "approved" });
keyword_enum!(Strategy { BigBang = "big-bang", Parallel = "parallel", Phased = "phased" });
keyword_enum!(Paper { A4 = "a4", Letter = "letter" });
keyword_enum!(TaskStatus { Todo = "todo", Doing = "doing", Done = "done", Blocked = "blocked", Skipped = "skipped" });
keyword_enum!(SystemRole { Source = "source", Target = "target", Retained = "retained", Retired = "retired", Test = "test" });
keyword_enum!(Priority { Must = "must", Nice = "nice", NotNeeded = "not-needed" });
keyword_enum!(Method { Migrate = "migrate", ArchivePdf = "archive-pdf", RetainLegacy = "retain-legacy", Discard = "discard" });
keyword_enum!(FreezeMode { ReadOnly = "read-only", Offline = "offline" });
keyword_enum!(Credentials { Required = "required", NotRequired = "not-required" });
keyword_enum!(AddonStatus { Pending = "pending", Reconnected = "reconnected", Verified = "verified", Retired = "retired" });
keyword_enum!(Decision { Approved = "approved", Rejected = "rejected", ChangesRequested = "changes-requested" });
keyword_enum!(StepKind { Step = "step", Gate = "gate", PointOfNoReturn = "point-of-no-return" });
keyword_enum!(GateDecision { Go = "go", NoGo = "no-go" });
keyword_enum!(Level { Low = "low", Medium = "medium", High = "high" });
keyword_enum!(RiskStatus { Open = "open", Mitigated = "mitigated", Accepted = "accepted", Closed = "closed" });

impl TaskStatus {
    /// Done and skipped tasks are never overdue.
    pub fn is_closed(self) -> bool {
        matches!(self, TaskStatus::Done | TaskStatus::Skipped)
    }
}

/// A day of the week in `calendar.workdays` (`mon`, `Monday`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Weekday(pub chrono::Weekday);

impl Serialize for Weekday {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string().to_lowercase())
    }
}

impl<'de> Deserialize<'de> for Weekday {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let day = match s.to_ascii_lowercase().as_str() {
            "mon" | "monday" => chrono::Weekday::Mon,
            "tue" | "tues" | "tuesday" => chrono::Weekday::Tue,
            "wed" | "wednesday" => chrono::Weekday::Wed,
            "thu" | "thur" | "thurs" | "thursday" => chrono::Weekday::Thu,
            "fri" | "friday" => chrono::Weekday::Fri,
            "sat" | "saturday" => chrono::Weekday::Sat,
            "sun" | "sunday" => chrono::Weekday::Sun,
            _ => {
                return Err(de::Error::custom(format!(
                    "`{s}` is not a day of the week: use mon, tue, wed, thu, fri, sat or sun"
                )));
            }
        };
        Ok(Weekday(day))
    }
}

/// The first and last dates a plan can use: wide enough for any real
/// migration and its archive, narrow enough that a typo (`0001`, `9999`)
/// is an error rather than a calendar of centuries.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2200;

/// Whether `d` lies in [`FIRST_YEAR`]-01-01 ..= [`LAST_YEAR`]-12-31.
pub fn in_plan_range(d: NaiveDate) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&d.year())
}

/// Why a date is refused for lying outside the plan range.
pub fn out_of_range_message(shown: &str) -> String {
    format!(
        "`{shown}` is outside the dates a plan can use ({FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31)"
    )
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Date(pub NaiveDate);

impl Date {
    pub fn parse(s: &str) -> Option<NaiveDate> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }
}

impl Date {
    /// Why `s` is not a date, in words.
    pub fn problem(s: &str) -> String {
        let t = s.trim();
        let parts: Vec<&str> = t.split('-').collect();
        if let [y, m, d] = parts[..]
            && let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>())
            && y.to_string().len() == 4
        {
            if !(1..=12).contains(&m) {
                return format!("`{t}` is not a valid date: there is no month {m}");
            }
            let first = NaiveDate::from_ymd_opt(y, m, 1);
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)
            };
            if let (Some(a), Some(b)) = (first, next) {
                let days = (b - a).num_days();
                if d == 0 || i64::from(d) > days {
                    return format!(
                        "`{t}` is not a valid date: {} has {days} days",
                        a.format("%B %Y")
                    );
                }
            }
        }
        format!("`{t}` is not a valid date: write it as YYYY-MM-DD, e.g. 2026-11-20")
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match Date::parse(&s) {
            Some(date) if in_plan_range(date) => Ok(Date(date)),
            Some(_) => Err(de::Error::custom(out_of_range_message(s.trim()))),
            None => Err(de::Error::custom(Date::problem(&s))),
        }
    }
}

/// A semantic version (`1.2.0`, `2.0.0-rc.1`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Version(pub semver::Version);

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        semver::Version::parse(s.trim()).map(Version).map_err(|_| {
            de::Error::custom(format!(
                "`{s}` is not a semantic version: write MAJOR.MINOR.PATCH, e.g. 1.2.0"
            ))
        })
    }
}
