//! The look of the document in one place: page margins, type sizes, spacing
//! and colours -> read by every layout module.
//!
//! A restrained palette (ink, slate, one navy accent), generous margins and
//! hairline rules: the document should read like a consultancy deliverable.

use super::boxes::{Color, Stroke};

/// Body text colour (near-black slate).
pub const INK: Color = Color(0x1f, 0x29, 0x33);
/// Secondary text: captions, header/footer, muted rows.
pub const MUTED: Color = Color(0x61, 0x6e, 0x7c);
/// Lighter still: placeholders, faint labels.
pub const FAINT: Color = Color(0x9a, 0xa5, 0xb1);
/// The accent: headings, table headers, the cover band.
pub const ACCENT: Color = Color(0x1d, 0x3a, 0x5f);
/// A softer accent for bars and links.
pub const ACCENT_SOFT: Color = Color(0x3a, 0x6e, 0xa5);
pub const LINK: Color = Color(0x1c, 0x5d, 0x99);
/// Hairline rules between rows.
pub const RULE: Color = Color(0xd9, 0xde, 0xe4);
/// Zebra stripes, code and quote backgrounds.
pub const ZEBRA: Color = Color(0xf4, 0xf6, 0xf8);
pub const CODE_BG: Color = Color(0xf3, 0xf5, 0xf7);
pub const WHITE: Color = Color(0xff, 0xff, 0xff);
/// Flagged rows and overdue bars.
pub const ALERT: Color = Color(0xb4, 0x23, 0x18);
pub const ALERT_BG: Color = Color(0xfd, 0xec, 0xea);
/// Completed bars.
pub const DONE: Color = Color(0x8f, 0xb9, 0x9b);
/// Freeze windows in the Gantt chart.
pub const BAND: Color = Color(0xfb, 0xef, 0xd5);
pub const BAND_TEXT: Color = Color(0x9a, 0x67, 0x00);
/// The watermark (drawn with opacity over the page).
pub const WATERMARK: Color = Color(0xb4, 0x23, 0x18);
pub const WATERMARK_OPACITY: f32 = 0.09;

/// Margins of portrait and landscape pages.
pub const MARGIN_LEFT: f32 = 68.0;
pub const MARGIN_RIGHT: f32 = 68.0;
pub const MARGIN_TOP: f32 = 78.0;
pub const MARGIN_BOTTOM: f32 = 72.0;
/// Baselines of the running header and footer, from the page's top/bottom.
pub const HEADER_BASELINE: f32 = 44.0;
pub const FOOTER_BASELINE: f32 = 38.0;
pub const CHROME_SIZE: f32 = 7.5;

/// Body text.
pub const BODY_SIZE: f32 = 9.8;
pub const BODY_LEADING: f32 = 14.6;
pub const PARA_SPACE: f32 = 8.0;
/// Tables and key/value lists.
pub const TABLE_SIZE: f32 = 8.4;
pub const TABLE_LEADING: f32 = 11.6;
pub const CELL_PAD_X: f32 = 5.5;
pub const CELL_PAD_Y: f32 = 4.2;
pub const INDENT_STEP: f32 = 11.0;
pub const BLOCK_SPACE: f32 = 12.0;
/// Code blocks.
pub const CODE_SIZE: f32 = 8.2;
pub const CODE_LEADING: f32 = 11.4;
pub const CODE_PAD: f32 = 7.0;
/// Lists and quotes.
pub const LIST_INDENT: f32 = 16.0;
pub const QUOTE_INDENT: f32 = 14.0;
pub const QUOTE_BAR: f32 = 2.5;

/// Heading size, leading, space above and below, by level (1..=4+).
pub fn heading(level: u8) -> (f32, f32, f32, f32) {
    match level {
        0 | 1 => (18.0, 23.0, 26.0, 10.0),
        2 => (13.0, 17.0, 20.0, 6.0),
        3 => (10.8, 14.5, 14.0, 4.0),
        _ => (9.8, 13.5, 12.0, 3.0),
    }
}

pub fn hairline() -> Stroke {
    Stroke::solid(RULE, 0.5)
}

/// Where a baseline sits in a line box of height `leading` for text of
/// `size`: capitals are centred vertically in the box.
pub fn baseline(leading: f32, size: f32) -> f32 {
    leading / 2.0 + size * 0.36
}
