//! Plan (+ Schedule) -> diagnostics about people: RACI fields that name no
//! stakeholder, absences that end before they start, `plan.site_url`, two
//! ids that would share a page, and (once dates are known) tasks whose
//! people are all away.

use std::collections::HashMap;

use crate::diag::Diagnostic;
use crate::model::{Plan, people::ids_at};
use crate::schedule::{Schedule, fmt_date};

use super::People;

/// The checks that need no dates (run with validation).
pub fn check(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let people = People::new(plan);
    let ids: Vec<&str> = plan
        .stakeholders
        .iter()
        .map(|s| s.id.value.as_str())
        .collect();
    for t in &plan.tasks {
        for (key, field) in [
            ("accountable", &t.accountable),
            ("consulted", &t.consulted),
            ("informed", &t.informed),
        ] {
            for id in ids_at(field) {
                if people.id(&id.value).is_none() {
                    out.push(
                        Diagnostic::error(
                            id.pos,
                            format!(
                                "`{}` in `{key}` of task `{}` is not a stakeholder id",
                                id.value, t.id.value
                            ),
                        )
                        .with_hint(
                            crate::suggest::did_you_mean(&id.value, ids.iter().copied())
                                .unwrap_or_else(|| {
                                    "RACI fields name people: add them under `stakeholders:` with an `id`".into()
                                }),
                        ),
                    );
                }
            }
        }
    }
    let mut pages: HashMap<String, &str> = HashMap::new();
    for s in &plan.stakeholders {
        for a in &s.unavailable {
            if a.to.value < a.from.value {
                out.push(
                    Diagnostic::error(
                        a.to.pos,
                        format!(
                            "this absence of `{}` ends ({}) before it starts ({})",
                            s.id.value, a.to.value.0, a.from.value.0
                        ),
                    )
                    .with_hint("`from` and `to` are the first and last day away (inclusive)"),
                );
            }
        }
        let slug = super::slug(&s.id.value);
        match pages.get(&slug) {
            Some(other) if *other != s.id.value => out.push(
                Diagnostic::error(
                    s.id.pos,
                    format!(
                        "stakeholder ids `{other}` and `{}` would share one page (people/{slug}.html)",
                        s.id.value
                    ),
                )
                .with_hint("ids are compared without case and punctuation for page names: rename one"),
            ),
            _ => {
                pages.insert(slug, &s.id.value);
            }
        }
    }
    if let Some(url) = &plan.meta.site_url {
        let v = url.value.trim();
        let rest = v
            .strip_prefix("https://")
            .or_else(|| v.strip_prefix("http://"));
        let ok = rest.is_some_and(|r| {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
                && !host.starts_with(':')
                && !r.contains(char::is_whitespace)
                && !r.contains(['"', '<', '>', '\\'])
        });
        if !ok {
            out.push(
                Diagnostic::error(
                    url.pos,
                    format!("`{v}` is not an http(s) address"),
                )
                .with_hint(
                    "write where the site is published, e.g. https://plans.example.org/sis-migration/ (the folder that holds `latest/`)",
                ),
            );
        }
    }
}

/// A task whose span touches a day on which every one of its people is
/// away: one warning per task, naming each person and their absence.
pub fn absences(plan: &Plan, schedule: &Schedule, out: &mut Vec<Diagnostic>) {
    let people = People::new(plan);
    if plan.stakeholders.iter().all(|s| s.unavailable.is_empty()) {
        return;
    }
    for (t, d) in plan.tasks.iter().zip(&schedule.tasks) {
        if t.status().is_closed() {
            continue;
        }
        let who = people.of_task(t);
        if who.is_empty() {
            continue;
        }
        let due = d.due.date;
        let start = d.start.as_ref().map_or(due, |s| s.date.min(due));
        // The first day in the span on which everyone is away, and each
        // person's absence covering it.
        let mut day = start;
        let found = loop {
            if day > due {
                break None;
            }
            let covering: Option<Vec<(usize, usize)>> = who
                .iter()
                .map(|&p| {
                    plan.stakeholders[p]
                        .unavailable
                        .iter()
                        .position(|a| a.from.value.0 <= day && day <= a.to.value.0)
                        .map(|k| (p, k))
                })
                .collect();
            if let Some(c) = covering {
                break Some((day, c));
            }
            day = match day.succ_opt() {
                Some(d) => d,
                None => break None,
            };
        };
        let Some((day, covering)) = found else {
            continue;
        };
        let names: Vec<String> = covering
            .iter()
            .map(|&(p, k)| {
                let s = &plan.stakeholders[p];
                let a = &s.unavailable[k];
                let note = a
                    .note
                    .as_ref()
                    .map(|n| format!(", {}", n.value.trim()))
                    .unwrap_or_default();
                format!(
                    "{} ({}) is away {} to {}{note}",
                    s.display_name(),
                    s.id.value,
                    a.from.value.0,
                    a.to.value.0
                )
            })
            .collect();
        let span = if start == due {
            format!("on {}", fmt_date(due))
        } else {
            format!("from {} to {}", fmt_date(start), fmt_date(due))
        };
        let at = t.owner.as_ref().map_or(t.id.pos, |o| o.pos);
        let mut diag = Diagnostic::warning(
            at,
            format!(
                "task `{}` ({span}) falls on {} when all its people are away: {}",
                t.id.value,
                fmt_date(day),
                names.join("; ")
            ),
        )
        .with_hint("move the task, give it another owner, or shorten the absence");
        for &(p, k) in &covering {
            let a = &plan.stakeholders[p].unavailable[k];
            diag = diag.with_note(
                Some(a.from.pos),
                format!("the absence of `{}`", plan.stakeholders[p].id.value),
            );
        }
        out.push(diag);
    }
}
