//! Characters that must not reach a reader as they are: bidirectional
//! formatting characters (which can make a name read differently from how
//! it is written: "Trojan Source") -> dropped from the site and drawn as
//! nothing in the PDF, so both show the same text; `check` warns where they
//! are.

use std::borrow::Cow;

/// The explicit bidirectional formatting characters of Unicode (embeddings,
/// overrides, isolates) and the invisible direction marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// `text` without bidirectional formatting characters.
pub fn without_bidi(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_bidi_control) {
        Cow::Owned(text.chars().filter(|c| !is_bidi_control(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// The Unicode name-ish label of a bidirectional character, for messages.
pub fn bidi_name(c: char) -> &'static str {
    match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{061C}' => "ARABIC LETTER MARK",
        _ => "bidirectional control",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_overrides_and_keeps_right_to_left_letters() {
        assert_eq!(without_bidi("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(without_bidi("مرحبا"), "مرحبا");
        assert!(matches!(without_bidi("plain"), Cow::Borrowed(_)));
    }
}
