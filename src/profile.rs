//! Stage timings (`--profile` or `MIGPLAN_PROFILE=1`): each stage of the
//! pipeline wraps its work in [`stage`]; when profiling is on, the command
//! line prints the table at the end. Off by default, and then free but for
//! one atomic load per stage.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static ON: AtomicBool = AtomicBool::new(false);
/// (stage, wall time, CPU time of the thread that ran it).
static TIMES: Mutex<Vec<(&'static str, Duration, Duration)>> = Mutex::new(Vec::new());

static STARTED: Mutex<Option<Instant>> = Mutex::new(None);

/// Turns recording on (for the rest of the process).
pub fn enable() {
    ON.store(true, Ordering::Relaxed);
    if let Ok(mut s) = STARTED.lock() {
        s.get_or_insert_with(Instant::now);
    }
}

pub fn enabled() -> bool {
    ON.load(Ordering::Relaxed)
}

/// Runs `f`, recording how long it took as `name` when profiling is on.
pub fn stage<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let started = Started::now();
    let out = f();
    started.record(name);
    out
}

/// A stage timed from here to [`Started::record`], for work that is not
/// one closure (a loop that returns early with `?`).
pub struct Started {
    wall: Instant,
    cpu: Duration,
}

impl Started {
    pub fn now() -> Started {
        Started {
            wall: Instant::now(),
            cpu: if enabled() {
                thread_cpu()
            } else {
                Duration::ZERO
            },
        }
    }

    /// Records the time since [`Started::now`] as `name` (on the same
    /// thread), when profiling is on.
    pub fn record(self, name: &'static str) {
        if !enabled() {
            return;
        }
        let cpu = thread_cpu().saturating_sub(self.cpu);
        if let Ok(mut times) = TIMES.lock() {
            times.push((name, self.wall.elapsed(), cpu));
        }
    }
}

/// CPU time the calling thread has used so far (not counting helper
/// threads it started): on a machine busy with other work, wall times
/// stretch but this does not.
fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid, writable timespec for the call's duration.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    if ok {
        Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
    } else {
        Duration::ZERO
    }
}

/// The recorded stages as a table (stage, wall milliseconds, CPU
/// milliseconds of the stage's own thread), in the order they ended;
/// stages that ran on another thread at the same time overlap, and work a
/// stage hands to helper threads (krilla's page compression, parallel
/// parsing) is in its wall time only.
pub fn report() -> String {
    let times = TIMES.lock().map(|t| t.clone()).unwrap_or_default();
    let mut out = String::from("stage                      wall ms    cpu ms\n");
    for (name, wall, cpu) in &times {
        out.push_str(&format!(
            "{name:<24} {:>9.1} {:>9.1}\n",
            wall.as_secs_f64() * 1e3,
            cpu.as_secs_f64() * 1e3
        ));
    }
    // The whole process: every thread's CPU time and the peak memory.
    // SAFETY: an all-zero rusage is valid; getrusage only writes into it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0 {
        let ms = |t: libc::timeval| t.tv_sec as f64 * 1e3 + t.tv_usec as f64 / 1e3;
        let wall = STARTED
            .lock()
            .ok()
            .and_then(|s| *s)
            .map_or(0.0, |s| s.elapsed().as_secs_f64() * 1e3);
        out.push_str(&format!(
            "{:<24} {wall:>9.1} {:>9.1}   peak memory {:.1} MB\n",
            "whole run (all threads)",
            ms(usage.ru_utime) + ms(usage.ru_stime),
            usage.ru_maxrss as f64 / 1024.0
        ));
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
