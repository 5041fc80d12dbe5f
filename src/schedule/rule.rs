//! When-rule text (`8 weeks before migration at 18:00`) -> a parsed [`Rule`],
//! or a [`RuleError`] that points at the culprit inside the text.
//!
//! The grammar is in plan-format.md ("when-rules"). Words are
//! case-insensitive and any run of whitespace separates them. Positions are
//! counted in characters from the start of the rule text, so the caller can
//! place a caret with `Pos::shifted`. Diagnosing *bad* input (typos, wordy
//! phrasing) lives in `hints.rs`.

use chrono::{NaiveDate, NaiveTime};

use super::hints;

/// The unit of an offset, as the plan spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Days,
    CalendarDays,
    BusinessDays,
    WorkingDays,
    Weeks,
    Months,
}

impl Unit {
    /// Business and working days count working days only; the others are
    /// calendar offsets.
    pub fn is_business(self) -> bool {
        matches!(self, Unit::BusinessDays | Unit::WorkingDays)
    }

    /// The largest offset accepted: about a hundred years. Anything more is a
    /// typo, and the limit keeps every later computation far from overflow.
    pub fn max(self) -> u32 {
        match self {
            Unit::Days | Unit::CalendarDays => 36_500,
            Unit::BusinessDays | Unit::WorkingDays => 26_000,
            Unit::Weeks => 5_200,
            Unit::Months => 1_200,
        }
    }

    /// The unit's name for `n` of it (`1 week`, `2 weeks`).
    pub fn name(self, n: u32) -> &'static str {
        let one = n == 1;
        match self {
            Unit::Days if one => "day",
            Unit::Days => "days",
            Unit::CalendarDays if one => "calendar day",
            Unit::CalendarDays => "calendar days",
            Unit::BusinessDays if one => "business day",
            Unit::BusinessDays => "business days",
            Unit::WorkingDays if one => "working day",
            Unit::WorkingDays => "working days",
            Unit::Weeks if one => "week",
            Unit::Weeks => "weeks",
            Unit::Months if one => "month",
            Unit::Months => "months",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Before,
    After,
}

impl Dir {
    pub fn word(self) -> &'static str {
        match self {
            Dir::Before => "before",
            Dir::After => "after",
        }
    }
}

/// Which date of a task (or time of a runbook step) an anchor names. A
/// bare task id means its due date (`Default`), which is also how a
/// milestone is named; a bare step or runbook id means its end. `.end`
/// belongs to steps and runbooks: on a task it is an error (reported where
/// the anchor is resolved, since the parser does not know what an id
/// names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Default,
    Start,
    Due,
    End,
}

/// A stretch of the rule text, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub offset: usize,
    pub len: usize,
}

impl Span {
    /// From the start of `self` to the end of `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            offset: self.offset,
            len: (other.offset + other.len).saturating_sub(self.offset),
        }
    }
}

/// What a rule counts from: a written date or the date of an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    Date(NaiveDate),
    Id { id: String, field: Field },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub base: Base,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offset {
    pub n: u32,
    pub unit: Unit,
    pub dir: Dir,
}

/// A parsed when-rule. `DATE` and `anchor` are an anchor without offset; an
/// anchor may itself be a date (`2 days after 2027-01-16`, an addition to the
/// grammar).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub anchor: Anchor,
    pub offset: Option<Offset>,
    pub time: Option<NaiveTime>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub message: String,
    pub hint: Option<String>,
    pub span: Span,
}

impl RuleError {
    pub fn new(span: Span, message: impl Into<String>, hint: Option<String>) -> RuleError {
        RuleError {
            message: message.into(),
            hint,
            span,
        }
    }
}

/// One whitespace-separated word of the rule.
#[derive(Debug, Clone)]
pub struct Tok<'a> {
    pub text: &'a str,
    pub lower: String,
    pub span: Span,
}

pub fn tokens(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (byte, char) of the word
    let mut chars = 0;
    for (byte, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some((byte, chars)),
            (true, Some((b, ch))) => {
                out.push(tok(&text[b..byte], ch, chars - ch));
                start = None;
            }
            _ => {}
        }
        chars += 1;
    }
    if let Some((b, ch)) = start {
        out.push(tok(&text[b..], ch, chars - ch));
    }
    out
}

fn tok(text: &str, offset: usize, len: usize) -> Tok<'_> {
    Tok {
        text,
        lower: text.to_lowercase(),
        span: Span { offset, len },
    }
}

/// The span covering a run of tokens (empty at 0 for none).
pub fn span_of(toks: &[Tok]) -> Span {
    match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => a.span.to(b.span),
        _ => Span::default(),
    }
}

/// The tokens' text joined by single spaces, for hints that rewrite a rule.
pub fn join(toks: &[Tok]) -> String {
    toks.iter().map(|t| t.text).collect::<Vec<_>>().join(" ")
}

/// Parses a when-rule. `allow_time` permits a trailing `at HH:MM` (freeze
/// windows only).
pub fn parse(text: &str, allow_time: bool) -> Result<Rule, RuleError> {
    let all = tokens(text);
    if all.is_empty() {
        let len = text.chars().count().max(1);
        return Err(RuleError::new(
            Span { offset: 0, len },
            "empty when-rule",
            Some(hints::GENERIC.into()),
        ));
    }
    let (toks, time) = split_time(&all, allow_time)?;
    let dirs: Vec<usize> = (0..toks.len())
        .filter(|&i| matches!(toks[i].lower.as_str(), "before" | "after"))
        .collect();
    match dirs.as_slice() {
        [] => without_dir(toks, time),
        [k] => with_dir(toks, *k, time),
        [_, second, ..] => Err(RuleError::new(
            toks[*second].span,
            format!(
                "only one `before` or `after` is allowed in a rule, found a second `{}`",
                toks[*second].text
            ),
            Some("give the intermediate date a milestone of its own and anchor on it".into()),
        )),
    }
}

/// Splits off `at HH:MM`.
fn split_time<'t, 'a>(
    toks: &'t [Tok<'a>],
    allow_time: bool,
) -> Result<(&'t [Tok<'a>], Option<NaiveTime>), RuleError> {
    let Some(k) = toks.iter().position(|t| t.lower == "at") else {
        return Ok((toks, None));
    };
    let at = &toks[k];
    if k == 0 {
        return Err(RuleError::new(
            at.span,
            "missing date before `at`",
            Some("write e.g. `go-live at 07:00`".into()),
        ));
    }
    let rest = &toks[k + 1..];
    if rest.is_empty() {
        return Err(RuleError::new(
            at.span,
            "missing time after `at`",
            Some("write the time as HH:MM, e.g. `at 18:00`".into()),
        ));
    }
    if !allow_time {
        return Err(RuleError::new(
            at.span.to(span_of(rest)),
            "a time of day is only allowed in freeze windows",
            Some(format!(
                "remove `{} {}`: milestones and task dates are whole days",
                at.text,
                join(rest)
            )),
        ));
    }
    let time = match rest {
        [t] => parse_time(t.text),
        _ => None,
    };
    match time {
        Some(time) => Ok((&toks[..k], Some(time))),
        None => Err(RuleError::new(
            span_of(rest),
            format!("`{}` is not a time of day", join(rest)),
            Some("write HH:MM on a 24-hour clock, e.g. `at 18:00`".into()),
        )),
    }
}

/// `H:MM` or `HH:MM`, 24-hour clock.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.split_once(':')?;
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || h.len() > 2 || !digits(m) || m.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

/// A rule with no `before`/`after`: a date or an anchor, or a mistake.
fn without_dir(toks: &[Tok], time: Option<NaiveTime>) -> Result<Rule, RuleError> {
    if let [one] = toks {
        return Ok(Rule {
            anchor: parse_anchor(one)?,
            offset: None,
            time,
        });
    }
    Err(hints::no_direction(toks))
}

fn with_dir(toks: &[Tok], k: usize, time: Option<NaiveTime>) -> Result<Rule, RuleError> {
    let word = &toks[k];
    let dir = if word.lower == "before" {
        Dir::Before
    } else {
        Dir::After
    };
    if k == 0 {
        return Err(RuleError::new(
            word.span,
            format!("missing offset before `{}`", word.text),
            Some(format!(
                "write e.g. `1 day {} migration`, or just the id for the same day",
                dir.word()
            )),
        ));
    }
    let anchor = match &toks[k + 1..] {
        [] => {
            return Err(RuleError::new(
                word.span,
                format!("missing milestone or task id after `{}`", word.text),
                Some(format!("e.g. `{} migration`", join(&toks[..=k]))),
            ));
        }
        [a] => parse_anchor(a)?,
        many => return Err(hints::several_anchor_words(toks, k, many)),
    };
    let offset = parse_offset(toks, k, dir)?;
    Ok(Rule {
        anchor,
        offset: Some(offset),
        time,
    })
}

/// `N unit` (the tokens before `before`/`after` at index `k`).
fn parse_offset(toks: &[Tok], k: usize, dir: Dir) -> Result<Offset, RuleError> {
    let words = &toks[..k];
    let first = &words[0];
    if !starts_numeric(&first.lower) {
        return Err(hints::not_a_number(toks, k));
    }
    // `8weeks`: the number and the unit written together.
    let num_len = first
        .text
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || "+-.,".contains(c)))
        .map_or(first.text.len(), |(i, _)| i);
    let (num, glued) = first.text.split_at(num_len);
    let num_span = Span {
        offset: first.span.offset,
        len: num.chars().count(),
    };
    let mut unit_toks: Vec<Tok> = Vec::new();
    if !glued.is_empty() {
        unit_toks.push(tok(
            glued,
            num_span.offset + num_span.len,
            glued.chars().count(),
        ));
    }
    unit_toks.extend(words[1..].iter().cloned());

    if !num.bytes().all(|b| b.is_ascii_digit()) {
        return Err(hints::bad_number(toks, k, num, num_span, &unit_toks));
    }
    // Too many digits for u64 is as absurd as any other huge number.
    let n: u64 = num.parse().unwrap_or(u64::MAX);
    let unit = parse_unit(toks, k, &unit_toks, n, num_span)?;
    if n > u64::from(unit.max()) {
        return Err(RuleError::new(
            span_of(words),
            format!("`{}` is more than a hundred years", join(words)),
            Some(format!(
                "check the number: offsets in {} go up to {}",
                unit.name(2),
                unit.max()
            )),
        ));
    }
    Ok(Offset {
        n: n as u32,
        unit,
        dir,
    })
}

fn starts_numeric(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() => true,
        Some('-' | '+') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

fn parse_unit(
    toks: &[Tok],
    k: usize,
    words: &[Tok],
    n: u64,
    num_span: Span,
) -> Result<Unit, RuleError> {
    let lower: Vec<&str> = words.iter().map(|t| t.lower.as_str()).collect();
    let unit = match lower.as_slice() {
        ["day" | "days"] => Unit::Days,
        ["calendar", "day" | "days"] => Unit::CalendarDays,
        ["business", "day" | "days"] => Unit::BusinessDays,
        ["working", "day" | "days"] => Unit::WorkingDays,
        ["week" | "weeks"] => Unit::Weeks,
        ["month" | "months"] => Unit::Months,
        [] => {
            return Err(RuleError::new(
                num_span,
                format!("missing unit after `{n}`"),
                Some(format!(
                    "write e.g. `{n} days`, `{n} weeks` or `{n} months`"
                )),
            ));
        }
        _ => return Err(hints::bad_unit(toks, k, words, n)),
    };
    Ok(unit)
}

/// An anchor word: a date, `id`, `id.start`, `id.due` or `id.end`.
pub fn parse_anchor(t: &Tok) -> Result<Anchor, RuleError> {
    if looks_like_date(t.text) {
        return parse_date(t.text)
            .map_err(|(message, hint)| RuleError::new(t.span, message, hint))
            .map(|d| Anchor {
                base: Base::Date(d),
                span: t.span,
            });
    }
    let (id, field) = match t.text.rsplit_once('.') {
        Some((id, suffix)) => match suffix.to_lowercase().as_str() {
            "start" => (id, Field::Start),
            "due" => (id, Field::Due),
            "end" => (id, Field::End),
            other => {
                if let Some(e) = hints::bad_suffix(t, id, other) {
                    return Err(e);
                }
                (t.text, Field::Default)
            }
        },
        None => (t.text, Field::Default),
    };
    if id.is_empty() {
        return Err(RuleError::new(
            t.span,
            format!("missing task id before `{}`", t.text),
            Some("write e.g. `install-hardware.start`".into()),
        ));
    }
    Ok(Anchor {
        base: Base::Id {
            id: id.to_string(),
            field,
        },
        span: t.span,
    })
}

/// Digits and separators only: meant as a date, whether well written or not.
fn looks_like_date(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit())
        && s.contains(['-', '/', '.'])
        && s.chars().all(|c| c.is_ascii_digit() || "-/.".contains(c))
}

/// A `YYYY-MM-DD` date, or why not (message, hint).
pub fn parse_date(s: &str) -> Result<NaiveDate, (String, Option<String>)> {
    let parts: Vec<&str> = s.split('-').collect();
    let numeric = parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()));
    let shape_error = || {
        let hint = match parts.as_slice() {
            [y, m, d] if numeric && y.len() == 4 => format!("write `{y}-{m:0>2}-{d:0>2}`"),
            _ => "write dates as YYYY-MM-DD, e.g. `2027-01-16`".into(),
        };
        (
            format!("`{s}` is not a date in YYYY-MM-DD form"),
            Some(hint),
        )
    };
    let [y, m, d] = parts.as_slice() else {
        return Err(shape_error());
    };
    if !numeric || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(shape_error());
    }
    // Four digits at most per part, so these parse.
    let (y, m, d): (i32, u32, u32) = (
        y.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        d.parse().unwrap_or(0),
    );
    if !(1..=12).contains(&m) {
        return Err((
            format!("`{s}` is not a valid date: there is no month {m}"),
            Some("write dates as YYYY-MM-DD; the month comes second".into()),
        ));
    }
    if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
        if !crate::model::in_plan_range(date) {
            return Err((
                crate::model::out_of_range_message(s),
                Some("check the year".into()),
            ));
        }
        return Ok(date);
    }
    let last = (28..=31)
        .rev()
        .find(|&d| NaiveDate::from_ymd_opt(y, m, d).is_some())
        .unwrap_or(28);
    let month = NaiveDate::from_ymd_opt(y, m, 1)
        .map_or_else(|| format!("month {m}"), |f| f.format("%B %Y").to_string());
    Err((
        format!("`{s}` is not a valid date: {month} has {last} days"),
        None,
    ))
}

#[cfg(test)]
#[path = "rule_tests.rs"]
mod tests;
