//! The time scale of a chart, chosen from its span, and its axis ticks:
//! a major row (months, or days on an hour scale) over a minor row (weeks,
//! days or hours).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

/// The unit of the minor ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Every `n` hours (a cutover weekend).
    Hours(u32),
    Days,
    Weeks,
    Months,
}

/// Spans up to this many days get an hour scale.
const HOURS_UP_TO: i64 = 4;
/// ... a day scale.
const DAYS_UP_TO: i64 = 45;
/// ... a week scale; longer ones a month scale.
const WEEKS_UP_TO: i64 = 200;

impl Scale {
    /// The scale for a span: hours up to 4 days, days up to 45, weeks up to
    /// 200, months beyond.
    pub fn for_span(start: NaiveDateTime, end: NaiveDateTime) -> Scale {
        let minutes = (end - start).num_minutes().max(1);
        let days = (minutes + 1439) / 1440;
        if days <= HOURS_UP_TO {
            Scale::Hours(hour_step(minutes as f64 / 60.0) as u32)
        } else if days <= DAYS_UP_TO {
            Scale::Days
        } else if days <= WEEKS_UP_TO {
            Scale::Weeks
        } else {
            Scale::Months
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Scale::Hours(_) => "hours",
            Scale::Days => "days",
            Scale::Weeks => "weeks",
            Scale::Months => "months",
        }
    }

    /// "one column per week".
    pub fn describe(self) -> String {
        match self {
            Scale::Hours(1) => "one tick per hour".into(),
            Scale::Hours(n) => format!("one tick every {n} hours"),
            Scale::Days => "one tick per day".into(),
            Scale::Weeks => "one tick per week (Mondays)".into(),
            Scale::Months => "one tick per month".into(),
        }
    }

    /// Where a chart on this scale starts and ends, around the marks from
    /// `lo` to `hi`: whole hours, days, weeks or months with some air.
    pub fn frame(self, lo: NaiveDateTime, hi: NaiveDateTime) -> (NaiveDateTime, NaiveDateTime) {
        let midnight = |d: NaiveDate| d.and_time(NaiveTime::MIN);
        match self {
            Scale::Hours(_) => {
                let s = lo - Duration::minutes(30);
                let s = s.date().and_hms_opt(s.hour(), 0, 0).expect("valid time");
                let e = hi + Duration::minutes(89);
                let e = e.date().and_hms_opt(e.hour(), 0, 0).expect("valid time");
                (s, e)
            }
            Scale::Days => (
                midnight(lo.date() - Duration::days(1)),
                midnight(hi.date() + Duration::days(2)),
            ),
            Scale::Weeks => {
                let s = lo.date() - Duration::days(3);
                let s = s - Duration::days(s.weekday().num_days_from_monday() as i64);
                let e = hi.date() + Duration::days(3);
                let e = e + Duration::days(7 - e.weekday().num_days_from_monday() as i64);
                (midnight(s), midnight(e))
            }
            Scale::Months => {
                let s = lo.date() - Duration::days(3);
                let s = NaiveDate::from_ymd_opt(s.year(), s.month(), 1).expect("valid date");
                let e = hi.date() + Duration::days(3);
                let e = first_of_next_month(e);
                (midnight(s), midnight(e))
            }
        }
    }

    /// The axis: `(major, minor)` ticks between `start` and `end`.
    pub fn ticks(self, start: NaiveDateTime, end: NaiveDateTime) -> (Vec<Tick>, Vec<Tick>) {
        let mut major = Vec::new();
        let mut minor = Vec::new();
        match self {
            Scale::Hours(step) => {
                let mut d = start.date();
                while d.and_time(NaiveTime::MIN) < end {
                    major.push(Tick::new(
                        d.and_time(NaiveTime::MIN).max(start),
                        vec![
                            d.format("%A %-d %B").to_string(),
                            d.format("%a %-d %b").to_string(),
                            d.format("%-d %b").to_string(),
                        ],
                    ));
                    d += Duration::days(1);
                }
                let mut t = start.date().and_hms_opt(start.hour(), 0, 0).expect("hour");
                while t <= end {
                    if t >= start && t.hour().is_multiple_of(step.max(1)) {
                        minor.push(Tick::new(
                            t,
                            vec![t.format("%H:%M").to_string(), t.format("%H").to_string()],
                        ));
                    }
                    t += Duration::hours(1);
                }
            }
            Scale::Days | Scale::Weeks => {
                let mut m = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).expect("date");
                while m.and_time(NaiveTime::MIN) < end {
                    major.push(Tick::new(
                        m.and_time(NaiveTime::MIN).max(start),
                        vec![
                            m.format("%B %Y").to_string(),
                            m.format("%b %Y").to_string(),
                            m.format("%b").to_string(),
                        ],
                    ));
                    m = first_of_next_month(m);
                }
                let mut d = start.date();
                while d.and_time(NaiveTime::MIN) < end {
                    let at = d.and_time(NaiveTime::MIN);
                    if self == Scale::Days {
                        minor.push(Tick::new(
                            at,
                            vec![d.format("%a %-d").to_string(), d.format("%-d").to_string()],
                        ));
                    } else if d.weekday() == Weekday::Mon {
                        minor.push(Tick::new(at, vec![d.format("%-d").to_string()]));
                    }
                    d += Duration::days(1);
                }
            }
            Scale::Months => {
                let mut y = start.year();
                while NaiveDate::from_ymd_opt(y, 1, 1)
                    .expect("date")
                    .and_time(NaiveTime::MIN)
                    < end
                {
                    let at = NaiveDate::from_ymd_opt(y, 1, 1)
                        .expect("date")
                        .and_time(NaiveTime::MIN);
                    major.push(Tick::new(at.max(start), vec![y.to_string()]));
                    y += 1;
                }
                let mut m = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).expect("date");
                while m.and_time(NaiveTime::MIN) < end {
                    minor.push(Tick::new(
                        m.and_time(NaiveTime::MIN),
                        vec![
                            m.format("%b").to_string(),
                            m.format("%b").to_string()[..1].to_string(),
                        ],
                    ));
                    m = first_of_next_month(m);
                }
            }
        }
        (major, minor)
    }
}

/// Hours between ticks on an hour scale of `hours` hours: 1 up to 8
/// hours, then 2, 3, 6 and 12 (the runbook page's chart uses it too).
pub fn hour_step(hours: f64) -> i64 {
    match hours {
        h if h <= 8.0 => 1,
        h if h <= 24.0 => 2,
        h if h <= 48.0 => 3,
        h if h <= 96.0 => 6,
        _ => 12,
    }
}

/// A tick on the axis and its label (the layout drops labels it has no
/// room for).
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub at: NaiveDateTime,
    /// The label, then shorter forms to use when it does not fit.
    pub labels: Vec<String>,
}

impl Tick {
    fn new(at: NaiveDateTime, labels: Vec<String>) -> Tick {
        Tick { at, labels }
    }
}

pub fn first_of_next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).expect("valid date")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn the_span_chooses_the_scale() {
        assert!(matches!(
            Scale::for_span(at("2027-01-15 18:00"), at("2027-01-17 20:00")),
            Scale::Hours(_)
        ));
        assert_eq!(
            Scale::for_span(at("2027-01-01 00:00"), at("2027-01-30 00:00")),
            Scale::Days
        );
        assert_eq!(
            Scale::for_span(at("2026-10-01 00:00"), at("2027-02-01 00:00")),
            Scale::Weeks
        );
        assert_eq!(
            Scale::for_span(at("2026-01-01 00:00"), at("2027-06-01 00:00")),
            Scale::Months
        );
    }

    #[test]
    fn ticks_fall_inside_the_frame() {
        for (lo, hi) in [
            ("2027-01-15 18:00", "2027-01-17 20:00"),
            ("2027-01-01 00:00", "2027-01-30 00:00"),
            ("2026-10-01 00:00", "2027-02-01 00:00"),
            ("2026-01-01 00:00", "2027-06-01 00:00"),
        ] {
            let scale = Scale::for_span(at(lo), at(hi));
            let (s, e) = scale.frame(at(lo), at(hi));
            assert!(s <= at(lo) && e >= at(hi), "{scale:?} {s} {e}");
            let (major, minor) = scale.ticks(s, e);
            assert!(!major.is_empty() && !minor.is_empty(), "{scale:?}");
            for t in major.iter().chain(&minor) {
                assert!(t.at >= s && t.at <= e, "{scale:?} {}", t.at);
            }
        }
    }
}
