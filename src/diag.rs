//! Diagnostics: positions in the plan's files -> messages a person can act on.
//!
//! Every stage reports problems as [`Diagnostic`]s that point into a [`Sources`]
//! table (the loaded files). Rendering them (`path:line:col`, the source line,
//! a caret, a hint) lives in `report.rs`.

use std::fmt;
use std::path::{Path, PathBuf};

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A position in a source file: 1-based line and column (in characters), and
/// the length (in characters) of the thing pointed at, for the caret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Pos {
    pub file: FileId,
    pub line: u32,
    pub col: u32,
    pub len: u32,
}

impl Pos {
    pub fn new(file: FileId, line: u32, col: u32, len: u32) -> Pos {
        Pos {
            file,
            line,
            col,
            len,
        }
    }

    /// A position `offset` characters further along the same line (for
    /// pointing inside a scalar, e.g. at the anchor of a when-rule).
    pub fn shifted(self, offset: usize, len: usize) -> Pos {
        Pos {
            col: self.col.saturating_add(offset as u32),
            len: len as u32,
            ..self
        }
    }

    /// True when the position is known (line 0 means "somewhere in the file").
    pub fn is_known(&self) -> bool {
        self.line > 0
    }
}

/// One loaded file: its path relative to the project root (for messages) and
/// its text (for showing the offending line).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// Every file the loader read, in load order.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.files.push(SourceFile { path, text });
        FileId(self.files.len() as u32 - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.get(id).path
    }

    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// The text of line `line` (1-based) of a file, without its newline.
    pub fn line(&self, id: FileId, line: u32) -> Option<&str> {
        if line == 0 {
            return None;
        }
        self.get(id).text.lines().nth(line as usize - 1)
    }

    /// The position of `key:` written at column `col` on or after line
    /// `from` (a key inside a mapping whose first key is at `from`/`col`),
    /// stopping where the mapping ends (a line indented less than `col`).
    pub fn find_key_after(&self, id: FileId, from: u32, col: u32, key: &str) -> Option<Pos> {
        let text = &self.get(id).text;
        for (n, line) in text
            .lines()
            .enumerate()
            .skip(from.saturating_sub(1) as usize)
        {
            let indent = line.chars().take_while(|c| *c == ' ').count() as u32 + 1;
            let body = line.trim_start();
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            if indent < col {
                break;
            }
            if indent == col && body.strip_prefix(key).is_some_and(|r| r.starts_with(':')) {
                return Some(Pos::new(id, n as u32 + 1, col, key.chars().count() as u32));
            }
        }
        None
    }

    /// The position of the top-level `key:` (at column 1) on or before line
    /// `until`.
    pub fn find_top_key_before(&self, id: FileId, until: u32, key: &str) -> Option<Pos> {
        let text = &self.get(id).text;
        text.lines()
            .enumerate()
            .take(until as usize)
            .filter(|(_, l)| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
            .last()
            .map(|(n, _)| Pos::new(id, n as u32 + 1, 1, key.chars().count() as u32))
    }

    /// `path:line:col` for a position.
    pub fn locate(&self, pos: Pos) -> String {
        let path = self.path(pos.file).display();
        if pos.is_known() {
            format!("{path}:{}:{}", pos.line, pos.col)
        } else {
            format!("{path}")
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// Where a diagnostic points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A position inside a loaded file.
    At(Pos),
    /// A file or folder that could not be loaded (no text to show).
    Path(PathBuf),
    /// The project as a whole (e.g. "no plan: key anywhere").
    Project,
}

/// A secondary position with a note, e.g. each step of a dependency cycle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub pos: Option<Pos>,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    pub hint: Option<String>,
    pub notes: Vec<Note>,
}

impl Diagnostic {
    pub fn error(pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, Location::At(pos), message)
    }

    pub fn warning(pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, Location::At(pos), message)
    }

    pub fn new(severity: Severity, location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            location,
            message: message.into(),
            hint: None,
            notes: Vec::new(),
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint only when there is one (e.g. an optional "did you mean").
    pub fn with_hint_opt(mut self, hint: Option<String>) -> Diagnostic {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }

    pub fn with_note(mut self, pos: Option<Pos>, message: impl Into<String>) -> Diagnostic {
        self.notes.push(Note {
            pos,
            message: message.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn pos(&self) -> Option<Pos> {
        match self.location {
            Location::At(p) => Some(p),
            _ => None,
        }
    }
}

/// Diagnostics in a stable order: by file, line, column, then as reported.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| match &d.location {
        Location::Project => (0, FileId(0), 0, 0),
        Location::Path(_) => (1, FileId(0), 0, 0),
        Location::At(p) => (2, p.file, p.line, p.col),
    });
}

pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}
