//! Renderers: Plan + Schedule -> files as bytes ([`Artifact`]s). Nothing here
//! writes to disk; `publish` does.

pub mod change_words;
pub mod csv;
pub mod gantt;
pub mod html;
pub mod ics;
pub mod json;
pub mod labels;
pub mod pdf;
pub mod recorded;
pub mod rows;
pub mod table;
pub mod tasks;
pub mod text;
pub mod version;
pub mod xlsx;

use std::path::PathBuf;

/// One output file, its path relative to the version's folder
/// (`output/<version>/`), and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    pub path: PathBuf,
    /// Shared, so that `latest/` (a copy of the newest version) and the
    /// journal's copies cost a pointer, not the file again.
    pub bytes: std::sync::Arc<Vec<u8>>,
}

impl Artifact {
    pub fn new(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> Artifact {
        Artifact {
            path: path.into(),
            bytes: std::sync::Arc::new(bytes.into()),
        }
    }

    /// The same bytes under another path (no copy).
    pub fn alias(&self, path: impl Into<PathBuf>) -> Artifact {
        Artifact {
            path: path.into(),
            bytes: std::sync::Arc::clone(&self.bytes),
        }
    }
}

/// A file-name-safe, lower-case form of a title: `Eaglesoft to Open Dental
/// migration` -> `eaglesoft-to-open-dental-migration`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "plan".to_string()
    } else {
        out.chars()
            .take(80)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string()
    }
}

/// The document's date, for stamps that must not depend on the clock: the
/// newest revision date, else the newest sign-off date, else the as-of
/// date (today unless `--as-of` pins it: pin it for reproducible output).
pub fn document_date(plan: &crate::model::Plan, as_of: chrono::NaiveDate) -> chrono::NaiveDate {
    plan.revisions
        .iter()
        .map(|r| r.date.value.0)
        .chain(
            plan.signoffs
                .iter()
                .filter_map(|s| s.date.as_ref().map(|d| d.value.0)),
        )
        .max()
        .unwrap_or(as_of)
}
