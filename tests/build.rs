//! `migplan build` through the real binary: what lands in `output/`, that a
//! failed build writes nothing, and that versions live side by side.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const AS_OF: &str = "2026-11-22";

fn migplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_migplan"))
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("run migplan")
}

fn build(root: &Path) -> Output {
    migplan(&["build", "--root", root.to_str().unwrap(), "--as-of", AS_OF])
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A copy of `tests/fixtures/base` as a project in a fresh temporary folder.
fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-build-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let content = dir.join("content");
    fs::create_dir_all(&content).unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
    for e in fs::read_dir(base).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, content.join(p.file_name().unwrap())).unwrap();
    }
    dir
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

/// Two trees are equal; on failure, names the files that differ (not bytes).
fn assert_same(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) {
    let differ: Vec<_> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    assert!(differ.is_empty(), "files differ: {differ:?}");
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("</main>");
    &html[start..end]
}

fn edit(path: &Path, from: &str, to: &str) {
    let t = fs::read_to_string(path).unwrap();
    assert!(t.contains(from), "{from:?} not in {}", path.display());
    fs::write(path, t.replacen(from, to, 1)).unwrap();
}

#[test]
fn build_publishes_site_exports_index_and_latest() {
    let root = project("publish");
    let out = build(&root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("built version 1.0.0"),
        "{}",
        text(&out.stderr)
    );
    let v = root.join("output/1.0.0");
    for f in [
        "index.html",
        "schedule.html",
        "gantt.html",
        "signoff.html",
        "inventory.html",
        "data.html",
        "freeze.html",
        "addons.html",
        "downloads.html",
        "schedule.ics",
        "schedule.csv",
        "plan.json",
    ] {
        assert!(v.join(f).is_file(), "missing {f}");
    }
    let schedule = fs::read_to_string(v.join("schedule.html")).unwrap();
    let main = main_of(&schedule);
    assert!(main.contains("Order hardware"));
    // 7 weeks before Sat 16 Jan 2027 = Sat 28 Nov 2026 -> Fri 27 Nov 2026.
    assert!(
        main.contains("<time datetime=\"2026-11-27\">"),
        "due date of order-hardware"
    );

    let plan: serde_json::Value =
        serde_json::from_slice(&fs::read(v.join("plan.json")).unwrap()).unwrap();
    assert_eq!(plan["version"], "1.0.0");
    assert_eq!(plan["status"], "review");
    assert_eq!(plan["plan"]["meta"]["title"], "Fixture plan");

    let index = fs::read_to_string(root.join("output/index.html")).unwrap();
    assert!(index.contains("1.0.0/index.html"));
    let latest = fs::read_to_string(root.join("output/latest/index.html")).unwrap();
    assert!(latest.contains("../1.0.0/index.html"));
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn failed_build_writes_nothing_and_keeps_previous_output() {
    let root = project("failed");
    assert!(build(&root).status.success());
    let before = snapshot(&root.join("output"));

    edit(
        &root.join("content/tasks.yaml"),
        "due: 7 weeks before migration",
        "due: 7 weeks before nowhere",
    );
    let out = build(&root);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("content/tasks.yaml:15:25: error: no milestone or task has the id `nowhere`"),
        "{}",
        text(&out.stderr)
    );
    assert_same(&snapshot(&root.join("output")), &before);

    // An unknown anchor in prose is found while rendering: also nothing written.
    edit(
        &root.join("content/tasks.yaml"),
        "due: 7 weeks before nowhere",
        "due: 7 weeks before migration",
    );
    edit(
        &root.join("content/section.md"),
        "date(of=\"go-live\")",
        "date(of=\"go-lvie\")",
    );
    let out = build(&root);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("content/section.md:5:"),
        "{}",
        text(&out.stderr)
    );
    assert_same(&snapshot(&root.join("output")), &before);
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn versions_live_side_by_side_and_index_lists_newest_first() {
    let root = project("versions");
    assert!(build(&root).status.success());
    let v1 = snapshot(&root.join("output/1.0.0"));

    edit(
        &root.join("content/plan.yaml"),
        "version: 1.0.0",
        "version: 1.1.0",
    );
    edit(
        &root.join("content/people.yaml"),
        "    summary: First version.\n",
        "    summary: First version.\n  - version: 1.1.0\n    date: 2026-11-21\n    author: Project Manager\n    summary: Second version.\n",
    );
    let out = build(&root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // 1.0.0's pages now say they are superseded; every other file, the PDF
    // first of all, is unchanged.
    let after = snapshot(&root.join("output/1.0.0"));
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        v1.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &after {
        if path.extension().is_some_and(|e| e == "html") {
            let page = String::from_utf8_lossy(bytes);
            assert!(
                page.contains("Superseded by <a href"),
                "{} lacks the notice",
                path.display()
            );
        } else if path != Path::new("manifest.json") {
            assert!(bytes == &v1[path], "{} changed", path.display());
        }
    }
    let v1 = after;
    let page = fs::read_to_string(root.join("output/1.1.0/changes.html")).unwrap();
    assert!(main_of(&page).contains("Changes since version 1.0.0"));

    let index = fs::read_to_string(root.join("output/index.html")).unwrap();
    let new = index.find("1.1.0/index.html").expect("1.1.0 listed");
    let old = index.find("1.0.0/index.html").expect("1.0.0 listed");
    assert!(new < old, "newest first");
    let latest = fs::read_to_string(root.join("output/latest/index.html")).unwrap();
    assert!(latest.contains("../1.1.0/index.html"));

    // Rebuilding 1.1.0 replaces its folder whole (a stale file disappears).
    fs::write(root.join("output/1.1.0/stale.txt"), "x").unwrap();
    assert!(build(&root).status.success());
    assert!(!root.join("output/1.1.0/stale.txt").exists());
    assert_same(&snapshot(&root.join("output/1.0.0")), &v1);
    let names: Vec<String> = fs::read_dir(root.join("output"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "left-over temporary files: {names:?}"
    );
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn builds_are_reproducible() {
    let a = project("repro-a");
    let b = project("repro-b");
    assert!(build(&a).status.success());
    assert!(build(&b).status.success());
    assert_same(&snapshot(&a.join("output")), &snapshot(&b.join("output")));
    let _ = fs::remove_dir_all(&a);
    let _ = fs::remove_dir_all(&b);
}

/// The PDF of the example plan: text a reader and an auditor look for, the
/// plan's sources embedded byte for byte, and sane page count.
#[test]
fn pdf_has_the_plan_and_embeds_its_sources() {
    let root = project("pdf");
    assert!(build(&root).status.success());
    let pdf_path = root.join("output/1.0.0/fixture-plan-1.0.0.pdf");
    let bytes = fs::read(&pdf_path).expect("the PDF is written");
    assert!(bytes.starts_with(b"%PDF-"));

    let text = pdf_extract::extract_text_from_mem(&bytes).expect("text extracts");
    let text = text
        .replace('\u{fb00}', "ff")
        .replace('\u{fb01}', "fi")
        .replace('\u{fb02}', "fl");
    for needle in [
        "Fixture plan",
        "Solution Document",
        "Order hardware",
        "Verify all programs work",
        "Fri 27 Nov 2026",
        "Practice Manager",
        "Lead Engineer",
        "Approved as the plan of record, version 1.0.0",
        "Document control",
        "Contents",
        "How the dates were computed",
    ] {
        assert!(text.contains(needle), "PDF text lacks {needle:?}");
    }

    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf parses the PDF");
    let pages = doc.get_pages().len();
    assert!((6..=40).contains(&pages), "{pages} pages");
    // Embedded files: every content file, byte for byte, and plan.json.
    let mut found = Vec::new();
    for (_, obj) in doc.objects.iter() {
        if let Ok(dict) = obj.as_dict()
            && dict.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"Filespec".as_slice())
        {
            let name = dict.get(b"UF").or_else(|_| dict.get(b"F")).unwrap();
            let name = lopdf::decode_text_string(name).unwrap();
            let ef = dict.get(b"EF").unwrap().as_dict().unwrap();
            let stream_id = ef.get(b"F").unwrap().as_reference().unwrap();
            let stream = doc.get_object(stream_id).unwrap().as_stream().unwrap();
            let data = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            found.push((name, data));
        }
    }
    found.sort();
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"plan.json"), "{names:?}");
    for f in [
        "plan.yaml",
        "tasks.yaml",
        "inventory.yaml",
        "people.yaml",
        "section.md",
    ] {
        let name = format!("content/{f}");
        let (_, data) = found
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{name} not embedded: {names:?}"));
        assert_eq!(data, &fs::read(root.join(&name)).unwrap(), "{name} differs");
    }
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn pdf_command_writes_only_the_pdf() {
    let root = project("pdfcmd");
    let target = root.join("doc.pdf");
    let out = migplan(&[
        "pdf",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "-o",
        target.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(fs::read(&target).unwrap().starts_with(b"%PDF-"));
    assert!(!root.join("output").exists(), "pdf must not write output/");
    let _ = fs::remove_dir_all(&root);
}
