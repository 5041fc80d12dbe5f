//! Helpers the integration suites share: run the real binary, copy a plan
//! into a fresh folder, find a Python that has a module. Each suite uses
//! some of them (hence `dead_code` allowed here).
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test, without colour in its messages.
pub fn command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_migplan"));
    c.env("NO_COLOR", "1");
    c
}

/// Runs the binary with `args` and waits for it.
pub fn migplan(args: &[&str]) -> Output {
    command().args(args).output().expect("run migplan")
}

/// Output bytes as text (lossy: a test should see whatever was printed).
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Copies the folder `from` into `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dst = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dst);
        } else {
            fs::copy(&p, &dst).unwrap();
        }
    }
}

/// A Python that can `import module`: MIGPLAN_PYTHON, the checkers' venv
/// that shared/tools/setup.sh makes, or the system python. None (the test
/// is skipped, saying so) when none has it, unless the environment
/// variable `require` is set (CI sets it), which makes that a failure.
pub fn python_with(module: &str, require: &str) -> Option<PathBuf> {
    let venv = std::env::var_os("HOME")
        .map(|h| Path::new(&h).join(".cache/plan-checkers/venv/bin/python"))
        .filter(|p| p.exists());
    let py = std::env::var_os("MIGPLAN_PYTHON")
        .map(PathBuf::from)
        .or(venv)
        .unwrap_or_else(|| "python3".into());
    let probe = Command::new(&py)
        .args(["-c", &format!("import {module}")])
        .output();
    if probe.is_ok_and(|o| o.status.success()) {
        return Some(py);
    }
    assert!(
        std::env::var_os(require).is_none(),
        "python {module} is required here ({require} is set) but not installed"
    );
    eprintln!("skipped: python {module} not installed (set MIGPLAN_PYTHON)");
    None
}
