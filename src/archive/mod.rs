//! The archive: `output/`, every published version of the plan, and the
//! proof that none has changed since. Rendered artifacts -> files on disk,
//! and files on disk -> a verdict.
//!
//! ```text
//! open     output/ -> Archive       refuses a folder that is not an archive or
//!                                   lies among the sources, takes the lock,
//!                                   verifies, finishes an interrupted build
//! commit   Publication -> output/   the journal, the folders, the top files,
//!                                   the manifest, in the order below
//! verify   output/ -> Report        every file, the log's chain, the journal,
//!                                   and an expected root hash
//! ```
//!
//! # What is stored
//!
//! Each version folder `output/<v>/` holds its files and its own
//! `manifest.json` (a [`VersionRecord`]: status, content hash, Solution
//! Document, sources hash, every file's size and SHA-256). The archive
//! manifest `output/manifest.json` holds the **log**: one entry per
//! publication (a version published, rebuilt, its notice updated, an
//! approved version's pages updated with progress: `status`), each
//! with the full record it published, the root hash before it, and its own
//! hash over both. The last entry's hash is the **root hash**: one SHA-256
//! that commits to the whole history. An auditor who wrote a root down
//! outside `output/` (an e-mail, a ticket, a git tag) checks the archive
//! with `migplan verify --expect ROOT`.
//!
//! # The invariant
//!
//! At every instant, `verify` passes: each version folder is exactly as
//! the committed manifest records it, or exactly as the journal of the
//! build in progress announces it; each top file likewise; nothing else is
//! in `output/` but left-overs named as such. A build keeps it by writing
//! in this order, each step atomic (a rename, or a `renameat2` exchange of
//! two folders) and synced before the next:
//!
//! 1. the journal `.migplan-pending.json`: the root it starts from, the log
//!    entries it will append (with each new record), the top files' new
//!    records. Until step 4 the committed manifest still stands, and every
//!    folder or file the journal names may be the old or the new one;
//! 2. each version folder it changes, whole (the folder and its
//!    `manifest.json` in one swap), in the journal's order;
//! 3. the top files: `index.html` (one rename) and `latest/`, a copy of
//!    the newest version (one folder swap, like a version's);
//! 4. `output/manifest.json`, now with the new entries: the journal is
//!    stale from here (it starts from a root the log has passed);
//! 5. the journal is removed.
//!
//! The next build, finding a journal that starts from the committed root,
//! finishes the job: it records the entries whose folders are in place,
//! drops those that never were, and goes on. A journal is only ever an
//! excuse for the exact files it names, in the exact new state it names,
//! chained to the committed root and within the rules of the log (an
//! approved version's status, content hash and Solution Document never
//! change). `verify --expect` accepts no unfinished build.
//!
//! Every build holds an exclusive lock on the `output/` folder from open
//! to commit, so two builds never interleave; a second one waits.
//!
//! # What `verify` proves, and what it cannot
//!
//! Without `--expect`: that `output/` is self-consistent, i.e. every file
//! matches the manifests and the log's chain is unbroken. Someone who can
//! edit `output/` can also rewrite the whole manifest consistently; only a
//! root hash kept elsewhere detects that. With `--expect ROOT`: that the
//! history up to ROOT is exactly the one that root was printed for, and
//! that every file now in `output/` matches that history or the entries
//! added after it (which `verify` lists).

mod chain;
pub mod fsio;
pub mod records;
mod state;
mod verify;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

pub use fsio::{PublishError, TMP_PREFIX, Written};
pub use records::{
    Entry, Event, FILE, FileRecord, LOCK, PENDING, VersionRecord, record, records, sources_hash,
    to_json,
};
pub use verify::{ChainLine, Report, verify};

use state::{Pending, State};

use crate::model::PlanStatus;
use crate::render::Artifact;

/// Why `output/` cannot be opened for a build.
#[derive(Debug)]
pub enum OpenError {
    /// `--out` lies inside `content/` or `themes/`.
    AmongSources {
        out: PathBuf,
        sources: PathBuf,
    },
    /// A folder that is neither empty nor a migplan archive.
    NotAnArchive {
        out: PathBuf,
    },
    /// The archive does not verify.
    Damaged {
        out: PathBuf,
        report: Box<Report>,
    },
    Io(String),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::AmongSources { out, sources } => write!(
                f,
                "{} is inside {}: the output folder cannot be among the plan's sources\n  = hint: build into `output/` (the default) or another folder outside content/ and themes/",
                out.display(),
                sources.display()
            ),
            OpenError::NotAnArchive { out } => write!(
                f,
                "{} is not empty and holds no migplan archive (no {FILE}): refusing to write into it\n  = hint: pass --out with an empty or new folder, or the output folder of an earlier build",
                out.display()
            ),
            OpenError::Damaged { out, report } => {
                writeln!(
                    f,
                    "{} does not verify: refusing to change an archive whose files do not match its manifest",
                    out.display()
                )?;
                for line in report.failures() {
                    writeln!(f, "  {line}")?;
                }
                write!(
                    f,
                    "  = hint: restore {} from a backup (or move it aside to start a new archive); `migplan verify` shows the same list",
                    out.display()
                )
            }
            OpenError::Io(msg) => f.write_str(msg),
        }
    }
}

/// An archive opened for a build: locked, verified, and with any
/// interrupted build finished.
pub struct Archive {
    out: PathBuf,
    state: State,
    /// Held until the archive is dropped (none when opened to read).
    _lock: Option<File>,
    /// Opened by [`Archive::open_read_checked`]: the folders were not
    /// verified, so [`Archive::read`] checks each file it returns against
    /// its record.
    checked_reads: bool,
    /// What opening did that the user should hear of (an upgrade, an
    /// interrupted build finished).
    pub notes: Vec<String>,
}

/// A version of the archive, as the version index lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub version: String,
    pub status: PlanStatus,
    pub date: chrono::NaiveDate,
    pub document: Option<String>,
}

impl Archive {
    /// Opens `out` for a build of the project at `root`. `waiting` is
    /// called once if another build holds the lock (this one then waits).
    pub fn open(root: &Path, out: &Path, waiting: impl FnOnce()) -> Result<Archive, OpenError> {
        check_place(root, out)?;
        fs::create_dir_all(out).map_err(|e| OpenError::Io(format!("{}: {e}", out.display())))?;
        let lock = lock(out, waiting)?;
        refuse_damaged(out)?;
        // Holding the lock, no other build is writing: what a killed build
        // left (temporary folders and files) goes now, even when this
        // build then has nothing to write.
        fsio::clean_leftovers(out);
        let (state, _) = State::read(out).map_err(OpenError::Io)?.unwrap_or_default();
        let mut archive = Archive {
            out: out.to_path_buf(),
            state,
            _lock: Some(lock),
            checked_reads: false,
            notes: Vec::new(),
        };
        archive
            .finish_interrupted()
            .map_err(|e| OpenError::Io(e.to_string()))?;
        Ok(archive)
    }

    /// Opens `out` to read earlier versions (no lock, nothing written):
    /// `Ok(None)` when there is no archive there, `Err` with the report when
    /// it does not verify.
    pub fn open_read(out: &Path) -> Result<Option<Archive>, Box<Report>> {
        match verify(out, None) {
            Err(_) => Ok(None),
            Ok(r) if !r.ok() => Err(Box::new(r)),
            Ok(_) => Ok(State::read(out).ok().flatten().map(|(state, _)| Archive {
                out: out.to_path_buf(),
                state,
                _lock: None,
                checked_reads: false,
                notes: Vec::new(),
            })),
        }
    }

    /// Opens `out` to read a few files of earlier versions, cheaply: the
    /// log's chain is checked in full, but instead of hashing every file of
    /// every version up front (which `open_read` does, and which costs more
    /// than the whole `check` on a large archive), each file [`Archive::read`]
    /// returns is checked against the log's record of it, and a file that
    /// does not match is not returned. What is read is exactly as trusted
    /// as through `open_read`; what is not read is not looked at (`build`
    /// and `verify` still check everything). An unfinished build's journal
    /// falls back to `open_read`.
    pub fn open_read_checked(out: &Path) -> Result<Option<Archive>, Box<Report>> {
        let (state, problems) = match State::read(out) {
            Ok(Some(s)) => s,
            Ok(None) | Err(_) => return Self::open_read(out),
        };
        if !problems.is_empty()
            || !matches!(Pending::read(out, &state), Pending::None | Pending::Stale)
        {
            return Self::open_read(out);
        }
        Ok(Some(Archive {
            out: out.to_path_buf(),
            state,
            _lock: None,
            checked_reads: true,
            notes: Vec::new(),
        }))
    }

    pub fn out(&self) -> &Path {
        &self.out
    }

    /// The root hash (none before the first build).
    pub fn root(&self) -> Option<&str> {
        self.state.root()
    }

    /// The current record of `version`.
    pub fn record(&self, version: &str) -> Option<&VersionRecord> {
        self.state.current.get(version)
    }

    /// The record of `version` when it was approved, if it ever was: the
    /// log says so, whatever its folder says.
    pub fn approved(&self, version: &str) -> Option<&VersionRecord> {
        self.state.approved.get(version)
    }

    /// Every version, in no particular order.
    pub fn versions(&self) -> Vec<Published> {
        self.state
            .current
            .values()
            .map(|r| Published {
                version: r.version.clone(),
                status: r.status,
                date: r.build_date,
                document: r.document().map(str::to_string),
            })
            .collect()
    }

    /// A file of a published version (verified when the archive was
    /// opened; never read through a link).
    pub fn read(&self, version: &str, rel: &str) -> Option<Vec<u8>> {
        let rec = self.state.current.get(version)?.files.get(rel)?;
        let bytes = fsio::read_no_follow(&self.out.join(version), rel).ok()?;
        (!self.checked_reads || records::record(&bytes) == *rec).then_some(bytes)
    }

    /// Every dated status report in the archive: (date, version, path),
    /// oldest first.
    pub fn reports(&self) -> Vec<(String, String, String)> {
        let mut out: Vec<(String, String, String)> = self
            .state
            .current
            .values()
            .flat_map(|r| {
                r.files.keys().filter_map(|p| {
                    chain::report_date(p).map(|d| (d.to_string(), r.version.clone(), p.clone()))
                })
            })
            .collect();
        out.sort();
        out
    }

    /// Keeps the dated status reports of `version` that this build does not
    /// write (earlier dates, byte for byte), and leaves out a report for
    /// `as_of` when a later one exists anywhere in the archive: reports
    /// never change once a later one exists. Returns the date of that later
    /// report, when it did so.
    pub fn carry_reports(
        &self,
        version: &str,
        as_of: &str,
        artifacts: &mut Vec<Artifact>,
    ) -> Option<String> {
        let later = self
            .reports()
            .into_iter()
            .map(|(d, _, _)| d)
            .filter(|d| d.as_str() > as_of)
            .max();
        if later.is_some() {
            artifacts.retain(|a| chain::report_date(&crate::load::slash(&a.path)).is_none());
        }
        let Some(current) = self.state.current.get(version) else {
            return later;
        };
        for path in current.files.keys() {
            let Some(date) = chain::report_date(path) else {
                continue;
            };
            let written = artifacts
                .iter()
                .any(|a| crate::load::slash(&a.path) == *path);
            if (date != as_of || later.is_some())
                && !written
                && let Some(bytes) = self.read(version, path)
            {
                artifacts.push(Artifact::new(path.as_str(), bytes));
            }
        }
        later
    }

    /// The newest version older than `version` (by semantic version), and
    /// its file `rel`.
    pub fn previous(&self, version: &str, rel: &str) -> Option<(String, Vec<u8>)> {
        let current = semver::Version::parse(version).ok()?;
        let (_, older) = self
            .state
            .current
            .keys()
            .filter_map(|v| semver::Version::parse(v).ok().map(|s| (s, v)))
            .filter(|(s, _)| *s < current)
            .max()?;
        Some((older.clone(), self.read(older, rel)?))
    }

    /// Publishes `p`: this version's folder, the other versions' folders
    /// whose pages `p.restamp` changes, the top files; see the module doc
    /// for the order. Returns what was written, or `None` when everything
    /// was already in place.
    pub fn commit(&mut self, p: Publication<'_>) -> Result<Option<Committed>, PublishError> {
        let mut entries: Vec<Entry> = Vec::new();
        // Each folder to write: its version, the files written, and the
        // files kept as they are (linked from the folder it replaces).
        let mut folders: Vec<(String, Vec<Artifact>, BTreeMap<String, FileRecord>)> = Vec::new();
        let mut adopted = Vec::new();
        if self.state.format == 1 {
            // Upgrade: the format-1 versions become the log's first entries.
            let mut versions: Vec<&VersionRecord> = self.state.current.values().collect();
            versions.sort_by_key(|r| semver_key(&r.version));
            for r in versions {
                let e = chain::entry(entries.last(), Event::Adopt, r);
                adopted.push(r.version.clone());
                entries.push(e);
            }
        }
        let last = |entries: &Vec<Entry>, state: &State| {
            entries
                .last()
                .cloned()
                .or_else(|| state.log.last().cloned())
        };
        let mut artifacts = p.artifacts;
        let mut record = p.record;
        if let Some(approved) = self.state.current.get(&record.version)
            && self.state.approved.contains_key(&record.version)
        {
            self.keep_approved(approved, &mut artifacts)?;
        }
        record.files = records(&artifacts);
        let approved = self.state.approved.contains_key(&record.version);
        let event = match self.state.current.get(&record.version) {
            Some(old) if *old == record => None,
            Some(_) if approved => Some(Event::Status),
            Some(_) => Some(Event::Rebuild),
            None => Some(Event::Publish),
        };
        let mut changed_versions = Vec::new();
        if let Some(event) = event {
            entries.push(chain::entry(
                last(&entries, &self.state).as_ref(),
                event,
                &record,
            ));
            artifacts.push(Artifact::new(FILE, to_json(&record)));
            folders.push((record.version.clone(), artifacts, BTreeMap::new()));
        }
        for (version, old) in &self.state.current {
            if *version == record.version {
                continue;
            }
            let dir = self.out.join(version);
            let read = |path: &str| {
                fsio::read_no_follow(&dir, path).map_err(|e| PublishError {
                    path: dir.join(path),
                    message: e.to_string(),
                })
            };
            // The pages first (a dated status report is a snapshot: it
            // keeps the notice it was written with). Most builds change
            // no page of an older version, and then its other files are
            // not read at all.
            let mut restamped: BTreeMap<&str, Artifact> = BTreeMap::new();
            let mut new_files = old.files.clone();
            for path in old.files.keys() {
                if !path.ends_with(".html") || chain::report_date(path).is_some() {
                    continue;
                }
                let bytes = std::sync::Arc::new(read(path)?);
                let mut a = Artifact::new(path.as_str(), Vec::new());
                a.bytes = bytes.clone();
                (p.restamp)(version, &mut a);
                if !std::sync::Arc::ptr_eq(&a.bytes, &bytes) && *a.bytes != *bytes {
                    new_files.insert(path.clone(), records::record(&a.bytes));
                    restamped.insert(path.as_str(), a);
                }
            }
            if restamped.is_empty() {
                continue;
            }
            // The folder is replaced whole: its other files as they are
            // (verified when the archive was opened), linked rather than
            // read and written again.
            let kept: BTreeMap<String, FileRecord> = old
                .files
                .iter()
                .filter(|(path, _)| !restamped.contains_key(path.as_str()))
                .map(|(path, rec)| (path.clone(), rec.clone()))
                .collect();
            let mut files: Vec<Artifact> = restamped.into_values().collect();
            let new = VersionRecord {
                files: new_files,
                ..old.clone()
            };
            entries.push(chain::entry(
                last(&entries, &self.state).as_ref(),
                Event::Notice,
                &new,
            ));
            files.push(Artifact::new(FILE, to_json(&new)));
            folders.push((version.clone(), files, kept));
            changed_versions.push(version.clone());
        }
        // `latest/` is a copy of the newest version, as it stands after
        // this publication: a stable address for its files (a person's
        // calendar feed is subscribed to once). Its records are that
        // version's (hashed once, not again for the copy).
        let mut next = self.state.clone();
        next.extend(&entries);
        let newest = next.current.keys().max_by_key(|v| semver_key(v)).cloned();
        let latest: BTreeMap<String, FileRecord> = newest
            .as_ref()
            .and_then(|v| next.current.get(v))
            .map(|r| r.files.clone())
            .unwrap_or_default();
        let top: Vec<Artifact> = p.top.into_iter().filter(|a| !is_latest(&a.path)).collect();
        let mut top_records = records(&top);
        top_records.extend(
            latest
                .iter()
                .map(|(path, rec)| (format!("{LATEST_PREFIX}{path}"), rec.clone())),
        );
        if entries.is_empty() && top_records == self.state.files {
            return Ok(None);
        }
        let journal = records::Journal {
            format: records::FORMAT,
            base_root: self.state.root().map(str::to_string),
            entries: entries.clone(),
            files: top_records.clone(),
        };
        fsio::publish_file(&self.out, &Artifact::new(PENDING, to_json(&journal)))?;
        let mut written = Written::default();
        for (version, files, kept) in &folders {
            let w = fsio::publish_folder(&self.out, version, files, kept)?;
            if *version == record.version {
                written = w;
            }
        }
        for a in &top {
            fsio::publish_file(&self.out, a)?;
        }
        let latest_of = |files: &BTreeMap<String, FileRecord>| {
            files
                .iter()
                .filter(|(p, _)| p.starts_with(LATEST_PREFIX))
                .map(|(p, r)| (p.clone(), r.clone()))
                .collect::<Vec<_>>()
        };
        if let Some(newest) = &newest
            && latest_of(&top_records) != latest_of(&self.state.files)
        {
            // The whole folder in one swap: readers and a crash see the old
            // copy or the new one, never a mix.
            fsio::publish_latest(&self.out, newest, &latest)?;
        }
        next.files = top_records;
        fsio::publish_file(&self.out, &Artifact::new(FILE, to_json(&next.manifest())))?;
        fsio::remove_file(&self.out, PENDING)?;
        self.state = next;
        Ok(Some(Committed {
            written,
            published: event.is_some(),
            notices: changed_versions,
            adopted,
        }))
    }

    /// An approved version's record of approval stays byte for byte,
    /// whatever the build rendered: its Solution Document and the
    /// `plan.json` it embeds (the baseline later versions are measured
    /// against). Pages, exports and status reports follow the progress.
    fn keep_approved(
        &self,
        current: &VersionRecord,
        artifacts: &mut [Artifact],
    ) -> Result<(), PublishError> {
        for a in artifacts.iter_mut() {
            let path = crate::load::slash(&a.path);
            let frozen = Some(path.as_str()) == current.document() || path == "plan.json";
            if !frozen || !current.files.contains_key(&path) {
                continue;
            }
            a.bytes = fsio::read_no_follow(&self.out.join(&current.version), &path)
                .map_err(|e| PublishError {
                    path: self.out.join(&current.version).join(&path),
                    message: e.to_string(),
                })?
                .into();
        }
        Ok(())
    }

    /// A journal that starts from the committed root: its build was killed.
    /// Records the entries whose folders are in place (re-chained, in
    /// order), takes each top file as it is, and removes the journal. A
    /// stale journal is removed.
    fn finish_interrupted(&mut self) -> Result<(), PublishError> {
        match Pending::read(&self.out, &self.state) {
            Pending::None => return Ok(()),
            Pending::Stale | Pending::Bogus(_) => {
                return fsio::remove_file(&self.out, PENDING);
            }
            Pending::InFlight { journal, .. } => {
                let mut kept: Vec<Entry> = Vec::new();
                let mut said = Vec::new();
                for e in &journal.entries {
                    let Ok(rec) = e.record() else { continue };
                    let in_place = fsio::read_no_follow(&self.out.join(&e.version), FILE)
                        .is_ok_and(|b| b == to_json(&rec));
                    if e.event == Event::Adopt || in_place {
                        let previous = kept
                            .last()
                            .cloned()
                            .or_else(|| self.state.log.last().cloned());
                        kept.push(chain::entry(previous.as_ref(), e.event, &rec));
                        if e.event != Event::Adopt {
                            said.push(format!("{} ({})", e.version, e.event.word()));
                        }
                    }
                }
                let mut next = self.state.clone();
                next.extend(&kept);
                for (path, rec) in &journal.files {
                    if fsio::read_no_follow(&self.out, path)
                        .is_ok_and(|b| records::record(&b) == *rec)
                    {
                        next.files.insert(path.clone(), rec.clone());
                    }
                }
                // The top files as they are: `latest/` is the old copy or
                // the new one; files of the other are gone.
                next.files.retain(|path, rec| {
                    fsio::read_no_follow(&self.out, path).is_ok_and(|b| records::record(&b) == *rec)
                });
                fsio::publish_file(&self.out, &Artifact::new(FILE, to_json(&next.manifest())))?;
                fsio::remove_file(&self.out, PENDING)?;
                self.state = next;
                self.notes.push(if said.is_empty() {
                    "an interrupted build had changed nothing yet; its journal is removed"
                        .to_string()
                } else {
                    format!(
                        "finished an interrupted build: recorded {} in the archive's log",
                        said.join(", ")
                    )
                });
            }
        }
        Ok(())
    }
}

/// What a build hands the archive.
pub struct Publication<'a> {
    /// This version's record; `files` is filled from `artifacts`.
    pub record: VersionRecord,
    /// This version's files (without its manifest).
    pub artifacts: Vec<Artifact>,
    /// Top-level files (`index.html`, `latest/...`).
    pub top: Vec<Artifact>,
    /// Updates a page (`.html`) of another version for this publication
    /// (its version notice); leaves it alone when nothing changes. Only
    /// pages are offered to it: other files are not read unless a page of
    /// their version changes.
    pub restamp: &'a dyn Fn(&str, &mut Artifact),
}

/// What [`Archive::commit`] wrote.
#[derive(Debug)]
pub struct Committed {
    /// This version's folder (nothing when it was already in place).
    pub written: Written,
    /// This version's folder was (re)written.
    pub published: bool,
    /// Other versions whose notice was updated.
    pub notices: Vec<String>,
    /// Versions taken over from a format-1 manifest.
    pub adopted: Vec<String>,
}

/// Where the copy of the newest version lives.
const LATEST_PREFIX: &str = "latest/";

fn is_latest(path: &Path) -> bool {
    crate::load::slash(path).starts_with(LATEST_PREFIX)
}

/// An archive that does not verify is never touched.
fn refuse_damaged(out: &Path) -> Result<(), OpenError> {
    match verify(out, None) {
        Ok(r) if !r.ok() => Err(OpenError::Damaged {
            out: out.to_path_buf(),
            report: Box::new(r),
        }),
        Err(msg) if out.join(FILE).exists() => Err(OpenError::Io(msg)),
        _ => Ok(()),
    }
}

fn semver_key(v: &str) -> (Option<semver::Version>, String) {
    (semver::Version::parse(v).ok(), v.to_string())
}

/// Refuses an output folder among the sources, or one that holds
/// something other than an archive.
fn check_place(root: &Path, out: &Path) -> Result<(), OpenError> {
    let resolved = resolve(out);
    for sources in ["content", "themes"] {
        if resolved.starts_with(resolve(&root.join(sources))) {
            return Err(OpenError::AmongSources {
                out: out.to_path_buf(),
                sources: root.join(sources),
            });
        }
    }
    let entries = match fs::read_dir(out) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(OpenError::Io(format!("{}: {e}", out.display()))),
    };
    let ours = |n: &str| n == LOCK || n.starts_with(TMP_PREFIX);
    let has_others = entries
        .flatten()
        .any(|e| !ours(&e.file_name().to_string_lossy()));
    let is_archive = fsio::read_no_follow(out, FILE)
        .ok()
        .is_some_and(|b| records::parse_manifest(&b).is_ok())
        || fsio::read_no_follow(out, PENDING)
            .ok()
            .is_some_and(|b| serde_json::from_slice::<records::Journal>(&b).is_ok());
    if has_others && !is_archive {
        return Err(OpenError::NotAnArchive {
            out: out.to_path_buf(),
        });
    }
    Ok(())
}

/// `path` made absolute with every existing part's links resolved.
fn resolve(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = fs::canonicalize(existing) {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return abs,
        }
    }
}

/// Takes the archive's exclusive lock (`flock` on the `output/` folder
/// itself, so that taking it writes nothing; where a folder cannot be
/// opened, on the file [`LOCK`] inside it), waiting for another build.
fn lock(out: &Path, waiting: impl FnOnce()) -> Result<File, OpenError> {
    let path = out.join(LOCK);
    let file = File::open(out)
        .or_else(|_| {
            fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
        })
        .map_err(|e| OpenError::Io(format!("{}: {e}", path.display())))?;
    match file.try_lock() {
        Ok(()) => return Ok(file),
        Err(fs::TryLockError::WouldBlock) => waiting(),
        Err(fs::TryLockError::Error(e)) => {
            return Err(OpenError::Io(format!(
                "{}: cannot lock: {e}",
                out.display()
            )));
        }
    }
    file.lock()
        .map_err(|e| OpenError::Io(format!("{}: cannot lock: {e}", out.display())))?;
    Ok(file)
}
