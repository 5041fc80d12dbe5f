//! Progress events + the plan's dates -> diagnostics: every event names a
//! known task and stakeholder, happened between the project start and the
//! as-of date, never finishes before it started, and decides only gates.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use crate::diag::{Diagnostic, FileId};
use crate::model::{Plan, TaskStatus};
use crate::suggest;

/// The plan's gates: gate id -> the stakeholder ids who decide it. Gates
/// are runbook steps of `kind: gate` (see `Plan::gates`).
pub type Gates<'a> = BTreeMap<&'a str, Vec<&'a str>>;

/// The gates of `plan`, from its runbooks.
pub fn gates(plan: &Plan) -> Gates<'_> {
    plan.gates()
        .into_iter()
        .map(|(id, deciders)| {
            let deciders = deciders.iter().map(|d| d.value.as_str()).collect();
            (id.value.as_str(), deciders)
        })
        .collect()
}

/// Checks every progress event. `project_start`: the `project-start`
/// milestone's date, when the plan has one and it could be computed.
/// `broken`: files whose YAML had errors; the loader stepped over their bad
/// lines, so a key missing there is a follow-on, not a finding.
pub fn check(
    plan: &Plan,
    project_start: Option<NaiveDate>,
    as_of: NaiveDate,
    gates: &Gates,
    broken: &[FileId],
    out: &mut Vec<Diagnostic>,
) {
    // Lists in plan order for "did you mean" (ties go to the first
    // written), sets for the lookups.
    let task_list: Vec<&str> = plan.tasks.iter().map(|t| t.id.value.as_str()).collect();
    let people_list: Vec<&str> = plan
        .stakeholders
        .iter()
        .map(|s| s.id.value.as_str())
        .collect();
    let task_ids: HashSet<&str> = task_list.iter().copied().collect();
    // Runbook steps (and rollback steps) take progress too: their actual
    // times show on the runbook page.
    let step_list: Vec<&str> = plan
        .runbooks
        .iter()
        .flat_map(|rb| rb.all_steps())
        .map(|s| s.id.value.as_str())
        .collect();
    let step_ids: HashSet<&str> = step_list.iter().copied().collect();
    let people: HashSet<&str> = people_list.iter().copied().collect();
    for e in &plan.progress {
        let id = e.task.value.as_str();
        let is_gate = gates.contains_key(id);
        if !task_ids.contains(&id) && !is_gate && !step_ids.contains(&id) {
            out.push(
                Diagnostic::error(
                    e.task.pos,
                    format!("progress on `{id}`, which is not a task or runbook step of the plan"),
                )
                .with_hint_opt(
                    suggest::did_you_mean(
                        id,
                        task_list.iter().copied().chain(step_list.iter().copied()),
                    )
                    .or_else(|| Some("`task` names a task or a runbook step by its `id`".into())),
                ),
            );
        }
        let day = e.at.value.date();
        if let Some(start) = project_start
            && day < start
        {
            out.push(
                Diagnostic::error(
                    e.at.pos,
                    format!("progress dated {day}, before the project starts ({start})"),
                )
                .with_hint(
                    "check the date: the `project-start` milestone is the earliest an event can be",
                ),
            );
        }
        if day > as_of {
            out.push(
                Diagnostic::error(
                    e.at.pos,
                    format!("progress dated {day}, after the as-of date ({as_of})"),
                )
                .with_hint("progress records what has happened: date it today or earlier (or pass a later --as-of)"),
            );
        }
        if let Some(by) = &e.by
            && !people.contains(&by.value.as_str())
        {
            out.push(
                Diagnostic::error(by.pos, format!("`{}` is not a stakeholder", by.value))
                    .with_hint_opt(
                        suggest::did_you_mean(&by.value, people_list.iter().copied())
                            .or_else(|| Some("`by` names a stakeholder by their `id`".into())),
                    ),
            );
        }
        match (&e.decision, gates.get(id)) {
            (Some(d), None) if task_ids.contains(&id) || step_ids.contains(&id) => out.push(
                Diagnostic::error(d.pos, format!("`{id}` is not a gate: only a gate takes a `decision`"))
                    .with_hint("record a task's progress with `status:` (todo, doing, done, blocked or skipped)"),
            ),
            (Some(_), Some(deciders)) => match &e.by {
                Some(by) if deciders.contains(&by.value.as_str()) => {}
                Some(by) => out.push(
                    Diagnostic::error(by.pos, format!("`{}` is not one of the deciders of gate `{id}`", by.value))
                        .with_hint(format!("the gate's deciders: {}", deciders.join(", "))),
                ),
                None => out.push(
                    Diagnostic::error(e.task.pos, format!("a decision on gate `{id}` needs `by:`, one of its deciders"))
                        .with_hint(format!("the gate's deciders: {}", deciders.join(", "))),
                ),
            },
            _ => {}
        }
        if e.status.is_none() && e.decision.is_none() && !broken.contains(&e.at.pos.file) {
            out.push(
                Diagnostic::error(e.at.pos, format!("progress on `{id}` has no `status:`"))
                    .with_hint("add `status:` (todo, doing, done, blocked or skipped): what happened at this moment"),
            );
        }
    }
    done_before_doing(plan, out);
}

/// A `done` dated before a `doing` of the same task: one of the two dates is
/// wrong (read in `at` order, the task would be started after it finished).
/// Each `done` is compared with the latest `doing` of its task.
fn done_before_doing(plan: &Plan, out: &mut Vec<Diagnostic>) {
    use crate::model::ProgressEvent;
    let status_of = |e: &ProgressEvent| e.status.as_ref().map(|s| s.value);
    let mut latest_doing: HashMap<&str, &ProgressEvent> = HashMap::new();
    for e in plan
        .progress
        .iter()
        .filter(|e| status_of(e) == Some(TaskStatus::Doing))
    {
        let slot = latest_doing.entry(e.task.value.as_str()).or_insert(e);
        if e.at.value.at > slot.at.value.at {
            *slot = e;
        }
    }
    for done in plan
        .progress
        .iter()
        .filter(|e| status_of(e) == Some(TaskStatus::Done))
    {
        let Some(doing) = latest_doing.get(done.task.value.as_str()) else {
            continue;
        };
        if doing.at.value.at > done.at.value.at {
            out.push(
                Diagnostic::error(
                    done.at.pos,
                    format!(
                        "`{}` is done at {}, before it was started ({})",
                        done.task.value, done.at.value, doing.at.value
                    ),
                )
                .with_note(Some(doing.at.pos), "started here")
                .with_hint("a task finishes after it starts: correct one of the two dates"),
            );
        }
    }
}
