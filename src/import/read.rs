//! A spreadsheet file (xlsx, xlsm, xls, ods; read with calamine) or a CSV
//! file (the `csv` crate) -> its header and data rows as text. Dates in
//! cells become `YYYY-MM-DD` (a fixed date is a valid when-rule).

use std::path::Path;

use calamine::{Data, Reader};

use super::Row;

/// A table read from a file: the header row and the rows after it.
#[derive(Debug, Clone)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// The sheet read, for spreadsheets.
    pub sheet: Option<String>,
}

/// Why a file cannot be read.
#[derive(Debug)]
pub enum ReadError {
    Io(String),
    UnknownKind,
    NoSuchSheet { sheet: String, sheets: Vec<String> },
    Empty,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::UnknownKind => write!(
                f,
                "not a spreadsheet migplan reads: use .xlsx, .xlsm, .xls, .ods or .csv"
            ),
            ReadError::NoSuchSheet { sheet, sheets } => write!(
                f,
                "no sheet named \u{201c}{sheet}\u{201d}; the sheets are: {}",
                sheets.join(", ")
            ),
            ReadError::Empty => write!(f, "the table has no header row"),
        }
    }
}

pub fn read(path: &Path, sheet: Option<&str>) -> Result<Table, ReadError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    let (grid, sheet) = match ext.as_str() {
        "csv" => (read_csv(path)?, None),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => {
            let (g, s) = read_sheet(path, sheet)?;
            (g, Some(s))
        }
        _ => return Err(ReadError::UnknownKind),
    };
    // The header is the first row with any text; data rows keep their
    // spreadsheet numbers (1-based).
    let mut rows = grid
        .into_iter()
        .enumerate()
        .map(|(i, cells)| Row {
            number: i + 1,
            cells,
        })
        .skip_while(|r| r.cells.iter().all(|c| c.trim().is_empty()));
    let header = rows.next().ok_or(ReadError::Empty)?.cells;
    Ok(Table {
        header,
        rows: rows
            .filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
            .collect(),
        sheet,
    })
}

fn read_csv(path: &Path) -> Result<Vec<Vec<String>>, ReadError> {
    let bytes =
        std::fs::read(path).map_err(|e| ReadError::Io(format!("{}: {e}", path.display())))?;
    // Spreadsheets write a BOM before UTF-8 CSV.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut out = Vec::new();
    for rec in reader.byte_records() {
        let rec = rec.map_err(|e| ReadError::Io(format!("{}: {e}", path.display())))?;
        out.push(
            rec.iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect(),
        );
    }
    Ok(out)
}

fn read_sheet(path: &Path, sheet: Option<&str>) -> Result<(Vec<Vec<String>>, String), ReadError> {
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| ReadError::Io(format!("{}: {e}", path.display())))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(s))
            .cloned()
            .ok_or_else(|| ReadError::NoSuchSheet {
                sheet: s.to_string(),
                sheets: names.clone(),
            })?,
        None => names.first().cloned().ok_or(ReadError::Empty)?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| ReadError::Io(format!("{}: {e}", path.display())))?;
    // The range starts at its first used cell: keep the sheet's numbering.
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut grid: Vec<Vec<String>> = vec![Vec::new(); top as usize];
    for row in range.rows() {
        let mut cells = vec![String::new(); left as usize];
        cells.extend(row.iter().map(text));
        grid.push(cells);
    }
    Ok((grid, name))
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|t| t.date().format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| dt.to_string()),
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e:?}"),
    }
}
