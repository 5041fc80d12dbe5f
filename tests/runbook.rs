//! Runbooks through the real binary: a good runbook checks clean and lands
//! in the site, the PDF and the calendar with hand-checked times; a plan
//! built to trigger every runbook warning gets each one at its line.
//!
//! Fixtures: `tests/fixtures/base` plus `tests/fixtures/runbook/good.yaml`
//! (and `warnings.yaml` for the warnings).

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

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The base fixture plus the named runbook files, in a fresh folder.
fn project(name: &str, extra: &[&str]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-runbook-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let content = dir.join("content");
    fs::create_dir_all(&content).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for e in fs::read_dir(fixtures.join("base")).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, content.join(p.file_name().unwrap())).unwrap();
    }
    for f in extra {
        fs::copy(fixtures.join("runbook").join(f), content.join(f)).unwrap();
    }
    dir
}

#[test]
fn a_good_runbook_checks_clean_and_is_timed_in_the_calendar() {
    let dir = project("good", &["good.yaml"]);
    let root = dir.to_str().unwrap();
    let out = migplan(&["check", "--root", root, "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("no problems"),
        "{}",
        text(&out.stderr)
    );
    let ics = text(
        &migplan(&[
            "schedule", "--root", root, "--as-of", AS_OF, "--format", "ics",
        ])
        .stdout,
    );
    // Fri 15 Jan 2027 18:00 CST is 00:00 UTC on the 16th; the conversion
    // waits for Sat 06:00 CST (12:00 UTC) and runs 14 hours.
    for needle in [
        "UID:step-stop-services@fixture-plan.migplan\r\nDTSTAMP:20261120T000000Z\r\nDTSTART:20270116T000000Z\r\nDTEND:20270116T003000Z",
        "UID:step-convert@fixture-plan.migplan\r\nDTSTAMP:20261120T000000Z\r\nDTSTART:20270116T120000Z\r\nDTEND:20270117T020000Z",
        "SUMMARY:Gate: Go / no-go",
    ] {
        assert!(ics.contains(needle), "missing {needle:?} in\n{ics}");
    }
    // Rollback steps have no time of their own: no event.
    assert!(!ics.contains("step-reopen-old-pms"));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_good_runbook_is_a_page_of_the_site_and_a_section_of_the_pdf() {
    let dir = project("site", &["good.yaml"]);
    let root = dir.to_str().unwrap();
    let out = migplan(&["build", "--root", root, "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let version = dir.join("output/1.0.0");
    let page = fs::read_to_string(version.join("runbook.html")).expect("runbook.html");
    let main = &page[page.find("<main").unwrap()..];
    for needle in [
        r#"<time datetime="2027-01-15T18:00">18:00</time>"#,
        r#"<tr id="step-go-no-go" class="runbook-step kind-gate">"#,
        r#"<tr id="step-convert" class="runbook-step kind-step is-critical">"#,
        "<li>Final backup restored on the test server</li>",
        "Decided by <a href=\"people/practice-manager.html\">Practice Manager</a>",
        "Rollback (if a gate decides no-go)",
        // planned 2h, rehearsed 2h40m; the forecast moves the gate.
        "<td data-label=\"Planned\">2h</td>\n        <td data-label=\"Rehearsed\">2h40m</td>",
        r#"<time datetime="2027-01-15T21:10" title="Fri 15 Jan 2027, 21:10">15 Jan 21:10</time>"#,
    ] {
        assert!(main.contains(needle), "missing {needle:?}");
    }
    let index = fs::read_to_string(version.join("index.html")).unwrap();
    assert!(
        index.contains(r#"href="runbook.html">Cutover runbook</a>"#)
            || index.contains("runbook.html"),
        "no link in the navigation"
    );
    let pdf = fs::read(
        fs::read_dir(&version)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "pdf"))
            .unwrap(),
    )
    .unwrap();
    let pdf = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    let pdf: String = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    // Table cells wrap, and text extraction interleaves wrapped cells:
    // look for pieces that fit on one line.
    for needle in [
        "Cutover runbook",
        "GATE: Go / no-go",
        "Done at",
        "Decides:",
        "(rehearsed",
        "Rollback: Cutover weekend",
        "Rehearsal of Wed 9 Dec 2026",
    ] {
        assert!(pdf.contains(needle), "PDF lacks {needle:?}");
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_plan_without_runbooks_has_no_runbook_page() {
    let dir = project("none", &[]);
    let out = migplan(&["build", "--root", dir.to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let version = dir.join("output/1.0.0");
    assert!(!version.join("runbook.html").exists());
    assert!(
        !fs::read_to_string(version.join("index.html"))
            .unwrap()
            .contains("runbook.html")
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn every_runbook_warning_fires_at_its_line() {
    let dir = project("warn", &["good.yaml", "warnings.yaml"]);
    let out = migplan(&["check", "--root", dir.to_str().unwrap(), "--as-of", AS_OF]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    for (at, message) in [
        (
            "content/warnings.yaml:14:13",
            "warning: step `late-a` has no owner",
        ),
        (
            "content/warnings.yaml:10:9",
            "warning: runbook `late` ends Mon 18 Jan 2027 08:00, 1h after the freeze window `PMS freeze` it starts in ends",
        ),
        (
            "content/warnings.yaml:22:13",
            "warning: no time to roll back: gate `late-gate` ends Mon 18 Jan 2027 07:00 and the rollback takes 1h, 1h past the end of freeze window `PMS freeze`",
        ),
        (
            "content/warnings.yaml:22:13",
            "warning: gate `late-gate` has no criteria",
        ),
        (
            "content/warnings.yaml:24:15",
            "warning: gate `late-gate` comes after the point of no return `late-ponr`",
        ),
        (
            "content/warnings.yaml:38:12",
            "warning: runbook `outside` starts (Mon 1 Feb 2027 09:00) in no freeze window",
        ),
        (
            "content/warnings.yaml:46:14",
            "warning: with the durations rehearsed on Sun 20 Dec 2026, runbook `cutover` would end Mon 18 Jan 2027 18:00, 11h after the freeze window `PMS freeze` ends",
        ),
        (
            "content/warnings.yaml:49:18",
            "warning: rehearsal on `test-pms`: a copy of production with nothing disabled can send real messages",
        ),
    ] {
        assert!(
            err.contains(&format!("{at}: {message}")),
            "missing {at}: {message}\n{err}"
        );
    }
    // The good runbook itself stays quiet.
    assert!(!err.contains("content/good.yaml"), "{err}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_gate_decision_in_progress_comes_from_a_decider() {
    let dir = project("decide", &["good.yaml"]);
    let progress = dir.join("content/progress.yaml");
    let entry = |by: &str| {
        format!(
            "progress:\n  - task: go-no-go\n    at: 2026-11-20 21:10\n    status: done\n    decision: go\n    by: {by}\n"
        )
    };
    fs::write(&progress, entry("practice-manager")).unwrap();
    let out = migplan(&["check", "--root", dir.to_str().unwrap(), "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    fs::write(&progress, entry("engineer")).unwrap();
    let out = migplan(&["check", "--root", dir.to_str().unwrap(), "--as-of", AS_OF]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("content/progress.yaml:6:9: error:"), "{err}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn the_runbook_page_charts_every_step_on_an_hour_scale() {
    let dir = project("chart", &["good.yaml"]);
    let root = dir.to_str().unwrap();
    let out = migplan(&["build", "--root", root, "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = fs::read_to_string(dir.join("output/1.0.0/runbook.html")).unwrap();
    let chart = &page[page
        .find("<figure class=\"runbook-chart\">")
        .expect("a chart")..];
    let chart = &chart[..chart.find("</figure>").unwrap()];
    assert!(chart.contains(r#"<svg role="img""#), "{chart}");
    assert!(
        chart.contains("on an hour scale"),
        "no accessible name: {chart}"
    );
    let bars = chart.matches("class=\"rc-bar").count();
    let rows = page.matches("class=\"runbook-step kind-").count();
    assert!(bars > 0, "{chart}");
    // Every planned step has its bar (rows also count the rollback steps).
    assert!(bars <= rows, "{bars} bars, {rows} rows");
    assert!(chart.contains("rc-gate"), "the gate is not marked: {chart}");
    assert!(chart.contains(">18:00</text>"), "no hour ticks: {chart}");
}

/// Progress on runbook steps (a rehearsal night recorded as it happens):
/// actual times on the page, and a no-go puts the rollback in front.
#[test]
fn step_progress_and_a_no_go_show_on_the_runbook_page() {
    let dir = project("step-progress", &["good.yaml"]);
    fs::write(
        dir.join("content/progress.yaml"),
        "progress:\n  - task: stop-services\n    at: 2026-11-20 18:02\n    status: doing\n  - task: stop-services\n    at: 2026-11-20 18:41\n    status: done\n  - task: final-backup\n    at: 2026-11-20 18:45\n    status: doing\n  - task: go-no-go\n    at: 2026-11-20 21:10\n    status: done\n    decision: no-go\n    by: practice-manager\n  - task: reopen-old-pms\n    at: 2026-11-20 21:15\n    status: doing\n",
    )
    .unwrap();
    let root = dir.to_str().unwrap();
    let out = migplan(&["build", "--root", root, "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = fs::read_to_string(dir.join("output/1.0.0/runbook.html")).unwrap();
    for needle in [
        "Actual: Fri 20 Nov 18:02–18:41",
        "Actual: started Fri 20 Nov 18:45",
        "Decided: No-go, Practice Manager, Fri 20 Nov 21:10",
        "decided no-go",
        "the rollback below is the active path",
    ] {
        assert!(page.contains(needle), "missing {needle:?}");
    }
    // A step id that does not exist is still an error, with a suggestion.
    fs::write(
        dir.join("content/progress.yaml"),
        "progress:\n  - task: stop-service\n    at: 2026-11-20 18:02\n    status: doing\n",
    )
    .unwrap();
    let out = migplan(&["check", "--root", root, "--as-of", AS_OF]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("did you mean `stop-services`?"), "{err}");
    let _ = fs::remove_dir_all(&dir);
}
