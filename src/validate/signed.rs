//! Signed sign-offs: stakeholders' `ssh_key` and sign-offs' `signature` ->
//! errors where a key is not a usable public key, or a signature does not
//! verify over its sign-off's statement with its signer's key.

use std::collections::HashMap;

use ssh_key::PublicKey;

use crate::diag::Diagnostic;
use crate::model::{Plan, Signoff};
use crate::signature::{self, KeyError, Statement, VerifyError};

/// Where `ssh-keygen` prints the line to paste.
const KEY_HINT: &str = "paste the whole line of the signer's public key file, e.g. `ssh-ed25519 AAAAC3Nz... mary@laptop` (`ssh-keygen -y -f ~/.ssh/id_ed25519` prints it)";

pub fn check(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let mut keys: HashMap<&str, PublicKey> = HashMap::new();
    for s in &plan.stakeholders {
        let Some(line) = &s.ssh_key else { continue };
        match signature::public_key(&line.value) {
            Ok(k) => {
                keys.insert(&s.id.value, k);
            }
            Err(KeyError::Unsupported(kind)) => out.push(
                Diagnostic::error(
                    line.pos,
                    format!("`{kind}` keys cannot sign migplan sign-offs"),
                )
                .with_hint(format!(
                    "use an Ed25519 key (`ssh-keygen -t ed25519`); accepted types: {}",
                    signature::KEY_TYPES.join(", ")
                )),
            ),
            Err(KeyError::Malformed(_)) if line.value.contains("PRIVATE KEY") => out.push(
                Diagnostic::error(
                    line.pos,
                    format!("`ssh_key` of `{}` is a private key", s.id.value),
                )
                .with_hint("remove it from the plan now (and from its history: consider the key leaked and make a new one); `ssh_key` takes the public key, the line of the `.pub` file"),
            ),
            Err(KeyError::Malformed(why)) => out.push(
                Diagnostic::error(
                    line.pos,
                    format!(
                        "`ssh_key` of `{}` is not an OpenSSH public key: {why}",
                        s.id.value
                    ),
                )
                .with_hint(KEY_HINT),
            ),
        }
    }
    for s in plan.signoffs.iter().filter(|s| s.signature.is_some()) {
        let Some(person) = plan.stakeholder(&s.by.value) else {
            continue; // an unknown `by` is reported with the references
        };
        let who = &s.by.value;
        let Some(key_line) = &person.ssh_key else {
            out.push(
                Diagnostic::error(
                    s.by.pos,
                    format!("the sign-off by `{who}` is signed, but `{who}` has no `ssh_key` to check it with"),
                )
                .with_note(Some(person.id.pos), format!("`{who}` is defined here"))
                .with_hint(format!("add `ssh_key:` to `{who}`'s entry: the whole line of their public key file (`ssh-keygen -y -f ~/.ssh/id_ed25519` prints it)")),
            );
            continue;
        };
        let Some(key) = keys.get(who.as_str()) else {
            continue; // the key line is reported above
        };
        if let Some(d) = verify(plan, s, key, key_line.pos) {
            out.push(d);
        }
    }
}

/// The problem with one signed sign-off, if any.
fn verify(
    plan: &Plan,
    s: &Signoff,
    key: &PublicKey,
    key_pos: crate::diag::Pos,
) -> Option<Diagnostic> {
    let who = &s.by.value;
    let armored = s.signature.as_ref()?;
    let full_hash = s
        .hash
        .as_ref()
        .map(|h| h.value.trim())
        .filter(|h| h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit()));
    let Some(content) = full_hash else {
        // A short hash is the typed-hash rule's to report; a missing or
        // shortened one is ours.
        let at = s.hash.as_ref().map_or(s.by.pos, |h| h.pos);
        return Some(
            Diagnostic::error(
                at,
                format!("the signed sign-off by `{who}` must carry the full content hash (64 hex digits)"),
            )
            .with_hint(format!(
                "the hash is part of what was signed: write it in full as `hash:` (`migplan sign --by {who} --statement` prints it on its `content:` line)"
            )),
        );
    };
    let Some(date) = &s.date else {
        return Some(
            Diagnostic::error(
                s.by.pos,
                format!("the signed sign-off by `{who}` has no `date`"),
            )
            .with_hint("the date is part of what was signed: add the `date:` the signer signed"),
        );
    };
    let statement = Statement {
        title: &plan.meta.title.value,
        version: s.version.value.to_string(),
        content,
        decision: s.decision.value.as_str(),
        date: date.value.0,
        by: who,
    }
    .text();
    let (message, hint) = match signature::verify(key, &statement, &armored.value) {
        Ok(()) => return None,
        Err(VerifyError::Unreadable(why)) => (
            format!("the signature of the sign-off by `{who}` is not an SSH signature ({why})"),
            "paste the whole block `ssh-keygen -Y sign` wrote, from `-----BEGIN SSH SIGNATURE-----` to `-----END SSH SIGNATURE-----`, after `signature: |`".to_string(),
        ),
        Err(VerifyError::OtherKey(fp)) => (
            format!(
                "the sign-off by `{who}` is signed with another key ({fp}), not with `{who}`'s `ssh_key` ({})",
                signature::fingerprint(key)
            ),
            format!("sign with the private key of `{who}`'s `ssh_key`, or correct `ssh_key` if the key changed"),
        ),
        Err(VerifyError::Namespace(ns)) => (
            format!(
                "the signature of the sign-off by `{who}` was made for `{ns}`, not for migplan sign-offs"
            ),
            format!(
                "sign with the namespace `{}`: `ssh-keygen -Y sign -f KEY -n {}`",
                signature::NAMESPACE,
                signature::NAMESPACE
            ),
        ),
        Err(VerifyError::Mismatch) => (
            format!(
                "the signature of the sign-off by `{who}` does not verify: it signs another statement than this sign-off's, or it was altered"
            ),
            format!(
                "what was signed must be exactly this sign-off's plan title, version, hash, decision, date and `by`; if any of them changed, sign again (`migplan sign --by {who} ...`)"
            ),
        ),
    };
    Some(
        Diagnostic::error(s.by.pos, message)
            .with_note(Some(key_pos), format!("checked against `{who}`'s key"))
            .with_hint(hint),
    )
}
