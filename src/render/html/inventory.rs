//! The inventory page's view (`inventory`): systems grouped by category,
//! their free-form details as columns.

use serde::Serialize;

use crate::model::Plan;

use super::view::{html_id, role_label};

#[derive(Debug, Clone, Serialize)]
pub struct InventoryView {
    /// Categories in the order first written; systems without one under "Other".
    pub groups: Vec<CategoryView>,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    /// "server", "application", ... as written.
    pub category: String,
    pub anchor: String,
    /// The detail keys used in this category, in the order first written:
    /// the table's extra columns.
    pub columns: Vec<String>,
    pub systems: Vec<SystemRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SystemRow {
    pub id: String,
    /// HTML id of the row (`system-...`); other pages link to it.
    pub anchor: String,
    /// The name, or the id when no name is given.
    pub name: String,
    /// `source`, `target`, `retained`, `retired`.
    pub role: Option<String>,
    pub role_label: Option<String>,
    /// One value per entry of the category's `columns` ("" when absent).
    pub cells: Vec<String>,
    pub notes: Option<String>,
}

pub(crate) fn build(plan: &Plan) -> InventoryView {
    let mut groups: Vec<CategoryView> = Vec::new();
    for s in &plan.inventory {
        let category = s
            .category
            .as_ref()
            .map(|c| c.value.trim().to_string())
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| "Other".into());
        let gi = match groups.iter().position(|g| g.category == category) {
            Some(i) => i,
            None => {
                groups.push(CategoryView {
                    anchor: html_id("category", &category),
                    category,
                    columns: Vec::new(),
                    systems: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let group = &mut groups[gi];
        for (key, _) in &s.details.0 {
            if !group.columns.contains(key) {
                group.columns.push(key.clone());
            }
        }
        group.systems.push(SystemRow {
            id: s.id.value.clone(),
            anchor: html_id("system", &s.id.value),
            name: s
                .name
                .as_ref()
                .map_or_else(|| s.id.value.clone(), |n| n.value.clone()),
            role: s.role.as_ref().map(|r| r.value.as_str().to_string()),
            role_label: s.role.as_ref().map(|r| role_label(r.value).to_string()),
            cells: Vec::new(),
            notes: s.notes.as_ref().map(|n| n.value.clone()),
        });
    }
    // Cells once every column of the category is known.
    for group in &mut groups {
        for row in &mut group.systems {
            let sys = plan.system(&row.id);
            row.cells = group
                .columns
                .iter()
                .map(|col| {
                    sys.and_then(|s| s.details.0.iter().find(|(k, _)| k == col))
                        .map_or_else(String::new, |(_, v)| v.0.clone())
                })
                .collect();
        }
    }
    InventoryView {
        groups,
        total: plan.inventory.len(),
    }
}
