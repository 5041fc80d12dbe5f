//! Runbooks, rehearsals and test environments -> every structural mistake
//! (ids, durations, `after`, gates and deciders, rehearsed steps,
//! `copy_of`) and the warnings that need no times (no owner, no criteria,
//! a copy of production with nothing disabled). Checks that need times are
//! in `schedule/runbook_checks.rs`.

use std::collections::{HashMap, HashSet};

use super::refs::{check_id_syntax, reference};
use crate::diag::Diagnostic;
use crate::model::{Plan, Sp, Step, StepKind, SystemRole, runbook::parse_duration};
use crate::suggest;

pub fn check(plan: &Plan, out: &mut Vec<Diagnostic>) {
    ids(plan, out);
    let people: Vec<&str> = plan
        .stakeholders
        .iter()
        .map(|s| s.id.value.as_str())
        .collect();
    let people_set: HashSet<&str> = people.iter().copied().collect();
    for rb in &plan.runbooks {
        if rb.title.value.trim().is_empty() {
            out.push(Diagnostic::error(
                rb.title.pos,
                "a runbook's `title` cannot be empty",
            ));
        }
        if rb.steps.is_empty() {
            out.push(
                Diagnostic::error(rb.id.pos, format!("runbook `{}` has no steps", rb.id.value))
                    .with_hint("list its steps under `steps:`, each with id, title and duration"),
            );
        }
        for list in [&rb.steps, &rb.rollback] {
            for (i, s) in list.iter().enumerate() {
                step(s, &list[..i], list, out);
                deciders(s, &people_set, &people, out);
            }
        }
    }
    rehearsals(plan, out);
    test_environments(plan, out);
}

/// Runbook and step ids share one namespace with tasks and milestones.
fn ids(plan: &Plan, out: &mut Vec<Diagnostic>) {
    if plan.runbooks.is_empty() {
        return;
    }
    let mut seen: HashMap<&str, &Sp<String>> = HashMap::new();
    let plan_ids = plan
        .milestones
        .iter()
        .map(|(id, _)| id)
        .chain(plan.tasks.iter().map(|t| &t.id));
    for id in plan_ids {
        seen.entry(id.value.as_str()).or_insert(id);
    }
    for rb in &plan.runbooks {
        for (kind, id) in
            std::iter::once(("runbook", &rb.id)).chain(rb.all_steps().map(|s| ("step", &s.id)))
        {
            check_id_syntax(kind, id, out);
            if id.value.ends_with(".end") {
                out.push(
                    Diagnostic::error(id.pos, format!("{kind} id `{}` ends in `.end`", id.value))
                        .with_hint("`.start` and `.end` select a step's times in when-rules; rename the id"),
                );
            }
            match seen.get(id.value.as_str()) {
                Some(first) => out.push(
                    Diagnostic::error(id.pos, format!("{kind} id `{}` is used twice", id.value))
                        .with_note(Some(first.pos), "first used here")
                        .with_hint("runbooks, steps, tasks and milestones share one set of ids: rename one of them"),
                ),
                None => {
                    seen.insert(&id.value, id);
                }
            }
        }
    }
}

/// One step: its title, duration, `after` (earlier steps of the same list
/// only, so a runbook can never wait on itself) and kind.
fn step(s: &Step, earlier: &[Step], list: &[Step], out: &mut Vec<Diagnostic>) {
    if s.title.value.trim().is_empty() {
        out.push(Diagnostic::error(
            s.title.pos,
            "a step's `title` cannot be empty",
        ));
    }
    if let Err(msg) = parse_duration(&s.duration.value) {
        out.push(
            Diagnostic::error(s.duration.pos, msg)
                .with_hint("durations are elapsed time: `45m`, `2h`, `1h30m`, `1d` (24 hours)"),
        );
    }
    for a in s.after_ids().unwrap_or_default() {
        if earlier.iter().any(|e| e.id.value == a.value) {
            continue;
        }
        let msg = if a.value == s.id.value {
            format!("step `{}` cannot follow itself", s.id.value)
        } else if list.iter().any(|e| e.id.value == a.value) {
            format!(
                "step `{}` is written after `{}`: `after` names earlier steps only",
                a.value, s.id.value
            )
        } else {
            format!("no step of this list has the id `{}`", a.value)
        };
        let hint = suggest::did_you_mean(&a.value, earlier.iter().map(|e| e.id.value.as_str()))
            .unwrap_or_else(|| "steps run in the order written; `after` names steps above this one in the same list (`steps` or `rollback`)".into());
        out.push(Diagnostic::error(a.pos, msg).with_hint(hint));
    }
    let gate = s.kind() == StepKind::Gate;
    if gate && s.criteria.is_empty() {
        out.push(
            Diagnostic::warning(s.id.pos, format!("gate `{}` has no criteria", s.id.value))
                .with_hint("list under `criteria:` what must be true to decide go"),
        );
    }
    // A gate with deciders is owned by them.
    let decided = gate && !s.deciders.is_empty();
    if s.owner.is_none() && !decided {
        out.push(
            Diagnostic::warning(s.id.pos, format!("step `{}` has no owner", s.id.value)).with_hint(
                "add `owner:` (a role label or a stakeholder id): on the night, someone must do it",
            ),
        );
    }
}

fn deciders(s: &Step, known: &HashSet<&str>, people: &[&str], out: &mut Vec<Diagnostic>) {
    match (s.kind() == StepKind::Gate, s.deciders.first()) {
        (true, None) => out.push(
            Diagnostic::error(s.id.pos, format!("gate `{}` has no deciders", s.id.value))
                .with_hint(
                    "add `deciders: [stakeholder-id, ...]`: the people who decide go or no-go",
                ),
        ),
        (false, Some(d)) => out.push(
            Diagnostic::error(
                d.pos,
                format!("step `{}` has deciders but is not a gate", s.id.value),
            )
            .with_hint("add `kind: gate`, or remove `deciders`"),
        ),
        _ => {}
    }
    for d in &s.deciders {
        reference("stakeholder", d, known, people.iter().copied(), out);
    }
}

fn rehearsals(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let runbooks: Vec<&str> = plan.runbooks.iter().map(|r| r.id.value.as_str()).collect();
    for reh in &plan.rehearsals {
        let Some(rb) = plan
            .runbooks
            .iter()
            .find(|r| r.id.value == reh.runbook.value)
        else {
            let hint =
                suggest::did_you_mean(&reh.runbook.value, runbooks.iter().copied()).or_else(|| {
                    runbooks.is_empty().then(|| {
                        "a rehearsal rehearses a runbook: define it under `runbooks:`".to_string()
                    })
                });
            out.push(
                Diagnostic::error(
                    reh.runbook.pos,
                    format!("no runbook has the id `{}`", reh.runbook.value),
                )
                .with_hint_opt(hint),
            );
            continue;
        };
        for (id, d) in &reh.durations.0 {
            if !rb.all_steps().any(|s| s.id.value == id.value) {
                out.push(
                    Diagnostic::error(
                        id.pos,
                        format!("runbook `{}` has no step `{}`", rb.id.value, id.value),
                    )
                    .with_hint_opt(suggest::did_you_mean(
                        &id.value,
                        rb.all_steps().map(|s| s.id.value.as_str()),
                    )),
                );
            }
            if let Err(msg) = parse_duration(&d.value) {
                out.push(
                    Diagnostic::error(d.pos, msg)
                        .with_hint("write the measured time, e.g. `2h40m`"),
                );
            }
        }
        if let Some(env) = &reh.environment
            && let Some(sys) = plan.system(env.value.trim())
            && sys
                .role
                .as_ref()
                .is_some_and(|r| r.value == SystemRole::Test)
            && sys.disabled.is_empty()
        {
            out.push(
                Diagnostic::warning(env.pos, format!("rehearsal on `{}`: a copy of production with nothing disabled can send real messages", sys.id.value))
                    .with_note(Some(sys.id.pos), "the test environment")
                    .with_hint("list under `disabled:` what is switched off in the copy (SMS, e-mail, integrations, payments)"),
            );
        }
    }
}

fn test_environments(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let systems: Vec<&str> = plan.inventory.iter().map(|s| s.id.value.as_str()).collect();
    let known: HashSet<&str> = systems.iter().copied().collect();
    for sys in &plan.inventory {
        let Some(c) = &sys.copy_of else { continue };
        if c.value == sys.id.value {
            out.push(
                Diagnostic::error(c.pos, "an environment cannot be a copy of itself")
                    .with_hint("name the production system it was copied from"),
            );
        } else {
            reference("inventory", c, &known, systems.iter().copied(), out);
        }
    }
}
