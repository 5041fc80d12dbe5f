//! `migplan import` through the real binary: a process table written as
//! XLSX in the test (with `rust_xlsxwriter`), in the wording of seed 000
//! (`/work/shared/seeds/000_*.txt`), becomes tasks whose parents and rules
//! are the example plan's (`content/schedule/`); what it cannot convert is
//! listed by row and kept; nothing existing is overwritten.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Seed 000's process table, row by row: phase, task (extra lines are
/// more text in the same cell), parent task, assignee, due; and the id
/// the example plan gives that task.
const SEED: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "Planning / Requirements",
        "Schedule migration",
        "",
        "Project Manager",
        "No less than 8 weeks prior to planned migration date",
        "schedule-migration",
    ),
    (
        "Planning / Requirements",
        "At start of project, gather former server information, internet quality, and third-party apps",
        "",
        "Engineer",
        "Project start",
        "gather-server-info",
    ),
    (
        "Planning / Requirements",
        "Physical Servers: Document new server requirements",
        "",
        "Engineer",
        "No less than 8 weeks prior to planned migration date",
        "document-server-reqs",
    ),
    (
        "Planning / Requirements",
        "Physical Servers: Order hardware",
        "",
        "IT Manager",
        "No less than 7 weeks prior to planned migration date",
        "order-hardware",
    ),
    (
        "Testing / Proof of Concept",
        "Schedule PMS Test conversion",
        "",
        "Project Manager",
        "No less than 6 weeks prior to planned migration date",
        "schedule-test-conversion",
    ),
    (
        "Planning / Requirements",
        "Virtual Servers: Build in Azure",
        "",
        "Engineer",
        "No less than 5 weeks prior to planned migration date",
        "build-azure-vm",
    ),
    (
        "Testing / Proof of Concept",
        "Gather Admin credentials to current PMS \u{2013} check bitwarden",
        "Schedule PMS Test conversion",
        "Engineer",
        "No less than 2 days prior to scheduled test conversion",
        "gather-admin-credentials",
    ),
    (
        "Testing / Proof of Concept",
        "Install trial version of OD on middle-tier server (new)",
        "Schedule PMS Test conversion",
        "Engineer",
        "No less than 5 weeks prior to planned migration date",
        "install-od-trial",
    ),
    (
        "Testing / Proof of Concept",
        "Grant Open Dental access to original PMS server to extract data\nLog into PMS with Admin credentials\nConnect Open Dental to PMS to extract data",
        "Schedule PMS Test conversion",
        "Engineer",
        "No less than 5 weeks prior to planned migration date",
        "grant-od-access",
    ),
    (
        "Testing / Proof of Concept",
        "Open Dental delivers converted test data to middle-tier server (new)",
        "Schedule PMS Test conversion",
        "Engineer",
        "No less than 5 weeks prior to planned migration date",
        "receive-test-data",
    ),
    (
        "Testing / Proof of Concept",
        "Point OD trial to test data",
        "Schedule PMS Test conversion",
        "Engineer",
        "No less than 5 weeks prior to planned migration date",
        "point-od-trial",
    ),
    (
        "Testing / Proof of Concept",
        "Install OD trial on workstations (refer to ticket)",
        "Schedule PMS Test conversion",
        "Tech",
        "No less than 5 weeks prior to planned migration date",
        "install-od-workstations",
    ),
    (
        "Testing / Proof of Concept",
        "Create testuser login credentials (Admin rights, username = testuser; pw = testuser)",
        "Schedule PMS Test conversion",
        "Tech",
        "No less than 5 weeks prior to planned migration date",
        "create-test-user",
    ),
    (
        "Testing / Proof of Concept",
        "Send instructions to log into OD with credentials to practice manager, Mary Hribar, and Jenn Stilwell",
        "Schedule PMS Test conversion",
        "Tech",
        "No less than 5 weeks prior to planned migration date",
        "send-login-instructions",
    ),
    (
        "Testing / Proof of Concept",
        "Test imaging program bridge",
        "Schedule PMS Test conversion",
        "Engineer/Tech",
        "No less than 5 weeks prior to planned migration date",
        "test-imaging-bridge",
    ),
    (
        "Testing / Proof of Concept",
        "Setup program bridge to imaging software",
        "Test imaging program bridge",
        "Engineer/Tech",
        "No less than 5 weeks prior to planned migration date",
        "setup-imaging-bridge",
    ),
    (
        "Testing / Proof of Concept",
        "Select patient in OD and click on imaging button to launch imaging software",
        "Test imaging program bridge",
        "Engineer/Tech",
        "No less than 5 weeks prior to planned migration date",
        "launch-imaging",
    ),
    (
        "Testing / Proof of Concept",
        "Testing will determine if images or OD database will need renumbering/maintenance before the bridge can be setup\nCarestream: most likely needs to be renumbered by Open Dental for go-live because it is mapped to chart number and not patient ID",
        "Test imaging program bridge",
        "Engineer/Tech",
        "No less than 5 weeks prior to planned migration date",
        "check-renumbering",
    ),
    (
        "Planning / Requirements",
        "Discovery call with Engineer and Tech",
        "",
        "Engineer",
        "No less than 1 week prior to planned migration date",
        "discovery-call",
    ),
    (
        "Planning / Requirements",
        "Create a list of all required software and data to be migrated\nList will always includes Lightwave Analytics (C:LWD:\\)",
        "Discovery call with Engineer and Tech",
        "Engineer/Tech",
        "No less than 1 week prior to planned migration date",
        "list-software-data",
    ),
    (
        "Planning / Requirements",
        "Create a list of third-party add-ons",
        "Discovery call with Engineer and Tech",
        "Tech",
        "No less than 1 week prior to planned migration date",
        "list-addons",
    ),
    (
        "Planning / Requirements",
        "Create a list of software/applications where credentials are required",
        "Discovery call with Engineer and Tech",
        "Engineer/Tech",
        "No less than 1 week prior to planned migration date",
        "list-credentialed-apps",
    ),
    (
        "Planning / Requirements",
        "Note any nuances or special circumstances",
        "Discovery call with Engineer and Tech",
        "Engineer",
        "No less than 1 week prior to planned migration date",
        "note-nuances",
    ),
    (
        "Planning / Requirements",
        "Gather credentials (as needed)",
        "Discovery call with Engineer and Tech",
        "Tech",
        "No less than 2 days prior to planned migration date",
        "gather-credentials",
    ),
    (
        "Planning / Requirements",
        "Virtual Servers: Document new server requirements",
        "",
        "Engineer",
        "No less than 1 week prior to planned migration date",
        "document-vm-reqs",
    ),
    (
        "Planning / Requirements",
        "Physical Servers: Install hardware",
        "",
        "Tech",
        "No less than 1 week prior to planned migration date",
        "install-hardware",
    ),
    (
        "Planning / Requirements",
        "Physical Servers: Confirm connectivity with Engineer",
        "Physical Servers: Install hardware",
        "Tech",
        "During hardware installation",
        "confirm-connectivity",
    ),
    (
        "Implementing / In Progress",
        "Data migration",
        "",
        "Engineer",
        "Start no less than 1 week prior to planned migration date",
        "data-migration",
    ),
    (
        "Implementing / In Progress",
        "Apply all Windows OS updates",
        "Data migration",
        "Engineer",
        "Start no less than 1 week prior to planned migration date",
        "apply-os-updates",
    ),
    (
        "Implementing / In Progress",
        "Setup DNS (Azure only)",
        "Data migration",
        "Engineer",
        "Start no less than 1 week prior to planned migration date",
        "setup-dns",
    ),
    (
        "Implementing / In Progress",
        "Install all required software (former server info list)",
        "Data migration",
        "Engineer/Tech",
        "Start no less than 1 week prior to planned migration date",
        "install-software",
    ),
    (
        "Implementing / In Progress",
        "Migrate data",
        "Data migration",
        "Engineer",
        "Start no less than 1 week prior to planned migration date",
        "migrate-data",
    ),
    (
        "Implementing / In Progress",
        "After data migration, verify that all programs work (e.g., login, access database, data is current)",
        "Data migration",
        "Engineer/Tech",
        "No less than 1 day prior to planned migration date",
        "verify-programs",
    ),
    (
        "Implementing / In Progress",
        "Reconnect third-party add-ons \u{2013} Tech",
        "Data migration",
        "Tech",
        "Migration date",
        "reconnect-addons",
    ),
    (
        "Post-Implementation",
        "Onsite tech support for day after migration",
        "",
        "Tech",
        "Go-live",
        "onsite-support",
    ),
    (
        "Post-Implementation",
        "Ensure connectivity and access to applications",
        "Onsite tech support for day after migration",
        "Tech",
        "Go-live",
        "check-app-access",
    ),
    (
        "Post-Implementation",
        "Ensure third-party add-on connections have been reestablished",
        "Onsite tech support for day after migration",
        "Tech",
        "Go-live",
        "check-addons",
    ),
];

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

/// The base fixture plan (with a `test-conversion` milestone, as the
/// example has) in a fresh folder.
fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-import-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let content = dir.join("content");
    fs::create_dir_all(&content).unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
    for e in fs::read_dir(base).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, content.join(p.file_name().unwrap())).unwrap();
    }
    let plan = content.join("plan.yaml");
    let t = fs::read_to_string(&plan).unwrap().replace(
        "  go-live: 2 days after migration\n",
        "  go-live: 2 days after migration\n  test-conversion: 2026-12-09\n",
    );
    fs::write(plan, t).unwrap();
    dir
}

/// The seed's table as an XLSX file, header in row 1; `extra` rows after.
fn seed_xlsx(path: &Path, extra: &[[&str; 5]]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Process").unwrap();
    for (c, h) in [
        "Phase",
        "Task Description",
        "Parent Task",
        "Assignee",
        "Due",
        "Resources",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows = SEED
        .iter()
        .map(|r| [r.0, r.1, r.2, r.3, r.4])
        .chain(extra.iter().copied());
    for (i, row) in rows.enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(i as u32 + 1, c as u16, *v).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// Our own block format, read back: task id -> its `key: value` lines
/// (values unquoted). Enough for files written like the example's.
fn tasks_of(yaml: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let mut current: Option<(String, BTreeMap<String, String>)> = None;
    for line in yaml.lines() {
        let unquote = |v: &str| -> String {
            let v = v.trim();
            if v.starts_with('"') {
                serde_json::from_str(v).unwrap_or_else(|_| v.trim_matches('"').to_string())
            } else {
                v.to_string()
            }
        };
        if let Some(id) = line.strip_prefix("  - id: ") {
            if let Some((k, v)) = current.take() {
                out.insert(k, v);
            }
            current = Some((unquote(id), BTreeMap::new()));
        } else if let (Some((_, fields)), Some(kv)) = (current.as_mut(), line.strip_prefix("    "))
            && let Some((k, v)) = kv.split_once(": ")
            && !k.starts_with(' ')
        {
            fields.insert(k.to_string(), unquote(v));
        }
    }
    if let Some((k, v)) = current {
        out.insert(k, v);
    }
    out
}

fn example_tasks() -> BTreeMap<String, BTreeMap<String, String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/schedule");
    let mut out = BTreeMap::new();
    for e in fs::read_dir(dir).unwrap() {
        out.extend(tasks_of(&fs::read_to_string(e.unwrap().path()).unwrap()));
    }
    out
}

#[test]
fn import_seed_xlsx_matches_the_example_plan() {
    let root = project("seed");
    let xlsx = root.join("process.xlsx");
    seed_xlsx(
        &xlsx,
        &[[
            "Post-Implementation",
            "Lock the old PMS",
            "No such parent",
            "Tech",
            "When the practice manager says so",
        ]],
    );
    let into = root.join("content/schedule/process.yaml");
    let out = migplan(&[
        "import",
        xlsx.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
        "--sheet",
        "process",
        "--into",
        into.to_str().unwrap(),
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let yaml = fs::read_to_string(&into).unwrap();
    let imported = tasks_of(&yaml);
    assert_eq!(imported.len(), SEED.len() + 1, "{yaml}");

    // Which imported id is which example task: by the row order.
    let ids: Vec<String> = yaml
        .lines()
        .filter_map(|l| l.strip_prefix("  - id: "))
        .map(str::to_string)
        .collect();
    let to_example: BTreeMap<&str, &str> = ids
        .iter()
        .map(String::as_str)
        .zip(SEED.iter().map(|r| r.5))
        .collect();
    let example = example_tasks();
    for (i, row) in SEED.iter().enumerate() {
        let mine = &imported[&ids[i]];
        let theirs = &example[row.5];
        let mapped = |k: &str| {
            mine.get(k).map(|id| {
                to_example
                    .get(id.as_str())
                    .copied()
                    .unwrap_or(id.as_str())
                    .to_string()
            })
        };
        assert_eq!(
            mapped("parent"),
            theirs.get("parent").cloned(),
            "parent of {}",
            row.5
        );
        assert_eq!(
            mapped("during"),
            theirs.get("during").cloned(),
            "during of {}",
            row.5
        );
        if row.4.starts_with("Start") {
            assert_eq!(mine.get("start"), theirs.get("start"), "start of {}", row.5);
        } else {
            assert_eq!(mine.get("due"), theirs.get("due"), "due of {}", row.5);
        }
        assert_eq!(mine["title"], row.1.lines().next().unwrap());
    }
    // The Start rows: due by the anchor (the example's own choice for the
    // parent task), said on the terminal.
    assert_eq!(imported[&ids[27]]["due"], "migration");
    assert!(stderr.contains("note: row 29: \u{201c}Start no less than 1 week prior to planned migration date\u{201d} gives a start: `start: 1 week before migration`, and `due: migration` assumed"), "{stderr}");
    // Extra lines of a cell are kept as notes.
    assert!(imported[&ids[8]]["notes"].contains("Connect Open Dental to PMS to extract data"));
    // New phases are declared (the base plan has Planning and Cutover).
    assert!(yaml.contains("phases:\n  - Planning / Requirements\n  - Testing / Proof of Concept\n  - Implementing / In Progress\n  - Post-Implementation\n"), "{yaml}");

    // The row it could not convert: listed by row number, text kept.
    let last = &imported[ids.last().unwrap()];
    assert!(
        last["notes"]
            .contains("Due (as imported, not converted): When the practice manager says so")
    );
    assert!(last["notes"].contains("Parent task (as imported): No such parent"));
    let n = SEED.len() + 2;
    assert!(stderr.contains(&format!("warning: row {n}: parent task \u{201c}No such parent\u{201d} is not a task title in the table or the plan; kept in the task's notes")), "{stderr}");
    assert!(stderr.contains(&format!("warning: row {n}: due \u{201c}When the practice manager says so\u{201d} is not a rule migplan understands")), "{stderr}");
    assert!(stderr.contains("migplan: imported 38 tasks and 4 new phases from process.xlsx (sheet \u{201c}Process\u{201d})"), "{stderr}");
    assert!(stderr.contains("1 row needs a look"), "{stderr}");

    // The plan with the imported file checks: one error only, at the task
    // that has no due date yet.
    let check = migplan(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2026-11-22",
    ]);
    let cs = text(&check.stderr);
    assert_eq!(cs.matches(": error: ").count(), 1, "{cs}");
    assert!(cs.contains("migplan: 1 error"), "{cs}");
    assert!(cs.contains("content/schedule/process.yaml:"), "{cs}");

    // A sheet that is not there, a file that is no spreadsheet.
    let nosheet = migplan(&[
        "import",
        xlsx.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
        "--sheet",
        "Tasks",
    ]);
    assert_eq!(nosheet.status.code(), Some(2));
    assert!(
        text(&nosheet.stderr)
            .contains("no sheet named \u{201c}Tasks\u{201d}; the sheets are: Process"),
        "{}",
        text(&nosheet.stderr)
    );
    let txt = root.join("notes.txt");
    fs::write(&txt, "hello").unwrap();
    let notsheet = migplan(&[
        "import",
        txt.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
    ]);
    assert_eq!(notsheet.status.code(), Some(2));
    assert!(
        text(&notsheet.stderr)
            .contains("not a spreadsheet migplan reads: use .xlsx, .xlsm, .xls, .ods or .csv")
    );

    // Nothing existing is overwritten.
    let before = fs::read(&into).unwrap();
    let again = migplan(&[
        "import",
        xlsx.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("exists; import never overwrites a file"));
    assert_eq!(fs::read(&into).unwrap(), before);
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn import_csv_with_a_mapped_column() {
    let root = project("csv");
    let csv = root.join("tasks.csv");
    fs::write(
        &csv,
        "\u{feff}Stage,Name,Owner,Deadline,When\r\nCutover,Copy the data,Engineer,2 days prior to scheduled test conversion,ignored\r\n,\"Check: \"\"all\"\" rows\",Tech,Go live,\r\n",
    )
    .unwrap();
    let out = migplan(&[
        "import",
        csv.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
        "--map",
        "Due=Deadline",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let yaml = fs::read_to_string(root.join("content/schedule/tasks.yaml")).unwrap();
    let t = tasks_of(&yaml);
    assert_eq!(t["copy-the-data"]["due"], "2 days before test-conversion");
    assert_eq!(t["copy-the-data"]["phase"], "Cutover");
    assert_eq!(t["check-all-rows"]["title"], "Check: \"all\" rows");
    assert_eq!(t["check-all-rows"]["due"], "go-live");
    assert!(!yaml.contains("phases:"), "Cutover is a phase already");
    let check = migplan(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));

    // Bad maps and headers: usage errors that name the columns.
    let bad = migplan(&[
        "import",
        csv.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
        "--map",
        "Due=Nope",
        "--into",
        "x.yaml",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let e = text(&bad.stderr);
    assert!(
        e.contains("--map Due=Nope: the table has no column \u{201c}Nope\u{201d}"),
        "{e}"
    );
    assert!(
        e.contains("\u{201c}Stage\u{201d}, \u{201c}Name\u{201d}"),
        "{e}"
    );
    let _ = fs::remove_dir_all(&root);
}
