//! A when-rule that does not parse -> the error a person can act on: which
//! word is wrong and, where we can guess, the rule rewritten.
//!
//! Helpers of `rule.rs`; each takes the rule's tokens (and the index `k` of
//! `before`/`after` where there is one) so its hint can quote the whole rule.

use super::rule::{RuleError, Span, Tok, Unit, join, span_of};
use crate::suggest;

pub const GENERIC: &str = "write a date (YYYY-MM-DD), a milestone or task id, or an offset from one, \
                           e.g. `2 weeks before migration`";

/// Wordings people use for `before`/`after` (longest first where they overlap).
const SYNONYMS: &[(&[&str], &str)] = &[
    (&["in", "advance", "of"], "before"),
    (&["prior", "to"], "before"),
    (&["ahead", "of"], "before"),
    (&["earlier", "than"], "before"),
    (&["prior"], "before"),
    (&["preceding"], "before"),
    (&["later", "than"], "after"),
    (&["following"], "after"),
    (&["past"], "after"),
    (&["since"], "after"),
    (&["from"], "after"),
    (&["post"], "after"),
    (&["beyond"], "after"),
];

const ARTICLES: &[&str] = &["the", "a", "an"];

fn numeric(t: &Tok) -> bool {
    t.lower.starts_with(|c: char| c.is_ascii_digit())
}

/// Several words but no `before`/`after`.
pub fn no_direction(toks: &[Tok]) -> RuleError {
    for i in 1..toks.len() {
        for &(phrase, word) in SYNONYMS {
            let Some(found) = toks.get(i..i + phrase.len()) else {
                continue;
            };
            if found.iter().zip(phrase).all(|(t, p)| t.lower == *p) {
                let from = toks[..i].iter().position(numeric).unwrap_or(0);
                let fixed = format!(
                    "{} {word} {}",
                    join(&toks[from..i]),
                    join(&toks[i + phrase.len()..])
                );
                return RuleError::new(
                    span_of(found),
                    format!("`{}` is not a word of the schedule language", join(found)),
                    Some(format!("write `{word}`: `{}`", fixed.trim())),
                );
            }
        }
    }
    if toks.len() >= 3 {
        for t in &toks[1..toks.len() - 1] {
            if t.lower.chars().count() < 3 || numeric(t) {
                continue;
            }
            if let Some(hint) = suggest::did_you_mean(&t.lower, ["before", "after"]) {
                return RuleError::new(t.span, format!("unknown word `{}`", t.text), Some(hint));
            }
        }
    }
    let all = span_of(toks);
    if toks.first().is_some_and(numeric) {
        let (offset, anchor) = toks.split_at(toks.len() - 1);
        let (offset, anchor) = (join(offset), join(anchor));
        return RuleError::new(
            all,
            "missing `before` or `after`",
            Some(format!(
                "write `{offset} before {anchor}` or `{offset} after {anchor}`"
            )),
        );
    }
    let hint = match toks {
        [article, rest @ ..] if ARTICLES.contains(&article.lower.as_str()) => {
            format!("ids are single words: write `{}`", join(rest))
        }
        _ => GENERIC.to_string(),
    };
    RuleError::new(
        all,
        format!("`{}` is not a when-rule", join(toks)),
        Some(hint),
    )
}

/// More than one word after `before`/`after` (at `k`).
pub fn several_anchor_words(toks: &[Tok], k: usize, many: &[Tok]) -> RuleError {
    let hint = match many {
        [article, id] if ARTICLES.contains(&article.lower.as_str()) => {
            format!("write `{} {}`", join(&toks[..=k]), id.text)
        }
        _ => "ids are single words without spaces, e.g. `install-hardware`".into(),
    };
    RuleError::new(
        span_of(many),
        format!(
            "expected one id after `{}`, found `{}`",
            toks[k].text,
            join(many)
        ),
        Some(hint),
    )
}

/// The offset (before index `k`) does not start with a number.
pub fn not_a_number(toks: &[Tok], k: usize) -> RuleError {
    let words = &toks[..k];
    if let Some(j) = words.iter().position(numeric) {
        return RuleError::new(
            span_of(&words[..j]),
            format!("unexpected `{}` before the offset", join(&words[..j])),
            Some(format!("write `{}`", join(&toks[j..]))),
        );
    }
    let first = &words[0];
    if let Some(n) = word_number(&first.lower) {
        return RuleError::new(
            first.span,
            format!("`{}` is not a number", first.text),
            Some(format!("write `{n} {}`", join(&toks[1..]))),
        );
    }
    RuleError::new(
        span_of(words),
        format!("`{}` is not an offset", join(words)),
        Some(format!(
            "start with a number of days, weeks or months, e.g. `2 weeks {}`",
            join(&toks[k..])
        )),
    )
}

fn word_number(w: &str) -> Option<u32> {
    const WORDS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    match w {
        "a" | "an" => Some(1),
        _ => WORDS.iter().position(|x| *x == w).map(|i| i as u32),
    }
}

/// A number that is not a plain non-negative integer (`-2`, `1.5`, `+3`).
pub fn bad_number(toks: &[Tok], k: usize, num: &str, span: Span, units: &[Tok]) -> RuleError {
    let digits = num.trim_start_matches(['-', '+']);
    let rewrite = |dir: &str| {
        format!(
            "write `{digits} {} {dir} {}`",
            join(units),
            join(&toks[k + 1..])
        )
    };
    let dir = toks[k].lower.as_str();
    if num.starts_with('-') && digits.bytes().all(|b| b.is_ascii_digit()) {
        let other = if dir == "before" { "after" } else { "before" };
        return RuleError::new(span, "an offset cannot be negative", Some(rewrite(other)));
    }
    if num.starts_with('+') && digits.bytes().all(|b| b.is_ascii_digit()) {
        return RuleError::new(
            span,
            "an offset is written without a sign",
            Some(rewrite(dir)),
        );
    }
    if num.contains(['.', ',']) {
        return RuleError::new(
            span,
            format!("`{num}` is not a whole number"),
            Some(
                "offsets are whole numbers: use a smaller unit, e.g. days instead of weeks".into(),
            ),
        );
    }
    RuleError::new(span, format!("`{num}` is not a number"), None)
}

/// Words after the number that are not a unit.
pub fn bad_unit(toks: &[Tok], k: usize, words: &[Tok], n: u64) -> RuleError {
    let rest = join(&toks[k..]);
    let lower: Vec<&str> = words.iter().map(|t| t.lower.as_str()).collect();
    let mean = |u: Unit| Some(format!("did you mean `{}`?", u.name(n.min(2) as u32)));
    let hint = match lower.as_slice() {
        ["year" | "years" | "yr" | "yrs"] => Some(format!(
            "a year is 12 months: write `{} months {rest}`",
            n.saturating_mul(12)
        )),
        ["fortnight" | "fortnights"] => {
            Some(format!("write `{} weeks {rest}`", n.saturating_mul(2)))
        }
        ["hour" | "hours" | "hr" | "hrs" | "h" | "minute" | "minutes" | "min" | "mins"] => Some(
            "offsets count whole days; a time of day is written `at HH:MM` (freeze windows only)"
                .into(),
        ),
        ["workday" | "workdays" | "weekday" | "weekdays" | "working-day" | "working-days"] => {
            mean(Unit::WorkingDays)
        }
        ["business-day" | "business-days" | "bd" | "bds"] => mean(Unit::BusinessDays),
        ["calendar-day" | "calendar-days"] => mean(Unit::CalendarDays),
        ["wk" | "wks" | "w"] => mean(Unit::Weeks),
        ["mo" | "mos" | "mon" | "mth" | "mths"] => mean(Unit::Months),
        ["d"] => mean(Unit::Days),
        [kind @ ("calendar" | "business" | "working"), _] => {
            Some(format!("did you mean `{kind} days`?"))
        }
        [kind, "day" | "days"] => suggest::closest(kind, ["calendar", "business", "working"])
            .map(|c| format!("did you mean `{c} days`?")),
        [one] if n == 1 => suggest::did_you_mean(one, ["day", "week", "month"]),
        [one] => suggest::did_you_mean(one, ["days", "weeks", "months"]),
        _ => None,
    };
    RuleError::new(
        span_of(words),
        format!("unknown unit `{}`", join(words)),
        Some(hint.unwrap_or_else(|| {
            "use days, weeks, months, calendar days, business days or working days".into()
        })),
    )
}

/// `id.suffix` where the suffix looks like a mistaken `.start`/`.due`; `None`
/// when the dot is simply part of the id (`v1.2-upgrade`).
pub fn bad_suffix(t: &Tok, id: &str, suffix: &str) -> Option<RuleError> {
    let fix = match suffix {
        "ends" | "finish" | "done" | "deadline" | "date" | "complete" | "completed" => "due",
        "begin" | "begins" | "started" | "starts" | "beginning" => "start",
        s if s.chars().count() >= 4 && suggest::distance(s, "start") <= 2 => "start",
        _ => return None,
    };
    let message = format!("`.{suffix}` is not a task date");
    let hint = if ["start", "due"]
        .iter()
        .any(|w| suggest::distance(suffix, w) <= 2)
    {
        format!("did you mean `{id}.{fix}`?")
    } else {
        format!("write `{id}.{fix}` (a task has `.start` and `.due`)")
    };
    Some(RuleError::new(t.span, message, Some(hint)))
}
