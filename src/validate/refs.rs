//! Ids and references: unique ids, and every reference (phase, parent,
//! after, inventory, stakeholder) naming something that exists.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::diag::Diagnostic;
use crate::model::{Plan, Sp};
use crate::suggest;

/// Reports ids defined twice within one namespace; returns nothing else.
fn unique<'a>(
    kind: &str,
    ids: impl IntoIterator<Item = &'a Sp<String>>,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, &Sp<String>> = HashMap::default();
    for id in ids {
        check_id_syntax(kind, id, out);
        if let Some(first) = seen.get(id.value.as_str()) {
            out.push(
                Diagnostic::error(id.pos, format!("{kind} id `{}` is used twice", id.value))
                    .with_note(Some(first.pos), "first used here")
                    .with_hint("ids must be unique: rename one of them"),
            );
        } else {
            seen.insert(&id.value, id);
        }
    }
}

/// Ids are referred to in when-rules (`2 days before <id>`): they must be one
/// word.
pub(super) fn check_id_syntax(kind: &str, id: &Sp<String>, out: &mut Vec<Diagnostic>) {
    let v = id.value.as_str();
    let ok = !v.is_empty()
        && v.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !ok {
        let suggestion: String = v
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        out.push(
            Diagnostic::error(id.pos, format!("{kind} id `{v}` is not a valid id"))
                .with_hint(match suggestion.trim_matches('-') {
                "" => {
                    "ids are one word of letters, digits, `-`, `_` and `.`, e.g. `order-hardware`"
                        .to_string()
                }
                s => format!("ids are one word of letters, digits, `-`, `_` and `.` (e.g. `{s}`)"),
            }),
        );
    } else if v.ends_with(".start") || v.ends_with(".due") {
        out.push(
            Diagnostic::error(
                id.pos,
                format!("{kind} id `{v}` ends in `.start` or `.due`"),
            )
            .with_hint("those endings select a task's dates in when-rules; rename the id"),
        );
    }
}

pub fn check(plan: &Plan, out: &mut Vec<Diagnostic>) {
    // Tasks and milestones share one namespace (both are when-rule anchors).
    unique(
        "task or milestone",
        plan.milestones
            .iter()
            .map(|(id, _)| id)
            .chain(plan.tasks.iter().map(|t| &t.id)),
        out,
    );
    unique("inventory", plan.inventory.iter().map(|s| &s.id), out);
    unique("dataset", plan.datasets.iter().map(|d| &d.id), out);
    unique("add-on", plan.addons.iter().map(|a| &a.id), out);
    unique("stakeholder", plan.stakeholders.iter().map(|s| &s.id), out);
    unique("risk", plan.risks.iter().map(|r| &r.id), out);

    let mut phases = HashSet::default();
    for p in &plan.phases {
        if !phases.insert(p.value.as_str()) {
            out.push(
                Diagnostic::error(p.pos, format!("phase `{}` is listed twice", p.value))
                    .with_hint("remove the second entry"),
            );
        }
    }

    let tasks: HashSet<&str> = plan.tasks.iter().map(|t| t.id.value.as_str()).collect();
    let systems: Vec<&str> = plan.inventory.iter().map(|s| s.id.value.as_str()).collect();
    let people: Vec<&str> = plan
        .stakeholders
        .iter()
        .map(|s| s.id.value.as_str())
        .collect();

    for t in &plan.tasks {
        if let Some(p) = &t.phase
            && !phases.contains(p.value.as_str())
        {
            let hint = if plan.phases.is_empty() {
                Some("list the phases first: `phases: [...]`".to_string())
            } else {
                suggest::did_you_mean(&p.value, plan.phases.iter().map(|p| p.value.as_str()))
            };
            out.push(
                Diagnostic::error(
                    p.pos,
                    format!("phase `{}` is not listed in `phases`", p.value),
                )
                .with_hint_opt(hint),
            );
        }
        if let Some(parent) = &t.parent {
            if parent.value == t.id.value {
                out.push(Diagnostic::error(
                    parent.pos,
                    "a task cannot be its own parent",
                ));
            } else {
                reference(
                    "task",
                    parent,
                    &tasks,
                    plan.tasks.iter().map(|t| t.id.value.as_str()),
                    out,
                );
            }
        }
        for a in t.after_ids() {
            if a.value == t.id.value {
                out.push(Diagnostic::error(a.pos, "a task cannot follow itself"));
            } else {
                reference(
                    "task",
                    &a,
                    &tasks,
                    plan.tasks.iter().map(|t| t.id.value.as_str()),
                    out,
                );
            }
        }
    }
    parent_cycles(plan, out);

    let system_set: HashSet<&str> = systems.iter().copied().collect();
    for d in &plan.datasets {
        for r in [&d.from, &d.to].into_iter().flatten() {
            reference("inventory", r, &system_set, systems.iter().copied(), out);
        }
    }
    for f in &plan.freeze {
        for s in &f.systems {
            reference("inventory", s, &system_set, systems.iter().copied(), out);
        }
    }
    for t in &plan.tasks {
        for s in &t.writes {
            reference("inventory", s, &system_set, systems.iter().copied(), out);
        }
    }
    for a in &plan.addons {
        if let Some(r) = &a.integrates_with {
            reference("inventory", r, &system_set, systems.iter().copied(), out);
        }
    }
    let people_set: HashSet<&str> = people.iter().copied().collect();
    for s in &plan.signoffs {
        reference(
            "stakeholder",
            &s.by,
            &people_set,
            people.iter().copied(),
            out,
        );
    }
}

pub(super) fn reference<'a, S: std::hash::BuildHasher>(
    kind: &str,
    r: &Sp<String>,
    known: &std::collections::HashSet<&str, S>,
    candidates: impl IntoIterator<Item = &'a str>,
    out: &mut Vec<Diagnostic>,
) {
    if !known.contains(r.value.as_str()) {
        out.push(
            Diagnostic::error(r.pos, format!("no {kind} has the id `{}`", r.value))
                .with_hint_opt(suggest::did_you_mean(&r.value, candidates)),
        );
    }
}

/// `a` parent of `b` parent of `a`: reported once per cycle.
fn parent_cycles(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let index = plan.task_index();
    // 0 = unvisited, 1 = on the current walk, 2 = done.
    let mut state = vec![0u8; plan.tasks.len()];
    for start in 0..plan.tasks.len() {
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            match state[i] {
                2 => break,
                1 => {
                    let from = path.iter().position(|&p| p == i).unwrap_or(0);
                    let cycle: Vec<&str> = path[from..]
                        .iter()
                        .chain(std::iter::once(&i))
                        .map(|&k| plan.tasks[k].id.value.as_str())
                        .collect();
                    let t = &plan.tasks[i];
                    let pos = t.parent.as_ref().map_or(t.id.pos, |p| p.pos);
                    out.push(
                        Diagnostic::error(
                            pos,
                            format!("tasks are each other's parents: {}", cycle.join(" -> ")),
                        )
                        .with_hint("a sub-task's parent must be a task higher up the tree"),
                    );
                    break;
                }
                _ => {}
            }
            state[i] = 1;
            path.push(i);
            cur = plan.tasks[i]
                .parent
                .as_ref()
                .and_then(|p| index.get(p.value.as_str()).copied());
        }
        for p in path {
            state[p] = 2;
        }
    }
}
