//! A process table (rows of Phase, Task, Parent Task, Owner, Due, ...) ->
//! tasks in our format, as the text of a new schedule file, and the rows
//! that need a person's attention. Pure: `cmd/import.rs` reads the file
//! and writes the result.
//!
//! ```text
//! columns  header row         -> which column is which field   columns.rs
//! rules    a due phrase       -> when-rule / start / during     rules.rs
//! (here)   rows               -> tasks: ids, parents, phases
//! yaml     tasks              -> the schedule file's text       yaml.rs
//! ```

pub mod columns;
pub mod read;
pub mod rules;
pub mod yaml;

use std::collections::BTreeSet;

use columns::{Columns, Field};
use rules::Due;

/// One row of the table: its number as the spreadsheet shows it (the
/// header is usually row 1) and its cells as text.
#[derive(Debug, Clone)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
}

/// What the project already has: new ids must not collide with it, and
/// rules may anchor on its milestones and tasks.
#[derive(Debug, Clone, Default)]
pub struct Existing {
    pub milestones: Vec<String>,
    /// (id, title)
    pub tasks: Vec<(String, String)>,
    pub phases: Vec<String>,
}

/// One imported task.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Task {
    pub row: usize,
    pub id: String,
    pub title: String,
    pub phase: Option<String>,
    pub parent: Option<String>,
    pub owner: Option<String>,
    pub start: Option<String>,
    pub due: Option<String>,
    pub during: Option<String>,
    pub status: Option<String>,
    pub resources: Vec<String>,
    pub notes: Vec<String>,
}

/// A row that could not be converted whole; its text is in the task's
/// notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub row: usize,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct Imported {
    pub tasks: Vec<Task>,
    /// Phases the project does not have yet, in the order first seen.
    pub new_phases: Vec<String>,
    pub problems: Vec<Problem>,
    /// Assumptions made (not errors), for the terminal.
    pub notes: Vec<Problem>,
}

/// Converts the data rows (after the header) with `cols`.
pub fn import(rows: &[Row], cols: &Columns, existing: &Existing) -> Imported {
    let cell = |r: &Row, f: Field| -> String {
        cols.get(f)
            .and_then(|i| r.cells.get(i))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let mut out = Imported::default();
    let mut taken: BTreeSet<String> = existing
        .milestones
        .iter()
        .chain(existing.tasks.iter().map(|(id, _)| id))
        .cloned()
        .collect();
    // First pass: titles and ids, so that parents and anchors can refer
    // to rows further down.
    let mut raw = Vec::new();
    for r in rows {
        let full = cell(r, Field::Title);
        let mut lines = full.lines().map(str::trim).filter(|l| !l.is_empty());
        let Some(title) = lines.next() else {
            let rest: Vec<String> = r
                .cells
                .iter()
                .filter(|c| !c.trim().is_empty())
                .cloned()
                .collect();
            if !rest.is_empty() {
                out.problems.push(Problem {
                    row: r.number,
                    message: format!(
                        "no task title; the row was not imported: {}",
                        rest.join(" | ")
                    ),
                });
            }
            continue;
        };
        let id = unique_id(title, &mut taken);
        let mut task = Task {
            row: r.number,
            id,
            title: title.to_string(),
            ..Task::default()
        };
        // Further lines of the title cell are detail: notes.
        task.notes.extend(lines.map(str::to_string));
        raw.push((r, task));
    }
    let anchors: Vec<String> = existing
        .milestones
        .iter()
        .cloned()
        .chain(rules::USUAL_ANCHORS.iter().map(|s| s.to_string()))
        .chain(existing.tasks.iter().map(|(id, _)| id.clone()))
        .chain(raw.iter().map(|(_, t)| t.id.clone()))
        .collect();
    let titles: Vec<(String, String)> = raw
        .iter()
        .map(|(_, t)| (t.id.clone(), t.title.clone()))
        .chain(existing.tasks.iter().cloned())
        .collect();
    let mut phases_seen: Vec<String> = Vec::new();
    let mut tasks = Vec::new();
    for (r, mut t) in raw {
        let phase = cell(r, Field::Phase);
        if !phase.is_empty() {
            if !existing.phases.contains(&phase) && !phases_seen.contains(&phase) {
                phases_seen.push(phase.clone());
            }
            t.phase = Some(phase);
        }
        let parent = cell(r, Field::Parent);
        if !parent.is_empty() {
            match by_title(&titles, &parent, &t.id) {
                Some(id) => t.parent = Some(id),
                None => {
                    out.problems.push(Problem {
                        row: r.number,
                        message: format!("parent task \u{201c}{parent}\u{201d} is not a task title in the table or the plan; kept in the task's notes"),
                    });
                    t.notes.push(format!("Parent task (as imported): {parent}"));
                }
            }
        }
        let owner = cell(r, Field::Owner);
        if !owner.is_empty() {
            t.owner = Some(owner);
        }
        let start = cell(r, Field::Start);
        if !start.is_empty() {
            match rules::convert(&start, &anchors) {
                Some(Due::Rule(rule)) | Some(Due::Start(rule)) => t.start = Some(rule),
                _ => {
                    out.problems.push(Problem {
                        row: r.number,
                        message: format!("start \u{201c}{start}\u{201d} is not a rule migplan understands; kept in the task's notes"),
                    });
                    t.notes.push(format!("Start (as imported): {start}"));
                }
            }
        }
        let due = cell(r, Field::Due);
        convert_due(&mut t, &due, &anchors, &titles, &mut out);
        let status = cell(r, Field::Status);
        if !status.is_empty() {
            match status_of(&status) {
                Some(s) => t.status = Some(s.to_string()),
                None => {
                    out.problems.push(Problem {
                        row: r.number,
                        message: format!("status \u{201c}{status}\u{201d} is not one of todo, doing, done, blocked, skipped; kept in the task's notes"),
                    });
                    t.notes.push(format!("Status (as imported): {status}"));
                }
            }
        }
        t.resources = cell(r, Field::Resources)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        let notes = cell(r, Field::Notes);
        if !notes.is_empty() {
            t.notes.push(notes);
        }
        tasks.push(t);
    }
    // A sub-task in its parent's phase takes it from the parent: not
    // written twice.
    let phase_of: Vec<(String, Option<String>)> = tasks
        .iter()
        .map(|t| (t.id.clone(), t.phase.clone()))
        .collect();
    for t in tasks.iter_mut() {
        if let Some(p) = &t.parent
            && let Some((_, pp)) = phase_of.iter().find(|(id, _)| id == p)
            && pp.is_some()
            && *pp == t.phase
        {
            t.phase = None;
        }
    }
    out.tasks = tasks;
    out.new_phases = phases_seen;
    out
}

fn convert_due(
    t: &mut Task,
    due: &str,
    anchors: &[String],
    titles: &[(String, String)],
    out: &mut Imported,
) {
    if due.is_empty() {
        if t.start.is_none() {
            out.problems.push(Problem {
                row: t.row,
                message: "no due date: give the task `due:` (or `during:`) in the file".into(),
            });
        }
        return;
    }
    match rules::convert(due, anchors) {
        Some(Due::Rule(rule)) => t.due = Some(rule),
        Some(Due::Start(rule)) => {
            // "Start no less than 1 week prior to the migration": the work
            // starts then and is due by the anchor.
            let anchor = rule.rsplit(' ').next().unwrap_or("").to_string();
            out.notes.push(Problem {
                row: t.row,
                message: format!("\u{201c}{due}\u{201d} gives a start: `start: {rule}`, and `due: {anchor}` assumed"),
            });
            t.start = Some(rule);
            t.due = Some(anchor);
        }
        Some(Due::During(words)) => match during(titles, &words, t) {
            Some(id) => t.during = Some(id),
            None => {
                out.problems.push(Problem {
                    row: t.row,
                    message: format!("\u{201c}{due}\u{201d}: no single task is \u{201c}{words}\u{201d}; kept in the task's notes"),
                });
                t.notes
                    .push(format!("Due (as imported, not converted): {due}"));
            }
        },
        None => {
            out.problems.push(Problem {
                row: t.row,
                message: format!("due \u{201c}{due}\u{201d} is not a rule migplan understands; kept in the task's notes (write e.g. `due: 2 weeks before migration`)"),
            });
            t.notes
                .push(format!("Due (as imported, not converted): {due}"));
        }
    }
}

/// The task `during` names: its parent if the words fit it, else the one
/// task whose title has every word ("hardware installation" fits
/// "Physical servers: install hardware").
fn during(titles: &[(String, String)], words: &str, t: &Task) -> Option<String> {
    let want = stems(words);
    if want.is_empty() {
        return None;
    }
    let fits = |title: &str| {
        let have = stems(title);
        want.iter().all(|w| have.contains(w))
    };
    if let Some(p) = &t.parent
        && titles.iter().any(|(id, title)| id == p && fits(title))
    {
        return Some(p.clone());
    }
    let mut found = titles
        .iter()
        .filter(|(id, title)| *id != t.id && fits(title))
        .map(|(id, _)| id.clone());
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// Words reduced to a rough stem: "installation" and "install" meet.
fn stems(s: &str) -> BTreeSet<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2 && !matches!(*w, "the" | "and" | "for" | "with"))
        .map(|w| {
            let mut w = w.to_string();
            for suffix in ["ation", "ing", "ed", "s"] {
                if w.len() > suffix.len() + 3 && w.ends_with(suffix) {
                    w.truncate(w.len() - suffix.len());
                    break;
                }
            }
            w
        })
        .collect()
}

/// The id of the task titled `title` (case, spacing and punctuation aside).
fn by_title(titles: &[(String, String)], title: &str, not: &str) -> Option<String> {
    let key = |s: &str| {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let want = key(title);
    titles
        .iter()
        .find(|(id, t)| id != not && key(t) == want)
        .map(|(id, _)| id.clone())
}

/// An id from a title: its first words, lower case with dashes, unique
/// (`-2`, `-3`, ... when taken).
fn unique_id(title: &str, taken: &mut BTreeSet<String>) -> String {
    let slug = crate::render::slug(title);
    let mut base = String::new();
    for word in slug.split('-') {
        if !base.is_empty() && (base.len() + word.len() >= 40 || base.matches('-').count() >= 5) {
            break;
        }
        if !base.is_empty() {
            base.push('-');
        }
        base.push_str(word);
    }
    // An id starts with a letter.
    if !base.starts_with(|c: char| c.is_ascii_lowercase()) {
        base = format!("task-{base}");
    }
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

fn status_of(s: &str) -> Option<&'static str> {
    match s.trim().to_lowercase().as_str() {
        "todo" | "to do" | "open" | "not started" | "planned" => Some("todo"),
        "doing" | "in progress" | "started" | "ongoing" => Some("doing"),
        "done" | "complete" | "completed" | "finished" | "closed" => Some("done"),
        "blocked" | "on hold" | "waiting" => Some("blocked"),
        "skipped" | "n/a" | "not applicable" | "skip" => Some("skipped"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_short() {
        let mut taken = BTreeSet::from(["migration".to_string()]);
        assert_eq!(unique_id("Migration", &mut taken), "migration-2");
        assert_eq!(unique_id("Migration", &mut taken), "migration-3");
        assert_eq!(
            unique_id(
                "At start of project, gather former server information, internet quality",
                &mut taken
            ),
            "at-start-of-project-gather-former"
        );
        assert_eq!(unique_id("2FA setup", &mut taken), "task-2fa-setup");
    }

    #[test]
    fn during_finds_the_task() {
        let titles = vec![
            (
                "install-hardware".to_string(),
                "Physical Servers: Install hardware".to_string(),
            ),
            (
                "order-hardware".to_string(),
                "Physical Servers: Order hardware".to_string(),
            ),
        ];
        let t = Task {
            id: "confirm".into(),
            ..Task::default()
        };
        assert_eq!(
            during(&titles, "hardware installation", &t),
            Some("install-hardware".into())
        );
        assert_eq!(during(&titles, "hardware", &t), None, "two tasks fit");
    }
}
