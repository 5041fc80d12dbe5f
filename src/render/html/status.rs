//! The status page's view (`status`, at `status/<as-of>.html`): the
//! [`StatusReport`](crate::status::StatusReport) for the site's as-of date,
//! each task linked to its row on the schedule page.

use serde::Serialize;

use crate::status::StatusReport;

use super::ctx::Ctx;
use super::dates::DateView;
use super::progress::{BaselineView, baseline_view};
use super::view::TaskRef;

/// The page's path inside the version folder for a report as of `as_of`.
pub fn path(as_of: chrono::NaiveDate) -> String {
    format!("status/{as_of}.html")
}

/// The archived PDF of the report as of `as_of`, beside its page.
pub fn pdf_name(as_of: chrono::NaiveDate) -> String {
    format!("{as_of}.pdf")
}

/// An earlier report, linked from the status page.
#[derive(Debug, Clone, Serialize)]
pub struct ReportLink {
    pub date: DateView,
    /// The version whose folder holds it.
    pub version: String,
    /// Relative to the status page (`status/<date>.html`).
    pub href: String,
    pub pdf_href: String,
}

/// The archived reports other than this one, newest first, linked from a
/// page of `version` in `status/`.
pub fn earlier(
    reports: &[(chrono::NaiveDate, String)],
    version: &str,
    as_of: chrono::NaiveDate,
) -> Vec<ReportLink> {
    let mut out: Vec<ReportLink> = reports
        .iter()
        .filter(|(d, _)| *d != as_of)
        .map(|(d, v)| {
            let dir = if v == version {
                String::new()
            } else {
                format!("../../{}/status/", super::sections::href_of(v))
            };
            ReportLink {
                date: DateView::day(*d),
                version: v.clone(),
                href: format!("{dir}{d}.html"),
                pdf_href: format!("{dir}{d}.pdf"),
            }
        })
        .collect();
    out.reverse();
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub as_of: DateView,
    /// "Done" counts from here (the previous report, or the project start).
    pub since: Option<DateView>,
    pub baseline: BaselineView,
    /// Overdue, blocked, in progress, due soon, done, variance: in that order.
    pub sections: Vec<StatusSection>,
    /// Names of the signers who have not approved this version.
    pub signoffs_outstanding: Vec<String>,
    pub open_risks: Vec<RiskLine>,
    /// The reports of earlier dates in the archive, newest first.
    pub earlier: Vec<ReportLink>,
    /// This report's PDF (beside the page), when the build writes one.
    pub pdf: Option<String>,
}

/// One list of tasks in the report.
#[derive(Debug, Clone, Serialize)]
pub struct StatusSection {
    pub title: String,
    /// HTML id of the section's heading.
    pub anchor: String,
    /// Each task (with its progress: baseline, actuals, variance).
    pub tasks: Vec<TaskRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskLine {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub likelihood: Option<String>,
    pub impact: Option<String>,
}

pub(crate) fn build(ctx: &Ctx, report: &StatusReport) -> StatusView {
    let sections = report
        .task_sections()
        .into_iter()
        .map(|(key, title, items)| StatusSection {
            anchor: format!("status-{key}"),
            title,
            tasks: items
                .iter()
                .filter_map(|it| ctx.task_index(&it.id))
                .map(|i| ctx.task_ref(i))
                .collect(),
        })
        .collect();
    StatusView {
        as_of: DateView::day(report.as_of),
        since: report.since.map(DateView::day),
        baseline: baseline_view(report.baseline.as_deref()),
        sections,
        signoffs_outstanding: report
            .signoffs_outstanding
            .iter()
            .map(|p| p.name.clone())
            .collect(),
        open_risks: report
            .open_risks
            .iter()
            .map(|r| RiskLine {
                id: r.id.clone(),
                title: r.title.clone(),
                owner: r.owner.clone(),
                likelihood: r.likelihood.clone(),
                impact: r.impact.clone(),
            })
            .collect(),
        earlier: Vec::new(),
        pdf: None,
    }
}
