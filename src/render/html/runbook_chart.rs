//! A runbook's steps -> an hour-scale chart (the Gantt chart of the
//! cutover): one bar per step, numbered as in the table below it, hour
//! ticks chosen from the runbook's length, gates and the point of no
//! return marked. Drawn as an SVG that scales to any width.

use chrono::{DateTime, Duration, Timelike, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::schedule::RunbookTimes;

/// Width of the drawing (its viewBox; the page scales it).
const WIDTH: f64 = 960.0;
const LEFT: f64 = 36.0;
const ROW: f64 = 22.0;
const AXIS: f64 = 28.0;

#[derive(Debug, Clone, Serialize)]
pub struct RunbookChart {
    pub width: f64,
    pub height: f64,
    pub axis_height: f64,
    /// Hour ticks (local wall-clock time).
    pub ticks: Vec<Tick>,
    pub bars: Vec<ChartBar>,
    /// "Hours 18:00 Fri to 07:00 Mon, one tick every 3 hours".
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tick {
    pub x: f64,
    pub label: String,
    /// Midnight: the tick also names the day.
    pub day: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartBar {
    /// 1-based, as numbered in the table.
    pub number: usize,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub kind: String,
    pub critical: bool,
}

/// The chart of `t` (steps only; the rollback has its own table).
pub fn build(t: &RunbookTimes, kinds: &[String]) -> RunbookChart {
    let tz: Tz = t.timezone.parse().unwrap_or(chrono_tz::UTC);
    let start = t.start_utc;
    let minutes = (t.end_utc - start).num_minutes().max(1) as f64;
    let scale = (WIDTH - LEFT - 8.0) / minutes;
    let x_of = |at: DateTime<Utc>| LEFT + (at - start).num_minutes() as f64 * scale;
    let hours = minutes / 60.0;
    // The same tick spacing as the Gantt chart's hour scale.
    let step_h = crate::render::gantt::scale::hour_step(hours);
    let mut ticks = Vec::new();
    // The first whole local hour at or after the start that is a multiple
    // of the step.
    let mut at = start;
    let local = at.with_timezone(&tz);
    let skip = (60 - i64::from(local.minute())) % 60;
    at += Duration::minutes(skip);
    while at <= t.end_utc {
        let l = at.with_timezone(&tz);
        if i64::from(l.hour()) % step_h == 0 {
            ticks.push(Tick {
                x: x_of(at),
                label: l.format("%H:%M").to_string(),
                day: (l.hour() == 0).then(|| l.format("%a %-d %b").to_string()),
            });
        }
        at += Duration::hours(1);
    }
    let bars: Vec<ChartBar> = t
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| ChartBar {
            number: i + 1,
            x: x_of(s.start_utc),
            y: AXIS + i as f64 * ROW + 4.0,
            w: ((s.end_utc - s.start_utc).num_minutes() as f64 * scale).max(3.0),
            kind: kinds.get(i).cloned().unwrap_or_else(|| "step".into()),
            critical: s.critical,
        })
        .collect();
    RunbookChart {
        width: WIDTH,
        height: AXIS + t.steps.len() as f64 * ROW + 8.0,
        axis_height: AXIS,
        summary: format!(
            "{} steps from {} to {} ({}), one tick every {step_h} hour{}",
            t.steps.len(),
            t.start.format("%a %-d %b %H:%M"),
            t.end.format("%a %-d %b %H:%M"),
            t.timezone,
            if step_h == 1 { "" } else { "s" }
        ),
        ticks,
        bars,
    }
}
