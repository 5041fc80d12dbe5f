//! Crash safety of `migplan build`, through the real binary: the build is
//! killed (SIGKILL) at pseudo-random moments, and after every kill `output/`
//! must hold each version, the version index, `latest/` and the manifest
//! either as they were before or as the build makes them, complete (never a
//! mix, never a half-written file; only temporary left-overs that the next
//! build removes), and `migplan verify` must pass. Then a normal build must
//! succeed and give exactly what an uninterrupted build gives.
//!
//! Two cases, each from a built version 2.1.0 of a generated plan
//! (`examples/gen_plan.rs`):
//!
//! - `rebuild_same_version`: the content changes, the version does not: the
//!   version folder is swapped for a new one;
//! - `new_version`: version 2.2.0: a new folder, and 2.1.0's pages are
//!   republished with a "superseded" notice.
//!
//! Kill moments: the build is first timed (its duration, and when it starts
//! to write `output/`); then one kill in five is at a uniform moment of the
//! whole build, and the others at a uniform moment of the publishing phase
//! (counted from when the build's first temporary file appears, since most
//! of a build is rendering in memory, when a kill cannot harm `output/`).
//! The moments come from a seeded generator (`MIGPLAN_CRASH_SEED`, printed);
//! `MIGPLAN_CRASH_KILLS` sets the number of kills per case (default 10),
//! `MIGPLAN_CRASH_TASKS` the plan's size (default 100 tasks, about a second
//! to build in debug; a debug build of 1,000 tasks took 12 s, too long to
//! be killed and rebuilt 20 times in a test of under a minute).

#[allow(dead_code)]
#[path = "../examples/gen_plan.rs"]
mod gen_plan;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const AS_OF: &str = "2026-11-22";
/// Prefix of the temporary files and folders of `src/publish.rs`.
const TMP_PREFIX: &str = ".migplan-tmp-";
/// The journal of a build in progress (`src/manifest.rs`).
const PENDING: &str = ".migplan-pending.json";

type Tree = BTreeMap<String, Vec<u8>>;

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn migplan() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_migplan"));
    c.env("NO_COLOR", "1").env_remove("SOURCE_DATE_EPOCH");
    c
}

fn build_command(root: &Path) -> Command {
    let mut c = migplan();
    c.args(["build", "--root", root.to_str().unwrap(), "--as-of", AS_OF]);
    c
}

fn build(root: &Path) -> Output {
    build_command(root).output().expect("run migplan build")
}

fn verify(out: &Path) -> Output {
    migplan()
        .args(["verify", "--out", out.to_str().unwrap()])
        .output()
        .expect("run migplan verify")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Every file under `dir`: `/`-separated relative path -> bytes.
fn tree(dir: &Path) -> Tree {
    let mut out = Tree::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            let meta = fs::symlink_metadata(&p).unwrap();
            if meta.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap();
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.insert(rel.join("/"), fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn write_tree(dir: &Path, t: &Tree) {
    let _ = fs::remove_dir_all(dir);
    for (rel, bytes) in t {
        let p = dir.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
}

/// The first path component: a version folder, `latest`, or a top file.
fn group(rel: &str) -> &str {
    rel.split('/').next().unwrap()
}

fn is_leftover(rel: &str) -> bool {
    rel.split('/').any(|c| c.starts_with(TMP_PREFIX)) || rel == PENDING
}

/// The files of `t` in `group`, leftovers aside.
fn part<'a>(t: &'a Tree, g: &str) -> BTreeMap<&'a str, &'a [u8]> {
    t.iter()
        .filter(|(k, _)| group(k) == g && !is_leftover(k))
        .map(|(k, v)| (k.as_str(), v.as_slice()))
        .collect()
}

/// A deterministic generator of kill moments: the plan generator's SplitMix64.
struct Rng(gen_plan::Rng);

impl Rng {
    /// Uniform in [0, d].
    fn upto(&mut self, d: Duration) -> Duration {
        d.mul_f64((self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64)
    }
}

/// A project with the generated plan, in a fresh temporary folder.
fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-crash-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    for (path, text) in gen_plan::generate(env_num("MIGPLAN_CRASH_TASKS", 100) as usize) {
        let p = dir.join("content").join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

fn edit(path: &Path, from: &str, to: &str) {
    let t = fs::read_to_string(path).unwrap();
    assert!(t.contains(from), "{from:?} not in {}", path.display());
    fs::write(path, t.replacen(from, to, 1)).unwrap();
}

/// Other content, same version: the summary and a task's title.
fn change_content(root: &Path) {
    edit(
        &root.join("content/plan.yaml"),
        "The group moves every site",
        "The group moves each of its sites",
    );
    edit(
        &root.join("content/schedule/001-planning-requirements.yaml"),
        "title: \"",
        "title: \"Revised: ",
    );
}

fn new_version(root: &Path) {
    change_content(root);
    edit(
        &root.join("content/plan.yaml"),
        "version: 2.1.0",
        "version: 2.2.0",
    );
    let people = root.join("content/people.yaml");
    let mut t = fs::read_to_string(&people).unwrap();
    t.push_str(
        "  - version: 2.2.0\n    date: 2026-05-20\n    author: Project Manager\n    summary: Revised titles.\n",
    );
    fs::write(people, t).unwrap();
}

/// When the child first writes into `out` (a temporary file or folder, or
/// the journal, appears), or None if it exited first.
fn wait_for_publishing(child: &mut Child, out: &Path, started: Instant) -> Option<Duration> {
    loop {
        if let Ok(entries) = fs::read_dir(out)
            && entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with('.'))
        {
            return Some(started.elapsed());
        }
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Waits up to `d` for the child; kills it (SIGKILL) if still running.
/// Returns whether it was killed.
fn kill_after(child: &mut Child, d: Duration) -> bool {
    let until = Instant::now() + d;
    while Instant::now() < until {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(200).min(until - Instant::now()));
    }
    if child.try_wait().unwrap().is_some() {
        return false;
    }
    child.kill().expect("SIGKILL");
    let status = child.wait().unwrap();
    !status.success()
}

/// What `output/` must be after a kill: every group (version folder,
/// `index.html`, `manifest.json`, `latest/`) exactly as in `old` or as in
/// `new` (absent only where it is absent in that one), nothing else but
/// temporary left-overs; the index and `latest/` point to complete
/// versions; and `migplan verify` passes.
fn check_after_kill(out: &Path, old: &Tree, new: &Tree, what: &str) -> Vec<String> {
    let now = tree(out);
    let mut problems = Vec::new();
    let groups: BTreeSet<&str> = old
        .keys()
        .chain(new.keys())
        .chain(now.keys())
        .filter(|k| !is_leftover(k))
        .map(|k| group(k))
        .collect();
    for g in &groups {
        let have = part(&now, g);
        if have != part(old, g) && have != part(new, g) {
            let differ: Vec<&str> = have
                .keys()
                .chain(part(new, g).keys())
                .filter(|k| {
                    have.get(*k) != part(new, g).get(*k) && have.get(*k) != part(old, g).get(*k)
                })
                .copied()
                .collect();
            problems.push(format!(
                "{what}: {g} is neither the old nor the new one (a mix or a partial write): {differ:?}"
            ));
        }
    }
    // The pages that list versions point to versions that are there.
    let versions_here: BTreeSet<&str> = now.keys().map(|k| group(k)).collect();
    if let Some(index) = now.get("index.html") {
        let index = String::from_utf8_lossy(index);
        for (i, _) in index.match_indices("/index.html\"") {
            let start = index[..i].rfind('"').map_or(0, |s| s + 1);
            let v = &index[start..i];
            if !v.contains('/') && !v.is_empty() && !versions_here.contains(v) {
                problems.push(format!(
                    "{what}: index.html links to {v}/, which is missing"
                ));
            }
        }
    } else {
        problems.push(format!("{what}: index.html is missing"));
    }
    // `latest/` is a copy of a version that is there (its plan.json says
    // which).
    match now.get("latest/plan.json") {
        Some(json) => {
            let v: serde_json::Value = serde_json::from_slice(json).unwrap_or_default();
            let v = v["version"].as_str().unwrap_or("");
            if !versions_here.contains(v) {
                problems.push(format!(
                    "{what}: latest/ is a copy of {v:?}, which is missing"
                ));
            }
        }
        None => problems.push(format!("{what}: latest/plan.json is missing")),
    }
    let v = verify(out);
    if !v.status.success() {
        problems.push(format!("{what}: `migplan verify` failed:\n{}", text(&v)));
    }
    problems
}

struct Outcome {
    /// Killed before publishing began: `output/` untouched.
    before: usize,
    /// Killed while publishing: something changed or was left over.
    during: usize,
    /// The build finished before the kill.
    finished: usize,
}

fn crash_case(name: &str, change: fn(&Path)) {
    let seed = env_num("MIGPLAN_CRASH_SEED", 0x006d_6967_706c_616e);
    let kills = env_num("MIGPLAN_CRASH_KILLS", 10) as usize;
    let started = Instant::now();

    // The references: the old output, and what an uninterrupted build of
    // the changed plan makes of it.
    let root = project(name);
    let out = root.join("output");
    let r = build(&root);
    assert!(r.status.success(), "{}", text(&r));
    let old = tree(&out);
    change(&root);
    let r = build(&root);
    assert!(r.status.success(), "{}", text(&r));
    let new = tree(&out);
    assert_ne!(old, new);
    assert!(
        !new.keys().any(|k| is_leftover(k)),
        "an uninterrupted build left temporary files: {:?}",
        new.keys().filter(|k| is_leftover(k)).collect::<Vec<_>>()
    );

    // Timing: the whole build, and when it starts writing to output/.
    write_tree(&out, &old);
    let t0 = Instant::now();
    let mut child = build_command(&root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let publishing = wait_for_publishing(&mut child, &out, t0).expect("the build writes output/");
    assert!(child.wait().unwrap().success());
    let total = t0.elapsed();
    assert!(
        tree(&out) == new,
        "a timed build differs from the reference"
    );
    let mut publish_span = total.saturating_sub(publishing);

    let mut rng = Rng(gen_plan::Rng::new(seed ^ name.len() as u64));
    let mut outcome = Outcome {
        before: 0,
        during: 0,
        finished: 0,
    };
    let mut problems = Vec::new();
    for i in 0..kills {
        write_tree(&out, &old);
        let t0 = Instant::now();
        let mut child = build_command(&root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let killed = if i % 5 == 0 {
            // Anywhere in the build (and a little after its usual end).
            let d = rng.upto(total.mul_f64(1.1));
            kill_after(&mut child, d)
        } else {
            // Anywhere in the publishing phase.
            let d = rng.upto(publish_span);
            match wait_for_publishing(&mut child, &out, t0) {
                Some(_) => {
                    let from = Instant::now();
                    let killed = kill_after(&mut child, d);
                    if !killed {
                        // Publishing was shorter than timed: aim closer.
                        publish_span = publish_span.min(from.elapsed());
                    }
                    killed
                }
                None => false,
            }
        };
        if !killed {
            let _ = child.wait();
        }
        let what = format!("{name}, kill {i}");
        let now = tree(&out);
        if !killed {
            outcome.finished += 1;
            if now != new {
                problems.push(format!("{what}: a build that finished differs"));
            }
            continue;
        }
        let found = check_after_kill(&out, &old, &new, &what);
        let untouched = now == old;
        if untouched {
            outcome.before += 1;
        } else {
            outcome.during += 1;
        }
        problems.extend(found);
        if untouched {
            continue;
        }
        // The next build cleans up and finishes the job.
        let r = build(&root);
        if !r.status.success() {
            problems.push(format!("{what}: the next build failed:\n{}", text(&r)));
            continue;
        }
        let after = tree(&out);
        if after != new {
            let differ: Vec<&String> = after
                .keys()
                .chain(new.keys())
                .filter(|k| after.get(*k) != new.get(*k))
                .collect();
            problems.push(format!(
                "{what}: the next build does not give the reference output: {differ:?}"
            ));
        }
        let v = verify(&out);
        if !v.status.success() {
            problems.push(format!(
                "{what}: verify after the next build:\n{}",
                text(&v)
            ));
        }
    }
    eprintln!(
        "crash {name}: seed {seed:#x}; build {:.2} s, writing output/ from {:.2} s; {kills} kills: {} before writing, {} while writing, {} after the build finished; {:.1} s in all",
        total.as_secs_f64(),
        publishing.as_secs_f64(),
        outcome.before,
        outcome.during,
        outcome.finished,
        started.elapsed().as_secs_f64()
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(
        outcome.during > 0,
        "no kill landed while the build was writing output/: the test proved nothing (raise MIGPLAN_CRASH_KILLS)"
    );
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn rebuild_same_version_survives_sigkill() {
    crash_case("rebuild", change_content);
}

#[test]
fn new_version_survives_sigkill() {
    crash_case("new-version", new_version);
}
