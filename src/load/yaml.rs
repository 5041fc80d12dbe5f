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
    parse_typed(file, line_offset, text).map_err(|e| Box::new(e.0))
}

/// [`parse`], with the problem as a [`Problem`] beside its diagnostic.
fn parse_typed<T: DeserializeOwned>(
    file: FileId,
    line_offset: u32,
    text: &str,
) -> Result<T, Box<(Diagnostic, Problem)>> {
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
            parse_typed::<T>(file, line_offset, text)
        } else {
            parse_typed::<T>(file, line_offset, &lines.join("\n"))
        };
        let (d, problem) = match attempt {
            Ok(v) if !entries_removed => return (Some(v), errors),
            Ok(_) => return (None, errors),
            Err(e) => *e,
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
        let missing = matches!(problem, Problem::MissingKey { .. });
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
        if !problem.recoverable() {
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

fn convert(
    file: FileId,
    line_offset: u32,
    err: &serde_saphyr::Error,
    text: &str,
) -> (Diagnostic, Problem) {
    let raw = err.without_snippet().to_string();
    let mut problem = Problem::classify(&strip_location_prefix(&raw));
    let mut pos = match err.location() {
        Some(loc) if loc.line() > 0 => Pos::new(
            file,
            loc.line() as u32 + line_offset,
            loc.column().max(1) as u32,
            (loc.span().len() as u32).max(1),
        ),
        _ => Pos::new(file, 1 + line_offset, 1, 1),
    };
    pos = relocate(&problem, pos, text, line_offset);
    // A mis-indented line is reported by the library as something else
    // (a key missing from the entry above, a value where none may be):
    // point at the line itself.
    if problem.may_be_indentation()
        && let Some(m) = super::indent::first_misaligned(text)
        && let Some(err_line) = pos.line.checked_sub(line_offset + 1)
        && (err_line as usize).saturating_sub(2) <= m.line
        && m.line <= err_line as usize + 40
    {
        let line = text.split('\n').nth(m.line).unwrap_or("");
        let key = line[m.indent.min(line.len())..].trim_end();
        let width = key.find(':').unwrap_or(key.len());
        pos = Pos::new(
            file,
            m.line as u32 + 1 + line_offset,
            m.indent as u32 + 1,
            width.max(1) as u32,
        );
        problem = Problem::Misindented {
            indent: m.indent,
            expected: m.expected,
        };
    }
    let mut d = Diagnostic::new(Severity::Error, Location::At(pos), problem.message());
    d.hint = problem.hint();
    (d, problem)
}

/// Moves a position the YAML library reports near a problem onto the
/// problem itself, where the text makes that certain:
/// - a missing key is reported at the end of its mapping: point at the
///   mapping's first line (`- id: prep`, or the `plan:` key) instead;
/// - a tab is reported at the scalar or line before it: point at the tab.
fn relocate(problem: &Problem, pos: Pos, text: &str, line_offset: u32) -> Pos {
    let lines: Vec<&str> = text.lines().collect();
    let Some(at) = (pos.line.checked_sub(line_offset + 1)).map(|l| l as usize) else {
        return pos;
    };
    if at >= lines.len() {
        return pos;
    }
    let found = match problem {
        Problem::MissingKey { .. } => mapping_start(&lines, at),
        Problem::Tab => first_tab(&lines, at),
        _ => None,
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

/// What went wrong in a YAML file, in our terms: the library's messages
/// are classified once ([`Problem::classify`]), rendered to words in one
/// place ([`Problem::message`], [`Problem::hint`]), and recovery is a match
/// on the kind ([`Problem::recoverable`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    UnknownKey {
        key: String,
        known: Vec<String>,
    },
    NotAllowed {
        value: String,
        allowed: Vec<String>,
    },
    MissingKey {
        key: String,
    },
    DuplicateKey {
        key: String,
    },
    /// A line whose indentation fits no block around it; the columns it
    /// most likely meant.
    Misindented {
        indent: usize,
        expected: Vec<usize>,
    },
    /// `key:` with nothing (or `~`, `null`) where a value is needed.
    Empty,
    /// A second document (`---`) in one file.
    SecondDocument,
    /// A budget against alias bombs or deep nesting was hit.
    TooLarge,
    /// `key: a: b` unquoted.
    ColonInValue {
        detail: String,
    },
    Tab,
    UnclosedQuote {
        detail: String,
    },
    /// Any other syntax error of the library, in its words.
    Syntax {
        detail: String,
    },
    /// A value of the wrong kind for its key.
    WrongType {
        takes: Takes,
    },
    /// A value of the wrong kind, with what the key takes in words.
    Expected {
        found: String,
        expected: String,
    },
    /// Digits were expected.
    Number {
        what: &'static str,
        limit: &'static str,
    },
    Boolean,
    /// Our own value checks (dates, versions), already in words.
    BadValue {
        detail: String,
    },
    /// A date outside the years a plan can use.
    OutOfRange {
        detail: String,
    },
    Other {
        detail: String,
    },
}

/// What a key takes, for [`Problem::WrongType`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    Scalar,
    List,
    Mapping,
    Other,
}

impl Problem {
    /// The library's message (position stripped) -> a problem.
    pub fn classify(message: &str) -> Problem {
        let invalid_type = message.starts_with("invalid type");
        if let Some((key, known)) = unknown(message, "unknown field `") {
            return Problem::UnknownKey { key, known };
        }
        if let Some((value, allowed)) = unknown(message, "unknown variant `") {
            return Problem::NotAllowed { value, allowed };
        }
        if let Some(rest) = message.strip_prefix("missing field `") {
            let key = rest.split('`').next().unwrap_or(rest).to_string();
            return Problem::MissingKey { key };
        }
        if message.contains("duplicate mapping key") {
            let key = message
                .split("duplicate mapping key: ")
                .nth(1)
                .and_then(|r| r.split(',').next())
                .unwrap_or("")
                .trim()
                .to_string();
            return Problem::DuplicateKey { key };
        }
        if message.contains("Documents {") {
            return Problem::SecondDocument;
        }
        if message.contains("budget") || message.contains("alias") && message.contains("limit") {
            return Problem::TooLarge;
        }
        if message.contains("deserialize null")
            || invalid_type && (message.contains(": null") || message.contains(": unit"))
        {
            return Problem::Empty;
        }
        let detail = || message.to_string();
        if message.contains("mapping values are not allowed") {
            return Problem::ColonInValue { detail: detail() };
        }
        if message.contains("found a tab") || message.contains("tabs disallowed") {
            return Problem::Tab;
        }
        if message.contains("quoted scalar") {
            return Problem::UnclosedQuote { detail: detail() };
        }
        if message.contains("did not find expected")
            || message.contains("found character that cannot start")
            || message.contains("while parsing")
            || message.contains("while scanning")
        {
            return Problem::Syntax { detail: detail() };
        }
        let takes = |what: &str| message.contains(what);
        if message.contains("expected string scalar")
            || invalid_type && (takes("expected a string") || takes("expected string"))
        {
            return Problem::WrongType {
                takes: Takes::Scalar,
            };
        }
        if message.contains("expected sequence start")
            || invalid_type && takes("expected a sequence")
        {
            return Problem::WrongType { takes: Takes::List };
        }
        if message.contains("expected mapping start")
            || invalid_type && (takes("expected struct") || takes("expected a map"))
        {
            return Problem::WrongType {
                takes: Takes::Mapping,
            };
        }
        if message == "invalid boolean"
            || message.starts_with("invalid boolean ")
            || invalid_type && takes("expected a boolean")
        {
            return Problem::Boolean;
        }
        const WHOLE: &str = "a whole number, 0 or more";
        for (ty, what, limit) in [
            ("u64", WHOLE, " and at most 18446744073709551615"),
            ("usize", WHOLE, " and at most 18446744073709551615"),
            ("u32", WHOLE, " and at most 4294967295"),
            ("u16", WHOLE, ""),
            ("u8", WHOLE, ""),
            ("i64", "a whole number", ""),
            ("i32", "a whole number", ""),
            ("f64", "a number", ""),
            ("f32", "a number", ""),
        ] {
            if message == format!("invalid {ty}") || message.starts_with(&format!("invalid {ty} "))
            {
                return Problem::Number { what, limit };
            }
        }
        if let Some(rest) = message.strip_prefix("invalid type: ")
            && let Some((found, expected)) = rest.rsplit_once(", expected ")
        {
            return Problem::Expected {
                found: found_words(found),
                expected: expected.to_string(),
            };
        }
        if invalid_type {
            return Problem::WrongType {
                takes: Takes::Other,
            };
        }
        if message.contains("outside the dates") {
            return Problem::OutOfRange { detail: detail() };
        }
        if message.contains("is not a valid date") || message.contains("not a semantic version") {
            return Problem::BadValue { detail: detail() };
        }
        Problem::Other { detail: detail() }
    }

    /// After this problem, the rest of the file still parses the same way
    /// once its line is blanked.
    pub fn recoverable(&self) -> bool {
        matches!(
            self,
            Problem::UnknownKey { .. }
                | Problem::NotAllowed { .. }
                | Problem::DuplicateKey { .. }
                | Problem::WrongType { .. }
                | Problem::Expected { .. }
                | Problem::Number { .. }
                | Problem::Boolean
                | Problem::Empty
                | Problem::BadValue { .. }
                | Problem::OutOfRange { .. }
        )
    }

    /// A problem the library may report for a mis-indented line.
    fn may_be_indentation(&self) -> bool {
        matches!(
            self,
            Problem::MissingKey { .. } | Problem::ColonInValue { .. } | Problem::Syntax { .. }
        )
    }

    pub fn message(&self) -> String {
        match self {
            Problem::UnknownKey { key, .. } => format!("unknown key `{key}`"),
            Problem::NotAllowed { value, .. } => format!("`{value}` is not an allowed value here"),
            Problem::MissingKey { key } => format!("missing required key `{key}`"),
            Problem::DuplicateKey { key } => {
                format!("key `{key}` is written twice in the same mapping")
            }
            Problem::Misindented { indent, expected } => format!(
                "this line is indented by {indent} {}, where the lines around it use {}: an indentation problem",
                spaces(*indent),
                either(expected)
            ),
            Problem::Empty => "this key has no value".to_string(),
            Problem::SecondDocument => "a second YAML document (`---`) in one file".to_string(),
            Problem::TooLarge => {
                "the YAML is too large or too deeply nested to read safely".to_string()
            }
            Problem::ColonInValue { detail }
            | Problem::UnclosedQuote { detail }
            | Problem::Syntax { detail }
            | Problem::BadValue { detail }
            | Problem::OutOfRange { detail }
            | Problem::Other { detail } => detail.clone(),
            Problem::Tab => "a tab character where YAML needs spaces".to_string(),
            Problem::WrongType { takes } => match takes {
                Takes::Scalar => "expected a single value here, not a list or a mapping",
                Takes::List => "expected a list here",
                Takes::Mapping => "expected a mapping here",
                Takes::Other => "this value is of the wrong kind for this key",
            }
            .to_string(),
            Problem::Expected { found, expected } => {
                format!("expected {expected} here, not {found}")
            }
            Problem::Number { what, .. } => format!("this value must be {what}"),
            Problem::Boolean => "this value must be `true` or `false`".to_string(),
        }
    }

    pub fn hint(&self) -> Option<String> {
        Some(match self {
            Problem::UnknownKey { key, known } => {
                return suggest::did_you_mean(key, known.iter().map(String::as_str))
                    .or_else(|| Some(format!("known keys here: {}", known.join(", "))));
            }
            Problem::NotAllowed { value, allowed } => {
                return suggest::did_you_mean(value, allowed.iter().map(String::as_str))
                    .map(|h| format!("{h} (allowed: {})", allowed.join(", ")))
                    .or_else(|| Some(format!("allowed values: {}", allowed.join(", "))));
            }
            Problem::MissingKey { key } => format!("add `{key}: ...` to this entry"),
            Problem::DuplicateKey { .. } => "remove one of them".into(),
            Problem::Misindented { expected, .. } => format!(
                "indent it by {} {}, like the other lines of the block it belongs to (YAML reads the structure from the indentation)",
                either(expected),
                spaces(expected.last().copied().unwrap_or(0))
            ),
            Problem::Empty => {
                "write a value after the colon (nothing, `~` or `null` means no value), or remove the key".into()
            }
            Problem::SecondDocument => {
                "one YAML document per file: remove the `---` line, or move what follows into a file of its own (front matter belongs in .md files)".into()
            }
            Problem::TooLarge => "split the file, and avoid deep nesting and alias chains".into(),
            Problem::ColonInValue { .. } => {
                "a value that contains `: ` must be quoted: `title: \"Phase 2: cutover\"`".into()
            }
            Problem::Tab => "indent YAML with spaces only: replace the tab with spaces".into(),
            Problem::UnclosedQuote { .. } => {
                "a quoted value is not closed: check for a missing closing quote on this line or above".into()
            }
            Problem::Syntax { .. } => {
                "check the indentation and quoting on this line and the one above".into()
            }
            Problem::WrongType { takes } => match takes {
                Takes::Scalar => {
                    "write the text on the same line as the key, e.g. `title: Install the server`"
                }
                Takes::List => "this key takes a list: one `- item` per line, or `[a, b]`",
                Takes::Mapping => "this key takes a mapping of `key: value` lines",
                Takes::Other => "docs/format.md says what each key takes",
            }
            .into(),
            Problem::Number { limit, .. } => format!(
                "write digits only{limit}: no units, signs or thousands separators (e.g. `12500`)"
            ),
            Problem::Boolean => "write `true` or `false` (without quotes)".into(),
            Problem::Expected { .. } => "docs/format.md shows how this key is written".into(),
            Problem::OutOfRange { .. } => "check the year".into(),
            Problem::BadValue { .. } | Problem::Other { .. } => return None,
        })
    }
}

/// serde's name for what it found -> words ("map" -> "a mapping").
fn found_words(found: &str) -> String {
    match found {
        "map" => "a mapping".into(),
        "sequence" => "a list".into(),
        "boolean `true`" | "boolean `false`" => format!("`{}`", &found[9..found.len() - 1]),
        _ if found.starts_with("string ") => format!("the text {}", &found[7..]),
        _ if found.starts_with("integer ") => format!("the number {}", &found[8..]),
        _ if found.starts_with("floating point ") => format!("the number {}", &found[15..]),
        other => other.to_string(),
    }
}

/// "4", or "0 or 2".
fn either(cols: &[usize]) -> String {
    cols.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(" or ")
}

fn spaces(n: usize) -> &'static str {
    if n == 1 { "space" } else { "spaces" }
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
