//! Resolved dates -> the checks that need them: `after` order and cycles,
//! starts after dues, freeze windows that end before they start, a migration
//! outside every freeze window. All are collected; none stops the others.
//!
//! A date that failed to resolve is skipped: its error is already reported.

use super::fmt_date;
use super::graph;
use super::ids::{Ids, Target};
use super::nodes::{Graph, Node, Spec};
use super::resolve::Dates;
use crate::diag::{Diagnostic, Pos};
use crate::model::Plan;

pub fn run(plan: &Plan, ids: &Ids, g: &Graph, dates: &Dates, diags: &mut Vec<Diagnostic>) {
    after_links(plan, ids, dates, diags);
    starts_after_dues(plan, g, dates, diags);
    freeze_order(plan, dates, diags);
    migration_in_freeze(plan, dates, diags);
}

fn fmt_at(at: chrono::NaiveDateTime) -> String {
    format!("{} {}", fmt_date(at.date()), at.format("%H:%M"))
}

/// `after` links: a cycle is an error; following a task due later is a
/// warning. Ids that are not tasks are validation's to report.
fn after_links(plan: &Plan, ids: &Ids, dates: &Dates, diags: &mut Vec<Diagnostic>) {
    let edges: Vec<Vec<(usize, Pos)>> = plan
        .tasks
        .iter()
        .map(|t| {
            t.after_ids()
                .into_iter()
                .filter_map(|a| match ids.find(a.value.trim()) {
                    Some(Target::Task(j)) => Some((j, a.pos)),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let succ = |v: usize| edges[v].iter().map(|e| e.0);
    let mut in_cycle = vec![false; edges.len()];
    for comp in graph::components(edges.len(), succ) {
        let Some(cycle) = graph::cycle(&comp, succ) else {
            continue;
        };
        for &v in &comp {
            in_cycle[v] = true;
        }
        // A task following itself is reported by validation.
        if cycle.len() > 1 {
            diags.push(after_cycle(plan, &edges, &cycle));
        }
    }
    let id = |i: usize| plan.tasks[i].id.value.as_str();
    for (i, links) in edges.iter().enumerate() {
        for &(j, pos) in links {
            if in_cycle[i] && in_cycle[j] {
                continue;
            }
            let (Some(mine), Some(theirs)) = (dates.get(Node::Due(i)), dates.get(Node::Due(j)))
            else {
                continue;
            };
            if mine.date < theirs.date {
                diags.push(
                    Diagnostic::warning(
                        pos,
                        format!(
                            "`{}` is due {}, before `{}` (due {}), which it comes after",
                            id(i),
                            fmt_date(mine.date),
                            id(j),
                            fmt_date(theirs.date)
                        ),
                    )
                    .with_hint(format!(
                        "make `{}` due on {} or later, or drop `{}` from its `after` list",
                        id(i),
                        fmt_date(theirs.date),
                        id(j)
                    )),
                );
            }
        }
    }
}

fn after_cycle(plan: &Plan, edges: &[Vec<(usize, Pos)>], cycle: &[usize]) -> Diagnostic {
    let id = |i: usize| plan.tasks[i].id.value.as_str();
    let mut names: Vec<&str> = cycle.iter().map(|&v| id(v)).collect();
    names.push(names[0]);
    // The position of the `after` entry for each step a -> b.
    let step_pos = |k: usize| {
        let (a, b) = (cycle[k], cycle[(k + 1) % cycle.len()]);
        edges[a].iter().find(|e| e.0 == b).map(|e| e.1)
    };
    let at = step_pos(0).unwrap_or(plan.tasks[cycle[0]].id.pos);
    let mut d = Diagnostic::error(
        at,
        format!(
            "these tasks follow each other in a cycle: {}",
            names.join(" -> ")
        ),
    )
    .with_hint("remove one of these `after` links");
    for k in 0..cycle.len() {
        let (a, b) = (cycle[k], cycle[(k + 1) % cycle.len()]);
        d = d.with_note(step_pos(k), format!("`{}` comes after `{}`", id(a), id(b)));
    }
    d
}

fn starts_after_dues(plan: &Plan, g: &Graph, dates: &Dates, diags: &mut Vec<Diagnostic>) {
    for (i, task) in plan.tasks.iter().enumerate() {
        // A `during` task inherits its dates; the task it copies is checked.
        let start_at = g.layout.index(Node::Start(i));
        let Some(Spec::Rule { src, .. }) = g.specs.get(start_at) else {
            continue;
        };
        let (Some(start), Some(due)) = (dates.get(Node::Start(i)), dates.get(Node::Due(i))) else {
            continue;
        };
        if start.date > due.date {
            diags.push(
                Diagnostic::warning(
                    src.pos,
                    format!(
                        "`{}` starts on {}, after its due date {}",
                        task.id.value,
                        fmt_date(start.date),
                        fmt_date(due.date)
                    ),
                )
                .with_hint("check the `start` and `due` rules of this task"),
            );
        }
    }
}

fn freeze_order(plan: &Plan, dates: &Dates, diags: &mut Vec<Diagnostic>) {
    for (i, f) in plan.freeze.iter().enumerate() {
        let (Some(start), Some(end)) =
            (dates.at(Node::FreezeStart(i)), dates.at(Node::FreezeEnd(i)))
        else {
            continue;
        };
        if end <= start {
            diags.push(
                Diagnostic::error(
                    f.end.pos,
                    format!(
                        "freeze window `{}` ends {}, which is not after its start {}",
                        f.name.value,
                        fmt_at(end),
                        fmt_at(start)
                    ),
                )
                .with_hint(
                    "the end must come after the start; a rule without `at HH:MM` means 00:00",
                ),
            );
        }
    }
}

/// Freeze windows exist but the `migration` milestone is in none of them
/// (compared by date, both ends included).
fn migration_in_freeze(plan: &Plan, dates: &Dates, diags: &mut Vec<Diagnostic>) {
    if plan.freeze.is_empty() {
        return;
    }
    let Some(m) = plan
        .milestones
        .iter()
        .position(|(id, _)| id.value == "migration")
    else {
        return;
    };
    let Some(migration) = dates.get(Node::Milestone(m)).map(|c| c.date) else {
        return;
    };
    let mut windows = Vec::with_capacity(plan.freeze.len());
    for i in 0..plan.freeze.len() {
        match (dates.at(Node::FreezeStart(i)), dates.at(Node::FreezeEnd(i))) {
            (Some(s), Some(e)) => windows.push((i, s, e)),
            // An unresolved window might cover it; its error is reported.
            _ => return,
        }
    }
    if windows
        .iter()
        .any(|(_, s, e)| s.date() <= migration && migration <= e.date())
    {
        return;
    }
    let mut d = Diagnostic::warning(
        plan.milestones[m].1.pos,
        format!(
            "the migration ({}) falls outside every freeze window",
            fmt_date(migration)
        ),
    )
    .with_hint("move the migration into a freeze window, or widen a window to cover it");
    for (i, s, e) in windows {
        let f = &plan.freeze[i];
        d = d.with_note(
            Some(f.name.pos),
            format!(
                "freeze window `{}`: {} to {}",
                f.name.value,
                fmt_at(s),
                fmt_at(e)
            ),
        );
    }
    diags.push(d);
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::diag::{self, Diagnostic, Severity};
    use crate::schedule::testplan::{TestPlan, as_of};
    use crate::schedule::{Schedule, schedule};

    fn run(p: &TestPlan) -> (Option<Schedule>, Vec<Diagnostic>) {
        let (s, mut diags) = schedule(&p.plan, as_of());
        diag::sort(&mut diags);
        (s, diags)
    }

    #[test]
    fn following_a_task_due_later_is_a_warning() {
        let p = TestPlan::new()
            .milestone("m", "2027-01-18")
            .task("install-software", &[("due", "m")])
            .task(
                "migrate-data",
                &[
                    ("due", "3 days before m"),
                    ("after", "install-software, nope, m"),
                ],
            )
            .task(
                "verify",
                &[("due", "1 day after m"), ("after", "install-software")],
            );
        let (s, diags) = run(&p);
        assert!(s.is_some());
        assert_eq!(diags.len(), 1, "{diags:#?}");
        let w = &diags[0];
        assert_eq!(w.severity, Severity::Warning);
        assert_eq!(
            w.message,
            "`migrate-data` is due Fri 15 Jan 2027, before `install-software` (due Mon 18 Jan 2027), which it comes after"
        );
        let after = p.plan.tasks[1].after.as_ref().unwrap();
        assert_eq!(w.pos(), Some(after.value.0[0].pos));
    }

    #[test]
    fn after_cycles_are_errors_with_each_link() {
        let p = TestPlan::new()
            .task("a", &[("due", "2027-01-04"), ("after", "b")])
            .task("b", &[("due", "2027-01-05"), ("after", "c")])
            .task("c", &[("due", "2027-01-06"), ("after", "a")])
            .task("d", &[("due", "2027-01-06"), ("after", "d")]);
        let (s, diags) = run(&p);
        assert!(s.is_none());
        let msgs: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        // `d` following itself is validation's to report.
        assert_eq!(
            msgs,
            ["these tasks follow each other in a cycle: a -> b -> c -> a"]
        );
        let notes: Vec<&str> = diags[0].notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(
            notes,
            [
                "`a` comes after `b`",
                "`b` comes after `c`",
                "`c` comes after `a`"
            ]
        );
        let link = |t: usize| Some(p.plan.tasks[t].after.as_ref().unwrap().value.0[0].pos);
        assert_eq!(diags[0].notes[2].pos, link(2));
        assert_eq!(diags[0].pos(), link(0));
    }

    #[test]
    fn start_after_due_is_a_warning() {
        let p = TestPlan::new()
            .milestone("m", "2027-01-18")
            .task("a", &[("start", "1 day after m"), ("due", "m")])
            .task("b", &[("during", "a")]);
        let (s, diags) = run(&p);
        assert!(s.is_some());
        assert_eq!(diags.len(), 1, "reported for `a` only: {diags:#?}");
        assert_eq!(
            diags[0].message,
            "`a` starts on Tue 19 Jan 2027, after its due date Mon 18 Jan 2027"
        );
        assert_eq!(
            diags[0].pos(),
            Some(p.plan.tasks[0].start.as_ref().unwrap().pos)
        );
    }

    #[test]
    fn freeze_end_must_follow_start() {
        let p = TestPlan::new()
            .milestone("migration", "2027-01-16")
            .freeze(
                "PMS data freeze",
                "migration at 18:00",
                "migration at 07:00",
            )
            .freeze("Same instant", "migration", "migration")
            .freeze("Fine", "migration at 07:00", "migration at 07:01");
        let (s, diags) = run(&p);
        assert!(s.is_none());
        assert_eq!(diags.len(), 2, "{diags:#?}");
        assert_eq!(
            diags[0].message,
            "freeze window `PMS data freeze` ends Sat 16 Jan 2027 07:00, which is not after its start Sat 16 Jan 2027 18:00"
        );
        assert_eq!(diags[0].pos(), Some(p.plan.freeze[0].end.pos));
        assert!(
            diags[1]
                .message
                .starts_with("freeze window `Same instant` ends")
        );
    }

    #[test]
    fn migration_outside_every_freeze_window_is_a_warning() {
        let inside = |start: &str, end: &str| {
            let p = TestPlan::new()
                .milestone("migration", "2027-01-16")
                .freeze("early", "2027-01-01", "2027-01-02")
                .freeze("main", start, end);
            let (s, diags) = run(&p);
            assert!(s.is_some(), "{diags:#?}");
            diags.is_empty()
        };
        // Dates compare inclusively, whatever the time of day.
        assert!(inside(
            "1 day before migration at 18:00",
            "2 days after migration"
        ));
        assert!(inside("migration at 23:00", "2027-01-20"));
        assert!(inside("2027-01-10", "migration"));
        assert!(!inside("1 day after migration", "2027-01-20"));

        let p = TestPlan::new().milestone("migration", "2027-01-16").freeze(
            "early",
            "2027-01-01",
            "2027-01-02 at 12:00",
        );
        let (_, diags) = run(&p);
        assert_eq!(
            diags[0].message,
            "the migration (Sat 16 Jan 2027) falls outside every freeze window"
        );
        assert_eq!(diags[0].pos(), Some(p.plan.milestones[0].1.pos));
        assert_eq!(
            diags[0].notes[0].message,
            "freeze window `early`: Fri 1 Jan 2027 00:00 to Sat 2 Jan 2027 12:00"
        );

        // No freeze windows, or no `migration` milestone: nothing to check.
        let p = TestPlan::new().milestone("migration", "2027-01-16");
        assert!(run(&p).1.is_empty());
        let p = TestPlan::new().milestone("cutover", "2027-01-16").freeze(
            "f",
            "2027-01-01",
            "2027-01-02",
        );
        assert!(run(&p).1.is_empty());
    }

    #[test]
    fn overdue_tasks_are_flagged() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let p = TestPlan::new()
            .task("late", &[("due", "2026-09-30")])
            .task("doing", &[("due", "2026-09-30"), ("status", "doing")])
            .task("done", &[("due", "2026-09-30"), ("status", "done")])
            .task("skipped", &[("due", "2026-09-30"), ("status", "skipped")])
            .task("today", &[("due", "2026-10-01")])
            .task("later", &[("due", "2026-10-02")]);
        assert_eq!(as_of(), day("2026-10-01"));
        let (s, diags) = run(&p);
        assert!(diags.is_empty(), "overdue is a flag, not a diagnostic");
        let overdue: Vec<bool> = s.unwrap().tasks.iter().map(|t| t.overdue).collect();
        assert_eq!(overdue, [true, true, false, false, false, false]);
    }
}
