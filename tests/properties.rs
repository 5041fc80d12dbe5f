//! Property tests (proptest) of the calendar and the scheduler, through the
//! library: generated plans are written to a temporary project and compiled
//! with `migplan::compile(root, as_of)`; dates are checked against the rules
//! of docs/format.md ("When-rules") with an independent working-day oracle.
//!
//! Case counts are kept small so that `cargo test` stays fast; raise them
//! with `PROPTEST_CASES=2000 cargo test --test properties`. A failure prints
//! the shrunk input and proptest saves its seed under
//! `tests/properties.proptest-regressions` (commit that file).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{Datelike, Days, NaiveDate};
use migplan::Compiled;
use migplan::schedule::parse_rule;
use proptest::prelude::*;
use proptest::test_runner::Config;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// Default case count (`PROPTEST_CASES` overrides it).
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------
// Scratch projects

/// A fresh project folder with `files` under `content/`, removed on drop.
struct Project(PathBuf);

impl Project {
    fn new(files: &[(String, String)]) -> Project {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "migplan-prop-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&root);
        for (name, text) in files {
            let p = root.join("content").join(name);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, text).unwrap();
        }
        Project(root)
    }

    fn compile(&self) -> Compiled {
        match migplan::compile(&self.0, as_of()) {
            Ok(c) => c,
            Err(f) => panic!(
                "plan did not compile:\n{}\n{}",
                f.diagnostics
                    .iter()
                    .map(|d| d.message.clone())
                    .collect::<Vec<_>>()
                    .join("\n"),
                self.dump()
            ),
        }
    }

    fn dump(&self) -> String {
        let mut out = String::new();
        for e in walk(&self.0.join("content")) {
            out.push_str(&format!(
                "--- {}\n{}\n",
                e.display(),
                fs::read_to_string(&e).unwrap_or_default()
            ));
        }
        out
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

// ---------------------------------------------------------------------------
// A working calendar and its oracle

#[derive(Debug, Clone)]
struct Cal {
    /// Bit i: the i-th day from Monday is a workday (never 0).
    workdays: u8,
    holidays: Vec<NaiveDate>,
}

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl Cal {
    fn working(&self, d: NaiveDate) -> bool {
        self.workdays & (1 << d.weekday().num_days_from_monday()) != 0
            && !self.holidays.contains(&d)
    }

    fn yaml(&self) -> String {
        let days: Vec<&str> = (0..7)
            .filter(|i| self.workdays & (1 << i) != 0)
            .map(|i| DAY_NAMES[i])
            .collect();
        let holidays: Vec<String> = self.holidays.iter().map(|h| h.to_string()).collect();
        format!(
            "calendar:\n  workdays: [{}]\n  holidays: [{}]\n",
            days.join(", "),
            holidays.join(", ")
        )
    }

    /// Working days strictly between `a` and `b` (either order).
    fn working_between(&self, a: NaiveDate, b: NaiveDate) -> usize {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        lo.iter_days()
            .skip(1)
            .take_while(|d| *d < hi)
            .filter(|d| self.working(*d))
            .count()
    }
}

fn date_in(lo: NaiveDate, span_days: u64) -> impl Strategy<Value = NaiveDate> {
    (0..span_days).prop_map(move |k| lo + Days::new(k))
}

/// A calendar whose holidays cluster around `around` (so that they matter).
fn calendar(around: NaiveDate) -> impl Strategy<Value = Cal> {
    let lo = around - Days::new(120);
    (1u8..128, prop::collection::vec(date_in(lo, 240), 0..40)).prop_map(
        |(workdays, mut holidays)| {
            holidays.sort();
            holidays.dedup();
            Cal { workdays, holidays }
        },
    )
}

fn anchor_and_calendar() -> impl Strategy<Value = (NaiveDate, Cal)> {
    date_in(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(), 365 * 6)
        .prop_flat_map(|anchor| (Just(anchor), calendar(anchor)))
}

const CALENDAR_UNITS: [&str; 4] = ["days", "calendar days", "weeks", "months"];
const BUSINESS_UNITS: [&str; 2] = ["business days", "working days"];

/// A plan with milestone `x` on `anchor` and one task per rule (`t0`, `t1`...).
fn rules_plan(cal: &Cal, anchor: NaiveDate, rules: &[String]) -> Project {
    let mut y = format!(
        "plan: {{title: Properties, version: 1.0.0}}\n{}milestones:\n  x: {anchor}\ntasks:\n",
        cal.yaml()
    );
    for (i, r) in rules.iter().enumerate() {
        y.push_str(&format!(
            "  - id: t{i}\n    title: Task {i}\n    due: {r}\n"
        ));
    }
    Project::new(&[("plan.yaml".into(), y)])
}

fn due(c: &Compiled, i: usize) -> NaiveDate {
    c.schedule.tasks[i].due.date
}

// ---------------------------------------------------------------------------
// Calendar offsets

proptest! {
    #![proptest_config(config(48))]

    /// `N <calendar unit> before X` is a deadline: never after X, and on a
    /// working day. `after` mirrors it: never before X, on a working day.
    #[test]
    fn calendar_offsets_land_on_working_days_on_the_right_side(
        (anchor, cal) in anchor_and_calendar(),
        offsets in prop::collection::vec((0u32..40, 0usize..4, any::<bool>()), 1..12),
    ) {
        let rules: Vec<String> = offsets
            .iter()
            .map(|&(n, u, before)| format!("{n} {} {} x", CALENDAR_UNITS[u], if before { "before" } else { "after" }))
            .collect();
        let c = rules_plan(&cal, anchor, &rules).compile();
        for (i, &(_, _, before)) in offsets.iter().enumerate() {
            let d = due(&c, i);
            prop_assert!(cal.working(d), "`{}` from {anchor}: {d} is not a working day ({cal:?})", rules[i]);
            if before {
                prop_assert!(d <= anchor, "`{}`: {d} is after the anchor {anchor}", rules[i]);
            } else {
                prop_assert!(d >= anchor, "`{}`: {d} is before the anchor {anchor}", rules[i]);
            }
        }
    }

    /// `N business days before X` is the Nth working day strictly before X:
    /// a working day, with exactly N-1 working days strictly between it and
    /// X (likewise after).
    #[test]
    fn business_days_count_exactly_n_working_days(
        (anchor, cal) in anchor_and_calendar(),
        offsets in prop::collection::vec((1u32..120, 0usize..2, any::<bool>()), 1..12),
    ) {
        let rules: Vec<String> = offsets
            .iter()
            .map(|&(n, u, before)| format!("{n} {} {} x", BUSINESS_UNITS[u], if before { "before" } else { "after" }))
            .collect();
        let c = rules_plan(&cal, anchor, &rules).compile();
        for (i, &(n, _, before)) in offsets.iter().enumerate() {
            let d = due(&c, i);
            prop_assert!(cal.working(d), "`{}` from {anchor}: {d} is not a working day", rules[i]);
            prop_assert!(if before { d < anchor } else { d > anchor }, "`{}`: {d} on the wrong side of {anchor}", rules[i]);
            let between = cal.working_between(d, anchor);
            prop_assert_eq!(between, n as usize - 1, "`{}` from {}: {} has {} working days in between", rules[i], anchor, d, between);
        }
    }

    /// A written date and a bare anchor are kept as written, working day or
    /// not; milestones are never moved.
    #[test]
    fn dates_and_bare_anchors_are_not_moved((anchor, cal) in anchor_and_calendar(), n in 0u32..30) {
        let y = format!(
            "plan: {{title: P, version: 1.0.0}}\n{}milestones:\n  x: {anchor}\n  y: {n} days after x\ntasks:\n  - {{id: a, title: A, due: x}}\n  - {{id: b, title: B, due: {anchor}}}\n",
            cal.yaml()
        );
        let c = Project::new(&[("plan.yaml".into(), y)]).compile();
        prop_assert_eq!(due(&c, 0), anchor);
        prop_assert_eq!(due(&c, 1), anchor);
        let y_date = c.schedule.milestones.iter().find(|m| m.id == "y").unwrap().when.date;
        prop_assert_eq!(y_date, anchor + Days::new(u64::from(n)));
    }
}

// ---------------------------------------------------------------------------
// Whole generated plans: file order, explanations

/// A random plan as (milestones, tasks) YAML entries, from a seed.
#[derive(Debug, Clone)]
struct GenPlan {
    calendar: String,
    milestones: Vec<String>,
    /// One YAML list entry per task (`  - id: ...`).
    tasks: Vec<String>,
    freeze: String,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const UNITS: [&str; 12] = [
    "day",
    "days",
    "calendar days",
    "business days",
    "working days",
    "week",
    "weeks",
    "month",
    "months",
    "business day",
    "working day",
    "calendar day",
];

fn gen_plan(seed: u64, tasks: usize) -> GenPlan {
    let mut r = Rng(seed);
    let mut anchors: Vec<String> = vec!["migration".into()];
    let mut milestones = vec!["  migration: 2027-01-16".to_string()];
    for k in 0..r.below(4) {
        let rule = offset_rule(&mut r, &anchors);
        milestones.push(format!("  m{k}: {rule}"));
        anchors.push(format!("m{k}"));
    }
    let mut with_start: Vec<String> = Vec::new();
    let mut list = Vec::new();
    for i in 0..tasks {
        let id = format!("task-{i}");
        let mut e = format!("  - id: {id}\n    title: Task {i}\n");
        if i > 0 && r.below(4) == 0 {
            let parent = r.below(i);
            e.push_str(&format!("    parent: task-{parent}\n"));
        }
        if i > 0 && r.below(6) == 0 {
            let j = r.below(i);
            e.push_str(&format!("    during: task-{j}\n"));
            if with_start.contains(&format!("task-{j}")) {
                with_start.push(id.clone());
            }
        } else {
            if r.below(3) == 0 {
                e.push_str(&format!("    start: {}\n", offset_rule(&mut r, &anchors)));
                with_start.push(id.clone());
            }
            let mut pool = anchors.clone();
            pool.extend(
                with_start
                    .iter()
                    .filter(|s| **s != id)
                    .map(|s| format!("{s}.start")),
            );
            e.push_str(&format!("    due: {}\n", offset_rule(&mut r, &pool)));
        }
        if i > 1 && r.below(3) == 0 {
            e.push_str(&format!("    after: [task-{}]\n", r.below(i)));
        }
        list.push(e);
        anchors.push(if r.below(2) == 0 {
            id
        } else {
            format!("task-{i}.due")
        });
    }
    let holidays: Vec<String> = (0..r.below(12))
        .map(|_| {
            (NaiveDate::from_ymd_opt(2026, 9, 1).unwrap() + Days::new(r.below(240) as u64))
                .to_string()
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let calendar = format!("calendar:\n  holidays: [{}]\n", holidays.join(", "));
    let freeze = format!(
        "freeze:\n  - name: F\n    start: {} before migration at 18:00\n    end: {} after migration at 07:00\n",
        format_args!("{} days", r.below(5) + 1),
        format_args!("{} days", r.below(5) + 1)
    );
    GenPlan {
        calendar,
        milestones,
        tasks: list,
        freeze,
    }
}

fn offset_rule(r: &mut Rng, anchors: &[String]) -> String {
    let anchor = &anchors[r.below(anchors.len())];
    match r.below(8) {
        0 => anchor.clone(),
        1 => "2026-12-01".into(),
        _ => {
            let unit = UNITS[r.below(UNITS.len())];
            let n = if unit.starts_with("month") {
                r.below(3) + 1
            } else {
                r.below(15) + 1
            };
            let n = if unit.ends_with('s') { n.max(2) } else { 1 };
            let dir = if r.below(2) == 0 { "before" } else { "after" };
            format!("{n} {unit} {dir} {anchor}")
        }
    }
}

/// The plan as files: `split` picks which file each task goes to; `names`
/// are the file names in the order they are filled.
fn files_of(
    p: &GenPlan,
    split: &[usize],
    names: &[String],
    meta_in: usize,
) -> Vec<(String, String)> {
    let mut bodies: Vec<String> = vec![String::new(); names.len()];
    bodies[meta_in] = format!(
        "plan: {{title: Order, version: 1.0.0}}\n{}milestones:\n{}\n{}",
        p.calendar,
        p.milestones.join("\n"),
        p.freeze
    );
    let mut tasks: Vec<String> = vec![String::new(); names.len()];
    for (i, t) in p.tasks.iter().enumerate() {
        tasks[split[i] % names.len()].push_str(t);
    }
    names
        .iter()
        .enumerate()
        .map(|(k, n)| {
            let mut text = bodies[k].clone();
            if !tasks[k].is_empty() {
                text.push_str("tasks:\n");
                text.push_str(&tasks[k]);
            }
            (n.clone(), text)
        })
        .collect()
}

type Dates = BTreeMap<String, (Option<NaiveDate>, NaiveDate)>;

fn dates_by_id(c: &Compiled) -> Dates {
    let mut out: Dates = c
        .plan
        .tasks
        .iter()
        .zip(&c.schedule.tasks)
        .map(|(t, d)| {
            (
                t.id.value.clone(),
                (d.start.as_ref().map(|s| s.date), d.due.date),
            )
        })
        .collect();
    for m in &c.schedule.milestones {
        out.insert(format!("milestone {}", m.id), (None, m.when.date));
    }
    for (i, f) in c.schedule.freezes.iter().enumerate() {
        out.insert(format!("freeze {i}"), (Some(f.start.date()), f.end.date()));
    }
    out
}

/// Every computed date is explained.
fn assert_explained(c: &Compiled) {
    for m in &c.schedule.milestones {
        assert!(
            !m.when.explanation.trim().is_empty(),
            "milestone {} has no explanation",
            m.id
        );
    }
    for (t, d) in c.plan.tasks.iter().zip(&c.schedule.tasks) {
        assert!(
            !d.due.explanation.trim().is_empty(),
            "due of {} has no explanation",
            t.id.value
        );
        if let Some(s) = &d.start {
            assert!(
                !s.explanation.trim().is_empty(),
                "start of {} has no explanation",
                t.id.value
            );
        }
    }
    for f in &c.schedule.freezes {
        assert!(!f.start_explanation.trim().is_empty() && !f.end_explanation.trim().is_empty());
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// The same plan split into files differently (other file names, other
    /// path order, tasks in another file) computes the same dates; and every
    /// date it computes is explained.
    #[test]
    fn resolution_is_independent_of_file_order(
        seed in any::<u64>(),
        tasks in 1usize..30,
        split_a in prop::collection::vec(0usize..4, 30),
        split_b in prop::collection::vec(0usize..4, 30),
        files_b in 1usize..5,
    ) {
        let plan = gen_plan(seed, tasks);
        // One file, in order.
        let one = Project::new(&files_of(&plan, &vec![0; tasks], &["plan.yaml".into()], 0));
        let reference = one.compile();
        assert_explained(&reference);
        let want = dates_by_id(&reference);

        // Four files, names in path order, the plan in the last one.
        let names_a: Vec<String> = (0..4).map(|k| format!("{k:02}-part.yaml")).collect();
        let a = Project::new(&files_of(&plan, &split_a, &names_a, 3));
        let got_a = dates_by_id(&a.compile());
        prop_assert_eq!(&got_a, &want, "split A differs\n{}", a.dump());

        // Other names (reverse path order, sub-folders, .yml), the plan first.
        let names_b: Vec<String> = (0..files_b).map(|k| format!("z{}/{}-tasks.yml", files_b - k, 9 - k)).collect();
        let b = Project::new(&files_of(&plan, &split_b, &names_b, 0));
        let got_b = dates_by_id(&b.compile());
        prop_assert_eq!(&got_b, &want, "split B differs\n{}", b.dump());
    }
}

// ---------------------------------------------------------------------------
// Random when-rule text never panics

/// Rule-shaped text: words of the language mixed with junk.
fn rule_text() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "before",
        "after",
        "AFTER",
        "at",
        "days",
        "business",
        "working",
        "calendar",
        "weeks",
        "month",
        "migration",
        "t1.start",
        "t1.due",
        "t1.",
        ".start",
        "2027-01-16",
        "2027-02-30",
        "99999-01-01",
        "18:00",
        "24:60",
        "99999999999999999999999",
        "-3",
        "1.5",
        "8weeks",
        "5200",
        "1201",
        "26000",
    ];
    let word = prop_oneof![
        3 => prop::sample::select(WORDS).prop_map(str::to_string),
        1 => "[0-9]{1,6}",
        1 => "\\PC{0,6}",
        1 => "[a-z.:-]{1,8}",
    ];
    (
        prop::collection::vec(word, 0..8),
        prop::collection::vec(
            prop_oneof![
                Just(" "),
                Just("  "),
                Just("\t"),
                Just("\u{a0}"),
                Just("\u{3000}")
            ],
            8,
        ),
    )
        .prop_map(|(words, seps)| {
            let mut s = String::new();
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    s.push_str(seps[i % seps.len()]);
                }
                s.push_str(w);
            }
            s
        })
}

proptest! {
    #![proptest_config(config(512))]

    /// The parser never panics, on any text or rule-shaped text.
    #[test]
    fn rule_parser_never_panics(text in prop_oneof!["\\PC*", ".*", rule_text()], allow_time in any::<bool>()) {
        let _ = parse_rule(&text, allow_time);
    }
}

proptest! {
    #![proptest_config(config(32))]

    /// Rule-shaped text in every date field of a plan: compiling never
    /// panics, and a plan that compiles has every date explained.
    #[test]
    fn random_rules_in_a_plan_never_panic(rules in prop::collection::vec(rule_text(), 5)) {
        let q = |s: &str| serde_json::to_string(s).unwrap();
        let y = format!(
            "plan: {{title: P, version: 1.0.0}}\nmilestones:\n  migration: 2027-01-16\n  m: {}\ntasks:\n  - id: t1\n    title: T\n    due: {}\n    start: {}\nfreeze:\n  - name: F\n    start: {}\n    end: {}\n",
            q(&rules[0]), q(&rules[1]), q(&rules[2]), q(&rules[3]), q(&rules[4])
        );
        let p = Project::new(&[("plan.yaml".into(), y)]);
        let result = std::panic::catch_unwind(|| migplan::compile(&p.0, as_of()));
        match result {
            Err(_) => prop_assert!(false, "compile panicked on\n{}", p.dump()),
            Ok(Ok(c)) => assert_explained(&c),
            Ok(Err(f)) => prop_assert!(!f.diagnostics.is_empty(), "failed without a diagnostic"),
        }
    }
}
