//! Every source line -> problems with the characters themselves:
//! bidirectional formatting characters (a warning: the site and the PDF
//! drop them, so both show the same text) and characters that no font of
//! the PDF can draw (an error at the character, rather than a failed build
//! pointing at the plan's title).

use crate::diag::{Diagnostic, FileId, Pos, Sources};
use crate::render::text::{bidi_name, is_bidi_control};

pub fn check(sources: &Sources, out: &mut Vec<Diagnostic>) {
    for (i, file) in sources.files().iter().enumerate() {
        let id = FileId(i as u32);
        let yaml = file
            .path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml");
        let published = yaml || file.path.extension().is_some_and(|e| e == "md");
        // What this looks for is never ASCII: most files need no line walk.
        if file.text.is_ascii() {
            continue;
        }
        for (n, line) in file.text.lines().enumerate() {
            if line.is_ascii() {
                continue;
            }
            let drawn = if yaml { without_comment(line) } else { line };
            for (col, c) in line.chars().enumerate() {
                let pos = Pos::new(id, n as u32 + 1, col as u32 + 1, 1);
                if is_bidi_control(c) {
                    out.push(
                        Diagnostic::warning(
                            pos,
                            format!(
                                "a bidirectional control character (U+{:04X} {}): it can make text display in another order than it is written, so the site and the PDF leave it out",
                                c as u32,
                                bidi_name(c)
                            ),
                        )
                        .with_hint("delete it: right-to-left text needs no control characters"),
                    );
                }
            }
            if !published {
                continue;
            }
            // One per line: the first character no font has.
            if let Some(c) = crate::pdf::cannot_draw(drawn) {
                let col = drawn.chars().position(|x| x == c).unwrap_or(0);
                out.push(
                    Diagnostic::error(
                        Pos::new(id, n as u32 + 1, col as u32 + 1, 1),
                        format!(
                            "`{c}` (U+{:04X}) cannot be drawn in the PDF: none of its fonts has this character",
                            c as u32
                        ),
                    )
                    .with_hint(
                        "the PDF's fonts cover Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic, the scripts of India, Sinhala, Thai, Lao, Khmer, Myanmar, Ethiopic, Chinese, Japanese, Korean, mathematical letters and common symbols; write this text in those, or leave it to the site by moving it into a comment",
                    ),
                );
            }
        }
    }
}

/// A YAML line without its comment (`#` at the start or after a space,
/// outside quotes): comments are never drawn.
fn without_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if prev == ' ' || prev == ':' => quote = Some(c),
            (None, '#') if prev == ' ' || i == 0 => return &line[..i],
            _ => {}
        }
        prev = c;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_not_drawn() {
        assert_eq!(without_comment("title: Café # 注释"), "title: Café ");
        assert_eq!(without_comment("title: \"a # b\""), "title: \"a # b\"");
        assert_eq!(without_comment("# 全部"), "");
    }
}
