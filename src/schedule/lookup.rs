//! An anchor written in prose (`{{ date(of="go-live") }}`) + the schedule ->
//! its date, or a message saying why not (with "did you mean").
//!
//! Accepts the anchors of the when-rule language (`milestone`, `task`,
//! `task.start`, `task.due`, and a written `YYYY-MM-DD`) plus
//! `freeze:NAME.start` / `freeze:NAME.end`, and runbook anchors (`step`,
//! `step.start`, `step.end`, `runbook`, `runbook.end`; see `runbooks.rs`). Ids match as in when-rules:
//! exactly, else a unique case-insensitive match. Each call is O(1) (the
//! schedule keeps an id index); only a miss, for its "did you mean", walks
//! every id.

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use super::ids::{self, Target};
use super::rule::{self, Base, Field};
use super::{Computed, Schedule};
use crate::model::Plan;
use crate::suggest;

/// A looked-up date. `time` is set for freeze windows only (00:00 when the
/// rule gave no `at HH:MM`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnchorDate {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    /// How the date was computed, as in [`Computed::explanation`].
    pub explanation: String,
}

impl Schedule {
    /// The date an anchor names. `Err` is a message for the reader of the
    /// plan (the caller adds the file and line).
    pub fn lookup(&self, plan: &Plan, anchor: &str) -> Result<AnchorDate, String> {
        let text = anchor.trim();
        if let Some(rest) = strip_prefix_ci(text, "freeze:") {
            return self.freeze(plan, rest.trim());
        }
        if let Some(found) = self.runbook_anchor(plan, text) {
            return found;
        }
        let toks = rule::tokens(text);
        let [tok] = toks.as_slice() else {
            return Err(format!(
                "`{text}` is not an anchor: write a milestone or task id, `task.start`, `task.due` or `freeze:NAME.start`"
            ));
        };
        let parsed = rule::parse_anchor(tok).map_err(|e| match e.hint {
            Some(h) => format!("{} ({h})", e.message),
            None => e.message,
        })?;
        let (id, field) = match parsed.base {
            Base::Date(date) => {
                return Ok(AnchorDate {
                    date,
                    time: None,
                    explanation: format!("fixed date {}", super::fmt_date(date)),
                });
            }
            Base::Id { id, field } => (id, field),
        };
        let missing = || format!("`{text}` has no computed date");
        // The id as the plan writes it (the index may have matched another case).
        let name = |t: Target| -> String {
            match t {
                Target::Milestone(i) => plan.milestones.get(i).map(|(m, _)| m.value.clone()),
                Target::Task(i) => plan.tasks.get(i).map(|t| t.id.value.clone()),
                Target::Runbook(r) => plan.runbooks.get(r).map(|r| r.id.value.clone()),
                Target::Step(r, i) => plan
                    .runbooks
                    .get(r)
                    .and_then(|rb| rb.all_steps().nth(i))
                    .map(|s| s.id.value.clone()),
            }
            .unwrap_or_else(|| id.clone())
        };
        let computed: &Computed = match (self.index.find(&id), field) {
            (None, _) => {
                let mut msg = ids::unknown_id(plan, &id);
                if let Some(hint) = ids::suggest_id(plan, &id) {
                    msg = format!("{msg}; {hint}");
                }
                return Err(msg);
            }
            (Some(Target::Milestone(i)), Field::Default) => {
                &self.milestones.get(i).ok_or_else(missing)?.when
            }
            // A step or runbook written in another case: as written.
            (Some(t @ (Target::Runbook(_) | Target::Step(..))), field) => {
                let name = name(t);
                let text = match field {
                    Field::Start => format!("{name}.start"),
                    Field::Due => {
                        return Err(format!(
                            "`{name}` is a runbook or step: its times are `.start` and `.end`; write `{name}.end`"
                        ));
                    }
                    _ => format!("{name}.end"),
                };
                return self
                    .runbook_anchor(plan, &text)
                    .unwrap_or_else(|| Err(missing()));
            }
            (Some(t @ Target::Task(_)), Field::End) => {
                let name = name(t);
                return Err(format!(
                    "`.end` is not a task date; did you mean `{name}.due`?"
                ));
            }
            (Some(t @ Target::Milestone(_)), _) => {
                let name = name(t);
                return Err(format!(
                    "`{name}` is a milestone: it has one date, without `.start` or `.due`; write `{name}`"
                ));
            }
            (Some(t @ Target::Task(i)), Field::Start) => {
                let dates = self.tasks.get(i).ok_or_else(missing)?;
                dates.start.as_ref().ok_or_else(|| {
                    let name = name(t);
                    format!("task `{name}` has no start date; use `{name}` for its due date")
                })?
            }
            (Some(Target::Task(i)), _) => &self.tasks.get(i).ok_or_else(missing)?.due,
        };
        Ok(AnchorDate {
            date: computed.date,
            time: None,
            explanation: computed.explanation.clone(),
        })
    }

    /// [`Schedule::lookup`], the date only.
    pub fn anchor_date(&self, plan: &Plan, anchor: &str) -> Result<NaiveDate, String> {
        self.lookup(plan, anchor).map(|a| a.date)
    }

    /// `NAME.start` / `NAME.end` of a freeze window.
    fn freeze(&self, plan: &Plan, rest: &str) -> Result<AnchorDate, String> {
        let usage = || {
            format!(
                "`freeze:{rest}` needs an end: write `freeze:{rest}.start` or `freeze:{rest}.end`"
            )
        };
        let (name, end) = rest.rsplit_once('.').ok_or_else(usage)?;
        let (name, end) = (name.trim(), end.trim().to_lowercase());
        let is_end = match end.as_str() {
            "start" => false,
            "end" => true,
            _ => return Err(usage()),
        };
        let names = || plan.freeze.iter().map(|f| f.name.value.as_str());
        let lower = name.to_lowercase();
        let found = names().position(|n| n == name).or_else(|| {
            let mut folded = names()
                .enumerate()
                .filter(|(_, n)| n.to_lowercase() == lower);
            match (folded.next(), folded.next()) {
                (Some((i, _)), None) => Some(i),
                _ => None,
            }
        });
        let Some(i) = found else {
            let mut msg = format!("no freeze window is named `{name}`");
            if let Some(hint) = suggest::did_you_mean(name, names()) {
                msg = format!("{msg}; {hint}");
            }
            return Err(msg);
        };
        let f = self
            .freezes
            .get(i)
            .ok_or_else(|| format!("freeze window `{name}` has no computed dates"))?;
        let (at, explanation) = if is_end {
            (f.end, &f.end_explanation)
        } else {
            (f.start, &f.start_explanation)
        };
        Ok(AnchorDate {
            date: at.date(),
            time: Some(at.time()),
            explanation: explanation.clone(),
        })
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime};

    use crate::schedule::schedule;
    use crate::schedule::testplan::{TestPlan, as_of};

    #[test]
    fn looks_up_every_anchor_form() {
        let p = TestPlan::new()
            .milestone("migration", "2027-01-16")
            .milestone("go-live", "2 days after migration")
            .task(
                "install-hardware",
                &[("start", "2027-01-04"), ("due", "2027-01-08")],
            )
            .task("no-start", &[("due", "2027-01-11")])
            .freeze(
                "PMS data freeze",
                "1 day before migration at 18:00",
                "go-live at 07:00",
            );
        let (s, diags) = schedule(&p.plan, as_of());
        assert!(diags.is_empty(), "{diags:#?}");
        let s = s.unwrap();
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        let ok = [
            ("go-live", d(2027, 1, 18), None),
            ("  Go-Live ", d(2027, 1, 18), None),
            ("install-hardware", d(2027, 1, 8), None),
            ("install-hardware.due", d(2027, 1, 8), None),
            ("install-hardware.start", d(2027, 1, 4), None),
            ("2027-02-01", d(2027, 2, 1), None),
            ("freeze:PMS data freeze.start", d(2027, 1, 15), t(18, 0)),
            ("freeze:PMS data freeze.end", d(2027, 1, 18), t(7, 0)),
            ("FREEZE:pms data freeze.End", d(2027, 1, 18), t(7, 0)),
        ];
        for (anchor, date, time) in ok {
            let got = s
                .lookup(&p.plan, anchor)
                .unwrap_or_else(|e| panic!("{anchor}: {e}"));
            assert_eq!((got.date, got.time), (date, time), "{anchor}");
        }
        assert_eq!(
            s.lookup(&p.plan, "go-live").unwrap().explanation,
            "2 days after migration (Sat 16 Jan 2027) = Mon 18 Jan 2027"
        );
        assert_eq!(s.anchor_date(&p.plan, "migration"), Ok(d(2027, 1, 16)));

        let errors = [
            (
                "go-liv",
                "no milestone or task has the id `go-liv`; did you mean `go-live`?",
            ),
            (
                "no-start.start",
                "task `no-start` has no start date; use `no-start` for its due date",
            ),
            ("migration.due", "`migration` is a milestone"),
            ("2 days after go-live", "is not an anchor"),
            (
                "freeze:PMS data freez.end",
                "no freeze window is named `PMS data freez`; did you mean `PMS data freeze`?",
            ),
            ("freeze:PMS data freeze", "needs an end"),
            ("freeze:PMS data freeze.middle", "needs an end"),
            ("2027-02-30", "February 2027 has 28 days"),
            ("", "is not an anchor"),
            ("x.end", "no milestone or task has the id `x`"),
        ];
        for (anchor, want) in errors {
            let e = s.lookup(&p.plan, anchor).expect_err(anchor);
            assert!(e.contains(want), "{anchor}: {e}");
        }
    }

    #[test]
    fn a_schedule_for_another_plan_is_an_error_not_a_panic() {
        let p = TestPlan::new()
            .milestone("m", "2027-01-16")
            .task("t", &[("due", "m")]);
        let (s, _) = schedule(&TestPlan::new().plan, as_of());
        let s = s.unwrap();
        assert!(s.lookup(&p.plan, "m").is_err());
        assert!(s.lookup(&p.plan, "t").is_err());
    }
}
