//! The archive's manifest: every published version's status, build date,
//! content hash and files (size + SHA-256), and the check that `output/`
//! still matches it (`migplan verify`).
//!
//! Each version folder carries its own `manifest.json` (its files, written
//! in the same atomic swap as the folder, so a folder and its manifest never
//! disagree), and `output/manifest.json` gathers them all with the top-level
//! pages.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::hash::sha256_hex;
use crate::model::PlanStatus;
use crate::render::Artifact;

/// Name of the manifest, at the top of `output/` and in each version folder.
pub const FILE: &str = "manifest.json";

/// The journal of a build in progress, at the top of `output/`: what
/// `output/manifest.json` will say of this build's version and of the
/// top-level files once the build is done. `build` writes it before it
/// touches anything else and removes it after `output/manifest.json`, so
/// that `verify` can tell an interrupted build (every file is the old one or
/// the one the journal announces) from a damaged archive. The next build
/// replaces it.
pub const PENDING: &str = ".migplan-pending.json";

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
    /// Path inside the version folder (`/`-separated) -> record; the
    /// version's own manifest file is not listed.
    pub files: BTreeMap<String, FileRecord>,
}

/// `output/manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub generator: String,
    pub format: u32,
    pub versions: BTreeMap<String, VersionRecord>,
    /// Files at the top of `output/` (the version index, `latest/`).
    pub files: BTreeMap<String, FileRecord>,
}

pub fn record(bytes: &[u8]) -> FileRecord {
    FileRecord {
        size: bytes.len() as u64,
        sha256: sha256_hex(bytes),
    }
}

/// The records of a set of artifacts.
pub fn records(artifacts: &[Artifact]) -> BTreeMap<String, FileRecord> {
    artifacts
        .iter()
        .map(|a| (crate::load::slash(&a.path), record(&a.bytes)))
        .collect()
}

pub fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(value).unwrap_or_default();
    v.push(b'\n');
    v
}

/// Reads `output/<version>/manifest.json`.
pub fn read_version(out: &Path, version: &str) -> Option<VersionRecord> {
    let bytes = fs::read(out.join(version).join(FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Reads `output/manifest.json`.
pub fn read(out: &Path) -> Option<Manifest> {
    serde_json::from_slice(&fs::read(out.join(FILE)).ok()?).ok()
}

/// What `verify` found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub missing: Vec<String>,
    pub changed: Vec<String>,
    pub unlisted: Vec<String>,
    /// Not failures: e.g. a top-level manifest behind an intact version.
    pub notes: Vec<String>,
    pub versions: usize,
    pub files: usize,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.unlisted.is_empty()
    }
}

/// Recomputes every file's hash under `out` and compares with the manifests.
pub fn verify(out: &Path) -> Result<Report, String> {
    let manifest = match fs::read(out.join(FILE)) {
        Ok(bytes) => serde_json::from_slice::<Manifest>(&bytes)
            .map_err(|e| format!("{}: not a migplan manifest ({e})", out.join(FILE).display()))?,
        Err(e) => {
            return Err(format!(
                "{}: {e}; nothing to verify (run `migplan build` first)",
                out.join(FILE).display()
            ));
        }
    };
    let mut r = Report::default();
    let pending: Option<Manifest> = fs::read(out.join(PENDING))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok());
    if pending.is_some() {
        r.notes.push(format!(
            "{PENDING}: a build was interrupted; files it was replacing may be old or new, both are accepted (the next build finishes the job)"
        ));
    }
    // Version folders present on disk.
    let mut on_disk = Vec::new();
    for e in fs::read_dir(out)
        .map_err(|e| format!("{}: {e}", out.display()))?
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with(crate::publish::TMP_PREFIX) {
            r.notes.push(format!(
                "{name}: left over by an interrupted build, not part of the archive (the next build removes it)"
            ));
        } else if e.path().is_dir() && !name.starts_with('.') && name != "latest" {
            on_disk.push(name);
        }
    }
    on_disk.sort();
    for name in &on_disk {
        if manifest.versions.contains_key(name) {
            continue;
        }
        // Published by a build that was interrupted before it could list
        // it in the top manifest: accepted when its own manifest is the one
        // the journal announced.
        let announced = pending.as_ref().and_then(|p| p.versions.get(name));
        match (announced, read_version(out, name)) {
            (Some(announced), Some(own)) if *announced == own => {
                r.versions += 1;
                r.notes.push(format!(
                    "{name}/ is not in {FILE} yet (an interrupted build); it is checked against its own {name}/{FILE}"
                ));
                check_file(
                    &out.join(name).join(FILE),
                    &record(&to_json(&own)),
                    &format!("{name}/{FILE}"),
                    &mut r,
                );
                compare_tree(&out.join(name), name, &own.files, &mut r);
            }
            _ => r.unlisted.push(format!(
                "{name}/ (a version folder the manifest does not list)"
            )),
        }
    }
    for (version, listed) in &manifest.versions {
        r.versions += 1;
        let dir = out.join(version);
        if !dir.is_dir() {
            r.missing.push(format!("{version}/ (the whole version)"));
            continue;
        }
        // The folder's own manifest is written with the folder; the top one
        // after it. An interrupted build can leave the top one behind: the
        // folder is then checked against its own, newer, manifest.
        let own = read_version(out, version);
        let expected = match &own {
            Some(own) if own != listed => {
                r.notes.push(format!(
                    "{FILE} lists an older build of {version} than the folder holds (an interrupted build?); the folder is checked against its own {version}/{FILE}"
                ));
                own
            }
            _ => listed,
        };
        match &own {
            Some(own) => check_file(
                &dir.join(FILE),
                &record(&to_json(own)),
                &format!("{version}/{FILE}"),
                &mut r,
            ),
            None => r.missing.push(format!("{version}/{FILE}")),
        }
        compare_tree(&dir, version, &expected.files, &mut r);
    }
    // The top-level files: as the manifest lists them or, during an
    // interrupted build, as the journal announces them.
    let mut top: BTreeMap<&String, Vec<&FileRecord>> = BTreeMap::new();
    for (path, rec) in manifest
        .files
        .iter()
        .chain(pending.iter().flat_map(|p| p.files.iter()))
    {
        top.entry(path).or_default().push(rec);
    }
    for (path, recs) in &top {
        let listed = manifest.files.contains_key(*path);
        match fs::read(out.join(path)) {
            // Announced but not written yet.
            Err(_) if !listed => {}
            Err(_) => {
                r.files += 1;
                r.missing.push(path.to_string());
            }
            Ok(bytes) => {
                r.files += 1;
                let rec = record(&bytes);
                if !recs.iter().any(|r| **r == rec) {
                    r.changed.push(path.to_string());
                }
            }
        }
    }
    if out.join("latest").is_dir() {
        for f in list_files(&out.join("latest")) {
            let rel = format!("latest/{f}");
            if f.starts_with(crate::publish::TMP_PREFIX) {
                r.notes.push(format!(
                    "{rel}: left over by an interrupted build, not part of the archive (the next build removes it)"
                ));
            } else if !top.contains_key(&rel) {
                r.unlisted.push(rel);
            }
        }
    }
    Ok(r)
}

fn compare_tree(dir: &Path, version: &str, listed: &BTreeMap<String, FileRecord>, r: &mut Report) {
    for (path, rec) in listed {
        check_file(&dir.join(path), rec, &format!("{version}/{path}"), r);
    }
    for f in list_files(dir) {
        if f != FILE && !listed.contains_key(&f) {
            r.unlisted.push(format!("{version}/{f}"));
        }
    }
}

fn check_file(path: &Path, rec: &FileRecord, shown: &str, r: &mut Report) {
    r.files += 1;
    match fs::read(path) {
        Err(_) => r.missing.push(shown.to_string()),
        Ok(bytes) => {
            if bytes.len() as u64 != rec.size || sha256_hex(&bytes) != rec.sha256 {
                r.changed.push(shown.to_string());
            }
        }
    }
}

/// Every file under `dir`, relative and `/`-separated, sorted.
fn list_files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| e.path().strip_prefix(dir).ok().map(PathBuf::from))
        .map(|p| crate::load::slash(&p))
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `out` with version 1.0.0 (one file) and the top manifest listing it
    /// and `index.html`.
    fn archive(name: &str) -> PathBuf {
        let out =
            std::env::temp_dir().join(format!("migplan-manifest-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&out);
        write_version(&out, "1.0.0", "a");
        fs::write(out.join("index.html"), "old index").unwrap();
        let m = Manifest {
            generator: "test".into(),
            format: 1,
            versions: [("1.0.0".to_string(), read_version(&out, "1.0.0").unwrap())].into(),
            files: [("index.html".to_string(), record(b"old index"))].into(),
        };
        fs::write(out.join(FILE), to_json(&m)).unwrap();
        out
    }

    fn write_version(out: &Path, version: &str, text: &str) -> VersionRecord {
        let dir = out.join(version);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.html"), text).unwrap();
        let r = VersionRecord {
            version: version.into(),
            status: PlanStatus::Review,
            build_date: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            content_hash: "0".repeat(64),
            files: [("a.html".to_string(), record(text.as_bytes()))].into(),
        };
        fs::write(dir.join(FILE), to_json(&r)).unwrap();
        r
    }

    /// An interrupted build (a new version folder and index, the old top
    /// manifest) verifies only with the journal that announced them.
    #[test]
    fn an_interrupted_build_verifies_through_its_journal_only() {
        let out = archive("journal");
        assert!(verify(&out).unwrap().ok());
        let new = write_version(&out, "2.0.0", "b");
        fs::write(out.join("index.html"), "new index").unwrap();
        let r = verify(&out).unwrap();
        assert_eq!(r.unlisted.len(), 1, "{r:?}");
        assert_eq!(r.changed, ["index.html"]);

        let journal = |version: VersionRecord| Manifest {
            generator: "test".into(),
            format: 1,
            versions: [("2.0.0".to_string(), version)].into(),
            files: [("index.html".to_string(), record(b"new index"))].into(),
        };
        fs::write(out.join(PENDING), to_json(&journal(new.clone()))).unwrap();
        let r = verify(&out).unwrap();
        assert!(r.ok(), "{r:?}");
        assert_eq!(r.versions, 2);

        // A journal that announced other content does not cover the folder.
        let mut other = new.clone();
        other.content_hash = "1".repeat(64);
        fs::write(out.join(PENDING), to_json(&journal(other))).unwrap();
        assert_eq!(verify(&out).unwrap().unlisted.len(), 1);

        // Nor does it excuse a file that is neither the old nor the new one.
        fs::write(out.join(PENDING), to_json(&journal(new))).unwrap();
        fs::write(out.join("index.html"), "tampered").unwrap();
        assert_eq!(verify(&out).unwrap().changed, ["index.html"]);
        let _ = fs::remove_dir_all(&out);
    }

    #[test]
    fn records_hash_and_size() {
        let r = record(b"abc");
        assert_eq!(r.size, 3);
        assert_eq!(
            r.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
