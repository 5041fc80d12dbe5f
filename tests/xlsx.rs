//! `schedule.xlsx` through the real binary: built with the version, listed
//! in its manifest, read back with calamine with dates as date cells, the
//! sheets and frozen header in place, formula triggers defused, and the
//! same bytes from two builds at different times.

mod common;
use common::copy_dir;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx};

fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-xlsx-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &dir.join("content"),
    );
    dir
}

fn build(root: &Path) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_migplan"))
        .env("NO_COLOR", "1")
        .args([
            "build",
            "--root",
            root.to_str().unwrap(),
            "--as-of",
            "2026-11-22",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fs::read(root.join("output/1.2.0/schedule.xlsx")).unwrap()
}

#[test]
fn schedule_xlsx_has_real_dates_and_sheets() {
    let root = project("dates");
    // A title a spreadsheet would run as a formula.
    let plan = root.join("content/schedule/01-planning.yaml");
    let t = fs::read_to_string(&plan).unwrap().replacen(
        "title: Schedule migration",
        "title: \"=HYPERLINK(\\\"http://x\\\")\"",
        1,
    );
    fs::write(&plan, t).unwrap();
    let bytes = build(&root);
    let manifest = fs::read_to_string(root.join("output/1.2.0/manifest.json")).unwrap();
    assert!(manifest.contains("\"schedule.xlsx\""), "{manifest}");

    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Schedule",
            "Data priorities",
            "Inventory",
            "Add-ons",
            "Risks"
        ]
    );
    let s = book.worksheet_range("Schedule").unwrap();
    let header: Vec<String> = s
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
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
            "baseline due",
            "actual start",
            "actual finish",
            "variance (working days)",
        ]
    );
    // The CSV of the same build has the due dates as text: the workbook
    // has them as date cells with the same days.
    let csv = fs::read_to_string(root.join("output/1.2.0/schedule.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let csv_rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let rows: Vec<&[Data]> = s.rows().skip(1).collect();
    assert_eq!(rows.len(), csv_rows.len());
    assert!(rows.len() > 30);
    for (row, rec) in rows.iter().zip(&csv_rows) {
        assert_eq!(row[0].to_string(), &rec[0]);
        let Data::DateTime(due) = &row[6] else {
            panic!("due of {} is not a date cell: {:?}", &rec[0], row[6]);
        };
        let due = due.as_datetime().unwrap().date();
        assert_eq!(due.to_string(), &rec[6], "{}", &rec[0]);
        if !rec[5].is_empty() {
            assert!(matches!(row[5], Data::DateTime(_)), "start of {}", &rec[0]);
        }
    }
    assert_eq!(rows[0][1].to_string(), "'=HYPERLINK(\"http://x\")");
    assert_eq!(&csv_rows[0][1], "'=HYPERLINK(\"http://x\")");
    // Frozen header and filters (read from the sheet's XML).
    let sheets = ["Data priorities", "Inventory", "Add-ons", "Risks"];
    for name in sheets {
        let r = book.worksheet_range(name).unwrap();
        assert!(r.rows().count() > 1, "{name} has rows");
    }
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn schedule_xlsx_is_the_same_bytes_every_build() {
    let a = project("same-a");
    let b = project("same-b");
    let first = build(&a);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = build(&b);
    assert!(
        first == second,
        "two builds gave different schedule.xlsx bytes"
    );
    let xml = unzip_sheet(&first);
    assert!(xml.contains("<pane ySplit=\"1\""), "frozen header");
    assert!(xml.contains("<autoFilter ref=\"A1:N"), "filters");
    let _ = fs::remove_dir_all(&a);
    let _ = fs::remove_dir_all(&b);
}

/// The first sheet's XML, found in the zip by its local header.
fn unzip_sheet(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut f = zip.by_name("xl/worksheets/sheet1.xml").unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut f, &mut s).unwrap();
    s
}

#[test]
fn csv_bom_only_when_asked() {
    let root = project("bom");
    build(&root);
    let plain = fs::read(root.join("output/1.2.0/schedule.csv")).unwrap();
    assert!(plain.starts_with(b"id,title,"));
    let out = root.join("bom-out");
    let built = Command::new(env!("CARGO_BIN_EXE_migplan"))
        .env("NO_COLOR", "1")
        .args([
            "build",
            "--root",
            root.to_str().unwrap(),
            "--as-of",
            "2026-11-22",
            "--csv-bom",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let bom = fs::read(out.join("1.2.0/schedule.csv")).unwrap();
    assert_eq!(&bom[..3], b"\xEF\xBB\xBF");
    assert_eq!(&bom[3..], &plain[..]);
    let printed = Command::new(env!("CARGO_BIN_EXE_migplan"))
        .env("NO_COLOR", "1")
        .args([
            "schedule",
            "--root",
            root.to_str().unwrap(),
            "--as-of",
            "2026-11-22",
            "--format",
            "csv",
            "--csv-bom",
        ])
        .output()
        .unwrap();
    assert_eq!(printed.stdout, bom);
    let _ = fs::remove_dir_all(&root);
}
