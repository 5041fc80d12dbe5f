//! `migplan diff A B`: what changed from version A to version B, read from
//! their published `plan.json`.

use std::fs;
use std::path::PathBuf;

use super::{Exit, Term};
use crate::diff;

#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    pub from: String,
    pub to: String,
}

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    let read = |v: &str| -> Result<serde_json::Value, String> {
        let path = opts.out.join(v).join("plan.json");
        let bytes = fs::read(&path).map_err(|e| {
            format!(
                "{}: {e}\n  = hint: `migplan diff` compares versions already built into {}",
                path.display(),
                opts.out.display()
            )
        })?;
        serde_json::from_slice(&bytes)
            .map_err(|e| format!("{}: not a migplan plan.json ({e})", path.display()))
    };
    let (a, b) = match (read(&opts.from), read(&opts.to)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            let _ = writeln!(term.err, "error: {e}");
            return Exit::Usage;
        }
    };
    let summary = diff::compare(&a, &b);
    // Titles come from the plans: keep their control characters off the terminal.
    let text = crate::report::printable_lines(&diff::render_text(&summary)).into_owned();
    let _ = term.out.write_all(text.as_bytes());
    Exit::Ok
}
