//! The accessible archive, through the real binary: every PDF a build
//! writes (the Solution Document and the status report) is tagged PDF/UA-1
//! with PDF/A level A, as our probe (`bench/pdfua_probe.py`, pikepdf) reads
//! it: a structure tree, /MarkInfo, the UA and PDF/A identification in
//! XMP, /Lang, DisplayDocTitle, and every drawn item tagged or an artifact,
//! found by walking the content streams. The probe itself is shown to fail
//! on PDFs whose tags were taken away.

mod common;
use common::{copy_dir, python_with, text};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const AS_OF: &str = "2026-11-22";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_migplan"));
    c.env("NO_COLOR", "1");
    c.env("SOURCE_DATE_EPOCH", "1795000000");
    c
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn tempdir(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("migplan-pdfua-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&p);
    fs::create_dir_all(&p).unwrap();
    p
}

fn probe(py: &Path, pdfs: &[PathBuf]) -> Output {
    Command::new(py)
        .arg(repo().join("bench/pdfua_probe.py"))
        .args(pdfs)
        .output()
        .expect("run the probe")
}

/// Builds the plan in `content` and returns every PDF of the version built.
fn build_pdfs(name: &str, content: &Path) -> Vec<PathBuf> {
    let root = tempdir(name);
    copy_dir(content, &root.join("content"));
    let out = bin()
        .args(["build", "--root", root.to_str().unwrap(), "--as-of", AS_OF])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut pdfs = Vec::new();
    let mut dirs = vec![root.join("output")];
    while let Some(d) = dirs.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() && !p.ends_with("latest") {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "pdf") {
                pdfs.push(p);
            }
        }
    }
    pdfs.sort();
    assert!(
        pdfs.len() >= 2,
        "a Solution Document and a status report: {pdfs:?}"
    );
    pdfs
}

fn assert_accessible(name: &str, content: &Path) {
    let Some(py) = python_with("pikepdf", "MIGPLAN_REQUIRE_PIKEPDF") else {
        return;
    };
    let pdfs = build_pdfs(name, content);
    let out = probe(&py, &pdfs);
    let report = text(&out.stdout);
    eprintln!("{report}");
    assert!(out.status.success(), "{report}{}", text(&out.stderr));
    assert!(report.trim_end().ends_with(" 0 failed"), "{report}");
    for pdf in &pdfs {
        let name = pdf.file_name().unwrap().to_str().unwrap();
        assert!(
            report.contains(&format!(
                "PASS {name}: every drawn item is tagged or an artifact"
            )),
            "{name} not walked: {report}"
        );
    }
}

#[test]
fn the_example_plans_pdfs_are_tagged_pdf_ua() {
    assert_accessible("example", &repo().join("content"));
}

#[test]
fn the_dense_plans_pdfs_are_tagged_pdf_ua() {
    assert_accessible("dense", &repo().join("tests/fixtures/dense"));
}

#[test]
fn the_pdf_dense_plans_pdfs_are_tagged_pdf_ua() {
    assert_accessible(
        "pdf-dense",
        &repo().join("tests/fixtures/pdf-dense/content"),
    );
}

/// The probe fails PDFs that lost their tags: it would have caught the
/// untagged PDFs written before.
#[test]
fn the_probe_fails_untagged_content() {
    let Some(py) = python_with("pikepdf", "MIGPLAN_REQUIRE_PIKEPDF") else {
        return;
    };
    let pdfs = build_pdfs("untagged", &repo().join("content"));
    let good = pdfs
        .iter()
        .find(|p| !p.to_str().unwrap().contains("status"))
        .unwrap();
    let dir = good.parent().unwrap();
    let (no_tree, no_marks) = (dir.join("no-tree.pdf"), dir.join("no-marks.pdf"));
    // One copy without the structure tree and /MarkInfo; one whose third
    // page has its marked-content operators removed (drawn, but untagged).
    let script = r#"
import sys, pikepdf
src, no_tree, no_marks = sys.argv[1:4]
pdf = pikepdf.open(src)
del pdf.Root['/StructTreeRoot']
del pdf.Root['/MarkInfo']
pdf.save(no_tree)
pdf = pikepdf.open(src)
page = pdf.pages[2]
ops = [(o, op) for o, op in pikepdf.parse_content_stream(page)
       if str(op) not in ('BDC', 'BMC', 'EMC')]
page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
pdf.save(no_marks)
"#;
    let out = Command::new(&py)
        .args(["-c", script])
        .args([good, &no_tree, &no_marks])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = probe(&py, std::slice::from_ref(&no_tree));
    let report = text(&out.stdout);
    assert!(!out.status.success(), "{report}");
    assert!(
        report.contains("FAIL no-tree.pdf: /MarkInfo /Marked true"),
        "{report}"
    );
    assert!(
        report.contains("FAIL no-tree.pdf: a structure tree"),
        "{report}"
    );

    let out = probe(&py, std::slice::from_ref(&no_marks));
    let report = text(&out.stdout);
    assert!(!out.status.success(), "{report}");
    assert!(
        report.contains("FAIL no-marks.pdf: every drawn item is tagged or an artifact"),
        "{report}"
    );
}
