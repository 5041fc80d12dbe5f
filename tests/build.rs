//! `migplan build` through the real binary: what lands in `output/`, that a
//! failed build writes nothing, and that versions live side by side.

#[allow(dead_code)]
#[path = "../examples/gen_plan.rs"]
mod gen_plan;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

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
        "schedule.xlsx",
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
    // `latest/` holds a real copy of the newest version, file for file.
    for f in ["index.html", "schedule.ics", "plan.json"] {
        assert_eq!(
            fs::read(root.join("output/latest").join(f)).unwrap(),
            fs::read(v.join(f)).unwrap(),
            "latest/{f}"
        );
    }
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
        // Dated status reports are snapshots: they keep their notice.
        if path.starts_with("status") {
            assert!(bytes == &v1[path], "{} changed", path.display());
        } else if path.extension().is_some_and(|e| e == "html") {
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
    assert_eq!(
        fs::read(root.join("output/latest/index.html")).unwrap(),
        fs::read(root.join("output/1.1.0/index.html")).unwrap(),
        "latest/ is a copy of 1.1.0"
    );

    // A file added by hand makes the archive fail `verify`: the next build
    // refuses to touch it and says which file.
    fs::write(root.join("output/1.1.0/stale.txt"), "x").unwrap();
    let refused = build(&root);
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("unlisted: 1.1.0/stale.txt"));
    fs::remove_file(root.join("output/1.1.0/stale.txt")).unwrap();
    // Rebuilding 1.1.0 with other content replaces its folder whole.
    edit(
        &root.join("content/plan.yaml"),
        "migration: 2027-01-16",
        "migration: 2027-01-23",
    );
    assert!(build(&root).status.success());
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

/// One side of the determinism test: where and how a build runs.
struct Setting {
    /// The project folder.
    root: PathBuf,
    /// Files are created in reverse order (another directory order).
    reverse: bool,
    /// Modification time given to every content file.
    mtime: SystemTime,
    tz: &'static str,
    locale: &'static str,
    /// `--root .` from inside the project, or an absolute `--root` from `/`.
    relative_root: bool,
    /// Run under `faketime` at this wall-clock time, when it is installed.
    faketime: Option<&'static str>,
}

impl Setting {
    fn write_plan(&self, files: &[(String, String)]) {
        let _ = fs::remove_dir_all(&self.root);
        let content = self.root.join("content");
        let mut order: Vec<&(String, String)> = files.iter().collect();
        if self.reverse {
            order.reverse();
        }
        for (path, text) in order {
            let p = content.join(path);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            if self.reverse {
                // A file created and removed first: another slot order.
                fs::write(p.with_extension("tmp"), "x").unwrap();
            }
            fs::write(&p, text).unwrap();
            if self.reverse {
                fs::remove_file(p.with_extension("tmp")).unwrap();
            }
            fs::File::options()
                .write(true)
                .open(&p)
                .unwrap()
                .set_modified(self.mtime)
                .unwrap();
        }
    }

    fn build(&self) -> Output {
        let faketime = self
            .faketime
            .filter(|_| Path::new("/usr/bin/faketime").is_file());
        let mut c = match faketime {
            Some(at) => {
                let mut c = Command::new("/usr/bin/faketime");
                c.arg(at).arg(env!("CARGO_BIN_EXE_migplan"));
                c
            }
            None => Command::new(env!("CARGO_BIN_EXE_migplan")),
        };
        c.env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH")
            .env("TZ", self.tz)
            .env("LC_ALL", self.locale)
            .env("LANG", self.locale)
            .arg("build");
        if self.relative_root {
            c.current_dir(&self.root).args(["--root", "."]);
        } else {
            c.current_dir("/").arg("--root").arg(&self.root);
        }
        c.args(["--as-of", AS_OF]).output().expect("run migplan")
    }
}

/// The names in each folder of `dir`, in the order the file system lists
/// them.
fn listing_order(dir: &Path) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let mut names = Vec::new();
        let mut subs = Vec::new();
        for e in fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            names.push(e.file_name().to_string_lossy().into_owned());
            if e.file_type().unwrap().is_dir() {
                subs.push(e.path());
            }
        }
        subs.sort();
        stack.extend(subs);
        out.push(names);
    }
    out
}

/// Determinism: the same plan built in two places that differ in every
/// way a build must not depend on (the folder and its file system, the
/// order the content files were created in and so the order the directory
/// lists them, their modification times, the time zone, the locale, a
/// relative or absolute `--root`, the wall-clock time: the builds run in
/// different seconds, and under `faketime` in another year when it is
/// installed) gives byte-identical output trees, every file: HTML, PDF,
/// ICS, CSV, JSON and manifests; for a first version and for a second one
/// (change page, superseded notices).
#[test]
fn builds_are_byte_identical_whatever_the_place_order_zone_and_clock() {
    let files = gen_plan::generate(60);
    let tag = std::process::id();
    let shm = Path::new("/dev/shm");
    let a = Setting {
        root: if shm.is_dir() {
            shm.to_path_buf()
        } else {
            std::env::temp_dir()
        }
        .join(format!("migplan-determinism-a-{tag}")),
        reverse: false,
        mtime: SystemTime::UNIX_EPOCH + Duration::from_secs(978_307_200), // 2001
        tz: "Pacific/Kiritimati",                                         // UTC+14
        locale: "C",
        relative_root: true,
        faketime: None,
    };
    let b = Setting {
        root: std::env::temp_dir().join(format!("migplan-determinism-b-{tag}/a/deeper/folder")),
        reverse: true,
        mtime: SystemTime::UNIX_EPOCH + Duration::from_secs(2_130_000_000), // 2037
        tz: "America/Adak", // UTC-10: never the same date as Kiritimati
        locale: "C.UTF-8",
        relative_root: false,
        faketime: Some("2031-07-15 23:59:58"),
    };
    a.write_plan(&files);
    b.write_plan(&files);
    if listing_order(&a.root.join("content")) == listing_order(&b.root.join("content")) {
        eprintln!("note: both file systems list the content folders in the same order");
    }
    let second_version = |s: &Setting| {
        let plan = s.root.join("content/plan.yaml");
        edit(&plan, "version: 2.1.0", "version: 2.2.0");
        edit(
            &plan,
            "The group moves every site",
            "The group moves each site",
        );
        let people = s.root.join("content/people.yaml");
        let mut t = fs::read_to_string(&people).unwrap();
        t.push_str(
            "  - version: 2.2.0\n    date: 2026-05-20\n    author: Project Manager\n    summary: Second version.\n",
        );
        fs::write(&people, t).unwrap();
    };
    for round in ["2.1.0", "2.2.0"] {
        if round == "2.2.0" {
            second_version(&a);
            second_version(&b);
        }
        let out = a.build();
        assert!(out.status.success(), "{}", text(&out.stderr));
        // Not in the same second as the other build.
        std::thread::sleep(Duration::from_millis(1100));
        let out = b.build();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let ta = snapshot(&a.root.join("output"));
        let tb = snapshot(&b.root.join("output"));
        assert!(
            ta.keys().any(|p| p.extension().is_some_and(|e| e == "pdf")),
            "no PDF built"
        );
        assert_same(&ta, &tb);
    }
    let _ = fs::remove_dir_all(&a.root);
    let _ = fs::remove_dir_all(std::env::temp_dir().join(format!("migplan-determinism-b-{tag}")));
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

/// A copy of `tests/fixtures/<fixture>/content` as a project in a fresh
/// temporary folder.
fn fixture_project(fixture: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-build-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture)
        .join("content");
    let mut stack = vec![from.clone()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let to = dir.join("content").join(p.strip_prefix(&from).unwrap());
            if p.is_dir() {
                stack.push(p);
            } else {
                fs::create_dir_all(to.parent().unwrap()).unwrap();
                fs::copy(&p, to).unwrap();
            }
        }
    }
    dir
}

/// The dense plan (`tests/fixtures/pdf-dense`: long names, big numbers,
/// many owners, a note longer than a page): its PDF's tables keep numbers,
/// dates and words whole, and it shows what the site shows (resources,
/// notes, record counts, freeze lengths, decisions in words).
#[test]
fn pdf_tables_keep_numbers_dates_and_words_whole() {
    let root = fixture_project("pdf-dense", "pdf-dense");
    // First a version 1.0.0 that differs, so 2.0.0 has changes to show.
    let edit = |file: &str, from: &str, to: &str| {
        let p = root.join("content").join(file);
        let s = fs::read_to_string(&p).unwrap();
        assert!(s.contains(from), "{file} has {from:?}");
        fs::write(&p, s.replacen(from, to, 1)).unwrap();
    };
    edit(
        "plan.yaml",
        "version: 2.0.0\n  status",
        "version: 1.0.0\n  status",
    );
    edit(
        "tasks.yaml",
        "due: 3 days before go-live",
        "due: 3 days before go-live\n    status: doing",
    );
    edit("inventory.yaml", "records: 1600000", "records: 1500000");
    let out = build(&root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    edit(
        "plan.yaml",
        "version: 1.0.0\n  status",
        "version: 2.0.0\n  status",
    );
    edit("tasks.yaml", "\n    status: doing", "");
    edit("inventory.yaml", "records: 1500000", "records: 1600000");
    let out = build(&root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The changes page names what changed, in words.
    let page = fs::read_to_string(root.join("output/2.0.0/changes.html")).unwrap();
    let main = &page[page.find("<main").unwrap()..page.find("</main>").unwrap()];
    for needle in [
        "Train registrars",
        "In progress",
        "To do",
        "1,500,000",
        "1,600,000",
    ] {
        assert!(main.contains(needle), "changes page lacks {needle:?}");
    }
    for raw in ["doing", "train-registrars", "1500000"] {
        assert!(!main.contains(raw), "changes page shows raw {raw:?}");
    }
    let pdf = root.join(
        "output/2.0.0/riverbend-unified-school-district-student-information-system-replacement-2.0.0.pdf",
    );
    let bytes = fs::read(&pdf).expect("the PDF is written");
    // lopdf gives each drawn piece of text on a line of its own: a word
    // split across lines shows as two pieces.
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf parses the PDF");
    let pages: Vec<String> = (1..=doc.get_pages().len() as u32)
        .map(|p| doc.extract_text(&[p]).expect("text extracts"))
        .collect();
    let all = pages.join("\n");
    let lines: Vec<&str> = all.lines().map(str::trim).collect();

    // Numbers and dates whole, never "1,600,00" / "0" or "Mon 19 Jul" / "2027".
    for whole in [
        "1,600,000",
        "48,213,907",
        "312,450",
        "Mon 19 Jul 2027",
        "Sat 17 Jul 2027",
        "Fri 11 Jun 2027",
    ] {
        assert!(
            lines.iter().any(|l| l.contains(whole)),
            "{whole:?} is not whole on any line"
        );
    }
    // No piece of "Attendance" on its own ("Attendanc" + "e", "Atten-"):
    // every word that starts like it is it.
    let words: Vec<&str> = lines
        .iter()
        .flat_map(|l| l.split(|c: char| !c.is_alphabetic()))
        .filter(|w| w.to_lowercase().starts_with("atten"))
        .collect();
    assert!(words.len() >= 5, "{words:?}");
    for w in &words {
        assert_eq!(w.to_lowercase(), "attendance", "a split word in {words:?}");
    }
    assert!(lines.contains(&"attendance.office@riverbend.k12.ca.us"));
    assert!(
        !all.contains('\u{a0}'),
        "no-break spaces are drawn as spaces"
    );
    // Sentences below may wrap: compare them with the lines joined.
    let all = lines.join(" ");

    for needle in [
        // Resources and notes of tasks.
        "Resources:",
        "Infinite Campus data conversion guide",
        "Grades not finalized by the end of the year",
        // Record counts: never "(0 records)".
        "Must have (50,126,357 records)",
        "Nice to have (records not counted)",
        // Freeze length with the time zone.
        "16 days 14 hours (America/Chicago)",
        // Sign-off blocks worded by their decision.
        "Approved as the plan of record, version 2.0.0",
        "Changes requested: version 2.0.0 is not approved as the plan of record",
        "Signing approves version 2.0.0 as the plan of record",
        // Changes in words.
        "Train registrars, status: In progress → To do",
        "Daily and period attendance, 2012 onwards, records: 1,500,000 → 1,600,000",
    ] {
        assert!(all.contains(needle), "PDF text lacks {needle:?}");
    }
    assert!(
        !all.contains("0 records"),
        "no zero count for uncounted data"
    );
    assert!(
        !all.contains("Approved as the plan of record, version 2.0.0 Recorded decision: Changes")
    );

    // The note longer than a page runs on over pages, under the header.
    let note = "reconciles every school";
    let on: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].contains(note))
        .collect();
    assert!(on.len() >= 2, "the long row is on pages {on:?}");
    for &i in &on[1..] {
        assert!(
            pages[i].contains("Task"),
            "page {} repeats the header",
            i + 1
        );
    }
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn bidi_controls_reach_neither_the_site_nor_the_pdf() {
    let root = project("bidi");
    edit(
        &root.join("content/people.yaml"),
        "name: Lead Engineer",
        "name: Lead \u{202e}Engineer",
    );
    let out = build(&root);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("U+202E RIGHT-TO-LEFT OVERRIDE"));
    for (path, bytes) in snapshot(&root.join("output/1.0.0")) {
        // plan.json and the CSV keep the data exactly as written.
        if !path.extension().is_some_and(|e| e == "html" || e == "ics") {
            continue;
        }
        let page = String::from_utf8_lossy(&bytes);
        assert!(
            !page.contains('\u{202e}'),
            "{} keeps the override",
            path.display()
        );
    }
    let pdf = fs::read(root.join("output/1.0.0/fixture-plan-1.0.0.pdf")).unwrap();
    let text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    assert!(
        text.contains("Lead Engineer"),
        "the PDF shows the name as the site does"
    );
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn profile_prints_the_stage_timings() {
    let root = project("profile");
    let out = migplan(&[
        "--profile",
        "build",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2026-11-22",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    for stage in [
        "load",
        "schedule",
        "archive: open + verify",
        "render: site",
        "render: pdf",
        "archive: commit",
    ] {
        assert!(err.contains(stage), "no `{stage}` in:\n{err}");
    }
    let _ = fs::remove_dir_all(&root);
}

/// The dense fixture plan (`tests/fixtures/dense`, a school SIS migration
/// written to break layouts) builds through the binary into a site with its
/// risk page, the search script and index, labelled table cells and break
/// opportunities in long words, and `verify` accepts the archive.
/// (`bench/width_check.sh` then opens this site in Chromium in CI.)
#[test]
fn dense_fixture_builds_a_site_with_risks_search_and_card_ready_tables() {
    let dir = std::env::temp_dir().join(format!("migplan-build-dense-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dense");
    let mut stack = vec![src.clone()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let to = dir.join("content").join(p.strip_prefix(&src).unwrap());
            if p.is_dir() {
                stack.push(p);
            } else {
                fs::create_dir_all(to.parent().unwrap()).unwrap();
                fs::copy(&p, &to).unwrap();
            }
        }
    }
    let out = build(&dir);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("no problems"),
        "{}",
        text(&out.stderr)
    );
    let v = dir.join("output/2.3.0");
    for f in [
        "risks.html",
        "search-index.js",
        "assets/search.js",
        "assets/style.css",
    ] {
        assert!(v.join(f).is_file(), "missing {f}");
    }
    let read = |f: &str| fs::read_to_string(v.join(f)).unwrap();
    let risks = read("risks.html");
    assert!(main_of(&risks).contains(r#"id="risk-transcript-gpa-drift""#));
    assert!(read("index.html").contains(r#"href="risks.html">Risks</a>"#));
    let signoff = read("signoff.html");
    assert!(main_of(&signoff).contains(r#"<td data-label="Decision">"#));
    // An 80-character address can break after `@` and `.`.
    assert!(
        main_of(&signoff).contains("superintendent@<wbr>"),
        "{}",
        main_of(&signoff)
    );
    let index = read("search-index.js");
    assert!(index.starts_with("// The search index"));
    assert!(index.contains(
        r#"["Task","CALPADSEnrollmentExitCodeCrosswalkValidation","schedule.html#task-crosswalk""#
    ));
    let section = read("sections/archive.html");
    assert!(
        section.contains(r#"<td data-label="Who checks it">"#),
        "{section}"
    );

    let verify = migplan(&["verify", "--root", dir.to_str().unwrap()]);
    assert!(verify.status.success(), "{}", text(&verify.stderr));
    let _ = fs::remove_dir_all(&dir);
}
