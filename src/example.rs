//! The example plan (the repository's `content/`), embedded in the binary:
//! what `migplan init` writes.

use include_dir::{Dir, include_dir};

static CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");

/// Every file of the example plan: (path relative to `content/`, bytes), in
/// path order.
pub fn files() -> Vec<(&'static str, &'static [u8])> {
    let mut out = Vec::new();
    collect(&CONTENT, &mut out);
    out.sort_by(|a, b| a.0.cmp(b.0));
    out
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(&'static str, &'static [u8])>) {
    for f in dir.files() {
        if let Some(p) = f.path().to_str() {
            out.push((p, f.contents()));
        }
    }
    for d in dir.dirs() {
        collect(d, out);
    }
}
