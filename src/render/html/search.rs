//! The site search index: the page views of one build -> `search-index.js`,
//! a script that sets `window.migplanSearch` to a prebuilt index, read by the
//! theme's `assets/search.js`.
//!
//! A script, not JSON, because a page opened from `file://` may load a
//! script but may not fetch a file; so search works offline and on any
//! static host, without a server. The index is built from the same views the
//! pages are rendered from, so every result links to an anchor that exists.
//!
//! Format (version 1; `docs/theming.md` describes it for theme authors):
//!
//! ```text
//! window.migplanSearch = {
//!   "version": 1,
//!   "docs":  [[kind, title, href, context, text], ...],
//!   "terms": [[term, [doc * 2 + in_title, ...]], ...]   sorted by term
//! };
//! ```
//!
//! `href` is relative to the version folder. Terms are the lower-cased runs
//! of letters and digits of a document's title, context and text, plus the
//! parts of `CamelCase` words; the client looks up each query word as a
//! prefix of terms (binary search over the sorted list). Output is
//! deterministic: documents in page order, terms sorted, postings ascending.

use std::collections::HashMap;

use serde::Serialize;

use super::addons::AddonsView;
use super::data::DataView;
use super::freeze::FreezeView;
use super::inventory::InventoryView;
use super::overview::OverviewView;
use super::risks::RisksView;
use super::schedule::ScheduleView;
use super::sections::{SectionView, href_of};

/// The views the index is made from.
pub(crate) struct Sources<'a> {
    /// Every page in the navigation: (title, href relative to the version folder).
    pub pages: Vec<(String, String)>,
    pub overview: &'a OverviewView,
    pub schedule: &'a ScheduleView,
    pub risks: Option<&'a RisksView>,
    pub inventory: &'a InventoryView,
    pub data: &'a DataView,
    pub freeze: &'a FreezeView,
    pub addons: &'a AddonsView,
    /// One page per stakeholder (`people/<id>.html`).
    pub people: &'a [super::people::PersonView],
    /// Each section's view and page path (unencoded).
    pub sections: Vec<(&'a SectionView, &'a str)>,
}

/// One search result: what it is, its title, where it is, one line of
/// context, and the text searched (shown as an excerpt around the match).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Doc(
    pub &'static str,
    pub String,
    pub String,
    pub String,
    pub String,
);

#[derive(Serialize)]
struct Index<'a> {
    version: u32,
    docs: &'a [Doc],
    terms: Vec<(String, Vec<u32>)>,
}

/// The bytes of `search-index.js`.
pub(crate) fn index_js(src: &Sources) -> Vec<u8> {
    let docs = documents(src);
    // Documents are visited in order, so each posting list comes out sorted;
    // a document's title terms are posted first, so a term in both its
    // title and its text is posted once, as a title hit.
    let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, Doc(_, title, _, context, text)) in docs.iter().enumerate() {
        let i = i as u32;
        for t in tokens(title) {
            let list = postings.entry(t).or_default();
            if list.last() != Some(&(i * 2 + 1)) {
                list.push(i * 2 + 1);
            }
        }
        for t in tokens(context).into_iter().chain(tokens(text)) {
            let list = postings.entry(t).or_default();
            if list.last().is_none_or(|&p| p / 2 != i) {
                list.push(i * 2);
            }
        }
    }
    let mut terms: Vec<(String, Vec<u32>)> = postings.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let index = Index {
        version: 1,
        docs: &docs,
        terms,
    };
    let json = serde_json::to_string(&index).expect("the index serializes");
    // Line and paragraph separators are fine in JSON but not in the string
    // literals of older JavaScript engines.
    let json = json
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!(
        "// The search index of this version, written by migplan; read by assets/search.js.\nwindow.migplanSearch = {json};\n"
    )
    .into_bytes()
}

/// Every findable thing, in page order.
fn documents(src: &Sources) -> Vec<Doc> {
    let mut out = Vec::new();
    let mut push = |kind, title: &str, href: String, context: String, text: String| {
        out.push(Doc(kind, title.to_string(), href, context, text));
    };
    // Sections are listed below, with their text.
    let section_hrefs: Vec<String> = src.sections.iter().map(|(_, p)| href_of(p)).collect();
    for (title, href) in src.pages.iter().filter(|(_, h)| !section_hrefs.contains(h)) {
        push("Page", title, href.clone(), String::new(), String::new());
    }
    let o = src.overview;
    if let Some(summary) = &o.summary_html {
        push(
            "Summary",
            "Summary",
            "index.html#summary-title".into(),
            String::new(),
            plain_text(summary),
        );
    }
    for q in &o.questions {
        let answer = q.answer_html.as_deref().map(plain_text).unwrap_or_default();
        push(
            "Key question",
            &q.question,
            format!("index.html#q-{}", q.key),
            String::new(),
            answer,
        );
    }
    for k in &o.key_dates {
        push(
            "Key date",
            &k.label,
            "index.html#dates-title".into(),
            k.date.text.clone(),
            String::new(),
        );
    }
    for phase in &src.schedule.phases {
        for t in &phase.tasks {
            let context = join(&[
                Some(phase.name.as_str()),
                t.owner.as_deref(),
                Some(&format!("due {}", t.due.text)),
                Some(t.status_label.as_str()),
            ]);
            push(
                "Task",
                &t.title,
                format!("schedule.html#{}", t.anchor),
                context,
                t.notes.clone().unwrap_or_default(),
            );
        }
    }
    for (s, path) in &src.sections {
        push(
            "Section",
            &s.title,
            href_of(path),
            String::new(),
            plain_text(&s.body_html),
        );
    }
    if let Some(risks) = src.risks {
        for r in &risks.risks {
            let context = join(&[
                r.rating_label.as_deref(),
                r.owner.as_deref(),
                Some(&r.status_label),
            ]);
            push(
                "Risk",
                &r.title,
                format!("risks.html#{}", r.anchor),
                context,
                r.mitigation.clone().unwrap_or_default(),
            );
        }
    }
    for g in &src.inventory.groups {
        for s in &g.systems {
            let cells: Vec<String> = g
                .columns
                .iter()
                .zip(&s.cells)
                .filter(|(_, v)| !v.is_empty())
                .map(|(c, v)| format!("{c}: {v}"))
                .collect();
            let text = join(&[Some(&cells.join("; ")), s.notes.as_deref()]);
            let context = join(&[Some(&g.category), s.role_label.as_deref(), Some(&s.id)]);
            push(
                "System",
                &s.name,
                format!("inventory.html#{}", s.anchor),
                context,
                text,
            );
        }
    }
    for g in &src.data.groups {
        for d in &g.datasets {
            let context = join(&[Some(&g.label), Some(&d.method_label), d.owner.as_deref()]);
            push(
                "Dataset",
                &d.name,
                format!("data.html#{}", d.anchor),
                context,
                d.notes.clone().unwrap_or_default(),
            );
        }
    }
    for w in &src.freeze.windows {
        let context = format!("{} to {}", w.start.text, w.end.text);
        push(
            "Freeze window",
            &w.name,
            format!("freeze.html#{}", w.anchor),
            context,
            w.notes.clone().unwrap_or_default(),
        );
    }
    for a in &src.addons.addons {
        let context = join(&[
            a.vendor.as_deref(),
            a.reconnect_owner.as_deref(),
            Some(&a.status_label),
        ]);
        let text = join(&[a.verify.as_deref(), a.notes.as_deref()]);
        push(
            "Add-on",
            &a.name,
            format!("addons.html#{}", a.anchor),
            context,
            text,
        );
    }
    // People: their own page (work, feed, sign-off), found by name, role,
    // organization, e-mail and the owner labels they answer for.
    for p in src.people {
        let context = join(&[p.role.as_deref(), p.organization.as_deref()]);
        let owns = p.owns.join(", ");
        let text = join(&[p.email.as_deref(), Some(owns.as_str())]);
        push(
            "Person",
            &p.name,
            super::people::page_path(&p.id),
            context,
            text,
        );
    }
    out
}

/// The non-empty parts, joined with " · ".
fn join(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Sanitized HTML -> its text: tags dropped (block ends become spaces), the
/// entities the sanitizer writes decoded.
pub(crate) fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match (in_tag, c) {
            (false, '<') => {
                in_tag = true;
                out.push(' ');
            }
            (true, '>') => in_tag = false,
            (false, c) => out.push(c),
            (true, _) => {}
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The index terms of a text: lower-cased runs of letters and digits, and
/// the parts of `CamelCase` runs. `assets/search.js` splits queries the same
/// way (`/[\p{L}\p{N}]+/gu`, lower-cased).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        out.push(word.to_lowercase());
        // Where a lower-case letter is followed by an upper-case one.
        let cuts: Vec<usize> = word
            .char_indices()
            .zip(word.chars().skip(1))
            .filter(|((_, a), b)| a.is_lowercase() && b.is_uppercase())
            .map(|((i, a), _)| i + a.len_utf8())
            .collect();
        if !cuts.is_empty() {
            let bounds: Vec<usize> = std::iter::once(0)
                .chain(cuts)
                .chain(std::iter::once(word.len()))
                .collect();
            for w in bounds.windows(2) {
                out.push(word[w[0]..w[1]].to_lowercase());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_words_and_camel_case() {
        assert_eq!(
            tokens("Go-live: Open Dental 24.3"),
            ["go", "live", "open", "dental", "24", "3"]
        );
        assert_eq!(
            tokens("CALPADSEnrollmentExitCode"),
            [
                "calpadsenrollmentexitcode",
                "calpadsenrollment",
                "exit",
                "code"
            ]
        );
        assert_eq!(tokens("Mary-Ann O'Brien"), ["mary", "ann", "o", "brien"]);
    }

    #[test]
    fn plain_text_drops_tags_and_decodes() {
        assert_eq!(
            plain_text("<p>A &amp; B</p><ul><li>x&lt;y</li></ul>"),
            "A & B x<y"
        );
    }
}
