//! Plan + Schedule -> CSV (RFC 4180: quoted fields, CRLF; written by the
//! `csv` crate), one row per task in plan order, for spreadsheets. Text
//! that a spreadsheet would run as a formula is defused.

use std::borrow::Cow;

use crate::model::Plan;
use crate::schedule::Schedule;

use super::rows;

pub const HEADER: &[&str] = &[
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
    "baseline_due",
    "actual_start",
    "actual_finish",
    "variance",
];

pub fn render(plan: &Plan, schedule: &Schedule) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing into memory cannot fail.
    let _ = w.write_record(HEADER);
    for r in rows::in_plan_order(plan, schedule) {
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let (start, due, baseline_due) = (date(r.start), date(Some(r.due)), date(r.baseline_due));
        // Text is defused; the variance is a number ("-3": three days
        // early) and stays one.
        let text = [
            r.id,
            r.title,
            r.phase.unwrap_or(""),
            r.parent.unwrap_or(""),
            r.owner.unwrap_or(""),
            &start,
            &due,
            r.status,
            if r.overdue { "yes" } else { "no" },
            r.explanation,
            &baseline_due,
            r.actual_start.as_deref().unwrap_or(""),
            r.actual_finish.as_deref().unwrap_or(""),
        ];
        let variance = r.variance.map(|v| v.to_string()).unwrap_or_default();
        let _ = w.write_record(
            text.into_iter()
                .map(defuse)
                .chain(std::iter::once(Cow::Owned(variance)))
                .map(|f| match f {
                    Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
                    Cow::Owned(s) => Cow::Owned(s.into_bytes()),
                }),
        );
    }
    w.into_inner().unwrap_or_default()
}

/// The UTF-8 byte order mark: Excel reads a CSV file as UTF-8 only when it
/// starts with one (otherwise "Müller" arrives as "MÃ¼ller"); most other
/// tools do not want it. `--csv-bom` asks for it.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `csv` with the byte order mark in front.
pub fn with_bom(csv: Vec<u8>) -> Vec<u8> {
    let mut out = BOM.to_vec();
    out.extend(csv);
    out
}

/// Text a spreadsheet would read as a formula (a leading `=`, `+`, `-`,
/// `@`, tab or carriage return: CSV injection) gets a leading apostrophe,
/// which spreadsheets show as text and do not display.
pub fn defuse(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::defuse;

    /// One field as the writer puts it in a record.
    fn field(s: &str) -> String {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        w.write_record([defuse(s).as_ref()]).unwrap();
        let out = String::from_utf8(w.into_inner().unwrap()).unwrap();
        out.strip_suffix("\r\n").unwrap().to_string()
    }

    #[test]
    fn quoting() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn formula_triggers_are_defused() {
        for s in ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "\rx"] {
            assert_eq!(defuse(s), format!("'{s}"), "{s:?}");
        }
        assert_eq!(defuse("plain - text"), "plain - text");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    }
}
