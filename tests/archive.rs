//! The archive against an attacker and against time, through the real
//! binary: every way found to rewrite `output/` behind `verify`'s back ends
//! in an error with nothing changed; the root hash proves the history; an
//! archive written by the format-1 migplan still verifies and is upgraded
//! with a logged step.

use std::collections::BTreeMap;
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

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walk(from) {
        let rel = e.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(&e, &dest).unwrap();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let m = fs::symlink_metadata(&p).unwrap();
            if m.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every file under `dir` (links as their target's path), for "nothing
/// changed" checks.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walk(dir)
        .into_iter()
        .map(|p| {
            let m = fs::symlink_metadata(&p).unwrap();
            let bytes = if m.file_type().is_symlink() {
                fs::read_link(&p)
                    .unwrap()
                    .to_string_lossy()
                    .as_bytes()
                    .to_vec()
            } else {
                fs::read(&p).unwrap()
            };
            (p.strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-archive-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base"),
        &dir.join("content"),
    );
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

fn build_ok(root: &Path) -> String {
    let o = build(root);
    assert!(o.status.success(), "build failed:\n{}", text(&o));
    text(&o)
}

fn verify(root: &Path, extra: &[&str]) -> Output {
    let out = root.join("output");
    let mut args = vec!["verify", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    migplan(&args)
}

fn root_hash(build_output: &str) -> String {
    build_output
        .lines()
        .find_map(|l| l.strip_prefix("migplan: archive root "))
        .expect("build prints the root")
        .trim()
        .to_string()
}

/// Status `approved`, with the second signer's sign-off.
fn approve(root: &Path) {
    edit(
        &root.join("content/plan.yaml"),
        "status: review",
        "status: approved",
    );
    fs::write(
        root.join("content/signoffs.yaml"),
        "signoffs:\n  - by: engineer\n    version: 1.0.0\n    decision: approved\n    date: 2026-11-20\n",
    )
    .unwrap();
}

/// 1.0.0 approved, then 1.1.0 in review: the usual life of a plan.
fn approved_then_next(name: &str) -> PathBuf {
    let root = project(name);
    approve(&root);
    build_ok(&root);
    edit(
        &root.join("content/plan.yaml"),
        "status: approved",
        "status: review",
    );
    edit(
        &root.join("content/plan.yaml"),
        "version: 1.0.0",
        "version: 1.1.0",
    );
    edit(
        &root.join("content/plan.yaml"),
        "migration: 2027-01-16",
        "migration: 2027-01-23",
    );
    build_ok(&root);
    assert!(verify(&root, &[]).status.success());
    root
}

/// A refused build: exit 1, a message, and `output/` exactly as before.
fn refused(root: &Path, expect_in_message: &str) {
    let before = snapshot(&root.join("output"));
    let o = build(root);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains(expect_in_message), "{}", text(&o));
    assert!(text(&o).contains("nothing was written"), "{}", text(&o));
    let after = snapshot(&root.join("output"));
    let differ: Vec<&PathBuf> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(differ.is_empty(), "output/ changed: {differ:?}");
}

fn manifest(root: &Path, rel: &str) -> serde_json::Value {
    serde_json::from_slice(&fs::read(root.join("output").join(rel)).unwrap()).unwrap()
}

fn write_json(root: &Path, rel: &str, v: &serde_json::Value) {
    let mut bytes = serde_json::to_vec_pretty(v).unwrap();
    bytes.push(b'\n');
    fs::write(root.join("output").join(rel), bytes).unwrap();
}

fn sha256(bytes: &[u8]) -> String {
    migplan::hash::sha256_hex(bytes)
}

/// A PDF's bytes and every stream's decoded content (object streams,
/// page contents, embedded files): what a search of a PDF must cover, now
/// that most objects are compressed.
fn pdf_everything(pdf: &[u8]) -> Vec<u8> {
    let mut all = pdf.to_vec();
    let doc = lopdf::Document::load_mem(pdf).expect("lopdf reads the PDF");
    for object in doc.objects.values() {
        if let Ok(stream) = object.as_stream() {
            match stream.decompressed_content() {
                Ok(bytes) => all.extend_from_slice(&bytes),
                Err(_) => all.extend_from_slice(&stream.content),
            }
        }
        all.extend_from_slice(format!("{object:?}").as_bytes());
    }
    all
}

// 1. A version's own manifest, or a journal, no longer excuses a change.
#[test]
fn a_rewritten_version_manifest_is_caught() {
    let root = approved_then_next("own-manifest");
    let page = root.join("output/1.0.0/schedule.html");
    let forged = b"<p>forged</p>".to_vec();
    fs::write(&page, &forged).unwrap();
    let mut m = manifest(&root, "1.0.0/manifest.json");
    m["files"]["schedule.html"] =
        serde_json::json!({"size": forged.len(), "sha256": sha256(&forged)});
    write_json(&root, "1.0.0/manifest.json", &m);
    let v = verify(&root, &[]);
    assert_eq!(v.status.code(), Some(1), "{}", text(&v));
    assert!(
        text(&v).contains("1.0.0/manifest.json (it disagrees"),
        "{}",
        text(&v)
    );
    assert!(
        text(&v).contains("changed: 1.0.0/schedule.html"),
        "{}",
        text(&v)
    );
    refused(&root, "does not verify");
}

#[test]
fn a_hand_written_journal_excuses_nothing() {
    let root = approved_then_next("journal");
    fs::write(root.join("output/index.html"), "<p>forged index</p>").unwrap();
    // The old journal format: a copy of the manifest naming the new file.
    let mut m = manifest(&root, "manifest.json");
    m["files"]["index.html"] =
        serde_json::json!({"size": 19, "sha256": sha256(b"<p>forged index</p>")});
    write_json(&root, ".migplan-pending.json", &m);
    let v = verify(&root, &[]);
    assert_eq!(v.status.code(), Some(1), "{}", text(&v));
    assert!(text(&v).contains("changed: index.html"), "{}", text(&v));
    assert!(text(&v).contains("fits no state"), "{}", text(&v));
    // A journal of the right shape that starts from the root but breaks the
    // rules (changes the approved version's PDF) is refused too.
    let root_now = manifest(&root, "manifest.json")["root"]
        .as_str()
        .unwrap()
        .to_string();
    let mut record = manifest(&root, "1.0.0/manifest.json");
    record["files"]["fixture-plan-1.0.0.pdf"]["sha256"] = serde_json::json!("0".repeat(64));
    let journal = serde_json::json!({
        "format": 2, "base_root": root_now, "files": {},
        "entries": [{"seq": 4, "event": "notice", "version": "1.0.0", "previous_root": root_now,
                     "record": record, "hash": "0".repeat(64)}]
    });
    write_json(&root, ".migplan-pending.json", &journal);
    fs::write(
        root.join("output/index.html"),
        fs::read(root.join("output/latest/index.html")).unwrap(),
    )
    .unwrap();
    let v = verify(&root, &[]);
    assert_eq!(v.status.code(), Some(1), "{}", text(&v));
    assert!(text(&v).contains("fits no state"), "{}", text(&v));
}

// 2. The log, not the folder, says what was approved.
#[test]
fn an_approved_version_is_never_replaced_whatever_its_folder_says() {
    let root = approved_then_next("bypass");
    // Back to 1.0.0 with other content.
    edit(
        &root.join("content/plan.yaml"),
        "version: 1.1.0",
        "version: 1.0.0",
    );
    refused(&root, "is approved and archived");
    // Its manifest deleted: the archive does not verify, nothing is built.
    fs::remove_file(root.join("output/1.0.0/manifest.json")).unwrap();
    refused(&root, "missing: 1.0.0/manifest.json");
    // Its manifest saying draft: the same.
    let m = manifest(&root, "1.1.0/manifest.json");
    let mut forged = manifest(&root, "manifest.json")["versions"]["1.0.0"].clone();
    forged["status"] = serde_json::json!("draft");
    write_json(&root, "1.0.0/manifest.json", &forged);
    refused(&root, "does not verify");
    let _ = m;
}

// 3. A build never launders tampering and never follows a link.
#[cfg(unix)]
#[test]
fn the_next_build_refuses_a_tampered_archive_and_links() {
    let root = approved_then_next("launder");
    let outside = root.join("secret.txt");
    fs::write(&outside, "outside the project").unwrap();
    fs::write(root.join("output/1.0.0/schedule.html"), "<p>tampered</p>").unwrap();
    fs::remove_file(root.join("output/1.0.0/schedule.csv")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("output/1.0.0/schedule.csv")).unwrap();
    let v = verify(&root, &[]);
    assert_eq!(v.status.code(), Some(1));
    assert!(
        text(&v).contains("1.0.0/schedule.csv (a symbolic link"),
        "{}",
        text(&v)
    );
    edit(
        &root.join("content/plan.yaml"),
        "version: 1.1.0",
        "version: 1.2.0",
    );
    refused(&root, "does not verify");
    assert_eq!(verify(&root, &[]).status.code(), Some(1));
    // A version folder that is a link is refused as well.
    let root2 = approved_then_next("launder-dir");
    let elsewhere = root2.join("elsewhere");
    fs::rename(root2.join("output/1.1.0"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, root2.join("output/1.1.0")).unwrap();
    let v = verify(&root2, &[]);
    assert_eq!(v.status.code(), Some(1));
    assert!(text(&v).contains("1.1.0 (a symbolic link"), "{}", text(&v));
}

// 4. Only the plan's sources are published.
#[test]
fn private_files_in_content_are_not_embedded() {
    let root = project("private");
    fs::write(root.join("content/creds.txt"), "admin:hunter2\n").unwrap();
    fs::write(
        root.join("content/patients.csv"),
        "name,dob\nAda,1815-12-10\n",
    )
    .unwrap();
    fs::write(
        root.join("content/id_rsa"),
        "-----BEGIN OPENSSH PRIVATE KEY-----\nxx\n",
    )
    .unwrap();
    let out = build_ok(&root);
    for f in ["creds.txt", "patients.csv", "id_rsa"] {
        assert!(
            out.contains(&format!("content/{f}: warning: not a plan source")),
            "{f}: {out}"
        );
    }
    let pdf = pdf_everything(&fs::read(root.join("output/1.0.0/fixture-plan-1.0.0.pdf")).unwrap());
    // The test itself would notice: an embedded plan source is found.
    assert!(
        pdf.windows(b"Plan source content/plan.yaml".len())
            .any(|w| w == b"Plan source content/plan.yaml"),
        "the sources are not where this test looks"
    );
    for needle in [
        &b"hunter2"[..],
        b"creds.txt",
        b"patients.csv",
        b"id_rsa",
        b"1815-12-10",
    ] {
        assert!(
            !pdf.windows(needle.len()).any(|w| w == needle),
            "{} is in the PDF",
            String::from_utf8_lossy(needle)
        );
    }
    for f in walk(&root.join("output")) {
        let bytes = fs::read(&f).unwrap();
        assert!(
            !bytes.windows(7).any(|w| w == b"hunter2"),
            "{}",
            f.display()
        );
    }
}

#[cfg(unix)]
#[test]
fn a_content_folder_that_is_a_link_is_refused() {
    let root = project("content-link");
    fs::rename(root.join("content"), root.join("real")).unwrap();
    std::os::unix::fs::symlink(root.join("real"), root.join("content")).unwrap();
    let o = build(&root);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("content/ is a symbolic link"),
        "{}",
        text(&o)
    );
    assert!(!root.join("output").exists());
}

// 5. The output folder cannot be a source folder or someone else's folder.
#[test]
fn out_among_the_sources_or_in_a_foreign_folder_is_refused() {
    let root = project("out");
    let before = snapshot(&root.join("content"));
    for out in ["content", "content/sub", "themes/x"] {
        let o = migplan(&[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--out",
            root.join(out).to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1), "{out}: {}", text(&o));
        assert!(
            text(&o).contains("cannot be among the plan's sources"),
            "{}",
            text(&o)
        );
    }
    assert!(
        before == snapshot(&root.join("content")),
        "content/ changed"
    );
    assert!(!root.join("content/sub").exists() && !root.join("themes").exists());
    let foreign = root.join("docs");
    fs::create_dir_all(&foreign).unwrap();
    fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let o = migplan(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--out",
        foreign.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("holds no migplan archive"),
        "{}",
        text(&o)
    );
    assert_eq!(fs::read_dir(&foreign).unwrap().count(), 1);
    // An empty folder, or a new one, is fine.
    let empty = root.join("empty");
    fs::create_dir_all(&empty).unwrap();
    let o = migplan(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--out",
        empty.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
}

// 6. Section pages never overwrite each other.
#[test]
fn section_pages_with_the_same_name_stay_apart() {
    let root = project("sections");
    for (rel, body) in [
        ("a.md", "Top level a."),
        ("sections/a.md", "Sections a."),
        ("sections/sections/a.md", "Deep a."),
        ("sections/A.md", "Capital A."),
    ] {
        let p = root.join("content").join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        let title = body.trim_end_matches('.');
        fs::write(&p, format!("---\ntitle: {title}\n---\n{body}\n")).unwrap();
    }
    build_ok(&root);
    let pages: Vec<String> = walk(&root.join("output/1.0.0/sections"))
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    for body in ["Top level a.", "Sections a.", "Deep a.", "Capital A."] {
        assert_eq!(
            pages.iter().filter(|p| p.contains(body)).count(),
            1,
            "{body} is not on exactly one page"
        );
    }
    let lower: std::collections::BTreeSet<String> = walk(&root.join("output/1.0.0/sections"))
        .iter()
        .map(|p| p.to_string_lossy().to_lowercase())
        .collect();
    assert_eq!(lower.len(), pages.len(), "two pages differ only in case");
}

// 8. Two builds at once: one waits for the other.
#[test]
fn concurrent_builds_take_turns() {
    let root = project("concurrent");
    build_ok(&root);
    edit(
        &root.join("content/plan.yaml"),
        "version: 1.0.0",
        "version: 1.1.0",
    );
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_migplan"))
            .env("NO_COLOR", "1")
            .args(["build", "--root", root.to_str().unwrap(), "--as-of", AS_OF])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let children: Vec<_> = (0..4).map(|_| spawn()).collect();
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", text(&o));
    }
    let v = verify(&root, &[]);
    assert!(v.status.success(), "{}", text(&v));
}

// The root hash: printed by build, checked by verify --expect.
#[test]
fn the_root_hash_proves_the_history() {
    let root = project("root");
    approve(&root);
    let first = root_hash(&build_ok(&root));
    let v = verify(&root, &["--expect", &first]);
    assert!(v.status.success(), "{}", text(&v));
    assert!(text(&v).contains("is the expected"), "{}", text(&v));

    // The archive grows: the old root is still in its history.
    edit(
        &root.join("content/plan.yaml"),
        "status: approved",
        "status: review",
    );
    edit(
        &root.join("content/plan.yaml"),
        "version: 1.0.0",
        "version: 1.1.0",
    );
    let second = root_hash(&build_ok(&root));
    assert_ne!(first, second);
    let v = verify(&root, &["--expect", &first]);
    assert!(v.status.success(), "{}", text(&v));
    assert!(text(&v).contains("has grown since"), "{}", text(&v));
    let v = verify(&root, &[]);
    let chain = text(&v);
    assert!(chain.contains("chain of 3 entries"), "{chain}");
    assert!(chain.contains(&first) && chain.contains(&second), "{chain}");

    // A consistent rewrite of the whole manifest (the approved PDF replaced,
    // every hash recomputed by hand) passes a plain verify at best, never
    // --expect: simulate it by rewriting the first entry's build date.
    let mut m = manifest(&root, "manifest.json");
    m["log"][0]["record"]["build_date"] = serde_json::json!("2026-01-01");
    write_json(&root, "manifest.json", &m);
    let v = verify(&root, &["--expect", &first]);
    assert_eq!(v.status.code(), Some(1), "{}", text(&v));
    assert!(text(&v).contains("was edited"), "{}", text(&v));

    let v = verify(&root, &["--expect", "abc"]);
    assert_eq!(v.status.code(), Some(2), "{}", text(&v));
    let v = verify(&root, &["--expect", &"0".repeat(64)]);
    assert_eq!(v.status.code(), Some(1));
    assert!(
        text(&v).contains("is not in this archive's history"),
        "{}",
        text(&v)
    );
}

// The PDF names the hash of the sources it embeds, as the manifest does.
#[test]
fn the_pdf_carries_its_sources_hash() {
    let root = project("sources-hash");
    build_ok(&root);
    let m = manifest(&root, "1.0.0/manifest.json");
    let h = m["sources_sha256"].as_str().unwrap().to_string();
    assert_eq!(h.len(), 64);
    assert_eq!(m["document"], "fixture-plan-1.0.0.pdf");
    let pdf = fs::read(root.join("output/1.0.0/fixture-plan-1.0.0.pdf")).unwrap();
    let xmp_key = format!("migplan-sources-sha256:{h}");
    assert!(
        pdf.windows(xmp_key.len()).any(|w| w == xmp_key.as_bytes()),
        "the XMP metadata lacks {xmp_key}"
    );
    let text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    assert!(
        text.contains("Embedded sources"),
        "document control lacks the line"
    );
    assert!(text.contains(&h[..16]), "document control lacks the hash");
}

// Archives written by the format-1 migplan.
#[test]
fn a_format_1_archive_verifies_and_is_upgraded_with_a_logged_step() {
    let root = std::env::temp_dir().join(format!("migplan-archive-v1-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archive-v1"),
        &root,
    );
    let v = verify(&root, &[]);
    assert!(v.status.success(), "{}", text(&v));
    assert!(text(&v).contains("format 1"), "{}", text(&v));
    let v = verify(&root, &["--expect", &"0".repeat(64)]);
    assert_eq!(v.status.code(), Some(1), "{}", text(&v));

    // Tampering is still caught in the old format.
    let page = root.join("output/1.0.0/index.html");
    let good = fs::read(&page).unwrap();
    fs::write(&page, "<p>forged</p>").unwrap();
    assert_eq!(verify(&root, &[]).status.code(), Some(1));
    refused(&root, "does not verify");
    fs::write(&page, good).unwrap();

    // The approved 1.0.0 of the old archive cannot be replaced.
    edit(
        &root.join("content/plan.yaml"),
        "version: 1.1.0",
        "version: 1.0.0",
    );
    refused(&root, "is approved and archived");
    edit(
        &root.join("content/plan.yaml"),
        "version: 1.0.0",
        "version: 1.2.0",
    );
    let out = build_ok(&root);
    assert!(out.contains("upgraded"), "{out}");
    assert!(out.contains("from format 1 to format 2"), "{out}");
    let m = manifest(&root, "manifest.json");
    assert_eq!(m["format"], 2);
    assert_eq!(m["log"][0]["event"], "adopt");
    assert_eq!(m["log"][0]["version"], "1.0.0");
    assert_eq!(m["log"][1]["version"], "1.1.0");
    let v = verify(&root, &[]);
    assert!(v.status.success(), "{}", text(&v));
    let v = verify(&root, &["--expect", &root_hash(&out)]);
    assert!(v.status.success(), "{}", text(&v));
    // The approved PDF did not change in the upgrade.
    let fixture_pdf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/archive-v1/output/1.0.0/fixture-plan-1.0.0.pdf");
    assert_eq!(
        fs::read(fixture_pdf).unwrap(),
        fs::read(root.join("output/1.0.0/fixture-plan-1.0.0.pdf")).unwrap()
    );
}

#[test]
fn unlisted_files_at_the_top_are_caught() {
    let root = project("top");
    build_ok(&root);
    fs::write(root.join("output/evil.html"), "<script>alert(1)</script>").unwrap();
    let v = verify(&root, &[]);
    assert_eq!(v.status.code(), Some(1), "{}", text(&v));
    assert!(text(&v).contains("unlisted: evil.html"), "{}", text(&v));
}

// Issue 10's archive side: an approved version's pages follow what is
// recorded after approval; its Solution Document never changes.
#[test]
fn a_status_build_of_an_approved_version_keeps_its_pdf() {
    let root = project("status-build");
    approve(&root);
    build_ok(&root);
    let pdf = root.join("output/1.0.0/fixture-plan-1.0.0.pdf");
    let before = fs::read(&pdf).unwrap();
    let json_before = fs::read(root.join("output/1.0.0/plan.json")).unwrap();
    let page_before = fs::read_to_string(root.join("output/1.0.0/signoff.html")).unwrap();
    // A later sign-off (sign-off files are outside the content hash).
    let signoffs = root.join("content/signoffs.yaml");
    let mut text_now = fs::read_to_string(&signoffs).unwrap();
    text_now.push_str("  - by: engineer\n    version: 1.0.0\n    decision: approved\n    date: 2026-11-21\n    comment: Confirmed after the walkthrough.\n");
    fs::write(&signoffs, text_now).unwrap();
    let out = build_ok(&root);
    assert!(out.contains("built version 1.0.0"), "{out}");
    assert!(
        fs::read(&pdf).unwrap() == before,
        "the approved PDF changed"
    );
    assert_eq!(
        fs::read(root.join("output/1.0.0/plan.json")).unwrap(),
        json_before
    );
    let page_after = fs::read_to_string(root.join("output/1.0.0/signoff.html")).unwrap();
    assert_ne!(page_before, page_after, "the sign-off page did not follow");
    assert!(page_after.contains("Confirmed after the walkthrough."));
    let v = verify(&root, &[]);
    assert!(v.status.success(), "{}", text(&v));
    assert!(text(&v).contains("status updated"), "{}", text(&v));
    // The same again: nothing to write.
    let again = build_ok(&root);
    assert!(again.contains("nothing to write"), "{again}");
}

#[test]
fn theme_files_are_embedded_and_checked_for_secrets() {
    let root = project("theme-secrets");
    edit(
        &root.join("content/plan.yaml"),
        "  strategy: big-bang\n",
        "  strategy: big-bang\n  theme: mine\n",
    );
    let css = root.join("themes/mine/static/extra.css");
    fs::create_dir_all(css.parent().unwrap()).unwrap();
    fs::write(
        &css,
        "/* deploy password: hunter2 */\nbody { color: #111; }\n",
    )
    .unwrap();
    let out = build_ok(&root);
    assert!(
        out.contains("themes/mine/static/extra.css:1:"),
        "no secrets warning in the theme file: {out}"
    );
    let pdf = fs::read(root.join("output/1.0.0/fixture-plan-1.0.0.pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let mut names = Vec::new();
    for (_, obj) in doc.objects.iter() {
        if let Ok(dict) = obj.as_dict()
            && dict.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"Filespec".as_slice())
        {
            let name = dict.get(b"UF").or_else(|_| dict.get(b"F")).unwrap();
            names.push(lopdf::decode_text_string(name).unwrap());
        }
    }
    names.sort();
    assert!(
        names.contains(&"themes/mine/static/extra.css".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"content/plan.yaml".to_string()),
        "{names:?}"
    );
}

/// One RFC 4180 line (no newlines inside fields in these tests) -> fields.
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') => quoted = true,
            (false, ',') => fields.push(String::new()),
            (_, c) => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

fn csv_row(root: &Path, version: &str, id: &str) -> BTreeMap<String, String> {
    let csv = fs::read_to_string(root.join("output").join(version).join("schedule.csv")).unwrap();
    let mut lines = csv.lines();
    let header = csv_fields(lines.next().unwrap());
    let row = lines
        .map(csv_fields)
        .find(|f| f.contains(&id.to_string()))
        .unwrap_or_else(|| panic!("no row for {id} in\n{csv}"));
    header.into_iter().zip(row).collect()
}

fn build_as_of(root: &Path, as_of: &str) -> String {
    let o = migplan(&["build", "--root", root.to_str().unwrap(), "--as-of", as_of]);
    assert!(o.status.success(), "build as of {as_of}:\n{}", text(&o));
    text(&o)
}

/// Issue 10's loop through the binary: approve 1.0.0 with hashed sign-offs,
/// record progress over several as-of dates (by `migplan start` and by
/// hand), rebuild each time; then publish 1.1.0 with a moved milestone.
#[test]
fn the_plan_in_motion_keeps_approval_pdf_and_reports() {
    let root = project("in-motion");
    let r = root.to_str().unwrap();
    build_ok(&root);
    let hash = manifest(&root, "manifest.json")["versions"]["1.0.0"]["content_hash"]
        .as_str()
        .unwrap()
        .to_string();
    edit(
        &root.join("content/plan.yaml"),
        "status: review",
        "status: approved",
    );
    fs::write(
        root.join("content/signoffs.yaml"),
        format!("signoffs:\n  - by: engineer\n    version: 1.0.0\n    decision: approved\n    date: 2026-11-20\n    hash: {}\n", &hash[..16]),
    )
    .unwrap();
    let out = build_as_of(&root, "2026-11-22");
    assert!(!out.contains("stale"), "{out}");
    let pdf_path = root.join("output/1.0.0/fixture-plan-1.0.0.pdf");
    let approved_pdf = fs::read(&pdf_path).unwrap();

    // Progress by the command line, then a build a few days later.
    let o = migplan(&[
        "start",
        "order-hardware",
        "--root",
        r,
        "--on",
        "2026-11-23",
        "--by",
        "engineer",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let out = build_as_of(&root, "2026-11-24");
    assert!(
        !out.contains("stale"),
        "progress made a sign-off stale:\n{out}"
    );
    assert!(
        fs::read(&pdf_path).unwrap() == approved_pdf,
        "the approved PDF changed"
    );
    let report = root.join("output/1.0.0/status/2026-11-24.html");
    let report_pdf = root.join("output/1.0.0/status/2026-11-24.pdf");
    let (first_html, first_pdf) = (fs::read(&report).unwrap(), fs::read(&report_pdf).unwrap());
    assert!(first_pdf.starts_with(b"%PDF-"));

    // By hand: done a working day late (due Fri 27 Nov, done Mon 30 Nov).
    let progress = root.join("content/progress.yaml");
    let mut p = fs::read_to_string(&progress).unwrap();
    p.push_str("  - task: order-hardware\n    at: 2026-11-30\n    status: done\n    by: engineer\n    note: Delivered Monday.\n");
    fs::write(&progress, p).unwrap();
    let out = build_as_of(&root, "2026-12-01");
    assert!(!out.contains("stale"), "{out}");
    assert!(
        fs::read(&pdf_path).unwrap() == approved_pdf,
        "the approved PDF changed"
    );
    assert!(
        fs::read(&report).unwrap() == first_html,
        "an earlier report changed"
    );
    assert!(
        fs::read(&report_pdf).unwrap() == first_pdf,
        "an earlier report PDF changed"
    );
    let latest = fs::read_to_string(root.join("output/1.0.0/status/2026-12-01.html")).unwrap();
    assert!(
        latest.contains("2026-11-24.html"),
        "the new report lists the earlier one"
    );
    let row = csv_row(&root, "1.0.0", "order-hardware");
    assert_eq!(
        row.get("actual_finish").map(String::as_str),
        Some("2026-11-30"),
        "{row:?}"
    );
    assert_eq!(
        row.get("variance").map(String::as_str),
        Some("1"),
        "{row:?}"
    );
    let v = verify(&root, &[]);
    assert!(v.status.success(), "{}", text(&v));
    assert!(text(&v).contains("status updated"), "{}", text(&v));

    // Going back to an earlier as-of date writes no report.
    let out = build_as_of(&root, "2026-11-30");
    assert!(out.contains("no report is written for 2026-11-30"), "{out}");
    assert!(!root.join("output/1.0.0/status/2026-11-30.html").exists());

    // 1.1.0 moves the migration a week: until it is approved, 1.0.0 is the
    // baseline, and the moved due date is measured against it.
    edit(
        &root.join("content/plan.yaml"),
        "status: approved",
        "status: review",
    );
    edit(
        &root.join("content/plan.yaml"),
        "version: 1.0.0",
        "version: 1.1.0",
    );
    edit(
        &root.join("content/plan.yaml"),
        "migration: 2027-01-16",
        "migration: 2027-01-23",
    );
    build_as_of(&root, "2026-12-02");
    let row = csv_row(&root, "1.1.0", "migrate-data");
    assert_eq!(
        row.get("baseline_due").map(String::as_str),
        Some("2027-01-15"),
        "{row:?}"
    );
    assert_eq!(
        row.get("due").map(String::as_str),
        Some("2027-01-22"),
        "{row:?}"
    );
    assert!(
        fs::read(&pdf_path).unwrap() == approved_pdf,
        "the approved PDF changed"
    );
    assert!(
        fs::read(&report).unwrap() == first_html,
        "a new version changed an old report"
    );
    let v = verify(&root, &[]);
    assert!(v.status.success(), "{}", text(&v));
}

/// Issue 11's "rehearse again": a rehearsal of an archived version whose
/// runbook steps changed since is a warning at the rehearsal.
#[test]
fn a_changed_runbook_asks_for_a_new_rehearsal() {
    let root =
        std::env::temp_dir().join(format!("migplan-archive-rehearse-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &root.join("content"),
    );
    build_ok(&root);
    let r = root.to_str().unwrap();
    // A new version with the same runbook: the rehearsal of 1.2.0 stands.
    edit(
        &root.join("content/plan.yaml"),
        "version: 1.2.0",
        "version: 1.3.0",
    );
    let o = migplan(&["check", "--root", r, "--as-of", AS_OF]);
    assert!(!text(&o).contains("rehearse again"), "{}", text(&o));
    // One step takes longer now: rehearse again, said at the rehearsal.
    edit(
        &root.join("content/runbook.yaml"),
        "duration: 30m",
        "duration: 45m",
    );
    let o = migplan(&["check", "--root", r, "--as-of", AS_OF]);
    let t = text(&o);
    assert!(
        t.contains("changed since version 1.2.0 was rehearsed"),
        "{t}"
    );
    assert!(t.contains("steps changed: "), "{t}");
    assert!(t.contains("rehearse again"), "{t}");
    assert!(t.contains("content/runbook.yaml:"), "{t}");
    let _ = fs::remove_dir_all(&root);
}

/// `latest/` holds the newest version's files as hard links (the same
/// bytes, stored once), which `verify` hashes once; a file of it replaced
/// by another is still caught, and so is one changed in place (then under
/// both of its names).
#[cfg(unix)]
#[test]
fn latest_shares_the_newest_versions_files_and_is_still_checked() {
    use std::os::unix::fs::MetadataExt;
    let root = approved_then_next("linked");
    let out = root.join("output");
    for f in ["plan.json", "index.html", "schedule.csv"] {
        let a = fs::metadata(out.join("1.1.0").join(f)).unwrap();
        let b = fs::metadata(out.join("latest").join(f)).unwrap();
        assert_eq!((a.dev(), a.ino()), (b.dev(), b.ino()), "latest/{f}");
    }
    let v = verify(&root, &[]);
    assert!(v.status.success(), "{}", text(&v));

    // Another file under the same name: the link is broken, the bytes differ.
    let latest_csv = out.join("latest/schedule.csv");
    let mut bytes = fs::read(&latest_csv).unwrap();
    fs::remove_file(&latest_csv).unwrap();
    bytes.extend_from_slice(b"extra,row\n");
    fs::write(&latest_csv, &bytes).unwrap();
    let v = verify(&root, &[]);
    assert!(!v.status.success(), "{}", text(&v));
    assert!(
        text(&v).contains("changed: latest/schedule.csv"),
        "{}",
        text(&v)
    );
    assert!(
        !text(&v).contains("changed: 1.1.0/schedule.csv"),
        "{}",
        text(&v)
    );

    // The same file changed in place: both names report it.
    let root = approved_then_next("linked-in-place");
    let out = root.join("output");
    let mut f = fs::OpenOptions::new()
        .append(true)
        .open(out.join("latest/plan.json"))
        .unwrap();
    std::io::Write::write_all(&mut f, b" ").unwrap();
    drop(f);
    let v = verify(&root, &[]);
    assert!(!v.status.success(), "{}", text(&v));
    for name in ["changed: 1.1.0/plan.json", "changed: latest/plan.json"] {
        assert!(text(&v).contains(name), "{name}:\n{}", text(&v));
    }
}

/// `check` reads the baseline through the archive's log without hashing
/// the whole archive: a file it does not read may be damaged (the next
/// build refuses the archive), the baseline it reads must match its record.
#[test]
fn check_reads_the_baseline_checked_against_the_log() {
    let root = approved_then_next("checked-read");
    let csv = |root: &Path| {
        let o = migplan(&[
            "schedule",
            "--root",
            root.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--format",
            "csv",
        ]);
        assert!(o.status.success(), "{}", text(&o));
        String::from_utf8(o.stdout).unwrap()
    };
    let with_baseline = csv(&root);
    // Damage a page of the approved version: the baseline still reads.
    let page = root.join("output/1.0.0/index.html");
    let mut bytes = fs::read(&page).unwrap();
    bytes.extend_from_slice(b"<!-- edited -->");
    fs::write(&page, bytes).unwrap();
    assert_eq!(csv(&root), with_baseline);
    refused(&root, "1.0.0/index.html");
    // Damage the baseline itself: it is not read.
    let json = root.join("output/1.0.0/plan.json");
    let mut bytes = fs::read(&json).unwrap();
    bytes.insert(bytes.len() - 2, b' ');
    fs::write(&json, bytes).unwrap();
    assert_ne!(csv(&root), with_baseline);
}
