//! The embedded fonts -> glyph ids and advance widths, per character, with a
//! fallback face; this is the real `Measure` the layout uses.
//!
//! Fonts are compiled into the binary (`assets/fonts/`, licences beside
//! them); nothing is looked up on the system. Metrics are read with skrifa
//! (the font reader krilla itself uses, so no second parser is compiled):
//! plain advance widths, no shaping. That keeps measuring and drawing
//! identical by construction, at the cost of kerning and ligatures, which a
//! document of tables and short paragraphs does not miss (and extracted text
//! stays free of ligature characters).

use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, GlyphId, MetadataProvider, charmap::Charmap};

use crate::pdf::error::PdfError;
use crate::pdf::layout::measure::{FontStyle, Measure};

/// The embedded faces, in `Face` index order.
pub(crate) const FACES: [(&str, &[u8]); 6] = [
    (
        "Inter Regular",
        include_bytes!("../../assets/fonts/Inter-Regular.otf"),
    ),
    (
        "Inter Bold",
        include_bytes!("../../assets/fonts/Inter-Bold.otf"),
    ),
    (
        "Inter Italic",
        include_bytes!("../../assets/fonts/Inter-Italic.otf"),
    ),
    (
        "Inter Bold Italic",
        include_bytes!("../../assets/fonts/Inter-BoldItalic.otf"),
    ),
    (
        "DejaVu Sans Mono",
        include_bytes!("../../assets/fonts/DejaVuSansMono.ttf"),
    ),
    (
        "DejaVu Sans",
        include_bytes!("../../assets/fonts/DejaVuSans.ttf"),
    ),
];

/// Index of the face used for characters the primary face lacks.
pub(crate) const FALLBACK: usize = 5;

/// The primary face of a style.
pub(crate) fn face_of(style: FontStyle) -> usize {
    match style {
        FontStyle::Regular => 0,
        FontStyle::Bold => 1,
        FontStyle::Italic => 2,
        FontStyle::BoldItalic => 3,
        FontStyle::Mono => 4,
    }
}

struct Face {
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
    /// (glyph, advance in em) for ASCII, the hot path; glyph 0 = missing.
    ascii: Vec<(u32, f32)>,
}

impl Face {
    fn new(name: &str, data: &'static [u8]) -> Result<Face, PdfError> {
        let font = FontRef::new(data).map_err(|e| PdfError::Font(format!("{name}: {e}")))?;
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let units_per_em = font
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em as f32;
        let mut face = Face {
            charmap,
            metrics,
            units_per_em,
            ascii: Vec::new(),
        };
        face.ascii = (0u32..128)
            .map(|c| {
                char::from_u32(c)
                    .and_then(|ch| face.lookup(ch))
                    .unwrap_or((0, 0.0))
            })
            .collect();
        Ok(face)
    }

    fn lookup(&self, ch: char) -> Option<(u32, f32)> {
        let gid = self.charmap.map(ch)?;
        if gid == GlyphId::NOTDEF {
            return None;
        }
        let adv = self.metrics.advance_width(gid).unwrap_or(0.0) / self.units_per_em;
        Some((gid.to_u32(), adv))
    }

    fn glyph(&self, ch: char) -> Option<(u32, f32)> {
        match self.ascii.get(ch as usize) {
            Some(&(0, _)) => None,
            Some(&hit) => Some(hit),
            None => self.lookup(ch),
        }
    }
}

/// A glyph to draw: which face, its id, its advance (in em) and the byte
/// range of the text it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    pub face: usize,
    pub id: u32,
    pub advance: f32,
    pub range: std::ops::Range<usize>,
}

/// All embedded faces, parsed once.
pub struct FontSet {
    faces: Vec<Face>,
}

impl FontSet {
    pub fn new() -> Result<FontSet, PdfError> {
        let faces = FACES
            .iter()
            .map(|(name, data)| Face::new(name, data))
            .collect::<Result<_, _>>()?;
        Ok(FontSet { faces })
    }

    /// The glyph for `ch` in `style`: from the style's face, else from the
    /// fallback face; `None` if neither can show it.
    pub fn glyph(&self, ch: char, style: FontStyle) -> Option<(usize, u32, f32)> {
        let primary = face_of(style);
        if let Some((id, adv)) = self.faces[primary].glyph(ch) {
            return Some((primary, id, adv));
        }
        self.faces[FALLBACK]
            .glyph(ch)
            .map(|(id, adv)| (FALLBACK, id, adv))
    }

    /// The first character of `text` no embedded face can show.
    pub fn missing(&self, text: &str, style: FontStyle) -> Option<char> {
        text.chars()
            .filter(|c| !c.is_control())
            .find(|&c| self.glyph(c, style).is_none())
    }

    /// The glyphs that draw `text`. Control characters draw nothing.
    pub fn glyphs(&self, text: &str, style: FontStyle) -> Result<Vec<Glyph>, char> {
        let mut out = Vec::with_capacity(text.len());
        for (i, ch) in text.char_indices() {
            if ch.is_control() {
                continue;
            }
            let (face, id, advance) = self.glyph(ch, style).ok_or(ch)?;
            out.push(Glyph {
                face,
                id,
                advance,
                range: i..i + ch.len_utf8(),
            });
        }
        Ok(out)
    }
}

impl Measure for FontSet {
    fn width(&self, text: &str, font: FontStyle, size: f32) -> f32 {
        let em: f32 = text
            .chars()
            .filter(|c| !c.is_control())
            .map(|c| self.glyph(c, font).map_or(0.5, |g| g.2))
            .sum();
        em * size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_metrics_bold_is_wider_and_mono_is_fixed() {
        let f = FontSet::new().unwrap();
        let regular = f.width("Migration schedule", FontStyle::Regular, 10.0);
        let bold = f.width("Migration schedule", FontStyle::Bold, 10.0);
        assert!(regular > 60.0 && regular < 120.0, "{regular}");
        assert!(bold > regular);
        assert_eq!(
            f.width("iiii", FontStyle::Mono, 10.0),
            f.width("MMMM", FontStyle::Mono, 10.0)
        );
    }

    #[test]
    fn falls_back_for_symbols_and_reports_what_nothing_can_show() {
        let f = FontSet::new().unwrap();
        assert_eq!(
            f.missing("Zürich – Ørsted ‘quoted’ €5 → ✓", FontStyle::Regular),
            None
        );
        let (face, _, _) = f.glyph('✓', FontStyle::Regular).unwrap();
        assert!(face == FALLBACK || face == 0);
        assert_eq!(f.missing("日本", FontStyle::Regular), Some('日'));
    }
}
