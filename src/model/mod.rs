//! The plan as the loader hands it on: every YAML file merged into one
//! [`Plan`], plus the Markdown [`Section`]s, with positions kept.

pub mod people;
pub mod runbook;
pub mod spanned;
pub mod types;

pub use people::{Absence, Ids, MilestoneDef, Owner};
pub use runbook::{Rehearsal, Runbook, Step};
pub use spanned::{OneOrMany, OrderedMap, Sp, Text};
pub use types::*;

use crate::diag::{FileId, Pos};

/// A narrative section: one Markdown file under `content/`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Section {
    #[serde(skip)]
    pub file: FileId,
    /// The path under `content/` without extension, `/`-separated; a stable
    /// identifier for links (`rollback`, `appendix/contacts`).
    pub slug: String,
    pub title: Sp<String>,
    pub order: i64,
    /// The Markdown after the front matter.
    pub body: String,
    /// The line of `content` in its file where `body` starts (1-based).
    #[serde(skip)]
    pub body_line: u32,
}

/// The whole plan: all `content/` files merged in path order.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Plan {
    pub meta: Sp<PlanMeta>,
    pub calendar: CalendarDef,
    /// Milestone id -> when-rule, in the order written.
    pub milestones: Vec<(Sp<String>, Sp<String>)>,
    /// Milestone id -> title, for milestones written `{when, title}` (v2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub milestone_titles: Vec<(String, String)>,
    pub key_questions: Option<Sp<KeyQuestions>>,
    pub inventory: Vec<System>,
    pub datasets: Vec<Dataset>,
    pub freeze: Vec<Freeze>,
    pub addons: Vec<Addon>,
    pub stakeholders: Vec<Stakeholder>,
    pub signoffs: Vec<Signoff>,
    pub phases: Vec<Sp<String>>,
    pub tasks: Vec<Task>,
    pub revisions: Vec<Revision>,
    pub risks: Vec<Risk>,
    /// (Left out of `plan.json` when empty, so that plans without them
    /// export as before.)
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub runbooks: Vec<Runbook>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rehearsals: Vec<Rehearsal>,
    /// Progress events, in file order (the progress stage orders them by
    /// `at`).
    pub progress: Vec<ProgressEvent>,
    /// Sorted by (`order`, path).
    pub sections: Vec<Section>,
}

impl Plan {
    /// Task id -> its index in `tasks` (ids are unique once validated; on
    /// a duplicate, the later one wins).
    pub fn task_index(&self) -> rustc_hash::FxHashMap<&str, usize> {
        self.tasks
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.value.as_str(), i))
            .collect()
    }

    pub fn stakeholder(&self, id: &str) -> Option<&Stakeholder> {
        self.stakeholders.iter().find(|s| s.id.value == id)
    }

    /// What pages show for a milestone: its `title`, else its id.
    pub fn milestone_title<'a>(&'a self, id: &'a str) -> &'a str {
        self.milestone_titles
            .iter()
            .find(|(m, _)| m == id)
            .map_or(id, |(_, t)| t.as_str())
    }

    pub fn system(&self, id: &str) -> Option<&System> {
        self.inventory.iter().find(|s| s.id.value == id)
    }

    /// Every task's nesting depth (0 for a task without a parent) and phase
    /// (its own, else its nearest ancestor's), index-aligned with `tasks`.
    /// Linear in the number of tasks whatever the depth: each task is
    /// resolved once, from its parent's answer. A parent cycle (a validation
    /// error) ends the walk instead of looping.
    pub fn depths_and_phases(&self) -> (Vec<usize>, Vec<Option<&str>>) {
        const UNKNOWN: usize = usize::MAX;
        const ON_PATH: usize = usize::MAX - 1;
        let n = self.tasks.len();
        let mut index = std::collections::HashMap::with_capacity(n);
        for (i, t) in self.tasks.iter().enumerate() {
            index.entry(t.id.value.as_str()).or_insert(i);
        }
        let parent = |i: usize| {
            let p = self.tasks[i].parent.as_ref()?;
            index.get(p.value.as_str()).copied().filter(|&p| p != i)
        };
        let own = |i: usize| self.tasks[i].phase.as_ref().map(|p| p.value.as_str());
        let mut depth = vec![UNKNOWN; n];
        let mut phase: Vec<Option<&str>> = vec![None; n];
        let mut path = Vec::new();
        for start in 0..n {
            let mut cur = start;
            // The depth and phase of the nearest resolved ancestor, then
            // down the path to `start`.
            let (mut d, mut ph) = loop {
                match depth[cur] {
                    UNKNOWN => {}
                    ON_PATH => break (0, None),
                    known => break (known + 1, phase[cur]),
                }
                match parent(cur) {
                    Some(p) => {
                        depth[cur] = ON_PATH;
                        path.push(cur);
                        cur = p;
                    }
                    None => {
                        depth[cur] = 0;
                        phase[cur] = own(cur);
                        break (1, phase[cur]);
                    }
                }
            };
            for &i in path.iter().rev() {
                ph = own(i).or(ph);
                depth[i] = d;
                phase[i] = ph;
                d += 1;
            }
            path.clear();
        }
        (depth, phase)
    }

    /// Where the plan's `plan:` key was written.
    pub fn meta_pos(&self) -> Pos {
        self.meta.pos
    }
}

#[cfg(test)]
mod tests {
    use crate::schedule::testplan::TestPlan;

    #[test]
    fn depths_and_phases_follow_parents_in_any_order() {
        let p = TestPlan::new()
            .task("c", &[("parent", "b")])
            .task("a", &[("phase", "Planning")])
            .task("b", &[("parent", "a")])
            .task("d", &[("parent", "b"), ("phase", "Cutover")])
            .task("e", &[("parent", "d")])
            .task("orphan", &[("parent", "nobody")]);
        let (depths, phases) = p.plan.depths_and_phases();
        assert_eq!(depths, [2, 0, 1, 2, 3, 0]);
        assert_eq!(
            phases,
            [
                Some("Planning"),
                Some("Planning"),
                Some("Planning"),
                Some("Cutover"),
                Some("Cutover"),
                None
            ]
        );
    }

    #[test]
    fn parent_cycles_end_instead_of_looping() {
        let p = TestPlan::new()
            .task("x", &[("parent", "y")])
            .task("y", &[("parent", "x"), ("phase", "P")])
            .task("z", &[("parent", "z")]);
        let (depths, phases) = p.plan.depths_and_phases();
        assert_eq!(depths.len(), 3);
        assert_eq!(depths[2], 0);
        assert_eq!(phases[1], Some("P"));
    }

    #[test]
    fn deep_chains_are_linear() {
        let mut p = TestPlan::new().task("t0", &[("phase", "Deep")]);
        for i in 1..20_000 {
            p = p.task(&format!("t{i}"), &[("parent", &format!("t{}", i - 1))]);
        }
        let (depths, phases) = p.plan.depths_and_phases();
        assert_eq!(depths[19_999], 19_999);
        assert!(phases.iter().all(|p| *p == Some("Deep")));
    }
}
