//! The version notice under each page's banner: "Superseded by version X",
//! or which version is the current approved one. It depends on which
//! versions are published, so it is filled into a marker of the page
//! (`<!--migplan:notice-->...<!--/migplan:notice-->`) at publish time, also
//! into older versions' pages when a new version appears.

use super::VersionEntry;
use super::dates::DateView;
use super::escape::escape;
use super::view::plan_status_label;
use crate::model::PlanStatus;

pub const START: &str = "<!--migplan:notice-->";
pub const END: &str = "<!--/migplan:notice-->";

/// The notice for a page of `version`, `root` being the page's way back to
/// its version folder (`""` or `"../"`); empty when there is nothing to say.
pub fn html(version: &str, versions: &[VersionEntry], root: &str) -> String {
    let parse = |v: &str| semver::Version::parse(v).ok();
    let Some(me) = parse(version) else {
        return String::new();
    };
    let newest = versions
        .iter()
        .filter_map(|e| parse(&e.version).map(|s| (s, e)))
        .max_by(|a, b| a.0.cmp(&b.0));
    let approved = versions
        .iter()
        .filter(|e| e.status == PlanStatus::Approved)
        .filter_map(|e| parse(&e.version).map(|s| (s, e)))
        .max_by(|a, b| a.0.cmp(&b.0));
    let link = |e: &VersionEntry| {
        let date = e
            .date
            .map(|d| format!(", {}", DateView::day(d).time_html()))
            .unwrap_or_default();
        format!(
            "<a href=\"{root}../{v}/index.html\">version {v}</a> ({}{date})",
            plan_status_label(e.status).to_lowercase(),
            v = escape(&e.version)
        )
    };
    let mut text = String::new();
    match newest {
        Some((n, newest)) if n > me => {
            if approved.as_ref().is_some_and(|(a, _)| *a == me) {
                text = format!(
                    "This approved version is the current plan of record. A newer {} is in preparation.",
                    link(newest)
                );
            } else {
                text = format!("Superseded by {}.", link(newest));
                if let Some((a, e)) = &approved
                    && *a != n
                    && *a != me
                {
                    text.push_str(&format!(" The current approved version is {}.", link(e)));
                }
            }
        }
        _ => {
            if let Some((a, e)) = &approved
                && *a < me
            {
                text = format!(
                    "Not yet approved: the current approved version is {}.",
                    link(e)
                );
            }
        }
    }
    if text.is_empty() {
        String::new()
    } else {
        format!(
            "<div class=\"notice\" role=\"note\"><div class=\"notice-inner\">{text}</div></div>"
        )
    }
}

/// Fills the version notice of `a`, an HTML page of `version`, for the
/// versions now published; other files are left alone.
pub fn restamp(a: &mut crate::render::Artifact, version: &str, versions: &[VersionEntry]) {
    if a.path.extension().is_none_or(|e| e != "html") {
        return;
    }
    let root = "../".repeat(a.path.components().count().saturating_sub(1));
    let notice = html(version, versions, &root);
    if let Some(updated) = std::str::from_utf8(&a.bytes)
        .ok()
        .and_then(|p| apply(p, &notice))
    {
        a.bytes = updated.into_bytes().into();
    }
}

/// `page` with its notice replaced by `notice`; `None` when the page has no
/// marker (a theme that left it out) or nothing changes.
pub fn apply(page: &str, notice: &str) -> Option<String> {
    let start = page.find(START)? + START.len();
    let end = start + page[start..].find(END)?;
    if &page[start..end] == notice {
        return None;
    }
    Some(format!("{}{notice}{}", &page[..start], &page[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(version: &str, status: PlanStatus) -> VersionEntry {
        VersionEntry {
            version: version.into(),
            status,
            date: None,
            pdf: None,
        }
    }

    #[test]
    fn says_who_supersedes_whom() {
        let all = [
            v("1.0.0", PlanStatus::Approved),
            v("1.1.0", PlanStatus::Draft),
            v("0.9.0", PlanStatus::Review),
        ];
        assert!(
            html("0.9.0", &all, "").contains(
                "Superseded by <a href=\"../1.1.0/index.html\">version 1.1.0</a> (draft)"
            )
        );
        assert!(
            html("0.9.0", &all, "")
                .contains("The current approved version is <a href=\"../1.0.0/index.html\">")
        );
        assert!(
            html("1.0.0", &all, "../")
                .contains("This approved version is the current plan of record")
        );
        assert!(html("1.0.0", &all, "../").contains("href=\"../../1.1.0/index.html\""));
        assert!(
            html("1.1.0", &all, "").contains("Not yet approved: the current approved version is")
        );
        assert_eq!(html("1.0.0", &[v("1.0.0", PlanStatus::Draft)], ""), "");
    }

    #[test]
    fn applies_between_markers_once() {
        let page = format!("<header>{START}{END}</header>");
        let once = apply(&page, "<div>n</div>").unwrap();
        assert_eq!(once, format!("<header>{START}<div>n</div>{END}</header>"));
        assert_eq!(apply(&once, "<div>n</div>"), None);
        assert_eq!(apply("<p>no marker</p>", "x"), None);
    }
}
