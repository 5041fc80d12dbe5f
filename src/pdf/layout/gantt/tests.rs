use chrono::{Duration, NaiveDate, NaiveTime};

use super::*;
use crate::pdf::layout::measure::FixedMeasure;
use crate::render::gantt::{Bar, Chart, Row, RowKind, Style};

fn chart(rows: usize, start: &str, end: &str, label: &str) -> Chart {
    let at = |s: &str| s.parse::<NaiveDate>().unwrap().and_time(NaiveTime::MIN);
    let mut c = Chart::empty("Test", at(start), at(end));
    for i in 0..rows {
        c.rows.push(Row {
            bar: Some(Bar {
                start: at(start) + Duration::days(i as i64 % 20),
                end: at(start) + Duration::days(i as i64 % 20 + 3),
                style: Style::Todo,
            }),
            note: Some("1 Jan".into()),
            ..Row::new(RowKind::Task, &format!("{label} {i}"), 1)
        });
    }
    c
}

const LANDSCAPE: (f32, f32) = (842.0, 595.0);

#[test]
fn a_short_chart_fits_one_page() {
    let g = Gantt {
        charts: vec![chart(10, "2026-10-01", "2027-01-31", "Task")],
    };
    assert_eq!(layout(&g, LANDSCAPE, 0.0, &FixedMeasure(0.5)).len(), 1);
}

#[test]
fn a_long_span_still_fits_the_width_and_rows_split_into_pages() {
    let m = FixedMeasure(0.5);
    // Two years on one page: never split by time.
    let long = Gantt {
        charts: vec![chart(5, "2026-01-01", "2027-12-31", "Task")],
    };
    assert_eq!(layout(&long, LANDSCAPE, 0.0, &m).len(), 1);
    let tall = Gantt {
        charts: vec![chart(120, "2026-10-01", "2026-12-31", "Task")],
    };
    let pages = layout(&tall, LANDSCAPE, 0.0, &m);
    assert!(pages.len() >= 2);
    assert_eq!(pages.len(), page_count(&tall, LANDSCAPE, 0.0, &m));
    // Every item inside the page's margins, on every page.
    for items in &pages {
        for it in items {
            if let Item::Text { x, y, .. } = it {
                assert!(*x >= theme::MARGIN_LEFT - 0.01 && *x < LANDSCAPE.0 - theme::MARGIN_RIGHT);
                assert!(*y > theme::MARGIN_TOP && *y < LANDSCAPE.1 - theme::MARGIN_BOTTOM + FOOT_H);
            }
        }
    }
}

#[test]
fn two_charts_share_a_page_when_they_fit() {
    let g = Gantt {
        charts: vec![
            chart(6, "2026-10-01", "2027-01-31", "Phase"),
            chart(6, "2027-01-15", "2027-01-18", "Step"),
        ],
    };
    assert_eq!(layout(&g, LANDSCAPE, 40.0, &FixedMeasure(0.5)).len(), 1);
}

#[test]
fn no_part_is_a_stub_and_rows_are_never_lost() {
    let m = FixedMeasure(0.5);
    let g = Gantt {
        charts: vec![
            chart(12, "2026-10-01", "2027-01-31", "Phase"),
            chart(90, "2027-01-15", "2027-01-18", "Step"),
        ],
    };
    let p = plan(&g, LANDSCAPE, 60.0, &m);
    let height = LANDSCAPE.1 - theme::MARGIN_TOP - theme::MARGIN_BOTTOM;
    let room = height - (CAPTION_H + AXIS_H + FOOT_H);
    for (c, l) in p.laid.iter().enumerate() {
        let parts: Vec<&Part> = p.parts.iter().filter(|x| x.chart == c).collect();
        // The parts cover the rows in order, each row once.
        let mut next = 0;
        for part in &parts {
            assert_eq!(part.rows.start, next);
            next = part.rows.end;
        }
        assert_eq!(next, l.rows.len());
        // Every part but the last fills at least a third of the room.
        for part in &parts[..parts.len() - 1] {
            let h: f64 = l.rows[part.rows.clone()].iter().map(|r| r.h).sum();
            assert!(h as f32 >= room / 3.0, "{h} of {room}");
        }
    }
}
