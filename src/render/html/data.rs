//! The data priorities page's view (`data`): datasets grouped by priority,
//! with method, records and owner, and totals.

use serde::Serialize;

use crate::model::{Method, Priority};

use super::ctx::Ctx;
use super::dates::thousands;
use super::view::{SystemRef, html_id, method_label, priority_label};
use crate::render::labels::records_summary;

#[derive(Debug, Clone, Serialize)]
pub struct DataView {
    /// Must have, nice to have, not needed (empty groups left out).
    pub groups: Vec<PriorityView>,
    pub total: usize,
    /// Sum of the known record counts, e.g. "48,210".
    pub records_text: String,
    /// Datasets whose record count is not given.
    pub records_unknown: usize,
    /// The count in words: "48,210 records", "48,210 records, 2 datasets
    /// not counted", or "records not counted" (never "0 records").
    pub records_summary: String,
    /// How many datasets each method handles, in a fixed order, zeros left out.
    pub methods: Vec<MethodCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PriorityView {
    /// `must`, `nice`, `not-needed`.
    pub priority: String,
    /// "Must have", "Nice to have", "Not needed".
    pub label: String,
    pub anchor: String,
    pub datasets: Vec<DatasetRow>,
    pub records_text: String,
    pub records_unknown: usize,
    /// As `data.records_summary`, for this group.
    pub records_summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DatasetRow {
    pub id: String,
    pub anchor: String,
    /// The name, or the id when none is given.
    pub name: String,
    pub from: Option<SystemRef>,
    pub to: Option<SystemRef>,
    /// `migrate`, `archive-pdf`, `retain-legacy`, `discard`.
    pub method: String,
    pub method_label: String,
    pub records: Option<u64>,
    /// "12,450", or "" when unknown.
    pub records_text: String,
    pub owner: Option<String>,
    /// The owner linked to its people's pages.
    pub owners: Vec<super::people::OwnerPart>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MethodCount {
    pub method: String,
    pub label: String,
    pub count: usize,
}

pub(crate) fn build(ctx: &Ctx) -> DataView {
    let plan = ctx.plan;
    let groups = [Priority::Must, Priority::Nice, Priority::NotNeeded]
        .into_iter()
        .filter_map(|p| {
            let datasets: Vec<DatasetRow> = plan
                .datasets
                .iter()
                .filter(|d| d.priority.value == p)
                .map(|d| DatasetRow {
                    id: d.id.value.clone(),
                    anchor: html_id("dataset", &d.id.value),
                    name: d
                        .name
                        .as_ref()
                        .map_or_else(|| d.id.value.clone(), |n| n.value.clone()),
                    from: d.from.as_ref().map(|s| ctx.system_ref(&s.value)),
                    to: d.to.as_ref().map(|s| ctx.system_ref(&s.value)),
                    method: d.method().as_str().to_string(),
                    method_label: method_label(d.method()).to_string(),
                    records: d.records.as_ref().map(|r| r.value),
                    records_text: d
                        .records
                        .as_ref()
                        .map_or_else(String::new, |r| thousands(r.value)),
                    owner: d.owner.as_ref().map(|o| o.value.clone()),
                    owners: ctx.label_parts(d.owner.as_ref().map(|o| o.value.as_str())),
                    notes: d.notes.as_ref().map(|n| n.value.clone()),
                })
                .collect();
            (!datasets.is_empty()).then(|| PriorityView {
                priority: p.as_str().to_string(),
                label: priority_label(p).to_string(),
                anchor: html_id("priority", p.as_str()),
                // Saturating, as records_summary: counts near u64::MAX must
                // not overflow (a panic in debug builds).
                records_text: thousands(
                    datasets
                        .iter()
                        .filter_map(|d| d.records)
                        .fold(0u64, u64::saturating_add),
                ),
                records_unknown: datasets.iter().filter(|d| d.records.is_none()).count(),
                records_summary: records_summary(datasets.iter().map(|d| d.records)),
                datasets,
            })
        })
        .collect();
    let methods = Method::ALL
        .iter()
        .map(|&m| MethodCount {
            method: m.as_str().to_string(),
            label: method_label(m).to_string(),
            count: plan.datasets.iter().filter(|d| d.method() == m).count(),
        })
        .filter(|m| m.count > 0)
        .collect();
    DataView {
        groups,
        total: plan.datasets.len(),
        records_text: thousands(
            plan.datasets
                .iter()
                .filter_map(|d| d.records.as_ref().map(|r| r.value))
                .fold(0u64, u64::saturating_add),
        ),
        records_unknown: plan.datasets.iter().filter(|d| d.records.is_none()).count(),
        records_summary: records_summary(
            plan.datasets
                .iter()
                .map(|d| d.records.as_ref().map(|r| r.value)),
        ),
        methods,
    }
}
