//! Plan -> the date graph: one node per date (milestone, task start, task
//! due, freeze start, freeze end, runbook start or step `not_before`), each
//! with its parsed when-rule and the node its anchor names. Parse errors and unknown ids are reported here.

use super::ids::{Ids, Target};
use super::rule::{self, Base, Field, Rule, Span};
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
}

/// Node numbering: milestones, task starts, task dues, freeze starts, freeze
/// ends, timed runbook rules, each block in plan order.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub milestones: usize,
    pub tasks: usize,
    pub freezes: usize,
    pub timed: usize,
}

impl Layout {
    pub fn len(&self) -> usize {
        self.milestones + 2 * self.tasks + 2 * self.freezes + self.timed
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
            v => Node::Timed(v - m - 2 * t - 2 * f),
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
    /// A task without `start`.
    Absent,
    /// Unusable; the reason has been reported.
    Failed,
}

impl Spec<'_> {
    pub fn dep(&self) -> Option<usize> {
        match self {
            Spec::Rule { dep, .. } => dep.map(|(d, _)| d),
            Spec::During { dep, .. } => Some(*dep),
            Spec::Absent | Spec::Failed => None,
        }
    }

    pub fn src(&self) -> Option<&Sp<String>> {
        match self {
            Spec::Rule { src, .. } | Spec::During { src, .. } => Some(src),
            Spec::Absent | Spec::Failed => None,
        }
    }
}

pub struct Graph<'p> {
    pub layout: Layout,
    pub specs: Vec<Spec<'p>>,
}

/// The position of `span` inside a rule's scalar. A quoted scalar's
/// position covers its quotes, so the text starts one column later.
pub fn inner_pos(src: &Sp<String>, span: Span) -> Pos {
    let quoted = src.pos.len as usize == src.value.chars().count() + 2;
    src.pos
        .shifted(span.offset + usize::from(quoted), span.len.max(1))
}

pub fn build<'p>(plan: &'p Plan, ids: &Ids<'p>, diags: &mut Vec<Diagnostic>) -> Graph<'p> {
    let layout = Layout {
        milestones: plan.milestones.len(),
        tasks: plan.tasks.len(),
        freezes: plan.freeze.len(),
        timed: super::runbooks::timed_rules(plan).len(),
    };
    let mut b = Builder { ids, layout, diags };
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
    for src in super::runbooks::timed_rules(plan) {
        specs.push(b.rule(src, true));
    }
    Graph { layout, specs }
}

struct Builder<'a, 'p> {
    ids: &'a Ids<'p>,
    layout: Layout,
    diags: &'a mut Vec<Diagnostic>,
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
        let node = match (self.ids.find(id), field) {
            (None, _) => {
                let hint = self.ids.suggest(id);
                self.diags
                    .push(Diagnostic::error(pos, self.ids.unknown(id)).with_hint_opt(hint));
                return Spec::Failed;
            }
            (Some(Target::Milestone(m)), Field::Default) => Node::Milestone(m),
            (Some(Target::Milestone(m)), Field::Start | Field::Due) => {
                let name = self.ids.name(Target::Milestone(m));
                self.diags.push(
                    Diagnostic::error(
                        pos,
                        format!(
                            "`{name}` is a milestone: it has one date, without `.start` or `.due`"
                        ),
                    )
                    .with_hint(format!("write `{name}`")),
                );
                return Spec::Failed;
            }
            (Some(Target::Task(t)), Field::Start) => Node::Start(t),
            (Some(Target::Task(t)), Field::Default | Field::Due) => Node::Due(t),
        };
        let dep = Some((self.layout.index(node), *field));
        Spec::Rule { src, rule, dep }
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
            None => {
                let hint = self.ids.suggest(name);
                self.diags
                    .push(Diagnostic::error(pos, self.ids.unknown(name)).with_hint_opt(hint));
                (Spec::Failed, Spec::Failed)
            }
        }
    }
}
