//! Inline text: `Inline` trees -> flat styled runs -> lines broken to a width
//! -> positioned text items.
//!
//! Line breaking is greedy at spaces; no-break spaces glue words together.
//! A word wider than the line breaks at a hyphenation point or after a
//! hyphen or slash (`breaks`), and as a last resort between characters, so
//! nothing ever runs off the page. Numbers and dates never break unless they
//! alone are wider than the line.

use super::boxes::{Color, Item};
use super::breaks::{self, NBSP, is_break_space};
use super::measure::{FontStyle, Measure};
use super::tags::{Mark, Role};
use super::theme;
use crate::pdf::doc::{Inline, LinkTarget};

/// Inline code is set a little smaller than the surrounding text, since the
/// mono face is wider.
const CODE_SCALE: f32 = 0.9;

/// A stretch of text in one style.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub text: String,
    pub font: FontStyle,
    pub color: Color,
    pub link: Option<LinkTarget>,
}

impl Run {
    pub fn plain(text: impl Into<String>, font: FontStyle, color: Color) -> Self {
        Run {
            text: text.into(),
            font,
            color,
            link: None,
        }
    }
}

/// Flattens nested inlines into runs; a `LineBreak` becomes a run of "\n".
pub fn flatten(inlines: &[Inline], font: FontStyle, color: Color) -> Vec<Run> {
    let mut runs = Vec::new();
    flatten_into(inlines, font, color, None, &mut runs);
    runs
}

fn flatten_into(
    inlines: &[Inline],
    font: FontStyle,
    color: Color,
    link: Option<&LinkTarget>,
    out: &mut Vec<Run>,
) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => push_run(out, t, font, color, link),
            Inline::Bold(inner) => flatten_into(inner, font.bolder(), color, link, out),
            Inline::Italic(inner) => flatten_into(inner, font.italicized(), color, link, out),
            Inline::Code(t) => push_run(out, t, FontStyle::Mono, color, link),
            Inline::Link { target, content } => {
                flatten_into(content, font, theme::LINK, Some(target), out)
            }
            Inline::LineBreak => push_run(out, "\n", font, color, link),
        }
    }
}

fn push_run(
    out: &mut Vec<Run>,
    text: &str,
    font: FontStyle,
    color: Color,
    link: Option<&LinkTarget>,
) {
    if text.is_empty() {
        return;
    }
    if let Some(last) = out.last_mut()
        && last.font == font
        && last.color == color
        && last.link.as_ref() == link
        && last.text != "\n"
        && text != "\n"
    {
        last.text.push_str(text);
        return;
    }
    out.push(Run {
        text: text.to_string(),
        font,
        color,
        link: link.cloned(),
    });
}

/// A positioned piece of one run on a line; `x` from the line's start.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    pub x: f32,
    pub width: f32,
    pub text: String,
    pub font: FontStyle,
    pub size: f32,
    pub color: Color,
    pub link: Option<LinkTarget>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line {
    pub pieces: Vec<Piece>,
    pub width: f32,
}

/// The size a run is set at, given the paragraph's size.
fn run_size(font: FontStyle, size: f32) -> f32 {
    if font == FontStyle::Mono {
        size * CODE_SCALE
    } else {
        size
    }
}

/// One unbreakable fragment: a part of a word (or a space) from one run.
struct Frag<'a> {
    run: usize,
    text: &'a str,
    width: f32,
}

enum Token<'a> {
    /// A word: the fragments `frags[range]` of the tokens' fragment list.
    Word(std::ops::Range<usize>),
    Space(Frag<'a>),
    Newline,
}

/// The tokens of some runs, with the fragments of their words (kept in one
/// list rather than one per word: a table has hundreds of thousands).
struct Tokens<'a> {
    tokens: Vec<Token<'a>>,
    frags: Vec<Frag<'a>>,
}

impl<'a> Tokens<'a> {
    fn word(&self, range: &std::ops::Range<usize>) -> &[Frag<'a>] {
        &self.frags[range.clone()]
    }
}

fn tokenize<'a>(runs: &'a [Run], size: f32, m: &dyn Measure) -> Tokens<'a> {
    let mut tokens = Vec::new();
    let mut frags: Vec<Frag<'a>> = Vec::new();
    // Where the word being collected starts in `frags`.
    let mut word = 0;
    let end_word = |tokens: &mut Vec<Token<'a>>, frags: &Vec<Frag<'a>>, word: &mut usize| {
        if *word < frags.len() {
            tokens.push(Token::Word(*word..frags.len()));
            *word = frags.len();
        }
    };
    for (ri, run) in runs.iter().enumerate() {
        let sz = run_size(run.font, size);
        if run.text == "\n" {
            end_word(&mut tokens, &frags, &mut word);
            tokens.push(Token::Newline);
            continue;
        }
        let mut rest = run.text.as_str();
        while !rest.is_empty() {
            let space_at = rest.find(is_break_space);
            match space_at {
                Some(0) => {
                    end_word(&mut tokens, &frags, &mut word);
                    let n = rest.len() - rest.trim_start_matches(is_break_space).len();
                    if !matches!(tokens.last(), Some(Token::Space(_))) {
                        let width = m.width(" ", run.font, sz);
                        tokens.push(Token::Space(Frag {
                            run: ri,
                            text: " ",
                            width,
                        }));
                    }
                    rest = &rest[n..];
                }
                Some(i) => {
                    push_word(&mut tokens, &mut frags, &mut word, ri, &rest[..i], |t| {
                        measure(m, t, run.font, sz)
                    });
                    rest = &rest[i..];
                }
                None => {
                    push_word(&mut tokens, &mut frags, &mut word, ri, rest, |t| {
                        measure(m, t, run.font, sz)
                    });
                    rest = "";
                }
            }
        }
    }
    end_word(&mut tokens, &frags, &mut word);
    Tokens { tokens, frags }
}

/// Adds the fragments of `text` (no spaces) to the word being collected,
/// ending the word (with a zero-width space) wherever a line may break
/// between Chinese, Japanese or Korean characters.
fn push_word<'a>(
    tokens: &mut Vec<Token<'a>>,
    frags: &mut Vec<Frag<'a>>,
    word: &mut usize,
    run: usize,
    text: &'a str,
    width: impl Fn(&str) -> f32,
) {
    let mut from = 0;
    if !text.is_ascii() {
        let mut prev: Option<char> = None;
        for (i, c) in text.char_indices() {
            if let Some(p) = prev
                && breaks::cjk_break_between(p, c)
            {
                let part = &text[from..i];
                frags.push(Frag {
                    run,
                    text: part,
                    width: width(part),
                });
                tokens.push(Token::Word(*word..frags.len()));
                *word = frags.len();
                tokens.push(Token::Space(Frag {
                    run,
                    text: "",
                    width: 0.0,
                }));
                from = i;
            }
            prev = Some(c);
        }
    }
    let part = &text[from..];
    frags.push(Frag {
        run,
        text: part,
        width: width(part),
    });
}

/// The width of `text`, no-break spaces set as spaces (the fonts may lack
/// the no-break glyph; the text is drawn with plain spaces).
fn measure(m: &dyn Measure, text: &str, font: FontStyle, size: f32) -> f32 {
    if text.contains(NBSP) {
        m.width(&text.replace(NBSP, " "), font, size)
    } else {
        m.width(text, font, size)
    }
}

/// Builds lines one fragment at a time, merging neighbours of the same run.
struct LineBuilder<'r> {
    runs: &'r [Run],
    size: f32,
    lines: Vec<Line>,
    cur: Line,
    last_run: Option<usize>,
}

impl LineBuilder<'_> {
    fn push(&mut self, frag: &Frag) {
        let run = &self.runs[frag.run];
        if self.last_run == Some(frag.run)
            && let Some(p) = self.cur.pieces.last_mut()
        {
            p.text.push_str(frag.text);
            p.width += frag.width;
        } else {
            self.cur.pieces.push(Piece {
                x: self.cur.width,
                width: frag.width,
                text: frag.text.to_string(),
                font: run.font,
                size: run_size(run.font, self.size),
                color: run.color,
                link: run.link.clone(),
            });
        }
        self.cur.width += frag.width;
        self.last_run = Some(frag.run);
    }

    fn finish_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.cur));
        self.last_run = None;
    }

    fn is_empty(&self) -> bool {
        self.cur.pieces.is_empty()
    }
}

/// Breaks runs into lines no wider than `width` (greedy, at spaces; over-long
/// words are broken between characters). Always returns at least one line.
pub fn break_lines(runs: &[Run], size: f32, width: f32, m: &dyn Measure) -> Vec<Line> {
    let tokens = tokenize(runs, size, m);
    let mut b = LineBuilder {
        runs,
        size,
        lines: Vec::new(),
        cur: Line::default(),
        last_run: None,
    };
    let mut pending_space: Option<&Frag> = None;
    for token in &tokens.tokens {
        match token {
            Token::Newline => {
                b.finish_line();
                pending_space = None;
            }
            Token::Space(frag) => {
                if !b.is_empty() {
                    pending_space = Some(frag);
                }
            }
            Token::Word(range) => {
                let frags = tokens.word(range);
                let w: f32 = frags.iter().map(|f| f.width).sum();
                if let Some(space) = pending_space.take() {
                    if b.cur.width + space.width + w <= width + 0.01 {
                        // (A break between ideographs is no space at all.)
                        if !space.text.is_empty() {
                            b.push(space);
                        }
                    } else {
                        // The space the line breaks at is kept, taking no
                        // room: text read from the tags (a screen reader)
                        // then has the words apart.
                        if let Some(p) = b.cur.pieces.last_mut() {
                            p.text.push(' ');
                        }
                        b.finish_line();
                    }
                }
                if b.cur.width + w <= width + 0.01 {
                    frags.iter().for_each(|f| b.push(f));
                } else {
                    hard_break(&mut b, frags, width, m);
                }
            }
        }
    }
    if !b.is_empty() || b.lines.is_empty() {
        b.finish_line();
    }
    b.lines
}

/// Places a word wider than what is left of the line: at its break points
/// (syllables, hyphens, slashes) when it has any and is in one style, else
/// between characters.
fn hard_break(b: &mut LineBuilder, frags: &[Frag], width: f32, m: &dyn Measure) {
    if let [frag] = frags {
        let mut points = breaks::break_points(frag.text);
        // Code keeps its spelling: no hyphen that is not in it.
        if b.runs[frag.run].font == FontStyle::Mono {
            points.retain(|p| !p.hyphen);
        }
        if !points.is_empty() {
            return break_at_points(b, frag, &points, width, m);
        }
    }
    char_break(b, frags, width, m);
}

/// Greedy over the break points: on each line, the longest head of the word
/// that fits (with its hyphen); a head that fits nowhere is broken between
/// characters.
fn break_at_points(
    b: &mut LineBuilder,
    frag: &Frag,
    points: &[breaks::BreakPoint],
    width: f32,
    m: &dyn Measure,
) {
    let run = &b.runs[frag.run];
    let (font, size) = (run.font, run_size(run.font, b.size));
    let hyphen_w = m.width("-", font, size);
    let mut start = 0;
    loop {
        let rest = &frag.text[start..];
        let rest_w = measure(m, rest, font, size);
        if b.cur.width + rest_w <= width + 0.01 {
            b.push(&Frag {
                run: frag.run,
                text: rest,
                width: rest_w,
            });
            return;
        }
        let mut best = None;
        for p in points.iter().filter(|p| p.at > start) {
            let head = &frag.text[start..p.at];
            let w = measure(m, head, font, size);
            let with_hyphen = w + if p.hyphen { hyphen_w } else { 0.0 };
            if b.cur.width + with_hyphen > width + 0.01 {
                break;
            }
            best = Some((p, head, w));
        }
        match best {
            Some((p, head, w)) => {
                b.push(&Frag {
                    run: frag.run,
                    text: head,
                    width: w,
                });
                if p.hyphen {
                    b.push(&Frag {
                        run: frag.run,
                        text: "-",
                        width: hyphen_w,
                    });
                }
                b.finish_line();
                start = p.at;
            }
            // Try again on a line of its own.
            None if !b.is_empty() => b.finish_line(),
            None => {
                let next = points
                    .iter()
                    .find(|p| p.at > start)
                    .map_or(frag.text.len(), |p| p.at);
                let head = &frag.text[start..next];
                char_break(
                    b,
                    &[Frag {
                        run: frag.run,
                        text: head,
                        width: measure(m, head, font, size),
                    }],
                    width,
                    m,
                );
                if next == frag.text.len() {
                    return;
                }
                start = next;
            }
        }
    }
}

/// The last resort: breaks a word between characters.
fn char_break(b: &mut LineBuilder, frags: &[Frag], width: f32, m: &dyn Measure) {
    for frag in frags {
        let run = &b.runs[frag.run];
        let size = run_size(run.font, b.size);
        let mut start = 0;
        let mut acc = 0.0;
        let mut prev = None;
        for (i, ch) in frag.text.char_indices() {
            let end = i + ch.len_utf8();
            let cw = measure(m, &frag.text[i..end], run.font, size);
            let glued = prev.is_some_and(|p| breaks::continues_cluster(p, ch));
            prev = Some(ch);
            if b.cur.width + acc + cw > width + 0.01 && (!b.is_empty() || i > start) && !glued {
                if i > start {
                    b.push(&Frag {
                        run: frag.run,
                        text: &frag.text[start..i],
                        width: acc,
                    });
                }
                b.finish_line();
                start = i;
                acc = 0.0;
            }
            acc += cw;
        }
        if start < frag.text.len() {
            b.push(&Frag {
                run: frag.run,
                text: &frag.text[start..],
                width: acc,
            });
        }
    }
}

/// What some text needs across: the bounds for sizing table columns.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Extent {
    /// Without wrapping: the widest forced line (max-content).
    pub max: f32,
    /// The widest word (min-content): narrower, a word must break.
    pub min: f32,
    /// The widest word that must never break (a number, a date, glued
    /// words; see `breaks::is_rigid`), or 0.
    pub rigid: f32,
}

/// The extent of the runs set at `size`.
pub fn extent(runs: &[Run], size: f32, m: &dyn Measure) -> Extent {
    let (mut widest_line, mut line) = (0f32, 0f32);
    let (mut widest_word, mut widest_rigid) = (0f32, 0f32);
    let tokens = tokenize(runs, size, m);
    for token in &tokens.tokens {
        match token {
            Token::Newline => {
                widest_line = widest_line.max(line);
                line = 0.0;
            }
            Token::Space(f) => line += f.width,
            Token::Word(range) => {
                let frags = tokens.word(range);
                let w: f32 = frags.iter().map(|f| f.width).sum();
                widest_word = widest_word.max(w);
                if w > widest_rigid && is_rigid_word(frags) {
                    widest_rigid = w;
                }
                line += w;
            }
        }
    }
    Extent {
        max: widest_line.max(line),
        min: widest_word,
        rigid: widest_rigid,
    }
}

fn is_rigid_word(frags: &[Frag]) -> bool {
    match frags {
        [one] => breaks::is_rigid(one.text),
        _ => breaks::is_rigid(&frags.iter().map(|f| f.text).collect::<String>()),
    }
}

/// Whether text set from `runs` reads right to left: its first letter with
/// a direction is Hebrew, Arabic or another right-to-left script (the rule
/// of `dir="auto"` in HTML, which the site applies to its text blocks).
pub fn starts_right_to_left(runs: &[Run]) -> bool {
    use unicode_bidi::{BidiClass, bidi_class};
    runs.iter()
        .flat_map(|r| r.text.chars())
        .find_map(|c| match bidi_class(c) {
            BidiClass::L => Some(false),
            BidiClass::R | BidiClass::AL => Some(true),
            _ => None,
        })
        .unwrap_or(false)
}

/// Emits the items of one line: text runs (and link areas) with the line's
/// start at `x` and its baseline at `baseline`. `leading` sizes link areas.
pub fn emit_line(line: &Line, x: f32, baseline: f32, leading: f32, items: &mut Vec<Item>) {
    for p in &line.pieces {
        if p.link.is_some() {
            // A link is tagged as one: its text, then its clickable area.
            items.push(Item::Mark(Mark::Open(Role::Link)));
        }
        let text = p.text.trim_end();
        if !text.is_empty() {
            // One space that ended the piece is drawn (it shows nothing),
            // so words stay apart in the text a reader gets.
            let text = match p.text[text.len()..].chars().next() {
                Some(space) => &p.text[..text.len() + space.len_utf8()],
                None => text,
            };
            items.push(Item::Text {
                x: x + p.x,
                y: baseline,
                text: if text.contains(NBSP) {
                    text.replace(NBSP, " ")
                } else {
                    text.to_string()
                },
                font: p.font,
                size: p.size,
                color: p.color,
            });
        }
        if let Some(target) = &p.link {
            items.push(Item::Link {
                x: x + p.x,
                y: baseline - leading * 0.72,
                w: p.width,
                h: leading,
                target: target.clone(),
            });
            items.push(Item::Mark(Mark::Close));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::measure::FixedMeasure;

    fn lines_text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                let text: String = l.pieces.iter().map(|p| p.text.as_str()).collect();
                // A line broken at a space keeps it (taking no room).
                text.trim_end().to_string()
            })
            .collect()
    }

    fn runs(s: &str) -> Vec<Run> {
        vec![Run::plain(s, FontStyle::Regular, theme::INK)]
    }

    // FixedMeasure(0.5) at size 2: every character is 1pt wide.
    const M: FixedMeasure = FixedMeasure(0.5);

    #[test]
    fn breaks_greedily_at_spaces() {
        let lines = break_lines(&runs("aaa bbb ccc dddd e"), 2.0, 7.0, &M);
        assert_eq!(lines_text(&lines), ["aaa bbb", "ccc", "dddd e"]);
        assert_eq!(lines[0].width, 7.0);
    }

    #[test]
    fn collapses_whitespace_and_drops_it_at_line_ends() {
        let lines = break_lines(&runs("  aa   bb  "), 2.0, 4.0, &M);
        assert_eq!(lines_text(&lines), ["aa", "bb"]);
    }

    #[test]
    fn hard_breaks_over_long_words() {
        let lines = break_lines(&runs("see https://example.org/abc"), 2.0, 10.0, &M);
        assert_eq!(
            lines_text(&lines),
            ["see", "https://", "example.or", "g/abc"]
        );
        assert!(lines.iter().all(|l| l.width <= 10.0));
    }

    #[test]
    fn keeps_styles_as_separate_pieces_within_a_word() {
        let inl = vec![
            Inline::text("a "),
            Inline::Bold(vec![Inline::text("bold")]),
            Inline::text(", "),
            Inline::Italic(vec![Inline::Bold(vec![Inline::text("both")])]),
        ];
        let r = flatten(&inl, FontStyle::Regular, theme::INK);
        let fonts: Vec<_> = r.iter().map(|r| r.font).collect();
        use FontStyle::*;
        assert_eq!(fonts, [Regular, Bold, Regular, BoldItalic]);
        let lines = break_lines(&r, 2.0, 100.0, &M);
        assert_eq!(lines_text(&lines), ["a bold, both"]);
        let bold = &lines[0].pieces[1];
        assert_eq!((bold.text.as_str(), bold.x), ("bold", 2.0));
    }

    #[test]
    fn chinese_and_japanese_break_between_characters_not_at_a_word() {
        // Each character 1 em at size 10: six fit a line of 60.
        let m = FixedMeasure(1.0);
        let lines = break_lines(&runs("数据迁移计划，然后验证。"), 10.0, 60.0, &m);
        assert_eq!(lines_text(&lines), ["数据迁移计", "划，然后验", "证。"]);
        // Latin then CJK on one line: the CJK text starts on the same line.
        let lines = break_lines(&runs("Owner 山田太郎さん"), 10.0, 80.0, &m);
        assert_eq!(lines_text(&lines), ["Owner 山田", "太郎さん"]);
        // A table column need not be wider than one character.
        let e = extent(&runs("数据迁移"), 10.0, &m);
        assert_eq!((e.min, e.max), (10.0, 40.0));
    }

    #[test]
    fn forced_breaks_and_empty_input() {
        let inl = vec![Inline::text("one"), Inline::LineBreak, Inline::text("two")];
        let r = flatten(&inl, FontStyle::Regular, theme::INK);
        assert_eq!(lines_text(&break_lines(&r, 2.0, 100.0, &M)), ["one", "two"]);
        assert_eq!(break_lines(&[], 2.0, 10.0, &M).len(), 1);
    }

    #[test]
    fn links_become_link_areas() {
        let inl = vec![Inline::Link {
            target: LinkTarget::Internal("x".into()),
            content: vec![Inline::text("go there")],
        }];
        let r = flatten(&inl, FontStyle::Regular, theme::INK);
        let lines = break_lines(&r, 2.0, 100.0, &M);
        let mut items = Vec::new();
        emit_line(&lines[0], 10.0, 20.0, 3.0, &mut items);
        // Tagged as a link: the text and its area inside the link's marks.
        assert_eq!(items[0], Item::Mark(Mark::Open(Role::Link)));
        assert_eq!(items[3], Item::Mark(Mark::Close));
        assert!(matches!(
            &items[2],
            Item::Link {
                x: 10.0,
                w: 8.0,
                ..
            }
        ));
    }

    #[test]
    fn extent_reports_line_word_and_rigid_word() {
        let e = extent(&runs("ab abcd 1,250 a"), 2.0, &M);
        assert_eq!((e.max, e.min, e.rigid), (15.0, 5.0, 5.0));
        let e = extent(&runs("Mon\u{a0}19\u{a0}Jul\u{a0}2027 overdue"), 2.0, &M);
        assert_eq!((e.min, e.rigid), (15.0, 15.0));
    }

    #[test]
    fn no_break_spaces_glue_and_are_drawn_as_spaces() {
        let lines = break_lines(&runs("due Mon\u{a0}19\u{a0}Jul\u{a0}2027"), 2.0, 16.0, &M);
        assert_eq!(
            lines_text(&lines),
            ["due", "Mon\u{a0}19\u{a0}Jul\u{a0}2027"]
        );
        let mut items = Vec::new();
        emit_line(&lines[1], 0.0, 0.0, 1.0, &mut items);
        assert!(matches!(&items[0], Item::Text { text, .. } if text == "Mon 19 Jul 2027"));
    }

    #[test]
    fn code_breaks_without_added_hyphens() {
        let r = flatten(
            &[Inline::Code("configuration_file".into())],
            FontStyle::Regular,
            theme::INK,
        );
        // Mono is set at 0.9 of the size: 0.9 pt a character here.
        let lines = break_lines(&r, 2.0, 13.0, &M);
        assert_eq!(lines_text(&lines), ["configuration_", "file"]);
        // Narrower than the head before `_`: broken between characters,
        // never "configura-".
        let lines = break_lines(&r, 2.0, 11.0, &M);
        assert_eq!(lines_text(&lines), ["configuratio", "n_file"]);
    }

    #[test]
    fn long_words_break_at_syllables_with_a_hyphen() {
        let lines = break_lines(&runs("the Attendance office"), 2.0, 8.0, &M);
        assert_eq!(lines_text(&lines), ["the", "Atten-", "dance", "office"]);
        assert!(lines.iter().all(|l| l.width <= 8.0), "{lines:?}");
        // Numbers are never hyphenated: only a line narrower than the
        // number itself breaks it, between digits.
        let lines = break_lines(&runs("total 1,600,000"), 2.0, 9.0, &M);
        assert_eq!(lines_text(&lines), ["total", "1,600,000"]);
    }
}
