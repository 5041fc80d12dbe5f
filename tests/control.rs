//! Document control through the real binary: the workflow of a controlled
//! document, from draft to approved to the next version, and the archive's
//! verification.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const AS_OF: &str = "2026-11-22";

fn migplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_migplan"))
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .args(args)
        .output()
        .expect("run migplan")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-control-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("content")).unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
    for e in fs::read_dir(base).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, dir.join("content").join(p.file_name().unwrap())).unwrap();
    }
    dir
}

fn edit(path: &Path, from: &str, to: &str) {
    let t = fs::read_to_string(path).unwrap();
    assert!(t.contains(from), "{from:?} not in {}", path.display());
    fs::write(path, t.replacen(from, to, 1)).unwrap();
}

fn build(root: &Path) -> Output {
    migplan(&["build", "--root", root.to_str().unwrap(), "--as-of", AS_OF])
}

/// Two trees are equal; on failure, names the files that differ.
fn same(a: &[(PathBuf, Vec<u8>)], b: &[(PathBuf, Vec<u8>)]) {
    let names = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(a), names(b), "different files");
    let differ: Vec<_> = a
        .iter()
        .zip(b)
        .filter(|(x, y)| x.1 != y.1)
        .map(|(x, _)| x.0.clone())
        .collect();
    assert!(differ.is_empty(), "files differ: {differ:?}");
}

fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn draft_approved_immutable_next_version_verified() {
    let root = project("workflow");
    let r = root.to_str().unwrap();
    let out_dir = root.join("output");
    let o = out_dir.to_str().unwrap();
    let plan = root.join("content/plan.yaml");
    let people = root.join("content/people.yaml");
    let tasks = root.join("content/tasks.yaml");

    // 1.0.0 as a draft.
    edit(&plan, "status: review", "status: draft");
    assert!(build(&root).status.success());

    // Sign-offs recorded, 1.0.0 approved.
    edit(&plan, "status: draft", "status: approved");
    let refused = migplan(&["check", "--root", r, "--as-of", AS_OF]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains("lacks an approved sign-off from: Lead Engineer"),
        "{}",
        text(&refused.stderr)
    );
    edit(
        &people,
        "signoffs:\n",
        "signoffs:\n  - by: engineer\n    version: 1.0.0\n    decision: approved\n    date: 2026-11-21\n",
    );
    let out = build(&root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out_dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["versions"]["1.0.0"]["status"], "approved");
    let archived = tree(&out_dir);

    // The same content again: a no-op that leaves every byte alone.
    let out = build(&root);
    assert!(out.status.success());
    assert!(
        text(&out.stderr).contains("nothing to write"),
        "{}",
        text(&out.stderr)
    );
    same(&tree(&out_dir), &archived);

    // Changing an approved version is refused; output untouched.
    edit(&tasks, "title: Order hardware", "title: Order the hardware");
    let out = build(&root);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("version 1.0.0 is approved and archived with content"),
        "{err}"
    );
    assert!(err.contains("give the plan a new version"), "{err}");
    same(&tree(&out_dir), &archived);
    edit(&tasks, "title: Order the hardware", "title: Order hardware");

    // 1.1.0: the migration moves a week, one task is added.
    edit(&plan, "version: 1.0.0", "version: 1.1.0");
    edit(&plan, "status: approved", "status: draft");
    edit(&plan, "migration: 2027-01-16", "migration: 2027-01-23");
    edit(
        &people,
        "    summary: First version.\n",
        "    summary: First version.\n  - version: 1.1.0\n    date: 2026-11-22\n    author: Project Manager\n    summary: Migration a week later; hardware check added.\n",
    );
    fs::write(
        root.join("content/extra-tasks.yaml"),
        "tasks:\n  - id: check-hardware\n    title: Check the delivered hardware\n    phase: Planning\n    owner: Tech\n    due: 6 weeks before migration\n",
    )
    .unwrap();
    let out = build(&root);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let diff = migplan(&["diff", "--out", o, "1.0.0", "1.1.0"]);
    assert!(diff.status.success(), "{}", text(&diff.stderr));
    let d = text(&diff.stdout);
    assert!(
        d.contains("+ check-hardware: Check the delivered hardware"),
        "{d}"
    );
    assert!(
        d.contains("migration date: Sat 16 Jan 2027 -> Sat 23 Jan 2027"),
        "{d}"
    );
    // 8 weeks before: Fri 20 Nov 2026 -> Fri 27 Nov 2026 (Sat 28 Nov moved back).
    assert!(
        d.contains("schedule-migration due: Fri 20 Nov 2026 -> Fri 27 Nov 2026"),
        "{d}"
    );
    // Revisions, in the same words.
    assert!(d.contains("Revisions\n  + 1.1.0"), "{d}");
    assert!(!d.contains("Tasks removed"), "{d}");

    // The site of 1.1.0 has the change summary with old and new dates.
    let page = fs::read_to_string(out_dir.join("1.1.0/changes.html")).unwrap();
    assert!(
        page.contains("Check the delivered hardware"),
        "new task listed"
    );
    assert!(
        page.contains("<time datetime=\"2027-01-16\">Sat 16 Jan 2027</time>"),
        "old migration date"
    );
    assert!(
        page.contains("<time datetime=\"2027-01-23\">Sat 23 Jan 2027</time>"),
        "new migration date"
    );
    // The approved 1.0.0 says it is still the plan of record; its PDF is unchanged.
    let v1 = fs::read_to_string(out_dir.join("1.0.0/index.html")).unwrap();
    assert!(
        v1.contains("This approved version is the current plan of record"),
        "approved notice"
    );
    let (pdf_path, pdf_bytes) = archived
        .iter()
        .find(|(p, _)| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    assert!(
        fs::read(pdf_path).unwrap() == *pdf_bytes,
        "an archived PDF never changes"
    );
    // ... and the 1.1.0 PDF has the change section.
    let pdf = fs::read(out_dir.join("1.1.0/fixture-plan-1.1.0.pdf")).unwrap();
    let pdf_text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    assert!(
        pdf_text.contains("Changes since version 1.0.0"),
        "PDF change section"
    );
    assert!(pdf_text.contains("Check the delivered hardware"));

    let v = migplan(&["verify", "--out", o]);
    assert!(v.status.success(), "{}{}", text(&v.stdout), text(&v.stderr));

    // Flip one byte in an archived PDF: verify names it and fails.
    let victim = out_dir.join("1.0.0/fixture-plan-1.0.0.pdf");
    let mut bytes = fs::read(&victim).unwrap();
    bytes[100] ^= 1;
    fs::write(&victim, bytes).unwrap();
    let v = migplan(&["verify", "--out", o]);
    assert_eq!(v.status.code(), Some(1));
    assert!(
        text(&v.stdout).contains("changed: 1.0.0/fixture-plan-1.0.0.pdf"),
        "{}",
        text(&v.stdout)
    );

    // A file added by hand is reported too.
    fs::write(out_dir.join("1.1.0/extra.txt"), "x").unwrap();
    let v = migplan(&["verify", "--out", o]);
    assert!(
        text(&v.stdout).contains("unlisted: 1.1.0/extra.txt"),
        "{}",
        text(&v.stdout)
    );
    let _ = fs::remove_dir_all(&root);
}

/// The content hash of the version built last into `output/`.
fn built_hash(root: &Path, version: &str) -> String {
    let m: serde_json::Value =
        serde_json::from_slice(&fs::read(root.join("output/manifest.json")).unwrap()).unwrap();
    m["versions"][version]["content_hash"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn signoffs_bound_to_the_hash_the_signers_saw() {
    let root = project("bound");
    let r = root.to_str().unwrap();
    // Reviewers read version 1.0.0 and note its hash.
    assert!(build(&root).status.success());
    let seen = built_hash(&root, "1.0.0");
    let short = &seen[..12];
    let overview = fs::read_to_string(root.join("output/1.0.0/index.html")).unwrap();
    assert!(
        overview.contains(short),
        "the overview shows the short hash"
    );

    // Their sign-offs go into a file of their own; the plan is marked approved.
    fs::write(
        root.join("content/signoffs.yaml"),
        format!(
            "signoffs:\n  - by: engineer\n    version: 1.0.0\n    decision: approved\n    date: 2026-11-21\n    hash: {short}\n"
        ),
    )
    .unwrap();
    edit(
        &root.join("content/plan.yaml"),
        "status: review",
        "status: approved",
    );
    let out = build(&root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        built_hash(&root, "1.0.0"),
        seen,
        "recording approval kept the hash"
    );

    // A later edit makes the recorded hash stale: the sign-off stops counting.
    fs::remove_dir_all(root.join("output")).unwrap();
    edit(
        &root.join("content/tasks.yaml"),
        "title: Order hardware",
        "title: Order the hardware",
    );
    let out = migplan(&["check", "--root", r, "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("sign-off by `engineer` is stale"), "{err}");
    assert!(
        err.contains("Lead Engineer (stale: signed other content)"),
        "{err}"
    );
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn hash_in_a_mixed_file_is_a_warning() {
    let root = project("mixed");
    edit(
        &root.join("content/people.yaml"),
        "signoffs:\n",
        "signoffs:\n  - by: engineer\n    version: 1.0.0\n    decision: approved\n    date: 2026-11-21\n    hash: 0123456789ab\n",
    );
    let out = migplan(&["check", "--root", root.to_str().unwrap(), "--as-of", AS_OF]);
    let err = text(&out.stderr);
    assert!(err.contains("must be kept in a file of its own"), "{err}");
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn verify_without_a_build_is_a_usage_error() {
    let root = project("noverify");
    let out = migplan(&["verify", "--out", root.join("output").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("nothing to verify"));
    let _ = fs::remove_dir_all(&root);
}

/// `diff` reports risks, task notes and revisions, in three formats, and
/// reads only a verified archive.
#[test]
fn diff_reports_risks_notes_and_revisions_in_three_formats() {
    let root = project("diff-formats");
    fs::write(
        root.join("content/risks.yaml"),
        "risks:\n  - id: vendor-late\n    title: The vendor delivers the conversion late\n    likelihood: medium\n    impact: high\n    owner: Project Manager\n    mitigation: Book the vendor early.\n    status: open\n",
    )
    .unwrap();
    assert!(build(&root).status.success());
    edit(
        &root.join("content/plan.yaml"),
        "version: 1.0.0",
        "version: 1.1.0",
    );
    edit(
        &root.join("content/risks.yaml"),
        "likelihood: medium",
        "likelihood: high",
    );
    edit(
        &root.join("content/tasks.yaml"),
        "    title: Order hardware\n",
        "    title: Order hardware\n    notes: Two spare disks.\n",
    );
    edit(
        &root.join("content/people.yaml"),
        "    summary: First version.\n",
        "    summary: First version.\n  - version: 1.1.0\n    date: 2026-11-22\n    author: Project Manager\n    summary: Risk raised.\n",
    );
    let out = build(&root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let o = root.join("output");
    let o = o.to_str().unwrap();

    let t = text(&migplan(&["diff", "--out", o, "1.0.0", "1.1.0"]).stdout);
    assert!(
        t.contains("Risks\n  vendor-late likelihood: medium -> high"),
        "{t}"
    );
    assert!(
        t.contains("order-hardware notes: — -> Two spare disks."),
        "{t}"
    );
    assert!(t.contains("Revisions\n  + 1.1.0"), "{t}");

    let md = text(&migplan(&["diff", "--out", o, "1.0.0", "1.1.0", "--format", "markdown"]).stdout);
    assert!(
        md.starts_with("## Changes from version 1.0.0 to version 1.1.0"),
        "{md}"
    );
    assert!(
        md.contains("### Risks\n\n- vendor-late likelihood: medium -> high"),
        "{md}"
    );

    let js = migplan(&["diff", "--out", o, "1.0.0", "1.1.0", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&js.stdout).expect("JSON");
    assert_eq!(v["risks"][0]["new"], "high");
    assert_eq!(v["revisions"][0]["field"], "added");

    let missing = migplan(&["diff", "--out", o, "1.0.0", "9.9.9"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("versions there: 1.0.0, 1.1.0"));

    fs::write(root.join("output/1.0.0/plan.json"), "{}").unwrap();
    let tampered = migplan(&["diff", "--out", o, "1.0.0", "1.1.0"]);
    assert_eq!(
        tampered.status.code(),
        Some(1),
        "{}",
        text(&tampered.stderr)
    );
    assert!(text(&tampered.stderr).contains("does not verify"));
    let _ = fs::remove_dir_all(&root);
}
