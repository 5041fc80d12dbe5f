//! A sign-off -> how it was recorded, in the words the site and the PDF
//! both print: signed with the signer's SSH key (and which key), or typed
//! into the plan by its owner.

use crate::model::{Plan, Signoff};

/// What a typed (unsigned) sign-off says about who wrote it down.
pub const BY_OWNER: &str = "Recorded by the plan's owner";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The sign-off carries an SSH signature. Validation has checked it
    /// against the signer's `ssh_key`: a plan whose signatures fail never
    /// reaches the renderers.
    pub signed: bool,
    /// The signer's key fingerprint as `ssh-keygen -l` prints it
    /// (`SHA256:...`), for a signed sign-off.
    pub fingerprint: Option<String>,
    /// "Signed with SSH key SHA256:..." or "Recorded by the plan's owner".
    pub words: String,
}

pub fn recorded(plan: &Plan, s: &Signoff) -> Recorded {
    if s.signature.is_none() {
        return Recorded {
            signed: false,
            fingerprint: None,
            words: BY_OWNER.to_string(),
        };
    }
    let fingerprint = plan
        .stakeholder(&s.by.value)
        .and_then(|p| p.ssh_key.as_ref())
        .and_then(|k| crate::signature::public_key(&k.value).ok())
        .map(|k| crate::signature::fingerprint(&k));
    let words = match &fingerprint {
        Some(fp) => format!("Signed with SSH key {fp}"),
        None => "Signed with an SSH key".to_string(),
    };
    Recorded {
        signed: true,
        fingerprint,
        words,
    }
}
