//! Test helper: a few builder calls -> a [`Plan`] with known positions, so
//! the schedule's tests need not wait for the loader.
//!
//! Every value gets a line of its own (in the order added) in file 0; rule
//! values start at column [`COL`].

use chrono::NaiveDate;

use crate::diag::{FileId, Pos};
use crate::model::*;

pub const COL: u32 = 10;

pub struct TestPlan {
    pub plan: Plan,
    line: u32,
}

pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
}

impl TestPlan {
    pub fn new() -> TestPlan {
        let at = Pos::new(FileId(0), 1, 1, 4);
        let meta = PlanMeta {
            title: Sp::new("Test plan".into(), at),
            client: None,
            document: None,
            version: Sp::new(Version(semver::Version::new(1, 0, 0)), at),
            status: None,
            owner: None,
            strategy: None,
            theme: None,
            paper: None,
            summary: None,
            site_url: None,
        };
        let plan = Plan {
            meta: Sp::new(meta, at),
            calendar: CalendarDef::default(),
            milestones: Vec::new(),
            milestone_titles: Vec::new(),
            key_questions: None,
            inventory: Vec::new(),
            datasets: Vec::new(),
            freeze: Vec::new(),
            addons: Vec::new(),
            stakeholders: Vec::new(),
            signoffs: Vec::new(),
            phases: Vec::new(),
            tasks: Vec::new(),
            revisions: Vec::new(),
            risks: Vec::new(),
            runbooks: Vec::new(),
            rehearsals: Vec::new(),
            progress: Vec::new(),
            sections: Vec::new(),
        };
        TestPlan { plan, line: 1 }
    }

    /// A value on the next line, at column `col`.
    fn at<T>(&mut self, value: T, col: u32, len: usize) -> Sp<T> {
        self.line += 1;
        Sp::new(value, Pos::new(FileId(0), self.line, col, len as u32))
    }

    fn text(&mut self, s: &str) -> Sp<String> {
        self.at(s.to_string(), COL, s.chars().count())
    }

    pub fn milestone(mut self, id: &str, rule: &str) -> TestPlan {
        let id = self.at(id.to_string(), 3, id.len());
        self.line -= 1; // the rule is on the same line
        let rule = self.text(rule);
        self.plan.milestones.push((id, rule));
        self
    }

    /// `fields`: `due`, `start`, `during`, `after` (comma-separated ids),
    /// `status`, each on a line of its own in the order given.
    pub fn task(mut self, id: &str, fields: &[(&str, &str)]) -> TestPlan {
        let mut task = Task {
            id: self.at(id.to_string(), 9, id.len()),
            title: Sp::new(id.to_string(), Pos::default()),
            phase: None,
            parent: None,
            owner: None,
            accountable: None,
            consulted: None,
            informed: None,
            writes: Vec::new(),
            start: None,
            due: None,
            during: None,
            after: None,
            status: None,
            resources: Vec::new(),
            notes: None,
        };
        for &(key, value) in fields {
            match key {
                "due" => task.due = Some(self.text(value)),
                "start" => task.start = Some(self.text(value)),
                "during" => task.during = Some(self.text(value)),
                "parent" => task.parent = Some(self.text(value)),
                "phase" => task.phase = Some(self.text(value)),
                "after" => {
                    let mut ids = Vec::new();
                    for a in value.split(',') {
                        ids.push(self.text(a.trim()));
                    }
                    task.after = Some(Sp::new(
                        OneOrMany(ids),
                        Pos::new(FileId(0), self.line, 1, 1),
                    ));
                }
                "status" => {
                    let s = TaskStatus::ALL
                        .iter()
                        .find(|s| s.as_str() == value)
                        .copied();
                    task.status = Some(self.at(s.expect("a status"), COL, value.len()));
                }
                other => panic!("unknown task field {other}"),
            }
        }
        self.plan.tasks.push(task);
        self
    }

    pub fn freeze(mut self, name: &str, start: &str, end: &str) -> TestPlan {
        let freeze = Freeze {
            name: self.at(name.to_string(), 9, name.len()),
            start: self.text(start),
            end: self.text(end),
            mode: None,
            systems: Vec::new(),
            notes: None,
        };
        self.plan.freeze.push(freeze);
        self
    }

    pub fn holidays(mut self, days: &[&str]) -> TestPlan {
        for d in days {
            let date = Date(Date::parse(d).expect("a date"));
            let h = self.at(date, COL, 10);
            self.plan.calendar.holidays.push(h);
        }
        self
    }

    pub fn workdays(mut self, days: &[chrono::Weekday]) -> TestPlan {
        let list = days
            .iter()
            .map(|d| Sp::new(Weekday(*d), Pos::default()))
            .collect();
        self.plan.calendar.workdays = Some(self.at(list, COL, 5));
        self
    }

    pub fn timezone(mut self, tz: &str) -> TestPlan {
        self.plan.calendar.timezone = Some(self.text(tz));
        self
    }

    /// A runbook without steps; add them with [`TestPlan::step`].
    pub fn runbook(mut self, id: &str, start: &str) -> TestPlan {
        let runbook = Runbook {
            id: self.at(id.to_string(), 9, id.len()),
            title: Sp::new(id.to_string(), Pos::default()),
            start: self.text(start),
            steps: Vec::new(),
            rollback: Vec::new(),
            notes: None,
        };
        self.plan.runbooks.push(runbook);
        self
    }

    /// A step of the last runbook. `fields`: `after` (comma-separated),
    /// `not_before`, `kind`, `owner`, `deciders`, `criteria`, `rollback`
    /// (any value: the step goes to the rollback list).
    pub fn step(mut self, id: &str, duration: &str, fields: &[(&str, &str)]) -> TestPlan {
        let mut step = Step {
            id: self.at(id.to_string(), 9, id.len()),
            title: Sp::new(id.to_string(), Pos::default()),
            owner: None,
            duration: self.text(duration),
            after: None,
            not_before: None,
            kind: None,
            deciders: Vec::new(),
            criteria: Vec::new(),
            notes: None,
        };
        let mut rollback = false;
        for &(key, value) in fields {
            match key {
                "after" => {
                    let mut ids = Vec::new();
                    for a in value.split(',').map(str::trim).filter(|a| !a.is_empty()) {
                        ids.push(self.text(a));
                    }
                    step.after = Some(Sp::new(
                        OneOrMany(ids),
                        Pos::new(FileId(0), self.line, 1, 1),
                    ));
                }
                "not_before" => step.not_before = Some(self.text(value)),
                "owner" => step.owner = Some(self.text(value)),
                "kind" => {
                    let k = StepKind::ALL.iter().find(|k| k.as_str() == value).copied();
                    step.kind = Some(self.at(k.expect("a step kind"), COL, value.len()));
                }
                "deciders" => {
                    for d in value.split(',') {
                        let d = self.text(d.trim());
                        step.deciders.push(d);
                    }
                }
                "criteria" => {
                    let c = self.text(value);
                    step.criteria.push(c);
                }
                "rollback" => rollback = true,
                other => panic!("unknown step field {other}"),
            }
        }
        let rb = self.plan.runbooks.last_mut().expect("a runbook first");
        if rollback {
            rb.rollback.push(step);
        } else {
            rb.steps.push(step);
        }
        self
    }

    /// A rehearsal of `runbook` on `date` with measured `durations`.
    pub fn rehearsal(mut self, runbook: &str, date: &str, durations: &[(&str, &str)]) -> TestPlan {
        let mut measured = Vec::new();
        for (id, d) in durations {
            let id = self.at(id.to_string(), 7, id.len());
            self.line -= 1;
            measured.push((id, self.text(d)));
        }
        let reh = Rehearsal {
            runbook: self.text(runbook),
            version: Sp::new(Version(semver::Version::new(1, 0, 0)), Pos::default()),
            date: self.at(Date(Date::parse(date).expect("a date")), COL, 10),
            environment: None,
            durations: OrderedMap(measured),
            notes: None,
        };
        self.plan.rehearsals.push(reh);
        self
    }
}
