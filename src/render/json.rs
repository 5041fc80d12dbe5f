//! Plan + Schedule -> JSON: the schedule array (`migplan schedule --format
//! json`, one object per task in plan order).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{Plan, PlanStatus};
use crate::schedule::Schedule;

use super::rows;

pub fn schedule(plan: &Plan, schedule: &Schedule) -> Vec<u8> {
    let rows = rows::in_plan_order(plan, schedule);
    let mut out = serde_json::to_vec_pretty(&rows).unwrap_or_default();
    out.push(b'\n');
    out
}

/// The facts about a published version that `plan.json` records at its
/// top, so later builds can list the versions in `output/`.
#[derive(Debug, Clone, Serialize)]
pub struct Publication<'a> {
    pub version: &'a str,
    pub status: PlanStatus,
    /// The document date (newest revision).
    pub date: NaiveDate,
    /// The PDF's file name in the version folder.
    pub pdf: Option<&'a str>,
}

/// [`Publication`] as read back from an older version's `plan.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct PublicationOwned {
    pub version: String,
    pub status: PlanStatus,
    pub date: Option<NaiveDate>,
    pub pdf: Option<String>,
}

/// `plan.json`: the whole computed plan (every key of the plan, and every
/// computed date with its explanation), for other tools and for comparing
/// versions.
pub fn plan(plan: &Plan, schedule: &Schedule, publication: &Publication) -> Vec<u8> {
    #[derive(Serialize)]
    struct Export<'a> {
        generator: String,
        format: u32,
        #[serde(flatten)]
        publication: &'a Publication<'a>,
        plan: &'a Plan,
        schedule: &'a Schedule,
        tasks: Vec<rows::TaskRow<'a>>,
    }
    let export = Export {
        generator: format!("migplan {}", env!("CARGO_PKG_VERSION")),
        format: 1,
        publication,
        plan,
        schedule,
        tasks: rows::in_plan_order(plan, schedule),
    };
    let mut out = serde_json::to_vec_pretty(&export).unwrap_or_default();
    out.push(b'\n');
    out
}
