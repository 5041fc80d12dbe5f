//! `output/` -> a [`Report`]: every file re-hashed and compared with the
//! committed state, the log's chain recomputed, the journal of an
//! unfinished build weighed, and (with an expected root) the history
//! checked against a root hash recorded outside `output/`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::fsio::{TMP_PREFIX, file_no_follow, is_real_dir, list_files, read_no_follow};
use super::records::{self, Event, FILE, FileRecord, LOCK, PENDING, VersionRecord, to_json};
use super::state::{Pending, State};
use crate::model::PlanStatus;

/// One line of the chain, for `verify` to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainLine {
    pub seq: u64,
    pub event: Event,
    pub version: String,
    pub status: Option<PlanStatus>,
    pub build_date: Option<chrono::NaiveDate>,
    pub hash: String,
}

/// What `verify` found.
#[derive(Debug, Default)]
pub struct Report {
    pub missing: Vec<String>,
    pub changed: Vec<String>,
    pub unlisted: Vec<String>,
    /// Broken links or rules of the log, a journal that fits nothing, a
    /// root hash that is not in the history.
    pub problems: Vec<String>,
    /// Not failures: an unfinished build, left-overs, the format.
    pub notes: Vec<String>,
    pub versions: usize,
    pub files: usize,
    pub format: u32,
    pub chain: Vec<ChainLine>,
    pub root: Option<String>,
    /// Files hashed and found as recorded that have other names too (hard
    /// links: `latest/` shares the newest version's files), by
    /// (device, inode): another name of the same file is not read again.
    linked: BTreeMap<(u64, u64), FileRecord>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.missing.is_empty()
            && self.changed.is_empty()
            && self.unlisted.is_empty()
            && self.problems.is_empty()
    }

    /// Every failure, one line each (`missing: x`, ...).
    pub fn failures(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for (label, list) in [
            ("problem", &self.problems),
            ("missing", &self.missing),
            ("changed", &self.changed),
            ("unlisted", &self.unlisted),
        ] {
            lines.extend(list.iter().map(|f| format!("{label}: {f}")));
        }
        lines
    }
}

/// Checks `out` against its manifests; with `expect`, also that the
/// archive's history contains that root hash.
pub fn verify(out: &Path, expect: Option<&str>) -> Result<Report, String> {
    let mut r = Report::default();
    let (state, problems) = match State::read(out)? {
        Some(s) => s,
        None if read_no_follow(out, PENDING).is_ok() => (State::default(), Vec::new()),
        None => {
            return Err(format!(
                "{}: no archive manifest; nothing to verify (run `migplan build` first)",
                out.join(FILE).display()
            ));
        }
    };
    r.problems = problems;
    r.format = state.format;
    r.root = state.root().map(str::to_string);
    r.chain = state
        .log
        .iter()
        .map(|e| {
            let rec = e.record().ok();
            ChainLine {
                seq: e.seq,
                event: e.event,
                version: e.version.clone(),
                status: rec.as_ref().map(|r| r.status),
                build_date: rec.as_ref().map(|r| r.build_date),
                hash: e.hash.clone(),
            }
        })
        .collect();
    if state.format == 1 {
        r.notes.push(format!(
            "{FILE} is of format 1 (written by an older migplan): its files are checked, but it has no root hash; the next `migplan build` upgrades it"
        ));
    }
    let pending = Pending::read(out, &state);
    let (alt_records, alt_files) = match &pending {
        Pending::InFlight { journal, records } => {
            r.notes.push(format!(
                "{PENDING}: a build has not finished (it may still be running, or was killed; the next build finishes it): the {} folder(s) and {} top file(s) it replaces are accepted as they were or as it announces",
                records.len(),
                journal.files.len()
            ));
            (records.clone(), journal.files.clone())
        }
        Pending::Stale => {
            r.notes.push(format!(
                "{PENDING}: left by a build whose result is recorded (the next build removes it)"
            ));
            (BTreeMap::new(), BTreeMap::new())
        }
        Pending::Bogus(why) => {
            r.problems.push(format!(
                "{PENDING}: a build journal that fits no state of this archive: {why}"
            ));
            (BTreeMap::new(), BTreeMap::new())
        }
        Pending::None => (BTreeMap::new(), BTreeMap::new()),
    };

    let entries = fs::read_dir(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut seen = BTreeSet::new();
    for name in &names {
        let path = out.join(name);
        if name == FILE || name == LOCK || name == PENDING {
            continue;
        }
        if name.starts_with(TMP_PREFIX) {
            r.notes.push(format!(
                "{name}: left over by an interrupted build, not part of the archive (the next build removes it)"
            ));
            continue;
        }
        if state.files.contains_key(name) || alt_files.contains_key(name) {
            continue;
        }
        if name == "latest" {
            check_latest(out, &state.files, &alt_files, &mut r);
            continue;
        }
        let listed = state.current.get(name);
        let announced = alt_records.get(name);
        if listed.is_none() && announced.is_none() {
            r.unlisted.push(format!("{name}{}", kind_suffix(&path)));
            continue;
        }
        seen.insert(name.clone());
        if !is_real_dir(&path) {
            r.changed.push(format!("{name}{}", kind_suffix(&path)));
            continue;
        }
        r.versions += 1;
        check_version(out, name, listed, announced, &mut r);
    }
    for v in state.current.keys().filter(|v| !seen.contains(*v)) {
        r.missing.push(format!("{v}/ (the whole version)"));
    }
    let in_flight = matches!(pending, Pending::InFlight { .. });
    check_top_files(out, &state.files, &alt_files, in_flight, &mut r);

    if let Some(expect) = expect {
        check_expected(&state, expect, &pending, &mut r);
    }
    Ok(r)
}

/// A version folder against its record (or, during an unfinished build,
/// the record it announces).
fn check_version(
    out: &Path,
    version: &str,
    listed: Option<&VersionRecord>,
    announced: Option<&VersionRecord>,
    r: &mut Report,
) {
    let dir = out.join(version);
    let own_bytes = read_no_follow(&dir, FILE);
    let own: Option<VersionRecord> = own_bytes
        .as_ref()
        .ok()
        .and_then(|b| serde_json::from_slice(b).ok());
    let canonical = |rec: &VersionRecord| own_bytes.as_ref().is_ok_and(|b| *b == to_json(rec));
    let target = match (listed, announced) {
        (Some(l), _) if own.as_ref() == Some(l) && canonical(l) => l,
        (_, Some(a)) if own.as_ref() == Some(a) && canonical(a) => a,
        (Some(l), _) => {
            match &own_bytes {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    r.missing.push(format!("{version}/{FILE}"))
                }
                _ => r.changed.push(format!(
                    "{version}/{FILE} (it disagrees with output/{FILE})"
                )),
            }
            l
        }
        // A folder only an unfinished build announces, not in place yet
        // in full: it must be the announced one.
        (None, Some(a)) => {
            r.changed.push(format!(
                "{version}/ (neither absent nor the folder the unfinished build announces)"
            ));
            a
        }
        (None, None) => return,
    };
    r.files += 1;
    compare_tree(&dir, version, &target.files, r);
}

fn compare_tree(dir: &Path, version: &str, listed: &BTreeMap<String, FileRecord>, r: &mut Report) {
    let listed_files: Vec<(&String, &FileRecord)> = listed.iter().collect();
    // Hashed on every core; reported in the record's order.
    let outcomes = crate::parallel::map(
        &listed_files,
        |(_, rec)| rec.size as usize,
        |(path, rec)| -> Result<Option<(u64, u64)>, Option<io::Error>> {
            let (full, key) = open_file(dir, path).map_err(Some)?;
            let bytes = fs::read(full).map_err(Some)?;
            if records::record(&bytes) == **rec {
                Ok(key)
            } else {
                Err(None)
            }
        },
    );
    for ((path, rec), outcome) in listed_files.into_iter().zip(outcomes) {
        r.files += 1;
        let shown = format!("{version}/{path}");
        match outcome {
            Ok(Some(key)) => {
                r.linked.insert(key, rec.clone());
            }
            Ok(None) => {}
            Err(None) => r.changed.push(shown),
            Err(Some(e)) if e.kind() == io::ErrorKind::NotFound => r.missing.push(shown),
            Err(Some(e)) => r.changed.push(format!("{shown} ({e})")),
        }
    }
    for f in list_files(dir) {
        if f != FILE && !listed.contains_key(&f) {
            let suffix = kind_suffix(&dir.join(&f));
            r.unlisted.push(format!("{version}/{f}{suffix}"));
        }
    }
}

/// The regular file `base/rel`, reached without following a link, and
/// its (device, inode) when it has more than one name.
fn open_file(base: &Path, rel: &str) -> io::Result<(PathBuf, Option<(u64, u64)>)> {
    let (path, meta) = file_no_follow(base, rel)?;
    Ok((path, linked_key(&meta)))
}

#[cfg(unix)]
fn linked_key(meta: &fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    (meta.nlink() > 1).then(|| (meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn linked_key(_: &fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// The files at the top: as recorded or, during an unfinished build, as
/// its journal announces them.
fn check_top_files(
    out: &Path,
    files: &BTreeMap<String, FileRecord>,
    announced: &BTreeMap<String, FileRecord>,
    in_flight: bool,
    r: &mut Report,
) {
    let paths: BTreeSet<&String> = files.keys().chain(announced.keys()).collect();
    for path in paths {
        let expected =
            |rec: &FileRecord| files.get(path) == Some(rec) || announced.get(path) == Some(rec);
        let found = open_file(out, path).and_then(|(full, key)| {
            // Another name of a file already hashed in this run (`latest/`'s
            // links to the newest version): the same bytes, not read again.
            match key.and_then(|k| r.linked.get(&k)) {
                Some(rec) if expected(rec) => Ok(None),
                _ => fs::read(full).map(|bytes| Some(records::record(&bytes))),
            }
        });
        match found {
            Ok(hashed) => {
                r.files += 1;
                if hashed.is_some_and(|rec| !expected(&rec)) {
                    r.changed.push(path.to_string());
                }
            }
            // Announced, not written yet.
            Err(e) if e.kind() == io::ErrorKind::NotFound && !files.contains_key(path) => {}
            // An unfinished build is swapping `latest/` for the new copy
            // (the journal names it): the old copy's files may be gone.
            Err(e)
                if e.kind() == io::ErrorKind::NotFound
                    && in_flight
                    && path.starts_with("latest/") => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                r.files += 1;
                r.missing.push(path.to_string());
            }
            Err(e) => {
                r.files += 1;
                r.changed.push(format!("{path} ({e})"));
            }
        }
    }
}

fn check_latest(
    out: &Path,
    files: &BTreeMap<String, FileRecord>,
    announced: &BTreeMap<String, FileRecord>,
    r: &mut Report,
) {
    let dir = out.join("latest");
    if !is_real_dir(&dir) {
        r.changed.push(format!("latest{}", kind_suffix(&dir)));
        return;
    }
    for f in list_files(&dir) {
        let rel = format!("latest/{f}");
        if f.starts_with(TMP_PREFIX) {
            r.notes.push(format!(
                "{rel}: left over by an interrupted build, not part of the archive (the next build removes it)"
            ));
        } else if !files.contains_key(&rel) && !announced.contains_key(&rel) {
            r.unlisted
                .push(format!("{rel}{}", kind_suffix(&dir.join(&f))));
        }
    }
}

fn check_expected(state: &State, expect: &str, pending: &Pending, r: &mut Report) {
    let expect = expect.trim().to_ascii_lowercase();
    if state.format != 2 {
        r.problems.push(
            "this archive has no root hash yet (manifest format 1): `migplan build` upgrades it and prints one".to_string(),
        );
        return;
    }
    match state.log.iter().position(|e| e.hash == expect) {
        Some(i) if i + 1 == state.log.len() => r
            .notes
            .push(format!("the archive's root is the expected {expect}")),
        Some(i) => r.notes.push(format!(
            "the expected root {expect} is entry {} of {}: the archive has grown since, by the entries after it (listed above), and everything up to it is unchanged",
            i + 1,
            state.log.len()
        )),
        None => r.problems.push(format!(
            "the expected root {expect} is not in this archive's history: the history was rewritten, or the root belongs to another archive"
        )),
    }
    if matches!(pending, Pending::InFlight { .. }) {
        r.problems.push(format!(
            "{PENDING}: a build has not finished, and what it wrote is covered by no root yet: run `migplan build` to finish it, then verify again"
        ));
    }
}

/// " (a symbolic link)" and the like, for entries that are not plain.
fn kind_suffix(path: &Path) -> &'static str {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => " (a symbolic link; the archive holds files only)",
        Ok(m) if m.is_dir() => "/",
        Ok(m) if !m.is_file() => " (not a regular file)",
        _ => "",
    }
}
