//! Rehearsals against the archive: a rehearsal of an earlier version whose
//! runbook steps have changed since -> a warning ("rehearse again"). The
//! rehearsed version's runbook is read from its archived `plan.json`.

use std::collections::BTreeMap;

use crate::archive::Archive;
use crate::diag::Diagnostic;
use crate::model::Plan;
use crate::plan_json::{Record, RunbookRecord, Shown, StepRecord};

/// What must match for a rehearsal to still stand for a step: its
/// duration, what it waits for and what kind of step it is (the fields of
/// [`StepRecord`]). Titles and owners may change without a new rehearsal.
pub fn check(plan: &Plan, archive: Option<&Archive>, out: &mut Vec<Diagnostic>) {
    let Some(archive) = archive else {
        return;
    };
    let current = plan.meta.version.value.to_string();
    for r in &plan.rehearsals {
        let version = r.version.value.to_string();
        if version == current {
            continue;
        }
        let Some(json) = archive.read(&version, "plan.json") else {
            continue;
        };
        let Ok(old) = Record::read(&json) else {
            continue;
        };
        let Some(now) = plan.runbooks.iter().find(|b| b.id.value == r.runbook.value) else {
            continue;
        };
        // The current runbook as plan.json writes it, read as the record.
        let Ok(now) = serde_json::to_value(now).and_then(serde_json::from_value::<RunbookRecord>)
        else {
            continue;
        };
        let then = old.plan.runbooks.iter().find(|b| b.id == r.runbook.value);
        let changes = differences(&steps(then), &steps(Some(&now)));
        if changes.is_empty() {
            continue;
        }
        out.push(
            Diagnostic::warning(
                r.version.pos,
                format!(
                    "the runbook `{}` changed since version {version} was rehearsed ({}): rehearse again",
                    r.runbook.value,
                    changes.join("; ")
                ),
            )
            .with_hint("the rehearsed durations still feed the forecast, but they were measured on other steps; record a new rehearsal of this version"),
        );
    }
}

/// Step id -> the fields that matter, for steps and rollback steps.
fn steps(runbook: Option<&RunbookRecord>) -> BTreeMap<String, [Shown; 4]> {
    runbook
        .into_iter()
        .flat_map(|rb| rb.steps.iter().chain(&rb.rollback))
        .map(|s: &StepRecord| {
            let fields = [
                s.duration.clone(),
                s.after.clone(),
                s.not_before.clone(),
                s.kind.clone(),
            ];
            (s.id.clone(), fields)
        })
        .collect()
}

fn differences(
    then: &BTreeMap<String, [Shown; 4]>,
    now: &BTreeMap<String, [Shown; 4]>,
) -> Vec<String> {
    let list = |ids: Vec<&String>| {
        ids.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let added: Vec<&String> = now.keys().filter(|k| !then.contains_key(*k)).collect();
    let removed: Vec<&String> = then.keys().filter(|k| !now.contains_key(*k)).collect();
    let changed: Vec<&String> = now
        .iter()
        .filter(|(k, v)| then.get(*k).is_some_and(|t| t != *v))
        .map(|(k, _)| k)
        .collect();
    let mut out = Vec::new();
    if !added.is_empty() {
        out.push(format!("steps added: {}", list(added)));
    }
    if !removed.is_empty() {
        out.push(format!("steps removed: {}", list(removed)));
    }
    if !changed.is_empty() {
        out.push(format!("steps changed: {}", list(changed)));
    }
    out
}
