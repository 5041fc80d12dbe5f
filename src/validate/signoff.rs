//! Sign-offs and revisions: `status: approved` needs an approved sign-off for
//! this exact version from everyone who signs; versions make sense.

use std::collections::HashMap;

use crate::diag::{Diagnostic, FileId};
use crate::hash::{ContentHash, SHORT_LEN};
use crate::model::{Decision, Plan, PlanStatus, Signoff};

/// The fewest hex digits a typed `hash` may have (v2; 7 in v1): the short
/// form printed on pages and covers.
pub const MIN_HASH_DIGITS: usize = SHORT_LEN;

/// A sign-off that records a content hash other than this content's: the
/// signer saw something else, so it does not count.
pub fn is_stale(s: &Signoff, hash: &ContentHash) -> bool {
    s.hash.as_ref().is_some_and(|h| !hash.matches(&h.value))
}

/// The decision that counts for each stakeholder on `version`: their latest
/// sign-off for it (by date, then by the order written).
pub fn current_decisions<'a>(
    plan: &'a Plan,
    version: &semver::Version,
) -> HashMap<&'a str, &'a Signoff> {
    let mut out: HashMap<&str, &Signoff> = HashMap::new();
    for s in plan
        .signoffs
        .iter()
        .filter(|s| &s.version.value.0 == version)
    {
        let newer = match out.get(s.by.value.as_str()) {
            None => true,
            Some(prev) => s.date.as_ref().map(|d| d.value) >= prev.date.as_ref().map(|d| d.value),
        };
        if newer {
            out.insert(&s.by.value, s);
        }
    }
    out
}

/// The number of characters of a written `hash` (0 when there is none).
fn h_len(h: &Option<crate::model::Sp<String>>) -> usize {
    h.as_ref().map_or(0, |h| h.value.trim().len())
}

/// Why a written `hash` cannot name a content hash, if it cannot: hex
/// digits only, at least [`MIN_HASH_DIGITS`] and at most 64 of them.
pub fn hash_shape(written: &str) -> Result<(), String> {
    let w = written.trim();
    if !w.chars().all(|c| c.is_ascii_hexdigit()) || w.is_empty() {
        return Err("is not a content hash (hex digits only)".into());
    }
    match w.len() {
        n if n < MIN_HASH_DIGITS => Err(format!(
            "has {n} hex digit{}: at least {MIN_HASH_DIGITS} are needed",
            if n == 1 { "" } else { "s" }
        )),
        n if n > 64 => Err(format!("has {n} hex digits: a content hash has 64")),
        _ => Ok(()),
    }
}

pub fn check(plan: &Plan, hash: &ContentHash, signoff_files: &[FileId], out: &mut Vec<Diagnostic>) {
    let version = &plan.meta.version.value.0;
    let decisions = current_decisions(plan, version);
    for s in &plan.signoffs {
        if let Some(h) = &s.hash
            && !signoff_files.contains(&h.pos.file)
        {
            out.push(
                Diagnostic::warning(h.pos, "a sign-off that records a hash must be kept in a file of its own")
                    .with_hint("move `signoffs:` into a file that holds nothing else (e.g. content/signoffs.yaml): such files are left out of the content hash, so recording a sign-off does not change the hash it names"),
            );
        }
    }
    for s in &plan.signoffs {
        if let Some(h) = &s.hash
            && let Err(why) = hash_shape(&h.value)
        {
            out.push(
                Diagnostic::error(h.pos, format!("the sign-off by `{}` records a `hash` that {why}", s.by.value))
                    .with_hint("copy the short hash (12 hex digits) from the overview page or the PDF cover, or the full one (64) from output/manifest.json: fewer digits could be forged in seconds"),
            );
        }
    }
    for s in plan
        .signoffs
        .iter()
        .filter(|s| &s.version.value.0 == version)
    {
        // A signed sign-off with a short hash is an error of its own
        // (`signed.rs`): staleness is moot until it carries the full hash.
        let signed_short = s.signature.is_some() && h_len(&s.hash) != 64;
        if let Some(h) = &s.hash
            && !signed_short
            && hash_shape(&h.value).is_ok()
            && !hash.matches(&h.value)
        {
            out.push(
                Diagnostic::warning(
                    h.pos,
                    format!(
                        "sign-off by `{}` is stale: the hash it records does not match this content ({})",
                        s.by.value,
                        hash.short()
                    ),
                )
                .with_hint("the plan changed after this sign-off: it does not count toward approval; ask for a new sign-off with the current hash (shown on the overview page and the PDF cover)"),
            );
        }
    }
    let signers: Vec<_> = plan.stakeholders.iter().filter(|s| s.signs).collect();

    if plan.meta.status() == PlanStatus::Approved {
        let status_pos = plan.meta.status.as_ref().map_or(plan.meta.pos, |s| s.pos);
        let missing: Vec<String> = signers
            .iter()
            .filter(|s| {
                decisions
                    .get(s.id.value.as_str())
                    .is_none_or(|d| d.decision.value != Decision::Approved || is_stale(d, hash))
            })
            .map(|s| {
                let who = s
                    .name
                    .as_ref()
                    .map_or(s.id.value.as_str(), |n| n.value.as_str());
                match decisions.get(s.id.value.as_str()) {
                    Some(d) if is_stale(d, hash) => format!("{who} (stale: signed other content)"),
                    Some(d) => format!("{who} ({})", d.decision.value),
                    None => format!("{who} (no sign-off)"),
                }
            })
            .collect();
        if !missing.is_empty() {
            out.push(
                Diagnostic::error(
                    status_pos,
                    format!(
                        "status is `approved`, but version {version} lacks an approved sign-off from: {}",
                        missing.join(", ")
                    ),
                )
                .with_hint(format!(
                    "add `signoffs:` entries with `version: {version}` and `decision: approved`, or set `status: review`"
                )),
            );
        }
        if signers.is_empty() {
            let approvals = decisions
                .values()
                .filter(|d| d.decision.value == Decision::Approved && !is_stale(d, hash))
                .count();
            // With nobody to sign and nobody who signed, "Approved" on the
            // cover would be a claim no one made.
            if approvals == 0 {
                out.push(
                    Diagnostic::error(
                        status_pos,
                        format!("status is `approved`, but nobody signs version {version}: no stakeholder has `signs: true` and no sign-off approves it"),
                    )
                    .with_hint(format!("mark who must approve the document with `signs: true` and record their sign-offs for version {version}, or set `status: review`")),
                );
            } else {
                out.push(
                    Diagnostic::warning(
                        status_pos,
                        "status is `approved`, but no stakeholder has `signs: true`",
                    )
                    .with_hint("mark who must approve the document with `signs: true`"),
                );
            }
        }
    }

    for s in &plan.signoffs {
        if s.version.value.0 > *version {
            out.push(
                Diagnostic::warning(
                    s.version.pos,
                    format!(
                        "sign-off for version {}, which is newer than this plan's version {version}",
                        s.version.value
                    ),
                )
                .with_hint("check the sign-off's `version` or raise `plan.version`"),
            );
        }
    }

    let mut seen = HashMap::new();
    for r in &plan.revisions {
        if let Some(first) = seen.insert(r.version.value.0.clone(), r.version.pos) {
            out.push(
                Diagnostic::error(
                    r.version.pos,
                    format!("revision {} is listed twice", r.version.value),
                )
                .with_note(Some(first), "first listed here"),
            );
        }
        if r.version.value.0 > *version {
            out.push(Diagnostic::warning(
                r.version.pos,
                format!(
                    "revision {} is newer than this plan's version {version}",
                    r.version.value
                ),
            ));
        }
    }
    if !plan.revisions.is_empty() && !seen.contains_key(version) {
        out.push(
            Diagnostic::warning(
                plan.meta.version.pos,
                format!("the revision history has no entry for this version ({version})"),
            )
            .with_hint(format!(
                "add to `revisions:` an entry with `version: {version}`, the date and a summary of the changes"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_hashes_need_twelve_hex_digits() {
        let full = "ab".repeat(32);
        for (written, ok) in [
            ("26800c0cfc9c", true),
            (" 26800C0CFC9C ", true),
            (full.as_str(), true),
            ("26800c0", false),
            ("26800c0cfc9", false),
            ("26800c0cfc9z", false),
            ("", false),
        ] {
            assert_eq!(hash_shape(written).is_ok(), ok, "{written:?}");
        }
        assert!(hash_shape(&format!("{full}0")).unwrap_err().contains("65"));
        assert!(hash_shape("26800c0").unwrap_err().contains("7 hex digits"));
    }
}
