//! The archive -> the baseline: the schedule of the latest approved version,
//! read from `output/<version>/plan.json` of the newest version the
//! archive records as approved. Progress is measured against it (variance
//! in working days).

use std::collections::HashMap;

use chrono::NaiveDate;

/// The approved schedule progress is measured against.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Baseline {
    /// The approved version it comes from ("1.2.0").
    pub version: String,
    /// Task id -> its due date in that version.
    pub due: HashMap<String, NaiveDate>,
}

/// The baseline for a plan at `current` (its version): the newest version
/// in `archive` that was ever approved (the archive's log says so) and is
/// not newer than `current`. None when no version is approved yet, or there
/// is no verified archive (the caller opens it with `Archive::open_read`: a
/// baseline read from a damaged archive would be a guess).
pub fn load(archive: &crate::archive::Archive, current: &semver::Version) -> Option<Baseline> {
    let version = archive
        .versions()
        .into_iter()
        .filter(|p| archive.approved(&p.version).is_some())
        .filter_map(|p| semver::Version::parse(&p.version).ok())
        .filter(|v| v <= current)
        .max()?
        .to_string();
    let bytes = archive.read(&version, "plan.json")?;
    from_plan_json(&version, &bytes)
}

/// The baseline of a plan that is itself approved: its own schedule (it is
/// the latest approved version), so that its pages say the same before and
/// after it is archived.
pub fn of_own(plan: &crate::model::Plan, schedule: &crate::schedule::Schedule) -> Baseline {
    Baseline {
        version: plan.meta.version.value.to_string(),
        due: plan
            .tasks
            .iter()
            .zip(&schedule.tasks)
            .map(|(t, d)| (t.id.value.clone(), d.due.date))
            .collect(),
    }
}

/// The task due dates of a `plan.json`.
pub fn from_plan_json(version: &str, bytes: &[u8]) -> Option<Baseline> {
    let p = crate::plan_json::Record::read(bytes).ok()?;
    Some(Baseline {
        version: version.to_string(),
        due: p.tasks.into_iter().map(|r| (r.id, r.due)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_task_due_dates() {
        let v1 = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/archive-v1/output/1.0.0/plan.json");
        let b = from_plan_json("1.0.0", &std::fs::read(v1).unwrap()).unwrap();
        // `schedule-migration` is due 8 weeks before Sat 16 Jan 2027, moved
        // back to Friday.
        assert_eq!(
            b.due["schedule-migration"],
            NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
        );
        assert!(from_plan_json("1.0.0", b"{}").is_none());
    }
}
