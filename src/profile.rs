//! Stage timings (`--profile` or `MIGPLAN_PROFILE=1`): each stage of the
//! pipeline wraps its work in [`stage`]; when profiling is on, the command
//! line prints the table at the end. Off by default, and then free but for
//! one atomic load per stage.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static ON: AtomicBool = AtomicBool::new(false);
static TIMES: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

/// Turns recording on (for the rest of the process).
pub fn enable() {
    ON.store(true, Ordering::Relaxed);
}

pub fn enabled() -> bool {
    ON.load(Ordering::Relaxed)
}

/// Runs `f`, recording how long it took as `name` when profiling is on.
pub fn stage<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let out = f();
    if let Ok(mut times) = TIMES.lock() {
        times.push((name, start.elapsed()));
    }
    out
}

/// The recorded stages as a table (stage, milliseconds), in the order they
/// ended; stages that ran on another thread at the same time overlap.
pub fn report() -> String {
    let times = TIMES.lock().map(|t| t.clone()).unwrap_or_default();
    let mut out = String::from("stage                         ms\n");
    for (name, d) in &times {
        out.push_str(&format!("{name:<24} {:>9.1}\n", d.as_secs_f64() * 1e3));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn records_only_when_enabled() {
        assert_eq!(super::stage("off", || 1), 1);
        super::enable();
        assert_eq!(super::stage("on", || 2), 2);
        let r = super::report();
        assert!(r.contains("on ") && !r.contains("off"), "{r}");
    }
}
