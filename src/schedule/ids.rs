//! The plan's milestone, task, runbook and step ids -> constant-time
//! lookup: an exact match, else a unique case-insensitive one, else a "did
//! you mean".
//!
//! Ids are unique across milestones, tasks, runbooks and steps (validation
//! reports duplicates); here the first one written wins, milestones before
//! tasks before runbooks.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap as HashMap;

use crate::model::Plan;
use crate::suggest;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Milestone(usize),
    Task(usize),
    /// A runbook (index into `Plan::runbooks`).
    Runbook(usize),
    /// A step: its runbook, and its index in `Runbook::all_steps` (at or
    /// past `steps.len()` for a rollback step).
    Step(usize, usize),
}

/// The same lookup as [`Ids`], owning its keys, so that a [`super::Schedule`]
/// can keep it (built once per plan, not once per prose anchor).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdIndex {
    exact: HashMap<String, Target>,
    folded: HashMap<String, Option<Target>>,
}

impl IdIndex {
    /// The lookup the schedule already built, kept.
    pub fn new(ids: Ids<'_>) -> IdIndex {
        IdIndex {
            exact: ids.exact.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            folded: ids.folded,
        }
    }

    pub fn find(&self, id: &str) -> Option<Target> {
        self.exact
            .get(id)
            .copied()
            .or_else(|| self.folded.get(&id.to_lowercase()).copied().flatten())
    }
}

pub struct Ids<'p> {
    plan: &'p Plan,
    exact: HashMap<&'p str, Target>,
    /// Lower-cased id -> the target, or `None` when two ids fold together.
    folded: HashMap<String, Option<Target>>,
}

impl<'p> Ids<'p> {
    pub fn new(plan: &'p Plan) -> Ids<'p> {
        let mut ids = Ids {
            plan,
            exact: HashMap::default(),
            folded: HashMap::default(),
        };
        let milestones = plan.milestones.iter().enumerate();
        let milestones = milestones.map(|(i, (id, _))| (id.value.as_str(), Target::Milestone(i)));
        let tasks = plan.tasks.iter().enumerate();
        let tasks = tasks.map(|(i, t)| (t.id.value.as_str(), Target::Task(i)));
        let runbooks = plan.runbooks.iter().enumerate().flat_map(|(r, rb)| {
            let steps = rb.all_steps().enumerate();
            std::iter::once((rb.id.value.as_str(), Target::Runbook(r)))
                .chain(steps.map(move |(i, s)| (s.id.value.as_str(), Target::Step(r, i))))
        });
        for (id, target) in milestones.chain(tasks).chain(runbooks) {
            if ids.exact.contains_key(id) {
                continue;
            }
            ids.exact.insert(id, target);
            match ids.folded.entry(id.to_lowercase()) {
                Entry::Vacant(e) => {
                    e.insert(Some(target));
                }
                Entry::Occupied(mut e) => {
                    e.insert(None);
                }
            }
        }
        ids
    }

    pub fn find(&self, id: &str) -> Option<Target> {
        self.exact
            .get(id)
            .copied()
            .or_else(|| self.folded.get(&id.to_lowercase()).copied().flatten())
    }

    /// The id as the plan writes it.
    pub fn name(&self, target: Target) -> &'p str {
        match target {
            Target::Milestone(i) => self.plan.milestones[i].0.value.as_str(),
            Target::Task(i) => self.plan.tasks[i].id.value.as_str(),
            Target::Runbook(r) => self.plan.runbooks[r].id.value.as_str(),
            Target::Step(r, i) => self.plan.runbooks[r]
                .all_steps()
                .nth(i)
                .map_or("", |s| s.id.value.as_str()),
        }
    }

    /// "did you mean `x`?" over every milestone and task id; for something
    /// that looks like a date with a time, how dates are written.
    pub fn suggest(&self, id: &str) -> Option<String> {
        let b = id.as_bytes();
        if b.len() > 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[10] == b'T' {
            return Some(format!(
                "a date is written `{}`; task dates have no time of day (only freeze windows take `at HH:MM`)",
                &id[..10]
            ));
        }
        suggest_id(self.plan, id)
    }

    /// The message for an id that names nothing (or, folded to lower
    /// case, more than one thing).
    pub fn unknown(&self, id: &str) -> String {
        if let Some(None) = self.folded.get(&id.to_lowercase()) {
            let lower = id.to_lowercase();
            let mut same: Vec<String> = self
                .exact
                .keys()
                .filter(|k| k.to_lowercase() == lower)
                .map(|k| format!("`{k}`"))
                .collect();
            same.sort();
            return format!(
                "`{id}` could mean {}: these ids differ only in case; write one exactly",
                same.join(" or ")
            );
        }
        unknown_id(self.plan, id)
    }
}

/// "did you mean `x`?" over every milestone, task, runbook and step id of
/// `plan` (rollback steps left out: they have no time to anchor on).
pub fn suggest_id(plan: &Plan, id: &str) -> Option<String> {
    let milestones = plan.milestones.iter().map(|(m, _)| m.value.as_str());
    let tasks = plan.tasks.iter().map(|t| t.id.value.as_str());
    let runbooks = plan.runbooks.iter().flat_map(|rb| {
        std::iter::once(rb.id.value.as_str()).chain(rb.steps.iter().map(|s| s.id.value.as_str()))
    });
    suggest::did_you_mean(id, milestones.chain(tasks).chain(runbooks))
}

/// The message for an id that names nothing (steps are named only in
/// plans that have runbooks).
pub fn unknown_id(plan: &Plan, id: &str) -> String {
    if plan.runbooks.is_empty() {
        format!("no milestone or task has the id `{id}`")
    } else {
        format!("no milestone, task, runbook or step has the id `{id}`")
    }
}
