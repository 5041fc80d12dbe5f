//! Load: a project folder -> [`Plan`] (+ the [`Sources`] diagnostics point into).
//!
//! Walks `content/` in sorted path order, parses every `*.yaml`/`*.yml` file
//! into a typed `PlanFile` and every `*.md` file into a `Section`, then merges
//! them. This is the only stage that reads the project.

mod indent;
mod markdown;
mod merge;
pub mod tree;
pub mod unhashed;
pub mod yaml;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use std::borrow::Cow;

use crate::diag::{Diagnostic, FileId, Location, Severity, Sources};
use crate::model::{Plan, PlanFile};

pub use markdown::DEFAULT_ORDER;

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// What loading produced: the plan if it could be built, every diagnostic,
/// and the sources they point into.
#[derive(Debug)]
pub struct Loaded {
    pub sources: Sources,
    pub plan: Option<Plan>,
    pub diagnostics: Vec<Diagnostic>,
    /// An I/O problem (no content folder, unreadable file): exit code 2.
    pub io_error: bool,
    /// Files under `content/` that are neither YAML nor Markdown (images,
    /// attachments): path relative to the root, and bytes. They are part of
    /// the content hash and of the archive.
    pub other_files: Vec<(PathBuf, Vec<u8>)>,
    /// YAML files that hold only `signoffs:` (see [`PlanFile::only_signoffs`]).
    pub signoff_files: Vec<FileId>,
    /// YAML files that hold only records of the plan in motion (`progress:`,
    /// perhaps with `signoffs:`): left out of the content hash whole, with
    /// their comments.
    pub record_files: Vec<FileId>,
    /// Some files did not parse (`plan` is then `None`): the plan merged
    /// from the others, for checking them too.
    pub partial: Option<Partial>,
    /// For each YAML file (by [`FileId`]), the byte ranges the content hash
    /// leaves out ([`unhashed::ranges`]), found while loading (on the
    /// parsing threads) rather than by parsing every file again.
    pub unhashed: Vec<(FileId, Vec<std::ops::Range<usize>>)>,
}

/// The plan without the files that have syntax errors: later stages check
/// it so that every file's problems are reported in one run, keeping only
/// what cannot be caused by the files left out (see
/// [`crate::compile_with`]).
#[derive(Debug)]
pub struct Partial {
    /// The plan (placeholders for missing parts) and the merge's errors.
    pub merged: (Plan, Vec<Diagnostic>),
    /// The files left out.
    pub broken: Vec<FileId>,
}

impl Loaded {
    /// What the content hash covers, in path order: every content file
    /// (path relative to the root, `/`-separated, and bytes), except files
    /// that hold only sign-offs or progress, and without the plan in motion
    /// (`plan.status`, the `status` of tasks, add-ons and risks, `progress`
    /// entries: see [`unhashed`]), so that recording approval or progress
    /// does not change the hash the signers saw.
    pub fn hashed_files(&self) -> Vec<(String, Cow<'_, [u8]>)> {
        let mut all: Vec<(String, Cow<[u8]>)> = Vec::new();
        for (i, f) in self.sources.files().iter().enumerate() {
            let id = FileId(i as u32);
            if self.signoff_files.contains(&id) || self.record_files.contains(&id) {
                continue;
            }
            let yaml = matches!(
                f.path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            );
            let known = self.unhashed.iter().find(|(f, _)| *f == id);
            let cut = match known {
                Some((_, cut)) => Cow::Borrowed(cut.as_slice()),
                None if yaml => Cow::Owned(unhashed::ranges(&f.text)),
                None => Cow::Owned(Vec::new()),
            };
            let bytes = if cut.is_empty() {
                Cow::Borrowed(f.text.as_bytes())
            } else {
                Cow::Owned(unhashed::without(&f.text, &cut).into_bytes())
            };
            all.push((slash(&f.path), bytes));
        }
        for (p, b) in &self.other_files {
            all.push((slash(p), Cow::Borrowed(b.as_slice())));
        }
        all.sort();
        all
    }
}

/// A path with `/` separators on every platform.
pub fn slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Loads the project at `root` (the folder holding `content/`).
pub fn load_project(root: &Path) -> Loaded {
    load_project_with(root, None)
}

/// [`load_project`], with the text of one file (path relative to `root`)
/// replaced by `overlay`'s, or added if the file does not exist: how an edit
/// is checked with the whole plan before it is written.
pub fn load_project_with(root: &Path, overlay: Option<(&Path, &str)>) -> Loaded {
    let content = root.join("content");
    let mut out = Loaded {
        sources: Sources::default(),
        plan: None,
        diagnostics: Vec::new(),
        io_error: false,
        other_files: Vec::new(),
        signoff_files: Vec::new(),
        record_files: Vec::new(),
        partial: None,
        unhashed: Vec::new(),
    };
    if !content.is_dir() {
        out.io_error = true;
        out.diagnostics.push(
            Diagnostic::new(
                Severity::Error,
                Location::Path(content.clone()),
                "no content/ folder here",
            )
            .with_hint(format!(
                "run migplan in a plan project (or pass --root DIR); `migplan init {}` writes an example",
                root.display()
            )),
        );
        return out;
    }
    if fs::symlink_metadata(&content).is_ok_and(|m| m.file_type().is_symlink()) {
        out.io_error = true;
        out.diagnostics.push(
            Diagnostic::new(
                Severity::Error,
                Location::Path(relative(root, &content)),
                "content/ is a symbolic link: refused, so that a build never publishes files from elsewhere",
            )
            .with_hint("make content/ a real folder (copy the plan's files into it)"),
        );
        return out;
    }
    let canonical_content = fs::canonicalize(&content).unwrap_or(content.clone());

    let mut files = Vec::new();
    let mut sections = Vec::new();
    // A file could not be read (I/O, encoding, size): nothing is checked
    // further. A file could not be parsed: the others are (`partial`).
    let mut unread = false;
    let mut fatal = false;
    let mut broken = Vec::new();
    let mut to_parse = Vec::new();
    // (path, is a symbolic link), or the error met on the way.
    let mut entries: Vec<Result<(PathBuf, bool), walkdir::Error>> = WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter(|e| !e.as_ref().is_ok_and(|e| e.file_type().is_dir()))
        .map(|e| e.map(|e| (e.path().to_path_buf(), e.path_is_symlink())))
        .collect();
    let overlay = overlay.map(|(p, text)| (root.join(p), text));
    if let Some((path, _)) = &overlay
        && !entries
            .iter()
            .any(|e| e.as_ref().is_ok_and(|(p, _)| p == path))
    {
        // A new file takes its place in path order.
        let at = entries
            .iter()
            .position(|e| e.as_ref().is_ok_and(|(p, _)| p > path))
            .unwrap_or(entries.len());
        entries.insert(at, Ok((path.clone(), false)));
    }
    for entry in entries {
        let (path, symlink) = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or(content.clone());
                out.io_error = true;
                out.diagnostics.push(io_diag(root, &path, &e.to_string()));
                continue;
            }
        };
        let path = path.as_path();
        let kind = match path.extension().and_then(|e| e.to_str()) {
            Some("yaml" | "yml") => Kind::Yaml,
            Some("md") => Kind::Markdown,
            _ => Kind::Other,
        };
        if symlink {
            match fs::canonicalize(path) {
                Ok(target) if target.starts_with(&canonical_content) && target.is_file() => {}
                _ => {
                    out.diagnostics.push(
                        Diagnostic::new(
                            Severity::Warning,
                            Location::Path(relative(root, path)),
                            "ignored: a symbolic link that does not point to a file inside content/",
                        )
                        .with_hint("copy the file into content/ instead of linking to it"),
                    );
                    continue;
                }
            }
        }
        if let Kind::Other = kind {
            match read_bytes(root, path) {
                Ok(bytes) => out.other_files.push((relative(root, path), bytes)),
                Err((d, io)) => {
                    out.io_error |= io;
                    unread = true;
                    out.diagnostics.push(d);
                }
            }
            continue;
        }
        let read = match &overlay {
            Some((p, text)) if p == path => Ok(text.to_string()),
            _ => read_text(root, path),
        };
        let text = match read {
            Ok(t) => t,
            Err((d, io)) => {
                out.io_error |= io;
                unread = true;
                out.diagnostics.push(d);
                continue;
            }
        };
        let rel = relative(root, path);
        let file = out.sources.add(rel, text);
        let slug = match kind {
            Kind::Markdown => Some(slug_of(&content, path)),
            _ => None,
        };
        to_parse.push((file, slug));
    }
    // Parsing is most of loading and each file is parsed alone: on every
    // core, the results taken back in path order (the same plan and
    // diagnostics whatever the number of threads).
    let parsed = crate::profile::stage("load: parse", || parse_files(&out.sources, to_parse));
    for (file, result) in parsed {
        match result {
            Parsed::Yaml(parsed) => {
                let (value, errors, cut) = *parsed;
                out.unhashed.push((file, cut));
                // A file whose errors could be stepped over still joins the
                // plan, so that the checks after loading report their
                // problems too (the build fails on the errors either way).
                if value.is_none() {
                    fatal = true;
                    broken.push(file);
                }
                out.diagnostics.extend(errors);
                if let Some(f) = value {
                    let f = f.unwrap_or_default();
                    if f.only_signoffs() {
                        out.signoff_files.push(file);
                    } else if f.only_records() {
                        out.record_files.push(file);
                    }
                    files.push(f)
                }
            }
            Parsed::Markdown(Ok(s)) => sections.push(s),
            Parsed::Markdown(Err(d)) => {
                fatal = true;
                broken.push(file);
                out.diagnostics.push(*d)
            }
        }
    }
    // Errors other than stepped-over YAML values (I/O, encoding, syntax,
    // front matter) stop here: what follows would work on a guess.
    if out.io_error || unread {
        return out;
    }
    if fatal {
        // The files that did parse are still checked (see [`Partial`]), so
        // that one file's syntax error does not hide the others' problems.
        out.partial = Some(Partial {
            merged: merge::merge_all(files, sections, &out.sources),
            broken,
        });
        return out;
    }
    match merge::merge(files, sections, &out.sources) {
        Ok(plan) => out.plan = Some(plan),
        Err(errors) => out.diagnostics.extend(errors),
    }
    out
}

/// One file's parse.
enum Parsed {
    Yaml(Box<YamlParsed>),
    Markdown(Result<crate::model::Section, Box<Diagnostic>>),
}

/// A YAML file's value (see [`yaml::parse_all`]), its problems and the
/// ranges the content hash leaves out.
type YamlParsed = (
    Option<Option<PlanFile>>,
    Vec<Diagnostic>,
    Vec<std::ops::Range<usize>>,
);

/// Parses the YAML and Markdown files (`(file, Some(slug))` for Markdown)
/// on every core; the results in the order of `files`.
fn parse_files(sources: &Sources, files: Vec<(FileId, Option<String>)>) -> Vec<(FileId, Parsed)> {
    let parsed = crate::parallel::map(
        &files,
        |(file, _)| sources.get(*file).text.len(),
        |(file, slug)| {
            let text = &sources.get(*file).text;
            match slug {
                None => {
                    let (value, errors) = yaml::parse_all::<Option<PlanFile>>(*file, 0, text);
                    // The parse just made says where the statuses are: most
                    // files need no second parse for the hash's ranges.
                    let known = match &value {
                        Some(Some(f)) if errors.is_empty() => {
                            unhashed::ranges_known(text, &statuses(f))
                        }
                        Some(None) if errors.is_empty() => unhashed::ranges_known(text, &[]),
                        _ => None,
                    };
                    let cut = known.unwrap_or_else(|| unhashed::ranges(text));
                    Parsed::Yaml(Box::new((value, errors, cut)))
                }
                Some(slug) => Parsed::Markdown(markdown::parse(*file, slug.clone(), text)),
            }
        },
    );
    files.iter().map(|f| f.0).zip(parsed).collect()
}

/// Where (line, column) the values of the `status` keys of `plan`,
/// `tasks`, `addons` and `risks` are written: the keys the content hash
/// leaves out (see [`unhashed::ranges_known`]).
pub(crate) fn statuses(f: &PlanFile) -> Vec<(u32, u32)> {
    fn at<T>(s: &crate::model::spanned::Sp<T>) -> (u32, u32) {
        (s.pos.line, s.pos.col)
    }
    let plan = f.plan.iter().filter_map(|p| p.status.as_ref().map(at));
    let tasks = f
        .tasks
        .iter()
        .flatten()
        .filter_map(|t| t.status.as_ref().map(at));
    let addons = f
        .addons
        .iter()
        .flatten()
        .filter_map(|a| a.status.as_ref().map(at));
    let risks = f
        .risks
        .iter()
        .flatten()
        .filter_map(|r| r.status.as_ref().map(at));
    plan.chain(tasks).chain(addons).chain(risks).collect()
}

enum Kind {
    Yaml,
    Markdown,
    Other,
}

/// Reads a file as UTF-8 text, refusing huge files before reading them.
fn read_text(root: &Path, path: &Path) -> Result<String, (Diagnostic, bool)> {
    let rel = relative(root, path);
    let bytes = read_bytes(root, path)?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
        (
            Diagnostic::new(
                Severity::Error,
                Location::Path(rel),
                format!("file is not valid UTF-8 text (first bad byte at line {line}, byte {at})"),
            )
            .with_hint("save the file as UTF-8 in your editor"),
            false,
        )
    })
}

/// Reads a file's bytes, refusing huge files before reading them.
fn read_bytes(root: &Path, path: &Path) -> Result<Vec<u8>, (Diagnostic, bool)> {
    let rel = relative(root, path);
    let meta = fs::metadata(path).map_err(|e| (io_diag(root, path, &e.to_string()), true))?;
    if !meta.is_file() {
        // Opening a FIFO would block until someone writes to it; a device
        // could stream forever. Neither is part of a plan.
        return Err((
            Diagnostic::new(
                Severity::Error,
                Location::Path(rel),
                "not a regular file (a named pipe, socket or device): it cannot be part of a plan",
            )
            .with_hint("remove it from content/"),
            false,
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err((
            Diagnostic::new(
                Severity::Error,
                Location::Path(rel),
                format!(
                    "file is too large to be part of a plan ({:.1} MB; the limit is {} MB)",
                    meta.len() as f64 / 1e6,
                    MAX_FILE_BYTES / 1024 / 1024
                ),
            )
            .with_hint("split it into several files, or move data exports out of content/"),
            false,
        ));
    }
    // The file may grow between the size check and the read: read at most
    // one byte past the limit and refuse then.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| (io_diag(root, path, &e.to_string()), true))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err((
            Diagnostic::new(
                Severity::Error,
                Location::Path(rel),
                format!(
                    "file is too large to be part of a plan (over {} MB)",
                    MAX_FILE_BYTES / 1024 / 1024
                ),
            )
            .with_hint("split it into several files, or move data exports out of content/"),
            false,
        ));
    }
    Ok(bytes)
}

fn io_diag(root: &Path, path: &Path, err: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        Location::Path(relative(root, path)),
        format!("cannot read: {err}"),
    )
}

/// The path as shown in messages: relative to the project root.
fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// `content/sections/rollback.md` -> `sections/rollback`.
fn slug_of(content: &Path, path: &Path) -> String {
    let rel = path
        .strip_prefix(content)
        .unwrap_or(path)
        .with_extension("");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
