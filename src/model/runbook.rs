//! The cutover runbook and its rehearsals (`runbooks:`, `rehearsals:`,
//! plan-format v2) as typed structs, and the step duration text
//! (`30m`, `2h`, `1h30m`, `1d`) -> minutes.
//!
//! Times are not computed here (see `schedule/runbook.rs`); this is what
//! the YAML says, with positions for diagnostics.

use serde::{Deserialize, Serialize};

use super::spanned::{OneOrMany, OrderedMap, Sp, each_at};
use super::types::{Date, StepKind, Version};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Runbook {
    pub id: Sp<String>,
    pub title: Sp<String>,
    /// A when-rule, usually with `at HH:MM` (local wall-clock time).
    pub start: Sp<String>,
    pub steps: Vec<Step>,
    /// Run if a gate decides no-go.
    #[serde(default)]
    pub rollback: Vec<Step>,
    pub notes: Option<Sp<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: Sp<String>,
    pub title: Sp<String>,
    pub owner: Option<Sp<String>>,
    /// `Nm`, `Nh`, `Nd` or combined (`1h30m`): elapsed time.
    pub duration: Sp<String>,
    pub after: Option<Sp<OneOrMany<Sp<String>>>>,
    /// A when-rule with `at HH:MM`: the step waits until then.
    pub not_before: Option<Sp<String>>,
    pub kind: Option<Sp<StepKind>>,
    /// Stakeholder ids (gates only).
    #[serde(default)]
    pub deciders: Vec<Sp<String>>,
    #[serde(default)]
    pub criteria: Vec<Sp<String>>,
    pub notes: Option<Sp<String>>,
}

impl Step {
    pub fn kind(&self) -> StepKind {
        self.kind.as_ref().map_or(StepKind::Step, |k| k.value)
    }

    /// The ids in `after`, each with its own position (a lone scalar takes
    /// the key's), or `None` when `after` is not written.
    pub fn after_ids(&self) -> Option<Vec<Sp<String>>> {
        let list = self.after.as_ref()?;
        Some(each_at(&list.value.0, list.pos))
    }

    /// The planned duration in minutes (0 when unreadable: validation
    /// reports it, and no schedule is handed out with errors).
    pub fn minutes(&self) -> i64 {
        parse_duration(&self.duration.value).unwrap_or(0)
    }
}

impl Runbook {
    /// Every step, then every rollback step.
    pub fn all_steps(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().chain(&self.rollback)
    }
}

impl super::Plan {
    /// Every gate of every runbook with its deciders (stakeholder ids), in
    /// the order written: who may record a go / no-go decision.
    pub fn gates(&self) -> Vec<(&Sp<String>, &[Sp<String>])> {
        self.runbooks
            .iter()
            .flat_map(|rb| rb.all_steps())
            .filter(|s| s.kind() == StepKind::Gate)
            .map(|s| (&s.id, s.deciders.as_slice()))
            .collect()
    }

    /// The runbook step (or rollback step) with this id, and its runbook.
    pub fn step(&self, id: &str) -> Option<(&Runbook, &Step)> {
        self.runbooks
            .iter()
            .find_map(|rb| rb.all_steps().find(|s| s.id.value == id).map(|s| (rb, s)))
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rehearsal {
    pub runbook: Sp<String>,
    /// The plan version that was rehearsed.
    pub version: Sp<Version>,
    pub date: Sp<Date>,
    /// Free text, or the id of a `role: test` inventory entry.
    pub environment: Option<Sp<String>>,
    /// Measured durations, per step id.
    #[serde(default)]
    pub durations: OrderedMap<Sp<String>, Sp<String>>,
    pub notes: Option<Sp<String>>,
}

/// The longest step accepted: a year. More is a typo, and the cap keeps
/// time arithmetic far from overflow.
pub const MAX_MINUTES: i64 = 365 * 24 * 60;

/// `30m`, `2h`, `1h30m`, `1d`, `1d2h` -> minutes; `Err` says why not.
/// Units in the order d, h, m, each at most once.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let usage = || {
        format!(
            "`{t}` is not a duration: write minutes, hours or days, e.g. `30m`, `2h`, `1h30m`, `1d`"
        )
    };
    if t.is_empty() {
        return Err(usage());
    }
    let mut total: i64 = 0;
    let mut digits = String::new();
    let mut last_rank = 0; // d = 1, h = 2, m = 3: descending units only
    for c in t.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let (rank, per) = match c.to_ascii_lowercase() {
            'd' => (1, 24 * 60),
            'h' => (2, 60),
            'm' => (3, 1),
            _ => return Err(usage()),
        };
        if digits.is_empty() || rank <= last_rank || digits.len() > 6 {
            return Err(usage());
        }
        let n: i64 = digits.parse().map_err(|_| usage())?;
        total += n * per;
        digits.clear();
        last_rank = rank;
    }
    if !digits.is_empty() {
        return Err(format!(
            "`{t}` has no unit: write `{t}m` for minutes or `{t}h` for hours"
        ));
    }
    if total > MAX_MINUTES {
        return Err(format!(
            "`{t}` is longer than a year: a runbook step is hours, not months"
        ));
    }
    Ok(total)
}

/// Minutes as the plan writes them: `1h30m`, `45m`, `1d`.
pub fn fmt_minutes(m: i64) -> String {
    let (d, h, min) = (m / (24 * 60), m / 60 % 24, m % 60);
    let mut s = String::new();
    if d > 0 {
        s.push_str(&format!("{d}d"));
    }
    if h > 0 {
        s.push_str(&format!("{h}h"));
    }
    if min > 0 || s.is_empty() {
        s.push_str(&format!("{min}m"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_and_print() {
        for (text, min) in [
            ("30m", 30),
            ("2h", 120),
            ("1h30m", 90),
            ("1d", 1440),
            ("1d2h", 1560),
            (" 15m ", 15),
            ("0m", 0),
        ] {
            assert_eq!(parse_duration(text), Ok(min), "{text}");
        }
        for bad in ["", "30", "h", "30m1h", "1h1h", "2 h", "1.5h", "2w", "400d"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert!(parse_duration("30").unwrap_err().contains("`30m`"));
        assert_eq!(fmt_minutes(90), "1h30m");
        assert_eq!(fmt_minutes(1440), "1d");
        assert_eq!(fmt_minutes(0), "0m");
    }
}
