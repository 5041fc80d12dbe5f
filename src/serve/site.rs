//! The project + an as-of date -> the preview: the site rendered by the
//! same code as `build` (without the archive and without the PDF, which is
//! made when asked for) into a temporary folder, and the state the server
//! reads: which build is current, the last errors, the compiled plan for
//! the PDF.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::Compiled;
use crate::diag::{Diagnostic, Sources};
use crate::render::version::{self, Earlier};
use crate::report::{self, Style};

/// The preview folder and what the server needs to know about it. Shared
/// between the rebuilding thread and the request threads.
pub struct Preview {
    root: PathBuf,
    as_of: NaiveDate,
    /// Removed with everything in it when the preview is dropped.
    tmp: tempfile::TempDir,
    state: Mutex<State>,
    /// Signalled after every rebuild (good or failed).
    changed: Condvar,
}

/// What the server shows now.
#[derive(Default)]
pub struct State {
    /// Counts rebuilds (good or failed); pages reload when it moves.
    pub generation: u64,
    /// The diagnostics of the last rebuild, if it failed: the overlay.
    pub errors: Option<String>,
    /// The last good build, if any.
    pub good: Option<Good>,
}

/// The last good build.
pub struct Good {
    pub compiled: Arc<Compiled>,
    pub version: String,
    pub date: NaiveDate,
    /// `<version>/<document>.pdf`, the Solution Document's usual link.
    pub pdf_path: PathBuf,
    pub plan_json: Vec<u8>,
    /// The PDF once asked for (an error is kept too: it is the same until
    /// the next rebuild).
    pub pdf: Option<Result<Arc<Vec<u8>>, String>>,
}

/// A good build in `<tmp>/next`, not yet swapped in.
struct Built {
    good: Good,
    /// How many files were written.
    files: usize,
    warnings: Vec<Diagnostic>,
    sources: Sources,
}

/// What one rebuild did, for the terminal.
pub struct Outcome {
    pub ok: bool,
    /// The diagnostics (warnings too), rendered for the terminal.
    pub report: String,
    pub files: usize,
    pub elapsed: Duration,
    pub version: Option<String>,
}

impl Preview {
    pub fn new(root: &Path, as_of: NaiveDate) -> std::io::Result<Preview> {
        let tmp = tempfile::Builder::new()
            .prefix("migplan-serve-")
            .tempdir()?;
        Ok(Preview {
            root: root.to_path_buf(),
            as_of,
            tmp,
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
        })
    }

    /// The folder the site is served from (`<tmp>/site`, laid out like
    /// `output/`: `index.html`, `latest/`, `<version>/`).
    pub fn dir(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    /// The temporary folder holding everything.
    pub fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        // A request thread that panicked cannot leave the state half-made
        // (every change is one assignment): go on with it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until the generation is past `since` (or `timeout`); returns
    /// the current generation.
    pub fn wait_past(&self, since: u64, timeout: Duration) -> u64 {
        let guard = self.state();
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| s.generation <= since)
            .unwrap_or_else(|e| e.into_inner());
        guard.generation
    }

    /// Compiles and renders the plan; a good build replaces the preview
    /// folder in one step, a failed one keeps it and sets the overlay.
    pub fn rebuild(&self, style: Style) -> Outcome {
        let started = Instant::now();
        let result = self.render();
        let mut state = self.state();
        state.generation += 1;
        let outcome = match result {
            Ok(Built {
                good,
                files,
                warnings,
                sources,
            }) => {
                let report = report::render_all(&warnings, &sources, style);
                match self.swap_in() {
                    Ok(()) => {
                        state.errors = None;
                        let version = good.version.clone();
                        state.good = Some(good);
                        Outcome {
                            ok: true,
                            report,
                            files,
                            elapsed: started.elapsed(),
                            version: Some(version),
                        }
                    }
                    Err(e) => {
                        let text = format!("error: cannot write the preview folder: {e}\n");
                        state.errors = Some(text.clone());
                        Outcome {
                            ok: false,
                            report: text,
                            files: 0,
                            elapsed: started.elapsed(),
                            version: None,
                        }
                    }
                }
            }
            Err((diags, sources)) => {
                let plain = failure_text(&diags, &sources, Style { color: false });
                state.errors = Some(plain);
                Outcome {
                    ok: false,
                    report: failure_text(&diags, &sources, style),
                    files: 0,
                    elapsed: started.elapsed(),
                    version: None,
                }
            }
        };
        drop(state);
        self.changed.notify_all();
        outcome
    }

    /// Compile + render into `<tmp>/next`; the diagnostics if that fails.
    fn render(&self) -> Result<Built, (Vec<Diagnostic>, Sources)> {
        let c = crate::compile(&self.root, self.as_of).map_err(|f| (f.diagnostics, f.sources))?;
        let date = crate::render::document_date(&c.plan, c.schedule.as_of);
        let version = c.plan.meta.version.value.to_string();
        let rendered = match version::render_preview(&c, date, &Earlier::default()) {
            Ok(r) => r,
            Err(diags) => {
                let mut all = c.warnings.clone();
                all.extend(diags);
                crate::diag::sort(&mut all);
                return Err((all, c.sources));
            }
        };
        // A preview has one version: `latest/` sends the reader to it (a
        // build's archive holds a copy of the newest version there).
        let latest = crate::render::html::render_latest(&c.plan.meta.title.value, &version);
        let next = self.tmp.path().join("next");
        let write = || -> std::io::Result<usize> {
            if next.exists() {
                std::fs::remove_dir_all(&next)?;
            }
            let mut n = 0;
            let files = rendered
                .artifacts
                .iter()
                .map(|a| (Path::new(&version).join(&a.path), &a.bytes))
                .chain(rendered.top.iter().map(|a| (a.path.clone(), &a.bytes)))
                .chain(std::iter::once((latest.path.clone(), &latest.bytes)));
            for (rel, bytes) in files {
                // Our own renderer names these files; a name that would
                // leave the folder is a bug, and not written.
                if rel
                    .components()
                    .any(|c| !matches!(c, std::path::Component::Normal(_)))
                {
                    continue;
                }
                let path = next.join(rel);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(path, bytes.as_slice())?;
                n += 1;
            }
            Ok(n)
        };
        let files = match write() {
            Ok(n) => n,
            Err(e) => {
                let d = Diagnostic::new(
                    crate::diag::Severity::Error,
                    crate::diag::Location::Project,
                    format!("cannot write the preview into {}: {e}", next.display()),
                );
                return Err((vec![d], c.sources));
            }
        };
        let plan_json = rendered
            .artifacts
            .iter()
            .find(|a| a.path == Path::new("plan.json"))
            .map(|a| a.bytes.to_vec())
            .unwrap_or_default();
        let mut warnings = c.warnings.clone();
        warnings.extend(rendered.warnings.iter().cloned());
        let sources = c.sources.clone();
        let good = Good {
            pdf_path: Path::new(&version).join(&rendered.document),
            compiled: Arc::new(c),
            version,
            date,
            plan_json,
            pdf: None,
        };
        Ok(Built {
            good,
            files,
            warnings,
            sources,
        })
    }

    /// `<tmp>/next` becomes `<tmp>/site` (called with the state locked, so
    /// no request reads a half-replaced folder).
    fn swap_in(&self) -> std::io::Result<()> {
        let site = self.dir();
        let old = self.tmp.path().join("old");
        if site.exists() {
            std::fs::rename(&site, &old)?;
        }
        std::fs::rename(self.tmp.path().join("next"), &site)?;
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }

    /// The Solution Document of the current good build, made the first
    /// time it is asked for. `None`: no good build.
    pub fn pdf(&self) -> Option<Result<Arc<Vec<u8>>, String>> {
        let (compiled, date, plan_json, generation) = {
            let state = self.state();
            let good = state.good.as_ref()?;
            if let Some(done) = &good.pdf {
                return Some(done.clone());
            }
            (
                good.compiled.clone(),
                good.date,
                good.plan_json.clone(),
                state.generation,
            )
        };
        // Made without the lock: it takes a while, pages keep being served.
        let attachments = version::attachments(&compiled, &Arc::new(plan_json));
        let made = version::pdf_bytes(&compiled, date, None, attachments)
            .map(Arc::new)
            .map_err(|diags| failure_text(&diags, &compiled.sources, Style { color: false }));
        let mut state = self.state();
        if state.generation == generation
            && let Some(good) = state.good.as_mut()
        {
            good.pdf = Some(made.clone());
        }
        Some(made)
    }
}

/// Diagnostics and their summary line, as the terminal shows them.
fn failure_text(diags: &[Diagnostic], sources: &Sources, style: Style) -> String {
    format!(
        "{}migplan: {}\n",
        report::render_all(diags, sources, style),
        report::summary(diags)
    )
}
