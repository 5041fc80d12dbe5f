//! The sign-off page's view (`signoff`): every stakeholder, who must sign,
//! each one's decision on this version and on earlier ones, and the
//! revision history.

use serde::Serialize;

use crate::model::{Decision, Plan, Signoff, Version};

use super::dates::DateView;
use super::view::{decision_label, html_id};

#[derive(Debug, Clone, Serialize)]
pub struct SignoffView {
    /// The version being signed ("1.2.0").
    pub version: String,
    /// Stakeholders who must sign (`signs: true`).
    pub required: usize,
    /// Of those, how many approved this version.
    pub approved: usize,
    pub outstanding: usize,
    /// True when every required signer approved this version.
    pub complete: bool,
    /// Signers first, then the others, each in the order written.
    pub stakeholders: Vec<StakeholderView>,
    /// Newest version first.
    pub revisions: Vec<RevisionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StakeholderView {
    pub id: String,
    pub anchor: String,
    /// The name, or the id when no name is given.
    pub name: String,
    /// Their own page (`people/<id>.html`).
    pub page: String,
    pub role: Option<String>,
    pub organization: Option<String>,
    pub email: Option<String>,
    /// `mailto:` link for the email, when it is a usable address.
    pub email_href: Option<String>,
    /// Must sign this document.
    pub signs: bool,
    /// `approved`, `rejected`, `changes-requested`, `pending` (a signer who
    /// has not decided) or `not-required` (not a signer, no decision).
    pub state: String,
    /// "Approved", "Rejected", "Changes requested", "Pending", "Not required".
    pub state_label: String,
    /// The decision on this version (the latest, if several).
    pub decision: Option<DecisionView>,
    /// Decisions on older versions, newest version first.
    pub earlier: Vec<DecisionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    pub version: String,
    /// `approved`, `rejected`, `changes-requested`.
    pub decision: String,
    pub label: String,
    pub date: Option<DateView>,
    pub comment: Option<String>,
    /// The content hash the signer saw, if recorded.
    pub hash: Option<String>,
    /// Its first 12 hex digits (the short form pages show).
    pub hash_short: Option<String>,
    /// True when the sign-off carries an SSH signature (checked against the
    /// signer's `ssh_key`: a plan whose signatures fail does not build).
    pub signed: bool,
    /// The signer's key fingerprint as `ssh-keygen -l` prints it
    /// (`SHA256:...`), for a signed sign-off.
    pub key_fingerprint: Option<String>,
    /// How the decision was recorded: "Signed with SSH key SHA256:..." or
    /// "Recorded by the plan's owner".
    pub recorded: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RevisionView {
    pub version: String,
    pub date: DateView,
    pub author: Option<String>,
    pub summary: Option<String>,
    /// True for the version of this document.
    pub current: bool,
}

/// (signers, signers who approved the plan's version).
pub(crate) fn signers_approved(plan: &Plan) -> (usize, usize) {
    let version = &plan.meta.value.version.value;
    let signers: Vec<_> = plan.stakeholders.iter().filter(|s| s.signs).collect();
    let approved = signers
        .iter()
        .filter(|s| {
            latest(plan, &s.id.value, version)
                .is_some_and(|d| d.decision.value == Decision::Approved)
        })
        .count();
    (signers.len(), approved)
}

/// The last decision `who` recorded for `version` (latest date, then last written).
fn latest<'p>(plan: &'p Plan, who: &str, version: &Version) -> Option<&'p Signoff> {
    plan.signoffs
        .iter()
        .enumerate()
        .filter(|(_, s)| s.by.value == who && &s.version.value == version)
        .max_by_key(|(i, s)| (s.date.as_ref().map(|d| d.value), *i))
        .map(|(_, s)| s)
}

fn decision_view(plan: &Plan, s: &Signoff) -> DecisionView {
    let how = crate::render::recorded::recorded(plan, s);
    DecisionView {
        hash_short: s.hash.as_ref().map(|h| {
            let h = h.value.trim();
            h.get(..crate::hash::SHORT_LEN)
                .unwrap_or(h)
                .to_ascii_lowercase()
        }),
        signed: how.signed,
        key_fingerprint: how.fingerprint,
        recorded: how.words,
        version: s.version.value.to_string(),
        decision: s.decision.value.as_str().to_string(),
        label: decision_label(s.decision.value).to_string(),
        date: s.date.as_ref().map(|d| DateView::day(d.value.0)),
        comment: s.comment.as_ref().map(|c| c.value.clone()),
        hash: s.hash.as_ref().map(|h| h.value.clone()),
    }
}

pub(crate) fn build(plan: &Plan) -> SignoffView {
    let version = &plan.meta.value.version.value;
    let mut people: Vec<_> = plan.stakeholders.iter().collect();
    people.sort_by_key(|s| !s.signs);
    let stakeholders = people
        .into_iter()
        .map(|s| {
            let current = latest(plan, &s.id.value, version);
            let (state, state_label) = match (current, s.signs) {
                (Some(d), _) => (d.decision.value.as_str(), decision_label(d.decision.value)),
                (None, true) => ("pending", "Pending"),
                (None, false) => ("not-required", "Not required"),
            };
            let mut earlier: Vec<&Signoff> = plan
                .signoffs
                .iter()
                .filter(|d| d.by.value == s.id.value && &d.version.value < version)
                .collect();
            earlier.sort_by(|a, b| {
                b.version.value.cmp(&a.version.value).then(
                    b.date
                        .as_ref()
                        .map(|d| d.value)
                        .cmp(&a.date.as_ref().map(|d| d.value)),
                )
            });
            let email = s.email.as_ref().map(|e| e.value.trim().to_string());
            StakeholderView {
                id: s.id.value.clone(),
                anchor: html_id("stakeholder", &s.id.value),
                page: super::people::page_path(&s.id.value),
                name: s
                    .name
                    .as_ref()
                    .map_or_else(|| s.id.value.clone(), |n| n.value.clone()),
                role: s.role.as_ref().map(|r| r.value.clone()),
                organization: s.organization.as_ref().map(|o| o.value.clone()),
                email_href: email
                    .as_ref()
                    .and_then(|e| super::links::safe_href(&format!("mailto:{e}"), "")),
                email,
                signs: s.signs,
                state: state.to_string(),
                state_label: state_label.to_string(),
                decision: current.map(|d| decision_view(plan, d)),
                earlier: earlier
                    .into_iter()
                    .map(|d| decision_view(plan, d))
                    .collect(),
            }
        })
        .collect();

    let mut revisions: Vec<_> = plan.revisions.iter().collect();
    revisions.sort_by(|a, b| {
        b.version
            .value
            .cmp(&a.version.value)
            .then(b.date.value.cmp(&a.date.value))
    });
    let (required, approved) = signers_approved(plan);
    SignoffView {
        version: version.to_string(),
        required,
        approved,
        outstanding: required - approved,
        complete: approved == required,
        stakeholders,
        revisions: revisions
            .into_iter()
            .map(|r| RevisionView {
                version: r.version.value.to_string(),
                date: DateView::day(r.date.value.0),
                author: r.author.as_ref().map(|a| a.value.clone()),
                summary: r.summary.as_ref().map(|s| s.value.clone()),
                current: &r.version.value == version,
            })
            .collect(),
    }
}
