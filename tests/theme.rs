//! A project's theme through the real binary, for the pages whose built-in
//! content migplan writes without Tera (schedule and Gantt,
//! `docs/theming.md`, "Large pages"): a project's own `schedule.html`,
//! `gantt.html` or `components.html` takes effect; its `base.html` frames
//! the pages either way; a copy of a built-in template changes nothing.

mod common;
use common::copy_dir;

use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example plan in a fresh folder, with `files` (path under the
/// project, text) added.
fn project(name: &str, files: &[(&str, String)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-theme-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    copy_dir(&repo().join("content"), &dir.join("content"));
    for (path, text) in files {
        let p = dir.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

/// The built-in theme's template `name`, with `from` replaced by `to`
/// (which must change it).
fn builtin(name: &str, from: &str, to: &str) -> String {
    let text = fs::read_to_string(repo().join("themes/default/templates").join(name)).unwrap();
    assert!(text.contains(from), "{name} has no `{from}`");
    text.replace(from, to)
}

/// Builds `root` and returns the version folder's pages by name.
fn build(root: &Path) -> std::collections::BTreeMap<String, String> {
    let out = common::migplan(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
    ]);
    assert!(out.status.success(), "{}", common::text(&out.stderr));
    let output = root.join("output");
    let version = fs::read_dir(&output)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir() && p.join("schedule.html").exists())
        .expect("a version folder");
    ["schedule.html", "gantt.html", "index.html"]
        .iter()
        .map(|p| {
            let html = fs::read_to_string(version.join(p)).unwrap();
            (p.to_string(), without_hash(&html))
        })
        .collect()
}

/// The page without the content hash in its footer (the theme's files are
/// part of what it hashes).
fn without_hash(html: &str) -> String {
    let start = html.find("content <code>").expect("a content hash") + "content <code>".len();
    let end = start + html[start..].find("</code>").unwrap();
    format!("{}{}", &html[..start], &html[end..])
}

fn tasks_in_example(schedule: &str) -> usize {
    schedule.matches("<tr id=\"task-").count()
}

#[test]
fn a_theme_overriding_the_schedule_and_gantt_templates_takes_effect() {
    let plain = build(&project("plain", &[]));
    let rows = tasks_in_example(&plain["schedule.html"]);
    assert!(rows > 10, "{rows} rows");
    assert!(!plain["schedule.html"].contains("my-row"));

    let root = project(
        "rows",
        &[
            (
                "themes/default/templates/schedule.html",
                builtin(
                    "schedule.html",
                    "<span class=\"task-title\">",
                    "<span class=\"task-title my-row\">",
                ),
            ),
            (
                "themes/default/templates/gantt.html",
                builtin("gantt.html", "rx=\"3\"", "rx=\"5\" data-mine=\"1\""),
            ),
        ],
    );
    let site = build(&root);
    let schedule = &site["schedule.html"];
    assert_eq!(schedule.matches("task-title my-row").count(), rows);
    assert_eq!(tasks_in_example(schedule), rows);
    let gantt = &site["gantt.html"];
    assert!(gantt.contains("data-mine=\"1\""));
    assert!(!gantt.contains("rx=\"3\""));
    // Only what the theme changed differs.
    assert_eq!(
        schedule.replace(" my-row", ""),
        plain["schedule.html"],
        "the override changed more than its rows"
    );
}

#[test]
fn a_theme_overriding_components_changes_the_large_pages_too() {
    let plain = build(&project("plain-components", &[]));
    let root = project(
        "components",
        &[(
            "themes/default/templates/components.html",
            builtin(
                "components.html",
                "<span class=\"badge badge-{{ status }}\">",
                "<span class=\"badge pill badge-{{ status }}\">",
            ),
        )],
    );
    let site = build(&root);
    let schedule = &site["schedule.html"];
    assert!(schedule.contains("class=\"badge pill badge-"));
    assert!(!schedule.contains("class=\"badge badge-"));
    assert_eq!(
        schedule.replace("badge pill badge-", "badge badge-"),
        plain["schedule.html"]
    );
}

#[test]
fn a_theme_base_frames_the_large_pages_and_a_copy_changes_nothing() {
    let plain = build(&project("plain-base", &[]));
    let root = project(
        "base",
        &[
            (
                "themes/default/templates/base.html",
                builtin(
                    "base.html",
                    "<footer class=\"footer\">",
                    "<footer class=\"footer\" data-theme=\"lakeside\">",
                ),
            ),
            // A byte-for-byte copy of the built-in template.
            (
                "themes/default/templates/schedule.html",
                builtin("schedule.html", "", ""),
            ),
        ],
    );
    let site = build(&root);
    for page in ["schedule.html", "gantt.html", "index.html"] {
        assert!(
            site[page].contains("<footer class=\"footer\" data-theme=\"lakeside\">"),
            "{page}"
        );
        assert_eq!(
            site[page].replace(" data-theme=\"lakeside\"", ""),
            plain[page],
            "{page}"
        );
    }
}
