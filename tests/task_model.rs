//! One task model: the site's schedule page, the PDF's schedule and the
//! terminal's `migplan schedule` list the same tasks under the same
//! headings in the same order, with the same status words; the PDF lists
//! each task once, with how its dates were computed, and its Gantt figure
//! shows phases and the migration window.

mod common;
use common::migplan;

use std::fs;
use std::path::{Path, PathBuf};

fn copy_tree(from: &Path, to: &Path) {
    let mut stack = vec![from.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let dest = to.join(p.strip_prefix(from).unwrap());
            if p.is_dir() {
                stack.push(p);
            } else {
                fs::create_dir_all(dest.parent().unwrap()).unwrap();
                fs::copy(&p, dest).unwrap();
            }
        }
    }
}

/// A project with `content` (relative to the repository) as its content.
fn project(content: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-tasks-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(content),
        &dir.join("content"),
    );
    dir
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace(['\u{ad}', '\u{200b}'], "")
}

/// The schedule page's headings and task titles, in page order:
/// `(true, heading)` or `(false, title)`.
fn site_order(html: &str) -> Vec<(bool, String)> {
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    let by_owner = main.find("id=\"by-owner\"").unwrap_or(main.len());
    let main = &main[..by_owner];
    let mut out = Vec::new();
    let mut rest = main;
    loop {
        let h = rest.find("<h2 id=\"phase-");
        let t = rest.find("<span class=\"task-title\">");
        let (is_heading, at) = match (h, t) {
            (Some(h), Some(t)) if h < t => (true, h),
            (Some(h), None) => (true, h),
            (_, Some(t)) => (false, t),
            (None, None) => break,
        };
        rest = &rest[at..];
        let text = if is_heading {
            let open = rest.find('>').unwrap() + 1;
            let close = rest.find("<span class=\"count\">").unwrap();
            unescape(&rest[open..close])
        } else {
            let open = "<span class=\"task-title\">".len();
            // The title ends where the task cell's next part starts.
            let close = ["<span class=\"task-after\">", "<ul", "<p class", "<details"]
                .iter()
                .filter_map(|m| rest[open..].find(m))
                .min()
                .unwrap();
            unescape(&rest[open..open + close]).replace('↳', "")
        };
        out.push((is_heading, squash(&text)));
        rest = &rest[1..];
    }
    out
}

/// The first words of a title: enough to tell tasks apart, short enough
/// that the terminal's column does not cut them.
fn key(title: &str) -> String {
    title
        .chars()
        .take(38)
        .collect::<String>()
        .trim()
        .to_string()
}

/// Each of `items` found in `text` after the previous one (spaces and
/// hyphens ignored: the PDF's text extraction joins wrapped lines without
/// a space, and long words break at a hyphen).
fn assert_in_order(what: &str, text: &str, items: &[(bool, String)]) {
    let despace = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{2010}')
            .collect::<String>()
    };
    let text = despace(text);
    let mut at = 0;
    for (_, item) in items {
        let k = despace(&key(item));
        match text[at..].find(&k) {
            Some(p) => at += p + k.len(),
            None => panic!(
                "{what}: {k:?} not found after position {at} (order differs or wording differs); next text: {:?}",
                &text[at..text.len().min(at + 300)]
            ),
        }
    }
}

fn check(content: &str, name: &str, as_of: &str) -> (String, String, String) {
    let root = project(content, name);
    let r = root.to_str().unwrap();
    let out = migplan(&["build", "--root", r, "--as-of", as_of]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let version_dir = fs::read_dir(root.join("output"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir() && p.file_name().unwrap() != "latest")
        .unwrap();
    let html = fs::read_to_string(version_dir.join("schedule.html")).unwrap();
    let pdf_path = fs::read_dir(&version_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let pdf = pdf_extract::extract_text_from_mem(&fs::read(pdf_path).unwrap())
        .unwrap()
        .replace('\u{fb00}', "ff")
        .replace('\u{fb01}', "fi")
        .replace('\u{fb02}', "fl")
        .replace('\u{a0}', " ");
    let cli = migplan(&["schedule", "--root", r, "--as-of", as_of]);
    assert!(cli.status.success());
    let cli = String::from_utf8(cli.stdout).unwrap();

    let order = site_order(&html);
    assert!(order.iter().filter(|(h, _)| !h).count() > 3);
    // The PDF's schedule section (after its introduction, before the
    // next section).
    let start = pdf
        .find("Every task once, in the order")
        .expect("the PDF's schedule introduction");
    let end = pdf[start..]
        .find("Gantt chart")
        .map_or(pdf.len(), |e| start + e);
    assert_in_order("PDF", &pdf[start..end], &order);
    assert_in_order("CLI", &cli, &order);
    for text in [&html, &pdf, &cli] {
        assert!(!text.contains("Other tasks"));
    }
    let _ = fs::remove_dir_all(root);
    (html, pdf, cli)
}

fn despaced_count(text: &str, needle: &str) -> usize {
    let d = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    d(text).matches(&d(needle)).count()
}

#[test]
fn the_example_plan_is_listed_alike_everywhere() {
    let (html, pdf, cli) = check("content", "example", "2026-11-20");
    // Status words: the labels, never the file's keywords.
    for word in ["In progress", "Blocked", "Done", "To do"] {
        assert!(html.contains(word), "site lacks {word}");
        assert!(pdf.contains(word), "PDF lacks {word}");
        assert!(cli.contains(word), "terminal lacks {word}");
    }
    assert!(!cli.contains(" doing") && !cli.contains("(overdue)"));
    // Every task once in the PDF: no separate per-task listing of how the
    // dates were computed; each row carries it.
    let title = "Physical servers: order hardware";
    assert_eq!(despaced_count(&pdf, title), 1, "{title}");
    let despaced: String = pdf.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(despaced.contains(
        &"Due: 7 weeks before migration (Sat 16 Jan 2027) = Sat 28 Nov 2026, moved to the previous working day (Wed 25 Nov 2026)"
            .replace(' ', "")
    ));
    // The Gantt figure: phases at a glance and the migration window.
    for caption in [
        "The plan at a glance:",
        "Migration window:",
        "Planning / Requirements",
    ] {
        assert!(pdf.contains(caption), "PDF lacks {caption:?}");
    }
}

#[test]
fn the_dense_plan_is_listed_alike_everywhere() {
    let (_, pdf, cli) = check("tests/fixtures/dense", "dense", "2027-03-01");
    assert!(cli.contains("Tasks without a phase") == pdf.contains("Tasks without a phase"));
}
