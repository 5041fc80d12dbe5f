//! One YAML text -> a typed value, or a positioned diagnostic.
//!
//! serde-saphyr does the parsing (with its budgets against alias bombs and
//! deep nesting); this file turns its errors into our diagnostics and adds the
//! hints ("did you mean `datasets`?") that make them actionable.

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, FileId, Location, Pos, Severity};
use crate::model::spanned::with_file;
use crate::suggest;

/// Parses `text` (from `file`, whose first line is line `line_offset + 1` of
/// the file) into `T`.
pub fn parse<T: DeserializeOwned>(
    file: FileId,
    line_offset: u32,
    text: &str,
) -> Result<T, Box<Diagnostic>> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 48,
            max_nodes: 1_000_000,
            max_events: 4_000_000,
            max_aliases: 1_000,
            max_recorded_anchor_events: 100_000,
            max_documents: 1,
        },
    };
    with_file(file, line_offset, || {
        serde_saphyr::from_str_with_options::<T>(text, options)
    })
    .map_err(|e| Box::new(convert(file, line_offset, &e, text)))
}

/// [`parse`], reporting every problem it can find rather than the first:
/// after an error on a `key: value` line that the rest of the file does not
/// depend on (an unknown key, a value of the wrong kind or type), that line
/// and the block under it are blanked out and the text is parsed again, up
/// to a bound. Follow-on errors caused by the blanking itself (a required
/// key now missing from the same entry, or an error inside a blanked line)
/// are not reported. Syntax errors end the search: after them the parser's
/// view of the text is a guess.
///
/// Returns the value parsed from the text with the bad lines blanked out
/// (when one was reached: later stages then check the rest of the plan too)
/// and every error found; no errors means the value is the file's own.
pub fn parse_all<T: DeserializeOwned>(
    file: FileId,
    line_offset: u32,
    text: &str,
) -> (Option<T>, Vec<Diagnostic>) {
    let rounds = if text.len() < 1 << 20 { 25 } else { 1 };
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    let mut blanked: Vec<bool> = Vec::new();
    // The entry (first line) each blanked line belonged to.
    let mut touched_entries: Vec<usize> = Vec::new();
    let mut entries_removed = false;
    for _ in 0..rounds {
        let attempt = if lines.is_empty() {
            parse::<T>(file, line_offset, text)
        } else {
            parse::<T>(file, line_offset, &lines.join("\n"))
        };
        let d = match attempt {
            Ok(v) if !entries_removed => return (Some(v), errors),
            Ok(_) => return (None, errors),
            Err(d) => *d,
        };
        if lines.is_empty() {
            lines = text.split('\n').map(str::to_string).collect();
            blanked = vec![false; lines.len()];
        }
        let Some(at) = d
            .pos()
            .and_then(|p| p.line.checked_sub(line_offset + 1))
            .map(|l| l as usize)
            .filter(|&l| l < lines.len())
        else {
            errors.push(d);
            break;
        };
        let missing = d.message.starts_with("missing required key");
        let caused_by_us = blanked[at]
            || missing && {
                let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
                touched_entries.contains(&mapping_start(&refs, at).map_or(at, |m| m.0))
            };
        if !caused_by_us {
            errors.push(d.clone());
        }
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let entry = mapping_start(&refs, at).map_or(at, |m| m.0);
        if missing {
            // Step over the whole list entry (`- id: ...` and its keys).
            // The value is then no longer the file's: keep looking for
            // YAML errors, but let no later stage check a plan with a
            // task (say) missing.
            let (spaces, _, dash) = indents(&lines[entry]);
            if !dash {
                break;
            }
            lines[entry] = String::new();
            blanked[entry] = true;
            for k in entry + 1..lines.len() {
                let t = lines[k].trim_start();
                if t.is_empty() || t.starts_with('#') {
                    continue;
                }
                if indents(&lines[k]).0 <= spaces {
                    break;
                }
                lines[k] = String::new();
                blanked[k] = true;
            }
            entries_removed = true;
            continue;
        }
        if !recoverable(&d.message) {
            break;
        }
        touched_entries.push(entry);
        // A whole top-level key stepped over (`project:` meant as `plan:`):
        // later stages would only report what is missing because of it.
        entries_removed |= indents(&lines[at]).0 == 0;
        if !blank_block(&mut lines, &mut blanked, at) {
            break;
        }
    }
    if errors.is_empty() {
        // Out of rounds without a verdict: parse once more for the error.
        return match parse::<T>(file, line_offset, text) {
            Ok(v) => (Some(v), Vec::new()),
            Err(d) => (None, vec![*d]),
        };
    }
    (None, errors)
}

/// Errors after which the rest of the file still parses the same way.
fn recoverable(message: &str) -> bool {
    message.starts_with("unknown key")
        || message.contains("is not an allowed value")
        || message.starts_with("this value must be")
        || message.starts_with("expected a single value")
        || message.starts_with("expected a list")
        || message.starts_with("expected a mapping")
        || message.starts_with("invalid type")
        || message.contains("is not a valid date")
        || message.contains("not a semantic version")
        || message.contains("is written twice")
}

/// Blanks line `at` (keeping a list item's `- `) and the lines indented
/// under it. False when there was nothing left to blank.
fn blank_block(lines: &mut [String], blanked: &mut [bool], at: usize) -> bool {
    let (spaces, mut content, dash) = indents(&lines[at]);
    let trimmed = lines[at].trim();
    if trimmed.is_empty() {
        return false;
    }
    lines[at] = if dash && trimmed != "-" {
        format!("{}-", " ".repeat(spaces))
    } else {
        // A whole item (`-` left from an earlier round) or a `key: value`.
        if trimmed == "-" {
            content = spaces;
        }
        String::new()
    };
    blanked[at] = true;
    for k in at + 1..lines.len() {
        let line = &lines[k];
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if indents(line).0 <= content {
            break;
        }
        lines[k] = String::new();
        blanked[k] = true;
    }
    true
}

fn convert(file: FileId, line_offset: u32, err: &serde_saphyr::Error, text: &str) -> Diagnostic {
    let raw = err.without_snippet().to_string();
    let message = strip_location_prefix(&raw);
    let location = match err.location() {
        Some(loc) if loc.line() > 0 => Location::At(Pos::new(
            file,
            loc.line() as u32 + line_offset,
            loc.column().max(1) as u32,
            (loc.span().len() as u32).max(1),
        )),
        _ => Location::At(Pos::new(file, 1 + line_offset, 1, 1)),
    };
    let (message, hint) = explain(&message);
    let location = match location {
        Location::At(pos) => Location::At(relocate(&raw, pos, text, line_offset)),
        other => other,
    };
    let mut d = Diagnostic::new(Severity::Error, location, message);
    d.hint = hint;
    d
}

/// Moves a position the YAML library reports near a problem onto the
/// problem itself, where the text makes that certain:
/// - a missing key is reported at the end of its mapping: point at the
///   mapping's first line (`- id: prep`, or the `plan:` key) instead;
/// - a tab is reported at the scalar or line before it: point at the tab.
fn relocate(raw: &str, pos: Pos, text: &str, line_offset: u32) -> Pos {
    let lines: Vec<&str> = text.lines().collect();
    let Some(at) = (pos.line.checked_sub(line_offset + 1)).map(|l| l as usize) else {
        return pos;
    };
    if at >= lines.len() {
        return pos;
    }
    let found = if raw.contains("missing field") {
        mapping_start(&lines, at)
    } else if raw.contains("tab") {
        first_tab(&lines, at)
    } else {
        None
    };
    match found {
        Some((line, col, len)) => Pos::new(
            pos.file,
            line as u32 + 1 + line_offset,
            col as u32 + 1,
            len.max(1) as u32,
        ),
        None => pos,
    }
}

/// Leading spaces of a line, and where its content starts (after `- `).
fn indents(line: &str) -> (usize, usize, bool) {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[spaces..];
    if rest.starts_with("- ") || rest == "-" {
        let after = rest[1..].len() - rest[1..].trim_start_matches(' ').len();
        (spaces, spaces + 1 + after, true)
    } else {
        (spaces, spaces, false)
    }
}

/// The first line of the block mapping that holds line `at`: (line, col,
/// len) of its first key, or of the key that owns it.
fn mapping_start(lines: &[&str], at: usize) -> Option<(usize, usize, usize)> {
    let here = lines[at];
    if here.contains('{') || here.trim().is_empty() {
        return None;
    }
    let (_, indent, _) = indents(here);
    let key_len = |s: &str| s.find(':').unwrap_or(s.trim_end().len());
    for k in (0..=at).rev() {
        let line = lines[k];
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (_, content, dash) = indents(line);
        if dash && content == indent {
            // `- id: prep`: the entry starts here.
            return Some((k, content, key_len(&line[content..])));
        }
        if content < indent {
            // `plan:` owns the mapping.
            return Some((k, content, key_len(&line[content..])));
        }
    }
    None
}

/// The first tab on line `at` or the next few lines: (line, col, 1).
fn first_tab(lines: &[&str], at: usize) -> Option<(usize, usize, usize)> {
    (at..lines.len().min(at + 3)).find_map(|k| {
        lines[k]
            .find('\t')
            .map(|b| (k, lines[k][..b].chars().count(), 1))
    })
}

/// serde-saphyr prefixes messages with "line N column M: " (sometimes after
/// "error: "); our report prints the position itself.
fn strip_location_prefix(raw: &str) -> String {
    let mut s = raw.trim();
    s = s.strip_prefix("error: ").unwrap_or(s);
    if let Some(rest) = s.strip_prefix("line ")
        && let Some(idx) = rest.find(": ")
        && rest[..idx].contains("column")
    {
        s = &rest[idx + 2..];
    }
    // Drop any trailing " at line N column M".
    if let Some(idx) = s.rfind(" at line ") {
        s = &s[..idx];
    }
    s.lines().next().unwrap_or(s).trim().to_string()
}

/// Rewrites serde's wording into ours and finds a hint.
fn explain(message: &str) -> (String, Option<String>) {
    if let Some((word, expected)) = unknown(message, "unknown field `") {
        let hint = suggest::did_you_mean(&word, expected.iter().map(String::as_str))
            .or_else(|| Some(format!("known keys here: {}", expected.join(", "))));
        return (format!("unknown key `{word}`"), hint);
    }
    if let Some((word, expected)) = unknown(message, "unknown variant `") {
        let hint = suggest::did_you_mean(&word, expected.iter().map(String::as_str))
            .map(|h| format!("{h} (allowed: {})", expected.join(", ")))
            .or_else(|| Some(format!("allowed values: {}", expected.join(", "))));
        return (format!("`{word}` is not an allowed value here"), hint);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return (
            format!("missing required key `{field}`"),
            Some(format!("add `{field}: ...` to this entry")),
        );
    }
    if message.contains("duplicate mapping key") {
        let key = message
            .split("duplicate mapping key: ")
            .nth(1)
            .and_then(|r| r.split(',').next())
            .unwrap_or("")
            .trim();
        return (
            format!("key `{key}` is written twice in the same mapping"),
            Some("remove one of them".into()),
        );
    }
    if message.contains("budget") || message.contains("alias") && message.contains("limit") {
        return (
            format!("the YAML is too large or too deeply nested to read safely ({message})"),
            Some("split the file, and avoid deep nesting and alias chains".into()),
        );
    }
    if message.contains("mapping values are not allowed") {
        return (
            message.to_string(),
            Some("a value that contains `: ` must be quoted: `title: \"Phase 2: cutover\"`".into()),
        );
    }
    if message.contains("found a tab") || message.contains("tabs disallowed") {
        return (
            "a tab character where YAML needs spaces".to_string(),
            Some("indent YAML with spaces only: replace the tab with spaces".into()),
        );
    }
    if message.contains("multiline quoted scalar") || message.contains("quoted scalar") {
        return (
            message.to_string(),
            Some("a quoted value is not closed: check for a missing closing quote on this line or above".into()),
        );
    }
    if message.contains("did not find expected")
        || message.contains("found character that cannot start")
    {
        return (
            message.to_string(),
            Some("check the indentation and quoting on this line and the one above".into()),
        );
    }
    if message.starts_with("invalid type") {
        return (message.to_string(), type_hint(message));
    }
    // Scalars that do not parse as the number the key takes.
    for (ty, what) in [
        ("u64", "a whole number, 0 or more"),
        ("u32", "a whole number, 0 or more"),
        ("u16", "a whole number, 0 or more"),
        ("u8", "a whole number, 0 or more"),
        ("usize", "a whole number, 0 or more"),
        ("i64", "a whole number"),
        ("i32", "a whole number"),
        ("f64", "a number"),
        ("f32", "a number"),
    ] {
        if message == format!("invalid {ty}") || message.starts_with(&format!("invalid {ty} ")) {
            let limit = match ty {
                "u64" | "usize" => " and at most 18446744073709551615",
                "u32" => " and at most 4294967295",
                _ => "",
            };
            return (
                format!("this value must be {what}"),
                Some(format!(
                    "write digits only{limit}: no units, signs or thousands separators (e.g. `12500`)"
                )),
            );
        }
    }
    if message.contains("expected string scalar") {
        return (
            "expected a single value here, not a list or a mapping".to_string(),
            Some(
                "write the text on the same line as the key, e.g. `title: Install the server`"
                    .into(),
            ),
        );
    }
    if message == "invalid boolean" || message.starts_with("invalid boolean ") {
        return (
            "this value must be `true` or `false`".to_string(),
            Some("write `true` or `false` (without quotes)".into()),
        );
    }
    if message.contains("expected sequence start") {
        return (
            "expected a list here".to_string(),
            Some("this key takes a list: one `- item` per line, or `[a, b]`".into()),
        );
    }
    if message.contains("expected mapping start") {
        return (
            "expected a mapping here".to_string(),
            Some("this key takes `key: value` lines".into()),
        );
    }
    (message.to_string(), None)
}

fn type_hint(message: &str) -> Option<String> {
    if message.contains("expected a sequence") {
        Some("this key takes a list: one `- item` per line, or `[a, b]`".into())
    } else if message.contains("expected struct") || message.contains("expected a map") {
        Some("this key takes a mapping of `key: value` lines".into())
    } else if message.contains("expected a string") || message.contains("expected string") {
        Some("this key takes a single value, not a list or a mapping".into())
    } else if message.contains("expected a boolean") {
        Some("write `true` or `false`".into())
    } else {
        None
    }
}

/// Splits "unknown field `x`, expected one of `a`, `b`" (or "expected `a`")
/// into `x` and [a, b].
fn unknown(message: &str, prefix: &str) -> Option<(String, Vec<String>)> {
    let rest = message.find(prefix).map(|i| &message[i + prefix.len()..])?;
    let end = rest.find('`')?;
    let word = rest[..end].to_string();
    let tail = &rest[end + 1..];
    let expected = tail
        .split_once("expected")
        .map(|(_, list)| list)
        .unwrap_or("")
        .trim_start_matches(" one of")
        .split(',')
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty() && !s.contains(' '))
        .collect();
    Some((word, expected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PlanFile;

    fn err(text: &str) -> Diagnostic {
        *parse::<PlanFile>(FileId(0), 0, text).unwrap_err()
    }

    #[test]
    fn unknown_top_level_key_suggests() {
        let d = err("dataset: []\n");
        assert_eq!(d.message, "unknown key `dataset`");
        assert_eq!(d.hint.as_deref(), Some("did you mean `datasets`?"));
        assert_eq!(d.pos().unwrap().line, 1);
    }

    #[test]
    fn unknown_nested_key_has_position() {
        let d = err("plan:\n  title: x\n  verison: 1.0.0\n");
        assert_eq!(d.message, "unknown key `verison`");
        assert_eq!(d.hint.as_deref(), Some("did you mean `version`?"));
        let p = d.pos().unwrap();
        assert_eq!((p.line, p.col), (3, 3));
    }

    #[test]
    fn bad_enum_value_suggests() {
        let d = err("plan:\n  title: x\n  version: 1.0.0\n  status: aproved\n");
        assert_eq!(d.message, "`aproved` is not an allowed value here");
        assert!(
            d.hint
                .clone()
                .unwrap()
                .starts_with("did you mean `approved`?")
        );
        assert_eq!(d.pos().unwrap().line, 4);
    }

    #[test]
    fn bad_version_and_date() {
        let d = err("plan:\n  title: x\n  version: 1.2\n");
        assert!(
            d.message.contains("not a semantic version"),
            "{}",
            d.message
        );
        let d = err("revisions:\n  - version: 1.0.0\n    date: 2026-02-30\n");
        assert!(d.message.contains("not a valid date"), "{}", d.message);
        assert_eq!(d.pos().unwrap().line, 3);
    }

    #[test]
    fn line_offset_applies() {
        let d = *parse::<PlanFile>(FileId(0), 5, "tasks: 3\n").unwrap_err();
        assert_eq!(d.pos().unwrap().line, 6);
    }

    #[test]
    fn alias_bomb_fails_fast() {
        let mut y = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for w in names.windows(2) {
            let refs = vec![format!("*{}", w[0]); 9].join(",");
            y.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
        }
        let start = std::time::Instant::now();
        let d = *parse::<serde::de::IgnoredAny>(FileId(0), 0, &y).unwrap_err();
        assert!(d.message.contains("too large"), "{}", d.message);
        assert!(start.elapsed().as_secs() < 10);
    }
}
