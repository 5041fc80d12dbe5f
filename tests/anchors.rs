//! Runbook steps as anchors, through the real binary, on a plan unlike the
//! example (`tests/fixtures/anchors/school.yaml`: a school trust's student
//! information system moved over the half-term weekend when the clocks go
//! back in Europe/London). Every time below is worked by hand in the
//! comments.

mod common;
use common::{migplan, text};

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const AS_OF: &str = "2027-09-01";

/// The school plan in a fresh folder, with `edits` (old, new) applied to
/// its plan file.
fn project(name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-anchors-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let content = dir.join("content");
    fs::create_dir_all(&content).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/anchors");
    let mut plan = fs::read_to_string(fixtures.join("school.yaml")).unwrap();
    for (old, new) in edits {
        assert!(plan.contains(old), "the fixture has no {old:?}");
        plan = plan.replacen(old, new, 1);
    }
    fs::write(content.join("plan.yaml"), plan).unwrap();
    fs::copy(fixtures.join("notes.md"), content.join("notes.md")).unwrap();
    dir
}

fn check(dir: &Path) -> (Option<i32>, String) {
    let out = migplan(&["check", "--root", dir.to_str().unwrap(), "--as-of", AS_OF]);
    (out.status.code(), text(&out.stderr))
}

/// The calendar's events: UID (without the domain) -> (DTSTART, DTEND).
fn ics_events(dir: &Path) -> BTreeMap<String, (String, String)> {
    let out = migplan(&[
        "schedule",
        "--root",
        dir.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "ics",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let unfolded = text(&out.stdout).replace("\r\n ", "");
    let mut events = BTreeMap::new();
    for event in unfolded.split("BEGIN:VEVENT").skip(1) {
        let field = |name: &str| {
            event
                .split("\r\n")
                .find_map(|l| l.strip_prefix(name))
                .unwrap_or_default()
                .to_string()
        };
        let uid = field("UID:");
        let uid = uid.split('@').next().unwrap_or_default().to_string();
        events.insert(uid, (field("DTSTART"), field("DTEND")));
    }
    events
}

#[test]
fn a_runbook_across_the_clocks_going_back_is_timed_by_elapsed_time() {
    let dir = project("times", &[]);
    let (code, err) = check(&dir);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("no problems"), "{err}");
    let events = ics_events(&dir);
    // London is on BST (UTC+1) until Sun 31 Oct 2027 02:00, then GMT.
    let want = [
        // Sat 30 Oct 20:00 BST = 19:00 UTC, 45 minutes.
        ("step-lock-sis", ":20271030T190000Z", ":20271030T194500Z"),
        // After lock-sis: 20:45 BST, 3 hours, to 23:45 BST.
        (
            "step-export-final",
            ":20271030T194500Z",
            ":20271030T224500Z",
        ),
        // After lock-sis (20:45 BST), but not before 21:00 BST: it waits.
        (
            "step-notify-parents",
            ":20271030T200000Z",
            ":20271030T201500Z",
        ),
        // 23:45 BST + 4 hours elapsed = 02:45 UTC = 02:45 GMT: three hours
        // on the clock, because 01:00-02:00 happens twice that night.
        ("step-load-new", ":20271030T224500Z", ":20271031T024500Z"),
        ("step-go-no-go", ":20271031T024500Z", ":20271031T031500Z"),
        // Not before Sun 31 Oct 09:00 GMT: waits six hours after the gate.
        (
            "step-timetable-import",
            ":20271031T090000Z",
            ":20271031T110000Z",
        ),
        ("step-open-portal", ":20271031T110000Z", ":20271031T113000Z"),
        // The second runbook starts at `open-portal.end` (no `at`): the
        // minute it ends, 11:30 GMT.
        ("step-smoke-test", ":20271031T113000Z", ":20271031T123000Z"),
        // Not before `1 day after load-new at 08:45`: load-new ends on Sun
        // 31 Oct (local), so Mon 1 Nov 08:45 GMT.
        (
            "step-first-registers",
            ":20271101T084500Z",
            ":20271101T094500Z",
        ),
    ];
    for (uid, start, end) in want {
        let got = events
            .get(uid)
            .unwrap_or_else(|| panic!("no {uid} in {events:#?}"));
        assert_eq!((got.0.as_str(), got.1.as_str()), (start, end), "{uid}");
    }
    // The freeze window starts at `lock-sis.start`: Sat 20:00 BST.
    assert!(
        events
            .values()
            .any(|(s, e)| s == ":20271030T190000Z" && e == ":20271102T070000Z"),
        "{events:#?}"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn tasks_milestones_and_prose_anchor_on_steps_by_their_local_date() {
    let dir = project("dates", &[]);
    let root = dir.to_str().unwrap();
    let out = migplan(&["schedule", "--root", root, "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let table = squeeze(&table);
    for line in [
        // open-portal ends Sun 31 Oct 11:30: a bare step id is its end.
        "Sun 31 Oct 2027 portal-live same day as open-portal.end (Sun 31 Oct 2027 11:30)",
        // The runbook `cutover` ends when open-portal ends (Sunday).
        "Mon 1 Nov 2027 half-term-ends 1 day after cutover (Sun 31 Oct 2027 11:30) = Mon 1 Nov 2027",
        // lock-sis ends Sat 30 Oct; one business day before is Friday.
        "Fri 29 Oct 2027 — Print paper registers",
        // load-new runs from Sat 23:45 to Sun 02:45 (local): the task spans
        // both days.
        "Sun 31 Oct 2027 Sat 30 Oct 2027 Data team on call",
    ] {
        assert!(table.contains(line), "missing {line:?} in\n{table}");
    }
    let out = migplan(&["build", "--root", root, "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let version = dir.join("output/1.0.0");
    let page = fs::read_to_string(version.join("sections/notes.html")).unwrap();
    // The runbook page says what the clocks do during the load (23:45 to
    // 02:45 on the clock is four hours that night).
    let runbook = fs::read_to_string(version.join("runbook.html")).unwrap();
    assert!(
        runbook.contains(r#"<td data-label="Planned">4h (clocks go back 1h)</td>"#),
        "no clock change on the runbook page"
    );
    // In prose a step's end keeps its time: 02:45 GMT on the Sunday.
    for want in [
        r#"The new SIS is loaded by <time datetime="2027-10-31T02:45">Sun 31 Oct 2027, 02:45</time>"#,
        r#"staff are briefed on <time datetime="2027-11-01">Mon 1 Nov 2027</time>"#,
    ] {
        assert!(page.contains(want), "missing {want:?}");
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_cycle_through_a_runbook_is_an_error_that_names_every_link() {
    // The runbook starts the evening `print-registers` is due, and that is
    // one business day before `lock-sis`, the runbook's first step.
    let dir = project(
        "cycle",
        &[(
            "start: 1 day before migration at 20:00",
            "start: print-registers at 20:00",
        )],
    );
    let (code, err) = check(&dir);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "error: these dates depend on each other in a cycle: print-registers -> lock-sis -> cutover.start -> print-registers"
        ),
        "{err}"
    );
    // At the task's rule, with a note at each link.
    let at = |needle: &str| {
        err.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?} in\n{err}"))
            .to_string()
    };
    assert!(
        at("depend on each other in a cycle").starts_with("content/plan.yaml:63:10: error:"),
        "{err}"
    );
    assert!(
        at("is due `1 business day before lock-sis`").contains("content/plan.yaml:63:10"),
        "{err}"
    );
    assert!(
        at("step `lock-sis` starts no earlier than runbook `cutover` starts")
            .contains("content/plan.yaml:"),
        "{err}"
    );
    assert!(
        at("runbook `cutover` starts `print-registers at 20:00`").contains("content/plan.yaml:"),
        "{err}"
    );
    // One mistake, one error: nothing else echoes it.
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    let _ = fs::remove_dir_all(&dir);

    // A step waiting for its own start, and a runbook starting when it ends.
    let dir = project(
        "self",
        &[
            (
                "not_before: migration at 09:00",
                "not_before: timetable-import.start at 09:00",
            ),
            ("start: open-portal.end", "start: after-care.end"),
        ],
    );
    let (code, err) = check(&dir);
    assert_eq!(code, Some(1), "{err}");
    for want in [
        "error: these dates depend on each other in a cycle: timetable-import.not_before -> timetable-import -> timetable-import.not_before",
        "note: content/plan.yaml:123:13: step `timetable-import` waits for its `not_before`",
        "error: these dates depend on each other in a cycle: after-care.start -> after-care -> after-care.start",
        "note: content/plan.yaml:138:9: runbook `after-care` ends when its last step ends",
    ] {
        assert!(err.contains(want), "missing {want:?} in\n{err}");
    }
    assert_eq!(err.matches("error:").count(), 2, "{err}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn anchors_that_name_no_time_are_errors_at_their_column() {
    let dir = project(
        "bad",
        &[
            ("due: open-portal\n", "due: open-portal.due\n"),
            (
                "due: 1 day after cutover\n",
                "due: 1 day after reopen-old\n",
            ),
            ("start: load-new.start\n", "start: print-registers.end\n"),
            (
                "  half-term-ends: 1 day after cutover",
                "  half-term-ends: 1 day after lock-sys",
            ),
        ],
    );
    let (code, err) = check(&dir);
    assert_eq!(code, Some(1), "{err}");
    for want in [
        "error: `open-portal` is a runbook or step: its times are `.start` and `.end`",
        "error: `reopen-old` is a rollback step: it has no time of its own",
        "error: `.end` is not a task date",
        "error: no milestone, task, runbook or step has the id `lock-sys`",
        "hint: did you mean `lock-sis`?",
        "hint: did you mean `print-registers.due`?",
    ] {
        assert!(err.contains(want), "missing {want:?} in\n{err}");
    }
    // Each at its own line and column: the anchor inside the rule.
    let line_of = |needle: &str| {
        err.lines()
            .find(|l| l.contains(needle))
            .and_then(|l| l.split(": error").next())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(line_of("is a rollback step"), "content/plan.yaml:91:22");
    assert_eq!(line_of("has the id `lock-sys`"), "content/plan.yaml:20:31");
    // `during` takes tasks only.
    let dir2 = project(
        "during",
        &[(
            "    start: load-new.start\n    due: load-new.end\n",
            "    during: load-new\n",
        )],
    );
    let (code, err) = check(&dir2);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "error: `during` takes a task id, and `load-new` is a runbook or runbook step"
        ),
        "{err}"
    );
    assert!(
        err.contains("hint: write `start: load-new.start` and `due: load-new.end`"),
        "{err}"
    );
    let _ = fs::remove_dir_all(&dir);
    let _ = fs::remove_dir_all(&dir2);
}

/// The calendar imports in Python's `icalendar` (the checkers' parser)
/// with every runbook step as a timed event in UTC, and tasks as all-day
/// events. Skipped when the parser is not installed, except where
/// `MIGPLAN_REQUIRE_ICALENDAR` is set (CI).
#[test]
fn the_calendar_imports_with_timed_step_events_in_icalendar() {
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
    let dir = project("icalendar", &[]);
    let ics = dir.join("plan.ics");
    let out = migplan(&[
        "schedule",
        "--root",
        dir.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "ics",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    fs::write(&ics, &out.stdout).unwrap();
    let script = r#"
import sys, datetime, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for e in cal.walk('VEVENT'):
    uid = str(e['UID']).split('@')[0]
    start, end = e['DTSTART'].dt, e['DTEND'].dt
    if uid.startswith('step-'):
        assert isinstance(start, datetime.datetime), uid
        assert start.utcoffset() == datetime.timedelta(0), uid
        print(uid, start.isoformat(), end.isoformat())
    elif uid.startswith('task-'):
        assert not isinstance(start, datetime.datetime), uid
"#;
    let out = Command::new(&py)
        .args(["-c", script, ics.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "icalendar rejected the file: {}",
        text(&out.stderr)
    );
    let listed = text(&out.stdout);
    for want in [
        "step-load-new 2027-10-30T22:45:00+00:00 2027-10-31T02:45:00+00:00",
        "step-timetable-import 2027-10-31T09:00:00+00:00 2027-10-31T11:00:00+00:00",
        "step-first-registers 2027-11-01T08:45:00+00:00 2027-11-01T09:45:00+00:00",
    ] {
        assert!(listed.contains(want), "missing {want:?} in\n{listed}");
    }
    assert_eq!(listed.lines().count(), 9, "{listed}");
    let _ = fs::remove_dir_all(&dir);
}

/// Prose expressions are scanned, evaluated and placed by one module: a
/// bad anchor inside a folded YAML value is reported at its own line and
/// column, like one in a Markdown section.
#[test]
fn a_bad_expression_in_a_yaml_value_is_reported_at_its_own_column() {
    let dir = project(
        "prose",
        &[(
            "  strategy: big-bang\n",
            "  strategy: big-bang\n  summary: >\n    The trust moves on {{ date(of=\"migration\") }}, and the\n    portal opens {{ date(of=\"open-portl.end\") }}.\n",
        )],
    );
    fs::write(
        dir.join("content/notes.md"),
        "---\ntitle: Cutover notes\n---\nLoaded by {{ date(of=\"load-new.end\") }}.\n\nBriefed {{ date(of=\"staff-brief\") }}.\n",
    )
    .unwrap();
    let (code, err) = check(&dir);
    assert_eq!(code, Some(1), "{err}");
    for want in [
        "content/plan.yaml:14:18: error: no milestone, task, runbook or step has the id `open-portl`",
        "hint: did you mean `open-portal`?",
        "content/notes.md:6:9: error: no milestone, task, runbook or step has the id `staff-brief`",
        "hint: did you mean `staff-briefing`?",
    ] {
        assert!(err.contains(want), "missing {want:?} in\n{err}");
    }
    assert_eq!(err.matches("error:").count(), 2, "{err}");
    let _ = fs::remove_dir_all(&dir);
}
