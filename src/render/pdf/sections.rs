//! The Solution Document's sections as PDF blocks: document control,
//! overview, schedule, Gantt, inventory, data, freeze windows, add-ons,
//! risks, changes, date rationale and sign-off.

use chrono::NaiveDate;

use super::markdown;
use super::{
    addon_status_label, credentials_label, decision_label, freeze_mode_label, method_label, para,
    priority_label, role_label, strategy_label,
};
use crate::Compiled;
use crate::diff::{ChangeSummary, DateMove, FieldChange};
use crate::model::{AddonStatus, Decision as PlanDecision, Priority};
use crate::pdf::{
    Align, Block, Cell, Column, Decision, Gantt, Inline, KeyValue, Row, RowStyle, SignatureBlock,
    Table,
};
use crate::render::change_words::{self, Group};
use crate::render::labels::humanize;
use crate::render::labels::{freeze_length, records_summary, signoff_meaning, thousands};
use crate::render::rows;
use crate::schedule::fmt_date;
use crate::validate::{current_decisions, is_stale};

pub(super) fn h(level: u8, text: impl Into<String>, id: impl Into<String>) -> Block {
    Block::Heading {
        level,
        text: text.into(),
        id: id.into(),
    }
}

/// A table whose columns are sized from their content.
pub(super) fn table(header: &[&str], rows: Vec<Row>) -> Block {
    Block::Table(Table {
        columns: header.iter().map(|_| Column::auto()).collect(),
        header: header.iter().map(|s| Cell::text(*s)).collect(),
        rows,
    })
}

/// A date as the schedule prints it, glued so that it never wraps.
fn day(d: NaiveDate) -> String {
    fmt_date(d).replace(' ', "\u{a0}")
}

pub(super) fn row(cells: Vec<String>) -> Row {
    Row {
        cells: cells.into_iter().map(Cell::text).collect(),
        ..Row::default()
    }
}

pub(super) fn kv(key: &str, value: impl Into<String>) -> KeyValue {
    KeyValue {
        key: key.to_string(),
        value: vec![Inline::text(value)],
    }
}

fn opt(v: &Option<crate::model::Sp<String>>) -> String {
    v.as_ref().map(|s| s.value.clone()).unwrap_or_default()
}

fn dash(s: String) -> String {
    if s.trim().is_empty() { "—".into() } else { s }
}

/// `sources`: the hash of the sources the document embeds (see
/// [`crate::archive::sources_hash`]), when it embeds any.
pub fn document_control(c: &Compiled, sources: Option<&str>) -> Vec<Block> {
    let plan = &c.plan;
    let meta = &plan.meta.value;
    let version = &meta.version.value;
    let mut out = vec![
        h(1, "Document control", "document-control"),
        Block::KeyValue(
            vec![
                kv(
                    "Document",
                    format!("{}: {}", meta.document(), meta.title.value),
                ),
                kv("Version", version.to_string()),
                kv("Status", super::plan_status_label(meta.status())),
                kv("Content hash", c.content_hash.0.clone()),
                kv("Schedule as of", day(c.schedule.as_of)),
            ]
            .into_iter()
            .chain(sources.map(|h| {
                kv(
                    "Embedded sources",
                    format!("SHA-256 {h} (of the list of the attached files' SHA-256 sums)"),
                )
            }))
            .collect(),
        ),
        h(2, "Revision history", "revisions"),
    ];
    if plan.revisions.is_empty() {
        out.push(para("No revisions recorded."));
    } else {
        let mut revs: Vec<_> = plan.revisions.iter().collect();
        revs.sort_by(|a, b| b.version.value.cmp(&a.version.value));
        out.push(table(
            &["Version", "Date", "Author", "Summary"],
            revs.iter()
                .map(|r| {
                    row(vec![
                        r.version.value.to_string(),
                        day(r.date.value.0),
                        dash(opt(&r.author)),
                        dash(opt(&r.summary)),
                    ])
                })
                .collect(),
        ));
    }
    out.push(h(2, "Distribution", "distribution"));
    out.push(table(
        &["Name", "Role", "Organization", "E-mail", "Signs"],
        plan.stakeholders
            .iter()
            .map(|s| {
                row(vec![
                    s.name
                        .as_ref()
                        .map_or(s.id.value.clone(), |n| n.value.clone()),
                    dash(opt(&s.role)),
                    dash(opt(&s.organization)),
                    dash(opt(&s.email)),
                    if s.signs { "Yes".into() } else { "No".into() },
                ])
            })
            .collect(),
    ));
    out.push(h(
        2,
        format!("Sign-off status of version {version}"),
        "signoff-status",
    ));
    let decisions = current_decisions(plan, &version.0);
    let signers: Vec<_> = plan.stakeholders.iter().filter(|s| s.signs).collect();
    if signers.is_empty() {
        out.push(para("No stakeholder is marked as a required signer."));
    } else {
        out.push(table(
            &["Signer", "Decision", "Date", "Comment"],
            signers
                .iter()
                .map(|s| {
                    let who = s
                        .name
                        .as_ref()
                        .map_or(s.id.value.clone(), |n| n.value.clone());
                    match decisions.get(s.id.value.as_str()) {
                        Some(d) => {
                            let mut label = decision_label(d.decision.value).to_string();
                            if is_stale(d, &c.content_hash) {
                                label.push_str(" (stale: signed other content)");
                            }
                            let mut r = row(vec![
                                who,
                                label,
                                d.date
                                    .as_ref()
                                    .map(|x| day(x.value.0))
                                    .unwrap_or_else(|| "—".into()),
                                dash(opt(&d.comment)),
                            ]);
                            if d.decision.value != PlanDecision::Approved
                                || is_stale(d, &c.content_hash)
                            {
                                r.style = RowStyle::Highlight;
                            }
                            r
                        }
                        None => row(vec![who, "Pending".into(), "—".into(), "—".into()]),
                    }
                })
                .collect(),
        ));
    }
    out.push(Block::PageBreak);
    out
}

pub fn overview(c: &Compiled) -> Vec<Block> {
    let plan = &c.plan;
    let meta = &plan.meta.value;
    let mut out = vec![h(1, "Overview", "overview")];
    if let Some(s) = &meta.summary {
        out.extend(markdown::blocks(&s.value, plan, &c.schedule, 2, "summary-"));
    }
    let mut facts = Vec::new();
    if let Some(client) = &meta.client {
        facts.push(kv("Client", client.value.clone()));
    }
    if let Some(o) = &meta.owner {
        facts.push(kv("Owner", o.value.clone()));
    }
    if let Some(s) = &meta.strategy {
        facts.push(kv("Strategy", strategy_label(s.value)));
    }
    facts.push(kv("Status", super::plan_status_label(meta.status())));
    facts.push(kv("Content hash", c.content_hash.short()));
    out.push(Block::KeyValue(facts));

    out.push(h(2, "Key dates", "key-dates"));
    out.push(table(
        &["Milestone", "Date", "How it was computed"],
        c.schedule
            .milestones
            .iter()
            .map(|m| {
                row(vec![
                    crate::render::labels::milestone_label(&c.plan, &m.id),
                    day(m.when.date),
                    m.when.explanation.clone(),
                ])
            })
            .collect(),
    ));

    let overdue = c.schedule.tasks.iter().filter(|t| t.overdue).count();
    let must = plan
        .datasets
        .iter()
        .filter(|d| d.priority.value == Priority::Must)
        .count();
    let pending_addons = plan
        .addons
        .iter()
        .filter(|a| {
            a.status
                .as_ref()
                .is_none_or(|s| s.value == AddonStatus::Pending)
        })
        .count();
    let decisions = current_decisions(plan, &meta.version.value.0);
    let outstanding = plan
        .stakeholders
        .iter()
        .filter(|s| s.signs)
        .filter(|s| {
            decisions.get(s.id.value.as_str()).is_none_or(|d| {
                d.decision.value != PlanDecision::Approved || is_stale(d, &c.content_hash)
            })
        })
        .count();
    out.push(h(2, "At a glance", "at-a-glance"));
    out.push(Block::KeyValue(vec![
        kv("Tasks", plan.tasks.len().to_string()),
        kv(
            "Overdue",
            format!("{overdue} (as of {})", day(c.schedule.as_of)),
        ),
        kv("Must-have datasets", must.to_string()),
        kv("Add-ons still pending", pending_addons.to_string()),
        kv("Sign-offs outstanding", outstanding.to_string()),
    ]));

    out.push(h(2, "Key questions", "key-questions"));
    let none = crate::model::KeyQuestions::default();
    let kq = plan.key_questions.as_ref().map_or(&none, |k| &k.value);
    for (key, question, answer) in kq.entries() {
        out.push(Block::Paragraph(vec![Inline::Bold(vec![Inline::text(
            question,
        )])]));
        match answer.filter(|a| !a.value.0.trim().is_empty()) {
            Some(a) => out.extend(markdown::blocks(
                &a.value.0,
                plan,
                &c.schedule,
                3,
                &format!("kq-{key}-"),
            )),
            None => out.push(Block::Paragraph(vec![Inline::Italic(vec![Inline::text(
                "Not answered yet.",
            )])])),
        }
    }
    out
}

pub fn schedule(c: &Compiled) -> Vec<Block> {
    let plan = &c.plan;
    let people = crate::people::People::new(plan);
    let mut out = vec![
        h(1, "Schedule", "schedule"),
        para(format!(
            "Every task once, in the order of the site's schedule page: phases as listed, then by date, each task followed by its sub-tasks. Dates are computed from the plan's rules on working days, as of {}; under each task, how its dates were computed. Overdue tasks are highlighted; done and skipped tasks are greyed.",
            day(c.schedule.as_of)
        )),
    ];
    for (i, (phase, group)) in rows::by_phase(plan, &c.schedule).into_iter().enumerate() {
        out.push(h(
            2,
            phase.unwrap_or(crate::render::tasks::NO_PHASE),
            format!("phase-{i}"),
        ));
        out.push(Block::Table(Table {
            columns: vec![
                Column::auto(),
                Column::auto(),
                Column::auto(),
                Column::auto(),
                Column::auto(),
            ],
            header: ["Task", "Owner", "Start", "Due", "Status"]
                .iter()
                .map(|s| Cell::text(*s))
                .collect(),
            rows: group
                .iter()
                .map(|r| {
                    let status = plan.tasks[r.index].status();
                    let label = crate::render::tasks::status_text(status, r.overdue);
                    let mut task = task_cell(&plan.tasks[r.index]);
                    computed(&mut task.0, r);
                    Row {
                        cells: vec![
                            task,
                            Cell::text(dash(
                                plan.tasks[r.index]
                                    .owner
                                    .as_ref()
                                    .map(|o| people.owner_words(&o.value))
                                    .unwrap_or_default(),
                            )),
                            Cell::text(r.start.map(day).unwrap_or_else(|| "—".into())),
                            Cell::text(day(r.due)),
                            Cell(vec![Inline::unbroken(&label)]),
                        ],
                        indent: r.depth.min(6) as u8,
                        style: if r.overdue {
                            RowStyle::Highlight
                        } else if status.is_closed() {
                            RowStyle::Muted
                        } else {
                            RowStyle::Normal
                        },
                    }
                })
                .collect(),
        }));
    }
    out
}

/// How a task's dates were computed, under its title: "Due: 8 weeks before
/// migration (Sat 16 Jan 2027) = ...", and the start's likewise.
fn computed(out: &mut Vec<Inline>, r: &rows::TaskRow) {
    if let Some(expl) = r.start_explanation {
        out.push(Inline::LineBreak);
        out.push(Inline::Italic(vec![Inline::text(format!("Start: {expl}"))]));
    }
    out.push(Inline::LineBreak);
    out.push(Inline::Italic(vec![Inline::text(format!(
        "Due: {}",
        r.explanation
    ))]));
}

/// A task's title, then its resources (links where the link policy lets
/// them through) and its notes, as the site shows them under the title.
fn task_cell(t: &crate::model::Task) -> Cell {
    let mut out = vec![Inline::text(t.title.value.clone())];
    if !t.resources.is_empty() {
        out.push(Inline::LineBreak);
        out.push(Inline::Italic(vec![Inline::text("Resources: ")]));
        for (i, r) in t.resources.iter().enumerate() {
            if i > 0 {
                out.push(Inline::text("; "));
            }
            let title = Inline::text(r.value.title.clone());
            let href = r
                .value
                .url
                .as_deref()
                .and_then(|u| crate::render::html::links::safe_href(u, ""))
                .filter(|h| h.starts_with("http") || h.starts_with("mailto:"));
            out.push(match href {
                Some(url) => Inline::Link {
                    target: crate::pdf::LinkTarget::Url(url),
                    content: vec![title],
                },
                None => title,
            });
        }
    }
    if let Some(n) = t.notes.as_ref().filter(|n| !n.value.trim().is_empty()) {
        out.push(Inline::LineBreak);
        out.push(Inline::Italic(vec![Inline::text(
            n.value.trim().to_string(),
        )]));
    }
    Cell(out)
}

/// The Gantt figure: the plan at a glance (phases, milestones, freeze
/// windows, runbooks) and the migration window zoomed in. Tasks are in the
/// schedule table once; the site's Gantt page draws every task.
pub fn gantt(c: &Compiled) -> Vec<Block> {
    let tree = crate::render::tasks::tree(&c.plan, &c.schedule);
    let charts: Vec<_> = [
        crate::render::gantt::overview(&c.plan, &c.schedule, &tree),
        crate::render::gantt::window(&c.plan, &c.schedule, &tree),
    ]
    .into_iter()
    .flatten()
    .collect();
    if charts.is_empty() {
        return Vec::new();
    }
    vec![
        h(1, "Gantt chart", "gantt"),
        para(
            "Each phase is one bar, from its first task's start to its last due date, coloured by the state of its tasks (overdue or blocked when any task is); diamonds are milestones, shaded bands freeze windows, the red line the as-of date. The migration window follows, zoomed in. Every task is in the schedule above; the site's Gantt page draws each one.",
        ),
        Block::Gantt(Gantt { charts }),
    ]
}

pub fn inventory(c: &Compiled) -> Vec<Block> {
    let plan = &c.plan;
    if plan.inventory.is_empty() {
        return Vec::new();
    }
    let mut out = vec![h(1, "Inventory", "inventory")];
    let mut categories: Vec<String> = Vec::new();
    for s in &plan.inventory {
        let cat = s
            .category
            .as_ref()
            .map_or("Other".to_string(), |c| c.value.clone());
        if !categories.contains(&cat) {
            categories.push(cat);
        }
    }
    for (i, cat) in categories.iter().enumerate() {
        out.push(h(
            2,
            crate::render::labels::humanize(cat),
            format!("inventory-{i}"),
        ));
        let rows = plan
            .inventory
            .iter()
            .filter(|s| s.category.as_ref().map_or("Other", |c| c.value.as_str()) == cat)
            .map(|s| {
                let mut details = Vec::new();
                for (k, v) in &s.details.0 {
                    if !details.is_empty() {
                        details.push(Inline::LineBreak);
                    }
                    details.push(Inline::Bold(vec![Inline::text(format!("{k}: "))]));
                    details.push(Inline::text(v.0.clone()));
                }
                Row {
                    cells: vec![
                        Cell(vec![
                            Inline::Bold(vec![Inline::text(
                                s.name
                                    .as_ref()
                                    .map_or(s.id.value.clone(), |n| n.value.clone()),
                            )]),
                            Inline::LineBreak,
                            Inline::Code(s.id.value.clone()),
                        ]),
                        Cell::text(s.role.as_ref().map_or("—", |r| role_label(r.value))),
                        Cell(if details.is_empty() {
                            vec![Inline::text("—")]
                        } else {
                            details
                        }),
                        Cell::text(dash(opt(&s.notes))),
                    ],
                    ..Row::default()
                }
            })
            .collect();
        out.push(table(&["System", "Role", "Details", "Notes"], rows));
    }
    out
}

pub fn data(c: &Compiled) -> Vec<Block> {
    let plan = &c.plan;
    if plan.datasets.is_empty() {
        return Vec::new();
    }
    let name_of = |id: &Option<crate::model::Sp<String>>| {
        id.as_ref().map_or("—".to_string(), |i| {
            plan.system(&i.value)
                .and_then(|s| s.name.as_ref().map(|n| n.value.clone()))
                .unwrap_or_else(|| i.value.clone())
        })
    };
    let count = |p: Priority| {
        plan.datasets
            .iter()
            .filter(|d| d.priority.value == p)
            .count()
    };
    let mut out = vec![
        h(1, "Data priorities", "data"),
        para(format!(
            "{} datasets ({}): {} must have, {} nice to have, {} not needed.",
            plan.datasets.len(),
            records_summary(
                plan.datasets
                    .iter()
                    .map(|d| d.records.as_ref().map(|r| r.value))
            ),
            count(Priority::Must),
            count(Priority::Nice),
            count(Priority::NotNeeded),
        )),
    ];
    for p in [Priority::Must, Priority::Nice, Priority::NotNeeded] {
        let list: Vec<_> = plan
            .datasets
            .iter()
            .filter(|d| d.priority.value == p)
            .collect();
        if list.is_empty() {
            continue;
        }
        let records = records_summary(list.iter().map(|d| d.records.as_ref().map(|r| r.value)));
        out.push(h(
            2,
            format!("{} ({records})", priority_label(p)),
            format!("data-{}", p.as_str()),
        ));
        out.push(Block::Table(Table {
            columns: vec![
                Column::auto(),
                Column::auto(),
                Column::auto(),
                Column::auto().align(Align::Right),
                Column::auto(),
                Column::auto(),
            ],
            header: [
                "Dataset",
                "From → to",
                "Method",
                "Records",
                "Owner",
                "Notes",
            ]
            .iter()
            .map(|s| Cell::text(*s))
            .collect(),
            rows: list
                .iter()
                .map(|d| {
                    row(vec![
                        d.name
                            .as_ref()
                            .map_or(d.id.value.clone(), |n| n.value.clone()),
                        format!("{} → {}", name_of(&d.from), name_of(&d.to)),
                        method_label(d.method()).to_string(),
                        d.records
                            .as_ref()
                            .map_or("not\u{a0}counted".into(), |r| thousands(r.value)),
                        dash(opt(&d.owner)),
                        dash(opt(&d.notes)),
                    ])
                })
                .collect(),
        }));
    }
    out
}

pub fn freeze(c: &Compiled) -> Vec<Block> {
    let plan = &c.plan;
    if plan.freeze.is_empty() {
        return Vec::new();
    }
    let mut out = vec![h(1, "Freeze windows", "freeze")];
    for (i, (f, d)) in plan.freeze.iter().zip(&c.schedule.freezes).enumerate() {
        out.push(h(2, f.name.value.clone(), format!("freeze-{i}")));
        let systems: Vec<String> = f
            .systems
            .iter()
            .map(|s| {
                plan.system(&s.value)
                    .and_then(|x| x.name.as_ref().map(|n| n.value.clone()))
                    .unwrap_or_else(|| s.value.clone())
            })
            .collect();
        let inside: Vec<String> = plan
            .tasks
            .iter()
            .zip(&c.schedule.tasks)
            .filter(|(_, td)| td.due.date >= d.start.date() && td.due.date <= d.end.date())
            .map(|(t, td)| format!("{} (due {})", t.title.value, day(td.due.date)))
            .collect();
        let mut items = vec![
            kv(
                "Starts",
                format!(
                    "{} — {}",
                    d.start.format("%a %-d %b %Y, %H:%M"),
                    d.start_explanation
                ),
            ),
            kv(
                "Ends",
                format!(
                    "{} — {}",
                    d.end.format("%a %-d %b %Y, %H:%M"),
                    d.end_explanation
                ),
            ),
            kv(
                "Length",
                freeze_length(
                    d.start,
                    d.end,
                    plan.calendar.timezone.as_ref().map(|z| z.value.as_str()),
                ),
            ),
            kv(
                "Mode",
                f.mode
                    .as_ref()
                    .map_or("Read-only", |m| freeze_mode_label(m.value)),
            ),
            kv("Systems frozen", dash(systems.join(", "))),
        ];
        items.push(kv(
            "Tasks due inside",
            if inside.is_empty() {
                "None".into()
            } else {
                inside.join("; ")
            },
        ));
        if let Some(n) = &f.notes {
            items.push(kv("Notes", n.value.clone()));
        }
        out.push(Block::KeyValue(items));
    }
    out
}

pub fn addons(c: &Compiled) -> Vec<Block> {
    let plan = &c.plan;
    if plan.addons.is_empty() {
        return Vec::new();
    }
    vec![
        h(1, "Third-party add-ons", "addons"),
        table(
            &[
                "Add-on",
                "Integrates with",
                "Credentials",
                "Reconnect owner",
                "How to verify",
                "Status",
            ],
            plan.addons
                .iter()
                .map(|a| {
                    let mut r = row(vec![
                        {
                            let name = a
                                .name
                                .as_ref()
                                .map_or(a.id.value.clone(), |n| n.value.clone());
                            match &a.vendor {
                                Some(v) => format!("{name} ({})", v.value),
                                None => name,
                            }
                        },
                        a.integrates_with.as_ref().map_or("—".into(), |i| {
                            plan.system(&i.value)
                                .and_then(|s| s.name.as_ref().map(|n| n.value.clone()))
                                .unwrap_or_else(|| i.value.clone())
                        }),
                        a.credentials
                            .as_ref()
                            .map_or("—", |c| credentials_label(c.value))
                            .to_string(),
                        dash(opt(&a.reconnect_owner)),
                        dash(opt(&a.verify)),
                        addon_status_label(
                            a.status.as_ref().map_or(AddonStatus::Pending, |s| s.value),
                        )
                        .to_string(),
                    ]);
                    if a.status
                        .as_ref()
                        .is_some_and(|s| s.value == AddonStatus::Retired)
                    {
                        r.style = RowStyle::Muted;
                    }
                    r
                })
                .collect(),
        ),
    ]
}

pub fn risks(c: &Compiled) -> Vec<Block> {
    let plan = &c.plan;
    if plan.risks.is_empty() {
        return Vec::new();
    }
    let level = |l: &Option<crate::model::Sp<crate::model::Level>>| {
        l.as_ref().map_or("—".to_string(), |l| {
            let s = l.value.as_str();
            format!("{}{}", s[..1].to_uppercase(), &s[1..])
        })
    };
    vec![
        h(1, "Risks", "risks"),
        table(
            &[
                "Risk",
                "Likelihood",
                "Impact",
                "Owner",
                "Mitigation",
                "Status",
            ],
            plan.risks
                .iter()
                .map(|r| {
                    row(vec![
                        r.title.value.clone(),
                        level(&r.likelihood),
                        level(&r.impact),
                        dash(opt(&r.owner)),
                        dash(opt(&r.mitigation)),
                        r.status.as_ref().map_or("Open".into(), |s| {
                            let s = s.value.as_str();
                            format!("{}{}", s[..1].to_uppercase(), &s[1..])
                        }),
                    ])
                })
                .collect(),
        ),
    ]
}

/// Titles and values in words (`render::change_words`), as on the site.
pub fn changes(s: &ChangeSummary, plan: &crate::model::Plan) -> Vec<Block> {
    let mut out = vec![h(1, format!("Changes since version {}", s.from), "changes")];
    if s.is_empty() {
        out.push(para(format!(
            "Nothing in the plan changed between version {} and version {}.",
            s.from, s.to
        )));
        return out;
    }
    let list = |items: Vec<String>| Block::List {
        ordered: false,
        items: items.into_iter().map(|i| vec![para(i)]).collect(),
    };
    let date = |v: &Option<String>| {
        v.as_deref()
            .map(|d| change_words::when(d).unwrap_or_else(|| d.to_string()))
    };
    let moves = |m: &[DateMove], milestone: bool| {
        m.iter()
            .map(|d| {
                let what = if milestone {
                    format!("Milestone {}", humanize(&d.title))
                } else {
                    format!("{} ({})", d.title, humanize(&d.field).to_lowercase())
                };
                let mut l = match (date(&d.old), date(&d.new)) {
                    (Some(a), Some(b)) => format!("{what}: {a} → {b}"),
                    (None, Some(b)) => format!("{what}: new, {b}"),
                    (Some(a), None) => format!("{what}: removed (was {a})"),
                    (None, None) => what,
                };
                match (&d.old_rule, &d.new_rule) {
                    (Some(a), Some(b)) if a != b => {
                        l.push_str(&format!("; rule changed from \"{a}\" to \"{b}\""))
                    }
                    _ => {
                        if let Some(e) = &d.explanation {
                            l.push_str(&format!("; {e}"));
                        }
                    }
                }
                l
            })
            .collect::<Vec<_>>()
    };
    let fields = |g: Group, f: &[FieldChange]| {
        f.iter()
            .map(|c| {
                let title = change_words::entry(plan, g, c);
                let value = |v: &Option<String>| {
                    v.as_deref().map_or("—".to_string(), |raw| {
                        change_words::value(plan, g, &c.field, raw)
                    })
                };
                match c.field.as_str() {
                    "added" if g == Group::Signoffs => format!("{title}: {}", value(&c.new)),
                    "removed" if g == Group::Signoffs => {
                        format!("{title}: {} withdrawn", value(&c.old))
                    }
                    "added" => format!("Added: {title}"),
                    "removed" => format!("Removed: {title}"),
                    _ => format!(
                        "{title}, {}: {} → {}",
                        change_words::field(c).to_lowercase(),
                        value(&c.old),
                        value(&c.new)
                    ),
                }
            })
            .collect::<Vec<_>>()
    };
    let mut part = |title: &str, id: &str, items: Vec<String>| {
        if !items.is_empty() {
            out.push(h(2, title, format!("changes-{id}")));
            out.push(list(items));
        }
    };
    part(
        "Tasks added",
        "added",
        s.tasks_added.iter().map(|t| t.title.clone()).collect(),
    );
    part(
        "Tasks removed",
        "removed",
        s.tasks_removed.iter().map(|t| t.title.clone()).collect(),
    );
    part("Dates moved", "moved", moves(&s.dates_moved, false));
    part("Milestones", "milestones", moves(&s.milestones, true));
    for (g, rows) in change_words::groups(s) {
        let id = format!("{g:?}").to_lowercase();
        part(g.title(), &id, fields(g, rows));
    }
    out
}

/// Appendix: how dates are computed (the calendar) and each milestone's
/// date with its rule. Each task's computation is in its schedule row.
pub fn rationale(c: &Compiled) -> Vec<Block> {
    let plan = &c.plan;
    let rows_out: Vec<Row> = c
        .schedule
        .milestones
        .iter()
        .map(|m| {
            row(vec![
                crate::render::labels::milestone_label(&c.plan, &m.id),
                day(m.when.date),
                m.when.explanation.clone(),
            ])
        })
        .collect();
    let mut out = vec![
        h(1, "How the dates were computed", "rationale"),
        para(format!(
            "Working days: {}. Holidays: {}. A date computed from a calendar offset that is not a working day moves to the previous working day for \"before\" and the next one for \"after\"; fixed dates, anchors and milestones are kept as written. Each task's computation is printed under it in the schedule.",
            workdays(c),
            if plan.calendar.holidays.is_empty() {
                "none".to_string()
            } else {
                plan.calendar
                    .holidays
                    .iter()
                    .map(|h| day(h.value.0))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        )),
    ];
    if !rows_out.is_empty() {
        out.push(table(
            &["Milestone", "Date", "Rule and computation"],
            rows_out,
        ));
    }
    out
}

fn workdays(c: &Compiled) -> String {
    let days: Vec<chrono::Weekday> = match &c.plan.calendar.workdays {
        Some(w) => w.value.iter().map(|d| d.value.0).collect(),
        None => vec![
            chrono::Weekday::Mon,
            chrono::Weekday::Tue,
            chrono::Weekday::Wed,
            chrono::Weekday::Thu,
            chrono::Weekday::Fri,
        ],
    };
    let mut days = days;
    days.sort_by_key(|d| d.num_days_from_monday());
    days.dedup();
    days.iter()
        .map(|d| {
            NaiveDate::from_isoywd_opt(2026, 1, *d)
                .map_or(d.to_string(), |x| x.format("%A").to_string())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn signoff(c: &Compiled) -> Vec<Block> {
    let plan = &c.plan;
    let version = &plan.meta.version.value;
    let decisions = current_decisions(plan, &version.0);
    let mut out = vec![
        Block::PageBreak,
        h(1, "Sign-off", "signoff"),
        para(format!(
            "By signing below, each signer approves version {version} of this {} as the plan of record for the migration. The signature applies to the content identified by the hash {}.",
            plan.meta.document().to_lowercase(),
            c.content_hash.0
        )),
    ];
    for s in plan.stakeholders.iter().filter(|s| s.signs) {
        let decision = decisions.get(s.id.value.as_str()).map(|d| {
            let mut label = decision_label(d.decision.value).to_string();
            if is_stale(d, &c.content_hash) {
                label.push_str(" (stale: recorded for other content)");
            }
            Decision {
                decision: label,
                date: d.date.as_ref().map(|x| day(x.value.0)).unwrap_or_default(),
                recorded: crate::render::recorded::recorded(plan, d).words,
            }
        });
        out.push(Block::Signature(SignatureBlock {
            name: s
                .name
                .as_ref()
                .map_or(s.id.value.clone(), |n| n.value.clone()),
            role: opt(&s.role),
            organization: opt(&s.organization),
            meaning: signoff_meaning(
                decisions.get(s.id.value.as_str()).map(|d| d.decision.value),
                decisions
                    .get(s.id.value.as_str())
                    .is_some_and(|d| is_stale(d, &c.content_hash)),
                &version.to_string(),
            ),
            decision,
        }));
    }
    let earlier: Vec<_> = plan
        .signoffs
        .iter()
        .filter(|s| s.version.value != *version)
        .collect();
    if !earlier.is_empty() {
        out.push(h(2, "Decisions on earlier versions", "earlier-decisions"));
        let mut earlier = earlier;
        earlier.sort_by(|a, b| b.version.value.cmp(&a.version.value));
        out.push(table(
            &["Version", "Signer", "Decision", "Date", "Comment"],
            earlier
                .iter()
                .map(|s| {
                    row(vec![
                        s.version.value.to_string(),
                        plan.stakeholder(&s.by.value)
                            .and_then(|p| p.name.as_ref().map(|n| n.value.clone()))
                            .unwrap_or_else(|| s.by.value.clone()),
                        decision_label(s.decision.value).to_string(),
                        s.date
                            .as_ref()
                            .map(|d| day(d.value.0))
                            .unwrap_or_else(|| "—".into()),
                        dash(opt(&s.comment)),
                    ])
                })
                .collect(),
        ));
    }
    out
}
