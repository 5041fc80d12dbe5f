//! Published versions: the list in each page's footer, and the version
//! index page (`output/index.html`, template `versions.html`).

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::PlanStatus;
use crate::render::Artifact;
use crate::theme::Theme;

use super::VersionEntry;
use super::dates::DateView;
use super::sections::href_of;
use super::view::{VersionLink, status_label};

/// `output/latest/index.html`: sends the reader to the newest version (no
/// JavaScript: a meta refresh and a plain link).
pub fn render_latest(title: &str, version: &str) -> Artifact {
    let t = super::escape::escape(title);
    let v = super::escape::escape(version);
    Artifact::new(
        "latest/index.html",
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"refresh\" content=\"0; url=../{v}/index.html\">\n<title>{t}: latest version</title>\n</head>\n<body>\n<main>\n<h1>{t}</h1>\n<p>The latest version is <a href=\"../{v}/index.html\">version {v}</a>.</p>\n</main>\n</body>\n</html>\n"
        ),
    )
}

/// `css` without its `@container` blocks. The version index inlines the
/// theme's CSS (it must stand alone outside every version folder), and the
/// HTML checker does not know container queries in an inline stylesheet;
/// the page's one table has its own narrow-screen rules (`versions.html`).
fn without_container_queries(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("@container") {
        out.push_str(&rest[..i]);
        let block = &rest[i..];
        let Some(open) = block.find('{') else {
            rest = "";
            break;
        };
        let mut depth = 0usize;
        let mut end = block.len();
        for (j, c) in block[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + j + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &block[end..];
    }
    out.push_str(rest);
    // And the declarations that make containers (`container: box /
    // inline-size;`), which the checker does not know either.
    for property in ["container:", "container-type:", "container-name:"] {
        let mut from = 0;
        while let Some(i) = out[from..].find(property).map(|i| from + i) {
            if out[..i].trim_end().ends_with(['{', ';']) {
                let end = out[i..].find(';').map_or(out.len(), |e| i + e + 1);
                out.replace_range(i..end, "");
                from = i;
            } else {
                from = i + property.len();
            }
        }
    }
    out
}

/// `versions`: the version index page.
#[derive(Debug, Clone, Serialize)]
pub struct VersionsView {
    /// The plan's title (of the newest version).
    pub title: String,
    pub client: Option<String>,
    /// Newest first.
    pub entries: Vec<VersionRow>,
    /// The theme's `style.css`, to inline: the page sits outside every
    /// version folder and must stand alone.
    pub css: String,
    pub generator: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VersionRow {
    pub version: String,
    pub status: String,
    pub status_label: String,
    pub date: Option<DateView>,
    /// `1.2.0/index.html`.
    pub href: String,
    /// `1.2.0/<pdf>`, when that version has a PDF.
    pub pdf_href: Option<String>,
    /// True for the newest version.
    pub latest: bool,
}

/// What the version index is made from.
#[derive(Debug, Clone)]
pub struct VersionIndex {
    pub title: String,
    pub client: Option<String>,
    pub entries: Vec<VersionEntry>,
}

/// Newest first by semantic version (unparsable ones last, by text).
fn sorted(entries: &[VersionEntry]) -> Vec<&VersionEntry> {
    let mut list: Vec<&VersionEntry> = entries.iter().collect();
    list.sort_by(|a, b| {
        match (
            semver::Version::parse(&a.version),
            semver::Version::parse(&b.version),
        ) {
            (Ok(x), Ok(y)) => y.cmp(&x),
            (Ok(_), Err(_)) => std::cmp::Ordering::Less,
            (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
            (Err(_), Err(_)) => b.version.cmp(&a.version),
        }
    });
    list.dedup_by(|a, b| a.version == b.version);
    list
}

/// The footer's version list for a page of `current` (added if missing);
/// hrefs relative to the version folder.
pub(crate) fn links(
    entries: &[VersionEntry],
    current: &str,
    status: PlanStatus,
) -> Vec<VersionLink> {
    let mut all = entries.to_vec();
    if !all.iter().any(|e| e.version == current) {
        all.push(VersionEntry {
            version: current.to_string(),
            status,
            date: None,
            pdf: None,
        });
    }
    sorted(&all)
        .into_iter()
        .map(|e| {
            let status = if e.version == current {
                status
            } else {
                e.status
            };
            VersionLink {
                version: e.version.clone(),
                status: status.as_str().to_string(),
                status_label: status_label(status).to_string(),
                href: format!("../{}/index.html", href_of(&e.version)),
                current: e.version == current,
            }
        })
        .collect()
}

/// Renders `output/index.html`: every version, newest first, with links to
/// its site and PDF. The artifact's path is `index.html`, relative to
/// `output/`.
pub fn render_version_index(
    theme: &Theme,
    index: &VersionIndex,
) -> Result<Artifact, Vec<Diagnostic>> {
    let list = sorted(&index.entries);
    let view = VersionsView {
        title: index.title.clone(),
        client: index.client.clone(),
        entries: list
            .iter()
            .enumerate()
            .map(|(i, e)| VersionRow {
                version: e.version.clone(),
                status: e.status.as_str().to_string(),
                status_label: status_label(e.status).to_string(),
                date: e.date.map(DateView::day),
                href: format!("{}/index.html", href_of(&e.version)),
                pdf_href: e
                    .pdf
                    .as_ref()
                    .map(|p| format!("{}/{}", href_of(&e.version), href_of(p))),
                latest: i == 0,
            })
            .collect(),
        css: theme
            .asset("style.css")
            .map(|b| without_container_queries(&String::from_utf8_lossy(b)))
            .unwrap_or_default(),
        generator: format!("migplan {}", env!("CARGO_PKG_VERSION")),
    };
    let mut context = tera::Context::new();
    context.insert("versions", &view);
    theme
        .render("versions.html", &context)
        .map(|html| Artifact::new("index.html", html))
        .map_err(|e| vec![e.diagnostic()])
}

#[cfg(test)]
mod tests {
    #[test]
    fn container_blocks_go_and_the_rest_stays() {
        let css = "/* the container: a comment */\na { b: c; }\n@container box (max-width: 10em) {\n  .x { y: z; }\n  .w { v: u; }\n}\nd { container: box / inline-size; e: f; }\n";
        assert_eq!(
            super::without_container_queries(css),
            "/* the container: a comment */\na { b: c; }\n\nd {  e: f; }\n"
        );
    }
}
