//! Plan + Schedule -> JSON: the schedule array (`migplan schedule --format
//! json`, one object per task in plan order).

use chrono::NaiveDate;
use serde::Serialize;

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

/// `plan.json`: the whole computed plan (every key of the plan, and every
/// computed date with its explanation), for other tools and for comparing
/// versions. Its shape is [`crate::plan_json::PlanJson`], which readers
/// share.
pub fn plan(plan: &Plan, schedule: &Schedule, publication: &Publication) -> Vec<u8> {
    let export = crate::plan_json::PlanJson {
        generator: format!("migplan {}", env!("CARGO_PKG_VERSION")).into(),
        format: crate::plan_json::FORMAT,
        version: publication.version.into(),
        status: publication.status,
        date: Some(publication.date),
        pdf: publication.pdf.map(Into::into),
        plan,
        schedule,
        tasks: rows::in_plan_order(plan, schedule),
    };
    let mut out = serde_json::to_vec_pretty(&export).unwrap_or_default();
    out.push(b'\n');
    out
}
