//! Text measurement seen by the layout: (text, font style, size) -> width.
//!
//! The layout depends only on this trait, so it can be unit-tested with a
//! fixed-advance measurer; the real one (`fonts::FontSet`) uses the embedded
//! fonts' advance widths.

/// The faces the layout can ask for. The backend maps each to an embedded
/// font (with a fallback font for characters a face lacks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontStyle {
    Regular,
    Bold,
    Italic,
    BoldItalic,
    Mono,
}

impl FontStyle {
    /// This style with bold added (mono stays mono).
    pub fn bolder(self) -> Self {
        match self {
            FontStyle::Regular => FontStyle::Bold,
            FontStyle::Italic => FontStyle::BoldItalic,
            other => other,
        }
    }

    /// This style with italic added (mono stays mono).
    pub fn italicized(self) -> Self {
        match self {
            FontStyle::Regular => FontStyle::Italic,
            FontStyle::Bold => FontStyle::BoldItalic,
            other => other,
        }
    }
}

/// Measures the advance width of a text run, in points.
pub trait Measure {
    fn width(&self, text: &str, font: FontStyle, size: f32) -> f32;
}

/// Every character is `em * size` wide: predictable widths for tests.
#[cfg(test)]
pub struct FixedMeasure(pub f32);

#[cfg(test)]
impl Measure for FixedMeasure {
    fn width(&self, text: &str, _font: FontStyle, size: f32) -> f32 {
        text.chars().count() as f32 * self.0 * size
    }
}
