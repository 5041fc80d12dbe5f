//! Plan generator for benchmarks and tests: N -> a realistic, valid plan of
//! N tasks written into `DIR/content/` (several YAML files and a few
//! Markdown sections).
//!
//! ```sh
//! cargo run --release --example gen_plan -- 10000 /tmp/plan-10k
//! migplan check --root /tmp/plan-10k --deny-warnings
//! ```
//!
//! The plan is a multi-site rollout: phases, parent tasks with sub-tasks up
//! to three levels deep, when-rules of every form chained across tasks and
//! milestones, `after` dependencies, inventory, datasets, a freeze window
//! around the migration, add-ons, stakeholders, sign-offs, revisions, key
//! questions and sections with `{{ date(of=...) }}`.
//!
//! Output is deterministic for a given N (a fixed-seed PRNG, no clock). To
//! keep `check --deny-warnings` clean the generator computes every date
//! itself, with the calendar rules of docs/format.md, and only adds an
//! `after` link or a `start` when the dates agree. That makes it a second,
//! independent implementation of the calendar: if migplan disagrees with it,
//! `check` reports the `after`/`start` warnings.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

const PHASES: [&str; 4] = [
    "Planning / Requirements",
    "Testing / Proof of Concept",
    "Implementing / In Progress",
    "Post-Implementation",
];

/// Tasks per schedule file.
const PER_FILE: usize = 400;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (
        args.first()
            .and_then(|a| a.parse::<usize>().ok())
            .filter(|n| *n > 0),
        args.get(1),
    ) else {
        eprintln!("usage: gen_plan N DIR   (writes a plan of N >= 1 tasks into DIR/content/)");
        std::process::exit(2);
    };
    let plan = generate(n);
    let root = PathBuf::from(dir);
    let content = root.join("content");
    if content.exists() {
        fs::remove_dir_all(&content).unwrap_or_else(|e| die(&content, e));
    }
    for (path, text) in &plan {
        let p = content.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap_or_else(|e| die(&p, e));
        fs::write(&p, text).unwrap_or_else(|e| die(&p, e));
    }
    eprintln!(
        "gen_plan: {} tasks in {} files under {}",
        n,
        plan.len(),
        content.display()
    );
}

fn die(path: &Path, e: std::io::Error) -> ! {
    eprintln!("gen_plan: {}: {e}", path.display());
    std::process::exit(2);
}

// ---------------------------------------------------------------------------
// Deterministic randomness

/// SplitMix64: small, fast, and the same numbers on every machine (the
/// crash-safety test draws its kill moments from it too).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }
    pub fn next_u64(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// In `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next_u64() % u64::from(hi - lo + 1)) as u32
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    fn chance(&mut self, percent: u32) -> bool {
        self.range(1, 100) <= percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------
// The calendar (docs/format.md, "When-rules"), independent of migplan's

struct Cal {
    holidays: Vec<NaiveDate>,
}

#[derive(Clone, Copy, PartialEq)]
enum Unit {
    Days,
    CalendarDays,
    Weeks,
    Months,
    BusinessDays,
    WorkingDays,
}

impl Unit {
    fn word(self, n: u32) -> &'static str {
        let one = n == 1;
        match self {
            Unit::Days if one => "day",
            Unit::Days => "days",
            Unit::CalendarDays if one => "calendar day",
            Unit::CalendarDays => "calendar days",
            Unit::Weeks if one => "week",
            Unit::Weeks => "weeks",
            Unit::Months if one => "month",
            Unit::Months => "months",
            Unit::BusinessDays if one => "business day",
            Unit::BusinessDays => "business days",
            Unit::WorkingDays if one => "working day",
            Unit::WorkingDays => "working days",
        }
    }
    fn business(self) -> bool {
        matches!(self, Unit::BusinessDays | Unit::WorkingDays)
    }
}

impl Cal {
    fn working(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
            && self.holidays.binary_search(&d).is_err()
    }

    /// `n unit before/after d`; `task` dates from calendar offsets move onto
    /// a working day (before: earlier, after: later).
    fn offset(&self, d: NaiveDate, n: u32, unit: Unit, before: bool, task: bool) -> NaiveDate {
        if unit.business() {
            let mut x = d;
            for _ in 0..n {
                x = step(x, before);
                while !self.working(x) {
                    x = step(x, before);
                }
            }
            return x;
        }
        let mut x = match (unit, before) {
            (Unit::Months, true) => d.checked_sub_months(Months::new(n)).unwrap(),
            (Unit::Months, false) => d.checked_add_months(Months::new(n)).unwrap(),
            (Unit::Weeks, true) => d - Days::new(7 * u64::from(n)),
            (Unit::Weeks, false) => d + Days::new(7 * u64::from(n)),
            (_, true) => d - Days::new(u64::from(n)),
            (_, false) => d + Days::new(u64::from(n)),
        };
        if task {
            while !self.working(x) {
                x = step(x, before);
            }
        }
        x
    }
}

fn step(d: NaiveDate, back: bool) -> NaiveDate {
    if back {
        d.pred_opt().unwrap()
    } else {
        d.succ_opt().unwrap()
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

// ---------------------------------------------------------------------------
// The plan model the generator builds, then prints

struct Task {
    id: String,
    title: String,
    phase: usize,
    parent: Option<usize>,
    level: u8,
    owner: &'static str,
    start: Option<(String, NaiveDate)>,
    due: Due,
    due_date: NaiveDate,
    after: Vec<usize>,
    status: &'static str,
    resources: Vec<String>,
    notes: Option<String>,
}

enum Due {
    Rule(String),
    During(usize),
}

/// A date a rule may anchor on.
#[derive(Clone)]
struct Anchor {
    name: String,
    date: NaiveDate,
}

const OWNERS: [&str; 6] = [
    "Project Manager",
    "Engineer",
    "Tech",
    "Engineer / Tech",
    "Practice Manager",
    "Office Manager",
];

const VERBS: [&str; 16] = [
    "Review",
    "Document",
    "Confirm",
    "Order",
    "Install",
    "Configure",
    "Test",
    "Verify",
    "Schedule",
    "Migrate",
    "Reconcile",
    "Train staff on",
    "Back up",
    "Update",
    "Inventory",
    "Sign off",
];

const OBJECTS: [&str; 16] = [
    "server requirements",
    "workstation images",
    "network firewall rules",
    "patient demographics",
    "appointment book",
    "ledger balances",
    "insurance plans",
    "imaging bridge",
    "printer drivers",
    "scanner profiles",
    "backup jobs",
    "user accounts and roles",
    "e-claims enrolment",
    "reminder templates",
    "treatment plans",
    "recall schedule",
];

/// The plan of `n` tasks: (path under `content/`, text), in a fixed order.
/// Also used by `tests/crash.rs` and `tests/build.rs` (through `#[path]`).
pub fn generate(n: usize) -> Vec<(String, String)> {
    let mut rng = Rng::new(n as u64);
    let cal = Cal {
        holidays: vec![
            ymd(2026, 5, 25),
            ymd(2026, 7, 3),
            ymd(2026, 9, 7),
            ymd(2026, 11, 26),
            ymd(2026, 11, 27),
            ymd(2026, 12, 24),
            ymd(2026, 12, 25),
            ymd(2027, 1, 1),
            ymd(2027, 5, 31),
        ],
    };
    let project_start = ymd(2026, 3, 2);
    let migration = ymd(2027, 1, 16); // a Saturday
    let go_live = cal.offset(migration, 2, Unit::Days, false, false);
    let training = cal.offset(migration, 3, Unit::BusinessDays, true, false);
    let sites = (n / 250).clamp(1, 60);

    // Phase windows: (earliest, latest) due date of top-level tasks.
    let windows = [
        (
            cal.offset(migration, 40, Unit::Weeks, true, true),
            cal.offset(migration, 16, Unit::Weeks, true, true),
        ),
        (
            cal.offset(migration, 16, Unit::Weeks, true, true),
            cal.offset(migration, 6, Unit::Weeks, true, true),
        ),
        (cal.offset(migration, 6, Unit::Weeks, true, true), migration),
        (go_live, cal.offset(migration, 10, Unit::Weeks, false, true)),
    ];

    let mut tasks: Vec<Task> = Vec::with_capacity(n);
    // The first task books the test conversion; the `test-conversion`
    // milestone hangs off it (a milestone anchored on a task).
    let mut test_conversion = None;
    let milestones_fixed = vec![
        Anchor {
            name: "project-start".into(),
            date: project_start,
        },
        Anchor {
            name: "migration".into(),
            date: migration,
        },
        Anchor {
            name: "go-live".into(),
            date: go_live,
        },
        Anchor {
            name: "training".into(),
            date: training,
        },
    ];

    // Top-level tasks are spread evenly over the phases; each gets a family
    // of sub-tasks (and sub-sub-tasks) until N is reached.
    let mut serial = 0usize;
    while tasks.len() < n {
        let progress = tasks.len() * PHASES.len() / n.max(1);
        let phase = progress.min(PHASES.len() - 1);
        let site = rng.below(sites) + 1;
        serial += 1;
        let top = tasks.len();
        let title = format!("{} {} (site {site})", rng.pick(&VERBS), rng.pick(&OBJECTS));
        let id = format!("t{serial}-{}", slug(&title));
        let mut anchors = milestones_fixed.clone();
        if let Some(tc) = &test_conversion {
            anchors.push(Anchor {
                name: "test-conversion".into(),
                date: *tc,
            });
        }
        let (rule, date) = if top == 0 {
            let d = cal.offset(migration, 6, Unit::Weeks, true, true);
            ("6 weeks before migration".to_string(), d)
        } else {
            top_rule(&mut rng, &cal, &tasks, &anchors, windows[phase], migration)
        };
        let mut t = new_task(&mut rng, id, title, phase, None, 0, Due::Rule(rule), date);
        maybe_start(&mut rng, &cal, &mut t, &tasks);
        pick_after(&mut rng, &mut t, &tasks, top.saturating_sub(60)..top);
        tasks.push(t);
        if top == 0 {
            test_conversion = Some(cal.offset(date, 3, Unit::BusinessDays, false, false));
        }

        // Sub-tasks: 0-6 children, each with 0-3 children of its own.
        let kids = rng.range(0, 6) as usize;
        for k in 0..kids {
            if tasks.len() >= n {
                break;
            }
            let child = add_child(&mut rng, &cal, &mut tasks, top, 1, k);
            let grandkids = if rng.chance(40) {
                rng.range(1, 3) as usize
            } else {
                0
            };
            for g in 0..grandkids {
                if tasks.len() >= n {
                    break;
                }
                add_child(&mut rng, &cal, &mut tasks, child, 2, g);
            }
        }
    }

    let mut files = vec![
        ("plan.yaml".to_string(), plan_yaml(n, sites, &tasks, &cal)),
        (
            "inventory.yaml".to_string(),
            inventory_yaml(&mut rng, n, sites),
        ),
        ("people.yaml".to_string(), people_yaml(n)),
        ("risks.yaml".to_string(), risks_yaml(&mut rng, n)),
    ];
    for (k, chunk) in chunks(&tasks).into_iter().enumerate() {
        let phase = tasks[chunk.start].phase;
        let mut y = String::new();
        if k == 0 {
            y.push_str("phases:\n");
            for p in PHASES {
                let _ = writeln!(y, "  - {p}");
            }
            y.push('\n');
        }
        y.push_str("tasks:\n");
        for i in chunk {
            task_yaml(&mut y, &tasks, i);
        }
        files.push((
            format!("schedule/{:03}-{}.yaml", k + 1, slug(PHASES[phase])),
            y,
        ));
    }
    for (path, text) in sections(&mut rng, n, &tasks) {
        files.push((path, text));
    }
    files
}

#[allow(clippy::too_many_arguments)]
fn new_task(
    rng: &mut Rng,
    id: String,
    title: String,
    phase: usize,
    parent: Option<usize>,
    level: u8,
    due: Due,
    due_date: NaiveDate,
) -> Task {
    let status = match phase {
        0 => *rng.pick(&["done", "done", "done", "doing", "skipped"]),
        1 => *rng.pick(&["done", "doing", "todo", "blocked"]),
        _ => *rng.pick(&["todo", "todo", "todo", "doing"]),
    };
    let mut resources = Vec::new();
    if rng.chance(20) {
        resources.push(format!(
            "{{title: \"Runbook: {}\", url: \"https://example.org/kb/{}\"}}",
            title.replace('"', ""),
            slug(&title)
        ));
    }
    if rng.chance(10) {
        resources.push("Vendor conversion guide (shared drive, Projects folder)".to_string());
    }
    let notes = rng.chance(15).then(|| {
        "Check the result against the legacy system before closing this task.".to_string()
    });
    Task {
        id,
        title,
        phase,
        parent,
        level,
        owner: OWNERS[rng.below(OWNERS.len())],
        start: None,
        due,
        due_date,
        after: Vec::new(),
        status,
        resources,
        notes,
    }
}

/// A due rule for a top-level task inside the phase's window, of a randomly
/// chosen form; falls back to `N weeks before migration`.
fn top_rule(
    rng: &mut Rng,
    cal: &Cal,
    tasks: &[Task],
    anchors: &[Anchor],
    (lo, hi): (NaiveDate, NaiveDate),
    migration: NaiveDate,
) -> (String, NaiveDate) {
    for _ in 0..6 {
        let candidate = match rng.range(0, 9) {
            // Calendar offset from a milestone.
            0 | 1 => {
                let a = rng.pick(anchors).clone();
                let unit = *rng.pick(&[Unit::Days, Unit::CalendarDays, Unit::Weeks, Unit::Months]);
                let n = match unit {
                    Unit::Months => rng.range(1, 9),
                    Unit::Weeks => rng.range(1, 40),
                    _ => rng.range(1, 120),
                };
                let before = rng.chance(50);
                rule(cal, &a, n, unit, before)
            }
            // Business days from a milestone.
            2 => {
                let a = rng.pick(anchors).clone();
                let unit = *rng.pick(&[Unit::BusinessDays, Unit::WorkingDays]);
                rule(cal, &a, rng.range(1, 60), unit, rng.chance(50))
            }
            // Chained on an earlier top-level task: due, `.due` or `.start`.
            3..=6 if !tasks.is_empty() => {
                let j = tasks.len() - 1 - rng.below(tasks.len().min(40));
                let t = &tasks[j];
                let a = match (&t.start, rng.range(0, 2)) {
                    (Some((_, s)), 0) => Anchor {
                        name: format!("{}.start", t.id),
                        date: *s,
                    },
                    (_, 1) => Anchor {
                        name: format!("{}.due", t.id),
                        date: t.due_date,
                    },
                    _ => Anchor {
                        name: t.id.clone(),
                        date: t.due_date,
                    },
                };
                let unit = *rng.pick(&[
                    Unit::Days,
                    Unit::BusinessDays,
                    Unit::Weeks,
                    Unit::WorkingDays,
                    Unit::CalendarDays,
                ]);
                let n = if unit == Unit::Weeks {
                    rng.range(1, 3)
                } else {
                    rng.range(1, 10)
                };
                rule(cal, &a, n, unit, rng.chance(30))
            }
            // A bare anchor: the same day as a milestone or task.
            7 => {
                let a = rng.pick(anchors).clone();
                (a.name, a.date)
            }
            // A fixed date.
            8 => {
                let days = (hi - lo).num_days().max(0) as u64;
                let d = lo + Days::new(rng.next_u64() % (days + 1));
                (d.format("%Y-%m-%d").to_string(), d)
            }
            _ => continue,
        };
        if candidate.1 >= lo && candidate.1 <= hi {
            return candidate;
        }
    }
    let weeks_before = |d: NaiveDate| (migration - d).num_days() / 7;
    let (a, b) = (weeks_before(hi), weeks_before(lo));
    if a <= 0 && b <= 0 {
        let w = rng.range(1, ((-a).max(1)) as u32);
        let d = cal.offset(migration, w, Unit::Weeks, false, true);
        return (format!("{w} {} after migration", Unit::Weeks.word(w)), d);
    }
    let w = rng.range(a.max(1) as u32, b.max(1) as u32);
    let d = cal.offset(migration, w, Unit::Weeks, true, true);
    (format!("{w} {} before migration", Unit::Weeks.word(w)), d)
}

fn rule(cal: &Cal, a: &Anchor, n: u32, unit: Unit, before: bool) -> (String, NaiveDate) {
    let d = cal.offset(a.date, n, unit, before, true);
    let dir = if before { "before" } else { "after" };
    (format!("{n} {} {dir} {}", unit.word(n), a.name), d)
}

/// Adds a sub-task of `parent` (anchored on it) and returns its index.
fn add_child(
    rng: &mut Rng,
    cal: &Cal,
    tasks: &mut Vec<Task>,
    parent: usize,
    level: u8,
    k: usize,
) -> usize {
    let p = &tasks[parent];
    let title = format!(
        "{}: {} {}",
        p.title.split(" (").next().unwrap_or(&p.title),
        rng.pick(&VERBS).to_lowercase(),
        rng.pick(&OBJECTS)
    );
    let id = format!(
        "{}-{}",
        p.id.split('-').next().unwrap_or("t"),
        level_suffix(tasks.len(), level, k)
    );
    let phase = p.phase;
    let me = tasks.len();
    let (due, date) = match rng.range(0, 5) {
        // Same dates as the parent.
        0 => (Due::During(parent), p.due_date),
        1 if p.start.is_some() => (
            Due::Rule(format!("{}.start", p.id)),
            p.start.as_ref().unwrap().1,
        ),
        2 => {
            let unit = *rng.pick(&[Unit::BusinessDays, Unit::WorkingDays]);
            let (r, d) = rule(
                cal,
                &Anchor {
                    name: format!("{}.due", p.id),
                    date: p.due_date,
                },
                rng.range(1, 5),
                unit,
                true,
            );
            (Due::Rule(r), d)
        }
        _ => {
            let unit = *rng.pick(&[Unit::Days, Unit::CalendarDays, Unit::Weeks]);
            let n = if unit == Unit::Weeks {
                1
            } else {
                rng.range(1, 6)
            };
            let (r, d) = rule(
                cal,
                &Anchor {
                    name: p.id.clone(),
                    date: p.due_date,
                },
                n,
                unit,
                true,
            );
            (Due::Rule(r), d)
        }
    };
    // Sub-tasks take their parent's phase (not written in the YAML).
    let mut t = new_task(rng, id, title, phase, Some(parent), level, due, date);
    if let Due::During(j) = t.due {
        t.start = tasks[j].start.clone();
    } else {
        maybe_start(rng, cal, &mut t, tasks);
        // Follows its previous sibling when the dates allow.
        pick_after(rng, &mut t, tasks, me.saturating_sub(8)..me);
    }
    tasks.push(t);
    me
}

fn level_suffix(i: usize, level: u8, k: usize) -> String {
    format!("{}{}", ["", "s", "ss"][level as usize], i * 10 + k % 10)
}

/// A `start` for about a third of the tasks, kept only when it is not after
/// the due date.
fn maybe_start(rng: &mut Rng, cal: &Cal, t: &mut Task, tasks: &[Task]) {
    if !rng.chance(35) {
        return;
    }
    let Due::Rule(due_rule) = &t.due else { return };
    // `N weeks before <the due rule's anchor>` when the due rule is an offset
    // from an anchor; else from a recent task.
    let anchor = due_rule.rsplit(' ').next().unwrap_or("").to_string();
    let anchor_date = tasks
        .iter()
        .rev()
        .take(60)
        .find(|x| x.id == anchor || format!("{}.due", x.id) == anchor)
        .map(|a| a.due_date);
    let (r, d) = match anchor_date {
        Some(ad) if rng.chance(60) => {
            let unit = *rng.pick(&[Unit::Weeks, Unit::BusinessDays, Unit::Days]);
            let n = if unit == Unit::Weeks {
                rng.range(1, 4)
            } else {
                rng.range(5, 20)
            };
            rule(
                cal,
                &Anchor {
                    name: anchor,
                    date: ad,
                },
                n,
                unit,
                true,
            )
        }
        _ => {
            let n = rng.range(1, 3);
            let d = cal.offset(t.due_date, 0, Unit::Days, true, true);
            let d = cal.offset(d, n, Unit::BusinessDays, true, true);
            // Written as an absolute date: the generator knows it.
            (d.format("%Y-%m-%d").to_string(), d)
        }
    };
    if d <= t.due_date {
        t.start = Some((r, d));
    }
}

/// Up to two `after` links to tasks in `range` due no later than `t`.
fn pick_after(rng: &mut Rng, t: &mut Task, tasks: &[Task], range: std::ops::Range<usize>) {
    if range.is_empty() || !rng.chance(55) {
        return;
    }
    let want = rng.range(1, 2) as usize;
    for _ in 0..6 {
        let j = range.start + rng.below(range.len());
        if tasks[j].due_date <= t.due_date
            && !t.after.contains(&j)
            && !is_ancestor(tasks, j, t.parent)
        {
            t.after.push(j);
            if t.after.len() == want {
                break;
            }
        }
    }
}

fn is_ancestor(tasks: &[Task], j: usize, mut parent: Option<usize>) -> bool {
    while let Some(p) = parent {
        if p == j {
            return true;
        }
        parent = tasks[p].parent;
    }
    false
}

/// Index ranges of schedule files: at most PER_FILE tasks, a family never
/// split, one phase per file.
fn chunks(tasks: &[Task]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=tasks.len() {
        let end = i == tasks.len()
            || (tasks[i].level == 0
                && (i - start >= PER_FILE || tasks[i].phase != tasks[start].phase));
        if end {
            out.push(start..i);
            start = i;
        }
    }
    out
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-')
        .chars()
        .take(40)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

// ---------------------------------------------------------------------------
// Printing

fn task_yaml(y: &mut String, tasks: &[Task], i: usize) {
    let t = &tasks[i];
    let _ = writeln!(y, "  - id: {}", t.id);
    let _ = writeln!(y, "    title: \"{}\"", t.title);
    match t.parent {
        Some(p) => {
            let _ = writeln!(y, "    parent: {}", tasks[p].id);
        }
        None => {
            let _ = writeln!(y, "    phase: {}", PHASES[t.phase]);
        }
    }
    let _ = writeln!(y, "    owner: {}", t.owner);
    match &t.due {
        Due::During(j) => {
            let _ = writeln!(y, "    during: {}", tasks[*j].id);
        }
        Due::Rule(r) => {
            if let Some((s, _)) = &t.start {
                let _ = writeln!(y, "    start: {s}");
            }
            let _ = writeln!(y, "    due: {r}");
        }
    }
    match t.after.as_slice() {
        [] => {}
        [one] => {
            let _ = writeln!(y, "    after: {}", tasks[*one].id);
        }
        many => {
            let ids: Vec<&str> = many.iter().map(|&j| tasks[j].id.as_str()).collect();
            let _ = writeln!(y, "    after: [{}]", ids.join(", "));
        }
    }
    let _ = writeln!(y, "    status: {}", t.status);
    if !t.resources.is_empty() {
        y.push_str("    resources:\n");
        for r in &t.resources {
            let _ = writeln!(y, "      - {r}");
        }
    }
    if let Some(n) = &t.notes {
        let _ = writeln!(y, "    notes: {n}");
    }
}

fn plan_yaml(n: usize, sites: usize, tasks: &[Task], cal: &Cal) -> String {
    let mut y = String::new();
    let _ = write!(
        y,
        "# Generated by `cargo run --example gen_plan -- {n} DIR`: a synthetic\n\
         # multi-site migration used by the benchmark and the tests.\n\n\
         plan:\n  title: Synthetic multi-site migration ({n} tasks)\n  client: Example Dental Group ({sites} sites)\n  document: Solution Document\n  version: 2.1.0\n  status: review\n  owner: Project Manager\n  strategy: phased\n  theme: default\n  paper: a4\n  summary: |\n    The group moves every site from **Eaglesoft** to **Open Dental**.\n    The schedule below has {n} tasks computed from working-day rules.\n\n"
    );
    y.push_str("calendar:\n  workdays: [mon, tue, wed, thu, fri]\n  holidays:\n");
    for h in &cal.holidays {
        let _ = writeln!(y, "    - {h}");
    }
    y.push_str("  timezone: America/Chicago\n\n");
    let first = &tasks[0].id;
    let _ = write!(
        y,
        "milestones:\n  project-start: 2026-03-02\n  migration: 2027-01-16\n  go-live: 2 days after migration\n  training: 3 business days before migration\n  test-conversion: 3 business days after {first}\n  steering-review: 1 month before migration\n  readiness-check: 10 working days before go-live\n  hypercare-end: 4 weeks after go-live\n\n"
    );
    y.push_str("key_questions:\n");
    for (k, a) in [
        (
            "timeline",
            "Working backwards from the migration weekend (see the schedule).",
        ),
        (
            "stakeholders",
            "The practice owners, the practice managers and Northwind Dental IT.",
        ),
        (
            "data",
            "Patients, appointments, ledgers, insurance, clinical notes and images.",
        ),
        (
            "downtime",
            "No patient day may be lost: the cutover runs over a weekend.",
        ),
        (
            "tools",
            "Every workstation moves from Eaglesoft to Open Dental.",
        ),
        (
            "training",
            "Role-based sessions in the two weeks before the cutover.",
        ),
        (
            "pipeline",
            "Extract, convert, load and verify, with a test conversion first.",
        ),
    ] {
        let _ = writeln!(y, "  {k}: |\n    {a}");
    }
    y
}

fn inventory_yaml(rng: &mut Rng, n: usize, sites: usize) -> String {
    let mut y = String::from("inventory:\n");
    let base = [
        ("eaglesoft", "Eaglesoft 21.20", "application", "source"),
        ("opendental", "Open Dental 24.3", "application", "target"),
        ("old-server", "Office server (current)", "server", "retired"),
        (
            "azure-vm",
            "Open Dental server (Azure VM)",
            "server",
            "target",
        ),
        (
            "carestream",
            "Carestream Dental imaging",
            "application",
            "retained",
        ),
    ];
    for (id, name, cat, role) in base {
        let _ = write!(
            y,
            "  - id: {id}\n    name: {name}\n    category: {cat}\n    role: {role}\n    details:\n      vendor: Example vendor\n      users: 14\n"
        );
    }
    let systems = n / 50 + sites;
    for k in 0..systems {
        let site = k % sites + 1;
        let _ = write!(
            y,
            "  - id: ws-{k}\n    name: Workstation group {k} (site {site})\n    category: workstation\n    role: retained\n    details:\n      count: {}\n      os: Windows 11 Pro\n",
            rng.range(2, 30)
        );
    }
    y.push_str("\ndatasets:\n");
    let priorities = [
        ("must", "migrate"),
        ("must", "archive-pdf"),
        ("nice", "migrate"),
        ("nice", "retain-legacy"),
        ("not-needed", "discard"),
    ];
    for k in 0..(n / 20 + 5) {
        let (priority, method) = *rng.pick(&priorities);
        let _ = write!(
            y,
            "  - id: data-{k}\n    name: {} (extract {k})\n    from: eaglesoft\n    to: opendental\n    priority: {priority}\n    method: {method}\n    records: {}\n    owner: {}\n",
            capitalise(OBJECTS[rng.below(OBJECTS.len())]),
            rng.range(10, 400_000),
            rng.pick(&OWNERS)
        );
    }
    y.push_str(
        "\nfreeze:\n  - name: PMS data freeze\n    start: 1 day before migration at 18:00\n    end: go-live at 07:00\n    mode: read-only\n    systems: [eaglesoft, carestream]\n    notes: Calls over the weekend go on the paper log.\n  - name: Imaging cutover\n    start: migration at 08:00\n    end: migration at 14:00\n    mode: offline\n    systems: [carestream, old-server]\n",
    );
    y.push_str("\naddons:\n");
    let statuses = ["pending", "reconnected", "verified", "retired"];
    for k in 0..(n / 100 + 3) {
        let _ = write!(
            y,
            "  - id: addon-{k}\n    name: Add-on {k}\n    vendor: Vendor {k}\n    integrates_with: {}\n    credentials: {}\n    reconnect_owner: Tech\n    verify: The add-on shows today's appointments.\n    status: {}\n",
            if k % 4 == 3 {
                "eaglesoft"
            } else {
                "opendental"
            },
            if k % 2 == 0 {
                "required"
            } else {
                "not-required"
            },
            rng.pick(&statuses)
        );
    }
    y
}

fn people_yaml(n: usize) -> String {
    let mut y = String::from("stakeholders:\n");
    let people = 8 + n / 500;
    for k in 0..people {
        let signs = k < 3;
        let _ = write!(
            y,
            "  - id: person-{k}\n    name: Stakeholder {k}\n    role: Role {k}\n    organization: {}\n    email: person{k}@example.org\n    signs: {signs}\n",
            if k % 2 == 0 {
                "Example Dental Group"
            } else {
                "Northwind Dental IT"
            }
        );
    }
    y.push_str("\nsignoffs:\n");
    for k in 0..3 {
        let _ = write!(
            y,
            "  - by: person-{k}\n    version: 2.0.0\n    decision: approved\n    date: 2026-04-{:02}\n",
            10 + k
        );
    }
    y.push_str(
        "  - by: person-0\n    version: 2.1.0\n    decision: changes-requested\n    date: 2026-05-04\n    comment: Please add the imaging cutover window.\n",
    );
    y.push_str("\nrevisions:\n");
    for (v, d, s) in [
        ("1.0.0", "2026-03-09", "First draft."),
        ("2.0.0", "2026-04-06", "All sites added."),
        (
            "2.1.0",
            "2026-05-01",
            "Freeze windows and the imaging cutover.",
        ),
    ] {
        let _ = write!(
            y,
            "  - version: {v}\n    date: {d}\n    author: Project Manager\n    summary: {s}\n"
        );
    }
    y
}

fn risks_yaml(rng: &mut Rng, n: usize) -> String {
    let mut y = String::from("risks:\n");
    let levels = ["low", "medium", "high"];
    let statuses = ["open", "mitigated", "accepted", "closed"];
    for k in 0..(n / 100 + 3) {
        let _ = write!(
            y,
            "  - id: risk-{k}\n    title: The {} are late at one site ({k})\n    likelihood: {}\n    impact: {}\n    owner: {}\n    mitigation: Escalate at the weekly status call.\n    status: {}\n",
            rng.pick(&OBJECTS),
            rng.pick(&levels),
            rng.pick(&levels),
            rng.pick(&OWNERS),
            rng.pick(&statuses)
        );
    }
    y
}

fn sections(rng: &mut Rng, n: usize, tasks: &[Task]) -> Vec<(String, String)> {
    let count = 5 + n / 2000;
    let mut out = Vec::new();
    for k in 0..count {
        let t = &tasks[rng.below(tasks.len())];
        let with_start = tasks
            .iter()
            .skip(rng.below(tasks.len()))
            .find(|t| t.start.is_some())
            .unwrap_or(&tasks[0]);
        let start_ref = if with_start.start.is_some() {
            format!("{}.start", with_start.id)
        } else {
            format!("{}.due", with_start.id)
        };
        let mut md = format!("---\ntitle: Section {k}\norder: {}\n---\n", (k + 1) * 10);
        let _ = write!(
            md,
            "The data is frozen from {{{{ date(of=\"freeze:PMS data freeze.start\") }}}} to\n\
             {{{{ date(of=\"freeze:PMS data freeze.end\") }}}}; the migration is on\n\
             {{{{ date(of=\"migration\") }}}} and the first patient day is {{{{ date(of=\"go-live\") }}}}.\n\n\
             ## Key dates\n\n\
             | What | When |\n| --- | --- |\n\
             | {} | {{{{ date(of=\"{}\") }}}} |\n\
             | Work on `{}` starts | {{{{ date(of=\"{start_ref}\") }}}} |\n\
             | Test conversion | {{{{ date(of=\"test-conversion\") }}}} |\n\n\
             - ~~Weekday cutover~~ rejected: no patient day may be lost.[^1]\n\
             - Staff training ends {{{{ date(of=\"training\") }}}}.\n\n\
             [^1]: Decided at the steering review on {{{{ date(of=\"steering-review\") }}}}.\n",
            t.title.replace('|', "/"),
            t.id,
            with_start.id,
        );
        out.push((format!("sections/{:02}-section.md", k + 1), md));
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
