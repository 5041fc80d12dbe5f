//! A short fuzz smoke run that needs neither nightly flags nor cargo-fuzz:
//! every target's harness (`src/harness.rs`, the same code the libFuzzer
//! targets run) is fed random mutations of its seeds and saved regressions
//! for a fixed time, in an ordinary (debug, so overflow-checked) test build.
//!
//! It is blind (no coverage feedback), so it is no substitute for a real
//! `cargo fuzz run` (docs/testing.md); it catches what mutations close to
//! the seeds break, in a minute of CI.
//!
//! ```sh
//! cd fuzz && cargo test --test smoke                              # 3 s per target
//! MIGPLAN_FUZZ_SECONDS=30 cargo test --test smoke -- --nocapture  # CI
//! MIGPLAN_FUZZ_SEED=1234 ...                                      # replay a run
//! ```
//!
//! A panic (or an input that runs longer than `MIGPLAN_FUZZ_TIMEOUT`
//! seconds, default 60) is saved as `artifacts/<target>/smoke-<hash>` and
//! fails the test; reproduce and shrink it like a libFuzzer crash, then keep
//! it in `regressions/<target>/`.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// The longest input tried (libFuzzer's `-max_len`).
const MAX_LEN: usize = 16 * 1024;

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Words worth inserting: the when-rule language, YAML and Markdown syntax,
/// template expressions, odd numbers and characters.
const TOKENS: &[&str] = &[
    " before ",
    " after ",
    " day",
    " days",
    " business days",
    " working days",
    " calendar days",
    " weeks",
    " month",
    " months",
    " at 23:59",
    " at 24:00",
    "migration",
    "go-live",
    "2026-02-29",
    "2027-01-16",
    "9999-12-31",
    "0",
    "-1",
    "255",
    "65536",
    "2147483648",
    "18446744073709551616",
    "99999999999999999999",
    "\u{a0}",
    "\u{2003}",
    "\u{200b}",
    "\u{202e}",
    "é",
    "\u{1F600}",
    "\n",
    "\r\n",
    "\t",
    ": ",
    "- ",
    "  ",
    "---\n",
    "&a ",
    "*a",
    "!!binary ",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    "|\n",
    ">\n",
    "#",
    "<script>",
    "<img src=x onerror=alert(1)>",
    "javascript:",
    "[x](javascript:alert(1))",
    "![x](data:text/html,x)",
    "<a href=\"",
    "`",
    "```\n",
    "**",
    "{{ ",
    " }}",
    "{{ date(of=\"migration\") }}",
    "{% ",
    " %}",
    "\\",
    "%",
    "&#x6a;",
    "\0",
];

fn mutate(rng: &mut Rng, input: &[u8], pool: &[Vec<u8>]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = v.len();
        match rng.below(9) {
            // Flip a bit.
            0 if len > 0 => {
                let i = rng.below(len);
                v[i] ^= 1 << rng.below(8);
            }
            // Set a byte.
            1 if len > 0 => {
                let i = rng.below(len);
                v[i] = rng.next() as u8;
            }
            // Insert a byte.
            2 => {
                let i = rng.below(len + 1);
                v.insert(i, rng.next() as u8);
            }
            // Delete a range.
            3 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(32));
                v.drain(i..i + n);
            }
            // Duplicate a range.
            4 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(64));
                let chunk = v[i..i + n].to_vec();
                let at = rng.below(len + 1);
                v.splice(at..at, chunk);
            }
            // Splice in part of another input.
            5 if !pool.is_empty() => {
                let other = &pool[rng.below(pool.len())];
                if !other.is_empty() {
                    let i = rng.below(other.len());
                    let n = 1 + rng.below((other.len() - i).min(128));
                    let at = rng.below(len + 1);
                    v.splice(at..at, other[i..i + n].iter().copied());
                }
            }
            // Replace a run of digits with an odd number.
            6 => {
                if let Some(start) = (0..len)
                    .map(|k| (k + rng.below(len.max(1))) % len.max(1))
                    .find(|&k| v.get(k).is_some_and(u8::is_ascii_digit))
                {
                    let end = (start..len)
                        .find(|&k| !v[k].is_ascii_digit())
                        .unwrap_or(len);
                    let t = ["0", "00", "366", "4294967296", "99999999999999999999"];
                    v.splice(start..end, t[rng.below(t.len())].bytes());
                }
            }
            // Truncate.
            7 if len > 1 => v.truncate(rng.below(len)),
            // Insert a token.
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())];
                let at = rng.below(len + 1);
                v.splice(at..at, t.bytes());
            }
        }
    }
    v.truncate(MAX_LEN);
    v
}

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = ["seeds", "regressions"]
        .iter()
        .filter_map(|d| fs::read_dir(root.join(d).join(target)).ok())
        .flat_map(|r| r.flatten().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files.iter().map(|p| fs::read(p).unwrap()).collect()
}

fn save(target: &str, kind: &str, data: &[u8]) -> PathBuf {
    let mut h = DefaultHasher::new();
    data.hash(&mut h);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("artifacts")
        .join(target);
    let _ = fs::create_dir_all(&dir);
    let path = dir.join(format!("smoke-{kind}-{:016x}", h.finish()));
    let _ = fs::write(&path, data);
    path
}

fn shown(data: &[u8]) -> String {
    let s = format!("{:?}", String::from_utf8_lossy(data));
    match s.char_indices().nth(2000) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s,
    }
}

#[test]
fn fuzz_smoke() {
    let seconds = env_u64("MIGPLAN_FUZZ_SECONDS").unwrap_or(3);
    let timeout = env_u64("MIGPLAN_FUZZ_TIMEOUT").unwrap_or(60);
    let seed = env_u64("MIGPLAN_FUZZ_SEED").unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    eprintln!(
        "fuzz smoke: {seconds} s per target, seed {seed} (MIGPLAN_FUZZ_SEED={seed} replays it)"
    );
    // Panics are expected to be caught: keep their messages, not the noise.
    let last_panic = Arc::new(Mutex::new(String::new()));
    {
        let last_panic = Arc::clone(&last_panic);
        std::panic::set_hook(Box::new(move |info| {
            *last_panic.lock().unwrap() = info.to_string();
        }));
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let targets = Mutex::new(migplan_fuzz::TARGETS.iter().enumerate());
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let Some((k, (target, harness))) = targets.lock().unwrap().next() else {
                        break;
                    };
                    if let Some(f) = fuzz_one(
                        target,
                        *harness,
                        seed.wrapping_add(k as u64),
                        Duration::from_secs(seconds),
                        Duration::from_secs(timeout),
                        &last_panic,
                    ) {
                        failures.lock().unwrap().push(f);
                    }
                }
            });
        }
    });
    let _ = std::panic::take_hook();
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "fuzz smoke found {} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Fuzzes one target for `budget`; returns the first failure.
fn fuzz_one(
    target: &str,
    harness: fn(&[u8]),
    seed: u64,
    budget: Duration,
    timeout: Duration,
    last_panic: &Mutex<String>,
) -> Option<String> {
    let seeds = corpus(target);
    assert!(!seeds.is_empty(), "{target}: no seeds");
    let mut pool = seeds.clone();
    let mut rng = Rng(seed);
    // A watchdog: an input that runs too long is saved and ends the run
    // (a hung harness cannot be interrupted from inside).
    let current = Arc::new(Mutex::new(Vec::new()));
    let started_at = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicU64::new(0));
    let epoch = Instant::now();
    let watchdog = {
        let (current, started_at, done) = (current.clone(), started_at.clone(), done.clone());
        let target = target.to_string();
        std::thread::spawn(move || {
            while done.load(Ordering::Relaxed) == 0 {
                std::thread::sleep(Duration::from_millis(200));
                let since = started_at.load(Ordering::Relaxed);
                let now = epoch.elapsed().as_millis() as u64;
                if since > 0 && now.saturating_sub(since) > timeout.as_millis() as u64 {
                    let data = current.lock().unwrap().clone();
                    let path = save(&target, "timeout", &data);
                    eprintln!(
                        "fuzz smoke: {target}: an input ran longer than {timeout:?}, saved as {}: {}",
                        path.display(),
                        shown(&data)
                    );
                    std::process::exit(1);
                }
            }
        })
    };
    let start = Instant::now();
    let mut runs = 0u64;
    let mut failure = None;
    while start.elapsed() < budget {
        // The seeds themselves first, then mutations.
        let input = if (runs as usize) < seeds.len() {
            seeds[runs as usize].clone()
        } else {
            let base = &pool[rng.below(pool.len())];
            mutate(&mut rng, base, &pool)
        };
        *current.lock().unwrap() = input.clone();
        started_at.store(epoch.elapsed().as_millis() as u64 + 1, Ordering::Relaxed);
        let result = std::panic::catch_unwind(|| harness(&input));
        started_at.store(0, Ordering::Relaxed);
        runs += 1;
        if result.is_err() {
            let path = save(target, "crash", &input);
            failure = Some(format!(
                "{target}: panicked: {}\n  input saved as {}: {}",
                last_panic.lock().unwrap(),
                path.display(),
                shown(&input)
            ));
            break;
        }
        // Keep some mutants, so that mutations can stack up.
        if rng.below(8) == 0 {
            if pool.len() < 4096 {
                pool.push(input);
            } else {
                let i = seeds.len() + rng.below(pool.len() - seeds.len());
                pool[i] = input;
            }
        }
    }
    done.store(1, Ordering::Relaxed);
    let _ = watchdog.join();
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "fuzz smoke: {target}: {runs} runs in {secs:.1} s ({:.0}/s), {} seeds, {}",
        runs as f64 / secs,
        seeds.len(),
        if failure.is_some() {
            "FAILED"
        } else {
            "no crash"
        }
    );
    failure
}
