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
pub mod model;
pub mod render;
pub mod schedule;
pub mod suggest;
