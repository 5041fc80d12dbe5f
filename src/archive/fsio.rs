//! The archive's file operations: rendered [`Artifact`]s -> files in
//! `output/`, atomically; and files of `output/` -> bytes, never through a
//! symbolic link.
//!
//! The only code that writes `output/`. A version is written in full into a
//! temporary folder inside `output/`, synced, then swapped into place with
//! one atomic rename (an exchange when the version already exists), so a
//! reader or a crash sees the old version or the new one, never a mix.
//! Files at the top of `output/` (the version index) are replaced the same
//! way, one file at a time. Left-overs of a killed build (temporary folders
//! and files) are removed by the next one.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use std::collections::BTreeMap;

use super::records::FileRecord;
use crate::render::Artifact;

/// Prefix of the temporary folders inside `output/`; left-overs from an
/// interrupted build are removed by the next one.
pub const TMP_PREFIX: &str = ".migplan-tmp-";

#[derive(Debug)]
pub struct PublishError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for PublishError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

fn err(path: &Path, e: impl std::fmt::Display) -> PublishError {
    PublishError {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// What was written.
#[derive(Debug, Default)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

/// Replaces `out/<folder>/` with exactly `artifacts` and the files `kept`
/// of the folder it replaces (linked, or copied and checked against their
/// records, see [`publish_latest`]).
pub fn publish_folder(
    out: &Path,
    folder: &str,
    artifacts: &[Artifact],
    kept: &BTreeMap<String, FileRecord>,
) -> Result<Written, PublishError> {
    check_name(out, folder)?;
    swap_folder(out, folder, artifacts, (folder, kept))
}

/// Replaces `out/latest/` with a copy of the files `files` of the version
/// folder `out/<version>/` (already in place and verified), in one swap
/// like a version folder. Each file is a hard link to the version's file
/// where the file system allows it (the same bytes, stored once; `verify`
/// hashes them once), else a copy checked against its record.
pub fn publish_latest(
    out: &Path,
    version: &str,
    files: &BTreeMap<String, FileRecord>,
) -> Result<Written, PublishError> {
    check_name(out, version)?;
    swap_folder(out, "latest", &[], (version, files))
}

/// Writes `artifacts` and links the files `kept.1` of `out/<kept.0>`
/// into a temporary folder, then swaps it into `out/<folder>`.
fn swap_folder(
    out: &Path,
    folder: &str,
    artifacts: &[Artifact],
    kept: (&str, &BTreeMap<String, FileRecord>),
) -> Result<Written, PublishError> {
    fs::create_dir_all(out).map_err(|e| err(out, e))?;
    clean_leftovers(out);
    let tmp = out.join(format!("{TMP_PREFIX}{folder}-{}", std::process::id()));
    if tmp.exists() {
        fs::remove_dir_all(&tmp).map_err(|e| err(&tmp, e))?;
    }
    let written = write_tree(&tmp, artifacts)
        .and_then(|w| {
            let linked = link_tree(&out.join(kept.0), &tmp, kept.1)?;
            Ok(Written {
                files: w.files + linked.files,
                bytes: w.bytes + linked.bytes,
            })
        })
        .inspect_err(|_| {
            let _ = fs::remove_dir_all(&tmp);
        })?;
    sync_dir(&tmp);
    let dest = out.join(folder);
    swap_into_place(&tmp, &dest).inspect_err(|_| {
        let _ = fs::remove_dir_all(&tmp);
    })?;
    sync_dir(out);
    Ok(written)
}

/// `root/<rel>` for every file of `files`, linked (or copied) from
/// `src/<rel>`.
fn link_tree(
    src: &Path,
    root: &Path,
    files: &BTreeMap<String, FileRecord>,
) -> Result<Written, PublishError> {
    fs::create_dir_all(root).map_err(|e| err(root, e))?;
    let mut written = Written::default();
    let mut dirs = std::collections::BTreeSet::new();
    for (rel, rec) in files {
        check_relative(root, Path::new(rel))?;
        let to = root.join(rel);
        if let Some(parent) = to.parent()
            && dirs.insert(parent.to_path_buf())
        {
            fs::create_dir_all(parent).map_err(|e| err(parent, e))?;
        }
        let from = src.join(rel);
        let plain = fs::symlink_metadata(&from).is_ok_and(|m| m.is_file());
        if !(plain && fs::hard_link(&from, &to).is_ok()) {
            let bytes = read_no_follow(src, rel).map_err(|e| err(&from, e))?;
            if super::records::record(&bytes) != *rec {
                return Err(err(&from, "does not match its record in the manifest"));
            }
            write_synced(&to, &bytes)?;
        }
        written.files += 1;
        written.bytes += rec.size;
    }
    for d in dirs {
        sync_dir(&d);
    }
    Ok(written)
}

/// Writes one file at `out/<rel>` atomically (temporary file + rename).
/// A folder on the way that is a symbolic link (e.g. `output/latest` ->
/// elsewhere) is replaced by a real folder: nothing is written outside `out`.
pub fn publish_file(out: &Path, artifact: &Artifact) -> Result<(), PublishError> {
    check_relative(out, &artifact.path)?;
    let dest = out.join(&artifact.path);
    let dir = dest.parent().unwrap_or(out);
    fs::create_dir_all(out).map_err(|e| err(out, e))?;
    let mut sub = out.to_path_buf();
    for c in artifact
        .path
        .parent()
        .into_iter()
        .flat_map(Path::components)
    {
        sub.push(c);
        real_dir(&sub)?;
    }
    if dir != out {
        // Left-overs of an interrupted build inside a sub-folder (`latest/`);
        // those at the top are `clean_leftovers`' job.
        clean_tmp_files(dir);
    }
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!("{TMP_PREFIX}{name}-{}", std::process::id()));
    write_synced(&tmp, &artifact.bytes)?;
    fs::rename(&tmp, &dest).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        err(&dest, e)
    })?;
    sync_dir(dir);
    Ok(())
}

/// Makes `path` a real folder (not a symbolic link, not a file).
fn real_dir(path: &Path) -> Result<(), PublishError> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => return Ok(()),
        Ok(m) if m.is_symlink() || m.is_file() => {
            fs::remove_file(path).map_err(|e| err(path, e))?;
        }
        _ => {}
    }
    fs::create_dir(path).map_err(|e| err(path, e))
}

/// Removes the temporary files (not folders) an interrupted build left in
/// `dir`.
fn clean_tmp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(TMP_PREFIX)
            && e.file_type().is_ok_and(|t| !t.is_dir())
        {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Removes one file if it is there (a build's journal, when done).
pub fn remove_file(out: &Path, rel: &str) -> Result<(), PublishError> {
    let path = out.join(rel);
    match fs::remove_file(&path) {
        Ok(()) => {
            sync_dir(out);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(err(&path, e)),
    }
}

fn write_tree(root: &Path, artifacts: &[Artifact]) -> Result<Written, PublishError> {
    fs::create_dir_all(root).map_err(|e| err(root, e))?;
    let mut written = Written::default();
    let mut dirs = std::collections::BTreeSet::new();
    for a in artifacts {
        check_relative(root, &a.path)?;
        let path = root.join(&a.path);
        if let Some(parent) = path.parent()
            && dirs.insert(parent.to_path_buf())
        {
            fs::create_dir_all(parent).map_err(|e| err(parent, e))?;
        }
        written.files += 1;
        written.bytes += a.bytes.len() as u64;
    }
    // Written and synced on every core: each file's fsync waits for the
    // disk, and the others need not wait for it. The first error (in the
    // artifacts' order) is the one reported.
    let results = crate::parallel::map(
        artifacts,
        |a| a.bytes.len(),
        |a| write_synced(&root.join(&a.path), &a.bytes),
    );
    results.into_iter().collect::<Result<Vec<()>, _>>()?;
    for d in dirs {
        sync_dir(&d);
    }
    Ok(written)
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    let mut f = File::create(path).map_err(|e| err(path, e))?;
    f.write_all(bytes).map_err(|e| err(path, e))?;
    f.sync_all().map_err(|e| err(path, e))
}

/// Best effort: makes renames inside `dir` durable.
fn sync_dir(dir: &Path) {
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}

/// Moves the complete `tmp` folder to `dest`: an atomic exchange when `dest`
/// exists (Linux `renameat2(RENAME_EXCHANGE)`), then the old tree is removed.
fn swap_into_place(tmp: &Path, dest: &Path) -> Result<(), PublishError> {
    if !dest.exists() {
        return fs::rename(tmp, dest).map_err(|e| err(dest, e));
    }
    if exchange(tmp, dest).is_ok() {
        // `tmp` now holds the old version.
        let _ = fs::remove_dir_all(tmp);
        return Ok(());
    }
    // No atomic exchange on this system: move the old one aside first, as
    // `<tmp>.old`, which `clean_leftovers` puts back after a crash.
    // (Not `with_extension`: `.migplan-tmp-1.0.0-42` would become
    // `.migplan-tmp-1.0.old`, which names no folder, and a crash would lose
    // the old version.)
    let aside = aside_path(tmp);
    fs::rename(dest, &aside).map_err(|e| err(dest, e))?;
    if let Err(e) = fs::rename(tmp, dest) {
        let _ = fs::rename(&aside, dest);
        return Err(err(dest, e));
    }
    let _ = fs::remove_dir_all(&aside);
    Ok(())
}

/// Where the fallback of [`swap_into_place`] moves the old folder.
fn aside_path(tmp: &Path) -> PathBuf {
    let mut aside = tmp.as_os_str().to_owned();
    aside.push(".old");
    PathBuf::from(aside)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let cb = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both pointers are valid NUL-terminated paths for the call's
    // duration; renameat2 does not retain them.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Removes temporary folders and files an interrupted build left behind.
/// A folder moved aside (`*.old`) whose version is missing is put back.
pub fn clean_leftovers(out: &Path) {
    let Ok(entries) = fs::read_dir(out) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(TMP_PREFIX) else {
            continue;
        };
        let path = e.path();
        if let Some(stem) = rest.strip_suffix(".old") {
            // `<folder>-<pid>.old`: the previous copy of <folder>.
            if let Some((folder, _pid)) = stem.rsplit_once('-')
                && !out.join(folder).exists()
            {
                let _ = fs::rename(&path, out.join(folder));
                continue;
            }
        }
        if path.is_dir() {
            let _ = fs::remove_dir_all(&path);
        } else {
            let _ = fs::remove_file(&path);
        }
    }
    // `latest/index.html` is the one file written below the top: a build
    // killed while writing it leaves its temporary file there, and the next
    // build may have nothing to write into `latest/` (which cleans it).
    let latest = out.join("latest");
    if fs::symlink_metadata(&latest).is_ok_and(|m| m.is_dir()) {
        clean_tmp_files(&latest);
    }
}

fn check_name(out: &Path, folder: &str) -> Result<(), PublishError> {
    let ok = !folder.is_empty()
        && !folder.starts_with('.')
        && !folder.contains(['/', '\\'])
        && folder != "latest";
    if ok {
        Ok(())
    } else {
        Err(err(
            out,
            format!("`{folder}` cannot be a version folder name"),
        ))
    }
}

/// Artifact paths must stay inside their folder.
fn check_relative(root: &Path, rel: &Path) -> Result<(), PublishError> {
    let ok = rel.components().all(|c| matches!(c, Component::Normal(_)))
        && rel.components().next().is_some();
    if ok {
        Ok(())
    } else {
        Err(err(
            root,
            format!(
                "refusing to write outside the output folder: {}",
                rel.display()
            ),
        ))
    }
}

/// Reads `base/rel`, refusing to follow a symbolic link anywhere below
/// `base` (a folder on the way or the file itself): the archive holds
/// regular files only, and a link could make it copy or vouch for a file
/// outside `output/`.
pub fn read_no_follow(base: &Path, rel: &str) -> io::Result<Vec<u8>> {
    let (path, _) = file_no_follow(base, rel)?;
    fs::read(&path)
}

/// `base/rel` and its metadata when it is a regular file reached without
/// following a symbolic link anywhere below `base` (see [`read_no_follow`]).
pub fn file_no_follow(base: &Path, rel: &str) -> io::Result<(PathBuf, fs::Metadata)> {
    let mut path = base.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() || *part == "." || *part == ".." {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a plain relative path",
            ));
        }
        path.push(part);
        let meta = fs::symlink_metadata(&path)?;
        let last = i + 1 == parts.len();
        if meta.file_type().is_symlink() {
            return Err(io::Error::other(
                "a symbolic link (the archive holds files only)",
            ));
        }
        if last {
            if !meta.is_file() {
                return Err(io::Error::other("not a regular file"));
            }
            return Ok((path, meta));
        }
        if !meta.is_dir() {
            return Err(io::Error::from(io::ErrorKind::NotFound));
        }
    }
    Err(io::Error::from(io::ErrorKind::NotFound))
}

/// Whether `path` is a folder itself (not a link to one).
pub fn is_real_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Every entry under `dir` that is not a folder (files, links, anything
/// else), relative and `/`-separated, sorted; links are listed, never
/// followed.
pub fn list_files(dir: &Path) -> Vec<String> {
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

    fn tmp(name: &str) -> PathBuf {
        let p = std::env::temp_dir().join(format!("migplan-publish-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&p);
        p
    }

    #[test]
    fn keeps_files_of_the_folder_it_replaces_as_links() {
        let out = tmp("kept");
        publish_folder(
            &out,
            "1.0.0",
            &[
                Artifact::new("a.html", "old"),
                Artifact::new("big.pdf", "pdf"),
            ],
            &BTreeMap::new(),
        )
        .unwrap();
        let kept: BTreeMap<String, FileRecord> =
            [("big.pdf".to_string(), super::super::records::record(b"pdf"))].into();
        publish_folder(&out, "1.0.0", &[Artifact::new("a.html", "new")], &kept).unwrap();
        assert_eq!(fs::read(out.join("1.0.0/a.html")).unwrap(), b"new");
        assert_eq!(fs::read(out.join("1.0.0/big.pdf")).unwrap(), b"pdf");
        let entries: Vec<_> = fs::read_dir(&out).unwrap().flatten().collect();
        assert_eq!(entries.len(), 1, "left-overs: {entries:?}");
        // Linked, not copied: the same file under both names until the old
        // folder is removed.
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            assert_eq!(fs::metadata(out.join("1.0.0/big.pdf")).unwrap().nlink(), 1);
        }
        let _ = fs::remove_dir_all(&out);
    }

    #[test]
    fn replaces_a_version_whole() {
        let out = tmp("replace");
        publish_folder(
            &out,
            "1.0.0",
            &[
                Artifact::new("a.html", "old"),
                Artifact::new("gone.txt", "x"),
            ],
            &BTreeMap::new(),
        )
        .unwrap();
        publish_folder(
            &out,
            "2.0.0",
            &[Artifact::new("a.html", "other")],
            &BTreeMap::new(),
        )
        .unwrap();
        publish_folder(
            &out,
            "1.0.0",
            &[
                Artifact::new("a.html", "new"),
                Artifact::new("sub/b.css", "b"),
            ],
            &BTreeMap::new(),
        )
        .unwrap();
        assert_eq!(fs::read_to_string(out.join("1.0.0/a.html")).unwrap(), "new");
        assert!(!out.join("1.0.0/gone.txt").exists());
        assert_eq!(
            fs::read_to_string(out.join("1.0.0/sub/b.css")).unwrap(),
            "b"
        );
        assert_eq!(
            fs::read_to_string(out.join("2.0.0/a.html")).unwrap(),
            "other"
        );
        let names: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| !n.starts_with(TMP_PREFIX)),
            "{names:?}"
        );
        let _ = fs::remove_dir_all(&out);
    }

    #[test]
    fn refuses_paths_outside() {
        let out = tmp("outside");
        assert!(
            publish_folder(
                &out,
                "1.0.0",
                &[Artifact::new("../evil", "x")],
                &BTreeMap::new()
            )
            .is_err()
        );
        assert!(publish_folder(&out, "../x", &[], &BTreeMap::new()).is_err());
        assert!(publish_file(&out, &Artifact::new("/etc/x", "x")).is_err());
        assert!(!out.join("1.0.0").exists());
        let _ = fs::remove_dir_all(&out);
    }

    #[cfg(unix)]
    #[test]
    fn replaces_a_symlinked_folder_instead_of_writing_through_it() {
        let out = tmp("symlink");
        let victim = tmp("symlink-victim");
        fs::create_dir_all(&victim).unwrap();
        fs::create_dir_all(&out).unwrap();
        std::os::unix::fs::symlink(&victim, out.join("latest")).unwrap();
        publish_file(&out, &Artifact::new("latest/index.html", "i")).unwrap();
        assert!(!victim.join("index.html").exists());
        assert!(
            !fs::symlink_metadata(out.join("latest"))
                .unwrap()
                .is_symlink()
        );
        assert_eq!(
            fs::read_to_string(out.join("latest/index.html")).unwrap(),
            "i"
        );
        let _ = fs::remove_dir_all(&out);
        let _ = fs::remove_dir_all(&victim);
    }

    #[test]
    fn removes_temporary_files_left_in_a_sub_folder() {
        let out = tmp("subtmp");
        fs::create_dir_all(out.join("latest")).unwrap();
        fs::write(
            out.join(format!("latest/{TMP_PREFIX}index.html-42")),
            "half",
        )
        .unwrap();
        publish_file(&out, &Artifact::new("latest/index.html", "i")).unwrap();
        let names: Vec<String> = fs::read_dir(out.join("latest"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["index.html"]);
        let _ = fs::remove_dir_all(&out);
    }

    #[test]
    fn restores_a_version_moved_aside_by_a_crash() {
        let out = tmp("restore");
        fs::create_dir_all(out.join(format!("{TMP_PREFIX}1.0.0-42.old"))).unwrap();
        fs::write(out.join(format!("{TMP_PREFIX}1.0.0-42.old/a")), "kept").unwrap();
        fs::create_dir_all(out.join(format!("{TMP_PREFIX}2.0.0-42"))).unwrap();
        publish_file(&out, &Artifact::new("index.html", "i")).unwrap();
        fs::create_dir_all(out.join("latest")).unwrap();
        fs::write(
            out.join("latest").join(format!("{TMP_PREFIX}index.html-1")),
            "x",
        )
        .unwrap();
        clean_leftovers(&out);
        assert!(
            fs::read_dir(out.join("latest")).unwrap().all(|e| !e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(TMP_PREFIX)),
            "a killed build's file in latest/ is cleaned"
        );
        assert_eq!(fs::read_to_string(out.join("1.0.0/a")).unwrap(), "kept");
        assert!(!out.join(format!("{TMP_PREFIX}2.0.0-42")).exists());
        // The name the fallback really uses is the one put back.
        let aside = aside_path(&out.join(format!("{TMP_PREFIX}2.0.0-7")));
        fs::create_dir_all(&aside).unwrap();
        fs::write(aside.join("b"), "kept too").unwrap();
        clean_leftovers(&out);
        assert_eq!(fs::read_to_string(out.join("2.0.0/b")).unwrap(), "kept too");
        let _ = fs::remove_dir_all(&out);
    }
}
