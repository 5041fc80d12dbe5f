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
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, GlyphId, MetadataProvider, charmap::Charmap};

use crate::pdf::error::PdfError;

mod shape;
use crate::pdf::layout::measure::{FontStyle, Measure};

/// The embedded faces, in `Face` index order. A `static`, not a `const`:
/// a const's bytes are copied into every codegen unit that uses it (2 MB
/// each time).
pub(crate) static FACES: [(&str, &[u8]); 30] = [
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
    (
        "Noto Sans Arabic",
        include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf"),
    ),
    (
        "Noto Sans Hebrew",
        include_bytes!("../../assets/fonts/NotoSansHebrew-Regular.ttf"),
    ),
    (
        "Noto Sans Devanagari",
        include_bytes!("../../assets/fonts/NotoSansDevanagari-Regular.ttf"),
    ),
    (
        "Noto Sans Thai",
        include_bytes!("../../assets/fonts/NotoSansThai-Regular.ttf"),
    ),
    (
        "Noto Sans Math",
        include_bytes!("../../assets/fonts/NotoSansMath-Regular.ttf"),
    ),
    (
        "Droid Sans Fallback",
        include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf"),
    ),
    (
        "Noto Sans CJK KR (Hangul)",
        include_bytes!("../../assets/fonts/NotoSansCJKkr-Hangul.otf"),
    ),
    (
        "Noto Sans Bengali",
        include_bytes!("../../assets/fonts/NotoSansBengali-Regular.ttf"),
    ),
    (
        "Noto Sans Tamil",
        include_bytes!("../../assets/fonts/NotoSansTamil-Regular.ttf"),
    ),
    (
        "Noto Sans Telugu",
        include_bytes!("../../assets/fonts/NotoSansTelugu-Regular.ttf"),
    ),
    (
        "Noto Sans Kannada",
        include_bytes!("../../assets/fonts/NotoSansKannada-Regular.ttf"),
    ),
    (
        "Noto Sans Malayalam",
        include_bytes!("../../assets/fonts/NotoSansMalayalam-Regular.ttf"),
    ),
    (
        "Noto Sans Gujarati",
        include_bytes!("../../assets/fonts/NotoSansGujarati-Regular.ttf"),
    ),
    (
        "Noto Sans Gurmukhi",
        include_bytes!("../../assets/fonts/NotoSansGurmukhi-Regular.ttf"),
    ),
    (
        "Noto Sans Oriya",
        include_bytes!("../../assets/fonts/NotoSansOriya-Regular.ttf"),
    ),
    (
        "Noto Sans Sinhala",
        include_bytes!("../../assets/fonts/NotoSansSinhala-Regular.ttf"),
    ),
    (
        "Noto Sans Khmer",
        include_bytes!("../../assets/fonts/NotoSansKhmer-Regular.ttf"),
    ),
    (
        "Noto Sans Lao",
        include_bytes!("../../assets/fonts/NotoSansLao-Regular.ttf"),
    ),
    (
        "Noto Sans Myanmar",
        include_bytes!("../../assets/fonts/NotoSansMyanmar-Regular.ttf"),
    ),
    (
        "Noto Sans Ethiopic",
        include_bytes!("../../assets/fonts/NotoSansEthiopic-Regular.ttf"),
    ),
    (
        "Noto Sans Arabic Bold",
        include_bytes!("../../assets/fonts/NotoSansArabic-Bold.ttf"),
    ),
    (
        "Noto Sans Hebrew Bold",
        include_bytes!("../../assets/fonts/NotoSansHebrew-Bold.ttf"),
    ),
    (
        "Noto Sans Devanagari Bold",
        include_bytes!("../../assets/fonts/NotoSansDevanagari-Bold.ttf"),
    ),
    (
        "Noto Sans Thai Bold",
        include_bytes!("../../assets/fonts/NotoSansThai-Bold.ttf"),
    ),
];

/// Index of the face used for characters the primary face lacks.
pub(crate) const FALLBACK: usize = 5;

const ARABIC: usize = 6;
const HEBREW: usize = 7;
const DEVANAGARI: usize = 8;
const THAI: usize = 9;
const MATH: usize = 10;
const CJK: usize = 11;
const HANGUL: usize = 12;

/// The faces tried, in order, after the style's own face and the fallback:
/// Chinese and Japanese (Han, kana), Korean, then the rest.
const MORE: [usize; 7] = [CJK, HANGUL, MATH, ARABIC, HEBREW, DEVANAGARI, THAI];

/// The first of the faces for one more script each (Bengali .. Ethiopic, in
/// `FACES` order), all shaped.
const SCRIPTS_FROM: usize = 13;

/// Blocks (first, last, face) whose characters are drawn with their
/// script's face first, whatever the style (one weight each): DejaVu Sans
/// has unjoined Arabic and Hebrew letters and a few mathematical letters,
/// so these must not fall to it. Sorted.
const SCRIPT_FACES: [(u32, u32, usize); 25] = [
    (0x0590, 0x05FF, HEBREW),
    (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC),
    (0x0870, 0x08FF, ARABIC),
    (0x0900, 0x097F, DEVANAGARI),
    (0x0980, 0x09FF, SCRIPTS_FROM),     // Bengali
    (0x0A00, 0x0A7F, SCRIPTS_FROM + 6), // Gurmukhi
    (0x0A80, 0x0AFF, SCRIPTS_FROM + 5), // Gujarati
    (0x0B00, 0x0B7F, SCRIPTS_FROM + 7), // Oriya
    (0x0B80, 0x0BFF, SCRIPTS_FROM + 1), // Tamil
    (0x0C00, 0x0C7F, SCRIPTS_FROM + 2), // Telugu
    (0x0C80, 0x0CFF, SCRIPTS_FROM + 3), // Kannada
    (0x0D00, 0x0D7F, SCRIPTS_FROM + 4), // Malayalam
    (0x0D80, 0x0DFF, SCRIPTS_FROM + 8), // Sinhala
    (0x0E00, 0x0E7F, THAI),
    (0x0E80, 0x0EFF, SCRIPTS_FROM + 10), // Lao
    (0x1000, 0x109F, SCRIPTS_FROM + 11), // Myanmar
    (0x1200, 0x139F, SCRIPTS_FROM + 12), // Ethiopic
    (0x1780, 0x17FF, SCRIPTS_FROM + 9),  // Khmer
    (0x1CD0, 0x1CFF, DEVANAGARI),        // Vedic extensions
    (0xA8E0, 0xA8FF, DEVANAGARI),
    (0xFB1D, 0xFB4F, HEBREW),
    (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC),
    (0x1D400, 0x1D7FF, MATH),
];

/// The bold faces of the scripts that have one (Arabic, Hebrew,
/// Devanagari, Thai, in that order); other scripts' text is drawn regular
/// in bold styles.
const BOLD_FROM: usize = 26;

/// The face `ch`'s script is drawn with first in `style`, if it has one.
fn script_face(ch: char, style: FontStyle) -> Option<usize> {
    let c = ch as u32;
    let i = SCRIPT_FACES.partition_point(|&(_, last, _)| last < c);
    let face = match SCRIPT_FACES.get(i) {
        Some(&(first, _, face)) if c >= first => face,
        _ => return None,
    };
    let bold = matches!(style, FontStyle::Bold | FontStyle::BoldItalic);
    Some(match face {
        ARABIC if bold => BOLD_FROM,
        HEBREW if bold => BOLD_FROM + 1,
        DEVANAGARI if bold => BOLD_FROM + 2,
        THAI if bold => BOLD_FROM + 3,
        face => face,
    })
}

/// Faces whose text is shaped (joined letters, reordered vowels, stacked
/// marks) rather than drawn one glyph per character: all but the Latin,
/// CJK and mathematical ones.
fn is_complex(face: usize) -> bool {
    matches!(face, ARABIC | HEBREW | DEVANAGARI | THAI) || face >= SCRIPTS_FROM
}

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

/// A glyph to draw: which face, its id, its advance and offset from the
/// pen (in em; offsets place marks, y upwards), the byte range of the text
/// it shows, and the run it belongs to (one face, one direction: a PDF
/// text run never spans two).
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    pub face: usize,
    pub id: u32,
    pub advance: f32,
    pub dx: f32,
    pub dy: f32,
    pub range: std::ops::Range<usize>,
    pub run: u32,
}

/// What a character resolves to in one style, looked up once.
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Face index, or `SKIP` (a control character: draws nothing, no width)
    /// or `MISSING` (no face can show it).
    face: u8,
    id: u32,
    /// Advance in em; what `Measure::width` adds (0.5 for a missing one).
    advance: f32,
}

const SKIP: u8 = u8::MAX - 1;
/// In a lookup table: neither the style's face nor the fallback has it;
/// look through the other faces when it is met.
const LOOKUP: u8 = u8::MAX - 2;
const MISSING: u8 = u8::MAX;

/// Characters resolved up front, per style: Latin (U+0000..U+0250) and the
/// punctuation, symbol and arrow blocks (U+2000..U+2200). Everything else is
/// looked up when met (rare in plans).
const LATIN_END: u32 = 0x0250;
const PUNCT: std::ops::Range<u32> = 0x2000..0x2200;
const STYLES: usize = 5;

fn style_index(style: FontStyle) -> usize {
    match style {
        FontStyle::Regular => 0,
        FontStyle::Bold => 1,
        FontStyle::Italic => 2,
        FontStyle::BoldItalic => 3,
        FontStyle::Mono => 4,
    }
}

fn table_index(ch: char) -> Option<usize> {
    let c = ch as u32;
    if c < LATIN_END {
        Some(c as usize)
    } else if PUNCT.contains(&c) {
        Some((LATIN_END + c - PUNCT.start) as usize)
    } else {
        None
    }
}

/// The embedded faces, each parsed when first needed: the Latin ones at
/// once, the others when a character asks for them (reading a face touches
/// its character map and metrics, which a Latin document never needs).
struct Faces(Vec<std::sync::OnceLock<Result<Face, String>>>);

impl Faces {
    fn get(&self, face: usize) -> Result<&Face, &String> {
        self.0[face]
            .get_or_init(|| {
                let (name, data) = FACES[face];
                Face::new(name, data).map_err(|e| e.to_string())
            })
            .as_ref()
    }

    /// The glyph and advance of `ch` in `face` (none if the face is
    /// unreadable, which a test rules out).
    fn glyph(&self, face: usize, ch: char) -> Option<(u32, f32)> {
        self.get(face).ok()?.glyph(ch)
    }

    fn units_per_em(&self, face: usize) -> f32 {
        self.get(face).map_or(1000.0, |f| f.units_per_em)
    }
}

/// All embedded faces, parsed when first needed, with each style's common
/// characters resolved to (face, glyph, advance) in a flat table.
pub struct FontSet {
    faces: Faces,
    tables: [Vec<Entry>; STYLES],
    /// Shaping data of the complex-script faces, made when first needed.
    shapers: Vec<std::sync::OnceLock<harfrust::ShaperData>>,
}

impl FontSet {
    pub fn new() -> Result<FontSet, PdfError> {
        let faces = Faces(FACES.iter().map(|_| std::sync::OnceLock::new()).collect());
        for face in 0..=FALLBACK {
            faces.get(face).map_err(|e| PdfError::Font(e.clone()))?;
        }
        let styles = [
            FontStyle::Regular,
            FontStyle::Bold,
            FontStyle::Italic,
            FontStyle::BoldItalic,
            FontStyle::Mono,
        ];
        let tables = styles.map(|style| {
            (0..LATIN_END)
                .chain(PUNCT)
                .map(|c| match char::from_u32(c) {
                    Some(ch) => common(&faces, ch, style),
                    None => Entry {
                        face: MISSING,
                        id: 0,
                        advance: 0.5,
                    },
                })
                .collect()
        });
        let shapers = FACES.iter().map(|_| std::sync::OnceLock::new()).collect();
        Ok(FontSet {
            faces,
            tables,
            shapers,
        })
    }

    #[inline]
    fn entry(&self, ch: char, style: FontStyle) -> Entry {
        match table_index(ch).map(|i| self.tables[style_index(style)][i]) {
            Some(e) if e.face != LOOKUP => e,
            _ => resolve(&self.faces, ch, style),
        }
    }

    /// The glyph for `ch` in `style`: from the style's face, else from the
    /// fallback face; `None` if neither can show it.
    #[cfg(test)]
    pub fn glyph(&self, ch: char, style: FontStyle) -> Option<(usize, u32, f32)> {
        let e = self.entry(ch, style);
        if e.face == MISSING {
            return None;
        }
        if e.face == SKIP {
            // A control character: look it up like any other (no face has one).
            return glyph_of(&self.faces, ch, style);
        }
        Some((e.face as usize, e.id, e.advance))
    }

    /// The first character of `text` no embedded face can show.
    pub fn missing(&self, text: &str, style: FontStyle) -> Option<char> {
        text.chars().find(|&c| self.entry(c, style).face == MISSING)
    }

    /// Calls `f` with each glyph that draws `text`, in the order they are
    /// drawn from left to right; control characters draw nothing. `Err(ch)`
    /// for the first character no face has.
    ///
    /// Latin text (and common punctuation) is drawn one glyph per character
    /// from the lookup table; anything else goes through `shape`: the
    /// bidirectional algorithm orders right-to-left runs, and complex
    /// scripts (Arabic, Hebrew, Devanagari, Thai) are shaped.
    pub fn for_each_glyph(
        &self,
        text: &str,
        style: FontStyle,
        mut f: impl FnMut(Glyph),
    ) -> Result<(), char> {
        if !text.chars().all(|c| table_index(c).is_some()) {
            return shape::glyphs(self, text, style, &mut f);
        }
        for (i, ch) in text.char_indices() {
            let e = self.entry(ch, style);
            match e.face {
                SKIP => continue,
                MISSING => return Err(ch),
                face => f(Glyph {
                    face: face as usize,
                    id: e.id,
                    advance: e.advance,
                    dx: 0.0,
                    dy: 0.0,
                    range: i..i + ch.len_utf8(),
                    run: 0,
                }),
            }
        }
        Ok(())
    }
}

/// The glyph for `ch` in `style`: the script's own face, the style's face,
/// the fallback, then the other faces.
fn glyph_of(faces: &Faces, ch: char, style: FontStyle) -> Option<(usize, u32, f32)> {
    let primary = face_of(style);
    script_face(ch, style)
        .into_iter()
        .chain([primary, FALLBACK])
        .chain(MORE)
        .find_map(|face| faces.glyph(face, ch).map(|(id, adv)| (face, id, adv)))
}

/// A common (Latin or punctuation) character in the lookup table: from
/// the style's face or the fallback, else `LOOKUP` (resolved when met, so
/// building the table reads no other face).
fn common(faces: &Faces, ch: char, style: FontStyle) -> Entry {
    let e = resolve_in(faces, ch, style, &[face_of(style), FALLBACK]);
    if e.face == MISSING {
        Entry { face: LOOKUP, ..e }
    } else {
        e
    }
}

fn resolve(faces: &Faces, ch: char, style: FontStyle) -> Entry {
    resolve_in(faces, ch, style, &[])
}

/// `ch` resolved in `only` these faces, or in all (empty `only`).
fn resolve_in(faces: &Faces, ch: char, style: FontStyle, only: &[usize]) -> Entry {
    // Bidirectional formatting characters could make the PDF show text in
    // another order than the site: they draw nothing here, and the site
    // drops them too (`crate::render::text::is_bidi_control`).
    if ch.is_control() || crate::render::text::is_bidi_control(ch) {
        return Entry {
            face: SKIP,
            id: 0,
            advance: 0.0,
        };
    }
    let found = if only.is_empty() {
        glyph_of(faces, ch, style)
    } else {
        only.iter()
            .find_map(|&face| faces.glyph(face, ch).map(|(id, adv)| (face, id, adv)))
    };
    match found {
        Some((face, id, advance)) => Entry {
            face: face as u8,
            id,
            advance,
        },
        None => Entry {
            face: MISSING,
            id: 0,
            advance: 0.5,
        },
    }
}

/// krilla's handle of each face, made when the face is first drawn:
/// making one hashes the whole font (11 MB for all of them), which a
/// document in Latin letters never needs. Indexed by face, like `FACES`.
pub(crate) struct PdfFonts(Vec<std::cell::OnceCell<krilla::text::Font>>);

impl PdfFonts {
    pub fn new() -> PdfFonts {
        PdfFonts(FACES.iter().map(|_| std::cell::OnceCell::new()).collect())
    }
}

impl std::ops::Index<usize> for PdfFonts {
    type Output = krilla::text::Font;

    fn index(&self, face: usize) -> &krilla::text::Font {
        self.0[face].get_or_init(|| {
            // The fonts are compiled in, and a test loads each one.
            krilla::text::Font::new(FACES[face].1.into(), 0).expect("an embedded font krilla reads")
        })
    }
}

/// One step of a glyph outline, in font units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PathOp {
    Move(f32, f32),
    Line(f32, f32),
    Quad(f32, f32, f32, f32),
    Cubic(f32, f32, f32, f32, f32, f32),
    Close,
}

/// Records an outline as `PathOp`s.
struct Recorder(Vec<PathOp>);

impl OutlinePen for Recorder {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(PathOp::Move(x, y));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(PathOp::Line(x, y));
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.push(PathOp::Quad(cx0, cy0, x, y));
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.push(PathOp::Cubic(cx0, cy0, cx1, cy1, x, y));
    }
    fn close(&mut self) {
        self.0.push(PathOp::Close);
    }
}

impl FontSet {
    /// The outline of glyph `id` of `face`, unhinted, in font units (what
    /// krilla draws for outlined text), and the face's units per em.
    pub fn outline(&self, face: usize, id: u32) -> (Vec<PathOp>, f32) {
        let mut pen = Recorder(Vec::new());
        if let Ok(font) = FontRef::new(FACES[face].1)
            && let Some(glyph) = font.outline_glyphs().get(GlyphId::new(id))
            && glyph
                .draw(
                    DrawSettings::unhinted(Size::unscaled(), LocationRef::default()),
                    &mut pen,
                )
                .is_err()
        {
            pen.0.clear();
        }
        (pen.0, self.faces.units_per_em(face))
    }
}

impl Measure for FontSet {
    fn width(&self, text: &str, font: FontStyle, size: f32) -> f32 {
        // Summed left to right, like the advances are drawn.
        let em: f32 = if text.is_ascii() {
            // (Inter has every printable ASCII character: no `LOOKUP` here.)
            let table = &self.tables[style_index(font)];
            text.bytes().map(|b| table[b as usize].advance).sum()
        } else if text.chars().all(|c| table_index(c).is_some()) {
            text.chars().map(|c| self.entry(c, font).advance).sum()
        } else {
            // Shaped: what is drawn (joined letters are narrower or wider
            // than isolated ones). A character no face has counts 0.5 em,
            // like in the tables.
            let mut em = 0.0;
            match self.for_each_glyph(text, font, |g| em += g.advance) {
                Ok(()) => em,
                Err(_) => text.chars().map(|c| self.entry(c, font).advance).sum(),
            }
        };
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
        assert_eq!(f.missing("日本", FontStyle::Regular), None);
        // Tibetan: no face has it.
        assert_eq!(f.missing("བོད", FontStyle::Regular), Some('བ'));
    }

    #[test]
    fn krilla_reads_every_face() {
        let fonts = PdfFonts::new();
        for (face, (name, _)) in FACES.iter().enumerate() {
            assert!(
                krilla::text::Font::new(FACES[face].1.into(), 0).is_some(),
                "{name}"
            );
            let _ = fonts[face].clone();
        }
    }

    #[test]
    fn the_lookup_tables_agree_with_the_fonts() {
        let f = FontSet::new().unwrap();
        use FontStyle::*;
        for style in [Regular, Bold, Italic, BoldItalic, Mono] {
            for ch in (0u32..0x2400).filter_map(char::from_u32) {
                let (a, b) = (f.entry(ch, style), resolve(&f.faces, ch, style));
                assert_eq!(
                    (a.face, a.id, a.advance),
                    (b.face, b.id, b.advance),
                    "{ch:?}"
                );
            }
            // `width` reads ASCII straight from the table.
            let table = &f.tables[style_index(style)];
            assert!(table[..128].iter().all(|e| e.face != LOOKUP));
            let text = "Zürich \u{2013} \u{2713}\u{65e5}\tx";
            let summed: f32 = text.chars().map(|c| f.entry(c, style).advance).sum();
            assert_eq!(f.width(text, style, 10.0), summed * 10.0);
        }
    }
}
