//! Renderers: Plan + Schedule -> files as bytes ([`Artifact`]s). Nothing here
//! writes to disk; `publish` does.

use std::path::PathBuf;

/// One output file, its path relative to the version's folder
/// (`output/<version>/`), and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl Artifact {
    pub fn new(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> Artifact {
        Artifact {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}
