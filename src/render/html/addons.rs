//! The add-ons page's view (`addons`): third-party tools to reconnect, who
//! does it, credentials, how to verify, status.

use serde::Serialize;

use crate::model::AddonStatus;

use super::ctx::Ctx;
use super::view::{SystemRef, addon_status_label, credentials_label, html_id};

#[derive(Debug, Clone, Serialize)]
pub struct AddonsView {
    pub addons: Vec<AddonRow>,
    /// Add-ons per status, in a fixed order (pending, reconnected, verified,
    /// retired), zeros left out.
    pub by_status: Vec<StatusCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AddonRow {
    pub id: String,
    pub anchor: String,
    /// The name, or the id when none is given.
    pub name: String,
    pub vendor: Option<String>,
    pub integrates_with: Option<SystemRef>,
    /// `required`, `not-required`.
    pub credentials: Option<String>,
    pub credentials_label: Option<String>,
    pub reconnect_owner: Option<String>,
    /// The same, linked to its people's pages.
    pub reconnect_owners: Vec<super::people::OwnerPart>,
    /// How to check it works after the migration.
    pub verify: Option<String>,
    /// `pending` (also when not given), `reconnected`, `verified`, `retired`.
    pub status: String,
    pub status_label: String,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    pub status: String,
    pub label: String,
    pub count: usize,
}

pub(crate) fn build(ctx: &Ctx) -> AddonsView {
    let status =
        |a: &crate::model::Addon| a.status.as_ref().map_or(AddonStatus::Pending, |s| s.value);
    let addons = ctx
        .plan
        .addons
        .iter()
        .map(|a| AddonRow {
            id: a.id.value.clone(),
            anchor: html_id("addon", &a.id.value),
            name: a
                .name
                .as_ref()
                .map_or_else(|| a.id.value.clone(), |n| n.value.clone()),
            vendor: a.vendor.as_ref().map(|v| v.value.clone()),
            integrates_with: a.integrates_with.as_ref().map(|s| ctx.system_ref(&s.value)),
            credentials: a.credentials.as_ref().map(|c| c.value.as_str().to_string()),
            credentials_label: a
                .credentials
                .as_ref()
                .map(|c| credentials_label(c.value).to_string()),
            reconnect_owner: a.reconnect_owner.as_ref().map(|o| o.value.clone()),
            reconnect_owners: ctx.label_parts(a.reconnect_owner.as_ref().map(|o| o.value.as_str())),
            verify: a.verify.as_ref().map(|v| v.value.clone()),
            status: status(a).as_str().to_string(),
            status_label: addon_status_label(status(a)).to_string(),
            notes: a.notes.as_ref().map(|n| n.value.clone()),
        })
        .collect();
    let by_status = AddonStatus::ALL
        .iter()
        .map(|&s| StatusCount {
            status: s.as_str().to_string(),
            label: addon_status_label(s).to_string(),
            count: ctx.plan.addons.iter().filter(|a| status(a) == s).count(),
        })
        .filter(|c| c.count > 0)
        .collect();
    AddonsView { addons, by_status }
}
