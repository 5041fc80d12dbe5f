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
use serde_json::Value;

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
pub fn compare(old: &Value, new: &Value) -> ChangeSummary {
    let mut s = ChangeSummary {
        from: text(&old["version"]).unwrap_or_default(),
        to: text(&new["version"]).unwrap_or_default(),
        ..Default::default()
    };
    tasks(old, new, &mut s);
    milestones(old, new, &mut s);
    s.datasets = entries(
        &old["plan"]["datasets"],
        &new["plan"]["datasets"],
        "id",
        &[
            "name", "priority", "method", "records", "from", "to", "owner",
        ],
    );
    s.inventory = entries(
        &old["plan"]["inventory"],
        &new["plan"]["inventory"],
        "id",
        &["name", "category", "role", "details"],
    );
    s.addons = entries(
        &old["plan"]["addons"],
        &new["plan"]["addons"],
        "id",
        &[
            "name",
            "vendor",
            "integrates_with",
            "credentials",
            "reconnect_owner",
            "verify",
            "status",
        ],
    );
    s.freeze = freeze(old, new);
    s.risks = entries(
        &old["plan"]["risks"],
        &new["plan"]["risks"],
        "id",
        &[
            "title",
            "likelihood",
            "impact",
            "owner",
            "mitigation",
            "status",
        ],
    );
    s.revisions = entries(
        &old["plan"]["revisions"],
        &new["plan"]["revisions"],
        "version",
        &["date", "author", "summary"],
    );
    s.signoffs = signoffs(old, new);
    s
}

fn tasks(old: &Value, new: &Value, s: &mut ChangeSummary) {
    let rows = |v: &Value| -> Vec<(String, Value)> {
        v["tasks"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|r| (text(&r["id"]).unwrap_or_default(), r.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let rules = |v: &Value| -> BTreeMap<String, Value> {
        v["plan"]["tasks"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|t| (text(&t["id"]).unwrap_or_default(), t.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (o, n) = (rows(old), rows(new));
    let (orules, nrules) = (rules(old), rules(new));
    let omap: BTreeMap<&str, &Value> = o.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let nmap: BTreeMap<&str, &Value> = n.iter().map(|(k, v)| (k.as_str(), v)).collect();
    for (id, r) in &n {
        if !omap.contains_key(id.as_str()) {
            s.tasks_added.push(Item {
                id: id.clone(),
                title: text(&r["title"]).unwrap_or_default(),
            });
        }
    }
    for (id, r) in &o {
        if !nmap.contains_key(id.as_str()) {
            s.tasks_removed.push(Item {
                id: id.clone(),
                title: text(&r["title"]).unwrap_or_default(),
            });
        }
    }
    for (id, nr) in &n {
        let Some(or) = omap.get(id.as_str()) else {
            continue;
        };
        for field in ["title", "owner", "status", "phase", "parent"] {
            let (a, b) = (text(&or[field]), text(&nr[field]));
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
        for field in ["notes", "resources"] {
            let def = |m: &BTreeMap<String, Value>| m.get(id).and_then(|t| text(&t[field]));
            let (a, b) = (def(&orules), def(&nrules));
            if a != b && (a.is_some() || b.as_deref().is_some_and(|x| !x.is_empty())) {
                s.tasks_changed.push(FieldChange {
                    id: id.clone(),
                    field: field.to_string(),
                    old: a,
                    new: b,
                });
            }
        }
        for (field, expl) in [("due", "explanation"), ("start", "start_explanation")] {
            let (a, b) = (text(&or[field]), text(&nr[field]));
            if a != b {
                let rule = |m: &BTreeMap<String, Value>| {
                    m.get(id).and_then(|t| {
                        text(&t[field])
                            .or_else(|| text(&t["during"]).map(|d| format!("during {d}")))
                    })
                };
                s.dates_moved.push(DateMove {
                    id: id.clone(),
                    title: text(&nr["title"]).unwrap_or_default(),
                    field: field.to_string(),
                    old: a,
                    new: b,
                    old_rule: rule(&orules),
                    new_rule: rule(&nrules),
                    explanation: text(&nr[expl]),
                });
            }
        }
    }
}

fn milestones(old: &Value, new: &Value, s: &mut ChangeSummary) {
    let dates = |v: &Value| -> Vec<(String, Option<String>, Option<String>)> {
        v["schedule"]["milestones"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|m| {
                        (
                            text(&m["id"]).unwrap_or_default(),
                            text(&m["when"]["date"]),
                            text(&m["when"]["explanation"]),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let rules = |v: &Value| -> BTreeMap<String, String> {
        v["plan"]["milestones"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|pair| Some((text(&pair[0])?, text(&pair[1])?)))
                    .collect()
            })
            .unwrap_or_default()
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

/// Entries keyed by `key`: added, removed, and each listed field changed.
fn entries(old: &Value, new: &Value, key: &str, fields: &[&str]) -> Vec<FieldChange> {
    let index = |v: &Value| -> Vec<(String, Value)> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|e| (text(&e[key]).unwrap_or_default(), e.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (o, n) = (index(old), index(new));
    let omap: BTreeMap<&str, &Value> = o.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let nmap: BTreeMap<&str, &Value> = n.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut out = Vec::new();
    for (id, e) in &n {
        match omap.get(id.as_str()) {
            None => out.push(FieldChange {
                id: id.clone(),
                field: "added".into(),
                old: None,
                new: text(&e["name"]).or_else(|| Some(id.clone())),
            }),
            Some(prev) => {
                for f in fields {
                    let (a, b) = (text(&prev[*f]), text(&e[*f]));
                    if a != b {
                        out.push(FieldChange {
                            id: id.clone(),
                            field: f.to_string(),
                            old: a,
                            new: b,
                        });
                    }
                }
            }
        }
    }
    for (id, e) in &o {
        if !nmap.contains_key(id.as_str()) {
            out.push(FieldChange {
                id: id.clone(),
                field: "removed".into(),
                old: text(&e["name"]).or_else(|| Some(id.clone())),
                new: None,
            });
        }
    }
    out
}

/// Freeze windows by name: computed start/end, mode and systems.
fn freeze(old: &Value, new: &Value) -> Vec<FieldChange> {
    let merged = |v: &Value| -> Value {
        let defs = v["plan"]["freeze"].as_array().cloned().unwrap_or_default();
        let dates = v["schedule"]["freezes"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        Value::Array(
            defs.iter()
                .enumerate()
                .map(|(i, d)| {
                    serde_json::json!({
                        "name": d["name"],
                        "start": dates.get(i).map(|x| x["start"].clone()),
                        "end": dates.get(i).map(|x| x["end"].clone()),
                        "mode": d["mode"],
                        "systems": d["systems"],
                    })
                })
                .collect(),
        )
    };
    entries(
        &merged(old),
        &merged(new),
        "name",
        &["start", "end", "mode", "systems"],
    )
}

/// Sign-offs keyed by signer and version: added, removed, decision changed.
fn signoffs(old: &Value, new: &Value) -> Vec<FieldChange> {
    let keyed = |v: &Value| -> Value {
        Value::Array(
            v["plan"]["signoffs"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|s| {
                    let key = format!(
                        "{} for {}",
                        text(&s["by"]).unwrap_or_default(),
                        text(&s["version"]).unwrap_or_default()
                    );
                    serde_json::json!({"key": key, "name": s["decision"], "decision": s["decision"], "date": s["date"], "comment": s["comment"]})
                })
                .collect(),
        )
    };
    entries(
        &keyed(old),
        &keyed(new),
        "key",
        &["decision", "date", "comment"],
    )
}

/// A JSON value as display text (`null` -> None; lists joined by ", ").
fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => Some(a.iter().filter_map(text).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => Some(
            m.iter()
                .map(|(k, v)| format!("{k}: {}", text(v).unwrap_or_default()))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        other => Some(other.to_string()),
    }
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

    fn doc(version: &str, due: &str, rule: &str, extra_task: bool, migration: &str) -> Value {
        let mut rows = vec![
            json!({"id": "a", "title": "Task A", "owner": "Tech", "status": "todo", "due": due, "start": null, "explanation": format!("{rule} = {due}")}),
        ];
        let mut defs = vec![json!({"id": "a", "title": "Task A", "due": rule})];
        if extra_task {
            rows.push(json!({"id": "b", "title": "Task B", "owner": "Tech", "status": "todo", "due": "2027-01-01", "start": null, "explanation": "fixed"}));
            defs.push(json!({"id": "b", "title": "Task B", "due": "2027-01-01"}));
        }
        json!({
            "version": version,
            "tasks": rows,
            "plan": {"tasks": defs, "milestones": [["migration", migration]],
                     "datasets": [{"id": "p", "name": "Patients", "priority": "must", "method": "migrate"}]},
            "schedule": {"milestones": [{"id": "migration", "when": {"date": migration, "explanation": "fixed"}}], "freezes": []}
        })
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
