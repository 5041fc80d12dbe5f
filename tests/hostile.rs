//! Hostile input through the real `migplan` binary: invalid and malicious
//! plans must give their expected diagnostics and exit code, and never panic
//! (exit 101), hang, or write outside `output/`; plans that build must give
//! inert HTML (no script, no event handler, no `javascript:`/`data:` URL).
//!
//! Cases:
//!
//! - `tests/hostile/<case>/content/...`: files laid over the valid base plan
//!   `tests/hostile/_base/content/` (a file of the same name replaces the
//!   base's), with `tests/hostile/<case>/expected.txt`:
//!
//!   ```text
//!   # comment
//!   exit: 1                      exit code of `check` and of `build`
//!   check-exit: 0                (optional) when `check` differs from `build`
//!   stderr: extra.yaml:4         substring of `build`'s stderr (any number)
//!   inert: true                  the built HTML must be inert
//!   no-href: etc/passwd          no href/src may contain this
//!   check-only: true             only `check` runs
//!   no-raw-control: true         stderr has no control characters
//!   known-bug: why               reported, not yet fixed: a failure or a
//!                                timeout is printed, not fatal (set
//!                                MIGPLAN_HOSTILE_STRICT=1 to make it fatal)
//!   ```
//!
//! - generated cases (`generated()` below): what cannot be committed (a
//!   50 MB file, symlinks, a FIFO, odd file names) or is large.
//!
//! To run one case by hand: `cp -r tests/hostile/_base /tmp/x && cp -r
//! tests/hostile/<case>/content /tmp/x/ && migplan build --root /tmp/x`.
//!
//! Also here: every saved fuzz crash input (`fuzz/regressions/<target>/`) is
//! replayed through the fuzz harness (`fuzz/src/harness.rs`) and must not
//! panic.

#[path = "../fuzz/src/harness.rs"]
mod harness;

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

const AS_OF: &str = "2026-11-22";

/// Longest a run may take (a debug binary on a busy 2-core machine); a
/// known bug gets less, so that a hang costs little.
const TIMEOUT: Duration = Duration::from_secs(60);
const KNOWN_BUG_TIMEOUT: Duration = Duration::from_secs(8);

fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

#[derive(Debug, Default, Clone)]
struct Expect {
    exit: i32,
    check_exit: Option<i32>,
    stderr: Vec<String>,
    inert: bool,
    no_href: Vec<String>,
    known_bug: Option<String>,
    /// Only `check` runs (a large plan whose build is not what is tested).
    check_only: bool,
    /// stderr holds no control characters but newlines and tabs (nothing
    /// that a terminal would act on).
    no_raw_control: bool,
}

fn parse_expected(text: &str) -> Expect {
    let mut e = Expect::default();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("bad expected line {line:?}"));
        let value = value.trim().to_string();
        match key.trim() {
            "exit" => e.exit = value.parse().unwrap(),
            "check-exit" => e.check_exit = Some(value.parse().unwrap()),
            "stderr" => e.stderr.push(value),
            "inert" => e.inert = value == "true",
            "no-href" => e.no_href.push(value),
            "known-bug" => e.known_bug = Some(value),
            "check-only" => e.check_only = value == "true",
            "no-raw-control" => e.no_raw_control = value == "true",
            other => panic!("unknown key {other:?} in expected.txt"),
        }
    }
    e
}

/// A case: makes its project inside a sandbox folder and says what to
/// expect. The project is `<sandbox>/project`; anything else in the sandbox
/// (e.g. `outside/`) must be left untouched.
struct Case {
    name: String,
    setup: Box<dyn Fn(&Path) + Send + Sync>,
    expect: Expect,
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// The base plan as `<sandbox>/project/content/`.
fn base(sandbox: &Path) -> PathBuf {
    let content = sandbox.join("project/content");
    copy_dir(&hostile_dir().join("_base/content"), &content);
    content
}

fn committed() -> Vec<Case> {
    let mut cases = Vec::new();
    for e in fs::read_dir(hostile_dir()).unwrap() {
        let dir = e.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('_') || !dir.is_dir() {
            continue;
        }
        let expected = fs::read_to_string(dir.join("expected.txt"))
            .unwrap_or_else(|_| panic!("{name}: missing expected.txt"));
        cases.push(Case {
            name,
            expect: parse_expected(&expected),
            setup: Box::new(move |sandbox| {
                let content = base(sandbox);
                copy_dir(&dir.join("content"), &content);
            }),
        });
    }
    cases
}

fn expect(exit: i32, stderr: &[&str]) -> Expect {
    Expect {
        exit,
        stderr: stderr.iter().map(|s| s.to_string()).collect(),
        ..Expect::default()
    }
}

fn check_only(mut e: Expect) -> Expect {
    e.check_only = true;
    e
}

fn case(name: &str, expect: Expect, setup: impl Fn(&Path) + Send + Sync + 'static) -> Case {
    Case {
        name: name.to_string(),
        setup: Box::new(setup),
        expect,
    }
}

/// Repeats a YAML task list entry `n` times with `{i}` / `{j}` (= i - 1).
fn tasks_yaml(n: usize, first: &str, entry: &str) -> String {
    let mut y = String::from("tasks:\n");
    y.push_str(first);
    for i in 1..n {
        y.push_str(
            &entry
                .replace("{i}", &i.to_string())
                .replace("{j}", &(i - 1).to_string()),
        );
    }
    y
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// A file outside the project that must never be read (it would be an error
/// if it were: a second `plan:`).
fn outside_marker(sandbox: &Path) -> PathBuf {
    let p = sandbox.join("outside/secret.yaml");
    write(&p, "plan:\n  title: OUTSIDE-MARKER\n  version: 9.9.9\n");
    write(
        &sandbox.join("outside/dir/inner.yaml"),
        "plan:\n  title: OUTSIDE-MARKER\n  version: 9.9.9\n",
    );
    write(
        &sandbox.join("outside/dir/inner.md"),
        "---\ntitle: OUTSIDE-MARKER\n---\nOUTSIDE-MARKER\n",
    );
    p
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

fn generated() -> Vec<Case> {
    let mut v = vec![
        case(
            "huge-file-50mb",
            expect(1, &["big.yaml", "too large"]),
            |s| {
                let content = base(s);
                let line = "# padding padding padding padding padding padding padding padding\n";
                let mut text = String::from("risks:\n");
                while text.len() < 50 * 1024 * 1024 {
                    text.push_str(line);
                }
                write(&content.join("big.yaml"), text);
            },
        ),
        case(
            "deep-nesting-flow-1000",
            expect(1, &["deep.yaml", "recursion limit"]),
            |s| {
                let content = base(s);
                write(
                    &content.join("deep.yaml"),
                    format!("risks: {}{}\n", "[".repeat(1000), "]".repeat(1000)),
                );
            },
        ),
        // Refused at the first value of the wrong type (streaming parser).
        case("deep-nesting-block-1000", expect(1, &["deep.yaml"]), |s| {
            let content = base(s);
            let mut y = String::from("inventory:\n  - id: x\n    details:\n");
            for d in 0..1000 {
                y.push_str(&format!("{}k{d}:\n", "  ".repeat(d + 3)));
            }
            write(&content.join("deep.yaml"), y);
        }),
        // Refused at the unknown key, before any alias is expanded.
        case("alias-bomb", expect(1, &["bomb.yaml"]), |s| {
            let content = base(s);
            let mut y = String::from(
                "x-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
            );
            let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
            for w in names.windows(2) {
                let refs = vec![format!("*{}", w[0]); 9].join(",");
                y.push_str(&format!("x-{}: &{} [{refs}]\n", w[1], w[1]));
            }
            write(&content.join("bomb.yaml"), y);
        }),
        case("alias-bomb-in-known-key", expect(1, &["bomb.yaml"]), |s| {
            let content = base(s);
            let mut y = String::from("risks:\n  - &r0 {id: r, title: T}\n");
            for k in 1..12 {
                y.push_str(&format!(
                    "  - &r{k} [*r{}, *r{}, *r{}, *r{}]\n",
                    k - 1,
                    k - 1,
                    k - 1,
                    k - 1
                ));
            }
            write(&content.join("bomb.yaml"), y);
        }),
        case("alias-bomb-in-front-matter", expect(1, &["bomb.md"]), |s| {
            let content = base(s);
            let mut y = String::from("---\ntitle: &a [x,x,x,x,x,x,x,x,x]\n");
            for (k, w) in ["a", "b", "c", "d", "e", "f", "g", "h"]
                .windows(2)
                .enumerate()
            {
                y.push_str(&format!(
                    "k{k}: &{} [{}]\n",
                    w[1],
                    vec![format!("*{}", w[0]); 9].join(",")
                ));
            }
            y.push_str("---\nBody.\n");
            write(&content.join("bomb.md"), y);
        }),
        case(
            "non-utf8-latin1",
            expect(1, &["latin1.md", "not valid UTF-8"]),
            |s| {
                let content = base(s);
                write(
                    &content.join("latin1.md"),
                    b"---\ntitle: Caf\xe9\n---\nCaf\xe9 cr\xe8me.\n",
                );
            },
        ),
        case("utf8-bom", expect(0, &[]), |s| {
            let content = base(s);
            let plan = fs::read(content.join("plan.yaml")).unwrap();
            write(
                &content.join("plan.yaml"),
                [b"\xef\xbb\xbf".as_slice(), &plan].concat(),
            );
            let md = fs::read(content.join("section.md")).unwrap();
            write(
                &content.join("section.md"),
                [b"\xef\xbb\xbf".as_slice(), &md].concat(),
            );
        }),
        case(
            "crlf-line-endings",
            expect(1, &["crlf.yaml:4:13", "`opne` is not an allowed value"]),
            |s| {
                let content = base(s);
                for f in ["plan.yaml", "tasks.yaml", "section.md"] {
                    let t = fs::read_to_string(content.join(f)).unwrap();
                    write(&content.join(f), t.replace('\n', "\r\n"));
                }
                write(
                    &content.join("crlf.yaml"),
                    "risks:\r\n  - id: r\r\n    title: R\r\n    status: opne\r\n",
                );
            },
        ),
        case(
            "terminal-escapes-in-source",
            {
                let mut e = expect(1, &["esc.yaml:3"]);
                e.no_raw_control = true;
                e
            },
            |s| {
                let content = base(s);
                write(
                    &content.join("esc.yaml"),
                    "tasks:\n  - id: a\n    title: \"\x1b]0;PWNED\x07\x1b[2J\"\n    due: migration\n",
                );
            },
        ),
        case("calendar-holidays-for-twenty-years", expect(0, &[]), |s| {
            let content = base(s);
            let plan = fs::read_to_string(content.join("plan.yaml")).unwrap();
            let start = chrono::NaiveDate::from_ymd_opt(2027, 1, 17).unwrap();
            let days: Vec<String> = start
                .iter_days()
                .take(7300)
                .map(|d| d.to_string())
                .collect();
            let plan = plan.replace(
                "holidays: [2026-12-25, 2027-01-01]",
                &format!("holidays: [{}]", days.join(", ")),
            );
            write(&content.join("plan.yaml"), plan);
            write(
                &content.join("after.yaml"),
                "tasks:\n  - id: later\n    title: Later\n    phase: Cutover\n    due: 10 business days after migration\n",
            );
        }),
        case("dependency-chain-10000", check_only(expect(0, &[])), |s| {
            let content = base(s);
            let y = tasks_yaml(
                10_000,
                "  - id: c0\n    title: C0\n    phase: Planning\n    due: 2026-01-05\n",
                "  - id: c{i}\n    title: C{i}\n    phase: Planning\n    due: 1 day after c{j}\n",
            );
            write(&content.join("chain.yaml"), y);
        }),
        case(
            "dependency-cycle-2000",
            expect(1, &["chain.yaml", "cycle"]),
            |s| {
                let content = base(s);
                let y = tasks_yaml(
                    2000,
                    "  - id: c0\n    title: C0\n    phase: Planning\n    due: 1 day after c1999\n",
                    "  - id: c{i}\n    title: C{i}\n    due: 1 day after c{j}\n",
                );
                write(&content.join("chain.yaml"), y);
            },
        ),
        case("after-list-of-5000", check_only(expect(0, &[])), |s| {
            let content = base(s);
            let mut y = tasks_yaml(
                5000,
                "  - id: a0\n    title: A0\n    phase: Planning\n    due: 2026-01-05\n",
                "  - id: a{i}\n    title: A{i}\n    phase: Planning\n    due: 2026-01-05\n",
            );
            let all: Vec<String> = (0..5000).map(|i| format!("a{i}")).collect();
            y.push_str(&format!("  - id: last\n    title: Last\n    phase: Cutover\n    due: migration\n    after: [{}]\n", all.join(", ")));
            write(&content.join("after.yaml"), y);
        }),
        case("line-of-one-megabyte", expect(0, &[]), |s| {
            let content = base(s);
            let title = "word ".repeat(200_000);
            write(
                &content.join("long.yaml"),
                format!("risks:\n  - id: r\n    title: \"{title}\"\n"),
            );
        }),
        case("twenty-thousand-expressions", expect(0, &[]), |s| {
            let content = base(s);
            let body = "{{ date(of=\"migration\") }} {{ date(of=\"migrate-data.start\") }}\n"
                .repeat(10_000);
            write(
                &content.join("many.md"),
                format!("---\ntitle: Many\n---\n{body}"),
            );
        }),
        {
            let mut e = expect(0, &[]);
            e.inert = true;
            case("xss-in-file-names", e, |s| {
                let content = base(s);
                let body = "---\ntitle: Named\n---\nText.\n";
                write(
                    &content.join("a\" onmouseover=\"document.title='XSS'.md"),
                    body,
                );
                write(
                    &content.join("<img src=x onerror=document.title='XSS'>.md"),
                    body,
                );
                write(&content.join("javascript:document.title='XSS'.md"), body);
            })
        },
        case("non-utf8-file-name", expect(0, &[]), |s| {
            let content = base(s);
            #[cfg(unix)]
            {
                use std::os::unix::ffi::OsStrExt;
                let name = std::ffi::OsStr::from_bytes(b"risks-\xff.yaml");
                write(&content.join(name), "risks: []\n");
            }
        }),
    ];
    #[cfg(unix)]
    v.extend(unix_cases());
    v
}

#[cfg(unix)]
fn unix_cases() -> Vec<Case> {
    let fifo = expect(1, &["evil.yaml", "not a regular file"]);
    // Fixed: publish_file replaces a symlinked folder by a real one.
    // An output/ holding only links and no manifest is not an archive:
    // refused, nothing written (never written through).
    let mut latest = expect(1, &["holds no migplan archive"]);
    latest.check_exit = Some(0);
    let parents = expect(0, &[]);
    let mut symlinks = expect(0, &["ignored: a symbolic link"]);
    symlinks.inert = true;
    vec![
        case("parent-chain-2000", parents, |s| {
            let content = base(s);
            let y = tasks_yaml(
                2000,
                "  - id: p0\n    title: P0\n    phase: Planning\n    due: migration\n",
                "  - id: p{i}\n    title: P{i}\n    parent: p{j}\n    due: migration\n",
            );
            write(&content.join("parents.yaml"), y);
        }),
        case("symlinks-out-of-the-project", symlinks, |s| {
            let content = base(s);
            let secret = outside_marker(s);
            symlink(&secret, &content.join("evil.yaml"));
            symlink(&s.join("outside/dir"), &content.join("linkdir"));
            symlink(
                Path::new("../../outside/dir/inner.md"),
                &content.join("relative.md"),
            );
            symlink(Path::new("/etc/passwd"), &content.join("passwd.md"));
            symlink(Path::new("/dev/zero"), &content.join("zero.yaml"));
            symlink(Path::new("/proc/self/environ"), &content.join("environ.md"));
            symlink(Path::new("."), &content.join("loop"));
            symlink(Path::new("nowhere.yaml"), &content.join("dangling.yaml"));
        }),
        case(
            "symlink-theme-out-of-the-project",
            expect(1, &["theme"]),
            |s| {
                let content = base(s);
                outside_marker(s);
                write(
                    &s.join("outside/theme/templates/base.html"),
                    "OUTSIDE-MARKER",
                );
                fs::create_dir_all(s.join("project/themes")).unwrap();
                symlink(&s.join("outside/theme"), &s.join("project/themes/evil"));
                let plan = fs::read_to_string(content.join("plan.yaml")).unwrap();
                write(
                    &content.join("plan.yaml"),
                    plan.replace("strategy: big-bang", "strategy: big-bang\n  theme: evil"),
                );
            },
        ),
        case(
            "symlink-in-theme-out-of-the-project",
            expect(1, &["theme"]),
            |s| {
                let content = base(s);
                write(&s.join("outside/style.css"), "OUTSIDE-MARKER");
                fs::create_dir_all(s.join("project/themes/mine/static")).unwrap();
                symlink(
                    &s.join("outside/style.css"),
                    &s.join("project/themes/mine/static/style.css"),
                );
                let plan = fs::read_to_string(content.join("plan.yaml")).unwrap();
                write(
                    &content.join("plan.yaml"),
                    plan.replace("strategy: big-bang", "strategy: big-bang\n  theme: mine"),
                );
            },
        ),
        case("symlink-output-version-folder", latest.clone(), |s| {
            base(s);
            write(&s.join("outside/victim/keep.txt"), "keep");
            fs::create_dir_all(s.join("project/output")).unwrap();
            symlink(&s.join("outside/victim"), &s.join("project/output/1.0.0"));
            symlink(
                &s.join("outside/index.html"),
                &s.join("project/output/index.html"),
            );
            write(&s.join("outside/index.html"), "keep");
        }),
        case("symlink-output-latest", latest, |s| {
            base(s);
            write(&s.join("outside/victim/keep.txt"), "keep");
            fs::create_dir_all(s.join("project/output")).unwrap();
            symlink(&s.join("outside/victim"), &s.join("project/output/latest"));
        }),
        case("fifo-in-content", fifo, |s| {
            let content = base(s);
            let path = content.join("evil.yaml");
            let ok = Command::new("mkfifo")
                .arg(&path)
                .status()
                .is_ok_and(|st| st.success());
            assert!(ok, "mkfifo failed");
        }),
    ]
}

// ---------------------------------------------------------------------------
// Running a case

/// Path -> (size, modified) of every file and link under `dir`, except
/// `skip` (the project's `output/`).
fn snapshot(dir: &Path, skip: &Path) -> BTreeMap<PathBuf, (u64, Option<SystemTime>)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p == skip {
                continue;
            }
            let Ok(meta) = fs::symlink_metadata(&p) else {
                continue;
            };
            if meta.is_dir() {
                // A folder's own size and time change when output/ appears.
                stack.push(p.clone());
                out.insert(p, (0, None));
            } else {
                out.insert(p, (meta.len(), meta.modified().ok()));
            }
        }
    }
    out
}

struct Run {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
}

fn run(args: &[&str], timeout: Duration) -> Run {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_migplan"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run migplan");
    // Read stderr on a thread so that a chatty child never blocks.
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = pipe.read_to_end(&mut s);
        String::from_utf8_lossy(&s).into_owned()
    });
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let stderr = if code.is_some() {
        reader.join().unwrap_or_default()
    } else {
        String::from("(killed)")
    };
    Run {
        code,
        stderr,
        elapsed,
    }
}

/// Runs `check` and `build` on one case; returns the problems found.
fn run_case(c: &Case, scratch: &Path) -> Vec<String> {
    let sandbox = scratch.join(&c.name);
    let _ = fs::remove_dir_all(&sandbox);
    fs::create_dir_all(&sandbox).unwrap();
    (c.setup)(&sandbox);
    let root = sandbox.join("project");
    let output = root.join("output");
    let before = snapshot(&sandbox, &output);
    let output_before = snapshot(&output, Path::new(""));
    let timeout = if c.expect.known_bug.is_some() {
        KNOWN_BUG_TIMEOUT
    } else {
        TIMEOUT
    };
    let root_arg = root.to_str().unwrap();
    let mut problems = Vec::new();

    let commands: &[&str] = if c.expect.check_only {
        &["check"]
    } else {
        &["check", "build"]
    };
    for &cmd in commands {
        let r = run(&[cmd, "--root", root_arg, "--as-of", AS_OF], timeout);
        let what = format!("`migplan {cmd}`");
        let Some(code) = r.code else {
            problems.push(format!("{what} did not finish in {:?} (a hang?)", timeout));
            continue;
        };
        if code == 101 || r.stderr.contains("panicked") {
            problems.push(format!("{what} panicked:\n{}", r.stderr));
            continue;
        }
        let want = if cmd == "check" {
            c.expect.check_exit.unwrap_or(c.expect.exit)
        } else {
            c.expect.exit
        };
        if code != want {
            problems.push(format!(
                "{what} exited {code}, expected {want}:\n{}",
                clip(&r.stderr)
            ));
        }
        if cmd == "build" || c.expect.check_only {
            for s in &c.expect.stderr {
                if !r.stderr.contains(s.as_str()) {
                    problems.push(format!("{what} stderr lacks {s:?}:\n{}", clip(&r.stderr)));
                }
            }
        }
        if c.expect.no_raw_control
            && let Some(ch) = r
                .stderr
                .chars()
                .find(|ch| ch.is_control() && *ch != '\n' && *ch != '\t')
        {
            problems.push(format!(
                "{what} printed a raw control character {ch:?} to the terminal"
            ));
        }
        if r.elapsed > Duration::from_secs(20) {
            eprintln!(
                "note: {}: {what} took {:.1} s",
                c.name,
                r.elapsed.as_secs_f64()
            );
        }
        if cmd == "check" && snapshot(&output, Path::new("")) != output_before {
            problems.push("`migplan check` wrote to output/".into());
        }
        if cmd == "build" && code != 0 && snapshot(&output, Path::new("")) != output_before {
            problems.push("a failed `migplan build` changed output/".into());
        }
        if snapshot(&sandbox, &output) != before {
            problems.push(format!(
                "{what} wrote outside output/ (the project or its neighbours changed)"
            ));
        }
    }
    if c.expect.inert || !c.expect.no_href.is_empty() {
        problems.extend(check_html(&output, &c.expect));
    }
    if problems.is_empty() {
        let _ = fs::remove_dir_all(&sandbox);
    }
    problems
}

fn clip(s: &str) -> String {
    match s.char_indices().nth(3000) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}

/// Every page under `output/` is inert; no link contains `no_href`.
fn check_html(output: &Path, e: &Expect) -> Vec<String> {
    let mut problems = Vec::new();
    let mut pages = 0;
    for (path, _) in snapshot(output, Path::new("")) {
        if path.extension().is_none_or(|x| x != "html") || path.is_dir() {
            continue;
        }
        pages += 1;
        let html = fs::read_to_string(&path).unwrap();
        if let Some(why) = harness::unsafe_html(&html) {
            problems.push(format!("{} is not inert: {why}", path.display()));
        }
        for needle in &e.no_href {
            for attr in ["href=\"", "src=\""] {
                for (i, _) in html.match_indices(attr) {
                    let value = html[i + attr.len()..].split('"').next().unwrap_or("");
                    if value.contains(needle.as_str()) {
                        problems.push(format!(
                            "{}: {attr}{value}\" contains {needle:?}",
                            path.display()
                        ));
                    }
                }
            }
        }
        if html.contains("OUTSIDE-MARKER") {
            problems.push(format!(
                "{} shows a file from outside the project",
                path.display()
            ));
        }
    }
    if pages == 0 {
        problems.push("no HTML page was built".into());
    }
    problems
}

#[test]
fn hostile_plans_fail_cleanly_and_build_inert_html() {
    let mut cases = committed();
    cases.extend(generated());
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(cases.len() >= 30, "only {} hostile cases", cases.len());
    let scratch = std::env::temp_dir().join(format!("migplan-hostile-{}", std::process::id()));
    let _ = fs::remove_dir_all(&scratch);
    let strict = std::env::var_os("MIGPLAN_HOSTILE_STRICT").is_some();
    let only = std::env::var("MIGPLAN_HOSTILE_CASE").ok();

    let failures = Mutex::new(Vec::new());
    let next = Mutex::new(
        cases
            .iter()
            .filter(|c| only.as_ref().is_none_or(|o| c.name.contains(o.as_str()))),
    );
    std::thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| {
                loop {
                    let Some(c) = next.lock().unwrap().next() else {
                        break;
                    };
                    let problems = run_case(c, &scratch);
                    if problems.is_empty() {
                        if let Some(bug) = &c.expect.known_bug {
                            eprintln!(
                                "note: {}: passes now; remove its known-bug mark ({bug})",
                                c.name
                            );
                        }
                        continue;
                    }
                    let report = format!("--- {}\n{}", c.name, problems.join("\n"));
                    match &c.expect.known_bug {
                        Some(bug) if !strict => eprintln!("known bug, not fatal: {bug}\n{report}"),
                        _ => failures.lock().unwrap().push(report),
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    if failures.is_empty() {
        let _ = fs::remove_dir_all(&scratch);
    }
    assert!(
        failures.is_empty(),
        "{} hostile case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Fuzz regressions

/// Every input under `fuzz/regressions/<target>/` (saved crashes, and a few
/// inputs worth keeping) runs through its fuzz harness without panicking.
#[test]
fn fuzz_regressions_do_not_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut ran = 0;
    let mut failures = Vec::new();
    for (target, harness_fn) in harness::TARGETS {
        let Ok(entries) = fs::read_dir(dir.join(target)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            if f.extension()
                .is_some_and(|e| e == "md" && f.file_name().unwrap() == "README.md")
            {
                continue;
            }
            let data = fs::read(&f).unwrap();
            ran += 1;
            if std::panic::catch_unwind(|| harness_fn(&data)).is_err() {
                failures.push(f.display().to_string());
            }
        }
    }
    assert!(
        failures.is_empty(),
        "fuzz regressions panic again:\n{}",
        failures.join("\n")
    );
    eprintln!("replayed {ran} fuzz regression inputs");
}

#[test]
fn html_checker_catches_what_it_must() {
    // The checker itself, on known-bad and known-good snippets.
    for bad in [
        "<script>x</script>",
        "<SCRIPT SRC=x>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">",
        "<a href=\"&#106;avascript:alert(1)\">",
        "<a href=\"java&#x09;script:alert(1)\">",
        "<a href=' JaVaScRiPt:x'>",
        "<img src=\"data:image/svg+xml;base64,x\">",
        "<iframe src=x>",
        "<svg onload=alert(1)>",
        "<div style=\"width:expression(alert(1))\">",
        "<form action=x>",
    ] {
        assert!(harness::unsafe_html(bad).is_some(), "missed {bad}");
    }
    for good in [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        "<a href=\"https://example.org/?q=javascript:\">x</a>",
        "<p title=\"onerror=x\">javascript:alert(1) is text</p>",
        "<link rel=\"stylesheet\" href=\"assets/style.css\">",
        "<svg viewBox=\"0 0 10 10\"><rect width=\"1\" height=\"1\"/></svg>",
    ] {
        assert_eq!(harness::unsafe_html(good), None, "false alarm on {good}");
    }
}
