//! What can go wrong turning a `Document` into PDF bytes -> `PdfError`, each
//! with a message that says what and where.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PdfError {
    /// A character none of the embedded fonts can show.
    MissingGlyph {
        ch: char,
        text: String,
        context: String,
    },
    /// Two headings share an id, so links and bookmarks would be ambiguous.
    DuplicateId { id: String },
    /// An internal link to an id no heading has.
    UnknownLink { id: String, context: String },
    /// Files can only be embedded in PDF/A-3.
    AttachmentsNeedPdfA3 { names: Vec<String> },
    /// An embedded font could not be read (a build problem, not a user one).
    Font(String),
    /// The output would not conform to the PDF/A part asked for.
    NotConforming {
        standard: String,
        problems: Vec<String>,
    },
    /// Any other failure of the PDF writer.
    Export(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::MissingGlyph { ch, text, context } => write!(
                f,
                "no embedded font can show {ch:?} (U+{:04X}) in {context}: \"{text}\"",
                *ch as u32
            ),
            PdfError::DuplicateId { id } => {
                write!(
                    f,
                    "two headings have the id `{id}`; heading ids must be unique"
                )
            }
            PdfError::UnknownLink { id, context } => {
                write!(
                    f,
                    "link to `#{id}` in {context}, but no heading has that id"
                )
            }
            PdfError::AttachmentsNeedPdfA3 { names } => write!(
                f,
                "PDF/A-2a cannot carry embedded files ({}); export as PDF/A-3a",
                names.join(", ")
            ),
            PdfError::Font(msg) => write!(f, "embedded font unreadable: {msg}"),
            PdfError::NotConforming { standard, problems } => {
                write!(
                    f,
                    "the PDF would not conform to {standard}: {}",
                    problems.join("; ")
                )
            }
            PdfError::Export(msg) => write!(f, "PDF export failed: {msg}"),
        }
    }
}

impl std::error::Error for PdfError {}
