//! Markdown prose (section bodies, the summary, key-question answers) ->
//! sanitized HTML fragments, with `{{ }}` expressions evaluated by
//! [`crate::prose`] (and reported with file and line when they fail).
//!
//! Expressions are cut out of the source first (so their positions are
//! exact), replaced by inert placeholders, and put back as `<time>`
//! elements after the Markdown is parsed; ammonia then sanitizes the lot.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, TextMergeStream};

use crate::diag::Diagnostic;
use crate::model::Plan;
use crate::prose::{self, Piece, Value};
use crate::schedule::Schedule;

use super::dates::DateView;
use super::links;

pub use crate::prose::Origin;

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// How one fragment is rendered.
#[derive(Debug, Clone, Copy)]
pub struct Fragment<'s> {
    /// From the page back to the version folder (`""` or `"../"`).
    pub root: &'s str,
    /// The folder of the Markdown file under `content/` (`""`, `appendix`),
    /// against which `other.md` links are resolved.
    pub base_dir: &'s str,
    /// The level the fragment's highest heading gets (2 under a page's
    /// `<h1>`); the others keep their distance to it, so the page's outline
    /// never skips a level whether the author starts at `#` or `##`.
    pub top_heading: u8,
    /// Prefix of footnote ids, unique on the page (`fn-summary-`).
    pub id_prefix: &'s str,
}

/// Renders prose against the computed plan.
pub struct Prose<'a> {
    pub plan: &'a Plan,
    pub schedule: &'a Schedule,
    /// Section slug -> its page, relative to the version folder.
    pub section_pages: BTreeMap<String, String>,
}

impl Prose<'_> {
    /// Markdown -> sanitized HTML. Expression errors are pushed to `diags`.
    pub fn render(
        &self,
        src: &str,
        origin: Origin,
        frag: &Fragment<'_>,
        diags: &mut Vec<Diagnostic>,
    ) -> String {
        let (src, values) = self.expand(src, origin, diags);
        let mut opts = Options::empty();
        opts.insert(Options::ENABLE_TABLES);
        opts.insert(Options::ENABLE_FOOTNOTES);
        opts.insert(Options::ENABLE_STRIKETHROUGH);
        let events: Vec<Event> = TextMergeStream::new(Parser::new_ext(&src, opts)).collect();
        let top = events
            .iter()
            .filter_map(|e| match e {
                Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
                _ => None,
            })
            .min()
            .unwrap_or(1);
        let shift = frag.top_heading.saturating_sub(top);
        let mut footnotes: HashMap<String, usize> = HashMap::new();
        let events = super::cell_labels::label_cells(
            events
                .into_iter()
                .flat_map(|ev| self.transform(ev, &values, frag, shift, &mut footnotes)),
        );
        let mut html = String::with_capacity(src.len() * 2);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        wrap_tables(&sanitize(&html, frag.root, frag.id_prefix))
    }

    /// Cuts out every `{{ ... }}`: evaluated ones become placeholders, failed
    /// ones stay as written and are reported.
    fn expand(
        &self,
        src: &str,
        origin: Origin,
        diags: &mut Vec<Diagnostic>,
    ) -> (String, Vec<Value>) {
        // The placeholder characters must not occur in the author's text.
        let src = src.replace([OPEN, CLOSE], "\u{FFFD}");
        let mut out = String::with_capacity(src.len());
        let mut values = Vec::new();
        for piece in prose::expand(&src, origin, self.plan, self.schedule, None) {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Value(v) => {
                    out.push(OPEN);
                    out.push_str(&values.len().to_string());
                    out.push(CLOSE);
                    values.push(v);
                }
                Piece::Failed {
                    written,
                    diagnostic,
                } => {
                    diags.push(*diagnostic);
                    out.push_str(written);
                }
            }
        }
        (out, values)
    }

    fn transform<'e>(
        &self,
        ev: Event<'e>,
        values: &[Value],
        frag: &Fragment<'_>,
        shift: u8,
        footnotes: &mut HashMap<String, usize>,
    ) -> Vec<Event<'e>> {
        let plain = |s: &str| -> CowStr<'e> { fill_plain(s, values).into() };
        let mut note_id = |label: &str| -> CowStr<'e> {
            let n = footnotes.len() + 1;
            let n = *footnotes.entry(label.to_string()).or_insert(n);
            format!("{}{n}", frag.id_prefix).into()
        };
        let shift = |level: HeadingLevel| {
            HeadingLevel::try_from((level as usize + shift as usize).min(6))
                .unwrap_or(HeadingLevel::H6)
        };
        match ev {
            Event::Text(t) if t.contains(OPEN) => fill_events(&t, values),
            Event::Code(t) => vec![Event::Code(plain(&t))],
            Event::Html(t) => vec![Event::Html(plain(&t))],
            Event::InlineHtml(t) => vec![Event::InlineHtml(plain(&t))],
            Event::FootnoteReference(label) => vec![Event::FootnoteReference(note_id(&label))],
            Event::Start(Tag::FootnoteDefinition(label)) => {
                vec![Event::Start(Tag::FootnoteDefinition(note_id(&label)))]
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                vec![Event::Start(Tag::Heading {
                    level: shift(level),
                    id,
                    classes,
                    attrs,
                })]
            }
            Event::End(TagEnd::Heading(level)) => vec![Event::End(TagEnd::Heading(shift(level)))],
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = self.section_link(&plain(&dest_url), frag.base_dir);
                vec![Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.into(),
                    title: plain(&title),
                    id,
                })]
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => vec![Event::Start(Tag::Image {
                link_type,
                dest_url: plain(&dest_url),
                title: plain(&title),
                id,
            })],
            other => vec![other],
        }
    }

    /// `rollback.md#x` (relative to the Markdown file) -> that section's page.
    fn section_link(&self, url: &str, base_dir: &str) -> String {
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (url, None),
        };
        let Some(stem) = path.strip_suffix(".md") else {
            return url.to_string();
        };
        if stem.contains(':') || stem.starts_with('/') {
            return url.to_string();
        }
        let mut parts: Vec<&str> = base_dir.split('/').filter(|s| !s.is_empty()).collect();
        for seg in stem.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return url.to_string();
                    }
                }
                s => parts.push(s),
            }
        }
        match self.section_pages.get(&parts.join("/")) {
            Some(page) => match fragment {
                Some(f) => format!("{page}#{f}"),
                None => page.clone(),
            },
            None => url.to_string(),
        }
    }
}

/// Wide tables scroll on their own on a phone instead of the page; each
/// outermost table gets a focusable (keyboard-scrollable), named scroll box.
fn wrap_tables(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let (mut depth, mut n, mut i) = (0usize, 0usize, 0usize);
    while i < html.len() {
        let rest = &html[i..];
        if rest.starts_with("<table") {
            if depth == 0 {
                n += 1;
                out.push_str(&format!(
                    "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table {n}\">"
                ));
            }
            depth += 1;
        } else if rest.starts_with("</table>") && depth > 0 {
            depth -= 1;
            if depth == 0 {
                out.push_str("</table></div>");
                i += "</table>".len();
                continue;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Splits text at placeholders: dates become `<time>` elements, text stays text.
fn fill_events<'e>(text: &str, values: &[Value]) -> Vec<Event<'e>> {
    let mut out = Vec::new();
    for (lit, value) in pieces(text, values) {
        if !lit.is_empty() {
            out.push(Event::Text(lit.to_string().into()));
        }
        match value {
            Some(Value::Date(d)) => {
                out.push(Event::InlineHtml(DateView::of_anchor(d).time_html().into()))
            }
            Some(Value::Text(t)) => out.push(Event::Text(t.clone().into())),
            None => {}
        }
    }
    out
}

/// Placeholders -> plain text (inside code, attributes, raw HTML).
fn fill_plain(text: &str, values: &[Value]) -> String {
    if !text.contains(OPEN) {
        return text.to_string();
    }
    let mut out = String::new();
    for (lit, value) in pieces(text, values) {
        out.push_str(lit);
        match value {
            Some(Value::Date(d)) => out.push_str(&DateView::of_anchor(d).text),
            Some(Value::Text(t)) => out.push_str(t),
            None => {}
        }
    }
    out
}

/// (literal text, the value that follows it) pairs.
fn pieces<'t, 'v>(mut text: &'t str, values: &'v [Value]) -> Vec<(&'t str, Option<&'v Value>)> {
    let mut out = Vec::new();
    while let Some(open) = text.find(OPEN) {
        let after = &text[open + OPEN.len_utf8()..];
        let Some(close) = after.find(CLOSE) else {
            break;
        };
        let value = after[..close]
            .parse::<usize>()
            .ok()
            .and_then(|i| values.get(i));
        out.push((&text[..open], value));
        text = &after[close + CLOSE.len_utf8()..];
    }
    out.push((text, None));
    out
}

/// Relative URLs in prose pass the link policy, prefixed for the page.
fn relative_links(root: String) -> impl for<'u> Fn(&'u str) -> Option<Cow<'u, str>> + Send + Sync {
    move |url| links::safe_href(url, &root).map(Cow::Owned)
}

/// ammonia with the site's policy: no scripts, handlers, forms or frames;
/// links by [`links::safe_href`]; images only from inside the plan.
fn sanitize(html: &str, root: &str, id_prefix: &str) -> String {
    let root = root.to_string();
    let prefix = id_prefix.to_string();
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["http", "https", "mailto"]))
        .add_tag_attributes("time", ["datetime"])
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style", "data-label"])
        .filter_style_properties(HashSet::from(["text-align"]))
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
        .add_allowed_classes("div", ["footnote-definition"])
        .url_relative(ammonia::UrlRelative::Custom(Box::new(relative_links(root))))
        .attribute_filter(
            move |element, attribute, value| match (element, attribute) {
                // Footnote targets only: an author's own ids could clash with the page's.
                ("div", "id") => value.starts_with(&prefix).then(|| value.into()),
                // No remote images: the site must work offline and not call home.
                ("img", "src") => {
                    (!value.contains(':') && !value.starts_with("//")).then(|| value.into())
                }
                _ => Some(value.into()),
            },
        );
    b.clean(html).to_string()
}
