//! The plan in motion, through the real binary: the content hash ignores
//! status and progress, `migplan start` / `done` append events and keep the
//! rest of the file, `migplan status` reports in three formats, `check
//! --deny-overdue` fails on late work, and variance against the archived
//! baseline is counted in working days (worked by hand below).

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

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run migplan")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn tempdir(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("migplan-progress-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&p);
    fs::create_dir_all(&p).unwrap();
    p
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dst = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dst);
        } else {
            fs::copy(&p, &dst).unwrap();
        }
    }
}

/// A project holding the base fixture plan.
fn base_project(name: &str) -> PathBuf {
    let root = tempdir(name);
    copy_dir(&fixtures().join("base"), &root.join("content"));
    root
}

fn edit(path: &Path, old: &str, new: &str) {
    let t = fs::read_to_string(path).unwrap();
    assert!(t.contains(old), "{old:?} not in {}", path.display());
    fs::write(path, t.replacen(old, new, 1)).unwrap();
}

/// The content hash a build records for the project's version.
fn content_hash(root: &Path) -> String {
    let out = root.join("out");
    let _ = fs::remove_dir_all(&out);
    let o = run(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let m: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let versions = m["versions"].as_object().unwrap();
    versions.values().next().unwrap()["content_hash"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn status_and_progress_leave_the_content_hash_alone() {
    let root = base_project("hash");
    let before = content_hash(&root);
    // The plan in motion: a task's status line added, the plan's status
    // changed, progress in a file of its own and in a file with other keys.
    let tasks = root.join("content/tasks.yaml");
    edit(
        &tasks,
        "    due: 8 weeks before migration\n",
        "    due: 8 weeks before migration\n    status: done   # booked\n",
    );
    edit(
        &root.join("content/plan.yaml"),
        "status: review",
        "status: draft",
    );
    fs::write(
        root.join("content/progress.yaml"),
        "# log\nprogress:\n  - task: order-hardware\n    at: 2026-11-20\n    status: doing\n",
    )
    .unwrap();
    let t = fs::read_to_string(&tasks).unwrap();
    fs::write(
        &tasks,
        format!("{t}progress:\n  - {{task: verify, at: 2026-11-21, status: blocked}}\n"),
    )
    .unwrap();
    assert_eq!(
        content_hash(&root),
        before,
        "status and progress changed the hash"
    );

    // The plan of record: a title, a date.
    edit(&tasks, "title: Order hardware", "title: Order the hardware");
    let retitled = content_hash(&root);
    assert_ne!(retitled, before, "a new title kept the hash");
    edit(
        &tasks,
        "due: 7 weeks before migration",
        "due: 6 weeks before migration",
    );
    assert_ne!(content_hash(&root), retitled, "a moved date kept the hash");
}

#[test]
fn done_and_start_append_and_keep_every_other_byte() {
    let root = base_project("append");
    let r = root.to_str().unwrap();
    let file = root.join("content/progress.yaml");
    let original = "# Progress of the migration.\nprogress:\n  - task: schedule-migration   # booked by phone\n    at: 2026-11-18\n    status: done\n\n# Hardware: see the ticket.\nrisks: []\n";
    fs::write(&file, original).unwrap();

    let o = run(&[
        "start",
        "order-hardware",
        "--root",
        r,
        "--on",
        "2026-11-19",
        "--by",
        "engineer",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("recorded `order-hardware` doing at 2026-11-19"));
    let o = run(&[
        "done",
        "order-hardware",
        "--root",
        r,
        "--on",
        "2026-11-20 16:45",
        "--note",
        "Delivered: 2 boxes",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "# Progress of the migration.\nprogress:\n  - task: schedule-migration   # booked by phone\n    at: 2026-11-18\n    status: done\n  - task: order-hardware\n    at: 2026-11-19\n    status: doing\n    by: engineer\n  - task: order-hardware\n    at: 2026-11-20 16:45\n    status: done\n    note: \"Delivered: 2 boxes\"\n\n# Hardware: see the ticket.\nrisks: []\n"
    );
    let after = fs::read_to_string(&file).unwrap();

    // Refusals write nothing.
    let o = run(&["done", "order-hardwre", "--root", r, "--on", "2026-11-20"]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("content/progress.yaml:14:11: error: progress on `order-hardwre`, which is not a task or runbook step of the plan"), "{err}");
    assert!(err.contains("did you mean `order-hardware`?"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    let o = run(&["done", "verify", "--root", r, "--on", "2026-11-31"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("`2026-11-31` is not a valid date: November 2026 has 30 days"),
        "{}",
        text(&o.stderr)
    );
    let o = run(&["done", "verify", "--root", r, "--on", "2999-01-01"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("after the as-of date"),
        "{}",
        text(&o.stderr)
    );
    let o = run(&[
        "start",
        "verify",
        "--root",
        r,
        "--on",
        "2026-11-20",
        "--by",
        "enginer",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("did you mean `engineer`?"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        after,
        "a refused event was written"
    );
    // Nothing but the progress file was touched: no temporary file is left.
    let names: Vec<String> = fs::read_dir(root.join("content"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn done_creates_the_progress_file_and_fills_an_empty_flow_list() {
    let root = base_project("create");
    let r = root.to_str().unwrap();
    let o = run(&[
        "done",
        "schedule-migration",
        "--root",
        r,
        "--on",
        "2026-11-19",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        fs::read_to_string(root.join("content/progress.yaml")).unwrap(),
        "progress:\n  - task: schedule-migration\n    at: 2026-11-19\n    status: done\n"
    );
    fs::write(root.join("content/progress.yaml"), "progress: []\n").unwrap();
    let o = run(&["start", "verify", "--root", r, "--on", "2026-11-19"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        fs::read_to_string(root.join("content/progress.yaml")).unwrap(),
        "progress:\n  - task: verify\n    at: 2026-11-19\n    status: doing\n"
    );
    // A value that is not a list is refused in words.
    fs::write(root.join("content/progress.yaml"), "progress: soon\n").unwrap();
    let o = run(&["start", "verify", "--root", r, "--on", "2026-11-19"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("`progress:` is not a list of events"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn deny_overdue_exits_1_while_work_is_overdue() {
    let root = base_project("overdue");
    let r = root.to_str().unwrap();
    // Schedule migration is due Fri 20 Nov 2026 and not done.
    let o = run(&["check", "--root", r, "--as-of", AS_OF, "--deny-overdue"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("overdue: schedule-migration (due 2026-11-20, todo)"),
        "{}",
        text(&o.stderr)
    );
    let o = run(&["check", "--root", r, "--as-of", AS_OF]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "without the flag, overdue work is not an error"
    );
    let o = run(&[
        "check",
        "--root",
        r,
        "--as-of",
        "2026-11-20",
        "--deny-overdue",
    ]);
    assert_eq!(o.status.code(), Some(0), "due today is not overdue");
    // A progress event closes it.
    fs::write(
        root.join("content/progress.yaml"),
        "progress:\n  - {task: schedule-migration, at: 2026-11-21, status: done}\n",
    )
    .unwrap();
    let o = run(&["check", "--root", r, "--as-of", AS_OF, "--deny-overdue"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

/// The base plan with some progress, for the status report.
fn project_with_progress(name: &str) -> PathBuf {
    let root = base_project(name);
    fs::write(
        root.join("content/progress.yaml"),
        "progress:\n  - task: schedule-migration\n    at: 2026-11-10\n    status: doing\n  - task: schedule-migration\n    at: 2026-11-12 10:30\n    status: done\n    by: practice-manager\n  - task: order-hardware\n    at: 2026-11-16\n    status: doing\n    note: Quote approved.\n  - task: verify\n    at: 2026-11-18\n    status: blocked\n    note: Waiting for *test* data.\n",
    )
    .unwrap();
    root
}

#[test]
fn status_report_in_three_formats() {
    let root = project_with_progress("status");
    let r = root.to_str().unwrap();
    let o = run(&["status", "--root", r, "--as-of", AS_OF]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let t = text(&o.stdout);
    for line in [
        "Status: Fixture plan for Example Clinic",
        "No baseline yet: no version has been approved",
        "Blocked (1)\n  - Verify all programs work (verify), Tech, due 2027-01-16: Waiting for *test* data.",
        "In progress (1)\n  - Order hardware (order-hardware), IT Manager, due 2026-11-27, started 2026-11-16: Quote approved.",
        "Due in the next two weeks (1)\n  - Order hardware",
        "Done since 2026-10-05 (1)\n  - Schedule migration (schedule-migration), Project Manager, due 2026-11-20, started 2026-11-10, finished 2026-11-12 10:30",
        "Overdue (0)\n  none",
        "Sign-offs outstanding (",
    ] {
        assert!(t.contains(line), "missing {line:?} in\n{t}");
    }
    // Since a later report: nothing was done after it.
    let o = run(&[
        "status",
        "--root",
        r,
        "--as-of",
        AS_OF,
        "--since",
        "2026-11-15",
    ]);
    assert!(
        text(&o.stdout).contains("Done since 2026-11-15 (0)"),
        "{}",
        text(&o.stdout)
    );

    let o = run(&[
        "status", "--root", r, "--as-of", AS_OF, "--format", "markdown",
    ]);
    let md = text(&o.stdout);
    assert!(
        md.starts_with(
            "## Status: Fixture plan for Example Clinic\n\nVersion 1.0.0, as of 2026-11-22.\n"
        ),
        "{md}"
    );
    assert!(md.contains("### Blocked (1)\n\n- **Verify all programs work** (`verify`), Tech, due 2027-01-16: Waiting for \\*test\\* data.\n"), "{md}");

    let o = run(&["status", "--root", r, "--as-of", AS_OF, "--format", "json"]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(j["as_of"], "2026-11-22");
    assert_eq!(j["baseline"], serde_json::Value::Null);
    assert_eq!(j["done"][0]["id"], "schedule-migration");
    assert_eq!(j["done"][0]["actual_finish"], "2026-11-12 10:30");
    assert_eq!(j["in_progress"][0]["actual_start"], "2026-11-16");
    assert_eq!(j["blocked"][0]["status"], "blocked");

    // The PDF: through the engine, text extractable.
    let pdf = root.join("status.pdf");
    let o = run(&[
        "status",
        "--root",
        r,
        "--as-of",
        AS_OF,
        "--format",
        "pdf",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let bytes = fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let words = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    for w in [
        "Status report",
        "Blocked (1)",
        "Waiting for *test* data.",
        "Order hardware",
        "2026-11-16",
    ] {
        assert!(words.contains(w), "{w:?} not in the PDF:\n{words}");
    }
    let o = run(&["status", "--root", r, "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(2), "a PDF to the terminal is refused");
}

#[test]
fn site_shows_actuals_and_no_baseline_yet() {
    let root = project_with_progress("site");
    let out = root.join("out");
    let o = run(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let site = out.join("1.0.0");
    let schedule = fs::read_to_string(site.join("schedule.html")).unwrap();
    assert!(schedule.contains("No baseline yet"), "schedule page");
    assert!(schedule.contains("<th scope=\"col\">Actual</th>"));
    assert!(
        schedule.contains("Started <time datetime=\"2026-11-16\">Mon 16 Nov 2026</time>"),
        "actual start"
    );
    assert!(
        schedule
            .contains("Finished <time datetime=\"2026-11-12T10:30\">Thu 12 Nov 2026, 10:30</time>"),
        "actual finish with its time"
    );
    let status = fs::read_to_string(site.join("status/2026-11-22.html")).unwrap();
    assert!(
        status.contains("<h2 id=\"status-blocked\">Blocked"),
        "status page"
    );
    assert!(status.contains("Waiting for *test* data."));
    let index = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("href=\"status/2026-11-22.html\""),
        "the overview links the status page"
    );
    let csv = fs::read_to_string(site.join("schedule.csv")).unwrap();
    assert!(csv.starts_with("id,title,phase,parent,owner,start,due,status,overdue,explanation,baseline_due,actual_start,actual_finish,variance\r\n"));
    assert!(csv.contains(",2026-11-10,2026-11-12 10:30,\r\n"), "{csv}");
}

/// Variance against the baseline of the archive fixture (1.0.0 approved:
/// schedule-migration due Fri 20 Nov 2026, order-hardware due Fri 27 Nov
/// 2026, migrate-data due Fri 15 Jan 2027), on the current plan's
/// calendar with Thu 26 Nov 2026 added as a holiday. Worked by hand:
///
/// - schedule-migration done Thu 26 Nov: working days d with 20 Nov < d <=
///   26 Nov are Mon 23, Tue 24, Wed 25 (Sat, Sun and the holiday do not
///   count): 3 late.
/// - order-hardware done Wed 25 Nov: d with 25 Nov < d <= 27 Nov is Fri 27
///   only (Thu 26 is the holiday): 1 early.
/// - migrate-data done Fri 15 Jan 2027, 18:00: the due day itself, 0.
#[test]
fn variance_against_the_archived_baseline_in_working_days() {
    let root = tempdir("variance");
    copy_dir(&fixtures().join("archive-v1"), &root);
    edit(
        &root.join("content/plan.yaml"),
        "holidays: [2026-12-25]",
        "holidays: [2026-11-26, 2026-12-25]",
    );
    fs::write(
        root.join("content/progress.yaml"),
        "progress:\n  - {task: schedule-migration, at: 2026-11-26, status: done}\n  - {task: order-hardware, at: 2026-11-25, status: done}\n  - {task: migrate-data, at: 2027-01-15 18:00, status: done}\n",
    )
    .unwrap();
    let r = root.to_str().unwrap();
    let o = run(&[
        "status",
        "--root",
        r,
        "--as-of",
        "2027-01-20",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["baseline"], "1.0.0");
    let variance = |id: &str| {
        j["done"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()["variance"]
            .as_i64()
    };
    assert_eq!(variance("schedule-migration"), Some(3));
    assert_eq!(variance("order-hardware"), Some(-1));
    assert_eq!(variance("migrate-data"), Some(0));
    let base_due = j["done"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "schedule-migration")
        .unwrap()["baseline_due"]
        .clone();
    assert_eq!(base_due, "2026-11-20");

    let o = run(&["status", "--root", r, "--as-of", "2027-01-20"]);
    let t = text(&o.stdout);
    assert!(
        t.contains("Baseline: version 1.0.0, the latest approved version."),
        "{t}"
    );
    assert!(
        t.contains(
            "due 2026-11-27 (baseline 2026-11-20), finished 2026-11-26, 3 working days late"
        ),
        "{t}"
    );
    assert!(
        t.contains("finished 2026-11-25, 1 working day early"),
        "{t}"
    );

    let o = run(&[
        "schedule",
        "--root",
        r,
        "--as-of",
        "2027-01-20",
        "--format",
        "csv",
    ]);
    let csv = text(&o.stdout);
    assert!(csv.contains(",2026-11-20,,2026-11-26,3\r\n"), "{csv}");

    // The site: baseline named, moved dates shown, late work called out.
    let o = run(&["build", "--root", r, "--as-of", "2027-01-20"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let page = fs::read_to_string(root.join("output/1.1.0/schedule.html")).unwrap();
    assert!(
        page.contains("Progress is measured against version 1.0.0"),
        "baseline named"
    );
    assert!(
        page.contains("baseline <time datetime=\"2026-11-20\">Fri 20 Nov 2026</time>"),
        "moved date"
    );
    assert!(
        page.contains("<strong class=\"text-alert\">3 working days late</strong>"),
        "late work"
    );
    assert!(page.contains("1 working day early"));
    let status = fs::read_to_string(root.join("output/1.1.0/status/2027-01-20.html")).unwrap();
    assert!(status.contains("3 working days late"));
}
