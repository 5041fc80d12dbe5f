//! The layout's output: pages of positioned boxes (text runs, lines, rects,
//! paths, links, anchors) -> drawn by `backend`.
//!
//! Coordinates are points from the page's top-left corner, y growing down.
//! Text is positioned by its baseline.

use super::measure::FontStyle;
use super::tags::Mark;
use crate::pdf::doc::LinkTarget;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color(pub u8, pub u8, pub u8);

/// One laid-out page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
}

/// A stroke: colour and line width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    pub color: Color,
    pub width: f32,
    /// Dash length (gap of the same length), or a solid line.
    pub dash: Option<f32>,
}

impl Stroke {
    pub fn solid(color: Color, width: f32) -> Self {
        Stroke {
            color,
            width,
            dash: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A run of text in one style, `y` at its baseline.
    Text {
        x: f32,
        y: f32,
        text: String,
        font: FontStyle,
        size: f32,
        color: Color,
    },
    /// Text turned by `angle` degrees (counter-clockwise) around its centre
    /// (`cx`, `cy`), at `opacity` (the watermark).
    RotatedText {
        cx: f32,
        cy: f32,
        angle: f32,
        text: String,
        font: FontStyle,
        size: f32,
        color: Color,
        opacity: f32,
        /// Width of `text` as measured, to centre it.
        width: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        stroke: Stroke,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    /// A polygon (diamonds, arrow heads) or, when not closed, a polyline.
    Path {
        points: Vec<(f32, f32)>,
        closed: bool,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    /// A clickable area.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        target: LinkTarget,
    },
    /// A structure mark: where a tagged element starts or ends (see
    /// `tags`). Draws nothing.
    Mark(Mark),
}

impl Item {
    /// Moves the item by (`dx`, `dy`).
    pub fn translate(&mut self, dx: f32, dy: f32) {
        match self {
            Item::Text { x, y, .. } | Item::Rect { x, y, .. } | Item::Link { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Item::RotatedText { cx, cy, .. } => {
                *cx += dx;
                *cy += dy;
            }
            Item::Line { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
            Item::Path { points, .. } => {
                for p in points {
                    p.0 += dx;
                    p.1 += dy;
                }
            }
            Item::Mark(_) => {}
        }
    }

    /// A filled rectangle without stroke.
    pub fn fill(x: f32, y: f32, w: f32, h: f32, color: Color) -> Self {
        Item::Rect {
            x,
            y,
            w,
            h,
            fill: Some(color),
            stroke: None,
        }
    }

    /// A horizontal rule from `x1` to `x2` at `y`.
    pub fn hrule(x1: f32, x2: f32, y: f32, stroke: Stroke) -> Self {
        Item::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            stroke,
        }
    }
}

impl Page {
    /// All text of the page in drawing order, one run per line (for tests).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for item in &self.items {
            if let Item::Text { text, .. } = item {
                out.push_str(text);
                out.push('\n');
            }
        }
        out
    }
}
