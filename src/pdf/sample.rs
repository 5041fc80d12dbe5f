//! A realistic sample `Document` (a dental practice's PMS migration) -> for
//! the engine's tests, the `pdf_sample` example and eyeballing the look.
//!
//! It exercises every block: cover, document control tables, a TOC, a
//! 40-row schedule with sub-tasks that spans pages, a Gantt chart, an
//! inventory, a Markdown-like section and a sign-off page with three signers.

use chrono::{Duration, NaiveDate};

use super::doc::*;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("sample dates are valid")
}

fn t(s: &str) -> Inline {
    Inline::text(s)
}

fn h(level: u8, text: &str, id: &str) -> Block {
    Block::Heading {
        level,
        text: text.into(),
        id: id.into(),
    }
}

fn p(inl: Vec<Inline>) -> Block {
    Block::Paragraph(inl)
}

fn cells(texts: &[&str]) -> Vec<Cell> {
    texts.iter().map(|s| Cell::text(*s)).collect()
}

/// (indent, title, owner, start, due, status)
type Task = (
    u8,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const TASKS: [Task; 40] = [
    (0, "Planning / Requirements", "", "2026-10-05", "2026-11-06", ""),
    (1, "Kick-off meeting with practice leadership", "Project Manager", "2026-10-05", "2026-10-05", "done"),
    (1, "Confirm migration strategy (big-bang) and go-live weekend", "Project Manager", "2026-10-06", "2026-10-09", "done"),
    (1, "Inventory servers, workstations and imaging devices", "Engineer", "2026-10-06", "2026-10-16", "done"),
    (2, "Record Eaglesoft version, database size and service accounts", "Engineer", "2026-10-07", "2026-10-09", "done"),
    (2, "List imaging bridges (Dexis, Schick, intraoral cameras)", "Tech", "2026-10-12", "2026-10-16", "done"),
    (1, "Define data priorities with the office manager", "Office Manager", "2026-10-12", "2026-10-23", "done"),
    (1, "Order Open Dental licences and the new database server", "Project Manager", "2026-10-19", "2026-10-30", "doing"),
    (1, "Agree freeze windows and the communication plan", "Project Manager", "2026-10-26", "2026-11-06", "todo"),
    (0, "Testing / Proof of Concept", "", "2026-10-26", "2026-12-18", ""),
    (1, "Schedule PMS test conversion", "Project Manager", "2026-10-26", "2026-10-30", "overdue"),
    (2, "Gather admin credentials to current PMS (from the password manager)", "Engineer", "2026-10-26", "2026-10-28", "overdue"),
    (2, "Export a full Eaglesoft backup to the conversion share", "Engineer", "2026-10-28", "2026-10-30", "todo"),
    (1, "Install Open Dental on the test server", "Engineer", "2026-11-02", "2026-11-06", "todo"),
    (2, "Confirm connectivity with the conversion vendor", "Tech", "2026-11-02", "2026-11-06", "todo"),
    (1, "Run the test conversion", "Conversion Vendor", "2026-11-09", "2026-11-20", "todo"),
    (1, "Validate converted data: patients, ledgers, appointments", "Office Manager", "2026-11-23", "2026-12-04", "todo"),
    (2, "Compare aged receivables report, Eaglesoft vs Open Dental", "Office Manager", "2026-11-23", "2026-11-27", "todo"),
    (2, "Spot-check 50 patient charts and perio exams", "Hygienist Lead", "2026-11-30", "2026-12-04", "todo"),
    (1, "Imaging bridge proof of concept on two operatories", "Tech", "2026-12-07", "2026-12-11", "todo"),
    (1, "Staff training on the test system", "Trainer", "2026-12-07", "2026-12-18", "todo"),
    (0, "Implementing / In Progress", "", "2026-12-21", "2027-01-18", ""),
    (1, "Deploy the production database server", "Engineer", "2026-12-21", "2026-12-23", "todo"),
    (1, "Install Open Dental clients on 14 workstations", "Tech", "2026-12-28", "2027-01-08", "todo"),
    (2, "Front desk (4)", "Tech", "2026-12-28", "2026-12-30", "todo"),
    (2, "Operatories (8)", "Tech", "2027-01-04", "2027-01-07", "todo"),
    (2, "Back office (2)", "Tech", "2027-01-08", "2027-01-08", "todo"),
    (1, "Final Eaglesoft backup and database freeze", "Engineer", "2027-01-15", "2027-01-15", "todo"),
    (1, "Migrate data", "Conversion Vendor", "2027-01-15", "2027-01-16", "todo"),
    (1, "Reconnect imaging bridges and printers", "Tech", "2027-01-16", "2027-01-16", "todo"),
    (1, "Go-live readiness check", "Project Manager", "2027-01-17", "2027-01-17", "todo"),
    (1, "First day on Open Dental, with on-site support", "Trainer", "2027-01-18", "2027-01-18", "todo"),
    (0, "Post-Implementation", "", "2027-01-19", "2027-02-26", ""),
    (1, "Daily check-ins during the first week", "Project Manager", "2027-01-19", "2027-01-22", "todo"),
    (1, "Reconcile day sheets and deposits", "Office Manager", "2027-01-19", "2027-01-29", "todo"),
    (1, "Resolve open conversion tickets", "Conversion Vendor", "2027-01-19", "2027-02-05", "todo"),
    (1, "Retire the Eaglesoft server (keep read-only for 7 years)", "Engineer", "2027-02-08", "2027-02-12", "todo"),
    (2, "Archive the final backup to offsite storage", "Engineer", "2027-02-08", "2027-02-10", "todo"),
    (1, "Lessons-learned review", "Project Manager", "2027-02-22", "2027-02-26", "todo"),
    (1, "Close the project and archive this document", "Project Manager", "2027-02-26", "2027-02-26", "todo"),
];

fn status_style(status: &str) -> RowStyle {
    match status {
        "" => RowStyle::Strong,
        "done" => RowStyle::Muted,
        "overdue" => RowStyle::Highlight,
        _ => RowStyle::Normal,
    }
}

fn schedule_table(tasks: &[Task]) -> Table {
    Table {
        columns: vec![
            Column::auto(),
            Column::fraction(0.17),
            Column::fraction(0.105),
            Column::fraction(0.105),
            Column::fraction(0.1),
        ],
        header: cells(&["Task", "Owner", "Start", "Due", "Status"]),
        rows: tasks
            .iter()
            .map(|&(indent, title, owner, start, due, status)| Row {
                cells: cells(&[title, owner, start, due, status]),
                indent,
                style: status_style(status),
            })
            .collect(),
    }
}

fn gantt() -> Gantt {
    use crate::render::gantt::{Band, BandKind, Bar, Chart, Row, RowKind, Scale, Style};
    let at = |s: &str| d(s).and_time(chrono::NaiveTime::MIN);
    let row = |kind, label: &str, depth| Row {
        kind,
        label: label.into(),
        depth,
        bar: None,
        diamond: None,
        note: None,
        tooltip: label.into(),
        task: None,
    };
    let mut rows = vec![row(RowKind::Group, "Key dates and freeze windows", 0)];
    for (label, day) in [
        ("Test conversion", "2026-11-20"),
        ("Migration", "2027-01-16"),
        ("Go live", "2027-01-18"),
    ] {
        rows.push(Row {
            diamond: Some(at(day) + Duration::hours(12)),
            note: Some(day.into()),
            ..row(RowKind::Milestone, label, 1)
        });
    }
    rows.push(row(RowKind::Group, "Tasks", 0));
    let mut index_of = std::collections::HashMap::new();
    for (i, &(indent, title, _, start, due, status)) in TASKS.iter().enumerate() {
        if indent > 1 {
            continue;
        }
        index_of.insert(i, rows.len());
        let style = match status {
            "done" => Style::Done,
            "overdue" => Style::Overdue,
            "blocked" => Style::Blocked,
            _ => Style::Todo,
        };
        rows.push(Row {
            bar: Some(Bar {
                start: at(start),
                end: at(due) + Duration::days(1),
                style,
            }),
            note: Some(due.into()),
            ..row(RowKind::Task, title, u32::from(indent) + 1)
        });
    }
    let dep = |a: usize, b: usize| (index_of[&a], index_of[&b]);
    let band = |s: &str, e: &str, label: &str| Band {
        kind: BandKind::Freeze,
        start: at(s),
        end: at(e),
        label: label.into(),
    };
    Gantt {
        charts: vec![Chart {
            title: "Whole plan".into(),
            start: at("2026-10-01"),
            end: at("2027-03-01"),
            scale: Scale::Weeks,
            rows,
            bands: vec![
                band("2026-12-24", "2027-01-01", "Holiday freeze"),
                band("2027-01-15", "2027-01-17", "Data freeze"),
            ],
            lines: vec![at("2027-01-16") + Duration::hours(12)],
            as_of: Some(at("2026-11-02")),
            deps: vec![
                dep(10, 13),
                dep(13, 15),
                dep(15, 16),
                dep(28, 29),
                dep(29, 31),
            ],
            legend: crate::render::gantt::TASK_LEGEND.to_vec(),
            summary: "The sample plan's tasks".into(),
        }],
    }
}

fn signer(name: &str, role: &str, org: &str, decision: Option<(&str, &str)>) -> Block {
    Block::Signature(SignatureBlock {
        name: name.into(),
        role: role.into(),
        organization: org.into(),
        meaning: "Approved as the plan of record, version 1.2.0".into(),
        decision: decision.map(|(decision, date)| Decision {
            decision: decision.into(),
            date: date.into(),
            recorded: "Recorded by the plan's owner".into(),
        }),
    })
}

fn kv(key: &str, value: Vec<Inline>) -> KeyValue {
    KeyValue {
        key: key.into(),
        value,
    }
}

/// The sample document.
pub fn document() -> Document {
    let mut blocks = vec![
        h(1, "Document control", "document-control"),
        h(2, "Revision history", "revisions"),
        Block::Table(Table {
            columns: vec![Column::fraction(0.12), Column::fraction(0.16), Column::fraction(0.2), Column::auto()],
            header: cells(&["Version", "Date", "Author", "Changes"]),
            rows: [
                ["0.1.0", "2026-09-21", "Dana Whitfield", "First draft for the kick-off meeting."],
                ["1.0.0", "2026-10-09", "Dana Whitfield", "Strategy confirmed: big-bang over the MLK weekend."],
                ["1.1.0", "2026-10-23", "Sam Ortega", "Data priorities and imaging inventory added."],
                ["1.2.0", "2026-11-02", "Dana Whitfield", "Test conversion rescheduled; freeze windows agreed."],
            ]
            .iter()
            .map(|r| Row { cells: cells(r), ..Row::default() })
            .collect(),
        }),
        h(2, "Distribution", "distribution"),
        Block::Table(Table {
            columns: vec![],
            header: cells(&["Name", "Role", "Organisation", "Signs"]),
            rows: [
                ["Dr. Amelia Hart", "Practice Owner", "Lakeside Family Dental", "yes"],
                ["Priya Natarajan", "Office Manager", "Lakeside Family Dental", "yes"],
                ["Dana Whitfield", "Project Manager", "Northbridge IT Partners", "yes"],
                ["Sam Ortega", "Engineer", "Northbridge IT Partners", "no"],
                ["Conversion Team", "Conversion Vendor", "Open Dental Software", "no"],
            ]
            .iter()
            .map(|r| Row { cells: cells(r), ..Row::default() })
            .collect(),
        }),
        h(2, "Sign-off status of version 1.2.0", "signoff-status"),
        p(vec![
            t("One of three required approvals is recorded (Dana Whitfield, 2 November 2026). "),
            Inline::Bold(vec![t("This version is a draft")]),
            t(" until Dr. Amelia Hart and Priya Natarajan approve it; see "),
            Inline::Link { target: LinkTarget::Internal("signoff".into()), content: vec![t("Sign-off")] },
            t("."),
        ]),
        Block::PageBreak,
        Block::Toc { title: "Contents".into(), max_level: 2 },
        Block::PageBreak,
        h(1, "1  Overview", "overview"),
        p(vec![
            t("Lakeside Family Dental moves its practice management system from "),
            Inline::Bold(vec![t("Eaglesoft 21.20")]),
            t(" to "),
            Inline::Bold(vec![t("Open Dental 24.3")]),
            t(" in a single cut-over over the weekend of "),
            Inline::Italic(vec![t("16\u{2013}17 January 2027")]),
            t(". Patients, appointments, ledgers, insurance plans, clinical notes and perio charts are converted by the vendor; images stay on the imaging server and are re-linked through the bridge. The converted data is validated against reports taken from Eaglesoft on the last evening of operation (see "),
            Inline::Link { target: LinkTarget::Internal("schedule".into()), content: vec![t("the schedule")] },
            t(" and the vendor's "),
            Inline::Link {
                target: LinkTarget::Url("https://www.opendental.com/manual/conversions.html".into()),
                content: vec![t("conversion notes")],
            },
            t(")."),
        ]),
        h(2, "Key questions", "key-questions"),
        Block::List {
            ordered: true,
            items: vec![
                vec![p(vec![t("Which data must be live on day one, and which can follow within a week?")])],
                vec![p(vec![t("Who validates the converted ledgers, and against which Eaglesoft reports?")])],
                vec![p(vec![
                    t("How long does the practice keep read-only access to Eaglesoft? "),
                    Inline::Italic(vec![t("State law requires seven years for adult records.")]),
                ])],
            ],
        },
        Block::PageBreak,
        h(1, "2  Schedule", "schedule"),
        p(vec![t("Tasks by phase, with owners and dates computed from the milestones. Overdue tasks are flagged; completed ones are greyed.")]),
        Block::Table(schedule_table(&TASKS)),
        h(1, "3  Timeline", "timeline"),
        Block::Gantt(gantt()),
        h(1, "4  Inventory", "inventory"),
        h(2, "Source system", "source-system"),
        Block::KeyValue(vec![
            kv("Application", vec![t("Eaglesoft 21.20 (Patterson Dental)")]),
            kv("Server", vec![Inline::Code("SRV-DENTAL01".into()), t(", Windows Server 2016, 16 GB RAM")]),
            kv("Database", vec![t("SQL Anywhere 17, 38.4 GB including audit tables")]),
            kv("Workstations", vec![t("14 (4 front desk, 8 operatories, 2 back office)")]),
            kv("Imaging", vec![t("Dexis 10 bridge; Schick sensors in operatories 1\u{2013}4")]),
            kv("Backups", vec![t("Nightly to NAS, weekly offsite; last restore test "), Inline::Bold(vec![t("2026-09-14")])]),
        ]),
        h(2, "Target system", "target-system"),
        Block::KeyValue(vec![
            kv("Application", vec![t("Open Dental 24.3")]),
            kv("Server", vec![Inline::Code("SRV-OD01".into()), t(", Windows Server 2022, 32 GB RAM, mirrored SSDs")]),
            kv("Database", vec![t("MariaDB 10.11 with nightly dumps and binary logs")]),
            kv("Access", vec![t("Remote support through the vendor's VPN, enabled per ticket")]),
        ]),
        h(1, "5  Data migration approach", "approach"),
        p(vec![
            t("The conversion follows the vendor's standard path. Three rules decide what happens to data that does not map cleanly: "),
        ]),
        Block::List {
            ordered: false,
            items: vec![
                vec![p(vec![Inline::Bold(vec![t("Keep history intact. ")]), t("Ledger entries convert with their original dates; nothing is re-posted.")])],
                vec![
                    p(vec![Inline::Bold(vec![t("Flag, don't fix. ")]), t("Data quality issues found in testing are logged and fixed in Eaglesoft before the final run:")]),
                    Block::List {
                        ordered: false,
                        items: vec![
                            vec![p(vec![t("duplicate patients (412 candidates found in the test run);")])],
                            vec![p(vec![t("insurance plans without an employer;")])],
                            vec![p(vec![t("appointments booked on deleted providers.")])],
                        ],
                    },
                ],
                vec![p(vec![Inline::Bold(vec![t("Images stay where they are. ")]), t("Only the bridge's patient-id mapping changes.")])],
            ],
        },
        Block::Quote(vec![p(vec![t(
            "\u{201c}If a report does not balance on Monday morning, we stop and call the vendor before the first patient is checked in.\u{201d} \u{2014} Priya Natarajan, Office Manager",
        )])]),
        p(vec![t("The final export runs from the server console after the last appointment on Friday:")]),
        Block::Code(
            "REM final Eaglesoft export, Friday 15 January 2027, after close\nnet stop \"Eaglesoft Database Server\"\nrobocopy D:\\Eaglesoft\\Data \\\\nas01\\conversion\\final /MIR /R:2 /W:5 /LOG:final-export.log\nnet start \"Eaglesoft Database Server\"\ncertutil -hashfile \\\\nas01\\conversion\\final\\Patterson.db SHA256 > final-export.sha256\n".into(),
        ),
        p(vec![
            t("Checksums are recorded in the ticket; the vendor confirms them before starting. Questions go to "),
            Inline::Code("it-support@lakeside-dental.example".into()),
            t("."),
        ]),
        Block::PageBreak,
        h(1, "6  Sign-off", "signoff"),
        p(vec![t("By signing, each signer approves this document as the plan of record for the migration. Sign in ink and date the signature; the scanned page is filed with the project records.")]),
    ];
    blocks.push(signer(
        "Dr. Amelia Hart",
        "Practice Owner",
        "Lakeside Family Dental",
        None,
    ));
    blocks.push(signer(
        "Priya Natarajan",
        "Office Manager",
        "Lakeside Family Dental",
        None,
    ));
    blocks.push(signer(
        "Dana Whitfield",
        "Project Manager",
        "Northbridge IT Partners",
        Some(("Approved", "2026-11-02")),
    ));

    Document {
        meta: Meta {
            title: "Eaglesoft to Open Dental migration \u{2014} Solution Document".into(),
            author: "Dana Whitfield".into(),
            subject: "Data-migration plan for Lakeside Family Dental, version 1.2.0".into(),
            keywords: vec![
                "migration".into(),
                "Eaglesoft".into(),
                "Open Dental".into(),
                "solution document".into(),
            ],
            language: "en-US".into(),
            date: d("2026-11-02"),
            document_id: "3f9c2a7b41d0e8f5".into(),
        },
        paper: Paper::A4,
        header_text: "Eaglesoft to Open Dental migration".into(),
        watermark: Some("DRAFT".into()),
        cover: Cover {
            doc_type: "Solution Document".into(),
            title: "Eaglesoft to Open Dental migration".into(),
            client: "Lakeside Family Dental".into(),
            version: "1.2.0".into(),
            status: "Draft".into(),
            date: "2 November 2026".into(),
            owner: "Dana Whitfield, Project Manager".into(),
            content_hash_short: "3f9c2a7b41d0".into(),
        },
        blocks,
        attachments: vec![],
    }
}

/// A document with a schedule of `n` tasks (for scale tests).
pub fn large(n: usize) -> Document {
    let mut doc = document();
    let start = d("2026-10-05");
    let tasks: Vec<Row> = (0..n)
        .map(|i| {
            let s = start + Duration::days((i / 3) as i64);
            Row {
                cells: cells(&[
                    &format!(
                        "Task {} of the bulk schedule: verify converted records batch {}",
                        i + 1,
                        i / 10 + 1
                    ),
                    ["Engineer", "Tech", "Office Manager"][i % 3],
                    &s.to_string(),
                    &(s + Duration::days(4)).to_string(),
                    ["todo", "doing", "done"][i % 3],
                ]),
                indent: (i % 4 != 0) as u8,
                style: if i % 3 == 2 {
                    RowStyle::Muted
                } else {
                    RowStyle::Normal
                },
            }
        })
        .collect();
    for b in &mut doc.blocks {
        if let Block::Table(t) = b
            && t.header.first() == Some(&Cell::text("Task"))
        {
            t.rows = tasks.clone();
        }
    }
    doc
}
