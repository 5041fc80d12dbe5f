//! When some files do not parse, the others are still checked, so that one
//! file's syntax error (a tab, say) does not hide every other file's
//! problems until it is fixed.
//!
//! The files that parsed are merged into a plan without the broken ones
//! ([`crate::load::Partial`]) and go through validate, schedule and the
//! prose check as usual. What those stages find is kept only when it cannot
//! be a consequence of the files left out: it points at a line of a file
//! that parsed, and it names nothing (in `backticks`) that is written in a
//! broken file (a task id, a milestone, an owner defined there). Problems
//! that do depend on a broken file are reported once it parses.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;

use crate::diag::{Diagnostic, FileId, Sources};
use crate::load::{Loaded, Partial};

/// The problems of the files that parsed.
pub(crate) fn problems(
    root: &Path,
    loaded: &Loaded,
    partial: Partial,
    as_of: NaiveDate,
) -> Vec<Diagnostic> {
    let Partial {
        merged: (mut plan, mut found),
        broken,
    } = partial;
    let written = words_of(&loaded.sources, &broken);
    if !plan.meta.pos.is_known() {
        // `plan:` is in a broken file: every check reads its version,
        // dates or calendar, so none can run without it.
        found.retain(|d| independent(d, &broken, &written));
        return found;
    }
    // The content hash as a full load computes it (sign-offs are checked
    // against it), from every file as it is on disk.
    let theme = crate::theme::Theme::load(root, plan.meta.theme()).ok();
    let files = loaded.hashed_files();
    let theme_files: Vec<(&str, &[u8])> = theme.iter().flat_map(|t| t.files()).collect();
    let content_hash = crate::hash::content_hash(
        files.iter().map(|(p, b)| (p.as_str(), b.as_ref())),
        plan.meta.theme(),
        theme_files,
    );
    found.extend(crate::validate::validate(
        &plan,
        &loaded.sources,
        &content_hash,
        &loaded.signoff_files,
    ));
    let actuals = crate::progress::actuals(&plan);
    crate::progress::apply(&mut plan, &actuals);
    let (schedule, schedule_diags) = crate::schedule::schedule(&plan, as_of);
    found.extend(schedule_diags);
    if let Some(s) = &schedule {
        found.extend(crate::prose::check(&plan, s));
    }
    found.retain(|d| independent(d, &broken, &written));
    found
}

/// True when `d` points into a file that parsed and names nothing written
/// in the broken files.
fn independent(d: &Diagnostic, broken: &[FileId], written: &HashSet<&str>) -> bool {
    let Some(pos) = d.pos() else { return false };
    if !pos.is_known() || broken.contains(&pos.file) {
        return false;
    }
    let texts = std::iter::once(d.message.as_str())
        .chain(d.hint.as_deref())
        .chain(d.notes.iter().map(|n| n.message.as_str()));
    !texts
        .flat_map(quoted)
        .any(|q| written.contains(q) || words(q).any(|w| written.contains(w)))
}

/// The `backticked` (and “quoted”) parts of a message.
fn quoted(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = text.split('`').skip(1).step_by(2).collect();
    let mut rest = text;
    while let Some((_, after)) = rest.split_once('\u{201c}') {
        let Some((inside, tail)) = after.split_once('\u{201d}') else {
            break;
        };
        out.push(inside);
        rest = tail;
    }
    out
}

/// The identifier-like words of a text (ids, keys, dates, names' parts).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
}

/// Every word written in the broken files, and each of their values whole
/// (an owner "Project Manager").
fn words_of<'a>(sources: &'a Sources, broken: &[FileId]) -> HashSet<&'a str> {
    let mut out = HashSet::new();
    for &f in broken {
        let text = &sources.get(f).text;
        out.extend(words(text));
        for line in text.lines() {
            if let Some((_, value)) = line.split_once(": ") {
                out.insert(value.trim().trim_matches(|c| c == '"' || c == '\''));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_parts() {
        let q = quoted("unknown task `a-b` in `x.due`; see `c` and \u{201c}D E\u{201d}");
        assert_eq!(q, ["a-b", "x.due", "c", "D E"]);
        let w: Vec<&str> = words("x.due 6 weeks").collect();
        assert_eq!(w, ["x", "due", "6", "weeks"]);
    }
}
