//! [`StatusReport`] -> plain text (a terminal) or Markdown (ready to paste
//! into a weekly e-mail). One walk over the report; the two differ only in
//! how headings, items and emphasis are written.

use std::fmt::Write;

use super::{Item, StatusReport};
use crate::progress::track::variance_words;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Text,
    Markdown,
}

pub fn render(r: &StatusReport, flavor: Flavor) -> String {
    let md = flavor == Flavor::Markdown;
    let mut out = String::new();
    let client = r
        .client
        .as_deref()
        .map(|c| format!(" for {c}"))
        .unwrap_or_default();
    if md {
        let _ = writeln!(out, "## Status: {}{client}", r.title);
        let _ = writeln!(out);
        let _ = writeln!(out, "Version {}, as of {}.", r.version, r.as_of);
        let _ = writeln!(out);
    } else {
        let _ = writeln!(out, "Status: {}{client}", r.title);
        let _ = writeln!(out, "version {}, as of {}", r.version, r.as_of);
    }
    let _ = writeln!(out, "{}", baseline_line(r));
    for (_, heading, items) in r.task_sections() {
        section(&mut out, flavor, &heading, items.len());
        if items.is_empty() {
            let _ = writeln!(out, "{}", if md { "None." } else { "  none" });
        }
        for it in items {
            let _ = writeln!(out, "{}", item_line(it, md));
        }
    }
    section(
        &mut out,
        flavor,
        "Sign-offs outstanding",
        r.signoffs_outstanding.len(),
    );
    if r.signoffs_outstanding.is_empty() {
        let _ = writeln!(out, "{}", if md { "None." } else { "  none" });
    }
    for p in &r.signoffs_outstanding {
        let _ = writeln!(out, "{} {} ({})", bullet(md), p.name, code(&p.id, md));
    }
    section(&mut out, flavor, "Open risks", r.open_risks.len());
    if r.open_risks.is_empty() {
        let _ = writeln!(out, "{}", if md { "None." } else { "  none" });
    }
    for k in &r.open_risks {
        let mut line = format!("{} {} ({})", bullet(md), k.title, code(&k.id, md));
        let level = |l: &Option<String>| l.clone().unwrap_or_else(|| "?".into());
        if k.likelihood.is_some() || k.impact.is_some() {
            let _ = write!(
                line,
                ", likelihood {}, impact {}",
                level(&k.likelihood),
                level(&k.impact)
            );
        }
        if let Some(o) = &k.owner {
            let _ = write!(line, ", owner {o}");
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

/// "Baseline: version 1.0.0 (the latest approved)" or "no baseline yet".
pub fn baseline_line(r: &StatusReport) -> String {
    match &r.baseline {
        Some(v) => format!("Baseline: version {v}, the latest approved version."),
        None => "No baseline yet: no version has been approved, so there is no variance to show."
            .to_string(),
    }
}

fn section(out: &mut String, flavor: Flavor, heading: &str, n: usize) {
    let _ = writeln!(out);
    match flavor {
        Flavor::Markdown => {
            let _ = writeln!(out, "### {heading} ({n})");
            let _ = writeln!(out);
        }
        Flavor::Text => {
            let _ = writeln!(out, "{heading} ({n})");
        }
    }
}

fn bullet(md: bool) -> &'static str {
    if md { "-" } else { "  -" }
}

fn code(s: &str, md: bool) -> String {
    if md { format!("`{s}`") } else { s.to_string() }
}

/// One task: title, id, owner, dates and what the progress says.
fn item_line(it: &Item, md: bool) -> String {
    let title = if md {
        format!("**{}**", escape_md(&it.title))
    } else {
        it.title.clone()
    };
    let mut parts = vec![format!("{} {title} ({})", bullet(md), code(&it.id, md))];
    if let Some(o) = &it.owner {
        parts.push(o.clone());
    }
    match it.baseline_due {
        Some(b) if b != it.due => parts.push(format!("due {} (baseline {b})", it.due)),
        _ => parts.push(format!("due {}", it.due)),
    }
    if let Some(s) = &it.actual_start {
        parts.push(format!("started {s}"));
    }
    if let Some(f) = &it.actual_finish {
        parts.push(format!("finished {f}"));
    }
    if let Some(v) = it.variance {
        parts.push(variance_words(v));
    }
    let mut line = parts.join(", ");
    if let Some(n) = &it.note {
        let _ = write!(line, ": {}", if md { escape_md(n) } else { n.clone() });
    }
    line
}

/// Markdown's emphasis and link characters, escaped so a title prints as
/// written.
fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
