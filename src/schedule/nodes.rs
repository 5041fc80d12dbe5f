//! Plan -> the date graph: one node per date (milestone, task start, task
//! due, freeze start, freeze end, runbook start or step `not_before`), each
//! with its parsed when-rule and the node its anchor names; and one node
//! per runbook step and per runbook end, which depend on several nodes
//! (the runbook's start, the step's `not_before`, the steps it comes
//! after), so that when-rules can anchor on step times and a cycle through
//! a runbook is found like any other. Parse errors and unknown ids are
//! reported here.

use super::ids::{Ids, Target};
use super::rule::{self, Base, Field, Rule, Span};
use super::runbooks::TimedOf;
use crate::diag::{Diagnostic, Pos};
use crate::model::{Plan, Sp};

/// One date of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Milestone(usize),
    Start(usize),
    Due(usize),
    FreezeStart(usize),
    FreezeEnd(usize),
    /// A runbook's `start` or a step's `not_before`, numbered as
    /// `runbooks::timed_rules` lists them.
    Timed(usize),
    /// A planned (not rollback) runbook step, numbered across runbooks in
    /// plan order: its start and end.
    Step(usize),
    /// A runbook's end (its last step's end).
    RunbookEnd(usize),
}

/// Node numbering: milestones, task starts, task dues, freeze starts, freeze
/// ends, timed runbook rules, steps, runbook ends, each block in plan order.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub milestones: usize,
    pub tasks: usize,
    pub freezes: usize,
    pub timed: usize,
    pub steps: usize,
    pub runbooks: usize,
}

impl Layout {
    pub fn len(&self) -> usize {
        self.milestones
            + 2 * self.tasks
            + 2 * self.freezes
            + self.timed
            + self.steps
            + self.runbooks
    }

    pub fn index(&self, node: Node) -> usize {
        let (m, t, f) = (self.milestones, self.tasks, self.freezes);
        match node {
            Node::Milestone(i) => i,
            Node::Start(i) => m + i,
            Node::Due(i) => m + t + i,
            Node::FreezeStart(i) => m + 2 * t + i,
            Node::FreezeEnd(i) => m + 2 * t + f + i,
            Node::Timed(i) => m + 2 * t + 2 * f + i,
            Node::Step(i) => m + 2 * t + 2 * f + self.timed + i,
            Node::RunbookEnd(i) => m + 2 * t + 2 * f + self.timed + self.steps + i,
        }
    }

    pub fn node(&self, v: usize) -> Node {
        let (m, t, f) = (self.milestones, self.tasks, self.freezes);
        match v {
            v if v < m => Node::Milestone(v),
            v if v < m + t => Node::Start(v - m),
            v if v < m + 2 * t => Node::Due(v - m - t),
            v if v < m + 2 * t + f => Node::FreezeStart(v - m - 2 * t),
            v if v < m + 2 * t + 2 * f => Node::FreezeEnd(v - m - 2 * t - f),
            v if v < m + 2 * t + 2 * f + self.timed => Node::Timed(v - m - 2 * t - 2 * f),
            v if v < m + 2 * t + 2 * f + self.timed + self.steps => {
                Node::Step(v - m - 2 * t - 2 * f - self.timed)
            }
            v => Node::RunbookEnd(v - m - 2 * t - 2 * f - self.timed - self.steps),
        }
    }
}

/// How a node gets its date.
#[derive(Debug)]
pub enum Spec<'p> {
    /// A when-rule; `dep` is the anchor's node (none for a written date).
    Rule {
        src: &'p Sp<String>,
        rule: Rule,
        dep: Option<(usize, Field)>,
    },
    /// `during: T`: the same date as T's (start or due) node `dep`.
    During {
        src: &'p Sp<String>,
        task: usize,
        dep: usize,
    },
    /// A planned runbook step: it starts at the latest of its runbook's
    /// start (`start`, a `Timed` node), the end of every step in `after`
    /// (`Step` nodes) and its `not_before` (a `Timed` node).
    Step {
        id: &'p Sp<String>,
        runbook: usize,
        minutes: i64,
        start: usize,
        after: Vec<usize>,
        not_before: Option<usize>,
        /// Every node above, for the graph.
        deps: Vec<usize>,
    },
    /// A runbook's end: the latest end of its steps (`deps`: its start,
    /// then its steps).
    RunbookEnd {
        id: &'p Sp<String>,
        deps: Vec<usize>,
    },
    /// A task without `start`.
    Absent,
    /// Unusable; the reason has been reported.
    Failed,
}

impl Spec<'_> {
    /// The nodes this one depends on.
    pub fn deps(&self) -> impl Iterator<Item = usize> + '_ {
        let (one, many): (Option<usize>, &[usize]) = match self {
            Spec::Rule { dep, .. } => (dep.map(|(d, _)| d), &[]),
            Spec::During { dep, .. } => (Some(*dep), &[]),
            Spec::Step { deps, .. } | Spec::RunbookEnd { deps, .. } => (None, deps),
            Spec::Absent | Spec::Failed => (None, &[]),
        };
        one.into_iter().chain(many.iter().copied())
    }

    /// The when-rule text (or `during` id) that gives this date.
    pub fn src(&self) -> Option<&Sp<String>> {
        match self {
            Spec::Rule { src, .. } | Spec::During { src, .. } => Some(src),
            Spec::Step { .. } | Spec::RunbookEnd { .. } | Spec::Absent | Spec::Failed => None,
        }
    }

    /// Where this date is written: its rule, or a step's or runbook's id.
    pub fn pos(&self) -> Option<Pos> {
        match self {
            Spec::Step { id, .. } | Spec::RunbookEnd { id, .. } => Some(id.pos),
            _ => self.src().map(|s| s.pos),
        }
    }
}

/// Where each runbook's nodes are.
#[derive(Debug, Clone, Default)]
pub struct RunbookNodes {
    /// Its first planned step, as `Node::Step(first_step)`.
    pub first_step: usize,
    /// How many planned steps it has.
    pub steps: usize,
    /// Its `start` rule, as `Node::Timed(start)`.
    pub start: usize,
    /// Per step of `Runbook::all_steps`, its `not_before` rule's `Timed`
    /// number.
    pub not_before: Vec<Option<usize>>,
}

pub struct Graph<'p> {
    pub layout: Layout,
    pub specs: Vec<Spec<'p>>,
    /// Index-aligned with `Plan::runbooks`.
    pub runbooks: Vec<RunbookNodes>,
}

/// The position of `span` inside a rule's scalar. A quoted scalar's
/// position covers its quotes, so the text starts one column later.
pub fn inner_pos(src: &Sp<String>, span: Span) -> Pos {
    let quoted = src.pos.len as usize == src.value.chars().count() + 2;
    src.pos
        .shifted(span.offset + usize::from(quoted), span.len.max(1))
}

pub fn build<'p>(plan: &'p Plan, ids: &Ids<'p>, diags: &mut Vec<Diagnostic>) -> Graph<'p> {
    let timed = super::runbooks::timed_rules(plan);
    let mut runbooks: Vec<RunbookNodes> = plan
        .runbooks
        .iter()
        .map(|rb| RunbookNodes {
            not_before: vec![None; rb.steps.len() + rb.rollback.len()],
            ..Default::default()
        })
        .collect();
    for (k, (_, of)) in timed.iter().enumerate() {
        match *of {
            TimedOf::Start(r) => runbooks[r].start = k,
            TimedOf::NotBefore(r, i) => runbooks[r].not_before[i] = Some(k),
        }
    }
    let mut steps = 0;
    for (nodes, rb) in runbooks.iter_mut().zip(&plan.runbooks) {
        nodes.first_step = steps;
        nodes.steps = rb.steps.len();
        steps += rb.steps.len();
    }
    let layout = Layout {
        milestones: plan.milestones.len(),
        tasks: plan.tasks.len(),
        freezes: plan.freeze.len(),
        timed: timed.len(),
        steps,
        runbooks: plan.runbooks.len(),
    };
    let mut b = Builder {
        ids,
        layout,
        diags,
        runbooks: &runbooks,
    };
    let mut specs = Vec::with_capacity(layout.len());
    for (_, when) in &plan.milestones {
        specs.push(b.rule(when, false));
    }
    let mut dues = Vec::with_capacity(plan.tasks.len());
    for task in &plan.tasks {
        let (start, due) = match &task.during {
            Some(during) => {
                for (field, extra) in [("start", &task.start), ("due", &task.due)] {
                    if let Some(extra) = extra {
                        b.diags.push(
                            Diagnostic::error(
                                extra.pos,
                                format!("task `{}` has both `during` and `{field}`", task.id.value),
                            )
                            .with_hint(format!(
                                "`during: {}` already sets the start and due dates; remove one of them",
                                during.value.trim()
                            )),
                        );
                    }
                }
                b.during(during)
            }
            None => {
                let due = match &task.due {
                    Some(due) => b.rule(due, false),
                    None => {
                        b.diags.push(
                            Diagnostic::error(
                                task.id.pos,
                                format!("task `{}` has no date", task.id.value),
                            )
                            .with_hint("add `due:` (a when-rule) or `during:` (a task id)"),
                        );
                        Spec::Failed
                    }
                };
                let start = match &task.start {
                    Some(start) => b.rule(start, false),
                    None => Spec::Absent,
                };
                (start, due)
            }
        };
        specs.push(start);
        dues.push(due);
    }
    specs.extend(dues);
    for f in &plan.freeze {
        specs.push(b.rule(&f.start, true));
    }
    for f in &plan.freeze {
        specs.push(b.rule(&f.end, true));
    }
    for (src, _) in &timed {
        specs.push(b.rule(src, true));
    }
    for (r, rb) in plan.runbooks.iter().enumerate() {
        let nodes = &runbooks[r];
        let start = layout.index(Node::Timed(nodes.start));
        for (i, step) in rb.steps.iter().enumerate() {
            let written = super::runbooks::after_indices(&rb.steps, step);
            let after: Vec<usize> = super::runbook::default_after(i, written)
                .into_iter()
                .filter(|&a| a < i)
                .map(|a| layout.index(Node::Step(nodes.first_step + a)))
                .collect();
            let not_before = nodes.not_before[i].map(|k| layout.index(Node::Timed(k)));
            let mut deps = vec![start];
            deps.extend(&after);
            deps.extend(not_before);
            specs.push(Spec::Step {
                id: &step.id,
                runbook: r,
                minutes: step.minutes(),
                start,
                after,
                not_before,
                deps,
            });
        }
    }
    for (r, rb) in plan.runbooks.iter().enumerate() {
        let nodes = &runbooks[r];
        let mut deps = vec![layout.index(Node::Timed(nodes.start))];
        deps.extend((0..rb.steps.len()).map(|i| layout.index(Node::Step(nodes.first_step + i))));
        specs.push(Spec::RunbookEnd { id: &rb.id, deps });
    }
    Graph {
        layout,
        specs,
        runbooks,
    }
}

struct Builder<'a, 'p> {
    ids: &'a Ids<'p>,
    layout: Layout,
    diags: &'a mut Vec<Diagnostic>,
    runbooks: &'a [RunbookNodes],
}

impl<'p> Builder<'_, 'p> {
    /// Parses a when-rule and finds the node its anchor names.
    fn rule(&mut self, src: &'p Sp<String>, allow_time: bool) -> Spec<'p> {
        let rule = match rule::parse(&src.value, allow_time) {
            Ok(rule) => rule,
            Err(e) => {
                let pos = inner_pos(src, e.span);
                self.diags
                    .push(Diagnostic::error(pos, e.message).with_hint_opt(e.hint));
                return Spec::Failed;
            }
        };
        let Base::Id { id, field } = &rule.anchor.base else {
            return Spec::Rule {
                src,
                rule,
                dep: None,
            };
        };
        let pos = inner_pos(src, rule.anchor.span);
        let Some(target) = self.ids.find(id) else {
            let hint = self.ids.suggest(id);
            self.diags
                .push(Diagnostic::error(pos, self.ids.unknown(id)).with_hint_opt(hint));
            return Spec::Failed;
        };
        match anchor_node(self.ids, self.runbooks, target, *field) {
            Ok(node) => {
                let dep = Some((self.layout.index(node), *field));
                Spec::Rule { src, rule, dep }
            }
            Err((message, hint)) => {
                self.diags
                    .push(Diagnostic::error(pos, message).with_hint(hint));
                Spec::Failed
            }
        }
    }

    /// `during: T` -> the (start, due) specs.
    fn during(&mut self, src: &'p Sp<String>) -> (Spec<'p>, Spec<'p>) {
        let name = src.value.trim();
        let lead = src.value.chars().take_while(|c| c.is_whitespace()).count();
        let pos = inner_pos(
            src,
            Span {
                offset: lead,
                len: name.chars().count(),
            },
        );
        match self.ids.find(name) {
            Some(Target::Task(t)) => {
                let start = self.layout.index(Node::Start(t));
                let due = self.layout.index(Node::Due(t));
                (
                    Spec::During {
                        src,
                        task: t,
                        dep: start,
                    },
                    Spec::During {
                        src,
                        task: t,
                        dep: due,
                    },
                )
            }
            Some(Target::Milestone(_)) => {
                self.diags.push(
                    Diagnostic::error(
                        pos,
                        format!("`during` takes a task id, and `{name}` is a milestone"),
                    )
                    .with_hint(format!("write `due: {name}`")),
                );
                (Spec::Failed, Spec::Failed)
            }
            Some(Target::Runbook(_) | Target::Step(..)) => {
                self.diags.push(
                    Diagnostic::error(
                        pos,
                        format!(
                            "`during` takes a task id, and `{name}` is a runbook or runbook step"
                        ),
                    )
                    .with_hint(format!(
                        "write `start: {name}.start` and `due: {name}.end` for the same days"
                    )),
                );
                (Spec::Failed, Spec::Failed)
            }
            None => {
                let hint = self.ids.suggest(name);
                self.diags
                    .push(Diagnostic::error(pos, self.ids.unknown(name)).with_hint_opt(hint));
                (Spec::Failed, Spec::Failed)
            }
        }
    }
}

/// The node an anchor names (`target` with its `.start` / `.due` / `.end`),
/// or the message and hint for one that names no date.
fn anchor_node(
    ids: &Ids,
    runbooks: &[RunbookNodes],
    target: Target,
    field: Field,
) -> Result<Node, (String, String)> {
    let name = ids.name(target);
    Ok(match (target, field) {
        (Target::Milestone(m), Field::Default) => Node::Milestone(m),
        (Target::Milestone(_), _) => {
            return Err((
                format!("`{name}` is a milestone: it has one date, without `.start` or `.due`"),
                format!("write `{name}`"),
            ));
        }
        (Target::Task(t), Field::Start) => Node::Start(t),
        (Target::Task(t), Field::Default | Field::Due) => Node::Due(t),
        (Target::Task(_), Field::End) => {
            return Err((
                "`.end` is not a task date".into(),
                format!("did you mean `{name}.due`? (`.end` is for runbooks and steps)"),
            ));
        }
        (Target::Runbook(_) | Target::Step(..), Field::Due) => {
            return Err((
                format!("`{name}` is a runbook or step: its times are `.start` and `.end`"),
                format!("write `{name}.end` (or just `{name}`) for its end"),
            ));
        }
        (Target::Runbook(r), Field::Start) => Node::Timed(runbooks[r].start),
        (Target::Runbook(r), Field::Default | Field::End) => Node::RunbookEnd(r),
        (Target::Step(r, i), _) => {
            let nodes = &runbooks[r];
            if i >= nodes.steps {
                return Err((
                    format!(
                        "`{name}` is a rollback step: it has no time of its own (it runs only if a gate decides no-go)"
                    ),
                    "anchor on a planned step or on the runbook instead".into(),
                ));
            }
            Node::Step(nodes.first_step + i)
        }
    })
}
