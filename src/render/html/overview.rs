//! The overview page's view (`overview`): summary, people, strategy, key
//! dates, the key questions and the numbers at a glance.

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::{AddonStatus, Priority};

use super::ctx::Ctx;
use super::dates::DateView;
use super::markdown::{Fragment, Origin};
use super::signoff;
use super::view::{TaskRef, strategy_label};

/// How far ahead "coming up" looks from the as-of date.
const UPCOMING_DAYS: i64 = 14;

#[derive(Debug, Clone, Serialize)]
pub struct OverviewView {
    /// The plan's summary (Markdown, sanitized).
    pub summary_html: Option<String>,
    pub client: Option<String>,
    pub owner: Option<String>,
    /// The same, linked to the people it names.
    pub owners: Vec<super::people::OwnerPart>,
    /// `big-bang`, `parallel`, `phased`.
    pub strategy: Option<String>,
    /// "Big bang (one cutover)", "Parallel running", "Phased".
    pub strategy_label: Option<String>,
    /// The milestones, in date order.
    pub key_dates: Vec<KeyDate>,
    /// The planning checklist, in its fixed order, answered or not.
    pub questions: Vec<KeyQuestion>,
    pub counts: Counts,
    /// Open tasks due within 14 days after the as-of date, by due date.
    pub upcoming: Vec<TaskRef>,
    /// Overdue tasks, by due date.
    pub overdue: Vec<TaskRef>,
    /// The plan in motion: work under way, blocked and late, and the link
    /// to the status report.
    pub progress: ProgressSummary,
}

/// The plan in motion, at a glance.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressSummary {
    /// The status page for the as-of date (relative to the version folder).
    pub status_href: String,
    /// Tasks in progress (`doing`), by due date: the first
    /// [`GLANCE_LIMIT`]; the status report lists them all.
    pub in_progress: Vec<TaskRef>,
    pub in_progress_total: usize,
    /// Blocked tasks, by due date (the first [`GLANCE_LIMIT`]).
    pub blocked: Vec<TaskRef>,
    pub blocked_total: usize,
    /// Tasks finished late against the baseline (overdue ones are listed
    /// under "Needs attention"; the first [`GLANCE_LIMIT`]).
    pub finished_late: Vec<TaskRef>,
    pub finished_late_total: usize,
    pub baseline: super::progress::BaselineView,
}

/// A milestone.
#[derive(Debug, Clone, Serialize)]
pub struct KeyDate {
    pub id: String,
    /// The id as words: `test-conversion` -> "Test conversion".
    pub label: String,
    /// HTML id of its line (`milestone-...`): calendar events link to it.
    pub anchor: String,
    pub date: DateView,
    /// True when the date is before the as-of date.
    pub past: bool,
}

/// A key question and its answer.
#[derive(Debug, Clone, Serialize)]
pub struct KeyQuestion {
    /// `timeline`, `stakeholders`, `data`, `downtime`, `tools`, `training`, `pipeline`.
    pub key: String,
    /// "What is the timeline for migration?"
    pub question: String,
    /// The answer (Markdown, sanitized); `None` when unanswered.
    pub answer_html: Option<String>,
}

/// The numbers at a glance.
#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    pub tasks: usize,
    /// Tasks done or skipped.
    pub tasks_closed: usize,
    pub overdue: usize,
    pub must_datasets: usize,
    /// Add-ons whose status is `pending`.
    pub addons_pending: usize,
    pub addons: usize,
    /// Signers who have not approved this version.
    pub signoffs_outstanding: usize,
    pub signers: usize,
}

pub(crate) fn build(ctx: &Ctx, diags: &mut Vec<Diagnostic>) -> OverviewView {
    let plan = ctx.plan;
    let meta = &plan.meta.value;
    let as_of = ctx.schedule.as_of;

    let summary_html = meta.summary.as_ref().map(|s| {
        ctx.prose.render(
            &s.value,
            Origin::Value(s.pos),
            &frag("fn-summary-", 3),
            diags,
        )
    });

    let mut key_dates: Vec<KeyDate> = ctx
        .schedule
        .milestones
        .iter()
        .map(|m| KeyDate {
            id: m.id.clone(),
            label: crate::render::labels::milestone_label(ctx.plan, &m.id),
            anchor: super::view::html_id("milestone", &m.id),
            date: DateView::from(&m.when),
            past: m.when.date < as_of,
        })
        .collect();
    key_dates.sort_by(|a, b| a.date.iso.cmp(&b.date.iso));

    let kq = plan
        .key_questions
        .as_ref()
        .map(|k| k.value.clone())
        .unwrap_or_default();
    let questions = kq
        .entries()
        .into_iter()
        .map(|(key, question, answer)| {
            let prefix = format!("fn-{key}-");
            KeyQuestion {
                key: key.to_string(),
                question: question.to_string(),
                answer_html: answer.filter(|a| !a.value.0.trim().is_empty()).map(|a| {
                    ctx.prose
                        .render(&a.value.0, Origin::Value(a.pos), &frag(&prefix, 4), diags)
                }),
            }
        })
        .collect();

    let mut upcoming: Vec<usize> = (0..plan.tasks.len())
        .filter(|&i| {
            let due = ctx.schedule.tasks[i].due.date;
            !plan.tasks[i].status().is_closed()
                && due >= as_of
                && (due - as_of).num_days() <= UPCOMING_DAYS
        })
        .collect();
    upcoming.sort_by_key(|&i| (ctx.span(i).1, i));
    let mut overdue: Vec<usize> = (0..plan.tasks.len())
        .filter(|&i| ctx.schedule.tasks[i].overdue)
        .collect();
    overdue.sort_by_key(|&i| (ctx.span(i).1, i));

    let (signers, approved) = signoff::signers_approved(plan);
    let counts = Counts {
        tasks: plan.tasks.len(),
        tasks_closed: plan.tasks.iter().filter(|t| t.status().is_closed()).count(),
        overdue: overdue.len(),
        must_datasets: plan
            .datasets
            .iter()
            .filter(|d| d.priority.value == Priority::Must)
            .count(),
        addons_pending: plan
            .addons
            .iter()
            .filter(|a| {
                a.status
                    .as_ref()
                    .is_none_or(|s| s.value == AddonStatus::Pending)
            })
            .count(),
        addons: plan.addons.len(),
        signoffs_outstanding: signers - approved,
        signers,
    };

    OverviewView {
        summary_html,
        client: meta.client.as_ref().map(|c| c.value.clone()),
        owner: meta.owner.as_ref().map(|o| o.value.clone()),
        owners: ctx.label_parts(meta.owner.as_ref().map(|o| o.value.as_str())),
        strategy: meta.strategy.as_ref().map(|s| s.value.as_str().to_string()),
        strategy_label: meta
            .strategy
            .as_ref()
            .map(|s| strategy_label(s.value).to_string()),
        key_dates,
        questions,
        counts,
        upcoming: upcoming.into_iter().map(|i| ctx.task_ref(i)).collect(),
        overdue: overdue.into_iter().map(|i| ctx.task_ref(i)).collect(),
        progress: progress_summary(ctx),
    }
}

/// How many tasks each progress list on the overview shows: it is a
/// glance; the status page has the rest.
pub const GLANCE_LIMIT: usize = 10;

fn progress_summary(ctx: &Ctx) -> ProgressSummary {
    use crate::model::TaskStatus;
    let pick = |keep: &dyn Fn(usize) -> bool| -> (Vec<TaskRef>, usize) {
        let mut list: Vec<usize> = (0..ctx.plan.tasks.len()).filter(|&i| keep(i)).collect();
        list.sort_by_key(|&i| (ctx.span(i).1, i));
        let total = list.len();
        let refs = list
            .into_iter()
            .take(GLANCE_LIMIT)
            .map(|i| ctx.task_ref(i))
            .collect();
        (refs, total)
    };
    let (in_progress, in_progress_total) = pick(&|i| ctx.tracks[i].status == TaskStatus::Doing);
    let (blocked, blocked_total) = pick(&|i| ctx.tracks[i].status == TaskStatus::Blocked);
    let (finished_late, finished_late_total) =
        pick(&|i| ctx.tracks[i].variance.is_some_and(|v| v > 0));
    ProgressSummary {
        status_href: super::status::path(ctx.schedule.as_of),
        in_progress,
        in_progress_total,
        blocked,
        blocked_total,
        finished_late,
        finished_late_total,
        baseline: super::progress::baseline_view(
            ctx.schedule.baseline.as_ref().map(|b| b.version.as_str()),
        ),
    }
}

/// Prose on the overview (links from the version root), its headings
/// starting at `top_heading`.
fn frag(id_prefix: &str, top_heading: u8) -> Fragment<'_> {
    Fragment {
        root: "",
        base_dir: "",
        top_heading,
        id_prefix,
    }
}
