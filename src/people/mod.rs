//! Plan -> who does what: owner labels and stakeholder ids resolved to
//! people, each person's tasks, runbook steps, gates, sign-offs and RACI
//! roles, and their absences (v2 "owners are people").
//!
//! ```text
//! index     Plan -> People         labels -> stakeholders, once per build
//! check     Plan (+ Schedule) -> diagnostics: RACI ids, absences, site_url
//! ```
//!
//! A task's people are the stakeholders its `owner` names by id, and those
//! whose `owns` lists one of its owner labels (case and surrounding spaces
//! ignored). Renderers ask [`People`]; nothing here renders.

pub mod check;
pub mod filter;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::model::{Plan, Step, Task, people::ids_at};

/// One RACI letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Responsible,
    Accountable,
    Consulted,
    Informed,
}

impl Role {
    pub fn letter(self) -> &'static str {
        match self {
            Role::Responsible => "R",
            Role::Accountable => "A",
            Role::Consulted => "C",
            Role::Informed => "I",
        }
    }
    pub fn word(self) -> &'static str {
        match self {
            Role::Responsible => "Responsible",
            Role::Accountable => "Accountable",
            Role::Consulted => "Consulted",
            Role::Informed => "Informed",
        }
    }
}

/// An absence of one person, as a range a chart can draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Away {
    /// Index into `Plan::stakeholders`.
    pub person: usize,
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
    pub note: Option<String>,
}

/// The plan's people, indexed once.
pub struct People<'p> {
    pub plan: &'p Plan,
    /// Normalized label -> stakeholder indexes (by `owns`).
    by_label: HashMap<String, Vec<usize>>,
    /// Stakeholder id -> index (the first with that id).
    by_id: HashMap<&'p str, usize>,
    /// Each task's people ([`People::of_task`]), index-aligned with
    /// `plan.tasks`: computed on first use, since pages and feeds ask it
    /// once per task per person.
    by_task: std::sync::OnceLock<Vec<Vec<usize>>>,
}

/// A label as matched: trimmed, case folded.
pub fn norm(label: &str) -> String {
    label.trim().to_lowercase()
}

impl<'p> People<'p> {
    pub fn new(plan: &'p Plan) -> People<'p> {
        let mut by_label: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_id = HashMap::new();
        for (i, s) in plan.stakeholders.iter().enumerate() {
            by_id.entry(s.id.value.as_str()).or_insert(i);
            for l in &s.owns {
                let v = by_label.entry(norm(&l.value)).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        People {
            plan,
            by_label,
            by_id,
            by_task: std::sync::OnceLock::new(),
        }
    }

    pub fn id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id.trim()).copied()
    }

    /// The people one owner label or id stands for: the stakeholder with
    /// that id, else those who own the label.
    pub fn of_label(&self, label: &str) -> Vec<usize> {
        if let Some(i) = self.id(label) {
            return vec![i];
        }
        self.by_label.get(&norm(label)).cloned().unwrap_or_default()
    }

    /// Whether `label` names a person or a label someone owns.
    pub fn is_known(&self, label: &str) -> bool {
        !self.of_label(label).is_empty()
    }

    fn union<'a>(&self, labels: impl Iterator<Item = &'a str>) -> Vec<usize> {
        let mut out = Vec::new();
        for l in labels {
            for i in self.of_label(l) {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        }
        out
    }

    /// A task's people (Responsible): by id or by owned label.
    pub fn of_task(&self, t: &Task) -> Vec<usize> {
        match &t.owner {
            Some(o) => self.union(o.value.labels.iter().map(|l| l.value.as_str())),
            None => Vec::new(),
        }
    }

    /// Task `i`'s people (as [`People::of_task`] of `plan.tasks[i]`),
    /// every task resolved once.
    pub fn of_task_at(&self, i: usize) -> &[usize] {
        let all = self
            .by_task
            .get_or_init(|| self.plan.tasks.iter().map(|t| self.of_task(t)).collect());
        &all[i]
    }

    /// A runbook step's people: its owner (a label or an id).
    pub fn of_step(&self, s: &Step) -> Vec<usize> {
        match &s.owner {
            Some(o) => self.of_label(&o.value),
            None => Vec::new(),
        }
    }

    /// Each person's RACI role on a task (R from the owner; one letter per
    /// person, the first of R, A, C, I that applies).
    pub fn raci(&self, t: &Task) -> BTreeMap<usize, Role> {
        let mut out = BTreeMap::new();
        for i in self.of_task(t) {
            out.entry(i).or_insert(Role::Responsible);
        }
        for (field, role) in [
            (&t.accountable, Role::Accountable),
            (&t.consulted, Role::Consulted),
            (&t.informed, Role::Informed),
        ] {
            for id in ids_at(field) {
                if let Some(i) = self.id(&id.value) {
                    out.entry(i).or_insert(role);
                }
            }
        }
        out
    }

    /// Whether the plan ties any owner to a person: a stakeholder with
    /// `owns`, or a task or step owner that is a stakeholder id.
    pub fn uses_people(&self) -> bool {
        self.plan.stakeholders.iter().any(|s| !s.owns.is_empty())
            || self
                .plan
                .tasks
                .iter()
                .filter_map(|t| t.owner.as_ref())
                .flat_map(|o| o.value.labels.iter())
                .any(|l| self.id(&l.value).is_some())
            || self
                .plan
                .runbooks
                .iter()
                .flat_map(|r| r.all_steps())
                .filter_map(|s| s.owner.as_ref())
                .any(|o| self.id(&o.value).is_some())
    }

    /// Whether the plan uses RACI at all (some task has A, C or I).
    pub fn has_raci(&self) -> bool {
        self.plan
            .tasks
            .iter()
            .any(|t| t.accountable.is_some() || t.consulted.is_some() || t.informed.is_some())
    }

    /// `Engineer (Mary Hribar), Tom Becker`: an owner's labels with their
    /// people's names, stakeholder ids as names (the words the calendar
    /// and the PDF print; the site links the same parts).
    pub fn owner_words(&self, owner: &crate::model::Owner) -> String {
        owner
            .labels
            .iter()
            .map(|l| self.label_words(&l.value))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// One label in words: `Engineer (Mary Hribar)`; a stakeholder id or a
    /// label that is its person's own name gives the name alone; a label
    /// that names nobody stays as written.
    pub fn label_words(&self, label: &str) -> String {
        let names: Vec<&str> = self
            .of_label(label)
            .into_iter()
            .map(|i| self.plan.stakeholders[i].display_name())
            .collect();
        let same = matches!(&names[..], [n] if n.trim().eq_ignore_ascii_case(label.trim()));
        if self.id(label).is_some() || same {
            names.join(", ")
        } else if names.is_empty() {
            label.trim().to_string()
        } else {
            format!("{} ({})", label.trim(), names.join(", "))
        }
    }

    /// Every absence of every person, in plan order: what a chart draws.
    pub fn absences(&self) -> Vec<Away> {
        let mut out = Vec::new();
        for (i, s) in self.plan.stakeholders.iter().enumerate() {
            for a in &s.unavailable {
                out.push(Away {
                    person: i,
                    from: a.from.value.0,
                    to: a.to.value.0,
                    note: a.note.as_ref().map(|n| n.value.clone()),
                });
            }
        }
        out
    }

    /// Owner labels (of tasks and runbook steps) that name no stakeholder
    /// and that nobody owns: (label as first written, how many tasks and
    /// steps carry it), in first-seen order.
    pub fn unmatched_labels(&self) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let labels = self
            .plan
            .tasks
            .iter()
            .filter_map(|t| t.owner.as_ref())
            .flat_map(|o| o.value.labels.iter().map(|l| l.value.as_str()))
            .chain(
                self.plan
                    .runbooks
                    .iter()
                    .flat_map(|r| r.all_steps())
                    .filter_map(|s| s.owner.as_ref().map(|o| o.value.as_str())),
            );
        for l in labels {
            if l.trim().is_empty() || self.is_known(l) {
                continue;
            }
            match seen.get(&norm(l)) {
                Some(&k) => out[k].1 += 1,
                None => {
                    seen.insert(norm(l), out.len());
                    out.push((l.trim().to_string(), 1));
                }
            }
        }
        out
    }

    /// The stakeholders an `--owner ID|LABEL` filter means, or `None` when
    /// it names no stakeholder and no owner label at all.
    pub fn matches_query(&self, query: &str) -> Option<Query> {
        if let Some(i) = self.id(query) {
            return Some(Query::Person(i));
        }
        let q = norm(query);
        let used = self
            .plan
            .tasks
            .iter()
            .filter_map(|t| t.owner.as_ref())
            .flat_map(|o| o.value.labels.iter())
            .any(|l| norm(&l.value) == q);
        (used || self.by_label.contains_key(&q)).then_some(Query::Label(q))
    }

    /// Whether task `t` belongs to what `q` selects.
    pub fn task_matches(&self, t: &Task, q: &Query) -> bool {
        match q {
            Query::Person(i) => self.of_task(t).contains(i),
            Query::Label(l) => t
                .owner
                .as_ref()
                .is_some_and(|o| o.value.labels.iter().any(|x| norm(&x.value) == *l)),
        }
    }

    /// Every id and label a query could name (for "did you mean").
    pub fn known_names(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .plan
            .stakeholders
            .iter()
            .map(|s| s.id.value.clone())
            .collect();
        let labels = self
            .plan
            .tasks
            .iter()
            .filter_map(|t| t.owner.as_ref())
            .flat_map(|o| o.value.labels.iter().map(|l| l.value.trim().to_string()))
            .chain(
                self.plan
                    .stakeholders
                    .iter()
                    .flat_map(|s| s.owns.iter().map(|l| l.value.trim().to_string())),
            );
        for l in labels {
            if !out.contains(&l) {
                out.push(l);
            }
        }
        out
    }
}

/// What `schedule --owner` selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A stakeholder: every task they are responsible for.
    Person(usize),
    /// An owner label (normalized): every task that carries it.
    Label(String),
}

/// The file name of a person's page and feed (`people/<slug>.html`): the
/// id, made safe for a path.
pub fn slug(id: &str) -> String {
    let s: String = id
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with('.') {
        format!("p{s}")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_path_safe() {
        assert_eq!(slug("mary"), "mary");
        assert_eq!(slug("Mary H/../x"), "mary-h----x");
        assert_eq!(slug(""), "p");
    }
}
