//! `migplan sign`: one signer and the current content -> the statement they
//! approve, printed (`--statement`), or signed with their private key and
//! appended to `content/signoffs.yaml`.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Exit, Term};
use crate::diag::{Diagnostic, Location, Severity, Sources};
use crate::model::Decision;
use crate::signature::{self, SignError, Statement};
use crate::signoff_entry::{self, Entry};

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// The signer's stakeholder id.
    pub by: String,
    /// What to do: print the statement, or sign it with a key file.
    pub action: Action,
    pub decision: Decision,
    /// The sign-off's date (also the as-of date of the compile).
    pub date: NaiveDate,
    pub comment: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Action {
    /// Print the statement's exact bytes on stdout.
    Statement,
    /// Sign with this OpenSSH private key file and append the sign-off.
    Sign { key: PathBuf },
}

/// Where sign-offs are appended, relative to the project.
pub const SIGNOFFS_FILE: &str = "content/signoffs.yaml";

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    let c = match crate::compile(&opts.root, opts.date) {
        Ok(c) => c,
        Err(f) => {
            let code = super::report_failure(term, &f);
            let _ = writeln!(
                term.err,
                "migplan: nothing was signed: a sign-off is given for a plan that checks (while collecting sign-offs, keep `status: review`)"
            );
            return code;
        }
    };
    let Some(person) = c.plan.stakeholder(&opts.by) else {
        let ids = c.plan.stakeholders.iter().map(|s| s.id.value.as_str());
        let hint = crate::suggest::did_you_mean(&opts.by, ids.clone()).unwrap_or_else(|| {
            let all: Vec<_> = ids.map(|i| format!("`{i}`")).collect();
            if all.is_empty() {
                "the plan lists no stakeholders: add them under `stakeholders:`".into()
            } else {
                format!("the stakeholders are {}", all.join(", "))
            }
        });
        return usage(
            term,
            format!("`--by {}`: no stakeholder has this id", opts.by),
            hint,
        );
    };
    let meta = &c.plan.meta.value;
    let version = meta.version.value.to_string();
    let statement = Statement {
        title: &meta.title.value,
        version: version.clone(),
        content: &c.content_hash.0,
        decision: opts.decision.as_str(),
        date: opts.date,
        by: &opts.by,
    }
    .text();
    let key_path = match &opts.action {
        Action::Statement => {
            let _ = term.out.write_all(statement.as_bytes());
            return Exit::Ok;
        }
        Action::Sign { key } => key,
    };

    let Some(public) = person
        .ssh_key
        .as_ref()
        .and_then(|k| signature::public_key(&k.value).ok())
    else {
        return usage(
            term,
            format!(
                "`{}` has no `ssh_key` in the plan: their signature could not be checked",
                opts.by
            ),
            format!(
                "add their public key to their stakeholder entry (`ssh_key: ssh-ed25519 AAAA...`) first; to sign elsewhere, `migplan sign --by {} --statement` prints what to sign",
                opts.by
            ),
        );
    };
    let private = match fs::read_to_string(key_path)
        .map_err(|e| SignError::Unreadable(e.to_string()))
        .and_then(|t| signature::private_key(&t))
    {
        Ok(k) => k,
        Err(SignError::Encrypted) => {
            return usage(
                term,
                format!(
                    "{} is protected by a passphrase, and migplan never asks for one",
                    key_path.display()
                ),
                format!(
                    "sign with ssh-keygen, which asks for it:\n  migplan sign --by {by} --statement > statement.txt\n  ssh-keygen -Y sign -f {key} -n {ns} statement.txt\nthen add the sign-off with the hash from statement.txt and the contents of statement.txt.sig as its `signature: |` (docs/format.md, \"Signed sign-offs\")",
                    by = opts.by,
                    key = key_path.display(),
                    ns = signature::NAMESPACE
                ),
            );
        }
        Err(SignError::Unreadable(why) | SignError::Unsupported(why)) => {
            return usage(
                term,
                format!("{}: not an OpenSSH private key ({why})", key_path.display()),
                "pass the private key file (e.g. ~/.ssh/id_ed25519), not the `.pub` file",
            );
        }
    };
    if private.public_key().key_data() != public.key_data() {
        return usage(
            term,
            format!(
                "{} is not `{}`'s key: it is {}, their `ssh_key` is {}",
                key_path.display(),
                opts.by,
                signature::fingerprint(private.public_key()),
                signature::fingerprint(&public)
            ),
            "sign with the private key whose public half is in the signer's `ssh_key`",
        );
    }
    let armored = match signature::sign(&private, &statement) {
        Ok(s) => s,
        Err(SignError::Unsupported(kind)) => {
            return usage(
                term,
                format!("migplan cannot sign with a `{kind}` key"),
                format!(
                    "sign with ssh-keygen instead: `migplan sign --by {} --statement > statement.txt`, then `ssh-keygen -Y sign -f KEY -n {} statement.txt`",
                    opts.by,
                    signature::NAMESPACE
                ),
            );
        }
        Err(e) => {
            return usage(
                term,
                format!("signing with {} failed: {e}", key_path.display()),
                "check the key file, or sign with ssh-keygen (`--statement`)",
            );
        }
    };
    let entry = Entry {
        by: &opts.by,
        version: &version,
        decision: opts.decision.as_str(),
        date: opts.date,
        comment: opts.comment.as_deref(),
        hash: &c.content_hash.0,
        signature: &armored,
    };
    if let Err(why) = append(&opts.root, &entry, &c.content_hash) {
        return usage(
            term,
            format!("{SIGNOFFS_FILE} was left as it was: {why}"),
            "keep signed sign-offs in content/signoffs.yaml, a file that holds only `signoffs:` (a block list)",
        );
    }
    let _ = writeln!(
        term.err,
        "migplan: `{}` {} version {version} (content {}) with key {}; sign-off added to {SIGNOFFS_FILE}",
        opts.by,
        opts.decision,
        c.content_hash.short(),
        signature::fingerprint(&public)
    );
    Exit::Ok
}

/// Appends the entry, then compiles again: the content hash must be the one
/// signed and the new sign-off must check. Otherwise the file is put back
/// as it was.
fn append(root: &Path, entry: &Entry, signed: &crate::hash::ContentHash) -> Result<(), String> {
    let path = root.join(SIGNOFFS_FILE);
    let before = match fs::read(&path) {
        Ok(b) => Some(String::from_utf8(b).map_err(|_| "it is not UTF-8 text".to_string())?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot read it: {e}")),
    };
    let after = signoff_entry::append(before.as_deref(), entry)?;
    replace(&path, after.as_bytes()).map_err(|e| format!("cannot write it: {e}"))?;
    let problem = match crate::compile(root, entry.date) {
        Ok(c) if c.content_hash != *signed => Some(
            "adding the sign-off changed the content hash: the file must hold nothing but `signoffs:`, before and after (an empty file counts as content: delete it and sign again)".to_string(),
        ),
        Ok(c) if !c.plan.signoffs.iter().any(|s| is_entry(s, entry)) => {
            Some("the sign-off did not read back from the file".to_string())
        }
        Ok(_) => None,
        Err(f) => Some(format!(
            "the plan no longer checks with it:\n{}",
            crate::report::render_all(&f.diagnostics, &f.sources, crate::report::Style { color: false })
        )),
    };
    let Some(problem) = problem else {
        return Ok(());
    };
    let restored = match &before {
        Some(b) => replace(&path, b.as_bytes()),
        None => fs::remove_file(&path),
    };
    match restored {
        Ok(()) => Err(problem),
        Err(e) => Err(format!("{problem}; restoring it failed too: {e}")),
    }
}

/// Whether a loaded sign-off is the one just written.
fn is_entry(s: &crate::model::Signoff, entry: &Entry) -> bool {
    s.signature
        .as_ref()
        .is_some_and(|x| x.value.trim() == entry.signature.trim())
}

/// Replaces a file by a new one in one rename (a temporary file whose name
/// starts with a dot, which the loader never reads).
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".signoffs.yaml.migplan-tmp-{}", std::process::id()));
    let written = fs::write(&tmp, bytes).and_then(|()| {
        if let Ok(meta) = fs::metadata(path) {
            fs::set_permissions(&tmp, meta.permissions())?;
        }
        fs::File::open(&tmp)?.sync_all()?;
        fs::rename(&tmp, path)
    });
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

fn usage(term: &mut Term, message: String, hint: impl Into<String>) -> Exit {
    let d = Diagnostic::new(Severity::Error, Location::Project, message).with_hint(hint);
    term.diagnostics(&[d], &Sources::default());
    Exit::Usage
}
