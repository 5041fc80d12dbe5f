//! The built-in `components.html`, written directly: the pieces the large
//! pages repeat thousands of times (`native.rs`). Each function writes
//! byte for byte what the component of the same name writes, every value
//! escaped by the one escaper ([`super::escape`]); `tests.rs` renders the
//! pages both ways and compares them.

use std::fmt::Write;

use super::dates::DateView;
use super::escape::escape_into;
use super::people::OwnerPart;
use super::progress::ProgressView;
use super::view::TaskRef;

/// A page's HTML under construction: markup as given, text escaped.
#[derive(Debug, Default)]
pub(crate) struct Html(pub String);

impl Html {
    pub fn with_capacity(n: usize) -> Html {
        Html(String::with_capacity(n))
    }

    /// Markup, written as is.
    pub fn raw(&mut self, s: &str) -> &mut Html {
        self.0.push_str(s);
        self
    }

    /// Text (plan text, labels), escaped.
    pub fn text(&mut self, s: &str) -> &mut Html {
        escape_into(&mut self.0, s);
        self
    }

    /// A number, as Tera prints it.
    pub fn num(&mut self, n: impl std::fmt::Display) -> &mut Html {
        let _ = write!(self.0, "{n}");
        self
    }

    /// A float, as Tera prints it (`Debug`: `12.0`, `3.5`).
    pub fn float(&mut self, f: f64) -> &mut Html {
        let _ = write!(self.0, "{f:?}");
        self
    }
}

/// Tera's truthiness of an optional string: present and not empty.
pub(crate) fn some(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// `date(d)`.
pub(crate) fn date(h: &mut Html, d: &DateView) {
    h.raw("<time datetime=\"").text(&d.iso).raw("\"");
    if let Some(e) = some(&d.explanation) {
        h.raw(" title=\"").text(e).raw("\"");
    }
    h.raw(">").text(&d.text).raw("</time>");
}

/// `badge(status, label)`.
pub(crate) fn badge(h: &mut Html, status: &str, label: &str) {
    h.raw("<span class=\"badge badge-")
        .text(status)
        .raw("\">")
        .text(label)
        .raw("</span>");
}

/// `task_link(t, root)`.
pub(crate) fn task_link(h: &mut Html, t: &TaskRef, root: &str) {
    h.raw("<a href=\"")
        .text(root)
        .text(&t.href)
        .raw("\">")
        .text(&t.title)
        .raw("</a>");
}

/// `actual(p)`.
pub(crate) fn actual(h: &mut Html, p: Option<&ProgressView>) {
    let Some(p) = p.filter(|p| p.actual_start.is_some() || p.actual_finish.is_some()) else {
        h.raw("<span class=\"muted\">—</span>");
        return;
    };
    if let Some(d) = &p.actual_start {
        h.raw("<span class=\"actual-start\">Started ");
        date(h, d);
        h.raw("</span>");
    }
    if p.actual_start.is_some() && p.actual_finish.is_some() {
        h.raw("<br>");
    }
    if let Some(d) = &p.actual_finish {
        h.raw("<span class=\"actual-finish\">Finished ");
        date(h, d);
        h.raw("</span>");
    }
}

/// `owner(parts, text, root)`.
pub(crate) fn owner(h: &mut Html, parts: &[OwnerPart], text: &str, root: &str) {
    if parts.is_empty() {
        h.text(text);
        return;
    }
    for (k, p) in parts.iter().enumerate() {
        if k > 0 {
            h.raw(", ");
        }
        let people = |h: &mut Html| {
            for (j, x) in p.people.iter().enumerate() {
                if j > 0 {
                    h.raw(", ");
                }
                h.raw("<a href=\"")
                    .text(root)
                    .text(&x.href)
                    .raw("\">")
                    .text(&x.name)
                    .raw("</a>");
            }
        };
        match some(&p.label) {
            Some(label) => {
                h.text(label);
                if !p.people.is_empty() {
                    h.raw(" (");
                    people(h);
                    h.raw(")");
                }
            }
            None => people(h),
        }
    }
}

/// `task_list(tasks, root, show_owner)`.
pub(crate) fn task_list(h: &mut Html, tasks: &[TaskRef], root: &str, show_owner: bool) {
    h.raw("<ol class=\"agenda\">");
    for t in tasks {
        h.raw("\n  <li class=\"agenda-item");
        if t.overdue {
            h.raw(" is-overdue");
        }
        h.raw("\">\n    <span class=\"agenda-date\">");
        date(h, &t.due);
        h.raw("</span>\n    <span class=\"agenda-body\">\n      ");
        task_link(h, t, root);
        h.raw("\n      <span class=\"agenda-meta\">");
        if show_owner && let Some(o) = some(&t.owner) {
            owner(h, &t.owners, o, root);
            h.raw(" · ");
        }
        if let Some(phase) = some(&t.phase) {
            h.text(phase).raw(" · ");
        }
        badge(h, &t.status, &t.status_label);
        if t.overdue {
            h.raw(" ");
            badge(h, "overdue", "Overdue");
        }
        if let Some(p) = &t.progress
            && let Some(v) = some(&p.variance_label)
        {
            h.raw(" · ");
            if p.late {
                h.raw("<strong class=\"text-alert\">")
                    .text(v)
                    .raw("</strong>");
            } else {
                h.text(v);
            }
        }
        h.raw("\n      </span>\n    </span>\n  </li>");
    }
    h.raw("\n</ol>");
}
