//! Text that is not plain Latin -> glyphs in drawing order: each
//! character's face (marks stay with their letter), the Unicode
//! bidirectional algorithm (right-to-left runs reversed, the paragraph's
//! direction taken from its first strong letter, like `dir="auto"` in the
//! site), and shaping of complex scripts with harfrust (Arabic letters
//! joined, Indic vowels reordered, marks placed).

use std::borrow::Cow;
use std::ops::Range;

use harfrust::{Direction, FontRef, ShapeOptions, ShaperData, UnicodeBuffer};
use unicode_bidi::{BidiClass, BidiInfo, bidi_class};

use super::{FACES, FontSet, Glyph, MISSING, SKIP, is_complex};
use crate::pdf::layout::measure::FontStyle;
use crate::render::text::is_bidi_control;

/// Calls `f` with the glyphs of `text` from left to right; `Err(ch)` for the
/// first character no face has.
pub(super) fn glyphs(
    set: &FontSet,
    text: &str,
    style: FontStyle,
    f: &mut dyn FnMut(Glyph),
) -> Result<(), char> {
    let faces = faces(set, text, style)?;
    let mut run = 0u32;
    for (range, rtl) in visual_runs(text) {
        let subs = face_runs(&faces, range);
        let mut draw = |(face, r): (usize, Range<usize>)| {
            run += 1;
            if rtl || is_complex(face) {
                shaped(set, face, text, r, rtl, run, f)
            } else {
                for (i, ch) in text[r.clone()].char_indices() {
                    let (id, advance) = set.faces.glyph(face, ch).ok_or(ch)?;
                    let at = r.start + i;
                    f(Glyph {
                        face,
                        id,
                        advance,
                        dx: 0.0,
                        dy: 0.0,
                        range: at..at + ch.len_utf8(),
                        run,
                    });
                }
                Ok(())
            }
        };
        if rtl {
            subs.into_iter().rev().try_for_each(&mut draw)?;
        } else {
            subs.into_iter().try_for_each(&mut draw)?;
        }
    }
    Ok(())
}

/// Each character's (byte offset, face); `SKIP` for what draws nothing.
/// A combining mark or joiner takes the face of the letter before it when
/// that face has it, so a shaper sees them together.
fn faces(set: &FontSet, text: &str, style: FontStyle) -> Result<Vec<(usize, u8)>, char> {
    let mut out = Vec::with_capacity(text.len());
    let mut prev: Option<u8> = None;
    for (i, ch) in text.char_indices() {
        let own = set.entry(ch, style).face;
        let with_prev =
            prev.filter(|&p| p != own && is_mark(ch) && set.faces.glyph(p as usize, ch).is_some());
        let face = match (own, with_prev) {
            (SKIP, _) => SKIP,
            (_, Some(p)) => p,
            (MISSING, None) => return Err(ch),
            (face, None) => face,
        };
        if face != SKIP {
            prev = Some(face);
        }
        out.push((i, face));
    }
    Ok(out)
}

/// A non-spacing mark, a joiner or a variation selector: part of the
/// letter before it.
fn is_mark(ch: char) -> bool {
    matches!(ch, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}')
        || bidi_class(ch) == BidiClass::NSM
}

/// The runs of one face within `range`, in logical order; characters that
/// draw nothing split runs and are left out.
fn face_runs(faces: &[(usize, u8)], range: Range<usize>) -> Vec<(usize, Range<usize>)> {
    let mut out: Vec<(usize, Range<usize>)> = Vec::new();
    let from = faces.partition_point(|&(i, _)| i < range.start);
    let to = faces.partition_point(|&(i, _)| i < range.end);
    let mut cur: Option<(u8, usize)> = None;
    for &(i, face) in &faces[from..to] {
        match cur {
            Some((f, _)) if f == face => {}
            Some((f, start)) => {
                if f != SKIP {
                    out.push((f as usize, start..i));
                }
                cur = Some((face, i));
            }
            None => cur = Some((face, i)),
        }
    }
    if let Some((f, start)) = cur
        && f != SKIP
    {
        out.push((f as usize, start..range.end));
    }
    out
}

/// The directional runs of `text` in visual order (left to right), each
/// with whether it reads right to left. Bidirectional formatting characters
/// are neutralised first (the site drops them too), so they cannot reorder
/// anything.
fn visual_runs(text: &str) -> Vec<(Range<usize>, bool)> {
    let rtl = |c: char| matches!(bidi_class(c), BidiClass::R | BidiClass::AL | BidiClass::AN);
    if !text.chars().any(rtl) {
        return vec![(0..text.len(), false)];
    }
    let neutral: Cow<str> = if text.chars().any(is_bidi_control) {
        // The same length, so byte offsets stay valid: boundary-neutral
        // characters of 3 and 2 bytes (U+200B, U+00AD).
        Cow::Owned(
            text.chars()
                .map(|c| match (is_bidi_control(c), c.len_utf8()) {
                    (true, 3) => '\u{200B}',
                    (true, _) => '\u{AD}',
                    (false, _) => c,
                })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    };
    let info = BidiInfo::new(&neutral, None);
    let mut out = Vec::new();
    for para in &info.paragraphs {
        let (levels, runs) = info.visual_runs(para, para.range.clone());
        for r in runs {
            let rtl = levels[r.start].is_rtl();
            out.push((r, rtl));
        }
    }
    out
}

/// Shapes `text[r]` in `face` with harfrust; glyphs in visual order.
fn shaped(
    set: &FontSet,
    face: usize,
    text: &str,
    r: Range<usize>,
    rtl: bool,
    run: u32,
    f: &mut dyn FnMut(Glyph),
) -> Result<(), char> {
    let first = text[r.clone()].chars().next().unwrap_or(' ');
    let font = FontRef::new(FACES[face].1).map_err(|_| first)?;
    let data = set.shapers[face].get_or_init(|| ShaperData::new(&font));
    let shaper = data.shaper(&font).build();
    let mut buf = UnicodeBuffer::new();
    buf.push_str(&text[r.clone()]);
    // The letters around the run, for joining (Arabic letters join across
    // a change of face, e.g. with a mark another face draws).
    buf.set_pre_context(&text[..r.start]);
    buf.set_post_context(&text[r.end..]);
    buf.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    buf.guess_segment_properties();
    let out = shaper.shape(buf, ShapeOptions::new());
    let upem = set.faces.units_per_em(face);
    let infos = out.glyph_infos();
    // A cluster's text runs to the next cluster's start (in logical order).
    let mut starts: Vec<u32> = infos.iter().map(|i| i.cluster).collect();
    starts.sort_unstable();
    starts.dedup();
    for (info, pos) in infos.iter().zip(out.glyph_positions()) {
        let start = info.cluster as usize;
        let end = starts
            .get(starts.partition_point(|&c| c <= info.cluster))
            .map_or(r.len(), |&c| c as usize);
        let range = r.start + start..r.start + end;
        if info.glyph_id == 0 {
            return Err(text[range].chars().next().unwrap_or(first));
        }
        f(Glyph {
            face,
            id: info.glyph_id,
            advance: pos.x_advance as f32 / upem,
            dx: pos.x_offset as f32 / upem,
            dy: pos.y_offset as f32 / upem,
            range,
            run,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(text: &str) -> Vec<Glyph> {
        let set = FontSet::new().unwrap();
        let mut out = Vec::new();
        set.for_each_glyph(text, FontStyle::Regular, |g| out.push(g))
            .unwrap();
        out
    }

    /// The text each glyph shows, left to right.
    fn order(text: &str) -> String {
        let mut seen = Vec::new();
        for g in drawn(text) {
            if seen.last() != Some(&g.range) {
                seen.push(g.range.clone());
            }
        }
        seen.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn right_to_left_runs_are_drawn_reversed_in_a_left_to_right_line() {
        // Hebrew letters alef, bet, gimel after Latin: drawn gimel first.
        assert_eq!(
            order("ab \u{5D0}\u{5D1}\u{5D2}"),
            "ab \u{5D2}\u{5D1}\u{5D0}"
        );
        // A line that starts right to left keeps its Latin word in order,
        // to the left of the Hebrew.
        assert_eq!(order("\u{5D0}\u{5D1} ab"), "ab \u{5D1}\u{5D0}");
    }

    #[test]
    fn an_override_character_cannot_reorder_text() {
        // U+202E would show "abc" as "cba" if obeyed.
        assert_eq!(order("x\u{202E}abc"), "xabc");
    }

    #[test]
    fn arabic_letters_are_joined() {
        let set = FontSet::new().unwrap();
        let isolated = |ch: char| {
            let mut id = 0;
            set.for_each_glyph(&ch.to_string(), FontStyle::Regular, |g| id = g.id)
                .unwrap();
            id
        };
        // beh, beh, beh: initial, medial and final forms, none isolated.
        let word = drawn("\u{628}\u{628}\u{628}");
        assert_eq!(word.len(), 3);
        assert!(word.iter().all(|g| g.face == super::super::ARABIC));
        let mut bold = Vec::new();
        set.for_each_glyph("\u{628}\u{628}", FontStyle::Bold, |g| bold.push(g.face))
            .unwrap();
        assert_eq!(bold, [super::super::BOLD_FROM; 2], "bold Arabic");
        let beh = isolated('\u{628}');
        assert!(word.iter().all(|g| g.id != beh), "{word:?} vs {beh}");
        let ids: std::collections::BTreeSet<u32> = word.iter().map(|g| g.id).collect();
        assert_eq!(ids.len(), 3, "three different forms");
    }

    #[test]
    fn devanagari_vowel_sign_i_is_drawn_before_its_consonant() {
        // "कि": the vowel sign i (U+093F) follows ka in the text but is
        // drawn to its left.
        let g = drawn("\u{915}\u{93F}");
        assert_eq!(g.len(), 2);
        assert_ne!(g[0].id, g[1].id);
        let set = FontSet::new().unwrap();
        let mut ka = 0;
        set.for_each_glyph("\u{915}", FontStyle::Regular, |g| ka = g.id)
            .unwrap();
        assert_eq!(g[1].id, ka, "ka second");
    }

    #[test]
    fn cjk_indic_southeast_asian_and_math_letters_have_faces() {
        let set = FontSet::new().unwrap();
        for text in [
            "数据迁移",
            "データ移行",
            "데이터 이전",
            "การย้ายข้อมูล",
            "𝑥 ∈ 𝔸",
            "गणना",
            "বাংলা",
            "தமிழ்",
            "తెలుగు",
            "ಕನ್ನಡ",
            "മലയാളം",
            "ગુજરાતી",
            "ਪੰਜਾਬੀ",
            "ଓଡ଼ିଆ",
            "සිංහල",
            "ខ្មែរ",
            "ລາວ",
            "မြန်မာ",
            "አማርኛ",
        ] {
            assert_eq!(set.missing(text, FontStyle::Regular), None, "{text}");
            assert_eq!(set.missing(text, FontStyle::Bold), None, "{text}");
            assert!(!drawn(text).is_empty());
        }
    }
}
