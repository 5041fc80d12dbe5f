//! The people pages: each stakeholder's own page (`people/<id>.html`: open
//! tasks, overdue first; runbook steps with times; gates they decide; the
//! sign-off they owe; what they are accountable, consulted or informed on)
//! and the RACI matrix (`raci.html`), plus the owner links every page shows
//! (`OwnerPart`).

use serde::Serialize;

use super::ctx::Ctx;
use super::dates::DateView;
use super::view::{TaskRef, html_id};
use crate::model::{Decision, StepKind};
use crate::people::{People, slug};

/// A link to a person's page (relative to the version folder).
#[derive(Debug, Clone, Serialize)]
pub struct PersonRef {
    pub id: String,
    pub name: String,
    pub href: String,
}

/// One label of an owner, with the people it stands for: `Tech (Tom
/// Becker)`; a stakeholder id alone has no label, only its person.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerPart {
    /// The label as written; `None` when the owner names a stakeholder id.
    pub label: Option<String>,
    pub people: Vec<PersonRef>,
}

pub(crate) fn person_ref(people: &People, i: usize) -> PersonRef {
    let s = &people.plan.stakeholders[i];
    PersonRef {
        id: s.id.value.clone(),
        name: s.display_name().to_string(),
        href: page_path(&s.id.value),
    }
}

/// `people/<slug>.html`.
pub fn page_path(id: &str) -> String {
    format!("people/{}.html", slug(id))
}

/// Owner labels -> parts to show, each linked to its people.
pub(crate) fn owner_parts<'a>(
    people: &People,
    labels: impl IntoIterator<Item = &'a str>,
) -> Vec<OwnerPart> {
    labels
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let who: Vec<PersonRef> = people
                .of_label(l)
                .into_iter()
                .map(|i| person_ref(people, i))
                .collect();
            // `Tech (Tom Becker)`; a stakeholder id, or a label that is the
            // person's own name, shows the name alone.
            let same = matches!(&who[..], [p] if p.name.trim().eq_ignore_ascii_case(l.trim()));
            OwnerPart {
                label: (people.id(l).is_none() && !same).then(|| l.trim().to_string()),
                people: who,
            }
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    pub id: String,
    pub name: String,
    pub role: Option<String>,
    pub organization: Option<String>,
    pub email: Option<String>,
    /// The owner labels they answer for.
    pub owns: Vec<String>,
    pub absences: Vec<AbsenceView>,
    /// The calendar feed beside the page (`<slug>.ics`).
    pub feed: String,
    /// The feed's address to subscribe to, when `plan.site_url` is set
    /// (under `latest/`, so it stays the same across versions).
    pub subscribe: Option<String>,
    /// Open tasks they are responsible for, overdue first, then by due date.
    pub open: Vec<TaskRef>,
    pub overdue: usize,
    /// Tasks of theirs that are done or skipped.
    pub closed: usize,
    pub steps: Vec<StepRef>,
    pub gates: Vec<StepRef>,
    /// Their sign-off of this version, if they must sign.
    pub signoff: Option<OwedView>,
    pub accountable: Vec<TaskRef>,
    pub consulted: Vec<TaskRef>,
    pub informed: Vec<TaskRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AbsenceView {
    pub from: DateView,
    pub to: DateView,
    pub note: Option<String>,
}

/// A runbook step of theirs (or a gate they decide), with its times.
#[derive(Debug, Clone, Serialize)]
pub struct StepRef {
    pub id: String,
    pub title: String,
    pub runbook: String,
    /// `runbook.html#step-...`.
    pub href: String,
    pub start: DateView,
    pub end: DateView,
    /// `18:00`.
    pub start_time: String,
    pub end_time: String,
    pub duration: String,
    pub kind_label: Option<String>,
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OwedView {
    pub version: String,
    /// True once they approved this version.
    pub done: bool,
    /// "Approved", "Rejected", "Changes requested", "Outstanding".
    pub state_label: String,
}

pub(crate) fn person(ctx: &Ctx, i: usize) -> PersonView {
    let people = &ctx.people;
    let plan = ctx.plan;
    let s = &plan.stakeholders[i];
    let mut open = Vec::new();
    let mut closed = 0;
    let (mut accountable, mut consulted, mut informed) = (Vec::new(), Vec::new(), Vec::new());
    let named = |field: &Option<crate::model::Sp<crate::model::Ids>>| {
        crate::model::people::ids_at(field)
            .iter()
            .any(|id| people.id(&id.value) == Some(i))
    };
    for (k, t) in plan.tasks.iter().enumerate() {
        if people.of_task_at(k).contains(&i) {
            if t.status().is_closed() {
                closed += 1;
            } else {
                open.push(k);
            }
        }
        if named(&t.accountable) {
            accountable.push(k);
        }
        if named(&t.consulted) {
            consulted.push(k);
        }
        if named(&t.informed) {
            informed.push(k);
        }
    }
    let by_date = |v: &mut Vec<usize>| {
        v.sort_by_key(|&k| {
            let d = &ctx.schedule.tasks[k];
            (!d.overdue, d.due.date, k)
        })
    };
    by_date(&mut open);
    for v in [&mut accountable, &mut consulted, &mut informed] {
        by_date(v);
    }
    let refs = |v: Vec<usize>| v.into_iter().map(|k| ctx.task_ref(k)).collect::<Vec<_>>();
    let (steps, gates) = steps_of(ctx, i);
    let version = plan.meta.version.value.to_string();
    let signoff = s.signs.then(|| {
        let decision = plan
            .signoffs
            .iter()
            .filter(|d| d.by.value == s.id.value && d.version.value == plan.meta.version.value)
            .max_by_key(|d| d.date.as_ref().map(|x| x.value));
        OwedView {
            version: version.clone(),
            done: decision.is_some_and(|d| d.decision.value == Decision::Approved),
            state_label: decision.map_or("Outstanding".to_string(), |d| {
                super::view::decision_label(d.decision.value).to_string()
            }),
        }
    });
    let feed = format!("{}.ics", slug(&s.id.value));
    PersonView {
        id: s.id.value.clone(),
        name: s.display_name().to_string(),
        role: s.role.as_ref().map(|r| r.value.clone()),
        organization: s.organization.as_ref().map(|r| r.value.clone()),
        email: s.email.as_ref().map(|r| r.value.clone()),
        owns: s.owns.iter().map(|l| l.value.trim().to_string()).collect(),
        absences: s
            .unavailable
            .iter()
            .map(|a| AbsenceView {
                from: DateView::day(a.from.value.0),
                to: DateView::day(a.to.value.0),
                note: a.note.as_ref().map(|n| n.value.clone()),
            })
            .collect(),
        subscribe: crate::render::ics::site_base(plan).map(|b| format!("{b}latest/people/{feed}")),
        feed,
        overdue: open
            .iter()
            .filter(|&&k| ctx.schedule.tasks[k].overdue)
            .count(),
        open: refs(open),
        closed,
        steps,
        gates,
        signoff,
        accountable: refs(accountable),
        consulted: refs(consulted),
        informed: refs(informed),
    }
}

/// The runbook steps person `i` owns, and the gates they decide.
fn steps_of(ctx: &Ctx, i: usize) -> (Vec<StepRef>, Vec<StepRef>) {
    let (mut steps, mut gates) = (Vec::new(), Vec::new());
    let id = &ctx.plan.stakeholders[i].id.value;
    for (rb, times) in ctx.plan.runbooks.iter().zip(&ctx.schedule.runbooks) {
        for (s, t) in rb.steps.iter().zip(&times.steps) {
            let view = || StepRef {
                id: s.id.value.clone(),
                title: s.title.value.clone(),
                runbook: rb.title.value.clone(),
                href: format!("runbook.html#{}", html_id("step", &s.id.value)),
                start: DateView::at(t.start),
                end: DateView::at(t.end),
                start_time: t.start.format("%H:%M").to_string(),
                end_time: t.end.format("%H:%M").to_string(),
                duration: crate::model::runbook::fmt_minutes(t.minutes),
                kind_label: match s.kind() {
                    StepKind::Step => None,
                    StepKind::Gate => Some("Gate".into()),
                    StepKind::PointOfNoReturn => Some("Point of no return".into()),
                },
                criteria: s.criteria.iter().map(|c| c.value.clone()).collect(),
            };
            if ctx.people.of_step(s).contains(&i) {
                steps.push(view());
            }
            if s.deciders.iter().any(|d| d.value == *id) {
                gates.push(view());
            }
        }
    }
    (steps, gates)
}

/// The RACI matrix page's view.
#[derive(Debug, Clone, Serialize)]
pub struct RaciView {
    /// Everyone with a role on some task, in the order listed.
    pub people: Vec<PersonRef>,
    pub phases: Vec<RaciPhase>,
    /// Tasks with no person at all (labels that name nobody, or none).
    pub unassigned: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RaciPhase {
    pub name: String,
    pub anchor: String,
    pub rows: Vec<RaciRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RaciRow {
    pub task: TaskRef,
    pub depth: u32,
    /// One per person (aligned with `RaciView::people`): `R`, `A`, `C`,
    /// `I`, or empty.
    pub cells: Vec<RaciCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RaciCell {
    pub letter: String,
    /// "Responsible" etc., for a tooltip and screen readers.
    pub word: String,
    /// The person's name (the cell's label when the table turns into cards).
    pub person: String,
}

pub(crate) fn raci(ctx: &Ctx) -> RaciView {
    let people = &ctx.people;
    let roles: Vec<_> = ctx.plan.tasks.iter().map(|t| people.raci(t)).collect();
    let involved: Vec<usize> = (0..ctx.plan.stakeholders.len())
        .filter(|i| roles.iter().any(|r| r.contains_key(i)))
        .collect();
    let mut phases = Vec::new();
    let mut unassigned = 0;
    for group in &ctx.tree {
        let name = group.heading().to_string();
        let mut rows = Vec::new();
        for &(k, depth) in &group.rows {
            if roles[k].is_empty() {
                unassigned += 1;
                continue;
            }
            rows.push(RaciRow {
                task: ctx.task_ref(k),
                depth,
                cells: involved
                    .iter()
                    .map(|p| {
                        let role = roles[k].get(p);
                        RaciCell {
                            letter: role.map_or("", |r| r.letter()).to_string(),
                            word: role.map_or("", |r| r.word()).to_string(),
                            person: ctx.plan.stakeholders[*p].display_name().to_string(),
                        }
                    })
                    .collect(),
            });
        }
        if !rows.is_empty() {
            phases.push(RaciPhase {
                anchor: html_id("raci", &name),
                name,
                rows,
            });
        }
    }
    RaciView {
        people: involved.iter().map(|&i| person_ref(people, i)).collect(),
        phases,
        unassigned,
    }
}
