//! The archive's records, as stored: one version's manifest
//! (`output/<version>/manifest.json`), the archive manifest
//! (`output/manifest.json`: the log of every publication, chained into a
//! root hash, and the top-level files) and the journal of a build in
//! progress. Format 1 (written before the log existed) is still read.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::hash::sha256_hex;
use crate::model::PlanStatus;
use crate::render::Artifact;

/// Name of the manifest, at the top of `output/` and in each version folder.
pub const FILE: &str = "manifest.json";

/// The journal of a build in progress, at the top of `output/` (see the
/// module doc of [`crate::archive`]).
pub const PENDING: &str = ".migplan-pending.json";

/// The lock file every build holds while it works on `output/`.
pub const LOCK: &str = ".migplan-lock";

/// The manifest format this migplan writes.
pub const FORMAT: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    pub size: u64,
    pub sha256: String,
}

/// One version: what `output/<version>/manifest.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRecord {
    pub version: String,
    pub status: PlanStatus,
    pub build_date: NaiveDate,
    pub content_hash: String,
    /// The Solution Document's file name (format 2; format-1 records name
    /// it only among `files`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// SHA-256 of the list of sources embedded in the Solution Document
    /// (see [`sources_hash`]); the PDF carries it too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources_sha256: Option<String>,
    /// Path inside the version folder (`/`-separated) -> record; the
    /// version's own manifest file is not listed.
    pub files: BTreeMap<String, FileRecord>,
}

impl VersionRecord {
    /// The Solution Document: named, or (format 1) the one PDF listed.
    pub fn document(&self) -> Option<&str> {
        self.document.as_deref().or_else(|| {
            let mut pdfs = self.files.keys().filter(|k| k.ends_with(".pdf"));
            match (pdfs.next(), pdfs.next()) {
                (Some(one), None) => Some(one.as_str()),
                _ => None,
            }
        })
    }
}

/// What a log entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Event {
    /// A version published for the first time.
    Publish,
    /// A version published again with other files (a draft or review).
    Rebuild,
    /// An older version's pages updated with a notice of a newer version.
    Notice,
    /// An approved version's pages rebuilt with new progress (its record
    /// of approval and Solution Document unchanged).
    Status,
    /// A version taken over from a format-1 archive.
    Adopt,
}

impl Event {
    pub fn word(self) -> &'static str {
        match self {
            Event::Publish => "published",
            Event::Rebuild => "rebuilt",
            Event::Notice => "notice updated",
            Event::Status => "status updated",
            Event::Adopt => "adopted from format 1",
        }
    }
}

/// One entry of the log. `hash` commits to the entry and, through
/// `previous_root`, to every entry before it; the last entry's hash is the
/// archive's root hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub seq: u64,
    pub event: Event,
    pub version: String,
    /// The root hash before this entry was added (none for the first).
    pub previous_root: Option<String>,
    /// The version's manifest as published by this entry. Kept as JSON so
    /// that the hash of an entry written by an older or newer migplan is
    /// recomputed over exactly what it wrote.
    pub record: serde_json::Value,
    pub hash: String,
}

impl Entry {
    pub fn record(&self) -> Result<VersionRecord, String> {
        serde_json::from_value(self.record.clone())
            .map_err(|e| format!("log entry {} ({}): {e}", self.seq, self.version))
    }
}

/// `output/manifest.json`, format 2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub generator: String,
    pub format: u32,
    /// The hash of the last log entry.
    pub root: Option<String>,
    /// Every publication, oldest first.
    pub log: Vec<Entry>,
    /// Each version's current record (the last entry's for it): derived
    /// from the log, kept for readers; `verify` checks that they agree.
    pub versions: BTreeMap<String, VersionRecord>,
    /// Files at the top of `output/` (the version index, `latest/`).
    pub files: BTreeMap<String, FileRecord>,
}

/// `output/manifest.json` as written by migplan before the log (format 1).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ManifestV1 {
    pub generator: String,
    pub format: u32,
    pub versions: BTreeMap<String, VersionRecord>,
    pub files: BTreeMap<String, FileRecord>,
}

/// The journal: what a build is about to do, written before it changes
/// anything and removed when `output/manifest.json` records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Journal {
    pub format: u32,
    /// The root of the archive the build started from.
    pub base_root: Option<String>,
    /// The entries the build appends, in the order it writes the folders.
    pub entries: Vec<Entry>,
    /// The top-level files it writes.
    pub files: BTreeMap<String, FileRecord>,
}

/// The archive manifest in any format this migplan reads.
#[derive(Debug, Clone)]
pub enum AnyManifest {
    V1(ManifestV1),
    V2(Manifest),
}

/// Parses `output/manifest.json` of any known format.
pub fn parse_manifest(bytes: &[u8]) -> Result<AnyManifest, String> {
    #[derive(Deserialize)]
    struct Probe {
        format: u32,
    }
    let probe: Probe =
        serde_json::from_slice(bytes).map_err(|e| format!("not a migplan manifest ({e})"))?;
    match probe.format {
        1 => serde_json::from_slice(bytes)
            .map(AnyManifest::V1)
            .map_err(|e| format!("not a migplan manifest of format 1 ({e})")),
        2 => serde_json::from_slice(bytes)
            .map(AnyManifest::V2)
            .map_err(|e| format!("not a migplan manifest of format 2 ({e})")),
        n => Err(format!(
            "manifest format {n} is newer than this migplan reads (up to {FORMAT}): use a newer migplan"
        )),
    }
}

pub fn record(bytes: &[u8]) -> FileRecord {
    FileRecord {
        size: bytes.len() as u64,
        sha256: sha256_hex(bytes),
    }
}

/// The records of a set of artifacts (hashed on every core).
pub fn records(artifacts: &[Artifact]) -> BTreeMap<String, FileRecord> {
    let hashed = crate::parallel::map(artifacts, |a| a.bytes.len(), |a| record(&a.bytes));
    artifacts
        .iter()
        .map(|a| crate::load::slash(&a.path))
        .zip(hashed)
        .collect()
}

pub fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(value).unwrap_or_default();
    v.push(b'\n');
    v
}

/// The hash of the sources a Solution Document embeds: SHA-256 of the
/// list `<sha256>  <name>\n`, one line per embedded file sorted by name,
/// which is what `sha256sum` prints for the extracted files (so an auditor
/// can recompute it with standard tools: extract, `sha256sum * | sort -k2
/// | sha256sum`).
pub fn sources_hash<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut lines: Vec<(String, String)> = files
        .into_iter()
        .map(|(name, data)| (name.to_string(), sha256_hex(data)))
        .collect();
    lines.sort();
    let list: String = lines
        .iter()
        .map(|(name, hash)| format!("{hash}  {name}\n"))
        .collect();
    sha256_hex(list.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_hash_and_size() {
        let r = record(b"abc");
        assert_eq!(r.size, 3);
        assert_eq!(
            r.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn sources_hash_is_sha256sum_of_the_sorted_list() {
        // printf 'b' > b.txt; printf 'a' > a.yaml; sha256sum a.yaml b.txt | sha256sum
        let h = sources_hash([("b.txt", b"b".as_slice()), ("a.yaml", b"a".as_slice())]);
        let list = format!(
            "{}  a.yaml\n{}  b.txt\n",
            sha256_hex(b"a"),
            sha256_hex(b"b")
        );
        assert_eq!(h, sha256_hex(list.as_bytes()));
    }

    #[test]
    fn reads_both_formats_and_refuses_newer() {
        let v1 = br#"{"generator":"migplan 0.1.0","format":1,"versions":{},"files":{}}"#;
        assert!(matches!(parse_manifest(v1), Ok(AnyManifest::V1(_))));
        let v3 = br#"{"format":3}"#;
        assert!(parse_manifest(v3).unwrap_err().contains("newer"));
        assert!(parse_manifest(b"{}").is_err());
    }
}
