//! A due phrase from a process table -> our when-rule, or `during` a task,
//! or nothing (the phrase is kept as it was, in the task's notes). Pure.
//!
//! "No less than 8 weeks prior to planned migration date" -> `8 weeks
//! before migration`; "2 days prior to scheduled test conversion" -> `2
//! days before test-conversion`; "Project start" -> `project-start`;
//! "Start no less than 1 week prior to ..." -> a start rule;
//! "During hardware installation" -> during that task.

/// What a due phrase says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// `due: <rule>`.
    Rule(String),
    /// `start: <rule>`; the due date is not given ("Start no less than 1
    /// week prior to planned migration date").
    Start(String),
    /// `during: <task>`: the words after "during", to be matched with a
    /// task's title ("hardware installation").
    During(String),
}

/// Milestones every migration plan has (the example's), for a project
/// whose own milestones cannot be read.
pub const USUAL_ANCHORS: &[&str] = &["project-start", "migration", "test-conversion", "go-live"];

/// Converts one phrase; `None` when it is not understood. An anchor must
/// be one of `anchors` (milestone or task ids): "ASAP" is not a milestone.
pub fn convert(phrase: &str, anchors: &[String]) -> Option<Due> {
    let due = parse(phrase)?;
    let rule = match &due {
        Due::Rule(r) | Due::Start(r) => r,
        Due::During(_) => return Some(due),
    };
    let anchor = rule.rsplit(' ').next().unwrap_or("");
    anchors.iter().any(|a| a == anchor).then_some(due)
}

fn parse(phrase: &str) -> Option<Due> {
    let text = normalise(phrase);
    if text.is_empty() {
        return None;
    }
    if let Some(rest) = text.strip_prefix("during ") {
        return Some(Due::During(rest.trim().to_string()));
    }
    if let Some(rest) = text.strip_prefix("start ") {
        return rule(rest).map(Due::Start);
    }
    rule(&text).map(Due::Rule)
}

/// Lower case, single spaces, dashes and punctuation that carry no meaning
/// dropped.
fn normalise(s: &str) -> String {
    s.to_lowercase()
        .replace(['–', '—'], "-")
        .chars()
        .map(|c| {
            if matches!(c, '.' | ',' | ';' | '(' | ')') {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// "no less than 8 weeks prior to planned migration date" -> `8 weeks
/// before migration`; "project start" -> `project-start`.
fn rule(text: &str) -> Option<String> {
    let mut t = text.trim();
    for lead in [
        "no less than ",
        "no later than ",
        "at least ",
        "by ",
        "at ",
        "on ",
    ] {
        if let Some(rest) = t.strip_prefix(lead) {
            t = rest;
        }
    }
    let words: Vec<&str> = t.split(' ').collect();
    // N unit before|after anchor
    if let Some(n) = words.first().and_then(|w| number(w)) {
        let (unit, rest) = unit(&words[1..])?;
        let (direction, rest) = direction(rest)?;
        let anchor = anchor(rest)?;
        let unit = if n == 1 {
            unit.to_string()
        } else {
            format!("{unit}s")
        };
        return Some(format!("{n} {unit} {direction} {anchor}"));
    }
    // A bare anchor: "project start", "migration date", "go-live".
    anchor(&words)
}

fn number(w: &str) -> Option<u32> {
    const WORDS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    w.parse()
        .ok()
        .or_else(|| WORDS.iter().position(|x| *x == w).map(|i| i as u32 + 1))
}

/// The unit (singular, as our rules write it) and the words after it.
fn unit<'a>(words: &'a [&'a str]) -> Option<(&'static str, &'a [&'a str])> {
    let singular = |w: &str| w.strip_suffix('s').unwrap_or(w).to_string();
    let raw = *words.first()?;
    // "business" ends in s but is not a plural.
    let first = if raw == "business" {
        raw.to_string()
    } else {
        singular(raw)
    };
    match first.as_str() {
        "business" | "working" if words.get(1).is_some_and(|w| singular(w) == "day") => {
            Some(("business day", &words[2..]))
        }
        "calendar" if words.get(1).is_some_and(|w| singular(w) == "day") => {
            Some(("day", &words[2..]))
        }
        "day" => Some(("day", &words[1..])),
        "week" => Some(("week", &words[1..])),
        "month" => Some(("month", &words[1..])),
        _ => None,
    }
}

fn direction<'a>(words: &'a [&'a str]) -> Option<(&'static str, &'a [&'a str])> {
    match words {
        ["prior", "to", rest @ ..] | ["before", rest @ ..] | ["ahead", "of", rest @ ..] => {
            Some(("before", rest))
        }
        ["after", rest @ ..] | ["following", rest @ ..] | ["past", rest @ ..] => {
            Some(("after", rest))
        }
        _ => None,
    }
}

/// The milestone an anchor phrase names, as an id: "planned migration
/// date" -> `migration`, "scheduled test conversion" -> `test-conversion`,
/// "go live" -> `go-live`.
fn anchor(words: &[&str]) -> Option<String> {
    let kept: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !matches!(*w, "the" | "planned" | "scheduled" | "date" | "day" | "of"))
        .collect();
    let id = crate::render::slug(&kept.join(" "));
    match id.as_str() {
        "" | "plan" => None,
        "golive" => Some("go-live".into()),
        _ if id.split('-').count() > 3 => None,
        _ => Some(id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn due(s: &str) -> Option<Due> {
        let anchors: Vec<String> = USUAL_ANCHORS.iter().map(|s| s.to_string()).collect();
        convert(s, &anchors)
    }

    #[test]
    fn seed_phrases() {
        let cases = [
            (
                "No less than 8 weeks prior to planned migration date",
                Due::Rule("8 weeks before migration".into()),
            ),
            (
                "No less than 1 week prior to planned migration date",
                Due::Rule("1 week before migration".into()),
            ),
            (
                "No less than 2 days prior to scheduled test conversion",
                Due::Rule("2 days before test-conversion".into()),
            ),
            (
                "2 days prior to scheduled test conversion",
                Due::Rule("2 days before test-conversion".into()),
            ),
            (
                "No less than 1 day prior to planned migration date",
                Due::Rule("1 day before migration".into()),
            ),
            ("Project start", Due::Rule("project-start".into())),
            ("Migration date", Due::Rule("migration".into())),
            ("Go-live", Due::Rule("go-live".into())),
            ("Go live", Due::Rule("go-live".into())),
            (
                "Start no less than 1 week prior to planned migration date",
                Due::Start("1 week before migration".into()),
            ),
            (
                "During hardware installation",
                Due::During("hardware installation".into()),
            ),
            (
                "3 business days after go-live",
                Due::Rule("3 business days after go-live".into()),
            ),
            (
                "At least two weeks before the migration",
                Due::Rule("2 weeks before migration".into()),
            ),
            (
                "1 month after go-live",
                Due::Rule("1 month after go-live".into()),
            ),
        ];
        for (phrase, want) in cases {
            assert_eq!(due(phrase), Some(want), "{phrase}");
        }
    }

    #[test]
    fn not_understood() {
        for phrase in [
            "",
            "ASAP",
            "When the practice manager agrees to a date with the vendor and the bank",
            "8 fortnights before migration",
            "8 weeks around migration",
            "2 weeks before kickoff",
        ] {
            assert_eq!(due(phrase), None, "{phrase}");
        }
    }
}
