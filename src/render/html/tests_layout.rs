//! What the card layout, the risk page and the search need from the rendered
//! site, checked on the example plan and the dense fixture plan
//! (`tests/fixtures/dense`): every table in a `.table-scroll` box with each
//! body cell naming its column, the risk register, a search index whose
//! every link leads to an id that exists.

use std::path::Path;

use super::BuildInfo;
use super::tests::{Site, build, example, project};

/// The page's `<main>` as written (with its `<wbr>`).
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>");
    &html[start..end]
}

fn dense() -> Site {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dense");
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push((
                format!("content/{rel}"),
                std::fs::read_to_string(e.path()).unwrap(),
            ));
        }
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let root = project("dense", &refs);
    build(&root, "2026-11-22", &BuildInfo::default())
        .map(|(s, _)| s)
        .unwrap_or_else(|(d, _)| panic!("{d:?}"))
}

/// Text of an HTML fragment: tags and `<wbr>` dropped, a few entities decoded.
fn text_of(html: &str) -> String {
    super::search::plain_text(&html.replace("<wbr>", ""))
}

/// The text between `open` (a tag start like `<thead`) and the matching
/// `close`, for each occurrence (tables here never nest).
fn blocks<'h>(html: &'h str, open: &str, close: &str) -> Vec<&'h str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        let after = &rest[i..];
        let end = after.find(close).map_or(after.len(), |j| j + close.len());
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

/// The cells of a row: (tag text, colspan).
fn cells(row: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut rest = row;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let is_cell = (rest.starts_with("<td") || rest.starts_with("<th"))
            && matches!(rest.as_bytes().get(3), Some(b' ' | b'>'));
        let end = rest.find('>').unwrap_or(rest.len());
        if is_cell {
            let tag = &rest[..end];
            let span = tag
                .split("colspan=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(1);
            out.push((tag, span));
        }
        rest = &rest[end.min(rest.len() - 1) + 1..];
    }
    out
}

fn label_of(tag: &str) -> Option<&str> {
    tag.split("data-label=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
}

/// Every table is the first thing in a `.table-scroll` box, and every body
/// cell but a row's first (its title) carries `data-label` = its column's
/// header. Returns how many labelled cells were seen.
fn assert_tables_reflow(site: &Site) -> usize {
    let mut labelled = 0;
    for (path, html) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let main = main_of(html);
        for (k, table) in blocks(main, "<table", "</table>").into_iter().enumerate() {
            let before = &main[..main.find(table).unwrap()];
            let opener = &before[before.rfind('<').unwrap()..];
            assert!(
                opener.starts_with("<div class=\"table-scroll"),
                "{path}: table {k} is not in a .table-scroll box: {opener}"
            );
            let headers: Vec<String> = blocks(table, "<thead", "</thead>")
                .first()
                .map(|head| {
                    blocks(head, "<th", "</th>")
                        .iter()
                        .map(|th| text_of(th))
                        .collect()
                })
                .unwrap_or_default();
            for body in blocks(table, "<tbody", "</tbody>") {
                for row in blocks(body, "<tr", "</tr>") {
                    let mut col = 0;
                    for (n, (tag, span)) in cells(row).into_iter().enumerate() {
                        if tag.starts_with("<td") {
                            match label_of(tag) {
                                Some(label) => {
                                    let header = headers.get(col).map(String::as_str).unwrap_or("");
                                    assert_eq!(
                                        text_of(label),
                                        header,
                                        "{path}: table {k}, column {col}: label and header differ"
                                    );
                                    labelled += 1;
                                }
                                None => assert_eq!(
                                    n, 0,
                                    "{path}: table {k}: body cell {col} has no data-label: {tag}"
                                ),
                            }
                        }
                        col += span;
                    }
                }
            }
        }
    }
    labelled
}

#[test]
fn every_table_reflows_with_labelled_cells() {
    let (site, _) = example();
    assert!(assert_tables_reflow(&site) > 200);
    let dense = dense();
    assert!(assert_tables_reflow(&dense) > 80);
    // Prose tables too.
    assert!(
        main_of(&dense["sections/archive.html"])
            .contains(r#"<td data-label="Records" style="text-align:right">"#),
        "{}",
        main_of(&dense["sections/archive.html"])
    );
    // Long words can break; the text itself is unchanged.
    let schedule = main_of(&dense["schedule.html"]);
    assert!(
        schedule.contains("CALPADSEnrollment<wbr>Exit<wbr>Code"),
        "{schedule}"
    );
    assert!(text_of(schedule).contains("CALPADSEnrollmentExitCodeCrosswalkValidation"));
}

#[test]
fn risk_register_has_a_page_in_the_navigation() {
    let (site, _) = example();
    let risks = main_of(&site["risks.html"]);
    for (id, title) in [
        ("imaging-renumbering", "Carestream opens the wrong patient"),
        (
            "conversion-overrun",
            "The final conversion or verification runs past",
        ),
    ] {
        assert!(risks.contains(&format!("id=\"risk-{id}\"")), "{risks}");
        assert!(risks.contains(title), "{risks}");
        // Linked from the likelihood x impact matrix.
        assert!(risks.contains(&format!("href=\"#risk-{id}\"")), "{risks}");
    }
    // High x high is in the top right cell, rated high.
    let matrix = blocks(risks, "<table class=\"risk-matrix\"", "</table>")[0];
    let first_row = blocks(blocks(matrix, "<tbody", "</tbody>")[0], "<tr", "</tr>")[0];
    let last = cells(first_row).last().unwrap().0;
    assert!(
        last.contains("rating-high") && last.contains("High impact"),
        "{last}"
    );
    assert!(
        first_row.contains("#risk-imaging-renumbering"),
        "{first_row}"
    );
    for page in ["index.html", "sections/rollback.html"] {
        assert!(site[page].contains("risks.html\">Risks</a>"), "{page}");
    }

    // A plan without risks has neither the page nor the link.
    let root = project(
        "no-risks",
        &[(
            "content/plan.yaml",
            "plan:\n  title: T\n  version: 1.0.0\nmilestones:\n  migration: 2027-01-16\n",
        )],
    );
    let (bare, _) =
        build(&root, "2026-11-22", &BuildInfo::default()).unwrap_or_else(|(d, _)| panic!("{d:?}"));
    assert!(!bare.contains_key("risks.html"));
    assert!(!bare["index.html"].contains("risks.html"));
}

#[test]
fn search_index_finds_every_kind_and_links_to_ids_that_exist() {
    let (site, _) = example();
    let js = &site["search-index.js"];
    let json = js
        .split_once("window.migplanSearch = ")
        .and_then(|(_, j)| j.trim_end().strip_suffix(';'))
        .expect("window.migplanSearch = {...};");
    let index: serde_json::Value = serde_json::from_str(json).unwrap();
    let docs = index["docs"].as_array().unwrap();
    let mut kinds: Vec<&str> = docs.iter().map(|d| d[0].as_str().unwrap()).collect();
    kinds.dedup();
    for kind in [
        "Page",
        "Task",
        "Section",
        "Risk",
        "System",
        "Dataset",
        "Add-on",
        "Person",
        "Key question",
    ] {
        assert!(kinds.contains(&kind), "no {kind} in {kinds:?}");
    }
    // A person is found on their own page, also by the labels they own.
    let tech = docs
        .iter()
        .find(|d| d[0] == "Person" && d[1] == "Field Technician")
        .expect("the field technician");
    assert_eq!(tech[2], "people/field-tech.html");
    assert!(tech[4].as_str().unwrap().contains("Tech"), "{tech:?}");
    for d in docs {
        let href = d[2].as_str().unwrap();
        let (page, frag) = href.split_once('#').unwrap_or((href, ""));
        let html = site
            .get(page)
            .unwrap_or_else(|| panic!("{href}: no page {page}"));
        if !frag.is_empty() {
            assert!(
                html.contains(&format!("id=\"{frag}\"")),
                "{href}: no such id"
            );
        }
    }
    // Terms sorted and unique; postings point at documents.
    let terms = index["terms"].as_array().unwrap();
    let words: Vec<&str> = terms.iter().map(|t| t[0].as_str().unwrap()).collect();
    assert!(words.windows(2).all(|w| w[0] < w[1]), "terms not sorted");
    let posts = |w: &str| -> Vec<u64> {
        terms[words
            .binary_search(&w)
            .unwrap_or_else(|_| panic!("no term {w}"))][1]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_u64().unwrap())
            .collect()
    };
    let risk = docs
        .iter()
        .position(|d| d[2] == "risks.html#risk-imaging-renumbering")
        .unwrap() as u64;
    // "carestream" is in that risk's title (odd posting = title hit).
    assert!(posts("carestream").contains(&(risk * 2 + 1)));
    for (_, p) in terms
        .iter()
        .flat_map(|t| t[1].as_array().unwrap().iter().map(move |p| (t, p)))
    {
        assert!((p.as_u64().unwrap() / 2) < docs.len() as u64);
    }

    // Every page loads the script and has the box, hidden until it runs.
    for (path, html) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let root = "../".repeat(path.matches('/').count());
        assert!(
            html.contains(&format!(
                "<script src=\"{root}assets/search.js\" defer></script>"
            )),
            "{path}"
        );
        assert!(
            html.contains(
                r#"<div class="site-search" role="search" aria-label="This plan" hidden"#
            ),
            "{path}"
        );
        assert!(
            html.contains(&format!("data-index=\"{root}search-index.js\"")),
            "{path}"
        );
    }
    assert!(site.contains_key("assets/search.js"));
}
