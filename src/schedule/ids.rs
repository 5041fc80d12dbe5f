//! The plan's milestone and task ids -> constant-time lookup: an exact match,
//! else a unique case-insensitive one, else a "did you mean".
//!
//! Ids are unique across milestones and tasks (validation reports
//! duplicates); here the first one written wins, milestones before tasks.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::model::Plan;
use crate::suggest;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Milestone(usize),
    Task(usize),
}

/// The same lookup as [`Ids`], owning its keys, so that a [`super::Schedule`]
/// can keep it (built once per plan, not once per prose anchor).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdIndex {
    exact: HashMap<String, Target>,
    folded: HashMap<String, Option<Target>>,
}

impl IdIndex {
    pub fn new(plan: &Plan) -> IdIndex {
        let ids = Ids::new(plan);
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
            exact: HashMap::new(),
            folded: HashMap::new(),
        };
        let milestones = plan.milestones.iter().enumerate();
        let milestones = milestones.map(|(i, (id, _))| (id.value.as_str(), Target::Milestone(i)));
        let tasks = plan.tasks.iter().enumerate();
        let tasks = tasks.map(|(i, t)| (t.id.value.as_str(), Target::Task(i)));
        for (id, target) in milestones.chain(tasks) {
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
        if self.plan.step(id).is_some() || self.plan.runbooks.iter().any(|r| r.id.value == id) {
            return format!(
                "`{id}` is a runbook or runbook step: its times cannot anchor task, milestone or runbook dates (yet)"
            );
        }
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
        unknown_id(id)
    }
}

/// "did you mean `x`?" over every milestone and task id of `plan`.
pub fn suggest_id(plan: &Plan, id: &str) -> Option<String> {
    let milestones = plan.milestones.iter().map(|(m, _)| m.value.as_str());
    let tasks = plan.tasks.iter().map(|t| t.id.value.as_str());
    suggest::did_you_mean(id, milestones.chain(tasks))
}

/// The message for an id that names nothing.
pub fn unknown_id(id: &str) -> String {
    format!("no milestone or task has the id `{id}`")
}
