//! Plan + Schedule -> JSON: the schedule array (`migplan schedule --format
//! json`, one object per task in plan order).

use crate::model::Plan;
use crate::schedule::Schedule;

use super::rows;

pub fn schedule(plan: &Plan, schedule: &Schedule) -> Vec<u8> {
    let rows = rows::in_plan_order(plan, schedule);
    let mut out = serde_json::to_vec_pretty(&rows).unwrap_or_default();
    out.push(b'\n');
    out
}
