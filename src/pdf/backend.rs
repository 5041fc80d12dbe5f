//! The PDF back end: a `Layout` (pages of positioned boxes) + the
//! document's metadata -> PDF bytes through krilla, validated as PDF/A.
//!
//! It only draws what the layout placed. Reproducible by construction: no
//! clock (dates come from `Meta::date`), no randomness (krilla derives ids
//! and font subset tags from content), so the same input gives the same
//! bytes. krilla's PDF/A and PDF/UA-1 validators are always on: an export
//! that would not conform fails with the problems listed, never yields a
//! bad file.
//!
//! The PDF is tagged: the layout's structure marks become the tag tree
//! (`tagging`), each drawn item is marked content of its element or an
//! artifact, and each link annotation sits in its link element.

use std::num::NonZeroU64;

use chrono::Datelike;
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder, ValidationError};
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
use krilla::text::{GlyphId, KrillaGlyph};
use krilla::{Document as KDocument, SerializeSettings};

use crate::pdf::Conformance;
use crate::pdf::doc::{Attachment, Document, LinkTarget};
use crate::pdf::error::PdfError;
use crate::pdf::fonts::{FontSet, PathOp, PdfFonts};
use crate::pdf::layout::boxes::{Color, Item, Stroke};
use crate::pdf::layout::measure::FontStyle;
use crate::pdf::layout::{Layout, OutlineEntry};
use crate::pdf::tagging::{Tagger, Target as Tagged};

/// Lays `doc` out and writes it as a PDF/A file, embedding the document's
/// attachments and then `extra` ones.
///
/// Pages are drawn in order and freed as they are written; krilla
/// compresses each finished page on its thread pool (its `rayon` feature)
/// while the next one is drawn. Every PDF object is still created on this
/// thread, in a fixed order, so the bytes do not depend on timing.
pub fn write(
    doc: &Document,
    extra: &[Attachment],
    fonts: &FontSet,
    conformance: Conformance,
) -> Result<Vec<u8>, PdfError> {
    let archival = match conformance {
        Conformance::PdfA2a => Archival::A2_A,
        Conformance::PdfA3a => Archival::A3_A,
    };
    let attachments = || doc.attachments.iter().chain(extra);
    if conformance == Conformance::PdfA2a && attachments().next().is_some() {
        let names = attachments().map(|a| a.name.clone()).collect();
        return Err(PdfError::AttachmentsNeedPdfA3 { names });
    }
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(archival)
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| PdfError::Export(format!("{e:?}")))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut pdf = KDocument::new_with(settings);
    let kfonts = PdfFonts::new();

    let Layout {
        pages,
        anchors,
        outline: entries,
    } = crate::profile::stage("pdf: layout", || crate::pdf::layout::layout(doc, fonts));
    let started = crate::profile::Started::now();
    let mut scratch = Scratch::default();
    let mut tagger = Tagger::new();
    for (index, page) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(page.width, page.height)
            .ok_or_else(|| PdfError::Export(format!("page {} has an invalid size", index + 1)))?;
        let mut kpage = pdf.start_page_with(settings);
        let mut surface = kpage.surface();
        let mut links = Vec::new();
        // The marked content open on the page: consecutive items of one
        // element (or artifact) share it.
        let mut open: Option<Tagged> = None;
        for (i, item) in page.items.into_iter().enumerate() {
            let item = match item {
                Item::Mark(mark) => {
                    tagger.mark(&mark);
                    continue;
                }
                Item::Link { x, y, w, h, target } => {
                    links.push((Rect::from_xywh(x, y, w, h), target, tagger.annotation()));
                    continue;
                }
                item => item,
            };
            let target = tagger.target(&item);
            if open != Some(target) {
                if open.is_some() {
                    surface.end_tagged();
                }
                let id = surface.start_tagged(target.content_tag());
                tagger.content(target, id);
                open = Some(target);
            }
            let text = match &item {
                Item::Text { text, .. } | Item::RotatedText { text, .. } => Some(text),
                _ => None,
            };
            if text.is_some() {
                surface.set_location(location(index, i));
            }
            draw(&mut surface, &item, fonts, &kfonts, &mut scratch).map_err(|ch| {
                PdfError::MissingGlyph {
                    ch,
                    text: text.cloned().unwrap_or_default(),
                    context: format!("page {}", index + 1),
                }
            })?;
            if text.is_some() {
                surface.reset_location();
            }
        }
        if open.is_some() {
            surface.end_tagged();
        }
        surface.finish();
        for (rect, target, k) in links {
            let Some(rect) = rect else { continue };
            let (target, alt) = match target {
                LinkTarget::Url(url) => (
                    Target::Action(Action::Link(LinkAction::new(url.clone()))),
                    format!("Link to {url}"),
                ),
                LinkTarget::Internal(id) => match anchors.get(&id) {
                    Some(&(p, y)) => (
                        Target::Destination(destination(p, y).into()),
                        link_alt(&entries, &id, p),
                    ),
                    None => continue,
                },
            };
            let id = kpage.add_tagged_annotation(Annotation::new_link(
                LinkAnnotation::new(rect, target),
                Some(alt),
            ));
            tagger.annotated(k, id);
        }
        kpage.finish();
    }

    started.record("pdf: draw pages");
    debug_assert_eq!(tagger.stray, 0, "layout left text outside the structure");
    pdf.set_tag_tree(tagger.finish(&doc.meta.language));
    pdf.set_outline(outline(&entries, &doc.meta.title));
    drop((anchors, entries));
    pdf.set_metadata(metadata(doc));
    let started = crate::profile::Started::now();
    for a in attachments() {
        let file = EmbeddedFile {
            path: a.name.clone(),
            mime_type: MimeType::new(&a.mime),
            // PDF/UA asks every embedded file for a description.
            description: Some(if a.description.trim().is_empty() {
                a.name.clone()
            } else {
                a.description.clone()
            }),
            association_kind: AssociationKind::Source,
            data: a.data.clone().into(),
            modification_date: Some(date(doc)),
            compress: None,
            location: None,
        };
        pdf.embed_file(file)
            .ok_or_else(|| PdfError::Export(format!("file `{}` embedded twice", a.name)))?;
    }
    started.record("pdf: embed sources");
    crate::profile::stage("pdf: finish (krilla)", || pdf.finish())
        .map(crate::pdf::compact::compact)
        .map_err(|e| export_error(e, archival, doc, fonts))
}

/// The location krilla reports a validation problem at: which page and
/// item drew it (the text is found again from the layout, see `describe`).
fn location(page: usize, item: usize) -> NonZeroU64 {
    NonZeroU64::new(((page as u64) << 32 | item as u64) + 1).expect("not zero")
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

/// What a link to heading `id` on page `page` (0-based) says to a reader.
fn link_alt(entries: &[OutlineEntry], id: &str, page: usize) -> String {
    match entries.iter().find(|e| e.id == id) {
        Some(e) => format!(
            "Go to \u{201c}{}\u{201d}, page {}",
            crate::pdf::layout::tags::clip(&e.title, 300),
            page + 1
        ),
        None => format!("Go to page {}", page + 1),
    }
}

/// Nests outline entries by level: each entry holds the deeper ones after
/// it. A document without headings gets one entry, its title (PDF/UA asks
/// for an outline).
fn outline(entries: &[OutlineEntry], title: &str) -> Outline {
    if entries.is_empty() {
        let mut root = Outline::new();
        root.push_child(OutlineNode::new(title.to_string(), destination(0, 0.0)));
        return root;
    }
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
/// Buffers and caches reused across items.
#[derive(Default)]
struct Scratch {
    glyphs: Vec<KrillaGlyph>,
    /// Outlines of glyphs drawn as shapes (the watermark), by (face,
    /// glyph), read from the font once rather than on every page.
    outlines: Vec<((usize, u32), Vec<PathOp>, f32)>,
}

fn draw(
    surface: &mut Surface,
    item: &Item,
    fonts: &FontSet,
    kfonts: &PdfFonts,
    scratch: &mut Scratch,
) -> Result<(), char> {
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
                (fonts, kfonts),
                scratch,
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
            let result = draw_text(
                surface,
                origin,
                text,
                (*font, *size),
                true,
                (fonts, kfonts),
                scratch,
            );
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
        Item::Link { .. } | Item::Mark(_) => {}
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

/// Draws `text` from its baseline at (`x`, `y`), one glyph run per face and
/// direction (the fallback faces take the characters the primary one lacks;
/// `FontSet::for_each_glyph` orders and shapes them). `outlined` draws the
/// glyphs as paths instead of text.
fn draw_text(
    surface: &mut Surface,
    (x, y): (f32, f32),
    text: &str,
    (style, size): (FontStyle, f32),
    outlined: bool,
    (fonts, kfonts): (&FontSet, &PdfFonts),
    scratch: &mut Scratch,
) -> Result<(), char> {
    let mut pen = x;
    // The run being collected: its face, its run number and the byte range
    // of the text it shows (glyphs of a right-to-left run come in reverse
    // text order); and its advance (in em).
    let mut run: Option<(usize, u32)> = None;
    let mut span = 0..0;
    let mut advance = 0f32;
    let Scratch { glyphs, outlines } = scratch;
    let mut flush = |surface: &mut Surface,
                     face: usize,
                     span: &std::ops::Range<usize>,
                     glyphs: &mut Vec<KrillaGlyph>,
                     advance: f32| {
        if outlined {
            draw_outlined(surface, (pen, y), face, glyphs, size, fonts, outlines);
        } else {
            for g in glyphs.iter_mut() {
                g.text_range = g.text_range.start - span.start..g.text_range.end - span.start;
            }
            surface.draw_glyphs(
                Point::from_xy(pen, y),
                glyphs,
                kfonts[face].clone(),
                &text[span.clone()],
                size,
                false,
            );
        }
        pen += advance * size;
        glyphs.clear();
    };
    glyphs.clear();
    fonts.for_each_glyph(text, style, |g| {
        match run {
            Some(r) if r == (g.face, g.run) => {
                span = span.start.min(g.range.start)..span.end.max(g.range.end);
            }
            Some((face, _)) => {
                flush(surface, face, &span, glyphs, advance);
                advance = 0.0;
                run = Some((g.face, g.run));
                span = g.range.clone();
            }
            None => {
                run = Some((g.face, g.run));
                span = g.range.clone();
            }
        }
        glyphs.push(KrillaGlyph::new(
            GlyphId::new(g.id),
            g.advance,
            g.dx,
            g.dy,
            0.0,
            g.range,
            None,
        ));
        advance += g.advance;
    })?;
    if let Some((face, _)) = run {
        flush(surface, face, &span, glyphs, advance);
    }
    Ok(())
}

/// Draws glyphs of `face` as filled shapes from (`x`, `y`), exactly as
/// krilla's outlined text does, with each outline read from the font once.
fn draw_outlined(
    surface: &mut Surface,
    (x, y): (f32, f32),
    face: usize,
    glyphs: &[KrillaGlyph],
    size: f32,
    fonts: &FontSet,
    outlines: &mut Vec<((usize, u32), Vec<PathOp>, f32)>,
) {
    let mut cur_x = x;
    for g in glyphs {
        let key = (face, g.glyph_id.to_u32());
        let i = match outlines.iter().position(|(k, ..)| *k == key) {
            Some(i) => i,
            None => {
                let (ops, units_per_em) = fonts.outline(face, key.1);
                outlines.push((key, ops, units_per_em));
                outlines.len() - 1
            }
        };
        let (_, ops, units_per_em) = &outlines[i];
        let mut pb = PathBuilder::new();
        for op in ops {
            match *op {
                PathOp::Move(x, y) => pb.move_to(x, y),
                PathOp::Line(x, y) => pb.line_to(x, y),
                PathOp::Quad(x1, y1, x, y) => pb.quad_to(x1, y1, x, y),
                PathOp::Cubic(x1, y1, x2, y2, x, y) => pb.cubic_to(x1, y1, x2, y2, x, y),
                PathOp::Close => pb.close(),
            }
        }
        let scale = Transform::from_row(
            size / units_per_em,
            0.0,
            0.0,
            -size / units_per_em,
            cur_x + g.x_offset * size,
            y - g.y_offset * size,
        );
        if let Some(path) = pb.finish().and_then(|p| p.transform(scale)) {
            surface.draw_path(&path);
        }
        cur_x += g.x_advance * size;
    }
}

fn export_error(e: KrillaError, archival: Archival, doc: &Document, fonts: &FontSet) -> PdfError {
    match e {
        KrillaError::Validation(errors) => {
            // Rare (the check before layout catches what fonts cannot show):
            // lay the document out again to name the text of each problem.
            let laid = crate::pdf::layout::layout(doc, fonts);
            let problems = errors.iter().map(|(v, _)| describe(v, &laid)).collect();
            PdfError::NotConforming {
                standard: archival.as_str().to_string(),
                problems,
            }
        }
        other => PdfError::Export(other.to_string()),
    }
}

/// The page (1-based) and text drawn at a location set by `write`.
fn drawn(laid: &Layout, loc: NonZeroU64) -> Option<(usize, &str)> {
    let raw = loc.get() - 1;
    let (page, item) = ((raw >> 32) as usize, (raw & 0xffff_ffff) as usize);
    match laid.pages.get(page)?.items.get(item)? {
        Item::Text { text, .. } | Item::RotatedText { text, .. } => Some((page + 1, text)),
        _ => None,
    }
}

fn describe(v: &ValidationError, laid: &Layout) -> String {
    let place = |loc: &Option<NonZeroU64>| {
        loc.and_then(|l| drawn(laid, l))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF with whatever `draw` puts on it, in a translucent red.
    fn page(draw: impl FnOnce(&mut Surface, &FontSet, &PdfFonts)) -> Vec<u8> {
        let fonts = FontSet::new().unwrap();
        let kfonts = PdfFonts::new();
        let mut pdf = KDocument::new();
        let mut kpage = pdf.start_page_with(PageSettings::from_wh(400.0, 200.0).unwrap());
        let mut surface = kpage.surface();
        surface.set_fill(Some(fill(Color(200, 40, 20), 0.3)));
        draw(&mut surface, &fonts, &kfonts);
        surface.finish();
        kpage.finish();
        pdf.finish().unwrap()
    }

    #[test]
    fn outlined_text_is_drawn_exactly_like_krillas_own_outlines() {
        // Two faces (the check mark comes from the fallback), drawn twice so
        // the second time comes from the outline cache.
        let text = "DRAFT \u{2713} Ok";
        let (origin, style, size) = ((12.5, 120.0), FontStyle::Bold, 48.0);
        let ours = page(|surface, fonts, kfonts| {
            let mut scratch = Scratch::default();
            for _ in 0..2 {
                draw_text(
                    surface,
                    origin,
                    text,
                    (style, size),
                    true,
                    (fonts, kfonts),
                    &mut scratch,
                )
                .unwrap();
            }
            assert_eq!(scratch.outlines.len(), 9, "each glyph read once");
        });
        let krillas = page(|surface, fonts, kfonts| {
            for _ in 0..2 {
                let mut runs: Vec<(usize, Vec<KrillaGlyph>, f32)> = Vec::new();
                fonts
                    .for_each_glyph(text, style, |g| {
                        if runs.last().is_none_or(|r| r.0 != g.face) {
                            runs.push((g.face, Vec::new(), 0.0));
                        }
                        let run = runs.last_mut().unwrap();
                        let glyph = KrillaGlyph::new(
                            GlyphId::new(g.id),
                            g.advance,
                            0.0,
                            0.0,
                            0.0,
                            0..0,
                            None,
                        );
                        run.1.push(glyph);
                        run.2 += g.advance;
                    })
                    .unwrap();
                let mut pen = origin.0;
                for (face, glyphs, advance) in runs {
                    let font = kfonts[face].clone();
                    let start = Point::from_xy(pen, origin.1);
                    surface.draw_glyphs(start, &glyphs, font, "", size, true);
                    pen += advance * size;
                }
            }
        });
        assert!(ours == krillas, "the outlines differ from krilla's");
    }

    #[test]
    fn a_location_names_its_page_and_item() {
        let loc = location(2_600, 70_000);
        let raw = loc.get() - 1;
        assert_eq!(
            ((raw >> 32) as usize, (raw & 0xffff_ffff) as usize),
            (2_600, 70_000)
        );
    }
}
