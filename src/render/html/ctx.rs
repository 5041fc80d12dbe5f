//! What the page builders share: the plan, its schedule, the prose renderer
//! and the task tree (phase -> task -> sub-tasks), computed once per build.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::Plan;
use crate::render::tasks::TaskGroup;
use crate::schedule::Schedule;

use super::dates::DateView;
use super::markdown::Prose;
use super::view::{SystemRef, TaskRef, html_id, task_status_label};

pub(crate) struct Ctx<'a> {
    pub plan: &'a Plan,
    pub schedule: &'a Schedule,
    pub prose: Prose<'a>,
    /// Tasks by phase, parents before their sub-tasks, in the one order of
    /// `render::tasks` (shared with the PDF and the terminal).
    pub tree: Vec<TaskGroup>,
    /// Each section's page (index-aligned with `plan.sections`), unencoded.
    pub section_paths: Vec<String>,
    /// The version the "Changes" page compares with, when there is one.
    pub changes_from: Option<String>,
    /// Who does what (owner labels -> stakeholders).
    pub people: crate::people::People<'a>,
    /// Each task's progress against the baseline (index-aligned with tasks).
    pub tracks: Vec<crate::progress::Track>,
    /// Task id -> index in `plan.tasks` (the first task with that id).
    task_ids: HashMap<&'a str, usize>,
    /// Each task's phase: its own, else its nearest ancestor's.
    phases: Vec<Option<&'a str>>,
    /// Each task's start and due date as pages show them, made on first use
    /// (a task's dates appear in its row, its owner's list, the rows that
    /// follow it, ...; their explanations are worth formatting once).
    dates: std::sync::OnceLock<Vec<(Option<DateView>, DateView)>>,
}

impl<'a> Ctx<'a> {
    pub fn new(plan: &'a Plan, schedule: &'a Schedule, section_paths: Vec<String>) -> Ctx<'a> {
        let section_pages = plan
            .sections
            .iter()
            .zip(&section_paths)
            .map(|(s, p)| (s.slug.clone(), super::sections::href_of(p)))
            .collect();
        let prose = Prose {
            plan,
            schedule,
            section_pages,
        };
        let mut task_ids = HashMap::with_capacity(plan.tasks.len());
        for (i, t) in plan.tasks.iter().enumerate() {
            task_ids.entry(t.id.value.as_str()).or_insert(i);
        }
        let (_, phases) = plan.depths_and_phases();
        let tree = crate::render::tasks::tree(plan, schedule);
        Ctx {
            plan,
            schedule,
            prose,
            tree,
            section_paths,
            changes_from: None,
            people: crate::people::People::new(plan),
            tracks: crate::progress::track(plan, schedule),
            task_ids,
            phases,
            dates: std::sync::OnceLock::new(),
        }
    }

    /// A task's first and last day (a task without a start is one day long).
    pub fn span(&self, i: usize) -> (NaiveDate, NaiveDate) {
        let d = &self.schedule.tasks[i];
        let due = d.due.date;
        (d.start.as_ref().map_or(due, |s| s.date.min(due)), due)
    }

    pub fn task_ref(&self, i: usize) -> TaskRef {
        let t = &self.plan.tasks[i];
        let d = &self.schedule.tasks[i];
        TaskRef {
            id: t.id.value.clone(),
            title: t.title.value.clone(),
            href: self.task_href(i),
            phase: self.phases[i].map(str::to_string),
            owner: t.owner.as_ref().map(|o| o.value.to_string()),
            owners: self.owner_parts(t),
            start: self.start_date(i),
            due: self.due_date(i),
            status: t.status().as_str().to_string(),
            status_label: task_status_label(t.status()).to_string(),
            overdue: d.overdue,
            progress: self.progress(i),
        }
    }

    fn dates(&self) -> &[(Option<DateView>, DateView)] {
        self.dates.get_or_init(|| {
            self.schedule
                .tasks
                .iter()
                .map(|d| (d.start.as_ref().map(DateView::from), DateView::from(&d.due)))
                .collect()
        })
    }

    /// Task `i`'s start date, when it has one, with its explanation.
    pub fn start_date(&self, i: usize) -> Option<DateView> {
        self.dates()[i].0.clone()
    }

    /// Task `i`'s due date with its explanation.
    pub fn due_date(&self, i: usize) -> DateView {
        self.dates()[i].1.clone()
    }

    /// Task `i`'s row on the schedule page, relative to the version folder.
    pub fn task_href(&self, i: usize) -> String {
        format!(
            "schedule.html#{}",
            html_id("task", &self.plan.tasks[i].id.value)
        )
    }

    /// A task's owner, each label linked to its people.
    pub fn owner_parts(&self, t: &crate::model::Task) -> Vec<super::people::OwnerPart> {
        t.owner.as_ref().map_or_else(Vec::new, |o| {
            super::people::owner_parts(
                &self.people,
                o.value.labels.iter().map(|l| l.value.as_str()),
            )
        })
    }

    /// One owner label (a step's, a dataset's, a risk's) linked to its people.
    pub fn label_parts(&self, label: Option<&str>) -> Vec<super::people::OwnerPart> {
        super::people::owner_parts(&self.people, label)
    }

    /// Several labels or ids (a gate's deciders), each linked.
    pub fn label_parts_many<'l>(
        &self,
        labels: impl IntoIterator<Item = &'l str>,
    ) -> Vec<super::people::OwnerPart> {
        super::people::owner_parts(&self.people, labels)
    }

    /// Task `i`'s progress as pages show it.
    pub fn progress(&self, i: usize) -> Option<super::progress::ProgressView> {
        let note = self.schedule.actuals.get(i).and_then(|a| a.note.as_deref());
        super::progress::view(&self.tracks[i], note)
    }

    pub fn task_index(&self, id: &str) -> Option<usize> {
        self.task_ids.get(id).copied()
    }

    pub fn system_ref(&self, id: &str) -> SystemRef {
        let sys = self.plan.system(id);
        SystemRef {
            id: id.to_string(),
            name: sys
                .and_then(|s| s.name.as_ref())
                .map_or_else(|| id.to_string(), |n| n.value.clone()),
            href: sys.map(|_| format!("inventory.html#{}", html_id("system", id))),
        }
    }
}
