//! The template API, part 1: what every page sees (`site`, `page`) and the
//! small shared pieces (task and system references, labels, HTML ids).
//!
//! Templates see only these serialized structs, never the plan itself; each
//! struct and field is documented for theme authors in `docs/theming.md`.
//! Every string is plain text that the template escapes, except fields whose
//! name ends in `_html` (sanitized HTML, inserted with `| safe`).

use serde::Serialize;

use crate::model::PlanStatus;
// The labels live in `render::labels`, shared with the PDF; re-exported
// here for the views.
pub use crate::render::labels::{
    addon_status_label, credentials_label, decision_label, freeze_mode_label, humanize,
    method_label, plan_status_label, priority_label, role_label, strategy_label, task_status_label,
};

use super::dates::DateView;

/// `site`: the document and build, the same on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// The plan's title ("Eaglesoft to Open Dental migration").
    pub title: String,
    /// The client ("Lakeside Family Dental"), if given.
    pub client: Option<String>,
    /// The document's name ("Solution Document").
    pub document: String,
    /// This document's version ("1.2.0").
    pub version: String,
    /// `draft`, `review` or `approved`: for CSS classes.
    pub status: String,
    /// `DRAFT`, `IN REVIEW` or `APPROVED`: the banner's word.
    pub status_label: String,
    /// One sentence under the banner word, e.g. "Not yet approved: 2 of 3
    /// sign-offs outstanding."
    pub status_note: String,
    /// Who publishes the plan, if given.
    pub owner: Option<String>,
    /// The same, linked to the people it names.
    pub owners: Vec<super::people::OwnerPart>,
    /// The as-of date: overdue flags and the Gantt "today" line use it.
    pub as_of: DateView,
    /// A hash of the plan's content, when the build supplies one.
    pub content_hash: Option<String>,
    /// The PDF's file name in this version's folder, when one was built.
    pub pdf: Option<String>,
    /// Signers (`signs: true`) and how many approved this version.
    pub signers: usize,
    pub signers_approved: usize,
    /// Every published version, newest first, this one included.
    pub versions: Vec<VersionLink>,
    /// "migplan 0.1.0".
    pub generator: String,
}

/// A published version, as linked from a page of another version.
#[derive(Debug, Clone, Serialize)]
pub struct VersionLink {
    pub version: String,
    pub status: String,
    pub status_label: String,
    /// From this page to that version's overview (`../1.1.0/index.html`).
    pub href: String,
    /// True for the version this page belongs to.
    pub current: bool,
}

/// `page`: the page being rendered.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// `overview`, `schedule`, `gantt`, `risks`, `inventory`, `data`, `freeze`,
    /// `addons`, `signoff`, `downloads`, or `section` (for Markdown pages).
    pub kind: String,
    /// The page's heading ("Schedule", or a section's title).
    pub title: String,
    /// The page's path in the version folder (`schedule.html`, `sections/rollback.html`).
    pub path: String,
    /// From this page back to the version folder: `""` or `"../"`. Prefix
    /// every link to another page or asset with it.
    pub root: String,
    /// The navigation, links relative to this page.
    pub nav: Vec<NavGroup>,
}

/// A group of navigation links ("Plan", "Systems and data", "Sections").
#[derive(Debug, Clone, Serialize)]
pub struct NavGroup {
    pub title: String,
    pub items: Vec<NavItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    /// Relative to the current page.
    pub href: String,
    /// True on the page this item leads to (`aria-current="page"`).
    pub current: bool,
}

/// A task mentioned on another page (by owner, in a freeze window, due soon).
#[derive(Debug, Clone, Serialize)]
pub struct TaskRef {
    pub id: String,
    pub title: String,
    /// Link to the task's row on the schedule page, relative to the version
    /// folder (prefix with `page.root`).
    pub href: String,
    pub phase: Option<String>,
    pub owner: Option<String>,
    /// The owner's labels, each linked to its people's pages.
    pub owners: Vec<super::people::OwnerPart>,
    pub start: Option<DateView>,
    pub due: DateView,
    /// `todo`, `doing`, `done`, `blocked`, `skipped`.
    pub status: String,
    /// "To do", "In progress", "Done", "Blocked", "Skipped".
    pub status_label: String,
    pub overdue: bool,
    /// Baseline, actual start and finish, variance (None: nothing to show).
    pub progress: Option<super::progress::ProgressView>,
}

/// An inventory system mentioned elsewhere (a dataset's source, a frozen system).
#[derive(Debug, Clone, Serialize)]
pub struct SystemRef {
    pub id: String,
    /// The system's name, or its id when it has none.
    pub name: String,
    /// Link to it on the inventory page, relative to the version folder;
    /// `None` when the id is not in the inventory.
    pub href: Option<String>,
}

/// A link the plan asked for (a task's resource), after the link policy.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    /// Safe to use as `href` (http(s), mailto, or relative inside the plan,
    /// already prefixed for this page); `None` for plain-text resources and
    /// refused links.
    pub href: Option<String>,
    /// True when the plan gave a URL that the link policy refused.
    pub refused: bool,
}

/// An id usable in HTML (`id="task-x"`, `href="#task-x"`): letters, digits,
/// `-` and `.` are kept; anything else is written `_hex_`, so distinct plan
/// ids stay distinct.
pub fn html_id(prefix: &str, id: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + id.len() + 1);
    out.push_str(prefix);
    out.push('-');
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}_", c as u32));
        }
    }
    out
}

/// The banner's word for a plan status: "DRAFT", "IN REVIEW", "APPROVED"
/// (the one label, upper-cased).
pub fn status_label(s: PlanStatus) -> String {
    plan_status_label(s).to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_and_distinct() {
        assert_eq!(html_id("task", "migrate-data"), "task-migrate-data");
        assert_eq!(html_id("task", "a b"), "task-a_20_b");
        assert_ne!(html_id("task", "a b"), html_id("task", "a_b"));
        assert_eq!(html_id("system", "x\"<"), "system-x_22__3c_");
        assert_eq!(humanize("go-live"), "Go live");
    }
}
