//! The built-in `schedule.html`'s `content` block, written directly: the
//! schedule page repeats one row per task (18 MB of HTML at 10,000 tasks),
//! too many for Tera to interpret quickly. Used only while the theme's
//! `schedule.html` and `components.html` are the built-in ones (see
//! `Pages::render_native` in `mod.rs`); a theme that overrides either is
//! rendered by its own template from the same `ScheduleView`.

use super::components::{self, Html, actual, badge, date, owner, some, task_link, task_list};
use super::schedule::{ScheduleView, TaskRow};

/// The `content` block for the page at `root` (`page.root`).
pub(crate) fn content(s: &ScheduleView, root: &str) -> String {
    let rows: usize = s.phases.iter().map(|p| p.tasks.len()).sum();
    let mut h = Html::with_capacity(2_000 + rows * 2_000);
    h.raw("\n<p class=\"lede\">")
        .num(s.total)
        .raw(" tasks, ")
        .num(s.done)
        .raw(" done or skipped");
    if s.overdue > 0 {
        h.raw(", <strong class=\"text-alert\">")
            .num(s.overdue)
            .raw(" overdue</strong>");
    }
    if s.late > s.overdue {
        h.raw(", <strong class=\"text-alert\">")
            .num(s.late - s.overdue)
            .raw(" finished late</strong>");
    }
    h.raw(".\nUnder each task, “How the dates are set” shows how its dates were computed.\n<a href=\"#by-owner\">See the tasks by owner</a>.</p>\n<p class=\"muted\">")
        .text(&s.baseline.text)
        .raw("</p>");
    for phase in &s.phases {
        h.raw("\n<section class=\"phase\" aria-labelledby=\"")
            .text(&phase.anchor)
            .raw("\">\n  <h2 id=\"")
            .text(&phase.anchor)
            .raw("\">")
            .text(&phase.name)
            .raw(" <span class=\"count\">")
            .num(phase.done)
            .raw(" of ")
            .num(phase.total)
            .raw(" done or skipped</span></h2>");
        if phase.tasks.is_empty() {
            h.raw("\n  <p class=\"muted\">No tasks in this phase.</p>");
        } else {
            h.raw("\n  <div class=\"table-scroll\">\n  <table class=\"tasks\">\n    <caption class=\"visually-hidden\">Tasks in ")
                .text(&phase.name)
                .raw("</caption>\n    <thead>\n      <tr><th scope=\"col\">Task</th><th scope=\"col\">Owner</th><th scope=\"col\">Start</th><th scope=\"col\">Due</th><th scope=\"col\">Actual</th><th scope=\"col\">Status</th></tr>\n    </thead>\n    <tbody>");
            for t in &phase.tasks {
                row(&mut h, t, root);
            }
            h.raw("\n    </tbody>\n  </table>\n  </div>");
        }
        h.raw("\n</section>");
    }
    h.raw("\n\n<section class=\"by-owner\" aria-labelledby=\"by-owner\">\n  <h2 id=\"by-owner\">By owner</h2>\n  <p class=\"muted\">What each person must do, in date order (and the owner labels that name nobody yet).</p>\n  <div class=\"owners\">");
    for o in &s.owners {
        h.raw("\n    <section class=\"card owner\" aria-labelledby=\"")
            .text(&o.anchor)
            .raw("\">\n      <h3 id=\"")
            .text(&o.anchor)
            .raw("\">");
        match some(&o.href) {
            Some(href) => {
                h.raw("<a href=\"")
                    .text(root)
                    .text(href)
                    .raw("\">")
                    .text(&o.owner)
                    .raw("</a>");
            }
            None => {
                h.text(&o.owner);
            }
        }
        h.raw(" <span class=\"count\">").num(o.open).raw(" open");
        if o.overdue > 0 {
            h.raw(", ").num(o.overdue).raw(" overdue");
        }
        h.raw("</span></h3>\n      ");
        task_list(&mut h, &o.tasks, root, false);
        h.raw("\n    </section>");
    }
    h.raw("\n  </div>\n</section>\n");
    h.0
}

/// One task's `<tr>`.
fn row(h: &mut Html, t: &TaskRow, root: &str) {
    h.raw("\n      <tr id=\"")
        .text(&t.anchor)
        .raw("\" class=\"depth-")
        .num(t.depth);
    if t.overdue {
        h.raw(" is-overdue");
    }
    h.raw(" status-")
        .text(&t.status)
        .raw("\">\n        <td class=\"task-cell\">\n          <span class=\"task-title\">");
    if t.depth > 0 {
        h.raw("<span class=\"subtask-mark\" aria-hidden=\"true\">↳ </span>");
    }
    h.text(&t.title).raw("</span>");
    if !t.after.is_empty() {
        h.raw("\n          <span class=\"task-after\">After ");
        for (k, a) in t.after.iter().enumerate() {
            if k > 0 {
                h.raw(", ");
            }
            task_link(h, a, root);
        }
        h.raw("</span>");
    }
    if !t.resources.is_empty() {
        h.raw("\n          <ul class=\"resources\" aria-label=\"Resources\">");
        for r in &t.resources {
            h.raw("\n            <li>");
            match some(&r.href) {
                Some(href) => {
                    h.raw("<a href=\"")
                        .text(href)
                        .raw("\">")
                        .text(&r.title)
                        .raw("</a>");
                }
                None => {
                    h.text(&r.title);
                    if r.refused {
                        h.raw(" <span class=\"muted\">(link removed)</span>");
                    }
                }
            }
            h.raw("</li>");
        }
        h.raw("\n          </ul>");
    }
    if let Some(n) = some(&t.notes) {
        h.raw("<p class=\"task-notes\">").text(n).raw("</p>");
    }
    h.raw("\n          <details class=\"why\">\n            <summary>How the dates are set</summary>\n            <dl>");
    if let Some(start) = &t.start {
        h.raw("<dt>Start</dt><dd>");
        explained(h, start);
        h.raw("</dd>");
    }
    h.raw("\n              <dt>Due</dt><dd>");
    explained(h, &t.due);
    h.raw("</dd>\n            </dl>\n          </details>\n        </td>\n        <td data-label=\"Owner\">");
    owner(h, &t.owners, some(&t.owner).unwrap_or("—"), root);
    h.raw("</td>\n        <td data-label=\"Start\"");
    match &t.start {
        Some(start) => {
            h.raw(">");
            date(h, start);
        }
        None => {
            h.raw(" class=\"is-empty\"><span class=\"muted\">—</span>");
        }
    }
    h.raw("</td>\n        <td data-label=\"Due\">");
    date(h, &t.due);
    let progress = t.progress.as_ref();
    if let Some(p) = progress.filter(|p| p.moved)
        && let Some(b) = &p.baseline_due
    {
        h.raw("<br><span class=\"muted\">baseline ");
        date(h, b);
        h.raw("</span>");
    }
    h.raw("</td>\n        <td data-label=\"Actual\">");
    actual(h, progress);
    h.raw("</td>\n        <td data-label=\"Status\">");
    badge(h, &t.status, &t.status_label);
    if t.overdue {
        h.raw(" ");
        badge(h, "overdue", "Overdue");
    }
    if let Some(p) = progress {
        if let Some(v) = some(&p.variance_label) {
            h.raw("<br>");
            if p.late {
                h.raw("<strong class=\"text-alert\">")
                    .text(v)
                    .raw("</strong>");
            } else {
                h.raw("<span class=\"muted\">").text(v).raw("</span>");
            }
        }
        if let Some(n) = some(&p.note) {
            h.raw("<br><span class=\"muted\">").text(n).raw("</span>");
        }
    }
    h.raw("</td>\n      </tr>");
}

/// A date with how it was computed: the explanation's HTML when there is
/// one, else the `date` component.
fn explained(h: &mut Html, d: &super::dates::DateView) {
    match some(&d.explanation_html) {
        Some(html) => {
            h.raw(html);
        }
        None => components::date(h, d),
    }
}
