//! `output/manifest.json` and the journal -> the archive's committed state
//! (each version's current record, what was ever approved, the root hash)
//! and what an unfinished build announces.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use super::chain;
use super::fsio::read_no_follow;
use super::records::{
    self, AnyManifest, Entry, FileRecord, Journal, Manifest, PENDING, VersionRecord,
};

/// The archive as `output/manifest.json` records it.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// 0: no manifest yet; 1 or 2: the format read.
    pub format: u32,
    /// The log (format 2; empty for format 1).
    pub log: Vec<Entry>,
    /// Each version's current record.
    pub current: BTreeMap<String, VersionRecord>,
    /// Each version that was ever approved: its record when first approved.
    pub approved: BTreeMap<String, VersionRecord>,
    /// The top-level files.
    pub files: BTreeMap<String, FileRecord>,
}

impl State {
    pub fn root(&self) -> Option<&str> {
        self.log.last().map(|e| e.hash.as_str())
    }

    /// Reads `out/manifest.json`. `Ok(None)`: there is none. The strings
    /// are the broken links and rules found in its log (not fatal: `verify`
    /// reports them).
    pub fn read(out: &Path) -> Result<Option<(State, Vec<String>)>, String> {
        let path = out.join(records::FILE);
        let bytes = match read_no_follow(out, records::FILE) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        let manifest =
            records::parse_manifest(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Some(match manifest {
            AnyManifest::V1(m) => {
                let approved = m
                    .versions
                    .iter()
                    .filter(|(_, r)| r.status == crate::model::PlanStatus::Approved)
                    .map(|(v, r)| (v.clone(), r.clone()))
                    .collect();
                (
                    State {
                        format: 1,
                        log: Vec::new(),
                        current: m.versions,
                        approved,
                        files: m.files,
                    },
                    Vec::new(),
                )
            }
            AnyManifest::V2(m) => Self::from_v2(m),
        }))
    }

    fn from_v2(m: Manifest) -> (State, Vec<String>) {
        let mut s = State {
            format: 2,
            files: m.files,
            ..State::default()
        };
        let mut problems = chain::check(&m.log, None, 0, &mut s.current, &mut s.approved);
        s.log = m.log;
        if m.root.as_deref() != s.root() {
            problems.push(format!(
                "{}: its root {} is not the hash of its last log entry ({})",
                records::FILE,
                chain::short(m.root.as_deref()),
                chain::short(s.root())
            ));
        }
        if m.versions != s.current {
            problems.push(format!(
                "{}: its list of versions disagrees with its log",
                records::FILE
            ));
        }
        (s, problems)
    }

    /// The manifest to write for this state.
    pub fn manifest(&self) -> Manifest {
        Manifest {
            generator: format!("migplan {}", env!("CARGO_PKG_VERSION")),
            format: records::FORMAT,
            root: self.root().map(str::to_string),
            log: self.log.clone(),
            versions: self.current.clone(),
            files: self.files.clone(),
        }
    }

    /// Appends entries already checked to follow this state.
    pub fn extend(&mut self, entries: &[Entry]) {
        let _ = chain::check(
            entries,
            self.root().map(str::to_string).as_deref(),
            self.log.len() as u64,
            &mut self.current,
            &mut self.approved,
        );
        self.log.extend_from_slice(entries);
        self.format = records::FORMAT;
    }
}

/// What the journal at the top of `output/` says.
#[derive(Debug, Clone)]
pub enum Pending {
    None,
    /// A build started from the committed state and has not finished: its
    /// folders and top files may be old or new. `records`: the new record
    /// of each version it writes.
    InFlight {
        journal: Journal,
        records: BTreeMap<String, VersionRecord>,
    },
    /// Left behind by a build whose result is committed.
    Stale,
    /// Fits no state of this archive (or breaks its rules).
    Bogus(String),
}

impl Pending {
    pub fn read(out: &Path, state: &State) -> Pending {
        let bytes = match read_no_follow(out, PENDING) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Pending::None,
            Err(e) => return Pending::Bogus(format!("cannot be read ({e})")),
        };
        let journal: Journal = match serde_json::from_slice(&bytes) {
            Ok(j) => j,
            Err(e) => return Pending::Bogus(format!("not a migplan journal ({e})")),
        };
        if journal.format != records::FORMAT {
            return Pending::Bogus(format!("a journal of format {}", journal.format));
        }
        if journal.base_root.as_deref() == state.root() {
            let mut current = state.current.clone();
            let mut approved = state.approved.clone();
            let problems = chain::check(
                &journal.entries,
                journal.base_root.as_deref(),
                state.log.len() as u64,
                &mut current,
                &mut approved,
            );
            if !problems.is_empty() {
                return Pending::Bogus(problems.join("; "));
            }
            let records = journal
                .entries
                .iter()
                .filter_map(|e| {
                    current
                        .get(&e.version)
                        .map(|r| (e.version.clone(), r.clone()))
                })
                .collect();
            return Pending::InFlight { journal, records };
        }
        let committed = match &journal.base_root {
            None => !state.log.is_empty(),
            Some(base) => state.log.iter().any(|e| &e.hash == base),
        };
        if committed {
            Pending::Stale
        } else {
            Pending::Bogus("it starts from a root hash this archive never had".to_string())
        }
    }
}
