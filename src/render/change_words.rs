//! A [`ChangeSummary`] (ids and raw values, as `migplan diff` compares
//! them) + the plan -> the words of the changes page and the PDF's changes
//! section: entry titles instead of ids, field names in words, and values
//! as the rest of the document prints them ("To do -> In progress", not
//! `todo -> doing`).

use chrono::{NaiveDate, NaiveDateTime};

use crate::diff::{ChangeSummary, FieldChange};
use crate::model::{
    AddonStatus, Credentials, Decision, FreezeMode, Method, Plan, Priority, SystemRole, TaskStatus,
};
use crate::render::labels::{
    addon_status_label, credentials_label, decision_label, freeze_mode_label, humanize,
    method_label, priority_label, role_label, task_status_label, thousands,
};

/// The kinds of entry whose fields the summary compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Tasks,
    Datasets,
    Inventory,
    Addons,
    Freeze,
    Signoffs,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::Tasks => "Tasks changed",
            Group::Datasets => "Datasets",
            Group::Inventory => "Inventory",
            Group::Addons => "Add-ons",
            Group::Freeze => "Freeze windows",
            Group::Signoffs => "Sign-offs",
        }
    }
}

/// The groups with changes, in the order both renderers list them.
pub fn groups(s: &ChangeSummary) -> Vec<(Group, &[FieldChange])> {
    [
        (Group::Tasks, &s.tasks_changed),
        (Group::Datasets, &s.datasets),
        (Group::Inventory, &s.inventory),
        (Group::Addons, &s.addons),
        (Group::Freeze, &s.freeze),
        (Group::Signoffs, &s.signoffs),
    ]
    .into_iter()
    .filter(|(_, rows)| !rows.is_empty())
    .map(|(g, rows)| (g, rows.as_slice()))
    .collect()
}

/// What a change is about, by name: the task's title, the dataset's or
/// system's name, "Mary Hribar, version 1.2.0" for a sign-off. An entry
/// this version no longer has is named by what the summary recorded.
pub fn entry(plan: &Plan, g: Group, c: &FieldChange) -> String {
    let id = c.id.as_str();
    let named = |name: Option<&crate::model::Sp<String>>| name.map(|n| n.value.clone());
    let found = match g {
        Group::Tasks => plan
            .tasks
            .iter()
            .find(|t| t.id.value == id)
            .map(|t| t.title.value.clone()),
        Group::Datasets => plan
            .datasets
            .iter()
            .find(|d| d.id.value == id)
            .and_then(|d| named(d.name.as_ref())),
        Group::Inventory => plan.system(id).and_then(|s| named(s.name.as_ref())),
        Group::Addons => plan
            .addons
            .iter()
            .find(|a| a.id.value == id)
            .and_then(|a| named(a.name.as_ref())),
        // Keyed by name already.
        Group::Freeze => return c.id.clone(),
        // Keyed "<signer id> for <version>".
        Group::Signoffs => {
            return id.split_once(" for ").map_or_else(
                || c.id.clone(),
                |(by, version)| format!("{}, version {version}", person(plan, by)),
            );
        }
    };
    let recorded = match c.field.as_str() {
        "added" => c.new.clone(),
        "removed" => c.old.clone(),
        _ => None,
    };
    found
        .or(recorded)
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| c.id.clone())
}

/// The changed field in words: "Reconnect owner", "Added", "Removed".
pub fn field(c: &FieldChange) -> String {
    humanize(&c.field)
}

/// A value as the rest of the document prints it: labels for statuses,
/// priorities, methods and roles; names for systems, people and tasks;
/// dates and times in the schedule's format; numbers with separators.
pub fn value(plan: &Plan, g: Group, field: &str, raw: &str) -> String {
    fn label<T: Copy + 'static>(
        all: &[T],
        as_str: fn(T) -> &'static str,
        raw: &str,
        f: fn(T) -> &'static str,
    ) -> Option<String> {
        all.iter()
            .find(|v| as_str(**v) == raw)
            .map(|v| f(*v).to_string())
    }
    let words = match (g, field) {
        (Group::Tasks, "status") => {
            label(TaskStatus::ALL, TaskStatus::as_str, raw, task_status_label)
        }
        (Group::Addons, "status") => label(
            AddonStatus::ALL,
            AddonStatus::as_str,
            raw,
            addon_status_label,
        ),
        (_, "priority") => label(Priority::ALL, Priority::as_str, raw, priority_label),
        (_, "method") => label(Method::ALL, Method::as_str, raw, method_label),
        (_, "role") => label(SystemRole::ALL, SystemRole::as_str, raw, role_label),
        (_, "credentials") => label(
            Credentials::ALL,
            Credentials::as_str,
            raw,
            credentials_label,
        ),
        (_, "mode") => label(FreezeMode::ALL, FreezeMode::as_str, raw, freeze_mode_label),
        (Group::Signoffs, "decision" | "added" | "removed") => {
            label(Decision::ALL, Decision::as_str, raw, decision_label)
        }
        (_, "records") => raw.parse::<u64>().ok().map(thousands),
        (_, "from" | "to" | "integrates_with" | "systems") => Some(
            raw.split(", ")
                .map(|id| {
                    plan.system(id)
                        .and_then(|s| s.name.as_ref().map(|n| n.value.clone()))
                        .unwrap_or_else(|| id.to_string())
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (_, "owner" | "reconnect_owner" | "by") => Some(person(plan, raw)),
        (Group::Tasks, "parent") => plan
            .tasks
            .iter()
            .find(|t| t.id.value == raw)
            .map(|t| t.title.value.clone()),
        _ => None,
    };
    words
        .or_else(|| when(raw))
        .unwrap_or_else(|| raw.to_string())
}

/// A stakeholder's name for an id; anything else (an owner label) as is.
fn person(plan: &Plan, id: &str) -> String {
    plan.stakeholder(id)
        .and_then(|s| s.name.as_ref().map(|n| n.value.clone()))
        .unwrap_or_else(|| id.to_string())
}

/// `2027-01-15` -> "Fri 15 Jan 2027"; `2027-01-15T18:00:00` -> "Fri 15 Jan
/// 2027, 18:00".
pub fn when(raw: &str) -> Option<String> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .map(crate::schedule::fmt_date)
        .or_else(|| {
            NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S")
                .ok()
                .map(|t| t.format("%a %-d %b %Y, %H:%M").to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> crate::Compiled {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        crate::compile(root, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
            .unwrap_or_else(|f| panic!("{:?}", f.diagnostics))
    }

    fn change(id: &str, field: &str, old: Option<&str>, new: Option<&str>) -> FieldChange {
        FieldChange {
            id: id.into(),
            field: field.into(),
            old: old.map(Into::into),
            new: new.map(Into::into),
        }
    }

    /// One line per case: the group, the field, the raw value, the words.
    #[test]
    fn values_read_as_the_rest_of_the_document() {
        let c = example();
        let plan = &c.plan;
        let cases = [
            (Group::Tasks, "status", "doing", "In progress"),
            (Group::Tasks, "status", "todo", "To do"),
            (
                Group::Tasks,
                "parent",
                "test-imaging-bridge",
                "Test the imaging program bridge",
            ),
            (Group::Addons, "status", "reconnected", "Reconnected"),
            (Group::Datasets, "priority", "not-needed", "Not needed"),
            (Group::Datasets, "method", "archive-pdf", "Archive as PDF"),
            (Group::Datasets, "records", "1600000", "1,600,000"),
            (
                Group::Datasets,
                "from",
                "old-server",
                "Office server (current)",
            ),
            (
                Group::Freeze,
                "systems",
                "old-server, gone",
                "Office server (current), gone",
            ),
            (
                Group::Freeze,
                "start",
                "2027-01-15T18:00:00",
                "Fri 15 Jan 2027, 18:00",
            ),
            (
                Group::Signoffs,
                "decision",
                "changes-requested",
                "Changes requested",
            ),
            (Group::Signoffs, "date", "2026-11-20", "Fri 20 Nov 2026"),
            (Group::Inventory, "role", "retained", "Retained"),
            (Group::Tasks, "owner", "Engineer / Tech", "Engineer / Tech"),
            (Group::Tasks, "title", "doing", "doing"),
        ];
        for (g, field, raw, want) in cases {
            assert_eq!(value(plan, g, field, raw), want, "{g:?} {field} {raw}");
        }
    }

    #[test]
    fn entries_are_named_not_numbered() {
        let c = example();
        let plan = &c.plan;
        let t = &plan.tasks[0];
        let status = change(&t.id.value, "status", Some("todo"), Some("doing"));
        assert_eq!(entry(plan, Group::Tasks, &status), t.title.value);
        assert_eq!(field(&status), "Status");
        let gone = change("gone", "removed", Some("Old fax server"), None);
        assert_eq!(entry(plan, Group::Inventory, &gone), "Old fax server");
        let signoff = change("practice-owner for 1.1.0", "decision", None, None);
        let name = plan
            .stakeholder("practice-owner")
            .unwrap()
            .name
            .as_ref()
            .unwrap();
        assert_eq!(
            entry(plan, Group::Signoffs, &signoff),
            format!("{}, version 1.1.0", name.value)
        );
        assert_eq!(
            field(&change("x", "reconnect_owner", None, None)),
            "Reconnect owner"
        );
    }
}
