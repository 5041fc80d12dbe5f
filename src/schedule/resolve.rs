//! The date graph + the working calendar -> a date and its explanation for
//! every node, in dependency order; cycles and calendar failures reported.
//!
//! A node whose anchor failed fails silently: the root cause has its own
//! diagnostic, and one mistake should not bury the report in echoes.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::calendar::{CalError, Calendar};
use super::graph;
use super::nodes::{Graph, Layout, Node, Spec, inner_pos};
use super::rule::{Base, Dir, Field, Rule};
use super::{Computed, fmt_date};
use crate::diag::Diagnostic;
use crate::model::{Plan, Sp};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    Date(Computed),
    /// A task without a start.
    Absent,
    Failed,
}

/// Every node's value, with the freeze windows' times of day.
pub struct Dates {
    pub layout: Layout,
    pub vals: Vec<Val>,
    pub times: Vec<Option<NaiveTime>>,
}

impl Dates {
    pub fn get(&self, node: Node) -> Option<&Computed> {
        match self.vals.get(self.layout.index(node)) {
            Some(Val::Date(c)) => Some(c),
            _ => None,
        }
    }

    /// A freeze window's start or end as a date and time (00:00 without
    /// `at HH:MM`).
    pub fn at(&self, node: Node) -> Option<NaiveDateTime> {
        let date = self.get(node)?.date;
        let time = self.times.get(self.layout.index(node)).copied().flatten();
        Some(date.and_time(time.unwrap_or(NaiveTime::MIN)))
    }
}

pub fn resolve(plan: &Plan, g: &Graph, cal: &Calendar, diags: &mut Vec<Diagnostic>) -> Dates {
    let n = g.layout.len();
    let mut r = Resolver {
        plan,
        g,
        cal,
        diags,
        vals: vec![Val::Failed; n],
        told_no_workdays: false,
    };
    let dep = |v: usize| g.specs.get(v).and_then(Spec::dep);
    for comp in graph::components(n, dep) {
        match (graph::cycle(&comp, dep), comp.as_slice()) {
            (None, [v]) => r.vals[*v] = r.compute(*v),
            (Some(cycle), _) => r.report_cycle(&cycle),
            // A component of several nodes always holds a cycle.
            (None, _) => {}
        }
    }
    let times = g
        .specs
        .iter()
        .map(|s| match s {
            Spec::Rule { rule, .. } => rule.time,
            _ => None,
        })
        .collect();
    let mut dates = Dates {
        layout: g.layout,
        vals: r.vals,
        times,
    };
    explain_during(plan, g, &mut dates);
    dates
}

struct Resolver<'a, 'p> {
    plan: &'p Plan,
    g: &'a Graph<'p>,
    cal: &'a Calendar,
    diags: &'a mut Vec<Diagnostic>,
    vals: Vec<Val>,
    told_no_workdays: bool,
}

impl Resolver<'_, '_> {
    fn compute(&mut self, v: usize) -> Val {
        let (src, rule, dep) = match &self.g.specs[v] {
            Spec::Absent => return Val::Absent,
            Spec::Failed => return Val::Failed,
            Spec::During { dep, .. } => return self.vals[*dep].clone(),
            Spec::Rule { src, rule, dep } => (*src, rule, *dep),
        };
        let anchor = match dep {
            None => None,
            Some((d, field)) => match &self.vals[d] {
                Val::Date(c) => Some((self.label(d, field), c.date)),
                Val::Absent => {
                    self.report_no_start(src, rule, d);
                    return Val::Failed;
                }
                Val::Failed => return Val::Failed,
            },
        };
        let base = match (&anchor, &rule.anchor.base) {
            (Some((_, date)), _) => *date,
            (None, Base::Date(date)) => *date,
            (None, Base::Id { .. }) => return Val::Failed,
        };
        let moves = matches!(self.g.layout.node(v), Node::Start(_) | Node::Due(_));
        match apply(self.cal, rule, base, anchor.map(|a| a.0), moves) {
            Ok(c) => Val::Date(c),
            Err(e) => {
                self.report_calendar(src, e);
                Val::Failed
            }
        }
    }

    /// How a node is named in explanations and cycles.
    fn label(&self, v: usize, field: Field) -> String {
        let task = |i: usize| self.plan.tasks[i].id.value.as_str();
        match (self.g.layout.node(v), field) {
            (Node::Milestone(i), _) => self.plan.milestones[i].0.value.clone(),
            (Node::Start(i), _) => format!("{}.start", task(i)),
            (Node::Due(i), Field::Due) => format!("{}.due", task(i)),
            (Node::Due(i), _) => task(i).to_string(),
            (Node::FreezeStart(i), _) => format!("freeze:{}.start", self.plan.freeze[i].name.value),
            (Node::FreezeEnd(i), _) => format!("freeze:{}.end", self.plan.freeze[i].name.value),
            (Node::Timed(_), _) => "a runbook time".to_string(),
        }
    }

    fn report_no_start(&mut self, src: &Sp<String>, rule: &Rule, d: usize) {
        let Node::Start(t) = self.g.layout.node(d) else {
            return;
        };
        let task = &self.plan.tasks[t];
        let id = &task.id.value;
        let hint = match &self.g.specs[d] {
            Spec::During { task: of, .. } => format!(
                "`{id}` is during `{}`, which has no start: use `{id}` (its due date) or give `{}` a `start:`",
                self.plan.tasks[*of].id.value, self.plan.tasks[*of].id.value
            ),
            _ => format!("give `{id}` a `start:`, or use `{id}` for its due date"),
        };
        let pos = inner_pos(src, rule.anchor.span);
        self.diags
            .push(Diagnostic::error(pos, format!("task `{id}` has no start date")).with_hint(hint));
    }

    fn report_calendar(&mut self, src: &Sp<String>, e: CalError) {
        match e {
            CalError::OutOfRange => self.diags.push(
                Diagnostic::error(
                    src.pos,
                    format!(
                        "`{}` gives a date beyond the calendar (plans use dates from {}-01-01 to {}-12-31)",
                        src.value.trim(),
                        crate::model::FIRST_YEAR,
                        crate::model::LAST_YEAR
                    ),
                )
                .with_hint("check the offsets along this chain of dates"),
            ),
            CalError::NoWorkdays if !self.told_no_workdays => {
                self.told_no_workdays = true;
                let at = self
                    .plan
                    .calendar
                    .workdays
                    .as_ref()
                    .map_or(src.pos, |w| w.pos);
                self.diags.push(
                    Diagnostic::error(at, "the calendar has no workdays, so no date can be counted in or moved to working days")
                        .with_hint("list the working days in `calendar.workdays`, e.g. `[mon, tue, wed, thu, fri]`")
                        .with_note(Some(src.pos), format!("`{}` needs a working day", src.value.trim())),
                );
            }
            CalError::NoWorkdays => {}
        }
    }

    fn report_cycle(&mut self, cycle: &[usize]) {
        // `during` links make a cycle of starts and the same one of dues;
        // report it once, as dues.
        let starts_only = cycle.iter().all(|&v| {
            matches!(
                (self.g.layout.node(v), &self.g.specs[v]),
                (Node::Start(_), Spec::During { .. })
            )
        });
        if starts_only {
            return;
        }
        let names: Vec<String> = cycle
            .iter()
            .map(|&v| self.label(v, Field::Default))
            .collect();
        let first = cycle.first().and_then(|&v| self.g.specs[v].src());
        let (Some(first), Some(name)) = (first, names.first()) else {
            return;
        };
        let mut d = Diagnostic::error(
            first.pos,
            format!(
                "these dates depend on each other in a cycle: {} -> {name}",
                names.join(" -> ")
            ),
        )
        .with_hint("anchor one of them on a milestone or a fixed date");
        for &v in cycle {
            if let Some(src) = self.g.specs[v].src() {
                d = d.with_note(Some(src.pos), self.describe(v, src));
            }
        }
        self.diags.push(d);
    }

    /// "`a` is due `2 days before b`", for the notes of a cycle.
    fn describe(&self, v: usize, src: &Sp<String>) -> String {
        let text = src.value.trim();
        let task = |i: usize| self.plan.tasks[i].id.value.as_str();
        match (self.g.layout.node(v), &self.g.specs[v]) {
            (Node::Start(i) | Node::Due(i), Spec::During { .. }) => {
                format!("`{}` is during `{text}`", task(i))
            }
            (Node::Milestone(i), _) => format!(
                "milestone `{}` is `{text}`",
                self.plan.milestones[i].0.value
            ),
            (Node::Start(i), _) => format!("`{}` starts `{text}`", task(i)),
            (Node::Due(i), _) => format!("`{}` is due `{text}`", task(i)),
            (Node::FreezeStart(i), _) => format!(
                "freeze window `{}` starts `{text}`",
                self.plan.freeze[i].name.value
            ),
            (Node::FreezeEnd(i), _) => format!(
                "freeze window `{}` ends `{text}`",
                self.plan.freeze[i].name.value
            ),
            (Node::Timed(_), _) => format!("a runbook time is `{text}`"),
        }
    }
}

/// A rule's date from its base date, with the explanation. `label` names
/// the anchor (none for a written date); `moves` is true for task dates,
/// which a calendar offset may not leave on a non-working day.
pub fn apply(
    cal: &Calendar,
    rule: &Rule,
    base: NaiveDate,
    label: Option<String>,
    moves: bool,
) -> Result<Computed, CalError> {
    let from = match &label {
        Some(l) => format!("{l} ({})", fmt_date(base)),
        None => fmt_date(base),
    };
    let Some(o) = rule.offset else {
        let explanation = match label {
            Some(_) => format!("same day as {from}"),
            None => format!("fixed date {from}"),
        };
        return Ok(with_time(
            Computed {
                date: base,
                explanation,
            },
            rule.time,
        ));
    };
    let raw = cal.shift(base, o.n, o.unit, o.dir)?;
    let mut explanation = format!(
        "{} {} {} {from} = {}",
        o.n,
        o.unit.name(o.n),
        o.dir.word(),
        fmt_date(raw)
    );
    let mut date = raw;
    if moves && !o.unit.is_business() && !cal.is_working(raw) {
        date = cal.to_working_day(raw, o.dir)?;
        let holiday = if cal.is_holiday(raw) {
            " a holiday,"
        } else {
            ""
        };
        let which = match o.dir {
            Dir::Before => "previous",
            Dir::After => "next",
        };
        explanation += &format!(
            ",{holiday} moved to the {which} working day ({})",
            fmt_date(date)
        );
    }
    Ok(with_time(Computed { date, explanation }, rule.time))
}

fn with_time(mut c: Computed, time: Option<NaiveTime>) -> Computed {
    if let Some(t) = time {
        c.explanation += &format!(" at {}", t.format("%H:%M"));
    }
    c
}

/// A `during` task's dates read "during T: start to due".
fn explain_during(plan: &Plan, g: &Graph, dates: &mut Dates) {
    for i in 0..plan.tasks.len() {
        let due_at = g.layout.index(Node::Due(i));
        let Some(Spec::During { task: of, .. }) = g.specs.get(due_at) else {
            continue;
        };
        let of = &plan.tasks[*of].id.value;
        let start = dates.get(Node::Start(i)).map(|c| c.date);
        let Some(due) = dates.get(Node::Due(i)).map(|c| c.date) else {
            continue;
        };
        let explanation = match start {
            Some(s) => format!("during {of}: {} to {}", fmt_date(s), fmt_date(due)),
            None => format!("during {of} (due {})", fmt_date(due)),
        };
        for node in [Node::Start(i), Node::Due(i)] {
            if let Some(Val::Date(c)) = dates.vals.get_mut(g.layout.index(node)) {
                c.explanation.clone_from(&explanation);
            }
        }
    }
}
