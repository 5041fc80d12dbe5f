//! The one task tree every renderer draws from: the site's schedule and
//! Gantt pages, the PDF's schedule table and chart, and the terminal
//! `schedule` command list tasks in this order, under these headings.
//!
//! The order (docs/format.md, "Task order and status words"):
//! 1. phases in the order of `phases:`; tasks whose phase is missing or not
//!    listed come last, under [`NO_PHASE`];
//! 2. inside a phase, each task is followed by its sub-tasks (a sub-task
//!    in another phase than its parent starts a branch of its own there);
//! 3. siblings by their first day (start, else due), then due date, then
//!    as written in the files.

use std::collections::HashMap;

use crate::model::Plan;
use crate::schedule::Schedule;

/// The heading of the tasks outside the listed phases.
pub const NO_PHASE: &str = "Tasks without a phase";

/// One phase's tasks in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskGroup {
    /// The phase as listed, `None` for [`NO_PHASE`].
    pub phase: Option<String>,
    /// Each task (index into `Plan::tasks`) with its nesting depth inside
    /// this group (0: a top-level task of the group).
    pub rows: Vec<(usize, u32)>,
}

impl TaskGroup {
    /// The group's heading: the phase's name, or [`NO_PHASE`].
    pub fn heading(&self) -> &str {
        self.phase.as_deref().unwrap_or(NO_PHASE)
    }
}

/// The tasks of `plan` grouped and ordered as described in the module
/// documentation; every task appears exactly once. Empty groups are left
/// out.
pub fn tree(plan: &Plan, schedule: &Schedule) -> Vec<TaskGroup> {
    let n = plan.tasks.len();
    let (_, phases) = plan.depths_and_phases();
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(n);
    for (i, t) in plan.tasks.iter().enumerate() {
        index.entry(t.id.value.as_str()).or_insert(i);
    }
    let listed: HashMap<&str, usize> = plan
        .phases
        .iter()
        .enumerate()
        .map(|(k, p)| (p.value.as_str(), k))
        .rev()
        .collect();
    // The group of each task: a listed phase's position, or the last group.
    let group_of = |i: usize| {
        phases[i]
            .and_then(|p| listed.get(p).copied())
            .unwrap_or(plan.phases.len())
    };
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots: Vec<Vec<usize>> = vec![Vec::new(); plan.phases.len() + 1];
    for (i, t) in plan.tasks.iter().enumerate() {
        let parent = t
            .parent
            .as_ref()
            .and_then(|p| index.get(p.value.as_str()).copied())
            .filter(|&p| p != i && group_of(p) == group_of(i));
        match parent {
            Some(p) => children[p].push(i),
            None => roots[group_of(i)].push(i),
        }
    }
    let key = |i: &usize| {
        let d = &schedule.tasks[*i];
        let due = d.due.date;
        (d.start.as_ref().map_or(due, |s| s.date.min(due)), due, *i)
    };
    for list in children.iter_mut().chain(roots.iter_mut()) {
        list.sort_by_key(key);
    }
    let mut seen = vec![false; n];
    let mut out = Vec::new();
    for (k, group_roots) in roots.iter().enumerate() {
        let mut rows = Vec::new();
        for &root in group_roots {
            push_subtree(root, &children, &mut rows, &mut seen);
        }
        if k == plan.phases.len() {
            // Tasks only reachable through a parent cycle (a validation
            // error) still appear once.
            for i in 0..n {
                if !seen[i] {
                    push_subtree(i, &children, &mut rows, &mut seen);
                }
            }
        }
        if !rows.is_empty() {
            out.push(TaskGroup {
                phase: plan.phases.get(k).map(|p| p.value.clone()),
                rows,
            });
        }
    }
    out
}

/// Appends `root` and its sub-tasks, depth first. Iterative: a chain of
/// thousands of nested sub-tasks must not exhaust the stack.
fn push_subtree(
    root: usize,
    children: &[Vec<usize>],
    rows: &mut Vec<(usize, u32)>,
    seen: &mut [bool],
) {
    let mut stack = vec![(root, 0u32)];
    while let Some((i, d)) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        rows.push((i, d));
        stack.extend(children[i].iter().rev().map(|&c| (c, d + 1)));
    }
}

pub use crate::render::labels::{OVERDUE, task_status_text as status_text};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Sp, TaskStatus};
    use crate::schedule::testplan::{TestPlan, as_of};

    #[test]
    fn phases_in_listed_order_then_dates_then_file_order() {
        let mut p = TestPlan::new()
            .task("late", &[("phase", "Planning"), ("due", "2027-01-10")])
            .task("early", &[("phase", "Planning"), ("due", "2027-01-05")])
            .task("cut", &[("phase", "Cutover"), ("due", "2027-01-01")])
            .task("kid", &[("parent", "late"), ("due", "2027-01-09")])
            .task("stray", &[("due", "2027-01-02")])
            .task("same", &[("phase", "Planning"), ("due", "2027-01-05")]);
        p.plan.phases = ["Planning", "Cutover"]
            .iter()
            .map(|s| Sp::new(s.to_string(), Default::default()))
            .collect();
        let s = crate::schedule::schedule(&p.plan, as_of())
            .0
            .expect("a schedule");
        let t = tree(&p.plan, &s);
        let ids = |g: &TaskGroup| -> Vec<(String, u32)> {
            g.rows
                .iter()
                .map(|&(i, d)| (p.plan.tasks[i].id.value.clone(), d))
                .collect()
        };
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].heading(), "Planning");
        assert_eq!(
            ids(&t[0]),
            [
                ("early".to_string(), 0),
                ("same".to_string(), 0),
                ("late".to_string(), 0),
                ("kid".to_string(), 1)
            ]
        );
        assert_eq!(t[1].heading(), "Cutover");
        assert_eq!(t[2].heading(), NO_PHASE);
        assert_eq!(ids(&t[2]), [("stray".to_string(), 0)]);
    }

    #[test]
    fn status_words() {
        assert_eq!(status_text(TaskStatus::Doing, false), "In progress");
        assert_eq!(status_text(TaskStatus::Todo, true), "To do, overdue");
    }
}
