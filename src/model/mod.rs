//! The plan as the loader hands it on: every YAML file merged into one
//! [`Plan`], plus the Markdown [`Section`]s, with positions kept.

pub mod spanned;
pub mod types;

pub use spanned::{OneOrMany, OrderedMap, Sp, Text};
pub use types::*;

use crate::diag::{FileId, Pos};

/// A narrative section: one Markdown file under `content/`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Section {
    #[serde(skip)]
    pub file: FileId,
    /// The path under `content/` without extension, `/`-separated; a stable
    /// identifier for links (`rollback`, `appendix/contacts`).
    pub slug: String,
    pub title: Sp<String>,
    pub order: i64,
    /// The Markdown after the front matter.
    pub body: String,
    /// The line of `content` in its file where `body` starts (1-based).
    #[serde(skip)]
    pub body_line: u32,
}

/// The whole plan: all `content/` files merged in path order.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Plan {
    pub meta: Sp<PlanMeta>,
    pub calendar: CalendarDef,
    /// Milestone id -> when-rule, in the order written.
    pub milestones: Vec<(Sp<String>, Sp<String>)>,
    pub key_questions: Option<Sp<KeyQuestions>>,
    pub inventory: Vec<System>,
    pub datasets: Vec<Dataset>,
    pub freeze: Vec<Freeze>,
    pub addons: Vec<Addon>,
    pub stakeholders: Vec<Stakeholder>,
    pub signoffs: Vec<Signoff>,
    pub phases: Vec<Sp<String>>,
    pub tasks: Vec<Task>,
    pub revisions: Vec<Revision>,
    pub risks: Vec<Risk>,
    /// Sorted by (`order`, path).
    pub sections: Vec<Section>,
}

impl Plan {
    pub fn task(&self, id: &str) -> Option<&Task> {
        self.tasks.iter().find(|t| t.id.value == id)
    }

    pub fn stakeholder(&self, id: &str) -> Option<&Stakeholder> {
        self.stakeholders.iter().find(|s| s.id.value == id)
    }

    pub fn system(&self, id: &str) -> Option<&System> {
        self.inventory.iter().find(|s| s.id.value == id)
    }

    /// The phase a task belongs to: its own, else its nearest ancestor's.
    pub fn phase_of<'a>(&'a self, task: &'a Task) -> Option<&'a str> {
        let mut cur = task;
        for _ in 0..=self.tasks.len() {
            if let Some(p) = &cur.phase {
                return Some(&p.value);
            }
            cur = self.task(cur.parent.as_ref()?.value.as_str())?;
        }
        None
    }

    /// Where the plan's `plan:` key was written.
    pub fn meta_pos(&self) -> Pos {
        self.meta.pos
    }
}
