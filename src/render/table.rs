//! Plan + Schedule -> a terminal table: milestones, then tasks grouped by
//! phase with sub-tasks indented under their parents.

use chrono::NaiveDate;

use crate::model::Plan;
use crate::schedule::Schedule;

use super::rows;
use crate::report::printable;

const TITLE_MAX: usize = 64;

pub fn render(plan: &Plan, schedule: &Schedule, color: bool) -> String {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    let meta = &plan.meta.value;
    out.push_str(&paint(
        "1",
        &format!(
            "{} — version {} ({})",
            printable(&meta.title.value),
            meta.version.value,
            meta.status()
        ),
    ));
    out.push_str(&format!("\nschedule as of {}\n", day(schedule.as_of)));

    if !schedule.milestones.is_empty() {
        out.push_str(&format!("\n{}\n", paint("1;36", "Milestones")));
        let w = schedule
            .milestones
            .iter()
            .map(|m| plan.milestone_title(&m.id).chars().count())
            .max()
            .unwrap_or(0);
        for m in &schedule.milestones {
            out.push_str(&format!(
                "  {:15}  {:w$}  {}\n",
                day(m.when.date),
                printable(plan.milestone_title(&m.id)),
                paint("2", &printable(&m.when.explanation)),
            ));
        }
    }

    let groups = rows::by_phase(plan, schedule);
    let all: Vec<&rows::TaskRow> = groups.iter().flat_map(|(_, g)| g).collect();
    let title_w = all
        .iter()
        .map(|r| (r.depth * 2 + r.title.chars().count()).min(TITLE_MAX))
        .max()
        .unwrap_or(4)
        .max(4);
    let owner_w = all
        .iter()
        .map(|r| r.owner.unwrap_or("").chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    for (phase, group) in &groups {
        out.push_str(&format!(
            "\n{}\n",
            paint(
                "1;36",
                &printable(phase.unwrap_or(crate::render::tasks::NO_PHASE))
            )
        ));
        out.push_str(&paint(
            "2",
            &format!(
                "  {:15}  {:15}  {:title_w$}  {:owner_w$}  STATUS\n",
                "DUE", "START", "TASK", "OWNER"
            ),
        ));
        for r in group {
            let title = fit(
                &format!("{}{}", "  ".repeat(r.depth), printable(r.title)),
                title_w,
            );
            let start = r.start.map(day).unwrap_or_else(|| "—".into());
            let status = plan.tasks[r.index].status();
            let words = crate::render::tasks::status_text(status, r.overdue);
            let status = if r.overdue {
                paint("1;31", &words)
            } else if status == crate::model::TaskStatus::Done {
                paint("32", &words)
            } else {
                words
            };
            out.push_str(&format!(
                "  {:15}  {:15}  {}  {:owner_w$}  {}\n",
                day(r.due),
                start,
                pad(&title, title_w),
                printable(r.owner.unwrap_or("")),
                status
            ));
        }
    }
    let overdue = all.iter().filter(|r| r.overdue).count();
    out.push_str(&format!("\n{} tasks, {} overdue\n", all.len(), overdue));
    out
}

/// `Fri 20 Nov 2026`.
fn day(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

fn fit(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(w.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(w.saturating_sub(n)))
}
