//! The PDF engine's input: a small document model (cover, metadata and a list
//! of blocks) -> consumed by `layout` and `backend`.
//!
//! It knows nothing about plans: a later step maps the plan's views onto it.
//! All text is plain Unicode; styling is expressed by the block and inline
//! kinds, never by markup inside strings.

use chrono::NaiveDate;

/// A whole PDF document: everything `render_pdf` needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub meta: Meta,
    pub paper: Paper,
    /// Left part of the running header on every page but the cover
    /// (e.g. the plan's title); the right part is `Version <cover.version>`.
    pub header_text: String,
    /// A light diagonal word over every page (e.g. `"DRAFT"`), or none.
    pub watermark: Option<String>,
    pub cover: Cover,
    pub blocks: Vec<Block>,
    /// Files carried inside the PDF (PDF/A-3 only; PDF/A-2 refuses them).
    pub attachments: Vec<Attachment>,
}

/// Document information written to the PDF's metadata (Info and XMP).
#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// An RFC 3066 language tag, e.g. `en-US`.
    pub language: String,
    /// The document's creation date. Passed in, never read from a clock, so
    /// the same document gives the same bytes.
    pub date: NaiveDate,
    /// Seed of the PDF's document id (e.g. the content hash): the same seed
    /// gives the same id across versions of the same document.
    pub document_id: String,
}

/// The page size of portrait pages (landscape pages turn it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Width and height in points (1/72 inch), portrait.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// What the cover page shows. Every field is display text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cover {
    /// E.g. "Solution Document".
    pub doc_type: String,
    pub title: String,
    pub client: String,
    pub version: String,
    /// E.g. "Draft", "In review", "Approved".
    pub status: String,
    pub date: String,
    pub owner: String,
    /// Short form of the content hash, e.g. the first 12 hex digits.
    pub content_hash_short: String,
}

/// One block of the body, in reading order.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A section heading (level 1 = chapter). `id` is the target of internal
    /// links and of the outline entry; it must be unique in the document.
    Heading {
        level: u8,
        text: String,
        id: String,
    },
    Paragraph(Vec<Inline>),
    /// Each item is a list of blocks (usually one paragraph, maybe a nested list).
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    /// Preformatted text in the mono font; lines wrap only when too long.
    Code(String),
    Table(Table),
    /// A definition-like list of labelled values.
    KeyValue(Vec<KeyValue>),
    PageBreak,
    /// The table of contents: headings up to `max_level`, with page numbers
    /// and links, under `title`.
    Toc {
        title: String,
        max_level: u8,
    },
    Gantt(Gantt),
    Signature(SignatureBlock),
}

/// Inline content of paragraphs, cells and values. Nesting is allowed
/// (`Bold(vec![Italic(..)])`); layout flattens it into styled runs.
#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    Text(String),
    Bold(Vec<Inline>),
    Italic(Vec<Inline>),
    Code(String),
    Link {
        target: LinkTarget,
        content: Vec<Inline>,
    },
    /// A forced line break.
    LineBreak,
}

impl Inline {
    /// Plain text, the most common inline.
    pub fn text(s: impl Into<String>) -> Self {
        Inline::Text(s.into())
    }

    /// Text that never breaks across lines (a date such as "Mon 19 Jul
    /// 2027"): its spaces become no-break spaces (U+00A0), which layout
    /// keeps together and draws as plain spaces.
    pub fn unbroken(s: &str) -> Self {
        Inline::Text(s.replace(' ', "\u{a0}"))
    }
}

/// Where a link goes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LinkTarget {
    Url(String),
    /// The `id` of a heading in this document.
    Internal(String),
}

/// A table; rows break across pages (a row taller than a page splits
/// between its lines), the header row repeats on each page. Auto columns
/// are sized from their content (see `layout::table`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Column {
    pub width: ColumnWidth,
    pub align: Align,
}

impl Column {
    pub fn auto() -> Self {
        Column::default()
    }
    pub fn fraction(f: f32) -> Self {
        Column {
            width: ColumnWidth::Fraction(f),
            align: Align::Left,
        }
    }
    pub fn align(self, align: Align) -> Self {
        Column { align, ..self }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum ColumnWidth {
    /// Sized from the content, sharing what the fixed columns leave.
    #[default]
    Auto,
    /// A fraction of the table's width (0..1).
    Fraction(f32),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// The content of one table cell.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell(pub Vec<Inline>);

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        Cell(vec![Inline::Text(s.into())])
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Nesting depth of the row (sub-tasks); indents the first cell.
    pub indent: u8,
    pub style: RowStyle,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RowStyle {
    #[default]
    Normal,
    /// Greyed out (done, skipped).
    Muted,
    /// Bold (a group or phase row).
    Strong,
    /// Flagged (overdue, blocked).
    Highlight,
}

#[derive(Clone, Debug, PartialEq)]
pub struct KeyValue {
    pub key: String,
    pub value: Vec<Inline>,
}

/// A Gantt figure: charts of the shared Gantt model (`render::gantt`),
/// drawn one under the other on landscape pages at the page's width. A
/// chart taller than the room left continues on the next page under a
/// repeated axis: split by rows, never by time. One block, one figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Gantt {
    pub charts: Vec<crate::render::gantt::Chart>,
}

/// One signer's block on the sign-off page: who, in what capacity, what the
/// signature means, the recorded decision, and lines for a wet signature.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SignatureBlock {
    pub name: String,
    pub role: String,
    pub organization: String,
    /// E.g. "Approved as the plan of record, version 2.1.0".
    pub meaning: String,
    pub decision: Option<Decision>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// E.g. "Approved".
    pub decision: String,
    pub date: String,
    /// How it was recorded, e.g. "Signed with SSH key SHA256:..." (empty:
    /// nothing said).
    pub recorded: String,
}

/// A file embedded in the PDF (PDF/A-3 associated file).
#[derive(Clone, Debug, PartialEq)]
pub struct Attachment {
    /// File name shown by viewers, e.g. `content/plan.yaml`.
    pub name: String,
    /// MIME type, e.g. `text/yaml`.
    pub mime: String,
    pub description: String,
    /// Shared, not copied: the same bytes are published beside the PDF
    /// (`plan.json`) and krilla embeds them as they are.
    pub data: std::sync::Arc<Vec<u8>>,
}
