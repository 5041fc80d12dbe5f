//! Plan + Schedule + build date -> `schedule.xlsx`: the schedule with real
//! date cells, a frozen header and filters, and sheets for data
//! priorities, inventory, add-ons and risks. Deterministic bytes: the
//! document's creation date is the build date, never the clock.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::model::Plan;
use crate::schedule::Schedule;

use super::csv::defuse;
use super::rows;

/// A cell of a row: text, a date, or a whole number.
enum Cell {
    Text(String),
    Date(Option<NaiveDate>),
    Number(Option<f64>),
}

/// A date written as text (progress events' dates): a date cell when it
/// is one, else the text.
fn date_or_text(s: Option<&str>) -> Cell {
    match s.map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d")) {
        Some(Ok(d)) => Cell::Date(Some(d)),
        _ => opt(s),
    }
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt(s: Option<&str>) -> Cell {
    Cell::Text(s.unwrap_or("").to_string())
}

pub fn render(plan: &Plan, schedule: &Schedule, date: NaiveDate) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // Level 3 instead of the default 6: at 10,000 tasks 65 ms instead of
    // 127 ms, 0.72 MB instead of 0.64 MB (docs/decisions.md).
    book.set_zip_compression_level(3);
    book.set_properties(
        &DocProperties::new()
            .set_title(&plan.meta.title.value)
            .set_creation_datetime(&excel_date(date)?),
    );
    let tasks: Vec<Vec<Cell>> = rows::in_plan_order(plan, schedule)
        .into_iter()
        .map(|r| {
            vec![
                t(r.id),
                t(format!("{}{}", "  ".repeat(r.depth), r.title)),
                opt(r.phase),
                opt(r.parent),
                opt(r.owner),
                Cell::Date(r.start),
                Cell::Date(Some(r.due)),
                t(r.status),
                t(if r.overdue { "yes" } else { "no" }),
                t(r.explanation),
                Cell::Date(r.baseline_due),
                date_or_text(r.actual_start.as_deref()),
                date_or_text(r.actual_finish.as_deref()),
                Cell::Number(r.variance.map(|v| v as f64)),
            ]
        })
        .collect();
    sheet(
        book.add_worksheet(),
        "Schedule",
        &[
            ("id", 24.0),
            ("title", 60.0),
            ("phase", 26.0),
            ("parent", 24.0),
            ("owner", 18.0),
            ("start", 12.0),
            ("due", 12.0),
            ("status", 10.0),
            ("overdue", 9.0),
            ("explanation", 70.0),
            ("baseline due", 12.0),
            ("actual start", 12.0),
            ("actual finish", 12.0),
            ("variance (working days)", 12.0),
        ],
        &tasks,
    )?;
    let data: Vec<Vec<Cell>> = plan
        .datasets
        .iter()
        .map(|d| {
            vec![
                t(&d.id.value),
                opt(d.name.as_ref().map(|n| n.value.as_str())),
                t(d.priority.value.as_str()),
                t(d.method().as_str()),
                opt(d.from.as_ref().map(|v| v.value.as_str())),
                opt(d.to.as_ref().map(|v| v.value.as_str())),
                Cell::Number(d.records.as_ref().map(|r| r.value as f64)),
                opt(d.owner.as_ref().map(|v| v.value.as_str())),
                opt(d.notes.as_ref().map(|v| v.value.as_str())),
            ]
        })
        .collect();
    sheet(
        book.add_worksheet(),
        "Data priorities",
        &[
            ("id", 20.0),
            ("name", 30.0),
            ("priority", 11.0),
            ("method", 14.0),
            ("from", 16.0),
            ("to", 16.0),
            ("records", 11.0),
            ("owner", 18.0),
            ("notes", 60.0),
        ],
        &data,
    )?;
    let systems: Vec<Vec<Cell>> = plan
        .inventory
        .iter()
        .map(|s| {
            vec![
                t(&s.id.value),
                opt(s.name.as_ref().map(|v| v.value.as_str())),
                opt(s.category.as_ref().map(|v| v.value.as_str())),
                opt(s.role.as_ref().map(|v| v.value.as_str())),
                opt(s.notes.as_ref().map(|v| v.value.as_str())),
            ]
        })
        .collect();
    sheet(
        book.add_worksheet(),
        "Inventory",
        &[
            ("id", 20.0),
            ("name", 30.0),
            ("category", 18.0),
            ("role", 11.0),
            ("notes", 60.0),
        ],
        &systems,
    )?;
    let addons: Vec<Vec<Cell>> = plan
        .addons
        .iter()
        .map(|a| {
            vec![
                t(&a.id.value),
                opt(a.name.as_ref().map(|v| v.value.as_str())),
                opt(a.vendor.as_ref().map(|v| v.value.as_str())),
                opt(a.integrates_with.as_ref().map(|v| v.value.as_str())),
                opt(a.credentials.as_ref().map(|v| v.value.as_str())),
                opt(a.reconnect_owner.as_ref().map(|v| v.value.as_str())),
                opt(a.status.as_ref().map(|v| v.value.as_str())),
                opt(a.verify.as_ref().map(|v| v.value.as_str())),
                opt(a.notes.as_ref().map(|v| v.value.as_str())),
            ]
        })
        .collect();
    sheet(
        book.add_worksheet(),
        "Add-ons",
        &[
            ("id", 20.0),
            ("name", 26.0),
            ("vendor", 18.0),
            ("integrates with", 16.0),
            ("credentials", 13.0),
            ("reconnect owner", 16.0),
            ("status", 12.0),
            ("verify", 40.0),
            ("notes", 50.0),
        ],
        &addons,
    )?;
    let risks: Vec<Vec<Cell>> = plan
        .risks
        .iter()
        .map(|r| {
            vec![
                t(&r.id.value),
                t(&r.title.value),
                opt(r.likelihood.as_ref().map(|v| v.value.as_str())),
                opt(r.impact.as_ref().map(|v| v.value.as_str())),
                opt(r.owner.as_ref().map(|v| v.value.as_str())),
                opt(r.status.as_ref().map(|v| v.value.as_str())),
                opt(r.mitigation.as_ref().map(|v| v.value.as_str())),
            ]
        })
        .collect();
    sheet(
        book.add_worksheet(),
        "Risks",
        &[
            ("id", 20.0),
            ("risk", 50.0),
            ("likelihood", 11.0),
            ("impact", 9.0),
            ("owner", 18.0),
            ("status", 11.0),
            ("mitigation", 60.0),
        ],
        &risks,
    )?;
    book.save_to_buffer()
}

/// One sheet: a bold header row, frozen, with filters over the columns;
/// dates as real date cells (`yyyy-mm-dd`), text defused (a leading `=`,
/// `+`, `-`, `@`, tab or CR would be a formula once the cell is edited or
/// saved as CSV).
fn sheet(
    ws: &mut Worksheet,
    name: &str,
    columns: &[(&str, f64)],
    rows: &[Vec<Cell>],
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, (title, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *title, &bold)?;
        ws.set_column_width(c as u16, *width)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) if s.is_empty() => {}
                Cell::Text(s) => {
                    ws.write_string(r, c, fit(&defuse(s)).as_ref())?;
                }
                Cell::Date(Some(d)) => {
                    ws.write_date_with_format(r, c, excel_date(*d)?, &date)?;
                }
                Cell::Number(Some(n)) => {
                    ws.write_number(r, c, *n)?;
                }
                Cell::Date(None) | Cell::Number(None) => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    let last_col = columns.len().saturating_sub(1) as u16;
    ws.autofilter(0, 0, rows.len() as u32, last_col)?;
    Ok(())
}

/// Excel's limit for the text of one cell, in characters (UTF-16 units).
const CELL_LIMIT: usize = 32_767;

/// Text longer than a cell can hold is cut, and says so: the whole text
/// is in `schedule.csv` and `plan.json`. (A plan with a megabyte line must
/// still build.)
fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    const MARK: &str = " [cut: the full text is in schedule.csv and plan.json]";
    if s.encode_utf16().count() <= CELL_LIMIT {
        return s.into();
    }
    let mut out = String::new();
    let mut units = 0;
    for ch in s.chars() {
        units += ch.len_utf16();
        if units > CELL_LIMIT - MARK.len() {
            break;
        }
        out.push(ch);
    }
    out.push_str(MARK);
    out.into()
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

#[cfg(test)]
mod tests {
    use super::{CELL_LIMIT, fit};

    #[test]
    fn long_text_is_cut_to_a_cell() {
        assert_eq!(fit("short"), "short");
        let exact = "x".repeat(CELL_LIMIT);
        assert_eq!(fit(&exact), exact);
        let long = "é".repeat(CELL_LIMIT + 10) + "😀";
        let cut = fit(&long);
        assert!(cut.encode_utf16().count() <= CELL_LIMIT);
        assert!(cut.ends_with("[cut: the full text is in schedule.csv and plan.json]"));
        let astral = "😀".repeat(CELL_LIMIT);
        assert!(fit(&astral).encode_utf16().count() <= CELL_LIMIT);
    }
}
