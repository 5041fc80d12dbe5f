//! Runbook time arithmetic: a start (local wall-clock time), the steps'
//! durations, `after` links and `not_before` waits, and a time zone ->
//! each step's start and end to the minute, and the critical path.
//!
//! Pure and small on purpose: the rest of the schedule works in dates on
//! the working calendar; this is the one place that works in instants.
//! Durations are elapsed time, so the arithmetic is done on UTC instants
//! and shown as local time: 22:00 + 5h on the night clocks spring forward
//! ends at 04:00 local.

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// One step as the arithmetic sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepIn {
    pub minutes: i64,
    /// Indices of earlier steps it waits for.
    pub after: Vec<usize>,
    /// Local wall-clock time it may not start before.
    pub not_before: Option<NaiveDateTime>,
}

/// One step's computed times (UTC instants).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepOut {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// On the critical path: a step whose end the runbook's end waits on.
    pub critical: bool,
    /// It started at its `not_before` (a wait), not when its steps ended.
    pub waited: bool,
}

/// A local wall-clock time that does not exist in the time zone (the hour
/// clocks skip when they spring forward).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nonexistent(pub NaiveDateTime);

/// Local wall-clock time -> the instant. A time that occurs twice (the
/// hour repeated when clocks fall back) means the first.
pub fn to_instant(tz: Tz, local: NaiveDateTime) -> Result<DateTime<Utc>, Nonexistent> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(Nonexistent(local)),
    }
}

/// The instant as local wall-clock time.
pub fn to_local(tz: Tz, t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&tz).naive_local()
}

/// Each step starts at the latest of `start`, the end of every step in its
/// `after` and its `not_before`. `after` must name earlier steps only
/// (validation makes sure; later ones are ignored here).
pub fn times(tz: Tz, start: NaiveDateTime, steps: &[StepIn]) -> Result<Vec<StepOut>, Nonexistent> {
    let start = to_instant(tz, start)?;
    let mut out: Vec<StepOut> = Vec::with_capacity(steps.len());
    for (i, s) in steps.iter().enumerate() {
        let ends = s.after.iter().filter(|&&a| a < i).map(|&a| out[a].end);
        let nb = s.not_before.map(|nb| to_instant(tz, nb)).transpose()?;
        out.push(step(start, ends, nb, s.minutes));
    }
    mark_critical(steps, &mut out);
    Ok(out)
}

/// One step's times: it starts at the latest of the runbook's `start`, the
/// `ends` of the steps it comes after and its `not_before`, and runs
/// `minutes` of elapsed time. (Not yet marked critical.) The date graph
/// times planned steps with this too, one step at a time.
pub fn step(
    start: DateTime<Utc>,
    ends: impl IntoIterator<Item = DateTime<Utc>>,
    not_before: Option<DateTime<Utc>>,
    minutes: i64,
) -> StepOut {
    let begin = ends.into_iter().fold(start, DateTime::max);
    let (begin, waited) = match not_before {
        Some(nb) if nb > begin => (nb, true),
        _ => (begin, false),
    };
    StepOut {
        start: begin,
        end: begin + Duration::minutes(minutes),
        critical: false,
        waited,
    }
}

/// The steps that end last are critical; so, walking back, is every step
/// in a critical step's `after` whose end is that step's start (the one it
/// waited for). A `not_before` wait breaks the chain: nothing before it
/// could make it earlier.
pub fn mark_critical(steps: &[StepIn], out: &mut [StepOut]) {
    let Some(end) = out.iter().map(|s| s.end).max() else {
        return;
    };
    for i in (0..out.len()).rev() {
        if out[i].end == end {
            out[i].critical = true;
        }
        if !out[i].critical || out[i].waited {
            continue;
        }
        for &a in steps[i].after.iter().filter(|&&a| a < i) {
            if out[a].end == out[i].start {
                out[a].critical = true;
            }
        }
    }
}

/// The default `after` (the previous step) applied: step `i` waits for
/// `i - 1` unless it names its own.
pub fn default_after(i: usize, written: Option<Vec<usize>>) -> Vec<usize> {
    written.unwrap_or_else(|| if i == 0 { Vec::new() } else { vec![i - 1] })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    fn step(minutes: i64, i: usize, after: Option<Vec<usize>>) -> StepIn {
        StepIn {
            minutes,
            after: default_after(i, after),
            not_before: None,
        }
    }

    fn local(tz: Tz, out: &[StepOut]) -> Vec<(NaiveDateTime, NaiveDateTime)> {
        out.iter()
            .map(|s| (to_local(tz, s.start), to_local(tz, s.end)))
            .collect()
    }

    #[test]
    fn steps_follow_each_other_and_after_takes_the_latest() {
        let tz: Tz = "Europe/London".parse().unwrap();
        // Fri 15 Jan 2027 18:00: stop 30m, backup 2h, gate 15m (after
        // stop only), convert after backup and gate.
        let steps = [
            step(30, 0, None),
            step(120, 1, None),
            step(15, 2, Some(vec![0])),
            step(14 * 60, 3, Some(vec![1, 2])),
        ];
        let out = times(tz, at(2027, 1, 15, 18, 0), &steps).unwrap();
        assert_eq!(
            local(tz, &out),
            [
                (at(2027, 1, 15, 18, 0), at(2027, 1, 15, 18, 30)),
                (at(2027, 1, 15, 18, 30), at(2027, 1, 15, 20, 30)),
                (at(2027, 1, 15, 18, 30), at(2027, 1, 15, 18, 45)),
                (at(2027, 1, 15, 20, 30), at(2027, 1, 16, 10, 30)),
            ]
        );
        let critical: Vec<bool> = out.iter().map(|s| s.critical).collect();
        assert_eq!(critical, [true, true, false, true]);
    }

    #[test]
    fn not_before_makes_a_step_wait_and_cuts_the_critical_path() {
        let tz: Tz = "America/Chicago".parse().unwrap();
        // Backup 18:00-20:00; convert may not start before 06:00 next day.
        let mut convert = step(8 * 60, 1, None);
        convert.not_before = Some(at(2027, 1, 16, 6, 0));
        let steps = [step(120, 0, None), convert, step(60, 2, None)];
        let out = times(tz, at(2027, 1, 15, 18, 0), &steps).unwrap();
        assert_eq!(
            local(tz, &out)[1..],
            [
                (at(2027, 1, 16, 6, 0), at(2027, 1, 16, 14, 0)),
                (at(2027, 1, 16, 14, 0), at(2027, 1, 16, 15, 0)),
            ]
        );
        assert!(out[1].waited);
        let critical: Vec<bool> = out.iter().map(|s| s.critical).collect();
        assert_eq!(critical, [false, true, true]);
        // A not_before already passed changes nothing.
        let mut early = step(60, 1, None);
        early.not_before = Some(at(2027, 1, 15, 12, 0));
        let out = times(tz, at(2027, 1, 15, 18, 0), &[step(120, 0, None), early]).unwrap();
        assert_eq!(to_local(tz, out[1].start), at(2027, 1, 15, 20, 0));
        assert!(!out[1].waited);
    }

    #[test]
    fn elapsed_time_across_spring_forward_ends_an_hour_later_on_the_clock() {
        // Chicago springs forward on Sun 14 Mar 2027 at 02:00 -> 03:00.
        let tz: Tz = "America/Chicago".parse().unwrap();
        let out = times(tz, at(2027, 3, 13, 22, 0), &[step(5 * 60, 0, None)]).unwrap();
        assert_eq!(to_local(tz, out[0].end), at(2027, 3, 14, 4, 0));
        // 22:00 CST is 04:00 UTC; 5 hours later is 09:00 UTC.
        assert_eq!(out[0].end.to_rfc3339(), "2027-03-14T09:00:00+00:00");
    }

    #[test]
    fn a_wall_clock_time_skipped_by_the_clocks_is_refused() {
        let tz: Tz = "America/Chicago".parse().unwrap();
        let gap = at(2027, 3, 14, 2, 30);
        assert_eq!(times(tz, gap, &[]), Err(Nonexistent(gap)));
        let mut s = step(60, 0, None);
        s.not_before = Some(gap);
        assert_eq!(
            times(tz, at(2027, 3, 13, 22, 0), &[s]),
            Err(Nonexistent(gap))
        );
    }

    #[test]
    fn a_wall_clock_time_that_occurs_twice_means_the_first() {
        // Chicago falls back on Sun 7 Nov 2027 at 02:00 -> 01:00: 01:30
        // happens at 06:30 UTC (CDT) and again at 07:30 UTC (CST).
        let tz: Tz = "America/Chicago".parse().unwrap();
        let t = to_instant(tz, at(2027, 11, 7, 1, 30)).unwrap();
        assert_eq!(t.to_rfc3339(), "2027-11-07T06:30:00+00:00");
        // 00:30 + 2h elapsed is 01:30 the second time.
        let out = times(tz, at(2027, 11, 7, 0, 30), &[step(120, 0, None)]).unwrap();
        assert_eq!(to_local(tz, out[0].end), at(2027, 11, 7, 1, 30));
        assert_eq!(out[0].end.to_rfc3339(), "2027-11-07T07:30:00+00:00");
    }
}
