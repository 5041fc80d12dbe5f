//! The freeze windows page's view (`freeze`): each window with the systems
//! it freezes and the tasks and milestones that fall inside it.

use serde::Serialize;

use super::ctx::Ctx;
use super::dates::DateView;
use super::view::{SystemRef, TaskRef, freeze_mode_label, html_id};
use crate::render::labels::freeze_length;

#[derive(Debug, Clone, Serialize)]
pub struct FreezeView {
    /// In start order.
    pub windows: Vec<FreezeWindowView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FreezeWindowView {
    pub name: String,
    pub anchor: String,
    /// Date and time (with explanation); `iso` is `2027-01-15T18:00`.
    pub start: DateView,
    pub end: DateView,
    /// "2 days 14 hours (America/Chicago)", "1 day": days, hours and
    /// minutes, with the plan's time zone when it has one.
    pub duration: String,
    /// `read-only` or `offline` (`None` when not given).
    pub mode: Option<String>,
    pub mode_label: Option<String>,
    pub systems: Vec<SystemRef>,
    pub notes: Option<String>,
    /// Tasks whose days (start to due) overlap the window's days, by due date.
    pub tasks: Vec<TaskRef>,
    /// Milestones on a day of the window.
    pub milestones: Vec<MilestoneRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MilestoneRef {
    pub id: String,
    pub label: String,
    pub date: DateView,
}

pub(crate) fn build(ctx: &Ctx) -> FreezeView {
    let plan = ctx.plan;
    let mut order: Vec<usize> = (0..plan.freeze.len().min(ctx.schedule.freezes.len())).collect();
    order.sort_by_key(|&i| (ctx.schedule.freezes[i].start, i));
    let windows = order
        .into_iter()
        .map(|i| {
            let f = &plan.freeze[i];
            let d = &ctx.schedule.freezes[i];
            let (first, last) = (d.start.date(), d.end.date());
            let mut tasks: Vec<usize> = (0..plan.tasks.len())
                .filter(|&t| {
                    let (s, e) = ctx.span(t);
                    s <= last && e >= first
                })
                .collect();
            tasks.sort_by_key(|&t| (ctx.span(t).1, t));
            FreezeWindowView {
                name: f.name.value.clone(),
                anchor: html_id("freeze", &f.name.value),
                start: DateView::at(d.start).explained(d.start_explanation.clone()),
                end: DateView::at(d.end).explained(d.end_explanation.clone()),
                duration: freeze_length(
                    d.start,
                    d.end,
                    plan.calendar.timezone.as_ref().map(|z| z.value.as_str()),
                ),
                mode: f.mode.as_ref().map(|m| m.value.as_str().to_string()),
                mode_label: f
                    .mode
                    .as_ref()
                    .map(|m| freeze_mode_label(m.value).to_string()),
                systems: f.systems.iter().map(|s| ctx.system_ref(&s.value)).collect(),
                notes: f.notes.as_ref().map(|n| n.value.clone()),
                tasks: tasks.into_iter().map(|t| ctx.task_ref(t)).collect(),
                milestones: ctx
                    .schedule
                    .milestones
                    .iter()
                    .filter(|m| m.when.date >= first && m.when.date <= last)
                    .map(|m| MilestoneRef {
                        id: m.id.clone(),
                        label: crate::render::labels::milestone_label(ctx.plan, &m.id),
                        date: DateView::from(&m.when),
                    })
                    .collect(),
            }
        })
        .collect();
    FreezeView { windows }
}
