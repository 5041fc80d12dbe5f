//! The PDF back end: a `Layout` (pages of positioned boxes) + the
//! document's metadata -> PDF bytes through krilla, validated as PDF/A.
//!
//! It only draws what the layout placed. Reproducible by construction: no
//! clock (dates come from `Meta::date`), no randomness (krilla derives ids
//! and font subset tags from content), so the same input gives the same
//! bytes. krilla's PDF/A validator is always on: an export that would not
//! conform fails with the problems listed, never yields a bad file.

use std::num::NonZeroU64;

use chrono::Datelike;
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Archival, ConfigurationBuilder, ValidationError};
use krilla::destination::XyzDestination;
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::error::KrillaError;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke as KStroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document as KDocument, SerializeSettings};

use crate::pdf::Conformance;
use crate::pdf::doc::{Document, LinkTarget};
use crate::pdf::error::PdfError;
use crate::pdf::fonts::{FACES, FontSet};
use crate::pdf::layout::boxes::{Color, Item, Stroke};
use crate::pdf::layout::measure::FontStyle;
use crate::pdf::layout::{Layout, OutlineEntry};

/// Writes the laid-out pages as a PDF/A file.
pub fn write(
    doc: &Document,
    layout: &Layout,
    fonts: &FontSet,
    conformance: Conformance,
) -> Result<Vec<u8>, PdfError> {
    let archival = match conformance {
        Conformance::PdfA2b => Archival::A2_B,
        Conformance::PdfA3b => Archival::A3_B,
    };
    if conformance == Conformance::PdfA2b && !doc.attachments.is_empty() {
        let names = doc.attachments.iter().map(|a| a.name.clone()).collect();
        return Err(PdfError::AttachmentsNeedPdfA3 { names });
    }
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(archival)
        .finish()
        .map_err(|e| PdfError::Export(format!("{e:?}")))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: false,
        ..SerializeSettings::default()
    };
    let mut pdf = KDocument::new_with(settings);
    let kfonts: Vec<Font> = FACES
        .iter()
        .map(|(name, data)| {
            Font::new((*data).into(), 0)
                .ok_or_else(|| PdfError::Font(format!("krilla cannot read {name}")))
        })
        .collect::<Result<_, _>>()?;

    // Where each text item was drawn, so a validation error can name it.
    let mut drawn: Vec<(usize, String)> = Vec::new();
    for (index, page) in layout.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(page.width, page.height)
            .ok_or_else(|| PdfError::Export(format!("page {} has an invalid size", index + 1)))?;
        let mut kpage = pdf.start_page_with(settings);
        let mut surface = kpage.surface();
        let mut links = Vec::new();
        for item in &page.items {
            if let Item::Text { text, .. } | Item::RotatedText { text, .. } = item {
                drawn.push((index + 1, text.clone()));
                surface.set_location(NonZeroU64::new(drawn.len() as u64).expect("starts at 1"));
            }
            match item {
                Item::Link { x, y, w, h, target } => {
                    links.push((Rect::from_xywh(*x, *y, *w, *h), target))
                }
                _ => draw(&mut surface, item, fonts, &kfonts).map_err(|ch| {
                    PdfError::MissingGlyph {
                        ch,
                        text: drawn.last().map(|d| d.1.clone()).unwrap_or_default(),
                        context: format!("page {}", index + 1),
                    }
                })?,
            }
            surface.reset_location();
        }
        surface.finish();
        for (rect, target) in links {
            let Some(rect) = rect else { continue };
            let target = match target {
                LinkTarget::Url(url) => Target::Action(Action::Link(LinkAction::new(url.clone()))),
                LinkTarget::Internal(id) => match layout.anchors.get(id) {
                    Some(&(p, y)) => Target::Destination(destination(p, y).into()),
                    None => continue,
                },
            };
            kpage.add_annotation(Annotation::new_link(
                LinkAnnotation::new(rect, target),
                None,
            ));
        }
        kpage.finish();
    }

    pdf.set_outline(outline(&layout.outline));
    pdf.set_metadata(metadata(doc));
    for a in &doc.attachments {
        let file = EmbeddedFile {
            path: a.name.clone(),
            mime_type: MimeType::new(&a.mime),
            description: Some(a.description.clone()).filter(|d| !d.is_empty()),
            association_kind: AssociationKind::Source,
            data: a.data.clone().into(),
            modification_date: Some(date(doc)),
            compress: None,
            location: None,
        };
        pdf.embed_file(file)
            .ok_or_else(|| PdfError::Export(format!("file `{}` embedded twice", a.name)))?;
    }
    pdf.finish().map_err(|e| export_error(e, archival, &drawn))
}

fn destination(page: usize, y: f32) -> XyzDestination {
    XyzDestination::new(page, Point::from_xy(0.0, (y - 14.0).max(0.0)))
}

fn date(doc: &Document) -> DateTime {
    let d = doc.meta.date;
    DateTime::new(d.year().clamp(0, 9999) as u16)
        .month(d.month() as u8)
        .day(d.day() as u8)
}

fn metadata(doc: &Document) -> Metadata {
    let m = &doc.meta;
    Metadata::new()
        .title(m.title.clone())
        .authors(if m.author.is_empty() {
            vec![]
        } else {
            vec![m.author.clone()]
        })
        .description(m.subject.clone())
        .keywords(m.keywords.clone())
        .language(m.language.clone())
        .creator(format!("migplan {}", env!("CARGO_PKG_VERSION")))
        .creation_date(date(doc))
        .document_id(m.document_id.clone())
}

/// Nests outline entries by level: each entry holds the deeper ones after it.
fn outline(entries: &[OutlineEntry]) -> Outline {
    fn children(entries: &[OutlineEntry], i: &mut usize, level: u8) -> Vec<OutlineNode> {
        let mut out = Vec::new();
        while let Some(e) = entries.get(*i) {
            if e.level <= level {
                break;
            }
            *i += 1;
            let mut node = OutlineNode::new(e.title.clone(), destination(e.page, e.y));
            for child in children(entries, i, e.level) {
                node.push_child(child);
            }
            out.push(node);
        }
        out
    }
    let mut root = Outline::new();
    let mut i = 0;
    for node in children(entries, &mut i, 0) {
        root.push_child(node);
    }
    root
}

fn paint(c: Color) -> krilla::paint::Paint {
    rgb::Color::new(c.0, c.1, c.2).into()
}

fn fill(c: Color, opacity: f32) -> Fill {
    Fill {
        paint: paint(c),
        opacity: NormalizedF32::new(opacity).unwrap_or(NormalizedF32::ONE),
        ..Fill::default()
    }
}

fn stroke(s: &Stroke) -> KStroke {
    KStroke {
        paint: paint(s.color),
        width: s.width,
        dash: s.dash.map(|d| StrokeDash {
            array: vec![d, d],
            offset: 0.0,
        }),
        ..KStroke::default()
    }
}

/// Draws one item; `Err(ch)` if a character has no glyph in any face.
fn draw(surface: &mut Surface, item: &Item, fonts: &FontSet, kfonts: &[Font]) -> Result<(), char> {
    match item {
        Item::Text {
            x,
            y,
            text,
            font,
            size,
            color,
        } => {
            surface.set_stroke(None);
            surface.set_fill(Some(fill(*color, 1.0)));
            draw_text(
                surface,
                (*x, *y),
                text,
                (*font, *size),
                false,
                fonts,
                kfonts,
            )?;
        }
        Item::RotatedText {
            cx,
            cy,
            angle,
            text,
            font,
            size,
            color,
            opacity,
            width,
        } => {
            surface.push_transform(&Transform::from_rotate_at(-angle, *cx, *cy));
            surface.set_stroke(None);
            surface.set_fill(Some(fill(*color, *opacity)));
            // Outlined: the watermark is a shape, so it never mixes into the
            // text a reader extracts or searches.
            let origin = (cx - width / 2.0, cy + size * 0.36);
            let result = draw_text(surface, origin, text, (*font, *size), true, fonts, kfonts);
            surface.pop();
            result?;
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            stroke: s,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y1);
            pb.line_to(*x2, *y2);
            stroke_path(surface, pb, None, Some(s));
        }
        Item::Rect {
            x,
            y,
            w,
            h,
            fill: f,
            stroke: s,
        } => {
            let mut pb = PathBuilder::new();
            if let Some(r) = Rect::from_xywh(*x, *y, *w, *h) {
                pb.push_rect(r);
            }
            stroke_path(surface, pb, *f, s.as_ref());
        }
        Item::Path {
            points,
            closed,
            fill: f,
            stroke: s,
        } => {
            let mut pb = PathBuilder::new();
            for (i, (px, py)) in points.iter().enumerate() {
                if i == 0 {
                    pb.move_to(*px, *py)
                } else {
                    pb.line_to(*px, *py)
                }
            }
            if *closed {
                pb.close();
            }
            stroke_path(surface, pb, *f, s.as_ref());
        }
        Item::Link { .. } => {}
    }
    Ok(())
}

fn stroke_path(surface: &mut Surface, pb: PathBuilder, f: Option<Color>, s: Option<&Stroke>) {
    let Some(path) = pb.finish() else { return };
    surface.set_fill(f.map(|c| fill(c, 1.0)));
    surface.set_stroke(s.map(stroke));
    surface.draw_path(&path);
    surface.set_stroke(None);
}

/// Draws `text` from its baseline at (`x`, `y`), one glyph run per face (the
/// fallback face takes the characters the primary one lacks). `outlined`
/// draws the glyphs as paths instead of text.
fn draw_text(
    surface: &mut Surface,
    (x, y): (f32, f32),
    text: &str,
    (style, size): (FontStyle, f32),
    outlined: bool,
    fonts: &FontSet,
    kfonts: &[Font],
) -> Result<(), char> {
    let glyphs = fonts.glyphs(text, style)?;
    let mut pen = x;
    let mut start = 0;
    while start < glyphs.len() {
        let face = glyphs[start].face;
        let end = glyphs[start..]
            .iter()
            .position(|g| g.face != face)
            .map_or(glyphs.len(), |n| start + n);
        let run = &glyphs[start..end];
        let (from, to) = (run[0].range.start, run[run.len() - 1].range.end);
        let kglyphs: Vec<KrillaGlyph> = run
            .iter()
            .map(|g| {
                let range = g.range.start - from..g.range.end - from;
                KrillaGlyph::new(GlyphId::new(g.id), g.advance, 0.0, 0.0, 0.0, range, None)
            })
            .collect();
        surface.draw_glyphs(
            Point::from_xy(pen, y),
            &kglyphs,
            kfonts[face].clone(),
            &text[from..to],
            size,
            outlined,
        );
        pen += run.iter().map(|g| g.advance).sum::<f32>() * size;
        start = end;
    }
    Ok(())
}

fn export_error(e: KrillaError, archival: Archival, drawn: &[(usize, String)]) -> PdfError {
    match e {
        KrillaError::Validation(errors) => {
            let problems = errors.iter().map(|(v, _)| describe(v, drawn)).collect();
            PdfError::NotConforming {
                standard: archival.as_str().to_string(),
                problems,
            }
        }
        other => PdfError::Export(other.to_string()),
    }
}

fn describe(v: &ValidationError, drawn: &[(usize, String)]) -> String {
    let place = |loc: &Option<NonZeroU64>| {
        loc.and_then(|l| drawn.get(l.get() as usize - 1))
            .map(|(page, text)| format!(" (page {page}, text \"{text}\")"))
            .unwrap_or_default()
    };
    match v {
        ValidationError::ContainsNotDefGlyph(_, loc, text) => {
            format!("a character of \"{text}\" has no glyph{}", place(loc))
        }
        ValidationError::NoCodepointMapping(_, _, loc) => {
            format!("a glyph has no Unicode mapping{}", place(loc))
        }
        ValidationError::Transparency(loc) => format!("transparency is not allowed{}", place(loc)),
        other => format!("{other:?}"),
    }
}
