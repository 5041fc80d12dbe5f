//! A word -> where it may break when it is wider than its line: which words
//! must never break (numbers, dates, text glued with no-break spaces), and
//! the break points of the others (after a hyphen or slash, at an e-mail's
//! `@`, and between syllables, by the en-US hyphenation patterns).
//!
//! Line breaking (`inline`) asks for these only for a word that does not fit
//! an empty line; table sizing (`table`) asks which words are rigid, so their
//! columns are never made narrower than them.

/// A no-break space: glues words into one unbreakable token (a date such as
/// "Mon 19 Jul 2027"). Set as an ordinary space.
pub const NBSP: char = '\u{a0}';

/// Spaces where a line may break: every white space but the no-break ones.
pub fn is_break_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, NBSP | '\u{202f}' | '\u{2007}')
}

/// Chinese, Japanese and Korean characters (ideographs, kana, Hangul,
/// their punctuation and full-width forms): lines may break between them
/// without a space, as in a browser.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF
        | 0x3100..=0x31FF | 0x3200..=0x4DBF | 0x4E00..=0x9FFF | 0xA960..=0xA97F
        | 0xAC00..=0xD7FF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF)
}

/// Whether a line may break between `before` and `after` (neither a
/// space): next to a CJK character, except before closing punctuation and
/// small kana and after opening punctuation (the common cases of Unicode's
/// line breaking rules for these scripts).
pub fn cjk_break_between(before: char, after: char) -> bool {
    (is_cjk(before) || is_cjk(after))
        && !matches!(
            after,
            '、' | '。'
                | '，'
                | '．'
                | '：'
                | '；'
                | '！'
                | '？'
                | '）'
                | '」'
                | '』'
                | '】'
                | '〕'
                | '〉'
                | '》'
                | '〙'
                | '〗'
                | '｝'
                | '］'
                | '”'
                | '’'
                | ')'
                | ']'
                | '}'
                | ','
                | '.'
                | ':'
                | ';'
                | '!'
                | '?'
                | '%'
                | 'ー'
                | '々'
                | '〻'
                | '・'
                | 'ぁ'
                | 'ぃ'
                | 'ぅ'
                | 'ぇ'
                | 'ぉ'
                | 'っ'
                | 'ゃ'
                | 'ゅ'
                | 'ょ'
                | 'ゎ'
                | 'ァ'
                | 'ィ'
                | 'ゥ'
                | 'ェ'
                | 'ォ'
                | 'ッ'
                | 'ャ'
                | 'ュ'
                | 'ョ'
                | 'ヮ'
                | 'ヵ'
                | 'ヶ'
                | '\u{a0}'
                | '\u{202f}'
                | '\u{2060}'
        )
        && !matches!(
            before,
            '（' | '「'
                | '『'
                | '【'
                | '〔'
                | '〈'
                | '《'
                | '〘'
                | '〖'
                | '｛'
                | '［'
                | '“'
                | '‘'
                | '('
                | '['
                | '{'
                | '\u{a0}'
                | '\u{202f}'
                | '\u{2060}'
        )
}

/// Whether `ch` belongs to the character before it (`prev`) so closely that
/// a line must not break between them even as a last resort: a combining
/// mark (an Arabic vowel, a Thai tone, an Indic vowel sign), a joiner, or
/// the consonant after a virama (an Indic conjunct).
pub fn continues_cluster(prev: char, ch: char) -> bool {
    use unicode_bidi::{BidiClass, bidi_class};
    let virama = matches!(prev as u32, 0x0900..=0x0D7F if prev as u32 & 0x7F == 0x4D)
        || matches!(prev, '\u{0DCA}' | '\u{1039}' | '\u{103A}' | '\u{17D2}');
    virama
        || matches!(prev, '\u{200D}')
        || matches!(ch, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}')
        || bidi_class(ch) == BidiClass::NSM
        || is_spacing_mark(ch)
}

/// The spacing vowel signs and marks of the Indic, Sinhala, Myanmar and
/// Khmer scripts (Unicode category Mc, which the bidirectional classes do
/// not tell apart from letters), by their places in the blocks.
fn is_spacing_mark(ch: char) -> bool {
    let c = ch as u32;
    match c {
        0x0D80..=0x0DFF => matches!(c & 0x7F, 0x01..=0x03 | 0x4A..=0x5F | 0x72..=0x73),
        0x0900..=0x0D7F => {
            matches!(c & 0x7F, 0x00..=0x03 | 0x3A..=0x4F | 0x51..=0x57 | 0x62..=0x63)
        }
        0x102B..=0x103E | 0x1056..=0x1059 | 0x1062..=0x1064 | 0x1067..=0x106D => true,
        0x1083..=0x108D | 0x108F | 0x109A..=0x109D | 0x17B6..=0x17D3 => true,
        _ => false,
    }
}

/// A word that must never be split: one glued by no-break spaces, or a
/// number, amount, date or time ("1,600,000", "$12.50", "2027-07-19",
/// "18:00", "0.1%"): digits with separators and nothing else.
pub fn is_rigid(word: &str) -> bool {
    if word.contains([NBSP, '\u{202f}', '\u{2007}']) {
        return true;
    }
    word.chars().any(|c| c.is_ascii_digit())
        && word.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(
                    c,
                    ',' | '.'
                        | ':'
                        | '/'
                        | '-'
                        | '–'
                        | '−'
                        | '+'
                        | '%'
                        | '$'
                        | '€'
                        | '£'
                        | '#'
                        | '('
                        | ')'
                        | '×'
                )
        })
}

/// A place where a word may break: the byte offset where the next line
/// starts, and whether a hyphen must be added at the end of this one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BreakPoint {
    pub at: usize,
    pub hyphen: bool,
}

/// Letters before and after a syllable break, at least: "ex-tra" is fine,
/// "e-xtra" is not (the patterns' own minimums for English are 2 and 3).
const MIN_SYLLABLE_RUN: usize = 5;

/// The break points of `word`, in order. Empty for a rigid word.
pub fn break_points(word: &str) -> Vec<BreakPoint> {
    let mut out = Vec::new();
    if is_rigid(word) {
        return out;
    }
    // An address, a hash or a code must not gain hyphens that are not in
    // it: no syllables in a word with digits, an `@` or a scheme.
    let literal = word.contains("://")
        || word.contains('@')
        || word.starts_with("www.")
        || word.chars().any(|c| c.is_ascii_digit());
    let mut letters_from: Option<usize> = None;
    let mut chars = word.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(j, _)| *j).unwrap_or(word.len());
        // English patterns hyphenate alphabets, not the scripts from Hebrew
        // on (Arabic, Indic, Thai, CJK, ...), which break otherwise.
        if c.is_alphabetic() && ((c as u32) < 0x0590 || ('\u{1E00}'..='\u{1FFF}').contains(&c)) {
            letters_from.get_or_insert(i);
        } else if let Some(from) = letters_from.take()
            && !literal
        {
            syllables(word, from, i, &mut out);
        }
        // After a hyphen, a slash or an en dash the line may end as it is;
        // an e-mail address breaks after its `@` (never at a dot, which
        // reads as the end of the address).
        if matches!(c, '-' | '/' | '–' | '@' | '_')
            && i > 0
            && next < word.len()
            && !word[next..].starts_with('/')
        {
            out.push(BreakPoint {
                at: next,
                hyphen: false,
            });
        }
    }
    if let Some(from) = letters_from
        && !literal
    {
        syllables(word, from, word.len(), &mut out);
    }
    out.sort_by_key(|p| p.at);
    out.dedup_by_key(|p| p.at);
    out
}

/// Syllable breaks inside the run of letters `word[from..to]`.
fn syllables(word: &str, from: usize, to: usize, out: &mut Vec<BreakPoint>) {
    let letters = &word[from..to];
    if letters.chars().count() < MIN_SYLLABLE_RUN {
        return;
    }
    let mut at = from;
    let mut syl = hypher::hyphenate(letters, hypher::Lang::English).peekable();
    while let Some(s) = syl.next() {
        at += s.len();
        if syl.peek().is_some() {
            out.push(BreakPoint { at, hyphen: true });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word with a `|` at every break point (`-|` when a hyphen is added).
    fn marked(word: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for p in break_points(word) {
            out.push_str(&word[last..p.at]);
            out.push_str(if p.hyphen { "-|" } else { "|" });
            last = p.at;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn numbers_dates_and_glued_words_are_rigid() {
        for w in [
            "1,600,000",
            "0",
            "$12,500.00",
            "2027-07-19",
            "18:00",
            "0.1%",
            "(3,900)",
            "Mon\u{a0}19\u{a0}Jul\u{a0}2027",
        ] {
            assert!(is_rigid(w), "{w}");
            assert_eq!(break_points(w), [], "{w}");
        }
        for w in ["Attendance", "v2", "Q3-report", "records", "a-1b"] {
            assert!(!is_rigid(w), "{w}");
        }
    }

    #[test]
    fn words_break_between_syllables_and_after_hyphens() {
        let cases = [
            ("Attendance", "At-|ten-|dance"),
            ("interoperability", "in-|ter-|op-|er-|abil-|ity"),
            ("re-enrolment", "re-|en-|rol-|ment"),
            ("Attendance/office", "At-|ten-|dance/|of-|fice"),
            (
                "ann.superintendent@district.k12.us",
                "ann.superintendent@|district.k12.us",
            ),
            ("https://example.org/a", "https://|example.org/|a"),
            ("data", "data"),
            (
                "SHA256:uNiVztksCsDhcc0u9e8BujQ",
                "SHA256:uNiVztksCsDhcc0u9e8BujQ",
            ),
            ("Windows-Server2016", "Windows-|Server2016"),
        ];
        for (word, want) in cases {
            assert_eq!(marked(word), want, "{word}");
        }
    }

    #[test]
    fn lines_break_between_ideographs_but_not_before_closing_marks() {
        assert!(cjk_break_between('数', '据'));
        assert!(cjk_break_between('ア', '日'));
        assert!(cjk_break_between('이', '전'));
        assert!(cjk_break_between('移', 'A'));
        assert!(!cjk_break_between('移', '。'));
        assert!(!cjk_break_between('「', '数'));
        assert!(!cjk_break_between('シ', 'ョ'));
        assert!(!cjk_break_between('a', 'b'));
    }

    #[test]
    fn marks_and_conjuncts_stay_with_their_letters() {
        assert!(continues_cluster('क', '\u{93F}')); // vowel sign i
        assert!(continues_cluster('\u{94D}', 'ष')); // after a virama
        assert!(continues_cluster('ก', '\u{E48}')); // Thai tone mark
        assert!(!continues_cluster('क', 'ख'));
        assert!(!continues_cluster('a', 'b'));
    }

    #[test]
    fn only_breaking_spaces_break() {
        assert!(is_break_space(' ') && is_break_space('\t'));
        assert!(!is_break_space(NBSP) && !is_break_space('\u{202f}'));
    }
}
