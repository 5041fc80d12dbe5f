//! When-rule texts -> parsed rules and errors (position, message, hint):
//! the parser's table-driven tests.

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn id(s: &str, field: Field) -> Base {
    Base::Id {
        id: s.into(),
        field,
    }
}

/// (rule, anchor base, offset)
#[test]
fn parses_valid_rules() {
    use Dir::*;
    use Unit::*;
    let off = |n, unit, dir| Some(Offset { n, unit, dir });
    let cases: Vec<(&str, Base, Option<Offset>)> = vec![
        ("2027-01-16", Base::Date(d(2027, 1, 16)), None),
        ("migration", id("migration", Field::Default), None),
        ("install.start", id("install", Field::Start), None),
        ("install.due", id("install", Field::Due), None),
        ("install.START", id("install", Field::Start), None),
        ("v1.2-upgrade", id("v1.2-upgrade", Field::Default), None),
        (
            "1 day before m",
            id("m", Field::Default),
            off(1, Days, Before),
        ),
        (
            "2 days after m",
            id("m", Field::Default),
            off(2, Days, After),
        ),
        (
            "1 days after m",
            id("m", Field::Default),
            off(1, Days, After),
        ),
        (
            "3 calendar days before m",
            id("m", Field::Default),
            off(3, CalendarDays, Before),
        ),
        (
            "1 calendar day before m",
            id("m", Field::Default),
            off(1, CalendarDays, Before),
        ),
        (
            "2 business days before x.due",
            id("x", Field::Due),
            off(2, BusinessDays, Before),
        ),
        (
            "1 business day after x",
            id("x", Field::Default),
            off(1, BusinessDays, After),
        ),
        (
            "4 working days after x.start",
            id("x", Field::Start),
            off(4, WorkingDays, After),
        ),
        (
            "1 working day before x",
            id("x", Field::Default),
            off(1, WorkingDays, Before),
        ),
        (
            "1 week before m",
            id("m", Field::Default),
            off(1, Weeks, Before),
        ),
        (
            "8 weeks before migration",
            id("migration", Field::Default),
            off(8, Weeks, Before),
        ),
        (
            "1 month after m",
            id("m", Field::Default),
            off(1, Months, After),
        ),
        (
            "6 months after m",
            id("m", Field::Default),
            off(6, Months, After),
        ),
        (
            "0 days before m",
            id("m", Field::Default),
            off(0, Days, Before),
        ),
        (
            "8 WEEKS Before Migration",
            id("Migration", Field::Default),
            off(8, Weeks, Before),
        ),
        (
            "  8   weeks\tbefore  migration ",
            id("migration", Field::Default),
            off(8, Weeks, Before),
        ),
        (
            "8weeks before m",
            id("m", Field::Default),
            off(8, Weeks, Before),
        ),
        (
            "2 days after 2027-01-16",
            Base::Date(d(2027, 1, 16)),
            off(2, Days, After),
        ),
        (
            "36500 days after m",
            id("m", Field::Default),
            off(36500, Days, After),
        ),
        (
            "1200 months after m",
            id("m", Field::Default),
            off(1200, Months, After),
        ),
    ];
    for (text, base, offset) in cases {
        let rule = parse(text, false).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        assert_eq!(rule.anchor.base, base, "{text}");
        assert_eq!(rule.offset, offset, "{text}");
        assert_eq!(rule.time, None, "{text}");
    }
}

#[test]
fn anchor_spans_point_at_the_id() {
    let rule = parse("  8 weeks before  migration", false).unwrap();
    assert_eq!(rule.anchor.span, Span { offset: 18, len: 9 });
    let rule = parse("migration", false).unwrap();
    assert_eq!(rule.anchor.span, Span { offset: 0, len: 9 });
}

#[test]
fn times_in_freeze_windows() {
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
    let cases = [
        ("1 day before migration at 18:00", t(18, 0)),
        ("go-live at 07:00", t(7, 0)),
        ("go-live AT 7:05", t(7, 5)),
        ("2027-01-15 at 23:59", t(23, 59)),
        ("go-live", None),
    ];
    for (text, time) in cases {
        let rule = parse(text, true).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        assert_eq!(rule.time, time, "{text}");
    }
}

/// (rule, allow_time, error offset, error length, message part, hint part)
#[test]
fn reports_errors_with_positions_and_hints() {
    let cases: &[(&str, bool, usize, usize, &str, &str)] = &[
        ("", false, 0, 1, "empty", "2 weeks before migration"),
        (
            "no less than 8 weeks before migration",
            false,
            0,
            12,
            "`no less than`",
            "write `8 weeks before migration`",
        ),
        (
            "8 wekes before x",
            false,
            2,
            5,
            "unknown unit `wekes`",
            "did you mean `weeks`?",
        ),
        (
            "8 weeks prior to migration",
            false,
            8,
            8,
            "`prior to`",
            "`before`",
        ),
        (
            "2 weeks ahead of migration",
            false,
            8,
            8,
            "`ahead of`",
            "`2 weeks before migration`",
        ),
        (
            "2 days following go-live",
            false,
            7,
            9,
            "`following`",
            "`2 days after go-live`",
        ),
        (
            "8 weeks bfore migration",
            false,
            8,
            5,
            "`bfore`",
            "did you mean `before`?",
        ),
        (
            "8 weeks migration",
            false,
            0,
            17,
            "missing `before` or `after`",
            "`8 weeks before migration`",
        ),
        ("next friday", false, 0, 11, "not a when-rule", "YYYY-MM-DD"),
        (
            "before migration",
            false,
            0,
            6,
            "missing offset",
            "1 day before migration",
        ),
        (
            "2 weeks before",
            false,
            8,
            6,
            "missing milestone or task id",
            "",
        ),
        (
            "2 weeks before the migration",
            false,
            15,
            13,
            "one id",
            "write `2 weeks before migration`",
        ),
        (
            "1 day after 2 days before x",
            false,
            19,
            6,
            "only one",
            "milestone",
        ),
        (
            "eight weeks before m",
            false,
            0,
            5,
            "`eight` is not a number",
            "write `8 weeks before m`",
        ),
        (
            "a week before m",
            false,
            0,
            1,
            "`a` is not a number",
            "write `1 week before m`",
        ),
        (
            "-2 days before m",
            false,
            0,
            2,
            "negative",
            "`2 days after m`",
        ),
        ("1.5 weeks before m", false, 0, 3, "whole number", "days"),
        ("8 before m", false, 0, 1, "missing unit", "`8 days`"),
        (
            "1 year before m",
            false,
            2,
            4,
            "unknown unit `year`",
            "`12 months before m`",
        ),
        (
            "2 fortnights after m",
            false,
            2,
            10,
            "unknown unit",
            "`4 weeks after m`",
        ),
        ("3 hours after m", false, 2, 5, "unknown unit", "whole days"),
        (
            "3 workdays after m",
            false,
            2,
            8,
            "unknown unit",
            "`working days`",
        ),
        (
            "3 bussiness days after m",
            false,
            2,
            14,
            "unknown unit",
            "did you mean `business days`?",
        ),
        (
            "3 xyzzy after m",
            false,
            2,
            5,
            "unknown unit `xyzzy`",
            "days, weeks, months",
        ),
        (
            "36501 days after m",
            false,
            0,
            10,
            "more than a hundred years",
            "36500",
        ),
        ("5201 weeks after m", false, 0, 10, "hundred years", "5200"),
        ("1201 months after m", false, 0, 11, "hundred years", "1200"),
        (
            "26001 business days after m",
            false,
            0,
            19,
            "hundred years",
            "26000",
        ),
        (
            "99999999999999999999999 days after m",
            false,
            0,
            28,
            "hundred years",
            "",
        ),
        ("2026-02-30", false, 0, 10, "February 2026 has 28 days", ""),
        ("2028-02-30", false, 0, 10, "February 2028 has 29 days", ""),
        ("2026-13-01", false, 0, 10, "no month 13", ""),
        ("2027-1-16", false, 0, 9, "YYYY-MM-DD", "`2027-01-16`"),
        ("16/01/2027", false, 0, 10, "YYYY-MM-DD", "2027-01-16"),
        (
            "2 days after 2026-02-29",
            false,
            13,
            10,
            "February 2026 has 28 days",
            "",
        ),
        (
            "x.ends",
            false,
            0,
            6,
            "`.ends` is not a task date",
            "`x.due`",
        ),
        ("1 day after x.begin", false, 12, 7, "`.begin`", "`x.start`"),
        (
            "x.strat",
            false,
            0,
            7,
            "`.strat`",
            "did you mean `x.start`?",
        ),
        (".start", false, 0, 6, "missing task id", ""),
        (
            "go-live at 07:00",
            false,
            8,
            8,
            "only allowed in freeze windows",
            "remove `at 07:00`",
        ),
        (
            "go-live at 7pm",
            true,
            11,
            3,
            "`7pm` is not a time",
            "HH:MM",
        ),
        ("go-live at 24:00", true, 11, 5, "not a time", ""),
        ("go-live at", true, 8, 2, "missing time", ""),
        ("at 18:00", true, 0, 2, "missing date", ""),
    ];
    for &(text, allow, offset, len, msg, hint) in cases {
        let e = match parse(text, allow) {
            Ok(r) => panic!("{text:?} parsed: {r:?}"),
            Err(e) => e,
        };
        assert_eq!(
            (e.span.offset, e.span.len),
            (offset, len),
            "{text:?}: {e:?}"
        );
        assert!(e.message.contains(msg), "{text:?}: message {:?}", e.message);
        let h = e.hint.clone().unwrap_or_default();
        assert!(h.contains(hint), "{text:?}: hint {h:?}");
    }
}

#[test]
fn dates_must_exist() {
    assert_eq!(parse_date("2028-02-29"), Ok(d(2028, 2, 29)));
    assert!(
        parse_date("2027-02-29")
            .unwrap_err()
            .0
            .contains("February 2027 has 28 days")
    );
    assert!(
        parse_date("2027-04-31")
            .unwrap_err()
            .0
            .contains("April 2027 has 30 days")
    );
    assert!(
        parse_date("2027-00-10")
            .unwrap_err()
            .0
            .contains("no month 0")
    );
}

#[test]
fn tokens_count_characters_not_bytes() {
    let t = tokens("été  2 jours");
    let spans: Vec<_> = t.iter().map(|t| (t.span.offset, t.span.len)).collect();
    assert_eq!(spans, [(0, 3), (5, 1), (7, 5)]);
}
