//! Inline text: `Inline` trees -> flat styled runs -> lines broken to a width
//! -> positioned text items.
//!
//! Line breaking is greedy at spaces (no hyphenation). A word wider than the
//! line (a URL, a long identifier) is broken between characters, so nothing
//! ever runs off the page.

use super::boxes::{Color, Item};
use super::measure::{FontStyle, Measure};
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
            let space_at = rest.find(char::is_whitespace);
            match space_at {
                Some(0) => {
                    end_word(&mut tokens, &frags, &mut word);
                    let n = rest.len() - rest.trim_start().len();
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
                    let text = &rest[..i];
                    frags.push(Frag {
                        run: ri,
                        text,
                        width: m.width(text, run.font, sz),
                    });
                    rest = &rest[i..];
                }
                None => {
                    frags.push(Frag {
                        run: ri,
                        text: rest,
                        width: m.width(rest, run.font, sz),
                    });
                    rest = "";
                }
            }
        }
    }
    end_word(&mut tokens, &frags, &mut word);
    Tokens { tokens, frags }
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
                        b.push(space);
                    } else {
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

/// Places an over-long word, breaking it between characters.
fn hard_break(b: &mut LineBuilder, frags: &[Frag], width: f32, m: &dyn Measure) {
    for frag in frags {
        let run = &b.runs[frag.run];
        let size = run_size(run.font, b.size);
        let mut start = 0;
        let mut acc = 0.0;
        for (i, ch) in frag.text.char_indices() {
            let end = i + ch.len_utf8();
            let cw = m.width(&frag.text[i..end], run.font, size);
            if b.cur.width + acc + cw > width + 0.01 && (!b.is_empty() || i > start) {
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

/// The width the runs need without wrapping (widest forced line) and the
/// widest single word: bounds for sizing auto table columns.
pub fn natural_widths(runs: &[Run], size: f32, m: &dyn Measure) -> (f32, f32) {
    let (mut widest_line, mut line, mut widest_word) = (0f32, 0f32, 0f32);
    let tokens = tokenize(runs, size, m);
    for token in &tokens.tokens {
        match token {
            Token::Newline => {
                widest_line = widest_line.max(line);
                line = 0.0;
            }
            Token::Space(f) => line += f.width,
            Token::Word(range) => {
                let w: f32 = tokens.word(range).iter().map(|f| f.width).sum();
                widest_word = widest_word.max(w);
                line += w;
            }
        }
    }
    (widest_line.max(line), widest_word)
}

/// Emits the items of one line: text runs (and link areas) with the line's
/// start at `x` and its baseline at `baseline`. `leading` sizes link areas.
pub fn emit_line(line: &Line, x: f32, baseline: f32, leading: f32, items: &mut Vec<Item>) {
    for p in &line.pieces {
        let text = p.text.trim_end();
        if !text.is_empty() {
            items.push(Item::Text {
                x: x + p.x,
                y: baseline,
                text: text.to_string(),
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
            .map(|l| l.pieces.iter().map(|p| p.text.as_str()).collect::<String>())
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
            ["see", "https://ex", "ample.org/", "abc"]
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
        assert!(matches!(
            &items[1],
            Item::Link {
                x: 10.0,
                w: 8.0,
                ..
            }
        ));
    }

    #[test]
    fn natural_widths_report_line_and_word() {
        let (line, word) = natural_widths(&runs("ab abcd a"), 2.0, &M);
        assert_eq!((line, word), (9.0, 4.0));
    }
}
