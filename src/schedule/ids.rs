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

    /// "did you mean `x`?" over every milestone and task id.
    pub fn suggest(&self, id: &str) -> Option<String> {
        let milestones = self.plan.milestones.iter().map(|(m, _)| m.value.as_str());
        let tasks = self.plan.tasks.iter().map(|t| t.id.value.as_str());
        suggest::did_you_mean(id, milestones.chain(tasks))
    }

    /// The message for an id that names nothing.
    pub fn unknown(&self, id: &str) -> String {
        format!("no milestone or task has the id `{id}`")
    }
}
