//! Runbooks + their times -> the Solution Document's runbook section: a
//! sheet a team can print and work from on the night (one row per step,
//! start and end times, who, a blank column for the time it was done),
//! the rollback, and each rehearsal with its environment's safety list.

use super::sections::{h, kv, row, table};
use crate::Compiled;
use crate::model::{Runbook, StepKind, runbook::fmt_minutes};
use crate::pdf::{Block, RowStyle};
use crate::schedule::{RunbookTimes, StepTimes, fmt_date};

pub fn runbooks(c: &Compiled) -> Vec<Block> {
    let plan = &c.plan;
    if plan.runbooks.is_empty() {
        return Vec::new();
    }
    let mut out = vec![h(1, "Cutover runbook", "runbook")];
    for (i, (rb, t)) in plan.runbooks.iter().zip(&c.schedule.runbooks).enumerate() {
        out.extend(one(c, i, rb, t));
    }
    out
}

/// `Sat 16 Jan 06:00`: the date glued (it never wraps inside), the time
/// free to go to the next line of a narrow column.
fn when(t: chrono::NaiveDateTime) -> String {
    t.format("%a\u{a0}%-d\u{a0}%b %H:%M").to_string()
}

/// A stakeholder id as the person's name, a label with its people's names
/// (`Engineer (Mary Hribar)`), as the site and the calendar word them.
fn person(c: &Compiled, id: &str) -> String {
    crate::people::People::new(&c.plan).label_words(id)
}

fn one(c: &Compiled, i: usize, rb: &Runbook, t: &RunbookTimes) -> Vec<Block> {
    let mut out = vec![h(2, rb.title.value.clone(), format!("runbook-{i}"))];
    let mut facts = vec![
        kv("Starts", when(t.start)),
        kv("Ends", when(t.end)),
        kv(
            "Length",
            fmt_minutes((t.end_utc - t.start_utc).num_minutes()),
        ),
        kv("Times", format!("local wall-clock time, {}", t.timezone)),
    ];
    if let Some(f) = &t.forecast {
        facts.push(kv(
            "Forecast end",
            format!("{} (with the rehearsed durations)", when(f.end)),
        ));
    }
    out.push(Block::KeyValue(facts));
    let rows = rb
        .steps
        .iter()
        .zip(&t.steps)
        .map(|(s, st)| {
            let mut what = match s.kind() {
                StepKind::Step => s.title.value.clone(),
                StepKind::Gate => format!("GATE: {}", s.title.value),
                StepKind::PointOfNoReturn => format!("POINT OF NO RETURN: {}", s.title.value),
            };
            // Table cells are one paragraph: criteria follow as boxes to tick.
            if !s.criteria.is_empty() {
                what.push_str(". Criteria:");
                for crit in &s.criteria {
                    what.push_str(&format!(" [ ] {};", crit.value));
                }
                what.pop();
            }
            if st.critical {
                what.push_str(" (critical path)");
            }
            let mut who = s
                .owner
                .as_ref()
                .map(|o| person(c, &o.value))
                .unwrap_or_default();
            if !s.deciders.is_empty() {
                let names: Vec<String> = s.deciders.iter().map(|d| person(c, &d.value)).collect();
                if !who.is_empty() {
                    who.push_str("; ");
                }
                who.push_str(&format!("Decides: {}", names.join(", ")));
            }
            let mut r = row(vec![
                when(st.start),
                when(st.end),
                what,
                if who.is_empty() { "—".into() } else { who },
                planned(st, t, &s.id.value),
                String::new(),
            ]);
            if s.kind() != StepKind::Step {
                r.style = RowStyle::Strong;
            }
            r
        })
        .collect();
    out.push(table(
        &["Start", "End", "Step", "Who", "Planned", "Done at"],
        rows,
    ));
    if !rb.rollback.is_empty() {
        let after = t.rollback_after.as_ref().map_or(String::new(), |g| {
            format!(", timed from the end of gate {g}")
        });
        out.push(h(
            3,
            format!("Rollback: {}", rb.title.value),
            format!("runbook-{i}-rollback"),
        ));
        out.push(super::para(format!(
            "Run only if a gate decides no-go{after}."
        )));
        let rows = rb
            .rollback
            .iter()
            .zip(&t.rollback)
            .map(|(s, st)| {
                row(vec![
                    when(st.start),
                    when(st.end),
                    s.title.value.clone(),
                    s.owner.as_ref().map_or("—".into(), |o| person(c, &o.value)),
                    st.duration_text(),
                    String::new(),
                ])
            })
            .collect();
        out.push(table(
            &["Start", "End", "Step", "Who", "Planned", "Done at"],
            rows,
        ));
    }
    for r in c
        .plan
        .rehearsals
        .iter()
        .filter(|r| r.runbook.value == rb.id.value)
    {
        let mut items = vec![kv("Version", r.version.value.to_string())];
        if let Some(env) = &r.environment {
            items.push(kv("Environment", env.value.clone()));
            if let Some(sys) = c.plan.system(env.value.trim()) {
                let list = |v: &[crate::model::Sp<String>]| {
                    let v: Vec<&str> = v.iter().map(|d| d.value.as_str()).collect();
                    if v.is_empty() {
                        "nothing listed".to_string()
                    } else {
                        v.join("; ")
                    }
                };
                items.push(kv("Disabled", list(&sys.disabled)));
                items.push(kv("De-identified", list(&sys.deidentified)));
            }
        }
        if let Some(n) = &r.notes {
            items.push(kv("Notes", n.value.clone()));
        }
        out.push(h(
            3,
            format!("Rehearsal of {}", fmt_date(r.date.value.0)),
            format!("rehearsal-{}-{}", i, r.date.value.0),
        ));
        out.push(Block::KeyValue(items));
    }
    out
}

/// "2h", or "2h (rehearsed 2h40m)" when the forecast measured another time.
fn planned(st: &StepTimes, t: &RunbookTimes, id: &str) -> String {
    let planned = st.duration_text();
    let rehearsed = t
        .forecast
        .as_ref()
        .and_then(|f| f.steps.iter().find(|s| s.id == id))
        .filter(|f| f.minutes != st.minutes);
    match rehearsed {
        Some(f) => format!("{planned} (rehearsed {})", fmt_minutes(f.minutes)),
        None => planned,
    }
}
