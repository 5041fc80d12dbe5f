//! Change summary: two versions' `plan.json` -> what changed between them
//! (tasks, dates and the rules that moved them, milestones, datasets,
//! inventory, add-ons, freeze windows, risks, revisions, sign-offs), and
//! the summary as text, Markdown or JSON.
//!
//! Works on the published JSON, not on live plans, so any two versions in
//! `output/` can be compared years later.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::plan_json::{
    AddonRecord, DatasetRecord, Fields, Record, RevisionRecord, RiskRecord, SystemRecord, TaskDef,
    TaskRecord,
};

/// Everything that changed from `from` to `to`.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ChangeSummary {
    pub from: String,
    pub to: String,
    pub tasks_added: Vec<Item>,
    pub tasks_removed: Vec<Item>,
    /// Field changes of tasks present in both: title, owner, status, phase,
    /// parent.
    pub tasks_changed: Vec<FieldChange>,
    pub dates_moved: Vec<DateMove>,
    pub milestones: Vec<DateMove>,
    pub datasets: Vec<FieldChange>,
    pub inventory: Vec<FieldChange>,
    pub addons: Vec<FieldChange>,
    pub freeze: Vec<FieldChange>,
    pub risks: Vec<FieldChange>,
    pub revisions: Vec<FieldChange>,
    pub signoffs: Vec<FieldChange>,
}

/// An entry that appeared or disappeared.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub title: String,
}

/// One field of one entry: `what` is e.g. "task `x` owner", or "added".
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldChange {
    pub id: String,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A date that moved (a task's due/start or a milestone), with the rules.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DateMove {
    pub id: String,
    pub title: String,
    /// `due`, `start` or `date` (milestones).
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub old_rule: Option<String>,
    pub new_rule: Option<String>,
    /// How the new date was computed.
    pub explanation: Option<String>,
}

impl ChangeSummary {
    pub fn is_empty(&self) -> bool {
        self.tasks_added.is_empty()
            && self.tasks_removed.is_empty()
            && self.tasks_changed.is_empty()
            && self.dates_moved.is_empty()
            && self.milestones.is_empty()
            && self.datasets.is_empty()
            && self.inventory.is_empty()
            && self.addons.is_empty()
            && self.freeze.is_empty()
            && self.risks.is_empty()
            && self.revisions.is_empty()
            && self.signoffs.is_empty()
    }
}

/// Compares two `plan.json` documents.
pub fn compare(old: &Record, new: &Record) -> ChangeSummary {
    let mut s = ChangeSummary {
        from: old.version.to_string(),
        to: new.version.to_string(),
        ..Default::default()
    };
    tasks(old, new, &mut s);
    milestones(old, new, &mut s);
    let fields = |list: &[SystemRecord]| list.iter().map(SystemRecord::fields).collect();
    s.inventory = entries(fields(&old.plan.inventory), fields(&new.plan.inventory));
    let fields = |list: &[DatasetRecord]| list.iter().map(DatasetRecord::fields).collect();
    s.datasets = entries(fields(&old.plan.datasets), fields(&new.plan.datasets));
    let fields = |list: &[AddonRecord]| list.iter().map(AddonRecord::fields).collect();
    s.addons = entries(fields(&old.plan.addons), fields(&new.plan.addons));
    s.freeze = entries(freeze(old), freeze(new));
    let fields = |list: &[RiskRecord]| list.iter().map(RiskRecord::fields).collect();
    s.risks = entries(fields(&old.plan.risks), fields(&new.plan.risks));
    let fields = |list: &[RevisionRecord]| list.iter().map(RevisionRecord::fields).collect();
    s.revisions = entries(fields(&old.plan.revisions), fields(&new.plan.revisions));
    s.signoffs = entries(signoffs(old), signoffs(new));
    s
}

fn tasks(old: &Record, new: &Record, s: &mut ChangeSummary) {
    let rules = |r: &Record| -> BTreeMap<String, TaskDef> {
        r.plan
            .tasks
            .iter()
            .map(|t| (t.id.clone(), t.clone()))
            .collect()
    };
    let (orules, nrules) = (rules(old), rules(new));
    let omap: BTreeMap<&str, &TaskRecord> = old.tasks.iter().map(|r| (r.id.as_str(), r)).collect();
    let nmap: BTreeMap<&str, &TaskRecord> = new.tasks.iter().map(|r| (r.id.as_str(), r)).collect();
    for r in &new.tasks {
        if !omap.contains_key(r.id.as_str()) {
            s.tasks_added.push(Item {
                id: r.id.clone(),
                title: r.title.text().unwrap_or_default(),
            });
        }
    }
    for r in &old.tasks {
        if !nmap.contains_key(r.id.as_str()) {
            s.tasks_removed.push(Item {
                id: r.id.clone(),
                title: r.title.text().unwrap_or_default(),
            });
        }
    }
    for nr in &new.tasks {
        let id = &nr.id;
        let Some(or) = omap.get(id.as_str()) else {
            continue;
        };
        let row_fields = |r: &TaskRecord| {
            [
                ("title", r.title.text()),
                ("owner", r.owner.text()),
                ("status", r.status.text()),
                ("phase", r.phase.text()),
                ("parent", r.parent.text()),
            ]
        };
        for ((field, a), (_, b)) in row_fields(or).into_iter().zip(row_fields(nr)) {
            if a != b {
                s.tasks_changed.push(FieldChange {
                    id: id.clone(),
                    field: field.to_string(),
                    old: a,
                    new: b,
                });
            }
        }
        // Written on the task, not in the schedule rows.
        let defs = |m: &BTreeMap<String, TaskDef>| {
            let t = m.get(id);
            [
                ("notes", t.and_then(|t| t.notes.text())),
                ("resources", t.and_then(|t| t.resources.text())),
            ]
        };
        for ((field, a), (_, b)) in defs(&orules).into_iter().zip(defs(&nrules)) {
            if a != b && (a.is_some() || b.as_deref().is_some_and(|x| !x.is_empty())) {
                s.tasks_changed.push(FieldChange {
                    id: id.clone(),
                    field: field.to_string(),
                    old: a,
                    new: b,
                });
            }
        }
        let dates = |r: &TaskRecord| {
            [
                ("due", Some(r.due.to_string()), r.explanation.text()),
                ("start", r.start.text(), r.start_explanation.text()),
            ]
        };
        for ((field, a, _), (_, b, explanation)) in dates(or).into_iter().zip(dates(nr)) {
            if a != b {
                let rule = |m: &BTreeMap<String, TaskDef>| {
                    m.get(id).and_then(|t| {
                        let written = if field == "due" { &t.due } else { &t.start };
                        written
                            .text()
                            .or_else(|| t.during.text().map(|d| format!("during {d}")))
                    })
                };
                s.dates_moved.push(DateMove {
                    id: id.clone(),
                    title: nr.title.text().unwrap_or_default(),
                    field: field.to_string(),
                    old: a,
                    new: b,
                    old_rule: rule(&orules),
                    new_rule: rule(&nrules),
                    explanation,
                });
            }
        }
    }
}

fn milestones(old: &Record, new: &Record, s: &mut ChangeSummary) {
    let dates = |r: &Record| -> Vec<(String, Option<String>, Option<String>)> {
        r.schedule
            .milestones
            .iter()
            .map(|m| (m.id.clone(), m.when.date.text(), m.when.explanation.text()))
            .collect()
    };
    let rules = |r: &Record| -> BTreeMap<String, String> {
        r.plan
            .milestones
            .iter()
            .filter_map(|(id, rule)| Some((id.clone(), rule.text()?)))
            .collect()
    };
    let (o, n) = (dates(old), dates(new));
    let (or, nr) = (rules(old), rules(new));
    let omap: BTreeMap<&str, &Option<String>> = o.iter().map(|(k, d, _)| (k.as_str(), d)).collect();
    let nids: Vec<&str> = n.iter().map(|(k, _, _)| k.as_str()).collect();
    for (id, date, expl) in &n {
        let before = omap.get(id.as_str()).map(|d| (*d).clone()).unwrap_or(None);
        if before != *date {
            s.milestones.push(DateMove {
                id: id.clone(),
                title: id.clone(),
                field: "date".into(),
                old: before,
                new: date.clone(),
                old_rule: or.get(id).cloned(),
                new_rule: nr.get(id).cloned(),
                explanation: expl.clone(),
            });
        }
    }
    for (id, date, _) in &o {
        if !nids.contains(&id.as_str()) {
            s.milestones.push(DateMove {
                id: id.clone(),
                title: id.clone(),
                field: "date".into(),
                old: date.clone(),
                new: None,
                old_rule: or.get(id).cloned(),
                new_rule: None,
                explanation: None,
            });
        }
    }
}

/// Entries by key: added, removed, and each field changed.
fn entries(old: Vec<Fields>, new: Vec<Fields>) -> Vec<FieldChange> {
    let omap: BTreeMap<&str, &Fields> = old.iter().map(|e| (e.key.as_str(), e)).collect();
    let nmap: BTreeMap<&str, &Fields> = new.iter().map(|e| (e.key.as_str(), e)).collect();
    let mut out = Vec::new();
    for e in &new {
        match omap.get(e.key.as_str()) {
            None => out.push(FieldChange {
                id: e.key.clone(),
                field: "added".into(),
                old: None,
                new: e.name.clone().or_else(|| Some(e.key.clone())),
            }),
            Some(prev) => {
                for ((field, a), (_, b)) in prev.fields.iter().zip(&e.fields) {
                    if a != b {
                        out.push(FieldChange {
                            id: e.key.clone(),
                            field: field.to_string(),
                            old: a.clone(),
                            new: b.clone(),
                        });
                    }
                }
            }
        }
    }
    for e in &old {
        if !nmap.contains_key(e.key.as_str()) {
            out.push(FieldChange {
                id: e.key.clone(),
                field: "removed".into(),
                old: e.name.clone().or_else(|| Some(e.key.clone())),
                new: None,
            });
        }
    }
    out
}

/// Freeze windows by name: computed start/end, mode and systems.
fn freeze(r: &Record) -> Vec<Fields> {
    r.plan
        .freeze
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let dates = r.schedule.freezes.get(i);
            Fields {
                key: f.name.clone(),
                name: None,
                fields: vec![
                    ("start", dates.and_then(|d| d.start.text())),
                    ("end", dates.and_then(|d| d.end.text())),
                    ("mode", f.mode.text()),
                    ("systems", f.systems.text()),
                ],
            }
        })
        .collect()
}

/// Sign-offs keyed by signer and version: added, removed, decision changed.
fn signoffs(r: &Record) -> Vec<Fields> {
    r.plan
        .signoffs
        .iter()
        .map(|s| Fields {
            key: format!("{} for {}", s.by, s.version),
            name: s.decision.text(),
            fields: vec![
                ("decision", s.decision.text()),
                ("date", s.date.text()),
                ("comment", s.comment.text()),
            ],
        })
        .collect()
}

/// How `migplan diff` prints the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

/// The summary in `format`. Dates read as everywhere else ("Fri 20 Nov
/// 2026") in text and Markdown; JSON keeps `YYYY-MM-DD`.
pub fn render(s: &ChangeSummary, format: Format) -> String {
    match format {
        Format::Json => {
            let mut out = serde_json::to_string_pretty(s).unwrap_or_default();
            out.push('\n');
            out
        }
        Format::Text => render_lines(s, false),
        Format::Markdown => render_lines(s, true),
    }
}

/// The summary as plain text for the terminal (`migplan diff`).
pub fn render_text(s: &ChangeSummary) -> String {
    render(s, Format::Text)
}

fn render_lines(s: &ChangeSummary, markdown: bool) -> String {
    let mut out = if markdown {
        format!("## Changes from version {} to version {}\n", s.from, s.to)
    } else {
        format!("Changes from version {} to version {}\n", s.from, s.to)
    };
    if s.is_empty() {
        out.push_str("\nNo changes.\n");
        return out;
    }
    let opt = |v: &Option<String>| v.as_deref().map(human_dates).unwrap_or_else(|| "—".into());
    let mut section = |title: &str, lines: Vec<String>| {
        if lines.is_empty() {
            return;
        }
        if markdown {
            let _ = write!(out, "\n### {title}\n\n");
            for l in lines {
                let _ = writeln!(out, "- {}", md_escape(&l));
            }
        } else {
            let _ = write!(out, "\n{title}\n");
            for l in lines {
                let _ = writeln!(out, "  {l}");
            }
        }
    };
    section(
        "Tasks added",
        s.tasks_added
            .iter()
            .map(|t| format!("+ {}: {}", t.id, t.title))
            .collect(),
    );
    section(
        "Tasks removed",
        s.tasks_removed
            .iter()
            .map(|t| format!("- {}: {}", t.id, t.title))
            .collect(),
    );
    section(
        "Task dates moved",
        s.dates_moved.iter().map(|m| move_line(m, &opt)).collect(),
    );
    section(
        "Tasks changed",
        s.tasks_changed
            .iter()
            .map(|c| format!("{} {}: {} -> {}", c.id, c.field, opt(&c.old), opt(&c.new)))
            .collect(),
    );
    section(
        "Milestones",
        s.milestones.iter().map(|m| move_line(m, &opt)).collect(),
    );
    for (title, list) in [
        ("Datasets", &s.datasets),
        ("Inventory", &s.inventory),
        ("Add-ons", &s.addons),
        ("Freeze windows", &s.freeze),
        ("Risks", &s.risks),
        ("Revisions", &s.revisions),
        ("Sign-offs", &s.signoffs),
    ] {
        section(title, list.iter().map(|c| change_line(c, &opt)).collect());
    }
    out
}

/// Every `YYYY-MM-DD` in `text` as the other outputs print dates.
fn human_dates(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..i]);
        let candidate = &rest[i..];
        let date = candidate
            .get(..10)
            .filter(|_| !candidate[10..].starts_with(|c: char| c.is_ascii_digit()))
            .and_then(crate::model::Date::parse);
        match date {
            Some(d) => {
                out.push_str(&crate::schedule::fmt_date(d));
                rest = &candidate[10..];
            }
            None => {
                let n = candidate
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(candidate.len());
                out.push_str(&candidate[..n]);
                rest = &candidate[n..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Markdown's special characters at the start of a list item or inline.
fn md_escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn move_line(m: &DateMove, opt: &dyn Fn(&Option<String>) -> String) -> String {
    let mut l = format!("{} {}: {} -> {}", m.id, m.field, opt(&m.old), opt(&m.new));
    match (&m.old_rule, &m.new_rule) {
        (Some(a), Some(b)) if a != b => {
            let _ = write!(l, " (rule `{a}` -> `{b}`)");
        }
        _ => {
            if let Some(e) = &m.explanation {
                let _ = write!(l, " ({e})");
            }
        }
    }
    l
}

fn change_line(c: &FieldChange, opt: &dyn Fn(&Option<String>) -> String) -> String {
    match c.field.as_str() {
        "added" => format!("+ {} ({})", c.id, opt(&c.new)),
        "removed" => format!("- {} ({})", c.id, opt(&c.old)),
        f => format!("{} {f}: {} -> {}", c.id, opt(&c.old), opt(&c.new)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(version: &str, due: &str, rule: &str, extra_task: bool, migration: &str) -> Record {
        let row = |id: &str, title: &str, due: &str, expl: &str| {
            json!({"id": id, "title": title, "phase": null, "parent": null, "owner": "Tech",
                   "status": "todo", "due": due, "start": null, "explanation": expl,
                   "start_explanation": null})
        };
        let def = |id: &str, due: &str| json!({"id": id, "due": due, "start": null, "during": null, "resources": [], "notes": null});
        let mut rows = vec![row("a", "Task A", due, &format!("{rule} = {due}"))];
        let mut defs = vec![def("a", rule)];
        if extra_task {
            rows.push(row("b", "Task B", "2027-01-01", "fixed"));
            defs.push(def("b", "2027-01-01"));
        }
        let doc = json!({
            "generator": "migplan test", "format": 1, "version": version, "status": "draft",
            "date": "2026-11-20", "pdf": null,
            "tasks": rows,
            "plan": {"tasks": defs, "milestones": [["migration", migration]],
                     "inventory": [], "freeze": [], "addons": [], "risks": [], "revisions": [],
                     "signoffs": [],
                     "datasets": [{"id": "p", "name": "Patients", "priority": "must", "method": "migrate",
                                   "records": null, "from": "old", "to": "new", "owner": null}]},
            "schedule": {"milestones": [{"id": "migration", "when": {"date": migration, "explanation": "fixed"}}], "freezes": []}
        });
        serde_json::from_value(doc).unwrap()
    }

    #[test]
    fn finds_moved_dates_and_new_tasks() {
        let old = doc(
            "1.0.0",
            "2026-11-20",
            "8 weeks before migration",
            false,
            "2027-01-16",
        );
        let new = doc(
            "1.1.0",
            "2026-11-27",
            "8 weeks before migration",
            true,
            "2027-01-23",
        );
        let s = compare(&old, &new);
        assert_eq!(
            s.tasks_added,
            vec![Item {
                id: "b".into(),
                title: "Task B".into()
            }]
        );
        assert!(s.tasks_removed.is_empty());
        assert_eq!(s.dates_moved.len(), 1);
        assert_eq!(s.dates_moved[0].old.as_deref(), Some("2026-11-20"));
        assert_eq!(s.dates_moved[0].new.as_deref(), Some("2026-11-27"));
        assert_eq!(s.milestones.len(), 1);
        assert_eq!(s.milestones[0].new_rule.as_deref(), Some("2027-01-23"));
        assert!(s.datasets.is_empty());
        let t = render_text(&s);
        assert!(
            t.contains("a due: Fri 20 Nov 2026 -> Fri 27 Nov 2026"),
            "{t}"
        );
        assert!(t.contains("+ b: Task B"), "{t}");
    }

    #[test]
    fn identical_versions_have_no_changes() {
        let a = doc("1.0.0", "2026-11-20", "x", true, "2027-01-16");
        assert!(compare(&a, &a).is_empty());
    }
}
