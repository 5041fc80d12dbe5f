//! People through the real binary, on a plan unlike the example: a school
//! SIS migration (`tests/fixtures/people/school`) where Rosa owns two
//! labels (Data Lead, Registrar Liaison), Tom (Tech) is away in July, the
//! assistant superintendent decides the go / no-go gate and must sign, and
//! one label (District Web Team) names nobody.
//!
//! Checked: the absence warning (file:line, task, person, absence), the
//! hint for labels that name nobody, each person's page and calendar feed
//! listing exactly their work, the RACI page, the feeds in an independent
//! iCalendar parser (multi-day and timed events, URLs, words), `latest/`
//! as a copy that `verify` covers, `schedule --owner`, and the errors for
//! bad RACI ids, absences and `site_url`.

mod common;
use common::{python_with, text};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const AS_OF: &str = "2027-07-07";

fn migplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_migplan"))
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .args(args)
        .output()
        .expect("run migplan")
}

/// A fresh copy of the school plan.
fn school(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-people-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/people/school/content");
    fs::create_dir_all(dir.join("content")).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, dir.join("content").join(p.file_name().unwrap())).unwrap();
    }
    dir
}

fn built(name: &str) -> PathBuf {
    let dir = school(name);
    let out = migplan(&["build", "--root", dir.to_str().unwrap(), "--as-of", AS_OF]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    dir
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("</main>");
    &html[start..end]
}

fn page(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join("output/0.3.0").join(rel)).unwrap()
}

/// The task ids a page links to on the schedule page.
fn tasks_linked(html: &str) -> Vec<String> {
    let mut out: Vec<String> = html
        .match_indices("schedule.html#task-")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn section<'a>(html: &'a str, heading_id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{heading_id}\""))
        .unwrap_or_else(|| panic!("no {heading_id}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap()]
}

#[test]
fn check_warns_about_the_absence_and_hints_at_labels_that_name_nobody() {
    let dir = school("check");
    let out = migplan(&[
        "check",
        "--root",
        dir.to_str().unwrap(),
        "--as-of",
        "2027-02-01",
    ]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("content/schedule.yaml:38:12: warning: task `network-prep` (from Tue 6 Jul 2027 to Fri 9 Jul 2027) falls on Tue 6 Jul 2027 when all its people are away: Tom Becker (tom) is away 2027-07-01 to 2027-07-23, Summer leave"),
        "{err}"
    );
    assert!(
        err.contains("content/people.yaml:12:16: the absence of `tom`"),
        "{err}"
    );
    // Patching the switches is Tom's too, but Rosa (Data Lead) is there.
    assert!(!err.contains("patch-switches"), "{err}");
    assert!(
        err.contains("content/schedule.yaml:48:14: warning: task `close-gradebook` writes `old-sis` (due Fri 2 Jul 2027) during the read-only freeze `SIS summer freeze`"),
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 2, "{err}");
    assert!(
        err.contains("hint: 1 owner label names no stakeholder: District Web Team (1)"),
        "{err}"
    );
    // A hint, not a warning: --deny-warnings fails on the absence only.
    let out = migplan(&[
        "check",
        "--root",
        dir.to_str().unwrap(),
        "--as-of",
        "2027-02-01",
        "--deny-warnings",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn each_person_page_lists_exactly_their_work() {
    let dir = built("pages");
    let rosa = page(&dir, "people/rosa.html");
    let main = main_of(&rosa);
    let open = section(main, "open-title");
    assert_eq!(
        tasks_linked(open),
        [
            "close-gradebook",
            "finalize-grades",
            "inventory-data",
            "patch-switches",
            "request-sandbox",
            "state-reporting",
            "train-registrars"
        ]
    );
    // Overdue first, then by due date.
    let first_open = open.find("is-overdue").unwrap();
    let not_overdue = open.find("class=\"agenda-item\"").unwrap();
    assert!(first_open < not_overdue);
    assert!(open.find("task-inventory-data").unwrap() < open.find("task-state-reporting").unwrap());
    assert!(open.find("task-state-reporting").unwrap() < open.find("task-patch-switches").unwrap());
    // Her runbook steps with times; the step owned by a label she owns too.
    let steps = section(main, "steps-title");
    assert!(steps.contains("Export the final data from the old SIS"));
    assert!(steps.contains("<time datetime=\"2027-07-24T08:00\">Sat 24 Jul 2027, 08:00</time>"));
    assert!(steps.contains("Load the converted data into the new SIS"));
    assert!(!steps.contains("Check the network paths"));
    // Accountable for the network preparation (Tom's task).
    assert_eq!(
        tasks_linked(section(main, "accountable-title")),
        ["network-prep"]
    );
    assert!(main.contains("Approved version 0.3.0."), "{main}");
    assert!(main.contains("https://plans.example.edu/sis/latest/people/rosa.ics"));

    let tom = page(&dir, "people/tom.html");
    let main = main_of(&tom);
    assert_eq!(
        tasks_linked(section(main, "open-title")),
        ["network-prep", "patch-switches"]
    );
    assert!(main.contains("Summer leave"));
    assert_eq!(
        tasks_linked(section(main, "informed-title")),
        ["train-registrars"]
    );
    assert!(!main.contains("signoff-title"), "Tom does not sign");

    let boss = page(&dir, "people/asst-super.html");
    let main = main_of(&boss);
    assert!(section(main, "open-title").contains("No open tasks."));
    let gates = section(main, "gates-title");
    assert!(gates.contains("Go / no-go") && gates.contains("Record counts match within 0.1%"));
    assert!(
        main.contains("Owes a sign-off on version 0.3.0: outstanding."),
        "{main}"
    );
    assert_eq!(
        tasks_linked(section(main, "accountable-title")),
        ["finalize-grades", "inventory-data"]
    );
    assert_eq!(
        tasks_linked(section(main, "consulted-title")),
        ["train-registrars"]
    );

    let principal = page(&dir, "people/principal.html");
    let main = main_of(&principal);
    assert_eq!(
        tasks_linked(section(main, "open-title")),
        ["finalize-grades"]
    );
    assert_eq!(
        tasks_linked(section(main, "consulted-title")),
        ["inventory-data"]
    );
    assert_eq!(
        tasks_linked(section(main, "informed-title")),
        ["request-sandbox", "train-registrars"]
    );

    // Owner names link to people everywhere: the schedule, the runbook,
    // the sign-off page.
    let schedule = main_of(&page(&dir, "schedule.html")).to_string();
    assert!(
        schedule.contains("Tech (<a href=\"people/tom.html\">Tom Becker</a>)"),
        "{schedule}"
    );
    assert!(schedule.contains("District Web Team"));
    let signoff = main_of(&page(&dir, "signoff.html")).to_string();
    assert!(
        signoff.contains("href=\"people/asst-super.html\""),
        "{signoff}"
    );
    let runbook = main_of(&page(&dir, "runbook.html")).to_string();
    assert!(runbook.contains("href=\"people/rosa.html\""), "{runbook}");
    // Milestone titles, not ids.
    let overview = main_of(&page(&dir, "index.html")).to_string();
    assert!(overview.contains("End of year finalized") && overview.contains("Cutover weekend"));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn the_raci_page_has_a_letter_per_person_and_task() {
    let dir = built("raci");
    let raci = page(&dir, "raci.html");
    let main = main_of(&raci);
    let row = |task: &str| -> Vec<(String, String)> {
        let start = main.find(&format!("#task-{task}\"")).unwrap();
        let rest = &main[start..];
        let row = &rest[..rest.find("</tr>").unwrap()];
        row.match_indices("data-label=\"")
            .map(|(i, m)| {
                let r = &row[i + m.len()..];
                let who = r[..r.find('"').unwrap()].to_string();
                let cell = &r[..r.find("</td>").unwrap()];
                let letter = cell
                    .find("\">")
                    .and_then(|a| {
                        let c = &cell[a + 2..];
                        c.find("</abbr>")
                            .map(|b| c[..b].rsplit('>').next().unwrap().to_string())
                    })
                    .unwrap_or_default();
                (who, letter)
            })
            .filter(|(_, l)| !l.is_empty())
            .collect()
    };
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        row("inventory-data"),
        pairs(&[
            ("Rosa Delgado", "R"),
            ("Dr. Ines Park", "A"),
            ("Sam Okafor", "C")
        ])
    );
    assert_eq!(
        row("network-prep"),
        pairs(&[("Rosa Delgado", "A"), ("Tom Becker", "R")])
    );
    assert_eq!(
        row("train-registrars"),
        pairs(&[
            ("Rosa Delgado", "R"),
            ("Tom Becker", "I"),
            ("Dr. Ines Park", "C"),
            ("Sam Okafor", "I")
        ])
    );
    // The task whose label names nobody is counted, not shown.
    assert!(!main.contains("task-parent-portal"));
    assert!(main.contains("1 task has no person yet"), "{main}");

    // The same matrix in the PDF: people across, a letter per cell.
    let pdf =
        fs::read(dir.join("output/0.3.0/student-information-system-migration-0.3.0.pdf")).unwrap();
    let text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    let words: Vec<&str> = text.split_whitespace().collect();
    let flat = words.join(" ");
    let at = flat
        .rfind("Responsibilities (RACI)")
        .expect("a RACI section");
    let section = &flat[at..];
    // The PDF's schedule names the people behind each owner label, as the
    // site and the calendars do.
    let schedule = &flat[flat.find("Every task once").expect("the schedule")..at];
    assert!(schedule.contains("Data Lead (Rosa Delgado)"), "{schedule}");
    assert!(
        schedule.contains("Tom Becker, Data Lead (Rosa Delgado)"),
        "{schedule}"
    );
    assert!(schedule.contains("District Web Team"), "{schedule}");
    // By phase: the PDF lists each task once (in the schedule); the site
    // has the matrix task by task.
    assert!(
        section.contains("Phase Rosa Delgado Tom Becker Dr. Ines Park Sam Okafor"),
        "{section}"
    );
    assert!(section.contains("Planning R A C I"), "{section}");
    assert!(section.contains("Start of school R I C I"), "{section}");
    assert!(
        !section[..section.find("How the dates").unwrap()]
            .contains("Inventory what the current SIS holds"),
        "{section}"
    );
    assert!(!section[..section.find("How the dates").unwrap()].contains("Open the parent portal"));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn feeds_import_in_an_icalendar_parser_with_multi_day_and_timed_events() {
    let dir = built("ics");
    let v = dir.join("output/0.3.0");
    // `latest/` holds the same bytes: the address to subscribe to.
    for f in [
        "people/rosa.ics",
        "people/tom.ics",
        "schedule.ics",
        "people/rosa.html",
    ] {
        assert_eq!(
            fs::read(dir.join("output/latest").join(f)).unwrap(),
            fs::read(v.join(f)).unwrap(),
            "latest/{f}"
        );
    }
    let verify = migplan(&["verify", "--root", dir.to_str().unwrap()]);
    assert!(verify.status.success(), "{}", text(&verify.stdout));
    let tom = fs::read_to_string(v.join("people/tom.ics")).unwrap();
    assert!(
        tom.contains("DTSTART;VALUE=DATE:20270706\r\nDTEND;VALUE=DATE:20270710\r\n"),
        "{tom}"
    );
    assert!(tom.contains("Status: To do"));
    assert!(!tom.contains("todo"));

    let Some(py) = python_with("icalendar", "MIGPLAN_REQUIRE_ICALENDAR") else {
        return;
    };
    let script = r#"
import sys, json, icalendar
out = {}
for path in sys.argv[1:]:
    cal = icalendar.Calendar.from_ical(open(path, 'rb').read())
    events = []
    for e in cal.walk('VEVENT'):
        s, t = e.decoded('DTSTART'), e.decoded('DTEND')
        events.append({
            'uid': str(e['UID']), 'summary': str(e['SUMMARY']),
            'timed': hasattr(s, 'hour'), 'days': (t - s).days if not hasattr(s, 'hour') else None,
            'minutes': int((t - s).total_seconds() // 60) if hasattr(s, 'hour') else None,
            'url': str(e.get('URL', '')), 'desc': str(e.get('DESCRIPTION', '')),
        })
    assert len({e['uid'] for e in events}) == len(events), 'duplicate UIDs'
    out[path.rsplit('/', 1)[-1]] = events
print(json.dumps(out))
"#;
    let files: Vec<String> = [
        "people/rosa.ics",
        "people/tom.ics",
        "people/asst-super.ics",
        "schedule.ics",
    ]
    .iter()
    .map(|f| v.join(f).to_str().unwrap().to_string())
    .collect();
    let mut args = vec!["-c".to_string(), script.to_string()];
    args.extend(files);
    let out = Command::new(&py).args(&args).output().unwrap();
    assert!(out.status.success(), "icalendar: {}", text(&out.stderr));
    let parsed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let uids = |f: &str| -> Vec<String> {
        let mut v: Vec<String> = parsed[f]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                e["uid"]
                    .as_str()
                    .unwrap()
                    .split('@')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        uids("rosa.ics"),
        [
            "step-export-sis",
            "step-load-sis",
            "task-close-gradebook",
            "task-finalize-grades",
            "task-inventory-data",
            "task-patch-switches",
            "task-request-sandbox",
            "task-state-reporting",
            "task-train-registrars"
        ]
    );
    assert_eq!(
        uids("tom.ics"),
        [
            "step-check-network",
            "task-network-prep",
            "task-patch-switches"
        ]
    );
    assert_eq!(uids("asst-super.ics"), ["step-go-no-go"]);
    let event = |f: &str, uid: &str| -> serde_json::Value {
        parsed[f]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["uid"].as_str().unwrap().starts_with(uid))
            .cloned()
            .unwrap()
    };
    // 6..9 July inclusive: four days (DTEND exclusive).
    let prep = event("tom.ics", "task-network-prep@");
    assert_eq!(prep["timed"], false);
    assert_eq!(prep["days"], 4);
    assert_eq!(
        prep["url"],
        "https://plans.example.edu/sis/0.3.0/schedule.html#task-network-prep"
    );
    let export = event("rosa.ics", "step-export-sis@");
    assert_eq!(export["timed"], true);
    assert_eq!(export["minutes"], 180);
    assert!(
        export["url"]
            .as_str()
            .unwrap()
            .ends_with("runbook.html#step-export-sis")
    );
    let reporting = event("rosa.ics", "task-state-reporting@");
    assert!(
        reporting["desc"]
            .as_str()
            .unwrap()
            .contains("Status: In progress"),
        "{reporting}"
    );
    let whole = event("schedule.ics", "milestone-migration@");
    assert_eq!(whole["summary"], "Milestone: Cutover weekend");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn uids_survive_reordering_and_the_feed_url_is_relative_without_site_url() {
    let dir = school("reorder");
    let sched = dir.join("content/schedule.yaml");
    let text_of = fs::read_to_string(&sched).unwrap();
    // Move the last task to the front of the list.
    let (head, tasks) = text_of.split_once("tasks:\n").unwrap();
    let last = tasks.rfind("  - id:").unwrap();
    let moved = format!("{head}tasks:\n{}{}", &tasks[last..], &tasks[..last]);
    fs::write(&sched, moved).unwrap();
    let plan = dir.join("content/plan.yaml");
    let p = fs::read_to_string(&plan).unwrap();
    fs::write(
        &plan,
        p.replace("  site_url: https://plans.example.edu/sis/\n", ""),
    )
    .unwrap();
    let root = dir.to_str().unwrap();
    let ics = text(
        &migplan(&[
            "schedule", "--root", root, "--as-of", AS_OF, "--format", "ics",
        ])
        .stdout,
    );
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
    assert!(ics.contains("UID:task-parent-portal@student-information-system-migration.migplan"));
    assert!(
        ics.contains("URL:schedule.html#task-parent-portal"),
        "{ics}"
    );
    let tom = text(
        &migplan(&[
            "schedule", "--root", root, "--as-of", AS_OF, "--format", "ics", "--owner", "tom",
        ])
        .stdout,
    );
    assert!(tom.contains("X-WR-CALNAME:Student information system migration 0.3.0: Tom Becker"));
    assert!(
        tom.contains("URL:../schedule.html#task-network-prep"),
        "{tom}"
    );
    assert!(!tom.contains("task-inventory-data"));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn schedule_owner_filters_by_person_or_label_and_suggests_on_typos() {
    let dir = school("owner");
    let root = dir.to_str().unwrap();
    let csv = text(
        &migplan(&[
            "schedule", "--root", root, "--as-of", AS_OF, "--format", "csv", "--owner", "Tech",
        ])
        .stdout,
    );
    let ids: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, ["network-prep"], "{csv}");
    let table = text(
        &migplan(&[
            "schedule", "--root", root, "--as-of", AS_OF, "--owner", "rosa",
        ])
        .stdout,
    );
    assert!(table.contains("Train registrars") && table.contains("Patch the switches"));
    assert!(!table.contains("Prepare the network") && !table.contains("parent portal"));
    assert!(table.contains("7 tasks"), "{table}");
    let bad = migplan(&[
        "schedule", "--root", root, "--as-of", AS_OF, "--owner", "rossa",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let err = text(&bad.stderr);
    assert!(
        err.contains("error: `rossa` is neither a stakeholder id nor an owner label"),
        "{err}"
    );
    assert!(err.contains("did you mean `rosa`?"), "{err}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn bad_raci_ids_absences_and_site_urls_are_errors_at_their_line() {
    let dir = school("errors");
    let sched = dir.join("content/schedule.yaml");
    let s = fs::read_to_string(&sched).unwrap();
    fs::write(
        &sched,
        s.replace("consulted: [principal]", "consulted: [principle]"),
    )
    .unwrap();
    let people = dir.join("content/people.yaml");
    let s = fs::read_to_string(&people).unwrap();
    fs::write(&people, s.replace("to: 2027-07-23", "to: 2027-06-23")).unwrap();
    let plan = dir.join("content/plan.yaml");
    let s = fs::read_to_string(&plan).unwrap();
    fs::write(
        &plan,
        s.replace("https://plans.example.edu/sis/", "plans.example.edu"),
    )
    .unwrap();
    let out = migplan(&["check", "--root", dir.to_str().unwrap(), "--as-of", AS_OF]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("content/schedule.yaml:15:17: error: `principle` in `consulted` of task `inventory-data` is not a stakeholder id"), "{err}");
    assert!(err.contains("did you mean `principal`?"), "{err}");
    assert!(err.contains("content/people.yaml:12:32: error: this absence of `tom` ends (2027-06-23) before it starts (2027-07-01)"), "{err}");
    assert!(
        err.contains(
            "content/plan.yaml:8:13: error: `plans.example.edu` is not an http(s) address"
        ),
        "{err}"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn an_archive_whose_latest_is_a_redirect_page_verifies_and_is_upgraded() {
    let dir = built("upgrade");
    let out = dir.join("output");
    // What earlier migplan versions wrote: latest/ as one redirect page,
    // listed among the top files.
    fs::remove_dir_all(out.join("latest")).unwrap();
    fs::create_dir_all(out.join("latest")).unwrap();
    let redirect = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"refresh\" content=\"0; url=../0.3.0/index.html\">\n<title>latest</title>\n</head>\n<body><main><p><a href=\"../0.3.0/index.html\">version 0.3.0</a></p></main></body>\n</html>\n";
    fs::write(out.join("latest/index.html"), redirect).unwrap();
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_object_mut().unwrap();
    files.retain(|k, _| !k.starts_with("latest/"));
    files.insert(
        "latest/index.html".into(),
        serde_json::json!({"size": redirect.len(), "sha256": migplan::hash::sha256_hex(redirect.as_bytes())}),
    );
    fs::write(
        out.join("manifest.json"),
        serde_json::to_vec_pretty(&manifest).unwrap(),
    )
    .unwrap();
    let root = dir.to_str().unwrap();
    let v = migplan(&["verify", "--root", root]);
    assert!(v.status.success(), "{}{}", text(&v.stdout), text(&v.stderr));

    let again = migplan(&["build", "--root", root, "--as-of", AS_OF]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    for f in ["index.html", "people/rosa.ics", "raci.html"] {
        assert_eq!(
            fs::read(out.join("latest").join(f)).unwrap(),
            fs::read(out.join("0.3.0").join(f)).unwrap(),
            "latest/{f}"
        );
    }
    let v = migplan(&["verify", "--root", root]);
    assert!(v.status.success(), "{}", text(&v.stdout));

    // Building an older version leaves latest/ the newest one's copy.
    let plan = dir.join("content/plan.yaml");
    let p = fs::read_to_string(&plan).unwrap();
    fs::write(&plan, p.replace("version: 0.3.0", "version: 0.2.0")).unwrap();
    let sign = dir.join("content/runbook.yaml");
    let s = fs::read_to_string(&sign).unwrap();
    fs::write(&sign, s.replace("version: 0.3.0", "version: 0.2.0")).unwrap();
    let older = migplan(&["build", "--root", root, "--as-of", AS_OF]);
    assert!(older.status.success(), "{}", text(&older.stderr));
    assert!(out.join("0.2.0/people/tom.ics").exists());
    let latest: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("latest/plan.json")).unwrap()).unwrap();
    assert_eq!(latest["version"], "0.3.0");
    // Tampering with the copy is caught like any other file.
    fs::write(out.join("latest/people/rosa.ics"), "BEGIN:VCALENDAR\r\n").unwrap();
    let v = migplan(&["verify", "--root", root]);
    assert_eq!(v.status.code(), Some(1), "{}", text(&v.stdout));
    assert!(
        text(&v.stdout).contains("latest/people/rosa.ics"),
        "{}",
        text(&v.stdout)
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_large_plan_gets_its_pdf_matrix_by_phase() {
    let dir = std::env::temp_dir().join(format!("migplan-people-large-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("content")).unwrap();
    let mut yaml = String::from(
        "plan:\n  title: Large plan\n  version: 1.0.0\nmilestones:\n  migration: 2027-09-04\nphases: [Early, Late]\nstakeholders:\n  - id: ana\n    name: Ana\n    owns: [Lead]\n  - id: ben\n    name: Ben\n    owns: [Tech]\ntasks:\n",
    );
    for i in 0..130 {
        let (phase, owner) = if i < 65 {
            ("Early", "Lead")
        } else {
            ("Late", "Tech")
        };
        yaml.push_str(&format!(
            "  - id: t{i}\n    title: Task {i}\n    phase: {phase}\n    owner: {owner}\n    due: {} days before migration\n{}",
            i + 1,
            if i == 3 { "    informed: [ben]\n" } else { "" }
        ));
    }
    fs::write(dir.join("content/plan.yaml"), yaml).unwrap();
    let root = dir.to_str().unwrap();
    let out = migplan(&["build", "--root", root, "--as-of", AS_OF]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pdf = fs::read(dir.join("output/1.0.0/large-plan-1.0.0.pdf")).unwrap();
    let flat = pdf_extract::extract_text_from_mem(&pdf)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let at = flat
        .rfind("Responsibilities (RACI)")
        .expect("a RACI section");
    let section = &flat[at..];
    let section = &section[..section.find("How the dates were computed").unwrap()];
    assert!(section.contains("By phase"), "{section}");
    assert!(
        section.contains("Phase Ana Ben Early R I Late R"),
        "{section}"
    );
    assert!(!section.contains("Task 100"), "{section}");
    // The site still lists every task.
    let raci = fs::read_to_string(dir.join("output/1.0.0/raci.html")).unwrap();
    assert_eq!(
        raci.matches("<abbr title=\"Responsible\">R</abbr>").count(),
        130
    );
    let _ = fs::remove_dir_all(&dir);
}
