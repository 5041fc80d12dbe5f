//! One file's syntax error does not hide the other files' problems: through
//! the real binary, plans with several broken files at once report every
//! file's problems in one run, sorted by file and line, and nothing that
//! only the broken file could explain.

mod common;
use common::copy_dir;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const AS_OF: &str = "2026-05-20";

/// A copy of the example plan (`content/`) in a fresh folder.
fn example_copy(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("migplan-every-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &root.join("content"),
    );
    root
}

/// Replaces the first `from` in `content/<file>` with `to`.
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join("content").join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// `migplan check`: exit code and the `path:line:col: severity` lines.
fn check(root: &Path) -> (i32, Vec<String>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_migplan"))
        .env("NO_COLOR", "1")
        .args(["check", "--as-of", AS_OF, "--root"])
        .arg(root)
        .output()
        .expect("run migplan");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let heads = stderr
        .lines()
        .filter(|l| {
            l.starts_with("content/") && (l.contains(": error: ") || l.contains(": warning: "))
        })
        .map(str::to_string)
        .collect();
    (out.status.code().unwrap_or(-1), heads, stderr)
}

/// (path, line) of a diagnostic's first line.
fn place(head: &str) -> (String, u32) {
    let mut parts = head.splitn(3, ':');
    let path = parts.next().unwrap().to_string();
    let line = parts.next().unwrap().parse().unwrap();
    (path, line)
}

#[test]
fn several_broken_files_are_all_reported_in_one_run() {
    let root = example_copy("several");
    // A tab in a task file, an unclosed quote in the risks: two syntax
    // errors in two files.
    edit(
        &root,
        "schedule/02-testing.yaml",
        "    title: Schedule PMS test conversion",
        "\ttitle: Schedule PMS test conversion",
    );
    edit(
        &root,
        "risks.yaml",
        "    likelihood: high",
        "    likelihood: \"high",
    );
    // A section whose front matter is never closed.
    let cutover = root.join("content/sections/cutover.md");
    let text = fs::read_to_string(&cutover).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let close = lines.iter().skip(1).position(|l| *l == "---").unwrap() + 1;
    lines.remove(close);
    fs::write(&cutover, lines.join("\n")).unwrap();
    // An unknown key (found while parsing a file that does parse) and a
    // date rule naming no task (found only by the schedule, which runs on
    // the files that parsed).
    edit(&root, "inventory.yaml", "    name:", "    nmae:");
    edit(
        &root,
        "schedule/03-implementing.yaml",
        "3 days before migration",
        "3 days after no-such-task",
    );
    // A valid reference to a task of the broken file: not a problem, and
    // not reported as one.
    edit(
        &root,
        "schedule/04-post.yaml",
        "due: 1 month after go-live",
        "due: 1 month after schedule-test-conversion",
    );

    let (code, heads, stderr) = check(&root);
    assert_eq!(code, 1, "{stderr}");
    let files: Vec<String> = heads.iter().map(|h| place(h).0).collect();
    for f in [
        "content/inventory.yaml",
        "content/risks.yaml",
        "content/schedule/02-testing.yaml",
        "content/schedule/03-implementing.yaml",
        "content/sections/cutover.md",
    ] {
        assert!(
            files.iter().any(|p| p == f),
            "no problem reported in {f}:\n{stderr}"
        );
    }
    assert!(stderr.contains("no-such-task"), "{stderr}");
    assert!(
        !files.iter().any(|p| p.ends_with("04-post.yaml")),
        "a reference into the broken file was reported:\n{stderr}"
    );
    assert!(stderr.contains("a tab character"), "{stderr}");
    // Sorted by file, then line.
    let places: Vec<(String, u32)> = heads.iter().map(|h| place(h)).collect();
    let mut sorted = places.clone();
    sorted.sort();
    assert_eq!(places, sorted, "{stderr}");
    let _ = fs::remove_dir_all(&root);
}

/// Any one file broken by a syntax error: its error is reported, and
/// nothing else (the rest of the example plan is clean, so anything
/// reported elsewhere would be a consequence of leaving the file out).
#[test]
fn one_broken_file_reports_only_its_own_problem() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut files = Vec::new();
    let mut stack = vec![base.clone()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "yaml" || e == "md") {
                files.push(p.strip_prefix(&base).unwrap().to_path_buf());
            }
        }
    }
    files.sort();
    assert!(files.len() > 5);
    let root = example_copy("one");
    for file in &files {
        let path = root.join("content").join(file);
        let good = fs::read_to_string(&path).unwrap();
        let broken = if file.extension().is_some_and(|e| e == "md") {
            // The front matter's opening line lost a dash.
            good.replacen("---", "--", 1)
        } else {
            // The first indented line indented with a tab instead.
            let mut done = false;
            good.lines()
                .map(|l| {
                    if !done && l.starts_with("  ") && !l.trim_start().starts_with('#') {
                        done = true;
                        format!("\t{}", l.trim_start())
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_ne!(broken, good, "{}", file.display());
        fs::write(&path, &broken).unwrap();
        let (code, heads, stderr) = check(&root);
        fs::write(&path, &good).unwrap();
        let own = format!("content/{}", file.display());
        assert_eq!(code, 1, "{own}:\n{stderr}");
        assert!(!heads.is_empty(), "{own}:\n{stderr}");
        for h in &heads {
            assert_eq!(place(h).0, own, "{own} broken, yet:\n{stderr}");
        }
    }
    let _ = fs::remove_dir_all(&root);
}
