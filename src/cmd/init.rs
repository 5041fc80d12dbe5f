//! `migplan init [DIR]`: writes the example plan into DIR/content/.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Exit, Term};

#[derive(Debug, Clone)]
pub struct Options {
    pub dir: PathBuf,
}

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    match write_example(&opts.dir) {
        Ok(n) => {
            let _ = writeln!(
                term.err,
                "migplan: wrote the example plan ({n} files) into {}\n\nnext:\n  cd {}\n  migplan check\n  migplan build",
                opts.dir.join("content").display(),
                opts.dir.display()
            );
            Exit::Ok
        }
        Err(msg) => {
            let _ = writeln!(term.err, "error: {msg}");
            Exit::Usage
        }
    }
}

fn write_example(dir: &Path) -> Result<usize, String> {
    let content = dir.join("content");
    if content.exists() {
        let non_empty = fs::read_dir(&content)
            .map_err(|e| format!("{}: {e}", content.display()))?
            .next()
            .is_some();
        if non_empty {
            return Err(format!(
                "{} already exists and is not empty; refusing to overwrite a plan\n  = hint: run `migplan init` in a new folder, e.g. `migplan init my-migration`",
                content.display()
            ));
        }
    }
    let files = crate::example::files();
    for (rel, bytes) in &files {
        let path = content.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let gitignore = dir.join(".gitignore");
    if !gitignore.exists() {
        fs::write(&gitignore, "/output\n").map_err(|e| format!("{}: {e}", gitignore.display()))?;
    }
    Ok(files.len())
}
