//! The one Gantt model the site and the PDF draw from: rows (groups,
//! milestones, freeze windows, phases, tasks, runbook steps) with their
//! bars in time, background bands, dependencies and the as-of date, on a
//! time scale chosen from the span ([`Scale`]).
//!
//! - [`Chart::full`]: every task (the site's Gantt page);
//! - [`Chart::overview`]: phases, milestones and freeze windows (the PDF,
//!   where the full per-task chart would repeat the schedule table);
//! - [`Chart::window`]: the migration window zoomed in: the runbook steps
//!   on an hour scale when the plan has runbooks, else the tasks in the
//!   freeze window that holds the migration, by day.
//!
//! [`layout::lay_out`] turns a chart into geometry (wrapped labels, row
//! heights, bars, axis ticks, notes placed clear of the as-of line and the
//! arrows) in whatever unit the caller measures text in: pixels for the
//! site, points for the PDF. Both renderers only draw that geometry.

pub mod build;
pub mod layout;
pub mod scale;

use chrono::{NaiveDate, NaiveDateTime};

pub use scale::Scale;

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A heading row ("Key dates and freeze windows", a phase's name).
    Group,
    Milestone,
    Freeze,
    /// A person's absence (`unavailable`), under "People away".
    Away,
    /// A phase summarised as one bar (the overview chart).
    Phase,
    Task,
    /// A runbook step (the migration window chart).
    Step,
}

impl RowKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RowKind::Group => "group",
            RowKind::Milestone => "milestone",
            RowKind::Freeze => "freeze",
            RowKind::Away => "away",
            RowKind::Phase => "phase",
            RowKind::Task => "task",
            RowKind::Step => "step",
        }
    }
}

/// How a bar is drawn: one entry of the legend each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Todo,
    Doing,
    Done,
    Blocked,
    Skipped,
    Overdue,
    Freeze,
    /// A person away (`unavailable`).
    Away,
    /// A runbook step; gates and the point of no return stand out.
    Step,
    Gate,
    NoReturn,
}

impl Style {
    /// The CSS class suffix and a stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Style::Todo => "todo",
            Style::Doing => "doing",
            Style::Done => "done",
            Style::Blocked => "blocked",
            Style::Skipped => "skipped",
            Style::Overdue => "overdue",
            Style::Freeze => "freeze",
            Style::Away => "away",
            Style::Step => "step",
            Style::Gate => "gate",
            Style::NoReturn => "point-of-no-return",
        }
    }

    /// The legend's words (the task statuses as `labels` words them).
    pub fn label(self) -> &'static str {
        use crate::model::TaskStatus as S;
        use crate::render::labels::task_status_label as l;
        match self {
            Style::Todo => l(S::Todo),
            Style::Doing => l(S::Doing),
            Style::Done => l(S::Done),
            Style::Blocked => l(S::Blocked),
            Style::Skipped => l(S::Skipped),
            Style::Overdue => crate::render::tasks::OVERDUE,
            Style::Freeze => "Freeze window",
            Style::Away => "Person away",
            Style::Step => "Runbook step",
            Style::Gate => "Go / no-go gate",
            Style::NoReturn => "Point of no return",
        }
    }

    /// The bar style of a task: overdue wins over to do and in progress;
    /// blocked, done and skipped say so whatever the date.
    pub fn of_task(status: crate::model::TaskStatus, overdue: bool) -> Style {
        use crate::model::TaskStatus as S;
        match status {
            S::Blocked => Style::Blocked,
            S::Done => Style::Done,
            S::Skipped => Style::Skipped,
            _ if overdue => Style::Overdue,
            S::Doing => Style::Doing,
            S::Todo => Style::Todo,
        }
    }
}

/// The statuses every task chart's legend lists, whether or not the plan
/// uses them today.
pub const TASK_LEGEND: [Style; 6] = [
    Style::Todo,
    Style::Doing,
    Style::Done,
    Style::Blocked,
    Style::Overdue,
    Style::Skipped,
];

/// A bar from `start` to `end` (exclusive; a one-day task on day D runs
/// from D 00:00 to D+1 00:00).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub style: Style,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub kind: RowKind,
    /// The full label: never cut, wrapped by the layout.
    pub label: String,
    /// Nesting depth (indents the label).
    pub depth: u32,
    pub bar: Option<Bar>,
    /// A milestone's (or gate's) diamond.
    pub diamond: Option<NaiveDateTime>,
    /// Short text drawn beside the bar or diamond ("20 Nov"), when the
    /// layout finds room for it clear of other marks.
    pub note: Option<String>,
    /// The label with its dates and status (tooltips, alt text).
    pub tooltip: String,
    /// The task this row draws (index into `Plan::tasks`).
    pub task: Option<usize>,
}

impl Row {
    /// A row of `kind` with only a label.
    pub fn new(kind: RowKind, label: &str, depth: u32) -> Row {
        Row {
            kind,
            label: label.into(),
            depth,
            bar: None,
            diamond: None,
            note: None,
            tooltip: label.into(),
            task: None,
        }
    }
}

/// What a background band shows. New kinds (absences...) are one variant
/// and one `Band` pushed by the builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandKind {
    Freeze,
    /// A day nobody works (weekend, holiday), on day scales.
    OffDay,
}

impl BandKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BandKind::Freeze => "freeze",
            BandKind::OffDay => "off",
        }
    }
}

/// A shaded span behind all rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub kind: BandKind,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// Tooltip / alt text.
    pub label: String,
}

/// One chart: the model both renderers draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// "Whole plan", "Migration window": the chart's caption.
    pub title: String,
    /// The time shown, and its scale.
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub scale: Scale,
    pub rows: Vec<Row>,
    pub bands: Vec<Band>,
    /// Faint vertical lines over all rows (milestones).
    pub lines: Vec<NaiveDateTime>,
    /// The as-of line (start of the as-of day), when on the chart.
    pub as_of: Option<NaiveDateTime>,
    /// Finish-to-start arrows (indices into `rows`).
    pub deps: Vec<(usize, usize)>,
    /// The bar styles the legend lists.
    pub legend: Vec<Style>,
    /// A sentence describing the chart (alt text, `aria-label`).
    pub summary: String,
}

impl Chart {
    /// A chart with no rows from `start` to `end`, on the scale their span
    /// calls for: push rows, bands and lines onto it.
    pub fn empty(title: &str, start: NaiveDateTime, end: NaiveDateTime) -> Chart {
        Chart {
            title: title.into(),
            start,
            end,
            scale: Scale::for_span(start, end),
            rows: Vec::new(),
            bands: Vec::new(),
            lines: Vec::new(),
            as_of: None,
            deps: Vec::new(),
            legend: TASK_LEGEND.to_vec(),
            summary: title.into(),
        }
    }

    /// The first and last day shown.
    pub fn days(&self) -> (NaiveDate, NaiveDate) {
        let last = if self.end.time() == chrono::NaiveTime::MIN && self.end > self.start {
            self.end.date().pred_opt().unwrap_or(self.end.date())
        } else {
            self.end.date()
        };
        (self.start.date(), last)
    }
}

pub use build::{full, overview, window};

#[cfg(test)]
mod tests;
