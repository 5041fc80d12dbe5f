//! The date graph + the working calendar (+ the plan's time zone, for
//! runbooks) -> a date and its explanation for every node, and the start
//! and end instants of every runbook step, in dependency order; cycles,
//! calendar failures and wall-clock times the clocks skip reported.
//!
//! A node whose anchor failed fails silently: the root cause has its own
//! diagnostic, and one mistake should not bury the report in echoes.
//!
//! An anchor on a step or runbook gives a date rule the step's *local*
//! date (its start for `.start`, else its end). A rule that takes a time
//! (freeze windows, runbook `start`, `not_before`) and has no `at HH:MM`
//! also takes the anchor's local time of day, so `not_before: convert.end`
//! means the minute `convert` ends.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use super::calendar::{CalError, Calendar};
use super::graph;
use super::nodes::{Graph, Layout, Node, Spec, inner_pos};
use super::rule::{Base, Dir, Field, Rule};
use super::runbook::{self, Nonexistent};
use super::{Computed, fmt_date};
use crate::diag::Diagnostic;
use crate::model::{Plan, Sp};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    Date(Computed),
    /// A runbook step or a runbook's end: start and end instants, and
    /// whether a step waited for its `not_before`.
    Instants {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        waited: bool,
    },
    /// A task without a start.
    Absent,
    Failed,
}

/// Every node's value, with the times of day of the rules that have one.
pub struct Dates {
    pub layout: Layout,
    pub vals: Vec<Val>,
    pub times: Vec<Option<NaiveTime>>,
}

/// A step's computed instants, as [`Dates::step`] gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepInstants {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub waited: bool,
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

    /// A step's (or a runbook end's) instants.
    pub fn step(&self, node: Node) -> Option<StepInstants> {
        match self.vals.get(self.layout.index(node)) {
            Some(&Val::Instants { start, end, waited }) => {
                Some(StepInstants { start, end, waited })
            }
            _ => None,
        }
    }
}

/// `tz` is the plan's time zone (none: runbook steps are not timed, and the
/// missing zone is reported by the caller).
pub fn resolve(
    plan: &Plan,
    g: &Graph,
    cal: &Calendar,
    tz: Option<Tz>,
    diags: &mut Vec<Diagnostic>,
) -> Dates {
    let n = g.layout.len();
    let mut r = Resolver {
        plan,
        g,
        cal,
        tz,
        diags,
        vals: vec![Val::Failed; n],
        times: vec![None; n],
        told_no_workdays: false,
    };
    let deps = |v: usize| g.specs.get(v).into_iter().flat_map(Spec::deps);
    for comp in graph::components(n, deps) {
        match (graph::cycle(&comp, deps), comp.as_slice()) {
            (None, [v]) => r.vals[*v] = r.compute(*v),
            (Some(cycle), _) => r.report_cycle(&cycle),
            // A component of several nodes always holds a cycle.
            (None, _) => {}
        }
    }
    let mut dates = Dates {
        layout: g.layout,
        vals: r.vals,
        times: r.times,
    };
    explain_during(plan, g, &mut dates);
    dates
}

struct Resolver<'a, 'p> {
    plan: &'p Plan,
    g: &'a Graph<'p>,
    cal: &'a Calendar,
    tz: Option<Tz>,
    diags: &'a mut Vec<Diagnostic>,
    vals: Vec<Val>,
    times: Vec<Option<NaiveTime>>,
    told_no_workdays: bool,
}

impl Resolver<'_, '_> {
    fn compute(&mut self, v: usize) -> Val {
        let (src, rule, dep) = match &self.g.specs[v] {
            Spec::Absent => return Val::Absent,
            Spec::Failed => return Val::Failed,
            Spec::During { dep, .. } => return self.vals[*dep].clone(),
            Spec::Step {
                start,
                after,
                not_before,
                minutes,
                ..
            } => return self.step(*start, after, *not_before, *minutes),
            Spec::RunbookEnd { deps, .. } => return self.runbook_end(deps),
            Spec::Rule { src, rule, dep } => (*src, rule, *dep),
        };
        let node = self.g.layout.node(v);
        let takes_time = matches!(
            node,
            Node::FreezeStart(_) | Node::FreezeEnd(_) | Node::Timed(_)
        );
        // (label, local date, local time of day when the anchor has one,
        // whether the label shows it)
        let anchor = match dep {
            None => None,
            Some((d, field)) => match &self.vals[d] {
                Val::Date(c) => Some((self.label(d, field), c.date, self.times[d], false)),
                &Val::Instants { start, end, .. } => {
                    let at = if field == Field::Start { start } else { end };
                    let local = self.local(at);
                    Some((self.label(d, field), local.date(), Some(local.time()), true))
                }
                Val::Absent => {
                    self.report_no_start(src, rule, d);
                    return Val::Failed;
                }
                Val::Failed => return Val::Failed,
            },
        };
        let base = match (&anchor, &rule.anchor.base) {
            (Some((_, date, _, _)), _) => *date,
            (None, Base::Date(date)) => *date,
            (None, Base::Id { .. }) => return Val::Failed,
        };
        let carried = anchor.as_ref().and_then(|a| a.2).filter(|_| takes_time);
        let moves = matches!(node, Node::Start(_) | Node::Due(_));
        let label = anchor.map(|(l, _, t, shown)| (l, t.filter(|_| shown)));
        let mut c = match apply(self.cal, rule, base, label, moves) {
            Ok(c) => c,
            Err(e) => {
                self.report_calendar(src, e);
                return Val::Failed;
            }
        };
        let time = match (rule.time, carried) {
            (Some(t), _) => Some(t),
            (None, Some(t)) => {
                // "same day as x (Sat 30 Oct 2027 20:00)" says the time already.
                if rule.offset.is_some() {
                    c = with_time(c, Some(t));
                }
                Some(t)
            }
            (None, None) => None,
        };
        self.times[v] = time;
        if let (Node::Timed(_), Some(tz)) = (node, self.tz) {
            let local = c.date.and_time(time.unwrap_or(NaiveTime::MIN));
            if let Err(Nonexistent(t)) = runbook::to_instant(tz, local) {
                self.report_nonexistent(src, tz, t);
                return Val::Failed;
            }
        }
        Val::Date(c)
    }

    /// The instant of a runbook rule (`Node::Timed`) already computed.
    fn instant(&self, v: usize) -> Option<DateTime<Utc>> {
        let Val::Date(c) = &self.vals[v] else {
            return None;
        };
        let local = c.date.and_time(self.times[v].unwrap_or(NaiveTime::MIN));
        runbook::to_instant(self.tz?, local).ok()
    }

    fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        self.tz.map_or(t.naive_utc(), |tz| runbook::to_local(tz, t))
    }

    /// A planned step's times, by the same arithmetic as the whole runbook
    /// (`runbook::step`).
    fn step(&self, start: usize, after: &[usize], not_before: Option<usize>, minutes: i64) -> Val {
        let Some(begin) = self.instant(start) else {
            return Val::Failed;
        };
        let not_before = match not_before {
            Some(nb) => match self.instant(nb) {
                Some(t) => Some(t),
                None => return Val::Failed,
            },
            None => None,
        };
        let mut ends = Vec::with_capacity(after.len());
        for &a in after {
            match &self.vals[a] {
                Val::Instants { end, .. } => ends.push(*end),
                _ => return Val::Failed,
            }
        }
        let out = runbook::step(begin, ends, not_before, minutes);
        Val::Instants {
            start: out.start,
            end: out.end,
            waited: out.waited,
        }
    }

    /// A runbook's start and the latest end of its steps.
    fn runbook_end(&self, deps: &[usize]) -> Val {
        let Some((&start, steps)) = deps.split_first() else {
            return Val::Failed;
        };
        let Some(start) = self.instant(start) else {
            return Val::Failed;
        };
        let mut end = start;
        for &s in steps {
            match &self.vals[s] {
                Val::Instants { end: e, .. } => end = end.max(*e),
                _ => return Val::Failed,
            }
        }
        Val::Instants {
            start,
            end,
            waited: false,
        }
    }

    /// A wall-clock time the clocks skip, at the rule that gave it.
    fn report_nonexistent(&mut self, src: &Sp<String>, tz: Tz, t: NaiveDateTime) {
        self.diags.push(
            Diagnostic::error(
                src.pos,
                format!(
                    "`{}` is {} on {}, a time that does not exist in {}: the clocks skip it that night",
                    src.value.trim(),
                    t.format("%H:%M"),
                    fmt_date(t.date()),
                    tz.name()
                ),
            )
            .with_hint("pick a time an hour later, or one before the clocks change"),
        );
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
            (Node::Timed(k), _) => self.timed_label(k),
            (Node::Step(i), field) => {
                let id = self.step_id(i);
                match field {
                    Field::Start => format!("{id}.start"),
                    Field::End => format!("{id}.end"),
                    _ => id.to_string(),
                }
            }
            (Node::RunbookEnd(r), Field::End) => format!("{}.end", self.plan.runbooks[r].id.value),
            (Node::RunbookEnd(r), _) => self.plan.runbooks[r].id.value.clone(),
        }
    }

    /// `cutover.start` for a runbook's start, `convert.not_before` for a
    /// step's.
    fn timed_label(&self, k: usize) -> String {
        for (r, nodes) in self.g.runbooks.iter().enumerate() {
            let rb = &self.plan.runbooks[r];
            if nodes.start == k {
                return format!("{}.start", rb.id.value);
            }
            let step = nodes.not_before.iter().position(|&n| n == Some(k));
            if let Some(s) = step.and_then(|i| rb.all_steps().nth(i)) {
                return format!("{}.not_before", s.id.value);
            }
        }
        "a runbook time".to_string()
    }

    /// The id of planned step `i` (numbered across runbooks).
    fn step_id(&self, i: usize) -> &str {
        for (r, nodes) in self.g.runbooks.iter().enumerate() {
            if (nodes.first_step..nodes.first_step + nodes.steps).contains(&i) {
                return &self.plan.runbooks[r].steps[i - nodes.first_step].id.value;
            }
        }
        ""
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
        // Reported at the first written rule of the cycle (a step or a
        // runbook end is no rule of its own).
        let first = cycle
            .iter()
            .find_map(|&v| self.g.specs[v].src())
            .map(|s| s.pos)
            .or_else(|| cycle.first().and_then(|&v| self.g.specs[v].pos()));
        let (Some(first), Some(name)) = (first, names.first()) else {
            return;
        };
        let mut d = Diagnostic::error(
            first,
            format!(
                "these dates depend on each other in a cycle: {} -> {name}",
                names.join(" -> ")
            ),
        )
        .with_hint("anchor one of them on a milestone or a fixed date");
        for (k, &v) in cycle.iter().enumerate() {
            let next = cycle[(k + 1) % cycle.len()];
            if let Some(src) = self.g.specs[v].src() {
                d = d.with_note(Some(src.pos), self.describe(v, src));
            } else if let Some(pos) = self.g.specs[v].pos() {
                d = d.with_note(Some(pos), self.describe_runbook(v, next));
            }
        }
        self.diags.push(d);
    }

    /// The note of a cycle for a step or a runbook end (`next`: the node
    /// of the cycle it depends on).
    fn describe_runbook(&self, v: usize, next: usize) -> String {
        match (self.g.layout.node(v), &self.g.specs[v]) {
            (
                Node::Step(i),
                Spec::Step {
                    runbook,
                    start,
                    not_before,
                    ..
                },
            ) => {
                let id = self.step_id(i);
                if Some(next) == *not_before {
                    format!("step `{id}` waits for its `not_before`")
                } else if next == *start {
                    format!(
                        "step `{id}` starts no earlier than runbook `{}` starts",
                        self.plan.runbooks[*runbook].id.value
                    )
                } else if let Node::Step(j) = self.g.layout.node(next) {
                    format!("step `{id}` starts after step `{}` ends", self.step_id(j))
                } else {
                    format!("step `{id}`")
                }
            }
            (Node::RunbookEnd(r), _) => format!(
                "runbook `{}` ends when its last step ends",
                self.plan.runbooks[r].id.value
            ),
            _ => String::new(),
        }
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
            (Node::Timed(k), _) => {
                let label = self.timed_label(k);
                match label.strip_suffix(".start") {
                    Some(rb) => format!("runbook `{rb}` starts `{text}`"),
                    None => format!("`{label}` is `{text}`"),
                }
            }
            (Node::Step(_) | Node::RunbookEnd(_), _) => String::new(),
        }
    }
}

/// A rule's date from its base date, with the explanation. `label` names
/// the anchor (none for a written date), with its local time for a runbook
/// step or runbook; `moves` is true for task dates, which a calendar offset
/// may not leave on a non-working day.
pub fn apply(
    cal: &Calendar,
    rule: &Rule,
    base: NaiveDate,
    label: Option<(String, Option<NaiveTime>)>,
    moves: bool,
) -> Result<Computed, CalError> {
    let from = match &label {
        Some((l, Some(t))) => format!("{l} ({} {})", fmt_date(base), t.format("%H:%M")),
        Some((l, None)) => format!("{l} ({})", fmt_date(base)),
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
