//! Plan + Schedule + `--owner ID|LABEL` -> the same plan and schedule with
//! only that owner's tasks and runbook steps, for `migplan schedule` and
//! its exports (milestones and freeze windows stay: they are the frame).

use crate::model::Plan;
use crate::schedule::Schedule;

use super::{People, Query};

/// Why a filter selects nothing that exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    pub query: String,
    /// "did you mean `x`?", when a known id or label is close.
    pub suggestion: Option<String>,
}

impl std::fmt::Display for Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is neither a stakeholder id nor an owner label of this plan",
            self.query
        )?;
        match &self.suggestion {
            Some(s) => write!(f, "\n  = hint: {s}"),
            None => write!(
                f,
                "\n  = hint: pass a stakeholder `id` or a label used in `owner` or `owns`"
            ),
        }
    }
}

/// Keeps the tasks (and runbook steps) `query` selects. Each kept task
/// keeps the phase it had through its parent, even when the parent goes.
pub fn retain(plan: &mut Plan, schedule: &mut Schedule, query: &str) -> Result<Query, Unknown> {
    let people = People::new(plan);
    let Some(q) = people.matches_query(query) else {
        let names = people.known_names();
        return Err(Unknown {
            query: query.to_string(),
            suggestion: crate::suggest::did_you_mean(query, names.iter().map(String::as_str)),
        });
    };
    let keep: Vec<bool> = plan
        .tasks
        .iter()
        .map(|t| people.task_matches(t, &q))
        .collect();
    let step_keep: Vec<Vec<bool>> = plan
        .runbooks
        .iter()
        .map(|rb| {
            rb.steps
                .iter()
                .map(|s| match &q {
                    Query::Person(i) => {
                        people.of_step(s).contains(i)
                            || s.deciders
                                .iter()
                                .any(|d| d.value == plan.stakeholders[*i].id.value)
                    }
                    Query::Label(l) => s
                        .owner
                        .as_ref()
                        .is_some_and(|o| super::norm(&o.value) == *l),
                })
                .collect()
        })
        .collect();
    let (_, phases) = plan.depths_and_phases();
    let phases: Vec<Option<String>> = phases.iter().map(|p| p.map(str::to_string)).collect();
    let ids: std::collections::HashSet<String> = plan
        .tasks
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(t, _)| t.id.value.clone())
        .collect();
    let mut k = keep.iter();
    let mut i = 0;
    plan.tasks.retain_mut(|t| {
        let kept = *k.next().unwrap_or(&false);
        if kept {
            if t.phase.is_none()
                && let Some(p) = &phases[i]
            {
                t.phase = Some(crate::model::Sp::new(p.clone(), t.id.pos));
            }
            if t.parent.as_ref().is_some_and(|p| !ids.contains(&p.value)) {
                t.parent = None;
            }
        }
        i += 1;
        kept
    });
    let mut k = keep.iter();
    schedule.tasks.retain(|_| *k.next().unwrap_or(&false));
    if schedule.actuals.len() == keep.len() {
        let mut k = keep.iter();
        schedule.actuals.retain(|_| *k.next().unwrap_or(&false));
    }
    for ((rb, times), keep) in plan
        .runbooks
        .iter_mut()
        .zip(schedule.runbooks.iter_mut())
        .zip(&step_keep)
    {
        let mut k = keep.iter();
        rb.steps.retain(|_| *k.next().unwrap_or(&false));
        let mut k = keep.iter();
        times.steps.retain(|_| *k.next().unwrap_or(&false));
    }
    Ok(q)
}
