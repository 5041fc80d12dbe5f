//! Break opportunities in long words: a rendered page -> the same page with
//! `<wbr>` inside every unbroken run of text longer than [`LONG`] characters
//! (URLs, e-mail addresses, file names, `CamelCaseIdentifiers`).
//!
//! Why: a table column is never narrower than its longest word, so one long
//! URL in a notes cell used to push the table (or the page) past the screen.
//! CSS alone cannot help without also letting the browser cut short words
//! such as "Engineer" in narrow columns (`overflow-wrap: anywhere` makes every
//! column's minimum width one letter). With `<wbr>` only long runs can break,
//! at the places a reader expects (after `/`, `.`, `@`, `-`, `_`, between
//! words of an identifier), and at most [`CHUNK`] characters apart (a few
//! more when a natural place follows soon).
//! Copying the text or searching the page is unaffected: `<wbr>` is no
//! character.
//!
//! Only text between tags is touched: never tags, attributes or comments,
//! and nothing inside `<title>`, `<script>`, `<style>`, `<textarea>` or
//! `<svg>` (where `<wbr>` would show or be invalid).

/// Runs of more than this many characters get break opportunities.
const LONG: usize = 16;
/// The longest stretch left without one.
const CHUNK: usize = 12;
/// Elements whose content is left as it is.
const RAW: &[&str] = &["title", "script", "style", "textarea", "svg"];

/// `html` with `<wbr>` in its long words.
pub fn long_words(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 50);
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            text(rest, &mut out);
            break;
        };
        text(&rest[..lt], &mut out);
        rest = &rest[lt..];
        let end = tag_end(rest);
        let tag = &rest[..end];
        out.push_str(tag);
        rest = &rest[end..];
        if let Some(name) = raw_element(tag) {
            // Copy up to and including the closing tag untouched.
            let close = format!("</{name}");
            let stop = find_ascii_ci(rest, &close).unwrap_or(rest.len());
            out.push_str(&rest[..stop]);
            rest = &rest[stop..];
        }
    }
    out
}

/// The length of the tag (or comment) at the start of `s`, `>` included;
/// quotes in attribute values are respected.
fn tag_end(s: &str) -> usize {
    if s.starts_with("<!--") {
        return s.find("-->").map_or(s.len(), |i| i + 3);
    }
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// The element name when `tag` opens one of [`RAW`].
fn raw_element(tag: &str) -> Option<&'static str> {
    let name: String = tag[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    RAW.iter().find(|r| **r == name).copied()
}

fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Copies text (entities kept whole) into `out`, breaking its long runs.
fn text(s: &str, out: &mut String) {
    let mut run_start = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(start) = run_start.take() {
                run(&s[start..i], out);
            }
            out.push(c);
        } else if run_start.is_none() {
            run_start = Some(i);
        }
    }
    if let Some(start) = run_start {
        run(&s[start..], out);
    }
}

/// One run without whitespace.
fn run(word: &str, out: &mut String) {
    let units = units(word);
    if units.len() <= LONG {
        out.push_str(word);
        return;
    }
    // Where a reader would break: after punctuation, between the words of
    // an identifier.
    let natural: Vec<bool> = units
        .windows(2)
        .map(|w| {
            let c = w[0].chars().next().unwrap_or(' ');
            let n = w[1].chars().next().unwrap_or(' ');
            matches!(
                c,
                '/' | '.' | '@' | '-' | '_' | '?' | '&' | '=' | ',' | ':' | ';'
            ) || (c.is_lowercase() && n.is_uppercase())
        })
        .collect();
    let mut since = 0;
    for (k, unit) in units.iter().enumerate() {
        out.push_str(unit);
        since += 1;
        if k + 1 == units.len() {
            break;
        }
        // A forced break waits a few letters for a natural one.
        let natural_soon = natural[k + 1..].iter().take(6).any(|b| *b);
        if (natural[k] && since >= 3) || (since >= CHUNK && !natural_soon) {
            out.push_str("<wbr>");
            since = 0;
        }
    }
}

/// A word as characters, with each `&...;` entity as one unit.
fn units(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < word.len() {
        let rest = &word[i..];
        let len = if let Some(entity) = rest.strip_prefix('&') {
            match entity.find(';') {
                Some(j)
                    if j <= 10
                        && entity[..j]
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '#') =>
                {
                    j + 2
                }
                _ => 1,
            }
        } else {
            rest.chars().next().map_or(1, char::len_utf8)
        };
        out.push(&rest[..len]);
        i += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::long_words;

    #[test]
    fn short_words_and_markup_are_untouched() {
        let html = r#"<td data-label="Owner">Engineer</td><a href="https://example.org/a/very/long/path/indeed">x</a>"#;
        assert_eq!(long_words(html), html);
        let raw = "<title>averyveryverylongtitleword</title><svg><text>averyveryverylongsvgword</text></svg>";
        assert_eq!(long_words(raw), raw);
        let comment = "<!--migplan:notice-averyveryverylongword--><!--/migplan:notice-->";
        assert_eq!(long_words(comment), comment);
    }

    #[test]
    fn long_runs_break_at_natural_places() {
        assert_eq!(
            long_words("<p>see https://records.example.org/archive/x</p>"),
            "<p>see https:<wbr>//records.<wbr>example.<wbr>org/<wbr>archive/<wbr>x</p>"
        );
        assert_eq!(
            long_words("CALPADSEnrollmentExitCode"),
            "CALPADSEnrollment<wbr>Exit<wbr>Code"
        );
        assert_eq!(
            long_words("someone@averyveryverylongdomain.example"),
            "someone@<wbr>averyveryver<wbr>ylongdomain.<wbr>example"
        );
    }

    #[test]
    fn entities_are_never_split() {
        let out = long_words("aaaaaaaaaa&amp;bbbbbbbbbbbbbbbb");
        assert!(out.contains("&amp;"), "{out}");
        assert_eq!(out.replace("<wbr>", ""), "aaaaaaaaaa&amp;bbbbbbbbbbbbbbbb");
        let every = out.split("<wbr>").map(|p| p.chars().count()).max().unwrap();
        assert!(every <= 18, "{out}");
    }
}
