//! Markdown section pages (`section`) and the downloads page (`downloads`).

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::Section;

use super::ctx::Ctx;
use super::markdown::{Fragment, Origin};

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// The Markdown file's path under `content/` without `.md` (`rollback`,
    /// `appendix/contacts`).
    pub slug: String,
    pub title: String,
    pub order: i64,
    /// The body (Markdown, expressions evaluated, sanitized).
    pub body_html: String,
    /// The previous and next sections, in `order`.
    pub prev: Option<PageLink>,
    pub next: Option<PageLink>,
}

/// A link to another page, relative to the version folder.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub title: String,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DownloadsView {
    pub files: Vec<DownloadView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DownloadView {
    /// "Solution Document (PDF)".
    pub title: String,
    /// The file's name, also its href relative to the version folder.
    pub file: String,
    /// `pdf`, `ics`, `csv`, `json`.
    pub format: String,
    /// What it is for, one sentence.
    pub description: String,
}

/// The page of each section (index-aligned with `sections`), relative to
/// the version folder, unencoded: `sections/<slug>.html`, where a slug's own
/// leading `sections/` (the usual `content/sections/` folder) is dropped
/// unless that makes two pages collide. Pages are unique, also for a file
/// system that ignores case: sections whose full paths still collide (in
/// `a.md`, `sections/a.md`, `sections/sections/a.md`) get `-2`, `-3`, ...
/// in file order.
pub(crate) fn paths(sections: &[Section]) -> Vec<String> {
    let page = |slug: &str| {
        let segments: Vec<&str> = slug
            .split('/')
            .map(|s| {
                if s.is_empty() || s == "." || s == ".." {
                    "_"
                } else {
                    s
                }
            })
            .collect();
        format!("sections/{}.html", segments.join("/"))
    };
    let long: Vec<String> = sections.iter().map(|s| page(&s.slug)).collect();
    let mut out: Vec<String> = sections
        .iter()
        .map(|s| page(s.slug.strip_prefix("sections/").unwrap_or(&s.slug)))
        .collect();
    let key = |p: &str| p.to_lowercase();
    // Each section moves to its full path at most once.
    loop {
        let mut count = std::collections::HashMap::new();
        for p in &out {
            *count.entry(key(p)).or_insert(0) += 1;
        }
        let mut moved = false;
        for i in 0..out.len() {
            if count[&key(&out[i])] > 1 && out[i] != long[i] {
                out[i] = long[i].clone();
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    let all: std::collections::HashSet<String> = out.iter().map(|p| key(p)).collect();
    for p in out.iter_mut() {
        if taken.insert(key(p)) {
            continue;
        }
        let stem = p.trim_end_matches(".html").to_string();
        let free = (2..)
            .map(|n| format!("{stem}-{n}.html"))
            .find(|c| !all.contains(&key(c)) && !taken.contains(&key(c)))
            .unwrap_or_default();
        taken.insert(key(&free));
        *p = free;
    }
    out
}

/// Percent-encodes a relative path for use in an href (keeps `/`).
pub(crate) fn href_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub(crate) fn build_section(
    ctx: &Ctx,
    index: usize,
    root: &str,
    diags: &mut Vec<Diagnostic>,
) -> SectionView {
    let sections: &[Section] = &ctx.plan.sections;
    let s = &sections[index];
    let base_dir = s.slug.rsplit_once('/').map_or("", |(d, _)| d);
    let frag = Fragment {
        root,
        base_dir,
        top_heading: 2,
        id_prefix: "fn-",
    };
    let origin = Origin::Lines {
        file: s.file,
        first_line: s.body_line,
    };
    let link = |i: usize| PageLink {
        title: sections[i].title.value.clone(),
        href: href_of(&ctx.section_paths[i]),
    };
    SectionView {
        slug: s.slug.clone(),
        title: s.title.value.clone(),
        order: s.order,
        body_html: ctx.prose.render(&s.body, origin, &frag, diags),
        prev: index.checked_sub(1).map(link),
        next: (index + 1 < sections.len()).then(|| link(index + 1)),
    }
}

pub(crate) fn build_downloads(ctx: &Ctx, pdf: Option<&str>) -> DownloadsView {
    let mut files = Vec::new();
    if let Some(pdf) = pdf {
        files.push(DownloadView {
            title: format!("{} (PDF)", ctx.plan.meta.value.document()),
            file: pdf.to_string(),
            format: "pdf".into(),
            description: "The whole plan as one document, to print, share or sign.".into(),
        });
    }
    files.extend([
        DownloadView {
            title: "Schedule (calendar)".into(),
            file: "schedule.ics".into(),
            format: "ics".into(),
            description: "Every task and milestone, to import into Outlook, Google or Apple Calendar.".into(),
        },
        DownloadView {
            title: "Schedule (Excel workbook)".into(),
            file: "schedule.xlsx".into(),
            format: "xlsx".into(),
            description: "The schedule with real dates, filters and phases; sheets for data priorities, inventory, add-ons and risks.".into(),
        },
        DownloadView {
            title: "Schedule (spreadsheet)".into(),
            file: "schedule.csv".into(),
            format: "csv".into(),
            description: "The task list with owners and dates, to open in Excel.".into(),
        },
        DownloadView {
            title: "Computed plan (JSON)".into(),
            file: "plan.json".into(),
            format: "json".into(),
            description: "The whole plan with every computed date, for other tools.".into(),
        },
    ]);
    DownloadsView { files }
}
