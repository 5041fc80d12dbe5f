//! The risk register page's view (`risks`): Plan.risks -> each risk's
//! likelihood, impact, rating, owner, mitigation and status, a likelihood x
//! impact matrix, and counts by status.
//!
//! Order: risks that still need watching (not closed) first, the highest
//! rated (likelihood x impact) first among them, then the plan's order; so
//! the list reads from what could hurt most to what is done with.

use serde::Serialize;

use crate::model::{Level, Risk, RiskStatus};

use super::addons::StatusCount;
use super::view::html_id;

#[derive(Debug, Clone, Serialize)]
pub struct RisksView {
    /// Every risk, in the order above.
    pub risks: Vec<RiskRow>,
    /// Risks per status (open, mitigated, accepted, closed), zeros left out.
    pub by_status: Vec<StatusCount>,
    /// The matrix, highest likelihood first: three rows of three cells
    /// (impact low, medium, high). Closed risks are left out.
    pub matrix: Vec<MatrixRow>,
    /// Not-closed risks without a likelihood or an impact (not in the matrix).
    pub unrated: Vec<RiskLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskRow {
    pub id: String,
    /// `risk-<id>`: the row's HTML id.
    pub anchor: String,
    /// The risk, as "what could happen".
    pub title: String,
    /// `low`, `medium`, `high`, or `None` when not given.
    pub likelihood: Option<String>,
    /// "Low", "Medium", "High".
    pub likelihood_label: Option<String>,
    pub impact: Option<String>,
    pub impact_label: Option<String>,
    /// `low`, `medium` or `high`: likelihood x impact (1-2 low, 3-4 medium,
    /// 6-9 high); `None` unless both are given.
    pub rating: Option<String>,
    pub rating_label: Option<String>,
    pub owner: Option<String>,
    /// The owner linked to its people's pages (filled in by the site).
    pub owners: Vec<super::people::OwnerPart>,
    pub mitigation: Option<String>,
    /// `open` (also when not given), `mitigated`, `accepted`, `closed`.
    pub status: String,
    pub status_label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    /// The likelihood of this row: `high`, `medium`, `low`.
    pub likelihood: String,
    pub likelihood_label: String,
    /// Impact low, medium, high.
    pub cells: Vec<MatrixCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixCell {
    pub impact: String,
    pub impact_label: String,
    /// The rating of this cell (`low`, `medium`, `high`), for its colour.
    pub rating: String,
    pub risks: Vec<RiskLink>,
}

/// A risk named in the matrix: links to its row on the same page.
#[derive(Debug, Clone, Serialize)]
pub struct RiskLink {
    pub title: String,
    /// `#risk-<id>`.
    pub href: String,
}

pub(crate) fn build(risks: &[Risk]) -> RisksView {
    let mut order: Vec<usize> = (0..risks.len()).collect();
    order.sort_by_key(|&i| {
        let r = &risks[i];
        let closed = status(r) == RiskStatus::Closed;
        (closed, std::cmp::Reverse(score(r).unwrap_or(0)), i)
    });
    let rows = order.iter().map(|&i| row(&risks[i])).collect();
    let by_status = RiskStatus::ALL
        .iter()
        .map(|&s| StatusCount {
            status: s.as_str().to_string(),
            label: status_label(s).to_string(),
            count: risks.iter().filter(|r| status(r) == s).count(),
        })
        .filter(|c| c.count > 0)
        .collect();
    let watched = || {
        order
            .iter()
            .map(|&i| &risks[i])
            .filter(|r| status(r) != RiskStatus::Closed)
    };
    let link = |r: &Risk| RiskLink {
        title: r.title.value.clone(),
        href: format!("#{}", html_id("risk", &r.id.value)),
    };
    let matrix = [Level::High, Level::Medium, Level::Low]
        .iter()
        .map(|&l| MatrixRow {
            likelihood: l.as_str().to_string(),
            likelihood_label: level_label(l).to_string(),
            cells: [Level::Low, Level::Medium, Level::High]
                .iter()
                .map(|&i| MatrixCell {
                    impact: i.as_str().to_string(),
                    impact_label: level_label(i).to_string(),
                    rating: rating(weight(l) * weight(i)).to_string(),
                    risks: watched()
                        .filter(|r| level(&r.likelihood) == Some(l) && level(&r.impact) == Some(i))
                        .map(link)
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let unrated = watched().filter(|r| score(r).is_none()).map(link).collect();
    RisksView {
        risks: rows,
        by_status,
        matrix,
        unrated,
    }
}

fn row(r: &Risk) -> RiskRow {
    let l = level(&r.likelihood);
    let i = level(&r.impact);
    let rated = score(r).map(rating);
    RiskRow {
        id: r.id.value.clone(),
        anchor: html_id("risk", &r.id.value),
        title: r.title.value.clone(),
        likelihood: l.map(|l| l.as_str().to_string()),
        likelihood_label: l.map(|l| level_label(l).to_string()),
        impact: i.map(|i| i.as_str().to_string()),
        impact_label: i.map(|i| level_label(i).to_string()),
        rating: rated.map(str::to_string),
        rating_label: rated.map(|r| format!("{} risk", level_label_str(r))),
        owner: r.owner.as_ref().map(|o| o.value.clone()),
        owners: Vec::new(),
        mitigation: r.mitigation.as_ref().map(|m| m.value.clone()),
        status: status(r).as_str().to_string(),
        status_label: status_label(status(r)).to_string(),
    }
}

fn level(l: &Option<crate::model::Sp<Level>>) -> Option<Level> {
    l.as_ref().map(|l| l.value)
}

fn status(r: &Risk) -> RiskStatus {
    r.status.as_ref().map_or(RiskStatus::Open, |s| s.value)
}

fn weight(l: Level) -> u8 {
    match l {
        Level::Low => 1,
        Level::Medium => 2,
        Level::High => 3,
    }
}

/// Likelihood x impact, 1 to 9, when both are given.
fn score(r: &Risk) -> Option<u8> {
    Some(weight(level(&r.likelihood)?) * weight(level(&r.impact)?))
}

fn rating(score: u8) -> &'static str {
    match score {
        0..=2 => "low",
        3..=4 => "medium",
        _ => "high",
    }
}

pub fn level_label(l: Level) -> &'static str {
    level_label_str(l.as_str())
}

fn level_label_str(s: &str) -> &'static str {
    match s {
        "low" => "Low",
        "medium" => "Medium",
        _ => "High",
    }
}

pub fn status_label(s: RiskStatus) -> &'static str {
    match s {
        RiskStatus::Open => "Open",
        RiskStatus::Mitigated => "Mitigated",
        RiskStatus::Accepted => "Accepted",
        RiskStatus::Closed => "Closed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn risk(id: &str, l: Option<Level>, i: Option<Level>, s: Option<RiskStatus>) -> Risk {
        let yaml = format!(
            "id: {id}\ntitle: Risk {id}\n{}{}{}",
            l.map_or(String::new(), |l| format!("likelihood: {l}\n")),
            i.map_or(String::new(), |i| format!("impact: {i}\n")),
            s.map_or(String::new(), |s| format!("status: {s}\n")),
        );
        serde_saphyr::from_str(&yaml).expect("a risk")
    }

    #[test]
    fn rated_open_risks_first_closed_last() {
        use Level::*;
        let risks = vec![
            risk("low", Some(Low), Some(Low), None),
            risk(
                "closed-high",
                Some(High),
                Some(High),
                Some(RiskStatus::Closed),
            ),
            risk("unrated", None, Some(High), None),
            risk(
                "high",
                Some(High),
                Some(Medium),
                Some(RiskStatus::Mitigated),
            ),
        ];
        let v = build(&risks);
        let ids: Vec<&str> = v.risks.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["high", "low", "unrated", "closed-high"]);
        assert_eq!(v.risks[0].rating.as_deref(), Some("high"));
        assert_eq!(v.risks[0].rating_label.as_deref(), Some("High risk"));
        assert_eq!(v.risks[2].rating, None);
        assert_eq!(v.risks[2].status_label, "Open");
        // Matrix: row 0 is high likelihood, cell 1 is medium impact.
        assert_eq!(v.matrix[0].cells[1].risks[0].href, "#risk-high");
        // The closed high x high risk is not in the matrix.
        assert!(v.matrix[0].cells[2].risks.is_empty());
        assert_eq!(v.matrix[2].cells[0].rating, "low");
        assert_eq!(v.unrated.len(), 1);
        let counts: Vec<(String, usize)> = v
            .by_status
            .iter()
            .map(|c| (c.status.clone(), c.count))
            .collect();
        assert_eq!(
            counts,
            [
                ("open".into(), 2),
                ("mitigated".into(), 1),
                ("closed".into(), 1)
            ]
        );
    }
}
