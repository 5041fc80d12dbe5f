//! Integration tests through the real `migplan` binary: fixture plans under
//! `tests/fixtures/` are checked, scheduled and initialised, and what the
//! binary prints is compared with expected text.
//!
//! Invalid fixtures: `tests/fixtures/invalid/<case>/content/` (made by
//! `make_invalid.py` from `fixtures/base`) and `expected.txt` beside it: the
//! exit code on the first line (`exit: N`), then stderr word for word. Run
//! with `UPDATE_EXPECT=1` to rewrite the expected files, then review the diff.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const AS_OF: &str = "2026-11-22";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_migplan"));
    c.env("NO_COLOR", "1");
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run migplan")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn invalid_fixtures_report_expected_diagnostics() {
    let dir = fixtures().join("invalid");
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("invalid fixtures")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "only {} invalid fixtures", cases.len());
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let out = run(&["check", "--root", case.to_str().unwrap(), "--as-of", AS_OF]);
        let code = out.status.code().expect("exit code");
        let got = format!("exit: {code}\n{}", text(&out.stderr));
        assert_ne!(code, 101, "{}: panicked\n{got}", case.display());
        let expected_path = case.join("expected.txt");
        if update {
            fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("missing {}", expected_path.display()));
        if got != expected {
            failures.push(format!(
                "--- {}\n--- expected\n{expected}\n--- got\n{got}",
                case.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_invalid_fixture_points_at_a_file_and_line() {
    // Each error names `path:line:col` (or, for unreadable files, the path).
    for entry in fs::read_dir(fixtures().join("invalid")).unwrap() {
        let case = entry.unwrap().path();
        let out = run(&[
            "check",
            "--root",
            case.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{}: bad JSON: {e}", case.display()));
        let diags = json["diagnostics"].as_array().unwrap();
        assert!(!diags.is_empty(), "{}: no diagnostics", case.display());
        for d in diags {
            assert!(d["file"].is_string(), "{}: no file in {d}", case.display());
            if d["file"].as_str().unwrap().ends_with(".yaml") && !case.ends_with("invalid-utf8") {
                assert!(
                    d["line"].as_u64().unwrap_or(0) > 0,
                    "{}: no line in {d}",
                    case.display()
                );
            }
        }
    }
}

/// Schedules `fixtures/valid/<case>` and compares every task's dates with
/// the hand-computed `expected.json`; milestones are compared through the
/// ICS export.
#[test]
fn valid_fixtures_compute_hand_checked_dates() {
    let dir = fixtures().join("valid");
    for entry in fs::read_dir(&dir).unwrap() {
        let case = entry.unwrap().path();
        let expected: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(case.join("expected.json")).unwrap()).unwrap();
        let as_of = expected["as_of"].as_str().unwrap();
        let root = case.to_str().unwrap();

        let out = run(&["check", "--root", root, "--as-of", as_of, "--deny-warnings"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            case.display(),
            text(&out.stderr)
        );

        let out = run(&[
            "schedule", "--root", root, "--as-of", as_of, "--format", "json",
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        let tasks = expected["tasks"].as_object().unwrap();
        assert_eq!(rows.len(), tasks.len(), "{}: task count", case.display());
        for row in &rows {
            let id = row["id"].as_str().unwrap();
            let want = &tasks[id];
            for (k, v) in want.as_object().unwrap() {
                assert_eq!(&row[k], v, "{}: task {id} field {k}", case.display());
            }
            assert!(
                !row["explanation"].as_str().unwrap().is_empty(),
                "{id}: no explanation"
            );
        }

        let out = run(&[
            "schedule", "--root", root, "--as-of", as_of, "--format", "ics",
        ]);
        let ics = text(&out.stdout).replace("\r\n ", "");
        for (id, date) in expected["milestones"].as_object().unwrap() {
            let uid = format!("UID:milestone-{id}@");
            let at = ics
                .find(&uid)
                .unwrap_or_else(|| panic!("no event for milestone {id}"));
            let compact = date.as_str().unwrap().replace('-', "");
            let event = &ics[at..at + ics[at..].find("END:VEVENT").unwrap()];
            assert!(
                event.contains(&format!("DTSTART;VALUE=DATE:{compact}")),
                "milestone {id}: want {date}\n{event}"
            );
        }
    }
}

#[test]
fn example_plan_checks_clean_and_schedules_in_every_format() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = run(&["check", "--root", root, "--as-of", AS_OF, "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let table = run(&["schedule", "--root", root, "--as-of", AS_OF]);
    let t = text(&table.stdout);
    for phase in [
        "Planning / Requirements",
        "Testing / Proof of Concept",
        "Implementing / In Progress",
        "Post-Implementation",
    ] {
        assert!(t.contains(phase), "table lacks phase {phase}");
    }
    assert!(!t.contains("\x1b["), "no colour when piped");

    let json = run(&[
        "schedule", "--root", root, "--as-of", AS_OF, "--format", "json",
    ]);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        rows.len() >= 40,
        "seed 000 has 40+ tasks; got {}",
        rows.len()
    );
    for key in [
        "id",
        "title",
        "phase",
        "parent",
        "owner",
        "start",
        "due",
        "status",
        "overdue",
        "explanation",
    ] {
        assert!(rows[0].get(key).is_some(), "JSON lacks {key}");
    }

    let csv = run(&[
        "schedule", "--root", root, "--as-of", AS_OF, "--format", "csv",
    ]);
    let csv = text(&csv.stdout);
    assert!(
        csv.starts_with("id,title,phase,parent,owner,start,due,status,overdue,explanation,baseline_due,actual_start,actual_finish,variance\r\n")
    );
    // One record per task plus the header; every record has 14 fields.
    let records = csv_records(&csv);
    assert_eq!(records.len(), rows.len() + 1);
    assert!(records.iter().all(|r| r.len() == 14), "ragged CSV");
    assert_eq!(records[1][0], rows[0]["id"].as_str().unwrap());

    let ics = run(&[
        "schedule", "--root", root, "--as-of", AS_OF, "--format", "ics",
    ]);
    let ics = text(&ics.stdout);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        ics.matches("END:VEVENT").count()
    );
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "unfolded line: {line}");
    }
}

#[test]
fn ics_export_parses_with_an_independent_parser() {
    // An independent parser reads the calendar as calendar software does.
    // Python's `icalendar`: from MIGPLAN_PYTHON, the checkers' venv that
    // shared/tools/setup.sh makes, or the system python. CI sets
    // MIGPLAN_REQUIRE_ICALENDAR so that a missing parser fails there.
    let venv = std::env::var_os("HOME")
        .map(|h| Path::new(&h).join(".cache/plan-checkers/venv/bin/python"))
        .filter(|p| p.exists());
    let py = std::env::var_os("MIGPLAN_PYTHON")
        .map(PathBuf::from)
        .or(venv)
        .unwrap_or_else(|| "python3".into());
    let probe = Command::new(&py).args(["-c", "import icalendar"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        assert!(
            std::env::var_os("MIGPLAN_REQUIRE_ICALENDAR").is_none(),
            "python icalendar is required here but not installed"
        );
        eprintln!("skipped: python icalendar not installed (set MIGPLAN_PYTHON)");
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let ics = run(&[
        "schedule", "--root", root, "--as-of", AS_OF, "--format", "ics",
    ]);
    let tmp = std::env::temp_dir().join(format!("migplan-test-{}.ics", std::process::id()));
    fs::write(&tmp, &ics.stdout).unwrap();
    let script = r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = [e for e in cal.walk('VEVENT')]
uids = [str(e['UID']) for e in events]
assert len(uids) == len(set(uids)), 'duplicate UIDs'
for e in events:
    assert e.get('DTSTART') is not None and e.get('SUMMARY') is not None and e.get('DTSTAMP') is not None
print(len(events))
"#;
    let out = Command::new(&py)
        .args(["-c", script, tmp.to_str().unwrap()])
        .output()
        .unwrap();
    let _ = fs::remove_file(&tmp);
    assert!(
        out.status.success(),
        "icalendar rejected the file: {}",
        text(&out.stderr)
    );
    let n: usize = text(&out.stdout).trim().parse().unwrap();
    assert!(n > 40, "only {n} events");
}

#[test]
fn init_writes_the_example_and_refuses_to_overwrite() {
    let tmp = tempdir("init");
    let out = run(&["init", tmp.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let repo_content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in walk(&repo_content) {
        let rel = entry.strip_prefix(&repo_content).unwrap();
        assert_eq!(
            fs::read(&entry).unwrap(),
            fs::read(tmp.join("content").join(rel)).unwrap(),
            "init wrote a different {}",
            rel.display()
        );
    }
    let out = run(&["check", "--root", tmp.to_str().unwrap(), "--as-of", AS_OF]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let again = run(&["init", tmp.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("refusing to overwrite"));
    let _ = fs::remove_dir_all(&tmp);
}

#[test]
fn exit_codes_for_usage_and_io_problems() {
    let out = run(&["check", "--root", "/nonexistent/plan"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no content/ folder"));

    let out = run(&["check", "--as-of", "2026-13-01"]);
    assert_eq!(out.status.code(), Some(2));

    let out = run(&["schedule", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));

    let out = run(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn deny_warnings_turns_warnings_into_exit_1() {
    let case = fixtures().join("invalid/secret-in-plan");
    let root = case.to_str().unwrap();
    assert_eq!(
        run(&["check", "--root", root, "--as-of", AS_OF])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&["check", "--root", root, "--as-of", AS_OF, "--deny-warnings"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn huge_and_hostile_files_fail_fast() {
    let tmp = tempdir("huge");
    fs::create_dir_all(tmp.join("content")).unwrap();
    fs::copy(
        fixtures().join("base/plan.yaml"),
        tmp.join("content/plan.yaml"),
    )
    .unwrap();
    // 9 MB of YAML: refused before it is read.
    let big = "# padding\n".repeat(900_000);
    fs::write(tmp.join("content/big.yaml"), big).unwrap();
    let start = std::time::Instant::now();
    let out = run(&["check", "--root", tmp.to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("too large"),
        "{}",
        text(&out.stderr)
    );
    fs::remove_file(tmp.join("content/big.yaml")).unwrap();

    let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        bomb.push_str(&format!(
            "{}: &{} [{}]\n",
            w[1],
            w[1],
            vec![format!("*{}", w[0]); 9].join(",")
        ));
    }
    fs::write(tmp.join("content/bomb.yaml"), bomb).unwrap();
    let out = run(&["check", "--root", tmp.to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(start.elapsed().as_secs() < 20);
    let _ = fs::remove_dir_all(&tmp);
}

/// RFC 4180 records (quoted fields may hold commas, quotes and newlines).
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut field) = (Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    records
}

fn tempdir(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("migplan-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&p);
    fs::create_dir_all(&p).unwrap();
    p
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
