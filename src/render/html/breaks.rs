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
//! `<svg>` (where `<wbr>` would show or be invalid), nor `<code>`.

/// Runs of more than this many characters get break opportunities.
const LONG: usize = 16;
/// The longest stretch left without one.
const CHUNK: usize = 12;
/// Elements whose content is left as it is.
/// (`<code>` breaks anywhere by CSS instead, and keeps hashes and key
/// fingerprints exactly as written.)
const RAW: &[&str] = &["title", "script", "style", "textarea", "svg", "code"];

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
            // Copy everything up to the closing tag untouched.
            let stop = closing_tag(rest, name).unwrap_or(rest.len());
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
    // Bytes suffice: `"`, `'` and `>` never occur inside a multi-byte character.
    let mut quote = None;
    for (i, &b) in s.as_bytes().iter().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// The element name when `tag` opens one of [`RAW`].
fn raw_element(tag: &str) -> Option<&'static str> {
    let name = &tag[1..];
    let len = name
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(name.len());
    RAW.iter()
        .find(|r| r.eq_ignore_ascii_case(&name[..len]))
        .copied()
}

/// Where `</name` (any case) starts in `s`.
fn closing_tag(s: &str, name: &str) -> Option<usize> {
    s.match_indices("</").map(|(i, _)| i).find(|&i| {
        s.as_bytes()
            .get(i + 2..i + 2 + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
    })
}

/// Copies text (entities kept whole) into `out`, breaking its long runs.
fn text(s: &str, out: &mut String) {
    // Runs are split at ASCII white space (a no-break space joins words on
    // purpose). A run of at most LONG bytes has at most LONG characters and
    // is copied with the text around it; only longer ones are looked at.
    let bytes = s.as_bytes();
    let (mut copied, mut start) = (0, 0);
    for i in 0..=bytes.len() {
        if i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            continue;
        }
        if i - start > LONG {
            out.push_str(&s[copied..start]);
            run(&s[start..i], out);
            copied = i;
        }
        start = i + 1;
    }
    out.push_str(&s[copied..]);
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
        let code = "<code>SHA256:abcdefghijklmnopqrstuvwxyz0123456789</code>";
        assert_eq!(long_words(code), code);
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
