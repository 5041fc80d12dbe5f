//! The Gantt model on real plans: every task once, full labels, and no
//! text overlapping other text or crossed by the as-of line or an arrow,
//! in the site's pixels and in the PDF's points.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::layout::{Metrics, lay_out};
use super::*;
use crate::render::tasks;

fn compiled(root: &Path, as_of: &str) -> crate::Compiled {
    let as_of = NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap();
    match crate::compile(root, as_of) {
        Ok(c) => c,
        Err(f) => panic!("{:?}", f.diagnostics),
    }
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A plan unlike the example: a school district's, with very long names,
/// words longer than the label column, deep nesting, tasks without a
/// phase, arrows both ways, three freeze windows, and milestones days
/// apart.
fn long_names_plan() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-gantt-long-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("content")).unwrap();
    let mut tasks = String::from(
        "phases:\n  - Planning and requirements for the student information system replacement across all twenty-three school sites\n  - Cutover\n\ntasks:\n",
    );
    for i in 0..60 {
        let phase = match i % 3 {
            0 => {
                "    phase: Planning and requirements for the student information system replacement across all twenty-three school sites\n"
            }
            1 => "    phase: Cutover\n",
            _ => "",
        };
        let parent = if i % 5 == 4 {
            format!("    parent: t{}\n", i - 1)
        } else {
            String::new()
        };
        let after = if i > 2 && i % 4 == 0 {
            format!("    after: [t{}]\n", i - 3)
        } else {
            String::new()
        };
        let title = if i % 7 == 0 {
            format!("CALPADSEnrollmentExitCodeCrosswalkValidationAndReconciliationStep{i}")
        } else {
            format!(
                "Task {i}: reconcile the attendance, grades, transcripts, immunisation records and special education plans for every site (wave {})",
                i % 4
            )
        };
        let due = format!("{} days before migration", 70 - i);
        write!(
            tasks,
            "  - id: t{i}\n    title: \"{title}\"\n{phase}{parent}{after}    due: {due}\n    start: {} days before migration\n",
            75 - i
        )
        .unwrap();
    }
    std::fs::write(dir.join("content/tasks.yaml"), tasks).unwrap();
    std::fs::write(
        dir.join("content/plan.yaml"),
        "plan:\n  title: District SIS migration\n  version: 1.0.0\n\ncalendar:\n  timezone: America/Los_Angeles\n\nmilestones:\n  project-start: 2027-03-01\n  migration: 2027-06-19\n  go-live: 2 days after migration\n  dry-run: 1 day before migration\n  training: 3 days before migration\n\nfreeze:\n  - name: Student information system read-only freeze for every school site and the district office\n    start: 1 day before migration at 17:00\n    end: go-live at 06:00\n  - name: Gradebook export freeze\n    start: 10 days before migration at 08:00\n    end: 9 days before migration at 08:00\n  - name: Short\n    start: migration at 09:00\n    end: migration at 10:00\n",
    )
    .unwrap();
    dir
}

/// The site's metrics (`html::gantt`) and a PDF-like set in points.
fn metrics_sets() -> Vec<(&'static str, f64, Metrics<'static>)> {
    static PDF_MEASURE: fn(&str, f64, bool) -> f64 = |s: &str, size: f64, bold: bool| {
        s.chars().count() as f64 * size * if bold { 0.6 } else { 0.55 }
    };
    let site = Metrics {
        label_width: 260.0,
        chart_width: 0.0,
        right_room: 96.0,
        font: 12.0,
        small: 10.5,
        line: 15.0,
        pad: 4.5,
        indent: 14.0,
        bar: 12.0,
        axis: 44.0,
        foot: 20.0,
        measure: &crate::render::html::gantt::text_px,
    };
    let pdf = Metrics {
        label_width: 200.0,
        chart_width: 0.0,
        right_room: 64.0,
        font: 7.6,
        small: 6.6,
        line: 9.4,
        pad: 2.6,
        indent: 8.0,
        bar: 7.0,
        axis: 30.0,
        foot: 14.0,
        measure: &PDF_MEASURE,
    };
    vec![("site", 900.0, site), ("pdf", 506.0, pdf)]
}

fn check_plan(root: &Path, as_of: &str) {
    let c = compiled(root, as_of);
    let tree = tasks::tree(&c.plan, &c.schedule);
    let charts: Vec<Chart> = [
        full(&c.plan, &c.schedule, &tree),
        overview(&c.plan, &c.schedule, &tree),
        window(&c.plan, &c.schedule, &tree),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(charts.len() >= 2, "{}", root.display());
    // The full chart has every task exactly once, in the tree's order.
    let full_chart = &charts[0];
    let order: Vec<usize> = full_chart.rows.iter().filter_map(|r| r.task).collect();
    let tree_order: Vec<usize> = tree
        .iter()
        .flat_map(|g| g.rows.iter().map(|r| r.0))
        .collect();
    assert_eq!(order, tree_order);
    assert_eq!(order.len(), c.plan.tasks.len());
    for chart in &charts {
        for (name, width, m) in metrics_sets() {
            let m = Metrics {
                chart_width: width,
                ..m
            };
            let laid = lay_out(chart, &m);
            let problems = laid.collisions();
            assert!(
                problems.is_empty(),
                "{} / {} / {name}: {}",
                root.display(),
                chart.title,
                problems[..problems.len().min(5)].join("\n")
            );
            // Labels are whole: their lines put back together give the label.
            for (row, b) in chart.rows.iter().zip(&laid.rows) {
                let joined: String = b.lines.iter().map(|l| l.text.as_str()).collect();
                let squash = |s: &str| s.split_whitespace().collect::<String>();
                assert_eq!(squash(&joined), squash(&row.label));
            }
        }
    }
}

#[test]
fn the_example_plan_draws_clean() {
    check_plan(&fixture("."), "2026-11-20");
    check_plan(&fixture("."), "2027-01-16");
}

/// A fixture folder that is a `content/` folder itself, as a project.
fn content_fixture(rel: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "migplan-gantt-{}-{}",
        rel.replace('/', "-"),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let from = fixture(rel);
    let mut stack = vec![from.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let to = dir.join("content").join(p.strip_prefix(&from).unwrap());
            if p.is_dir() {
                stack.push(p);
            } else {
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::copy(&p, to).unwrap();
            }
        }
    }
    dir
}

#[test]
fn the_dense_fixture_draws_clean() {
    let root = content_fixture("tests/fixtures/dense");
    check_plan(&root, "2027-03-01");
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn long_names_and_arrows_draw_clean() {
    let root = long_names_plan();
    check_plan(&root, "2027-05-01");
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn the_runbook_window_is_on_an_hour_scale_and_the_legend_lists_every_status() {
    let c = compiled(&fixture("."), "2026-11-20");
    let tree = tasks::tree(&c.plan, &c.schedule);
    let w = window(&c.plan, &c.schedule, &tree).unwrap();
    assert!(matches!(w.scale, Scale::Hours(_)), "{:?}", w.scale);
    let steps = w.rows.iter().filter(|r| r.kind == RowKind::Step).count();
    assert_eq!(
        steps,
        c.plan.runbooks.iter().map(|r| r.steps.len()).sum::<usize>()
    );
    let f = full(&c.plan, &c.schedule, &tree).unwrap();
    for s in [Style::Blocked, Style::Doing, Style::Done, Style::Overdue] {
        assert!(f.legend.contains(&s), "{s:?}");
    }
    // The example's blocked task is drawn as blocked, not as planned.
    let blocked = c
        .plan
        .tasks
        .iter()
        .position(|t| t.status() == crate::model::TaskStatus::Blocked)
        .unwrap();
    let row = f.rows.iter().find(|r| r.task == Some(blocked)).unwrap();
    assert_eq!(row.bar.as_ref().unwrap().style, Style::Blocked);
}

#[test]
fn long_words_wrap_and_nothing_is_cut() {
    let m = |s: &str, _: f64, _: bool| s.chars().count() as f64;
    let lines = layout::wrap("a bb ccccccccccc dd", 5.0, 1.0, false, &m);
    assert_eq!(lines, ["a bb", "ccccc", "ccccc", "c dd"]);
    assert_eq!(layout::wrap("", 5.0, 1.0, false, &m), [""]);
}

#[test]
fn the_checker_sees_overlaps_and_crossings() {
    let c = compiled(&fixture("."), "2026-11-20");
    let tree = tasks::tree(&c.plan, &c.schedule);
    let chart = full(&c.plan, &c.schedule, &tree).unwrap();
    let (_, width, m) = metrics_sets().remove(0);
    let m = Metrics {
        chart_width: width,
        ..m
    };
    let laid = lay_out(&chart, &m);
    assert!(laid.collisions().is_empty());
    // A note moved onto the as-of line is reported...
    let mut crossed = laid.clone();
    let (ax, _) = crossed.as_of.clone().unwrap();
    let row = crossed.rows.iter_mut().find(|r| r.note.is_some()).unwrap();
    row.note.as_mut().unwrap().rect.x = ax - 2.0;
    assert!(crossed.collisions().iter().any(|p| p.starts_with("line")));
    // ... and so is a label line moved onto the next row's.
    let mut stacked = laid.clone();
    let next = stacked.rows[3].lines[0].rect;
    stacked.rows[2].lines[0].rect.y = next.y;
    assert!(stacked.collisions().iter().any(|p| p.starts_with("text")));
}

#[test]
fn absences_are_drawn_under_people_away_and_draw_clean() {
    // The school fixture: Tom Becker is away in July.
    let root = fixture("tests/fixtures/people/school");
    let c = compiled(&root, "2027-03-01");
    let tree = tasks::tree(&c.plan, &c.schedule);
    for chart in [
        full(&c.plan, &c.schedule, &tree).unwrap(),
        overview(&c.plan, &c.schedule, &tree).unwrap(),
    ] {
        let group = chart
            .rows
            .iter()
            .position(|r| r.kind == RowKind::Group && r.label == "People away")
            .expect("a People away group");
        let away = &chart.rows[group + 1];
        assert_eq!(away.kind, RowKind::Away);
        assert_eq!(away.label, "Tom Becker away");
        let bar = away.bar.as_ref().unwrap();
        assert_eq!(bar.style, Style::Away);
        assert!(bar.start.date() < bar.end.date());
        assert!(chart.legend.contains(&Style::Away));
    }
    check_plan(&root, "2027-03-01");
}
