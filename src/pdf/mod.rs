//! The PDF engine: a `Document` (cover, metadata, blocks) -> an archival,
//! accessible PDF (PDF/A-2a, or PDF/A-3a with embedded files; both tagged
//! and PDF/UA-1), as bytes.
//!
//! ```text
//! check    Document              -> ok, or the first problem (text no font can show, bad ids)
//! layout   Document + FontSet    -> Layout: pages of positioned boxes      layout/ (no krilla)
//! backend  Layout + Meta         -> PDF bytes via krilla, validated        backend.rs
//! tagging  structure marks       -> the tag tree (PDF/UA)                  tagging.rs
//! ```
//!
//! The engine knows nothing about plans; `render` maps the plan's views onto
//! `doc::Document`. Fonts are embedded in the binary (`fonts.rs`). Output is
//! reproducible: the same document gives the same bytes.

mod backend;
mod check;
mod compact;
pub mod doc;
pub mod error;
mod fonts;
pub mod layout;
#[doc(hidden)]
pub mod sample;
mod tagging;
#[cfg(test)]
mod tests;

pub use doc::*;
pub use error::PdfError;

/// Which PDF/A part and conformance level to produce (and validate). Both
/// are level A (tagged, with Unicode text) and also PDF/UA-1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Conformance {
    /// PDF/A-2a + PDF/UA-1: the archival default; no embedded files.
    #[default]
    PdfA2a,
    /// PDF/A-3a + PDF/UA-1: like 2a, and may carry the plan's sources as
    /// attachments.
    PdfA3a,
}

/// Renders `doc` as PDF/A-2a (and PDF/UA-1).
pub fn render_pdf(doc: &Document) -> Result<Vec<u8>, PdfError> {
    render_pdf_as(doc, Conformance::PdfA2a)
}

/// Renders `doc` as the given PDF/A conformance.
pub fn render_pdf_as(doc: &Document, conformance: Conformance) -> Result<Vec<u8>, PdfError> {
    render_pdf_with(doc, &[], conformance)
}

/// Renders `doc` as the given PDF/A conformance, embedding `attachments`
/// after the document's own (so a caller need not copy them into `doc`).
pub fn render_pdf_with(
    doc: &Document,
    attachments: &[Attachment],
    conformance: Conformance,
) -> Result<Vec<u8>, PdfError> {
    let fonts = fonts::FontSet::new()?;
    check::check(doc, &fonts)?;
    backend::write(doc, attachments, &fonts, conformance)
}

/// The first character of `text` that no embedded font can draw (control
/// and bidirectional formatting characters draw nothing and are not
/// counted). The fonts are parsed once per process.
pub fn cannot_draw(text: &str) -> Option<char> {
    static FONTS: std::sync::OnceLock<Option<fonts::FontSet>> = std::sync::OnceLock::new();
    let fonts = FONTS.get_or_init(|| fonts::FontSet::new().ok()).as_ref()?;
    fonts.missing(text, layout::measure::FontStyle::Regular)
}

/// Lays `doc` out with the embedded fonts, without writing a PDF (for
/// inspecting pages, e.g. in tests).
pub fn layout_pdf(doc: &Document) -> Result<layout::Layout, PdfError> {
    let fonts = fonts::FontSet::new()?;
    check::check(doc, &fonts)?;
    Ok(layout::layout(doc, &fonts))
}
