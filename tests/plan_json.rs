//! `plan.json` read back through the real binary: `migplan diff` between
//! versions written by an earlier migplan (`tests/fixtures/archive-v1`,
//! format 1) still lists every change, and so does a diff from such a
//! version to one this migplan builds (old reader and new writer share
//! one typed `plan.json`).

mod common;
use common::{copy_dir, migplan, text};

use std::fs;
use std::path::{Path, PathBuf};

/// A copy of the format-1 archive fixture (never written in place).
fn old_archive(name: &str) -> PathBuf {
    let root =
        std::env::temp_dir().join(format!("migplan-plan-json-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive-v1"),
        &root,
    );
    root
}

fn edit(path: &Path, old: &str, new: &str) {
    let t = fs::read_to_string(path).unwrap();
    assert!(t.contains(old), "{} lacks {old:?}", path.display());
    fs::write(path, t.replacen(old, new, 1)).unwrap();
}

#[test]
fn a_diff_between_old_format_versions_shows_every_change() {
    let root = old_archive("old");
    let out = root.join("output");
    let d = migplan(&["diff", "--out", out.to_str().unwrap(), "1.0.0", "1.1.0"]);
    assert_eq!(d.status.code(), Some(0), "{}", text(&d.stderr));
    let t = text(&d.stdout);
    // 1.1.0 moved the migration a week: the milestone, the tasks anchored
    // on it and the freeze window all moved.
    for want in [
        "migration date: Sat 16 Jan 2027 -> Sat 23 Jan 2027 (rule `2027-01-16` -> `2027-01-23`)",
        "schedule-migration due: Fri 20 Nov 2026 -> Fri 27 Nov 2026",
        "migrate-data start: Fri 8 Jan 2027 -> Fri 15 Jan 2027",
        "PMS freeze start:",
        "+ 1.1.0",
    ] {
        assert!(t.contains(want), "missing {want:?} in\n{t}");
    }
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn a_diff_from_an_old_format_version_to_a_new_build_shows_changes() {
    let root = old_archive("new");
    let content = root.join("content");
    edit(
        &content.join("plan.yaml"),
        "version: 1.1.0",
        "version: 1.2.0",
    );
    edit(
        &content.join("tasks.yaml"),
        "title: Order hardware",
        "title: Order the new servers",
    );
    edit(
        &content.join("tasks.yaml"),
        "due: 7 weeks before migration",
        "due: 6 weeks before migration",
    );
    let b = migplan(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2026-11-25",
    ]);
    assert_eq!(b.status.code(), Some(0), "{}", text(&b.stderr));
    let out = root.join("output");
    for format in ["text", "json"] {
        let d = migplan(&[
            "diff",
            "--out",
            out.to_str().unwrap(),
            "1.1.0",
            "1.2.0",
            "--format",
            format,
        ]);
        assert_eq!(d.status.code(), Some(0), "{}", text(&d.stderr));
        let t = text(&d.stdout);
        let wants: &[&str] = if format == "text" {
            &[
                "order-hardware title: Order hardware -> Order the new servers",
                // 6 weeks before Sat 23 Jan 2027 is Sat 12 Dec, moved to Friday.
                "order-hardware due: Fri 4 Dec 2026 -> Fri 11 Dec 2026 (rule `7 weeks before migration` -> `6 weeks before migration`)",
            ]
        } else {
            &[r#""to": "1.2.0""#, r#""new": "Order the new servers""#]
        };
        for want in wants {
            assert!(t.contains(want), "missing {want:?} in\n{t}");
        }
    }
    // The other way round too: the new file is read as the old one.
    let d = migplan(&["diff", "--out", out.to_str().unwrap(), "1.2.0", "1.0.0"]);
    assert_eq!(d.status.code(), Some(0), "{}", text(&d.stderr));
    assert!(text(&d.stdout).contains("migration date: Sat 23 Jan 2027 -> Sat 16 Jan 2027"));
    let _ = fs::remove_dir_all(&root);
}
