//! migplan: compiles a data-migration plan (YAML + Markdown under `content/`)
//! into a versioned HTML site, a PDF Solution Document and schedule exports.
//!
//! The pipeline, one stage per module, each a plain function over data:
//!
//! ```text
//! load      content/ files        -> Plan (+ Sources, for diagnostics)   load/
//! validate  Plan                  -> diagnostics (ids, references, ...)  validate/
//! schedule  Plan + as-of date     -> Schedule (dates + explanations)     schedule/
//! render    Plan + Schedule       -> Vec<Artifact> (html | pdf | ics |   render/
//!                                    csv | json), bytes in memory
//! publish   Vec<Artifact>         -> output/<version>/, atomically       publish.rs
//! ```
//!
//! Only `load` reads the project and only `publish` writes `output/`. Time is
//! an input (`as_of`), never read from a clock inside the stages.

pub mod diag;
pub mod hash;
pub mod load;
pub mod model;
pub mod prose;
pub mod publish;
pub mod pdf;
pub mod render;
pub mod report;
pub mod schedule;
pub mod validate;
pub mod suggest;
pub mod theme;
pub mod cmd;
pub mod example;

use std::path::Path;

use chrono::NaiveDate;

use diag::{Diagnostic, Sources};
use model::Plan;
use schedule::Schedule;

/// A plan that made it through load, validate and schedule.
#[derive(Debug)]
pub struct Compiled {
    pub sources: Sources,
    pub plan: Plan,
    pub schedule: Schedule,
    /// Warnings only (errors mean no `Compiled`).
    pub warnings: Vec<Diagnostic>,
}

/// Why a plan could not be compiled: every diagnostic, and the sources they
/// point into.
#[derive(Debug)]
pub struct Failed {
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
    /// The failure was I/O (missing folder, unreadable file): exit code 2.
    pub io_error: bool,
}

/// load -> validate -> schedule. Validation and scheduling both run so that
/// every problem is reported at once.
pub fn compile(root: &Path, as_of: NaiveDate) -> Result<Compiled, Failed> {
    let loaded = load::load_project(root);
    let mut diagnostics = loaded.diagnostics;
    let Some(plan) = loaded.plan else {
        diag::sort(&mut diagnostics);
        return Err(Failed {
            sources: loaded.sources,
            diagnostics,
            io_error: loaded.io_error,
        });
    };
    diagnostics.extend(validate::validate(&plan, &loaded.sources));
    let (schedule, schedule_diags) = schedule::schedule(&plan, as_of);
    diagnostics.extend(schedule_diags);
    if let Some(s) = &schedule {
        diagnostics.extend(prose::check(&plan, s));
    }
    diag::sort(&mut diagnostics);
    diagnostics.dedup();
    match schedule {
        Some(schedule) if !diag::has_errors(&diagnostics) => Ok(Compiled {
            sources: loaded.sources,
            plan,
            schedule,
            warnings: diagnostics,
        }),
        _ => Err(Failed {
            sources: loaded.sources,
            diagnostics,
            io_error: loaded.io_error,
        }),
    }
}
