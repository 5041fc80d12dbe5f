//! The schedule page's view (`schedule`): tasks by phase with sub-tasks
//! nested, every date with its explanation, and the same tasks by owner.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::diag::Diagnostic;

use super::ctx::Ctx;
use super::dates::DateView;
use super::links;
use super::view::{LinkView, TaskRef, html_id, task_status_label};

#[derive(Debug, Clone, Serialize)]
pub struct ScheduleView {
    pub phases: Vec<PhaseView>,
    /// The same tasks grouped by owner (alphabetically, "Unassigned" last),
    /// each group in due-date order.
    pub owners: Vec<OwnerView>,
    pub total: usize,
    pub done: usize,
    pub overdue: usize,
    /// Tasks finished late or overdue.
    pub late: usize,
    /// The baseline progress is measured against (or "no baseline yet").
    pub baseline: super::progress::BaselineView,
}

/// One phase: its tasks, parents directly followed by their sub-tasks.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseView {
    /// The phase's name; "Tasks without a phase" for tasks outside the
    /// listed phases.
    pub name: String,
    /// HTML id for the phase's heading (`phase-...`).
    pub anchor: String,
    pub tasks: Vec<TaskRow>,
    pub total: usize,
    pub done: usize,
}

/// A task on the schedule page.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRow {
    pub id: String,
    /// HTML id of the task's row (`task-...`); other pages link to it.
    pub anchor: String,
    pub title: String,
    /// 0 for a top-level task, 1 for its sub-tasks, and so on.
    pub depth: u32,
    /// The parent's id, for sub-tasks.
    pub parent: Option<String>,
    /// How many direct sub-tasks it has.
    pub children: usize,
    pub owner: Option<String>,
    /// The owner's labels, each linked to its people's pages.
    pub owners: Vec<super::people::OwnerPart>,
    /// The start date, when the task has one (with its explanation).
    pub start: Option<DateView>,
    /// The due date (with its explanation).
    pub due: DateView,
    /// `todo`, `doing`, `done`, `blocked`, `skipped`.
    pub status: String,
    pub status_label: String,
    pub overdue: bool,
    pub resources: Vec<LinkView>,
    /// The tasks this one follows (`after`).
    pub after: Vec<TaskRef>,
    pub notes: Option<String>,
    /// Baseline, actual start and finish, variance (None: nothing to show).
    pub progress: Option<super::progress::ProgressView>,
}

/// What one person (or one owner label) must do, in date order.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerView {
    /// A person's name, or an owner label that names nobody.
    pub owner: String,
    /// The person's page, for a person.
    pub href: Option<String>,
    pub anchor: String,
    pub tasks: Vec<TaskRef>,
    /// Tasks neither done nor skipped.
    pub open: usize,
    pub overdue: usize,
}

pub(crate) fn build(ctx: &Ctx, root: &str, diags: &mut Vec<Diagnostic>) -> ScheduleView {
    let plan = ctx.plan;
    let mut children: HashMap<&str, usize> = HashMap::new();
    for t in &plan.tasks {
        if let Some(p) = &t.parent {
            *children.entry(p.value.as_str()).or_default() += 1;
        }
    }
    let mut phases = Vec::new();
    for group in &ctx.tree {
        let name = group.heading().to_string();
        let mut tasks = Vec::with_capacity(group.rows.len());
        for &(i, depth) in &group.rows {
            let kids = children
                .get(plan.tasks[i].id.value.as_str())
                .copied()
                .unwrap_or(0);
            tasks.push(row(ctx, i, depth, kids, root, diags));
        }
        let done = tasks.iter().filter(|t| t.status == "done").count();
        phases.push(PhaseView {
            anchor: html_id("phase", &name),
            name,
            total: tasks.len(),
            done,
            tasks,
        });
    }

    // People first (each linked to their page), then owner labels that
    // name nobody, then "Unassigned".
    let mut by_owner: BTreeMap<(u8, String), (Option<String>, Vec<usize>)> = BTreeMap::new();
    for (i, t) in plan.tasks.iter().enumerate() {
        let labels: Vec<&str> = t.owner.as_ref().map_or_else(Vec::new, |o| {
            o.value
                .labels
                .iter()
                .map(|l| l.value.trim())
                .filter(|l| !l.is_empty())
                .collect()
        });
        let mut keys: Vec<((u8, String), Option<String>)> = Vec::new();
        for &p in ctx.people.of_task_at(i) {
            let s = &plan.stakeholders[p];
            keys.push((
                (0, s.display_name().to_string()),
                Some(super::people::page_path(&s.id.value)),
            ));
        }
        for l in &labels {
            if !ctx.people.is_known(l) {
                keys.push(((1, l.to_string()), None));
            }
        }
        if labels.is_empty() {
            keys.push(((2, "Unassigned".to_string()), None));
        }
        for (key, href) in keys {
            let entry = by_owner.entry(key).or_insert((href, Vec::new()));
            if !entry.1.contains(&i) {
                entry.1.push(i);
            }
        }
    }
    let owners = by_owner
        .into_iter()
        .map(|((_, owner), (href, mut list))| {
            list.sort_by_key(|&i| (ctx.span(i).1, ctx.span(i).0, i));
            let tasks: Vec<TaskRef> = list.iter().map(|&i| ctx.task_ref(i)).collect();
            OwnerView {
                anchor: html_id("owner", &owner),
                open: list
                    .iter()
                    .filter(|&&i| !plan.tasks[i].status().is_closed())
                    .count(),
                overdue: tasks.iter().filter(|t| t.overdue).count(),
                owner,
                href,
                tasks,
            }
        })
        .collect();

    ScheduleView {
        phases,
        owners,
        total: plan.tasks.len(),
        done: plan.tasks.iter().filter(|t| t.status().is_closed()).count(),
        overdue: ctx.schedule.tasks.iter().filter(|d| d.overdue).count(),
        late: ctx.tracks.iter().filter(|t| t.late).count(),
        baseline: super::progress::baseline_view(
            ctx.schedule.baseline.as_ref().map(|b| b.version.as_str()),
        ),
    }
}

fn row(
    ctx: &Ctx,
    i: usize,
    depth: u32,
    children: usize,
    root: &str,
    diags: &mut Vec<Diagnostic>,
) -> TaskRow {
    let t = &ctx.plan.tasks[i];
    let d = &ctx.schedule.tasks[i];
    let resources = t
        .resources
        .iter()
        .map(|r| match &r.value.url {
            None => LinkView {
                title: r.value.title.clone(),
                href: None,
                refused: false,
            },
            Some(url) => {
                let href = links::safe_href(url, root);
                if href.is_none() {
                    diags.push(
                        Diagnostic::warning(
                            r.pos,
                            format!("the link of resource `{}` is left out", r.value.title),
                        )
                        .with_hint(links::POLICY),
                    );
                }
                LinkView {
                    title: r.value.title.clone(),
                    refused: href.is_none(),
                    href,
                }
            }
        })
        .collect();
    TaskRow {
        id: t.id.value.clone(),
        anchor: html_id("task", &t.id.value),
        title: t.title.value.clone(),
        depth,
        parent: t.parent.as_ref().map(|p| p.value.clone()),
        children,
        owner: t.owner.as_ref().map(|o| o.value.to_string()),
        owners: ctx.owner_parts(t),
        start: ctx.start_date(i),
        due: ctx.due_date(i),
        status: t.status().as_str().to_string(),
        status_label: task_status_label(t.status()).to_string(),
        overdue: d.overdue,
        resources,
        after: t
            .after_ids()
            .iter()
            .filter_map(|a| ctx.task_index(&a.value))
            .map(|j| ctx.task_ref(j))
            .collect(),
        notes: t.notes.as_ref().map(|n| n.value.clone()),
        progress: ctx.progress(i),
    }
}
