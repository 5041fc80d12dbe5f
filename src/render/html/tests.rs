//! Rendered pages, checked on their `<main>`: the example plan end to end,
//! hostile input coming out inert, prose expressions and their errors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{
    BuildInfo, SiteInput, VersionEntry, VersionIndex, render_site_with, render_version_index,
};
use crate::diag::{Diagnostic, Sources};
use crate::model::PlanStatus;
use crate::theme::Theme;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A scratch project with the given files under it.
pub(super) fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-html-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

pub(super) type Site = BTreeMap<String, String>;

/// Compiles and renders a project: pages by path, or the diagnostics.
pub(super) fn build(
    root: &Path,
    as_of: &str,
    info: &BuildInfo,
) -> Result<(Site, Vec<Diagnostic>), (Vec<Diagnostic>, Sources)> {
    build_with(root, as_of, info, true)
}

/// [`build`], with the large pages written without Tera (`native`) or
/// through their templates.
fn build_with(
    root: &Path,
    as_of: &str,
    info: &BuildInfo,
    native: bool,
) -> Result<(Site, Vec<Diagnostic>), (Vec<Diagnostic>, Sources)> {
    let compiled = match crate::compile(root, day(as_of)) {
        Ok(c) => c,
        Err(f) => return Err((f.diagnostics, f.sources)),
    };
    let theme = Theme::load(root, compiled.plan.meta.value.theme()).unwrap();
    let input = SiteInput {
        plan: &compiled.plan,
        schedule: &compiled.schedule,
        theme: &theme,
        build: info,
    };
    match render_site_with(&input, native) {
        Ok((artifacts, warnings)) => Ok((
            artifacts
                .into_iter()
                .map(|a| {
                    (
                        a.path.to_string_lossy().replace('\\', "/"),
                        String::from_utf8(a.bytes.to_vec()).unwrap(),
                    )
                })
                .collect(),
            warnings,
        )),
        Err(d) => Err((d, compiled.sources)),
    }
}

/// The page's `<main>`, without the `<wbr>` break opportunities put into
/// long words (`breaks.rs`): the text as a reader sees it.
pub(super) fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>");
    html[start..end].replace("<wbr>", "")
}

/// A draft 1.1.0, its only version, as a build describes it.
fn draft_info() -> BuildInfo {
    BuildInfo {
        versions: vec![VersionEntry {
            version: "1.1.0".into(),
            status: PlanStatus::Draft,
            date: None,
            pdf: None,
        }],
        content_hash: Some("3f9a2c1".into()),
        pdf: Some("solution-document.pdf".into()),
        changes: None,
        reports: Vec::new(),
    }
}

pub(super) fn example() -> (Site, Vec<Diagnostic>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let info = draft_info();
    build(root, "2026-11-20", &info).unwrap_or_else(|(d, s)| {
        panic!(
            "{}",
            crate::report::render_all(&d, &s, crate::report::Style { color: false })
        )
    })
}

#[test]
fn example_plan_renders_every_page() {
    let (site, _) = example();
    for page in [
        "index.html",
        "schedule.html",
        "gantt.html",
        "signoff.html",
        "inventory.html",
        "data.html",
        "freeze.html",
        "addons.html",
        "downloads.html",
        "sections/rollback.html",
        "assets/style.css",
    ] {
        assert!(
            site.contains_key(page),
            "missing {page}; have {:?}",
            site.keys()
        );
    }
    let schedule = main_of(&site["schedule.html"]);
    assert!(schedule.contains("Schedule PMS test conversion"));
    assert!(schedule.contains(r#"id="task-gather-admin-credentials" class="depth-1"#));
    // Every date is a <time> with a machine-readable datetime.
    assert!(
        schedule.contains(r#"<time datetime="2027-01-16""#)
            || schedule.contains("<time datetime=\"2027-")
    );
    for (path, html) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let loose = regex_free_dates(&main_of(html));
        assert!(loose.is_empty(), "{path}: dates outside <time>: {loose:?}");
    }
    // Prose dates follow the schedule.
    let rollback = main_of(&site["sections/rollback.html"]);
    assert!(rollback.contains("<time datetime=\""), "{rollback}");
    assert!(!rollback.contains("{{"));
    // Downloads list the PDF and the exports.
    let downloads = main_of(&site["downloads.html"]);
    for f in [
        "solution-document.pdf",
        "schedule.ics",
        "schedule.xlsx",
        "schedule.csv",
        "plan.json",
    ] {
        assert!(downloads.contains(&format!("href=\"{f}\"")), "{f}");
    }
    // Navigation from a nested page climbs back to the version folder.
    assert!(site["sections/rollback.html"].contains(r#"href="../assets/style.css""#));
    assert!(site["index.html"].contains("3f9a2c1"));
    assert!(site["index.html"].contains(r#"href="../1.1.0/index.html""#));
}

/// "Fri 20 Nov 2026"-style dates not directly inside a <time> element
/// (SVG tooltips aside: `<title>` holds text only).
fn regex_free_dates(html: &str) -> Vec<String> {
    let mut html = html.to_string();
    while let (Some(a), Some(b)) = (html.find("<svg"), html.find("</svg>")) {
        html.replace_range(a..b + "</svg>".len(), "");
    }
    let html = html.as_str();
    let days = ["Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun "];
    let mut bad = Vec::new();
    for (i, _) in html.char_indices() {
        let rest = &html[i..];
        if days.iter().any(|d| rest.starts_with(d))
            && rest[4..].chars().next().is_some_and(|c| c.is_ascii_digit())
        {
            let before = &html[..i];
            let inside_time = before
                .rfind("<time")
                .is_some_and(|t| before.rfind("</time>").is_none_or(|e| e < t));
            let in_attr = before
                .rfind('"')
                .is_some_and(|q| before.rfind('>').is_none_or(|g| g < q));
            if !inside_time && !in_attr {
                bad.push(rest.chars().take(20).collect());
            }
        }
    }
    bad
}

#[test]
fn signoff_and_freeze_pages_show_state() {
    let (site, _) = example();
    let signoff = main_of(&site["signoff.html"]);
    assert!(signoff.contains("Pending") || signoff.contains("Approved"));
    assert!(signoff.contains("Revision history"));
    let freeze = main_of(&site["freeze.html"]);
    assert!(freeze.contains("PMS data freeze"));
    assert!(
        freeze.contains(r#"<time datetime="2027-01-15T18:00""#),
        "{freeze}"
    );
    // Fri 18:00 to Mon 07:00, in days and hours with the plan's zone.
    assert!(
        freeze.contains("2 days 13 hours (America/Chicago)"),
        "{freeze}"
    );
    // Datasets without a count are not counted as zero.
    let data = main_of(&site["data.html"]);
    assert!(data.contains("records, 2 datasets not counted"), "{data}");
    assert!(!data.contains(" 0 records"), "{data}");
}

const HOSTILE_PLAN: &str = r#"
plan:
  title: "<script>alert('title')</script> Migration"
  client: "<img src=x onerror=alert(1)>"
  version: 1.0.0
  owner: "\"><script>alert(2)</script>"
  summary: |
    Hello <script>alert('summary')</script> **bold**
    <a href="javascript:alert(3)">click</a> <iframe src="https://evil.example"></iframe>
milestones:
  migration: 2027-01-16
phases: ["<b>Phase</b>"]
inventory:
  - id: sys
    name: "<svg onload=alert(4)>"
    category: "<i>cat</i>"
    details: {"<k>": "<v onclick=x>"}
tasks:
  - id: t1
    title: "<script>alert('task')</script>"
    phase: "<b>Phase</b>"
    owner: "<u>Owner</u>"
    due: 1 week before migration
    resources:
      - {title: "bad js", url: "javascript:alert(5)"}
      - {title: "bad data", url: "data:text/html,<script>alert(6)</script>"}
      - {title: "escapes", url: "../../etc/passwd"}
      - {title: "good", url: "https://example.org/x?a=1&b=2"}
      - {title: "local", url: "guides/cutover.pdf"}
      - {title: "mail", url: "mailto:office@example.org"}
    notes: "<script>alert(7)</script>"
"#;

const HOSTILE_SECTION: &str = r#"---
title: "<script>alert('section')</script>"
order: 1
---
Text <script>alert(8)</script> and <img src="x.png" onerror="alert(9)" alt="pic">.

[js](javascript:alert(10)) [data](data:text/html;base64,PHNjcmlwdD4=) [ok](https://example.org)
[up](../../../etc/passwd) [sibling](other.md#part)

<form action="https://evil.example"><input name=x></form>
<iframe src="https://evil.example"></iframe>
<a href="JaVaScRiPt:alert(11)" onclick="alert(12)">x</a>
<div style="background:url(javascript:alert(13))">styled</div>

| a | b |
|---|---|
| <script>alert(14)</script> | ~~gone~~ |

Footnote[^n].

[^n]: The note.

Due {{ date(of="migration") }}.
"#;

#[test]
fn hostile_input_comes_out_inert() {
    let root = project(
        "hostile",
        &[
            ("content/plan.yaml", HOSTILE_PLAN),
            ("content/evil.md", HOSTILE_SECTION),
            ("content/other.md", "---\ntitle: Other\n---\nHi.\n"),
        ],
    );
    let (site, warnings) =
        build(&root, "2026-11-20", &BuildInfo::default()).unwrap_or_else(|(d, s)| {
            panic!(
                "{}",
                crate::report::render_all(&d, &s, crate::report::Style { color: false })
            )
        });
    for (path, html) in &site {
        if path.ends_with(".html") {
            assert_inert(path, html);
        }
    }
    let schedule = main_of(&site["schedule.html"]);
    assert!(schedule.contains("&lt;script&gt;alert("), "{schedule}");
    assert!(
        schedule.contains(r#"href="https://example.org/x?a=1&amp;b=2""#),
        "{schedule}"
    );
    assert!(schedule.contains(r#"href="guides/cutover.pdf""#));
    assert!(schedule.contains(r#"href="mailto:office@example.org""#));
    assert!(!schedule.contains("etc/passwd\""));
    // Three refused links, each a warning.
    assert_eq!(
        warnings
            .iter()
            .filter(|w| w.message.contains("link of resource"))
            .count(),
        3,
        "{warnings:?}"
    );

    let section = main_of(&site["sections/evil.html"]);
    assert!(section.contains(r#"href="https://example.org""#));
    assert!(
        section.contains(r#"href="../sections/other.html#part""#),
        "{section}"
    );
    assert!(section.contains(r#"src="../x.png""#), "{section}");
    assert!(!section.contains("etc/passwd"));
    assert!(section.contains("<del>gone</del>"));
    assert!(
        section.contains(r#"<time datetime="2027-01-16">Sat 16 Jan 2027</time>"#),
        "{section}"
    );
    assert!(
        section.contains(r#"id="fn-1""#) && section.contains(r##"href="#fn-1""##),
        "{section}"
    );
}

/// Every real tag (text never holds a raw `<`) is harmless: no active
/// elements, no event handlers, no script or data URLs.
fn assert_inert(path: &str, html: &str) {
    // The theme's own search script and box, once per page, are the only
    // script and input allowed; anything else like them came from the plan.
    let root = "../".repeat(path.matches('/').count());
    let script = format!(r#"<script src="{root}assets/search.js" defer></script>"#);
    let input = r#"<input id="site-search-input" type="search" placeholder="Search tasks, systems, risks…" autocomplete="off" spellcheck="false" aria-describedby="site-search-status">"#;
    for own in [script.as_str(), input] {
        assert_eq!(html.matches(own).count(), 1, "{path}: {own}");
    }
    let html = html.replace(&script, "").replace(input, "");
    let mut rest = html.as_str();
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let close = after.find('>').unwrap_or(after.len());
        let tag = after[..close].to_ascii_lowercase();
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect();
        let name = name.trim_start_matches('/');
        assert!(
            ![
                "script", "iframe", "form", "input", "object", "embed", "button", "textarea"
            ]
            .contains(&name),
            "{path}: <{tag}>"
        );
        // Attributes: outside quoted values, nothing may start with `on`.
        let mut quoted = None;
        let mut prev = ' ';
        for (i, c) in tag.char_indices() {
            match quoted {
                Some(q) if c == q => quoted = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => quoted = Some(c),
                None => {
                    if prev.is_whitespace() && tag[i..].starts_with("on") && name != "style" {
                        panic!("{path}: event handler in <{tag}>");
                    }
                }
            }
            prev = c;
        }
        for bad in ["javascript:", "data:", "vbscript:"] {
            assert!(!tag.contains(bad), "{path}: {bad} in <{tag}>");
        }
        rest = &after[close.min(after.len())..];
    }
}

#[test]
fn unknown_anchor_in_prose_is_an_error_with_its_line() {
    let root = project(
        "anchor",
        &[
            (
                "content/plan.yaml",
                "plan:\n  title: T\n  version: 1.0.0\nmilestones:\n  go-live: 2027-01-18\n",
            ),
            (
                "content/notes.md",
                "---\ntitle: Notes\n---\nFirst line.\n\nOpen on {{ date(of=\"go-lve\") }}.\n",
            ),
        ],
    );
    let (diags, sources) = build(&root, "2026-11-20", &BuildInfo::default()).unwrap_err();
    let d = diags.iter().find(|d| d.is_error()).expect("an error");
    let pos = d.pos().expect("a position");
    assert_eq!(sources.locate(pos), "content/notes.md:6:9", "{d:?}");
    assert!(d.message.contains("go-lve"), "{d:?}");
    assert_eq!(d.hint.as_deref(), Some("did you mean `go-live`?"), "{d:?}");
}

#[test]
fn version_index_lists_newest_first() {
    let entry = |v: &str, status, pdf: Option<&str>| VersionEntry {
        version: v.into(),
        status,
        date: Some(day("2026-11-20")),
        pdf: pdf.map(str::to_string),
    };
    let index = VersionIndex {
        title: "A <b>plan</b>".into(),
        client: None,
        entries: vec![
            entry("1.2.0", PlanStatus::Review, Some("doc.pdf")),
            entry("1.10.0", PlanStatus::Approved, None),
            entry("1.0.0", PlanStatus::Draft, None),
        ],
    };
    let a = render_version_index(&Theme::builtin(), &index).unwrap();
    assert_eq!(a.path, PathBuf::from("index.html"));
    let html = String::from_utf8(a.bytes.to_vec()).unwrap();
    let main = main_of(&html);
    let (p10, p12, p1) = (
        main.find("1.10.0").unwrap(),
        main.find("1.2.0").unwrap(),
        main.find("1.0.0").unwrap(),
    );
    assert!(p10 < p12 && p12 < p1, "{main}");
    assert!(main.contains(r#"href="1.2.0/doc.pdf""#));
    assert!(html.contains("A &lt;b&gt;plan&lt;/b&gt;"));
    assert!(main.contains(r#"<time datetime="2026-11-20">Fri 20 Nov 2026</time>"#));
}

/// Writes the example's site to `target/html-preview/` for a look in a
/// browser or a run of the checkers:
/// `cargo test --lib dump_example_site -- --ignored`.
#[test]
#[ignore]
fn dump_example_site() {
    let (site, warnings) = example();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/html-preview/1.2.0");
    let _ = std::fs::remove_dir_all(&out);
    for (path, text) in &site {
        let p = out.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let index = VersionIndex {
        title: "Eaglesoft to Open Dental migration".into(),
        client: Some("Lakeside Family Dental".into()),
        entries: vec![
            VersionEntry {
                version: "1.2.0".into(),
                status: PlanStatus::Review,
                date: Some(day("2026-11-20")),
                pdf: Some("solution-document.pdf".into()),
            },
            VersionEntry {
                version: "1.1.0".into(),
                status: PlanStatus::Draft,
                date: Some(day("2026-10-30")),
                pdf: None,
            },
        ],
    };
    let a = render_version_index(&Theme::builtin(), &index).unwrap();
    std::fs::write(out.parent().unwrap().join("index.html"), a.bytes.as_slice()).unwrap();
    eprintln!(
        "wrote {} files to {}; {} warnings",
        site.len(),
        out.display(),
        warnings.len()
    );
}

/// A plan of `n` tasks in four phases, each following the one before.
fn big_plan(n: usize) -> String {
    let mut y = String::from(
        "plan:\n  title: Big\n  version: 1.0.0\nmilestones:\n  migration: 2027-06-05\nphases: [A, B, C, D]\ntasks:\n",
    );
    for i in 0..n {
        let phase = ["A", "B", "C", "D"][i * 4 / n];
        y.push_str(&format!(
            "  - id: t{i}\n    title: Task number {i} with a longish title\n    phase: {phase}\n    owner: Owner {}\n    due: {} days before migration\n",
            i % 7,
            n - i
        ));
        if i > 0 {
            y.push_str(&format!("    after: [t{}]\n", i - 1));
        }
    }
    y
}

#[test]
fn a_thousand_tasks_still_render() {
    let root = project("big", &[("content/plan.yaml", &big_plan(1000))]);
    let started = std::time::Instant::now();
    let (site, _) = build(&root, "2026-11-20", &BuildInfo::default()).unwrap_or_else(|(d, s)| {
        panic!(
            "{}",
            crate::report::render_all(&d, &s, crate::report::Style { color: false })
        )
    });
    let gantt = &site["gantt.html"];
    // The whole plan's chart draws every task; the migration window after
    // it only those around the migration.
    let (whole, window) = gantt.split_once("id=\"migration-window\"").unwrap();
    assert_eq!(whole.matches("class=\"g-bar g-bar-task").count(), 1000);
    assert_eq!(whole.matches("class=\"g-dep\"").count(), 999);
    assert!(window.matches("class=\"g-bar g-bar-task").count() < 10);
    // Names are never cut; wrapped, they stay whole.
    let chart = &whole[whole.find("id=\"whole-plan\"").unwrap()..];
    assert!(!chart.contains('…'));
    // The rows come in slices no browser refuses to paint.
    let heights: Vec<f64> = whole
        .split("<svg class=\"gantt-labels\"")
        .skip(1)
        .map(|s| {
            let h = s.split("height=\"").nth(1).unwrap();
            h[..h.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    assert!(heights.iter().all(|&h| h <= 40_100.0), "{heights:?}");
    assert!(main_of(&site["schedule.html"]).contains("Task number 999"));
    eprintln!(
        "1000 tasks: {} bytes of Gantt in {:?}",
        gantt.len(),
        started.elapsed()
    );
}

/// The schedule and Gantt pages written without Tera (the built-in
/// templates' content in Rust, `schedule_html.rs`, `gantt_html.rs`) are
/// byte for byte what the built-in templates write, on plans unlike each
/// other: the example, hostile text, people and RACI, runbooks, progress.
#[test]
fn native_pages_match_their_templates() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let hostile = project(
        "native-hostile",
        &[
            ("content/plan.yaml", HOSTILE_PLAN),
            ("content/evil.md", HOSTILE_SECTION),
        ],
    );
    let big = project("native-big", &[("content/plan.yaml", &big_plan(300))]);
    let info = draft_info();
    let roots = [
        repo.to_path_buf(),
        repo.join("tests/fixtures/people/school"),
        content_project("native-dense", &repo.join("tests/fixtures/dense")),
        hostile,
        big,
    ];
    let mut compared = 0;
    for root in &roots {
        // Else both ways would be Tera's.
        let theme = Theme::load(root, "default").unwrap();
        for t in ["schedule.html", "gantt.html", "components.html"] {
            assert!(theme.is_builtin(&format!("templates/{t}")), "{t}");
        }
        for as_of in ["2026-11-20", "2026-12-15", "2027-09-01"] {
            let run = |native| {
                build_with(root, as_of, &info, native)
                    .map(|(site, _)| site)
                    .unwrap_or_else(|(d, s)| {
                        panic!(
                            "{}",
                            crate::report::render_all(
                                &d,
                                &s,
                                crate::report::Style { color: false }
                            )
                        )
                    })
            };
            let (fast, tera) = (run(true), run(false));
            for page in ["schedule.html", "gantt.html"] {
                let (a, b) = (&fast[page], &tera[page]);
                if a != b {
                    let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
                    let from = at.saturating_sub(200);
                    panic!(
                        "{} {page} as of {as_of} differs at byte {at}:\nnative: {}\ntera:   {}",
                        root.display(),
                        &a[from..(at + 200).min(a.len())],
                        &b[from..(at + 200).min(b.len())]
                    );
                }
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 30);
}

/// A scratch project whose `content/` is a copy of the folder `src`.
fn content_project(name: &str, src: &Path) -> PathBuf {
    let root = project(name, &[]);
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let to = root
            .join("content")
            .join(entry.path().strip_prefix(src).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    root
}
