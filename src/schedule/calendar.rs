//! `calendar:` (workdays, holidays) -> working-day arithmetic: calendar
//! offsets, business days, and moving a date onto a working day.
//!
//! Every operation is checked: a date outside the plan range (years 1900
//! to 2200, [`crate::model::in_plan_range`]) is [`CalError::OutOfRange`], and anything that needs a working day on a
//! calendar without workdays is [`CalError::NoWorkdays`] (never a loop that
//! does not end).

use chrono::{Datelike, Days, Months, NaiveDate};

use super::rule::{Dir, Unit};
use crate::model::CalendarDef;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalError {
    NoWorkdays,
    OutOfRange,
}

#[derive(Debug, Clone)]
pub struct Calendar {
    /// Indexed by days from Monday.
    workdays: [bool; 7],
    per_week: u32,
    /// Sorted, without duplicates.
    holidays: Vec<NaiveDate>,
    /// The holidays that fall on a workday (the ones that cost a working day).
    work_holidays: Vec<NaiveDate>,
}

impl Default for Calendar {
    /// Monday to Friday, no holidays.
    fn default() -> Calendar {
        Calendar::new(&[true, true, true, true, true, false, false], Vec::new())
    }
}

impl Calendar {
    /// `workdays[i]` is true when the i-th day from Monday is worked.
    pub fn new(workdays: &[bool; 7], mut holidays: Vec<NaiveDate>) -> Calendar {
        holidays.sort_unstable();
        holidays.dedup();
        let work_holidays = holidays
            .iter()
            .copied()
            .filter(|d| workdays[d.weekday().num_days_from_monday() as usize])
            .collect();
        Calendar {
            workdays: *workdays,
            per_week: workdays.iter().filter(|w| **w).count() as u32,
            holidays,
            work_holidays,
        }
    }

    /// The plan's calendar; no `workdays:` means Monday to Friday.
    pub fn from_def(def: &CalendarDef) -> Calendar {
        let holidays = def.holidays.iter().map(|h| h.value.0).collect();
        let mut days = [true, true, true, true, true, false, false];
        if let Some(list) = &def.workdays {
            days = [false; 7];
            for d in &list.value {
                days[d.value.0.num_days_from_monday() as usize] = true;
            }
        }
        Calendar::new(&days, holidays)
    }

    pub fn has_workdays(&self) -> bool {
        self.per_week > 0
    }

    pub fn is_holiday(&self, d: NaiveDate) -> bool {
        self.holidays.binary_search(&d).is_ok()
    }

    pub fn is_working(&self, d: NaiveDate) -> bool {
        self.workdays[d.weekday().num_days_from_monday() as usize] && !self.is_holiday(d)
    }

    /// `n` units before or after `d`. Calendar units are plain calendar
    /// arithmetic (a month after Jan 31 is the last day of February);
    /// business/working days count working days strictly before/after `d`.
    pub fn shift(&self, d: NaiveDate, n: u32, unit: Unit, dir: Dir) -> Result<NaiveDate, CalError> {
        match unit {
            Unit::Days | Unit::CalendarDays => step(d, u64::from(n), dir),
            Unit::Weeks => step(d, u64::from(n) * 7, dir),
            Unit::Months => {
                let m = Months::new(n);
                match dir {
                    Dir::Before => d.checked_sub_months(m),
                    Dir::After => d.checked_add_months(m),
                }
                .filter(|d| crate::model::in_plan_range(*d))
                .ok_or(CalError::OutOfRange)
            }
            Unit::BusinessDays | Unit::WorkingDays => self.working_days(d, n, dir),
        }
    }

    /// The `n`th working day strictly before/after `d` (`d` itself for 0).
    pub fn working_days(&self, d: NaiveDate, n: u32, dir: Dir) -> Result<NaiveDate, CalError> {
        if n == 0 {
            return Ok(d);
        }
        if self.per_week == 0 {
            return Err(CalError::NoWorkdays);
        }
        let mut cur = d;
        let mut left = n;
        while left > 0 {
            // Jump whole weeks while far away: each week holds `per_week`
            // working days less the holidays in it, so the jump never
            // passes the target.
            let weeks = (left - 1) / self.per_week;
            if weeks > 0 {
                let next = step(cur, u64::from(weeks) * 7, dir)?;
                let lost = self.work_holidays_between(cur, next);
                left -= weeks * self.per_week - lost;
                cur = next;
                continue;
            }
            cur = step(cur, 1, dir)?;
            if self.is_working(cur) {
                left -= 1;
            }
        }
        Ok(cur)
    }

    /// How many working days d there are with `a < d <= b` (0 when `b <= a`).
    /// Counted by whole weeks, so a range of years costs no more than a week.
    pub fn working_days_in(&self, a: NaiveDate, b: NaiveDate) -> u64 {
        if b <= a {
            return 0;
        }
        let days = (b - a).num_days() as u64;
        let mut count = days / 7 * u64::from(self.per_week);
        // The leftover days, after the whole weeks.
        let mut cur = a + Days::new(days / 7 * 7);
        while cur < b {
            cur = cur + Days::new(1);
            if self.workdays[cur.weekday().num_days_from_monday() as usize] {
                count += 1;
            }
        }
        count - u64::from(self.work_holidays_between(a, b))
    }

    /// Holidays on workdays strictly after `a` up to and including `b`
    /// (either order of `a` and `b`).
    fn work_holidays_between(&self, a: NaiveDate, b: NaiveDate) -> u32 {
        let count = if a <= b {
            self.work_holidays.partition_point(|h| *h <= b)
                - self.work_holidays.partition_point(|h| *h <= a)
        } else {
            self.work_holidays.partition_point(|h| *h < a)
                - self.work_holidays.partition_point(|h| *h < b)
        };
        count as u32
    }

    /// `d` if it is a working day, else the nearest working day in `dir`
    /// (earlier for `before`, later for `after`).
    pub fn to_working_day(&self, d: NaiveDate, dir: Dir) -> Result<NaiveDate, CalError> {
        if self.per_week == 0 {
            return Err(CalError::NoWorkdays);
        }
        let mut cur = d;
        // Ends: holidays are finitely many, and each week has a workday.
        while !self.is_working(cur) {
            cur = step(cur, 1, dir)?;
        }
        Ok(cur)
    }
}

fn step(d: NaiveDate, days: u64, dir: Dir) -> Result<NaiveDate, CalError> {
    let days = Days::new(days);
    match dir {
        Dir::Before => d.checked_sub_days(days),
        Dir::After => d.checked_add_days(days),
    }
    .filter(|d| crate::model::in_plan_range(*d))
    .ok_or(CalError::OutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Dir::*;
    use Unit::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn with_holidays(h: &[&str]) -> Calendar {
        Calendar::new(
            &[true, true, true, true, true, false, false],
            h.iter().map(|s| d(s)).collect(),
        )
    }

    #[test]
    fn working_days_in_a_range() {
        let cal = with_holidays(&["2026-12-25", "2027-01-01"]);
        let cases = [
            ("2027-01-15", "2027-01-15", 0),   // empty
            ("2027-01-15", "2027-01-14", 0),   // backwards
            ("2027-01-15", "2027-01-18", 1),   // Fri -> Mon over a weekend
            ("2027-01-14", "2027-01-17", 1),   // Thu -> Sun
            ("2026-12-24", "2026-12-28", 1),   // over Christmas Friday and a weekend
            ("2026-12-21", "2027-01-04", 8),   // two weeks, two holidays
            ("2026-01-01", "2027-01-01", 259), // a year: 261 weekdays less 2 holidays
        ];
        for (a, b, n) in cases {
            assert_eq!(cal.working_days_in(d(a), d(b)), n, "{a}..{b}");
        }
        let naive = |a: NaiveDate, b: NaiveDate| {
            a.iter_days()
                .skip(1)
                .take_while(|x| *x <= b)
                .filter(|x| cal.is_working(*x))
                .count() as u64
        };
        for (a, b) in [("2026-11-03", "2027-02-19"), ("2026-12-25", "2027-01-01")] {
            assert_eq!(cal.working_days_in(d(a), d(b)), naive(d(a), d(b)));
        }
    }

    #[test]
    fn working_days_and_holidays() {
        let cal = with_holidays(&["2026-12-25"]);
        let cases = [
            ("2027-01-15", true),  // Friday
            ("2027-01-16", false), // Saturday
            ("2027-01-17", false), // Sunday
            ("2027-01-18", true),  // Monday
            ("2026-12-25", false), // Friday, holiday
        ];
        for (day, working) in cases {
            assert_eq!(cal.is_working(d(day)), working, "{day}");
        }
    }

    /// (from, n, unit, dir, expected)
    #[test]
    fn calendar_offsets() {
        let cal = Calendar::default();
        let cases = [
            ("2027-01-16", 8, Weeks, Before, "2026-11-21"),
            ("2027-01-16", 2, Days, After, "2027-01-18"),
            ("2027-01-16", 3, CalendarDays, Before, "2027-01-13"),
            ("2027-01-16", 0, Days, Before, "2027-01-16"),
            ("2027-01-31", 1, Months, After, "2027-02-28"),
            ("2028-01-31", 1, Months, After, "2028-02-29"),
            ("2027-03-31", 1, Months, Before, "2027-02-28"),
            ("2027-05-31", 1, Months, Before, "2027-04-30"),
            ("2028-02-29", 12, Months, After, "2029-02-28"),
            ("2028-02-29", 48, Months, After, "2032-02-29"),
            ("2027-12-15", 1, Months, After, "2028-01-15"),
            ("2028-02-28", 1, Days, After, "2028-02-29"),
            ("2027-02-28", 1, Days, After, "2027-03-01"),
            ("2026-12-31", 1, Weeks, After, "2027-01-07"),
        ];
        for (from, n, unit, dir, want) in cases {
            assert_eq!(
                cal.shift(d(from), n, unit, dir),
                Ok(d(want)),
                "{n} {unit:?} {dir:?} {from}"
            );
        }
    }

    /// (from, n, dir, holidays, expected)
    #[test]
    fn business_days_skip_weekends_and_holidays() {
        let xmas = ["2026-12-25", "2027-01-01"];
        let cases: &[(&str, u32, Dir, &[&str], &str)] = &[
            ("2026-12-07", 2, Before, &[], "2026-12-03"), // Mon -> Thu
            ("2026-12-07", 1, Before, &[], "2026-12-04"), // Mon -> Fri
            ("2026-12-04", 1, After, &[], "2026-12-07"),  // Fri -> Mon
            ("2027-01-16", 1, Before, &[], "2027-01-15"), // Sat -> Fri
            ("2027-01-16", 1, After, &[], "2027-01-18"),  // Sat -> Mon
            ("2027-01-16", 0, After, &[], "2027-01-16"),  // 0 = the day itself
            ("2026-12-24", 1, After, &xmas, "2026-12-28"), // over Christmas
            ("2026-12-28", 1, Before, &xmas, "2026-12-24"),
            ("2026-12-31", 1, After, &xmas, "2027-01-04"),
            ("2026-12-21", 10, After, &xmas, "2027-01-06"),
            ("2027-01-06", 10, Before, &xmas, "2026-12-21"),
            ("2026-01-01", 260, After, &[], "2026-12-31"),
            ("2026-12-31", 260, Before, &[], "2026-01-01"),
            ("2026-01-01", 261, After, &["2026-06-01"], "2027-01-04"),
            (
                "2026-01-01",
                25,
                After,
                &["2026-01-02", "2026-01-05", "2026-01-06"],
                "2026-02-10",
            ),
        ];
        for &(from, n, dir, hol, want) in cases {
            let cal = with_holidays(hol);
            assert_eq!(
                cal.working_days(d(from), n, dir),
                Ok(d(want)),
                "{n} {dir:?} {from}"
            );
        }
    }

    /// The week jumps agree with counting one day at a time.
    #[test]
    fn business_days_match_day_by_day_count() {
        let hol = [
            "2027-01-01",
            "2027-01-04",
            "2027-02-15",
            "2027-05-31",
            "2027-07-05",
            "2027-07-04",
        ];
        let cal = with_holidays(&hol);
        for dir in [Before, After] {
            for n in 0..300 {
                let start = d("2027-03-10");
                let (mut cur, mut left) = (start, n);
                while left > 0 {
                    cur = step(cur, 1, dir).unwrap();
                    if cal.is_working(cur) {
                        left -= 1;
                    }
                }
                assert_eq!(cal.working_days(start, n, dir), Ok(cur), "{n} {dir:?}");
            }
        }
    }

    #[test]
    fn moving_to_a_working_day() {
        let cal = with_holidays(&["2026-12-25"]);
        let cases = [
            ("2026-11-21", Before, "2026-11-20"), // Sat -> Fri
            ("2026-11-21", After, "2026-11-23"),  // Sat -> Mon
            ("2026-11-22", Before, "2026-11-20"), // Sun -> Fri
            ("2026-12-25", Before, "2026-12-24"), // holiday -> Thu
            ("2026-12-25", After, "2026-12-28"),  // holiday -> Mon
            ("2026-11-20", Before, "2026-11-20"), // already working
        ];
        for (from, dir, want) in cases {
            assert_eq!(
                cal.to_working_day(d(from), dir),
                Ok(d(want)),
                "{from} {dir:?}"
            );
        }
    }

    #[test]
    fn other_workweeks() {
        // Tuesday to Saturday.
        let cal = Calendar::new(&[false, true, true, true, true, true, false], vec![]);
        assert!(cal.is_working(d("2027-01-16")));
        assert_eq!(
            cal.working_days(d("2027-01-16"), 1, After),
            Ok(d("2027-01-19"))
        );
        assert_eq!(
            cal.to_working_day(d("2027-01-18"), Before),
            Ok(d("2027-01-16"))
        );
    }

    #[test]
    fn no_workdays_is_an_error_not_a_hang() {
        let cal = Calendar::new(&[false; 7], vec![]);
        assert_eq!(
            cal.working_days(d("2027-01-16"), 3, After),
            Err(CalError::NoWorkdays)
        );
        assert_eq!(
            cal.to_working_day(d("2027-01-16"), Before),
            Err(CalError::NoWorkdays)
        );
        assert_eq!(
            cal.shift(d("2027-01-16"), 3, Days, After),
            Ok(d("2027-01-19"))
        );
    }

    #[test]
    fn out_of_range_is_an_error() {
        let cal = Calendar::default();
        assert_eq!(
            cal.shift(NaiveDate::MAX, 1, Days, After),
            Err(CalError::OutOfRange)
        );
        assert_eq!(
            cal.shift(NaiveDate::MIN, 1200, Months, Before),
            Err(CalError::OutOfRange)
        );
        assert_eq!(
            cal.working_days(NaiveDate::MAX, 26_000, After),
            Err(CalError::OutOfRange)
        );
        assert_eq!(
            cal.to_working_day(NaiveDate::MIN, Before).is_err(),
            !cal.is_working(NaiveDate::MIN)
        );
    }
}
