//! `plan.json`, the published record of a version, as one typed struct:
//! [`PlanJson`] is what the writer (`render::json::plan`) serializes and
//! what every reader (`diff`, `baseline`, the rehearsal check, `migplan
//! diff`) deserializes.
//!
//! The writer fills it with the live plan (`PlanJson<&Plan, &Schedule,
//! TaskRow>`); readers get [`Record`], the same struct with owned record
//! types for the parts they use. Every key a reader uses is *required*
//! (a [`Shown`] or a list without a default), so a field renamed in the
//! model or the rows makes reading fail loudly ("missing field `owner`",
//! and the round-trip test in this file) instead of comparing nothing.
//! Keys older versions did not write have a default, each marked with the
//! version that added it: `plan.json` files in old archives stay readable.
//!
//! The bytes are those written since format 1: the top-level keys in the
//! same order, the plan and schedule as the model serializes them.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::PlanStatus;

/// The format number written at the top (`format: 1`).
pub const FORMAT: u32 = 1;

/// The whole file. `P`, `S`, `T`: the plan, the schedule and one task row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanJson<'a, P, S, T> {
    /// `migplan 0.1.0`.
    pub generator: Cow<'a, str>,
    pub format: u32,
    /// The published version ("1.2.0").
    pub version: Cow<'a, str>,
    pub status: PlanStatus,
    /// The document date (newest revision).
    pub date: Option<NaiveDate>,
    /// The PDF's file name in the version folder.
    pub pdf: Option<Cow<'a, str>>,
    pub plan: P,
    pub schedule: S,
    pub tasks: Vec<T>,
}

/// `plan.json` as readers see it.
pub type Record = PlanJson<'static, PlanRecord, ScheduleRecord, TaskRecord>;

impl Record {
    /// Reads a `plan.json`; `Err` says what is wrong with it.
    pub fn read(bytes: &[u8]) -> Result<Record, String> {
        serde_json::from_slice(bytes).map_err(|e| e.to_string())
    }
}

/// Any JSON value that a reader shows as text (`null` is nothing). Not an
/// `Option`: as a field it must be present in the file (it may be null).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Shown(pub Value);

impl Shown {
    /// The value as display text (`null` -> None; lists joined by ", ";
    /// maps as `key: value; ...`).
    pub fn text(&self) -> Option<String> {
        text(&self.0)
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => Some(a.iter().filter_map(text).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => Some(
            m.iter()
                .map(|(k, v)| format!("{k}: {}", text(v).unwrap_or_default()))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        other => Some(other.to_string()),
    }
}

/// One row of `tasks` (the schedule rows, `render::rows::TaskRow`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaskRecord {
    pub id: String,
    pub title: Shown,
    pub phase: Shown,
    pub parent: Shown,
    pub owner: Shown,
    pub start: Shown,
    pub due: NaiveDate,
    pub status: Shown,
    pub explanation: Shown,
    pub start_explanation: Shown,
}

/// The parts of `plan` that readers use (the model's own keys).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanRecord {
    pub milestones: Vec<(String, Shown)>,
    pub tasks: Vec<TaskDef>,
    pub inventory: Vec<SystemRecord>,
    pub datasets: Vec<DatasetRecord>,
    pub freeze: Vec<FreezeRecord>,
    pub addons: Vec<AddonRecord>,
    pub risks: Vec<RiskRecord>,
    pub revisions: Vec<RevisionRecord>,
    pub signoffs: Vec<SignoffRecord>,
    /// Since v2 (and left out when empty).
    #[serde(default)]
    pub runbooks: Vec<RunbookRecord>,
}

/// A task as written (its rules), from `plan.tasks`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaskDef {
    pub id: String,
    pub start: Shown,
    pub due: Shown,
    pub during: Shown,
    pub resources: Shown,
    pub notes: Shown,
}

/// An entry as the change summary compares it: its key, the name it is
/// listed by, and the fields that count (as text), in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub key: String,
    pub name: Option<String>,
    pub fields: Vec<(&'static str, Option<String>)>,
}

/// A record type with a key and fields compared as text; `name` says
/// whether its `name` field lists it.
macro_rules! entry {
    ($(#[$doc:meta])* $t:ident, key: $key:ident, named: $named:expr, fields: [$($field:ident),* $(,)?]) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub struct $t {
            pub $key: String,
            $(pub $field: Shown,)*
        }

        impl $t {
            pub fn fields(&self) -> Fields {
                let fields = vec![$((stringify!($field), self.$field.text())),*];
                let name = if $named {
                    fields.iter().find(|(f, _)| *f == "name").and_then(|(_, v)| v.clone())
                } else {
                    None
                };
                Fields { key: self.$key.clone(), name, fields }
            }
        }
    };
}

entry!(
    /// An inventory entry.
    SystemRecord, key: id, named: true, fields: [name, category, role, details]
);
entry!(
    /// A dataset.
    DatasetRecord, key: id, named: true, fields: [name, priority, method, records, from, to, owner]
);
entry!(
    /// An add-on.
    AddonRecord, key: id, named: true,
    fields: [name, vendor, integrates_with, credentials, reconnect_owner, verify, status]
);
entry!(
    /// A risk.
    RiskRecord, key: id, named: false, fields: [title, likelihood, impact, owner, mitigation, status]
);
entry!(
    /// A revision.
    RevisionRecord, key: version, named: false, fields: [date, author, summary]
);

/// A freeze window as written (its dates are in the schedule).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FreezeRecord {
    pub name: String,
    pub mode: Shown,
    pub systems: Shown,
}

/// A sign-off.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignoffRecord {
    pub by: String,
    pub version: String,
    pub decision: Shown,
    pub date: Shown,
    pub comment: Shown,
}

/// A runbook as written: what a rehearsal depends on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunbookRecord {
    pub id: String,
    pub steps: Vec<StepRecord>,
    #[serde(default)]
    pub rollback: Vec<StepRecord>,
}

/// A runbook step: the fields a rehearsal depends on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    pub id: String,
    pub duration: Shown,
    pub after: Shown,
    pub not_before: Shown,
    pub kind: Shown,
}

/// The parts of `schedule` that readers use.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScheduleRecord {
    pub milestones: Vec<MilestoneRecord>,
    pub freezes: Vec<FreezeDatesRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MilestoneRecord {
    pub id: String,
    pub when: ComputedRecord,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ComputedRecord {
    pub date: Shown,
    pub explanation: Shown,
}

/// A freeze window's computed start and end (index-aligned with
/// `plan.freeze`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FreezeDatesRecord {
    pub start: Shown,
    pub end: Shown,
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::render::json::{Publication, plan};

    /// The example plan's `plan.json`, as the build writes it.
    fn written() -> (crate::Compiled, Vec<u8>) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let nowhere = std::env::temp_dir().join("migplan-plan-json-no-archive");
        let c = crate::compile_with(root, as_of, &nowhere, None)
            .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
        let publication = Publication {
            version: "1.0.0",
            status: PlanStatus::Draft,
            date: as_of,
            pdf: Some("plan.pdf"),
        };
        let bytes = plan(&c.plan, &c.schedule, &publication);
        (c, bytes)
    }

    #[test]
    fn what_the_writer_writes_the_readers_read_in_full() {
        let (c, bytes) = written();
        let r = Record::read(&bytes).unwrap_or_else(|e| panic!("{e}"));
        let p = &c.plan;
        assert_eq!(r.version, "1.0.0");
        assert_eq!(r.pdf.as_deref(), Some("plan.pdf"));
        assert_eq!(r.tasks.len(), p.tasks.len());
        assert_eq!(r.plan.tasks.len(), p.tasks.len());
        assert_eq!(r.plan.milestones.len(), p.milestones.len());
        assert_eq!(r.schedule.milestones.len(), p.milestones.len());
        assert_eq!(r.plan.inventory.len(), p.inventory.len());
        assert_eq!(r.plan.datasets.len(), p.datasets.len());
        assert_eq!(r.plan.freeze.len(), p.freeze.len());
        assert_eq!(r.schedule.freezes.len(), p.freeze.len());
        assert_eq!(r.plan.addons.len(), p.addons.len());
        assert_eq!(r.plan.risks.len(), p.risks.len());
        assert_eq!(r.plan.revisions.len(), p.revisions.len());
        assert_eq!(r.plan.signoffs.len(), p.signoffs.len());
        assert_eq!(r.plan.runbooks.len(), p.runbooks.len());
        // The example fills every part the readers use.
        assert!(!p.datasets.is_empty() && !p.runbooks.is_empty() && !p.signoffs.is_empty());
        let first = &p.tasks[0];
        assert_eq!(r.tasks[0].id, first.id.value);
        assert_eq!(
            r.tasks[0].title.text().as_deref(),
            Some(first.title.value.as_str())
        );
        assert_eq!(r.tasks[0].due, c.schedule.tasks[0].due.date);
        let d = &r.plan.datasets[0].fields();
        assert_eq!(d.key, p.datasets[0].id.value);
        assert!(
            d.fields
                .iter()
                .any(|(f, v)| *f == "priority" && v.is_some()),
            "{d:?}"
        );
        // And writing the record again gives the same values.
        let again: Value = serde_json::to_value(&r).unwrap();
        let back: Record = serde_json::from_value(again).unwrap();
        assert_eq!(back.tasks.len(), r.tasks.len());
    }

    /// A key renamed on one side only is an error, not an empty diff.
    #[test]
    fn a_key_the_readers_need_missing_is_an_error() {
        let (_, bytes) = written();
        let full: Value = serde_json::from_slice(&bytes).unwrap();
        for (path, key) in [
            ("/tasks/0", "owner"),
            ("/tasks/0", "due"),
            ("/plan/datasets/0", "priority"),
            ("/plan/inventory/0", "category"),
            ("/plan/tasks/0", "notes"),
            ("/schedule/milestones/0/when", "explanation"),
            ("/plan", "signoffs"),
        ] {
            let mut doc = full.clone();
            let obj = doc
                .pointer_mut(path)
                .and_then(Value::as_object_mut)
                .unwrap();
            let v = obj.remove(key).unwrap_or_else(|| panic!("no {path}/{key}"));
            obj.insert(format!("{key}_renamed"), v);
            let e = Record::read(&serde_json::to_vec(&doc).unwrap()).expect_err(key);
            assert!(e.contains(&format!("missing field `{key}`")), "{key}: {e}");
        }
    }

    /// `plan.json` files written by earlier versions (format 1, before
    /// runbooks) stay readable.
    #[test]
    fn plan_json_of_format_1_archives_reads() {
        let v1 = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive-v1/output");
        for version in ["1.0.0", "1.1.0"] {
            let bytes = std::fs::read(v1.join(version).join("plan.json")).unwrap();
            let r = Record::read(&bytes).unwrap_or_else(|e| panic!("{version}: {e}"));
            assert_eq!(r.version, version);
            assert!(!r.tasks.is_empty() && r.plan.runbooks.is_empty());
        }
    }
}
