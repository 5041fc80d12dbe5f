//! `changes`: the "Changes since version X" page, from a [`ChangeSummary`]
//! (what `migplan diff` prints), with every date a `<time>` element.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::diff::{ChangeSummary, DateMove, FieldChange};
use crate::model::Plan;
use crate::render::change_words::{self, Group};

use super::dates::DateView;
use super::view::humanize;

/// The whole page.
#[derive(Debug, Clone, Serialize)]
pub struct ChangesView {
    /// The earlier version compared with.
    pub from: String,
    /// This version.
    pub to: String,
    /// Link to the earlier version's overview (relative to this page).
    pub from_href: String,
    /// True when nothing changed.
    pub empty: bool,
    pub tasks_added: Vec<ItemView>,
    pub tasks_removed: Vec<ItemView>,
    /// Task dates that moved, with the rules.
    pub dates_moved: Vec<MoveView>,
    pub milestones: Vec<MoveView>,
    /// Other changes, by kind ("Tasks", "Datasets", "Inventory", ...).
    pub groups: Vec<ChangeGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub id: String,
    pub title: String,
}

/// A date that moved.
#[derive(Debug, Clone, Serialize)]
pub struct MoveView {
    pub title: String,
    /// "Due", "Start" or "Date".
    pub field: String,
    pub old: Option<DateView>,
    pub new: Option<DateView>,
    /// The rules before and after, when the rule itself changed.
    pub old_rule: Option<String>,
    pub new_rule: Option<String>,
    /// How the new date was computed.
    pub explanation: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeGroup {
    pub title: String,
    pub rows: Vec<FieldView>,
}

/// One changed field, an added entry (`field` = "Added") or a removed one.
#[derive(Debug, Clone, Serialize)]
pub struct FieldView {
    pub id: String,
    /// What changed, by name: the task's title, the system's name, "Mary
    /// Hribar, version 1.2.0" for a sign-off.
    pub title: String,
    /// The field in words: "Status", "Reconnect owner", "Added", "Removed".
    pub field: String,
    pub old: Option<ValueView>,
    pub new: Option<ValueView>,
}

/// A value: a date when it is one, else text.
#[derive(Debug, Clone, Serialize)]
pub struct ValueView {
    /// As the rest of the site prints it: "In progress" (not `doing`),
    /// names for systems and people, "12,450".
    pub text: String,
    pub date: Option<DateView>,
}

pub fn build(s: &ChangeSummary, plan: &Plan) -> ChangesView {
    let groups = change_words::groups(s)
        .into_iter()
        .map(|(g, rows)| ChangeGroup {
            title: g.title().to_string(),
            rows: rows.iter().map(|c| field(plan, g, c)).collect(),
        })
        .collect();
    ChangesView {
        from: s.from.clone(),
        to: s.to.clone(),
        from_href: format!("../{}/index.html", s.from),
        empty: s.is_empty(),
        tasks_added: s
            .tasks_added
            .iter()
            .map(|i| ItemView {
                id: i.id.clone(),
                title: i.title.clone(),
            })
            .collect(),
        tasks_removed: s
            .tasks_removed
            .iter()
            .map(|i| ItemView {
                id: i.id.clone(),
                title: i.title.clone(),
            })
            .collect(),
        dates_moved: s.dates_moved.iter().map(moved).collect(),
        milestones: s
            .milestones
            .iter()
            .map(|m| MoveView {
                title: humanize(&m.title),
                ..moved(m)
            })
            .collect(),
        groups,
    }
}

fn moved(m: &DateMove) -> MoveView {
    let day = |d: &Option<String>| {
        d.as_deref()
            .and_then(|x| NaiveDate::parse_from_str(x, "%Y-%m-%d").ok())
            .map(DateView::day)
    };
    let rules_differ = m.old_rule != m.new_rule;
    MoveView {
        title: m.title.clone(),
        field: match m.field.as_str() {
            "due" => "Due",
            "start" => "Start",
            _ => "Date",
        }
        .to_string(),
        old: day(&m.old),
        new: day(&m.new),
        old_rule: m.old_rule.clone().filter(|_| rules_differ),
        new_rule: m.new_rule.clone().filter(|_| rules_differ),
        explanation: m.explanation.clone(),
    }
}

fn field(plan: &Plan, g: Group, c: &FieldChange) -> FieldView {
    let value = |raw: &str| value(raw, change_words::value(plan, g, &c.field, raw));
    FieldView {
        id: c.id.clone(),
        title: change_words::entry(plan, g, c),
        field: change_words::field(c),
        old: c.old.as_deref().map(value),
        new: c.new.as_deref().map(value),
    }
}

fn value(raw: &str, text: String) -> ValueView {
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .map(DateView::day)
        .or_else(|| {
            NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S")
                .ok()
                .map(DateView::at)
        });
    ValueView { text, date }
}
