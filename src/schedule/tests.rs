//! Plans built in code -> `schedule()`: dates, explanations, references,
//! cycles and limits, end to end through the engine.

use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::testplan::{COL, TestPlan, as_of};
use super::*;
use crate::diag::{self, Pos};
use crate::model::Sp;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn run(p: &TestPlan) -> (Option<Schedule>, Vec<Diagnostic>) {
    schedule(&p.plan, as_of())
}

fn ok(p: &TestPlan) -> Schedule {
    let (s, diags) = run(p);
    assert!(diags.is_empty(), "{diags:#?}");
    s.expect("a schedule")
}

fn errors(p: &TestPlan) -> Vec<Diagnostic> {
    let (s, diags) = run(p);
    assert!(s.is_none(), "errors expected: {diags:#?}");
    let mut diags = diags;
    diag::sort(&mut diags);
    diags.into_iter().filter(Diagnostic::is_error).collect()
}

/// The position of a task's `due` rule, shifted into it.
fn due_pos(p: &TestPlan, task: usize, offset: usize, len: usize) -> Pos {
    p.plan.tasks[task]
        .due
        .as_ref()
        .unwrap()
        .pos
        .shifted(offset, len)
}

fn migration_plan() -> TestPlan {
    TestPlan::new()
        .holidays(&["2026-12-25", "2027-01-01"])
        .milestone("migration", "2027-01-16")
        .milestone("go-live", "2 days after migration")
        .milestone("test-conversion", "5 weeks before migration")
        .milestone("dry-run", "2026-12-07")
        .task(
            "schedule-test-conversion",
            &[("due", "8 weeks before migration")],
        )
        .task(
            "install-hardware",
            &[
                ("start", "2 weeks before migration"),
                ("due", "1 week before migration"),
            ],
        )
        .task("confirm-connectivity", &[("during", "install-hardware")])
        .task(
            "order-cables",
            &[("due", "3 days before install-hardware.start")],
        )
        .task("wrap-up", &[("due", "1 day after migration")])
        .task("office-party", &[("due", "2026-12-25")])
        .task("boxes", &[("due", "3 weeks before migration")])
        .task("labels", &[("due", "22 days before migration")])
        .task("on-site", &[("due", "migration")])
        .task("credentials", &[("due", "2 business days before dry-run")])
        .task("check", &[("due", "1 day after install-hardware.due")])
        .freeze(
            "PMS data freeze",
            "1 day before migration at 18:00",
            "go-live at 07:00",
        )
        .freeze(
            "Sunday freeze",
            "1 day after migration",
            "2 days after migration",
        )
}

#[test]
fn computes_dates_with_explanations() {
    let p = migration_plan();
    let s = ok(&p);
    let m: Vec<(&str, NaiveDate, &str)> = s
        .milestones
        .iter()
        .map(|m| (m.id.as_str(), m.when.date, m.when.explanation.as_str()))
        .collect();
    assert_eq!(
        m,
        [
            ("migration", d("2027-01-16"), "fixed date Sat 16 Jan 2027"),
            (
                "go-live",
                d("2027-01-18"),
                "2 days after migration (Sat 16 Jan 2027) = Mon 18 Jan 2027"
            ),
            // Milestones are never moved.
            (
                "test-conversion",
                d("2026-12-12"),
                "5 weeks before migration (Sat 16 Jan 2027) = Sat 12 Dec 2026"
            ),
            ("dry-run", d("2026-12-07"), "fixed date Mon 7 Dec 2026"),
        ]
    );
    let due = |i: usize| (s.tasks[i].due.date, s.tasks[i].due.explanation.as_str());
    let cases = [
        (
            0,
            "2026-11-20",
            "8 weeks before migration (Sat 16 Jan 2027) = Sat 21 Nov 2026, moved to the previous working day (Fri 20 Nov 2026)",
        ),
        (
            1,
            "2027-01-08",
            "1 week before migration (Sat 16 Jan 2027) = Sat 9 Jan 2027, moved to the previous working day (Fri 8 Jan 2027)",
        ),
        (
            2,
            "2027-01-08",
            "during install-hardware: Thu 31 Dec 2026 to Fri 8 Jan 2027",
        ),
        (
            3,
            "2026-12-28",
            "3 days before install-hardware.start (Thu 31 Dec 2026) = Mon 28 Dec 2026",
        ),
        (
            4,
            "2027-01-18",
            "1 day after migration (Sat 16 Jan 2027) = Sun 17 Jan 2027, moved to the next working day (Mon 18 Jan 2027)",
        ),
        (5, "2026-12-25", "fixed date Fri 25 Dec 2026"),
        (
            6,
            "2026-12-24",
            "3 weeks before migration (Sat 16 Jan 2027) = Sat 26 Dec 2026, moved to the previous working day (Thu 24 Dec 2026)",
        ),
        (
            7,
            "2026-12-24",
            "22 days before migration (Sat 16 Jan 2027) = Fri 25 Dec 2026, a holiday, moved to the previous working day (Thu 24 Dec 2026)",
        ),
        (8, "2027-01-16", "same day as migration (Sat 16 Jan 2027)"),
        (
            9,
            "2026-12-03",
            "2 business days before dry-run (Mon 7 Dec 2026) = Thu 3 Dec 2026",
        ),
        (
            10,
            "2027-01-11",
            "1 day after install-hardware.due (Fri 8 Jan 2027) = Sat 9 Jan 2027, moved to the next working day (Mon 11 Jan 2027)",
        ),
    ];
    for (i, date, text) in cases {
        assert_eq!(due(i), (d(date), text), "task {i}");
    }
    let start = s.tasks[1].start.as_ref().unwrap();
    assert_eq!(start.date, d("2026-12-31"));
    assert_eq!(
        start.explanation,
        "2 weeks before migration (Sat 16 Jan 2027) = Sat 2 Jan 2027, moved to the previous working day (Thu 31 Dec 2026)"
    );
    assert_eq!(
        s.tasks[2].start.as_ref().map(|c| c.date),
        Some(d("2026-12-31"))
    );
    assert!(s.tasks[0].start.is_none());

    let f = &s.freezes[0];
    assert_eq!(f.start, d("2027-01-15").and_hms_opt(18, 0, 0).unwrap());
    assert_eq!(f.end, d("2027-01-18").and_hms_opt(7, 0, 0).unwrap());
    assert_eq!(
        f.start_explanation,
        "1 day before migration (Sat 16 Jan 2027) = Fri 15 Jan 2027 at 18:00"
    );
    assert_eq!(
        f.end_explanation,
        "same day as go-live (Mon 18 Jan 2027) at 07:00"
    );
    // Freeze windows are never moved.
    assert_eq!(
        s.freezes[1].start,
        d("2027-01-17").and_hms_opt(0, 0, 0).unwrap()
    );
}

#[test]
fn dependencies_may_come_later_in_the_plan() {
    let p = TestPlan::new()
        .task(
            "b",
            &[("start", "a.start"), ("due", "1 business day after a")],
        )
        .task("a", &[("start", "m"), ("due", "1 week after m")])
        .milestone("m", "2027-01-04");
    let s = ok(&p);
    assert_eq!(s.tasks[0].start.as_ref().unwrap().date, d("2027-01-04"));
    assert_eq!(s.tasks[0].due.date, d("2027-01-12"));
}

#[test]
fn ids_match_exactly_then_case_insensitively() {
    let p = TestPlan::new()
        .milestone("go-live", "2027-01-18")
        .task("a", &[("due", "1 day before Go-Live")]);
    assert_eq!(ok(&p).tasks[0].due.date, d("2027-01-15"));

    // `GO` and `go` fold together: `Go` is ambiguous.
    let p = TestPlan::new()
        .milestone("GO", "2027-01-18")
        .milestone("go", "2027-01-19")
        .task("a", &[("due", "go")])
        .task("b", &[("due", "Go")]);
    let e = errors(&p);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].pos(), Some(due_pos(&p, 1, 0, 2)));
}

#[test]
fn unknown_anchors_point_at_the_id() {
    let p = TestPlan::new()
        .milestone("go-live", "2027-01-18")
        .task("install-hardware", &[("due", "go-live")])
        .task("a", &[("due", "2 days before go-liv")])
        .task("b", &[("due", "install-hardwar.start")])
        .task("c", &[("due", "1 day after zzzzzz")])
        .task("d", &[("due", "1 day after a")]);
    let e = errors(&p);
    assert_eq!(e.len(), 3, "one per unknown id, none for `d`: {e:#?}");
    assert_eq!(e[0].pos(), Some(due_pos(&p, 1, 14, 6)));
    assert_eq!(e[0].message, "no milestone or task has the id `go-liv`");
    assert_eq!(e[0].hint.as_deref(), Some("did you mean `go-live`?"));
    assert_eq!(e[1].pos(), Some(due_pos(&p, 2, 0, 21)));
    assert_eq!(
        e[1].hint.as_deref(),
        Some("did you mean `install-hardware`?")
    );
    assert_eq!(e[2].hint, None);
}

#[test]
fn quoted_rules_shift_the_caret_past_the_quote() {
    let mut p = TestPlan::new()
        .milestone("go-live", "2027-01-18")
        .task("a", &[("due", "2 days before go-liv")]);
    let due = p.plan.tasks[0].due.as_mut().unwrap();
    due.pos.len += 2;
    let e = errors(&p);
    assert_eq!(e[0].pos().map(|p| (p.col, p.len)), Some((COL + 15, 6)));
}

#[test]
fn start_of_a_task_without_one() {
    let p = TestPlan::new()
        .milestone("m", "2027-01-18")
        .task("x", &[("due", "m")])
        .task("y", &[("during", "x")])
        .task("a", &[("due", "1 day before x.start")])
        .task("b", &[("due", "y.start")])
        .task("c", &[("due", "m.start")]);
    let e = errors(&p);
    assert_eq!(e.len(), 3, "{e:#?}");
    assert_eq!(e[0].message, "task `x` has no start date");
    assert_eq!(e[0].pos(), Some(due_pos(&p, 2, 13, 7)));
    assert!(
        e[0].hint
            .as_deref()
            .unwrap()
            .contains("give `x` a `start:`")
    );
    assert!(
        e[1].hint
            .as_deref()
            .unwrap()
            .contains("`y` is during `x`, which has no start")
    );
    assert!(e[2].message.contains("`m` is a milestone"), "{:?}", e[2]);
}

#[test]
fn during_needs_a_task_and_replaces_due() {
    let p = TestPlan::new()
        .milestone("m", "2027-01-18")
        .task("x", &[("due", "m")])
        .task("a", &[("during", "m")])
        .task("b", &[("during", "xx")])
        .task("c", &[("during", "x"), ("due", "m")])
        .task("d", &[]);
    let e = errors(&p);
    let msgs: Vec<&str> = e.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "`during` takes a task id, and `m` is a milestone",
            "no milestone or task has the id `xx`",
            "task `c` has both `during` and `due`",
            "task `d` has no date",
        ]
    );
    assert_eq!(e[1].hint.as_deref(), Some("did you mean `x`?"));
}

#[test]
fn cycles_print_every_step() {
    let p = TestPlan::new()
        .milestone("m", "1 week after c")
        .task("a", &[("due", "2 days before b")])
        .task("b", &[("due", "1 day after c")])
        .task("c", &[("due", "a")])
        .task("d", &[("due", "1 day after a")])
        .task("e", &[("start", "1 day before e"), ("due", "e.start")])
        .task("f", &[("during", "g")])
        .task("g", &[("during", "f")]);
    let e = errors(&p);
    assert_eq!(e.len(), 3, "one per cycle, none for `m` or `d`: {e:#?}");
    assert_eq!(
        e[0].message,
        "these dates depend on each other in a cycle: a -> b -> c -> a"
    );
    assert_eq!(e[0].pos(), Some(p.plan.tasks[0].due.as_ref().unwrap().pos));
    let notes: Vec<(u32, &str)> = e[0]
        .notes
        .iter()
        .map(|n| (n.pos.unwrap().line, n.message.as_str()))
        .collect();
    let line = |t: usize| p.plan.tasks[t].due.as_ref().unwrap().pos.line;
    assert_eq!(
        notes,
        [
            (line(0), "`a` is due `2 days before b`"),
            (line(1), "`b` is due `1 day after c`"),
            (line(2), "`c` is due `a`"),
        ]
    );
    assert_eq!(
        e[1].message,
        "these dates depend on each other in a cycle: e.start -> e -> e.start"
    );
    assert_eq!(e[1].notes[0].message, "`e` starts `1 day before e`");
    assert_eq!(
        e[2].message,
        "these dates depend on each other in a cycle: f -> g -> f"
    );
    assert_eq!(e[2].notes[0].message, "`f` is during `g`");
}

#[test]
fn self_reference_is_a_cycle() {
    let p = TestPlan::new().milestone("m", "1 day after m");
    let e = errors(&p);
    assert_eq!(
        e[0].message,
        "these dates depend on each other in a cycle: m -> m"
    );
    assert_eq!(e[0].notes[0].message, "milestone `m` is `1 day after m`");
}

#[test]
fn absurd_offsets_are_errors() {
    let p = TestPlan::new()
        .milestone("m", "2027-01-18")
        .task("a", &[("due", "99999 weeks after m")])
        .task("b", &[("due", "18446744073709551616 days after m")])
        .task("c", &[("due", "1200 months after m")]);
    let e = errors(&p);
    assert_eq!(e.len(), 2, "{e:#?}");
    assert!(
        e.iter()
            .all(|e| e.message.contains("more than a hundred years"))
    );
}

#[test]
fn chains_beyond_the_calendar_are_one_error() {
    let mut p = TestPlan::new().milestone("m0", "2200-12-31");
    for i in 1..3000 {
        p = p.milestone(&format!("m{i}"), &format!("1200 months after m{}", i - 1));
    }
    let e = errors(&p);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].message.contains("beyond the calendar"),
        "{}",
        e[0].message
    );
}

#[test]
fn an_empty_workweek_is_one_error() {
    let p = TestPlan::new()
        .workdays(&[])
        .milestone("m", "2027-01-18")
        .task("a", &[("due", "1 business day after m")])
        .task("b", &[("due", "1 day after m")])
        .task("c", &[("due", "2 weeks after m")])
        .task("d", &[("due", "m")]);
    let e = errors(&p);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(
        e[0].pos(),
        Some(p.plan.calendar.workdays.as_ref().unwrap().pos)
    );
    assert_eq!(
        e[0].notes[0].pos,
        Some(p.plan.tasks[0].due.as_ref().unwrap().pos)
    );
}

#[test]
fn other_workweeks_move_dates_accordingly() {
    use chrono::Weekday::*;
    let p = TestPlan::new()
        .workdays(&[Tue, Wed, Thu, Fri, Sat])
        .milestone("m", "2027-01-18") // Monday: not worked
        .task("a", &[("due", "1 day after m")])
        .task("b", &[("due", "2 days before m")])
        .task("c", &[("due", "1 business day before m")]);
    let s = ok(&p);
    let dues: Vec<NaiveDate> = s.tasks.iter().map(|t| t.due.date).collect();
    assert_eq!(dues, [d("2027-01-19"), d("2027-01-16"), d("2027-01-16")]);
}

#[test]
fn duplicate_ids_do_not_panic_and_the_first_wins() {
    let p = TestPlan::new()
        .milestone("x", "2027-01-18")
        .task("x", &[("due", "2027-02-01")])
        .task("y", &[("due", "x")])
        .task("y", &[("due", "1 day after y")]);
    let s = ok(&p);
    assert_eq!(s.tasks[1].due.date, d("2027-01-18"));
    assert_eq!(s.tasks[2].due.date, d("2027-01-19"));
}

#[test]
fn ten_thousand_task_chain_is_quick() {
    let n = 10_000;
    let mut p = TestPlan::new().milestone("m", "2027-01-04");
    // Listed last-first, so every anchor is resolved before its dependents
    // only through the dependency order.
    for i in (0..n).rev() {
        let prev = if i == 0 {
            "m".to_string()
        } else {
            format!("t{}", i - 1)
        };
        let due = match i % 3 {
            0 => format!("1 business day after {prev}"),
            1 => format!("1 day after {prev}"),
            _ => format!("{prev}.due"),
        };
        p = p.task(&format!("t{i}"), &[("start", &prev), ("due", &due)]);
    }
    let started = Instant::now();
    let s = ok(&p);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // t0 is the last task listed.
    assert_eq!(s.tasks[n - 1].due.date, d("2027-01-05"));
    // Two working days every three tasks (worked out with Python).
    assert_eq!(s.tasks[0].due.date, d("2052-07-24"));
}

#[test]
fn parse_errors_point_inside_the_rule() {
    let p = TestPlan::new()
        .milestone("migration", "2027-01-16")
        .milestone("m", "no less than 8 weeks before migration")
        .task("a", &[("due", "8 wekes before migration")])
        .task("b", &[("due", "go-live at 07:00")])
        .freeze("f", "2026-02-30", "migration at 25:00");
    let e = errors(&p);
    let got: Vec<(u32, u32, u32, Option<&str>)> = e
        .iter()
        .map(|e| {
            let p = e.pos().unwrap();
            (p.line, p.col, p.len, e.hint.as_deref())
        })
        .collect();
    let line = |s: &Sp<String>| s.pos.line;
    assert_eq!(
        got,
        [
            (
                line(&p.plan.milestones[1].1),
                COL,
                12,
                Some("write `8 weeks before migration`")
            ),
            (
                line(p.plan.tasks[0].due.as_ref().unwrap()),
                COL + 2,
                5,
                Some("did you mean `weeks`?")
            ),
            (
                line(p.plan.tasks[1].due.as_ref().unwrap()),
                COL + 8,
                8,
                Some("remove `at 07:00`: milestones and task dates are whole days")
            ),
            (line(&p.plan.freeze[0].start), COL, 10, None),
            (
                line(&p.plan.freeze[0].end),
                COL + 13,
                5,
                Some("write HH:MM on a 24-hour clock, e.g. `at 18:00`")
            ),
        ]
    );
    assert_eq!(
        e[3].message,
        "`2026-02-30` is not a valid date: February 2026 has 28 days"
    );
}
