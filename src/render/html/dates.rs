//! Dates for readers: a `NaiveDate` / `NaiveDateTime` -> a [`DateView`]
//! ("Fri 20 Nov 2026" for people, `2026-11-20` for `<time datetime>`).

use super::escape::escape_into;
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// A date (or a date and time) as templates show it: always inside
/// `<time datetime="{{ iso }}">{{ text }}</time>` (the `date` component).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateView {
    /// Machine-readable: `2026-11-20`, or `2026-11-20T18:00` with a time.
    pub iso: String,
    /// For people: `Fri 20 Nov 2026`, or `Fri 20 Nov 2026, 18:00`.
    pub text: String,
    /// Compact, for tight spaces (Gantt labels): `20 Nov`, or `20 Nov 18:00`.
    pub short: String,
    /// How the schedule computed it ("6 weeks before migration (...) = ..."),
    /// when it was computed: plain text, for a `title` tooltip.
    pub explanation: Option<String>,
    /// The same explanation as HTML, every date in it a `<time>` element
    /// (escaped and generated here: insert with `| safe`).
    pub explanation_html: Option<String>,
}

impl DateView {
    pub fn day(date: NaiveDate) -> DateView {
        // A large plan shows few distinct dates thousands of times (143
        // among 10,000 tasks): each is formatted once per thread.
        thread_local! {
            static DAYS: std::cell::RefCell<std::collections::HashMap<NaiveDate, [String; 3]>> =
                Default::default();
        }
        let [iso, text, short] = DAYS.with(|days| {
            let mut days = days.borrow_mut();
            if days.len() > 100_000 {
                days.clear();
            }
            days.entry(date)
                .or_insert_with(|| {
                    [
                        date.format("%Y-%m-%d").to_string(),
                        date.format("%a %-d %b %Y").to_string(),
                        date.format("%-d %b").to_string(),
                    ]
                })
                .clone()
        });
        DateView {
            iso,
            text,
            short,
            explanation: None,
            explanation_html: None,
        }
    }

    pub fn at(when: NaiveDateTime) -> DateView {
        DateView {
            iso: when.format("%Y-%m-%dT%H:%M").to_string(),
            text: when.format("%a %-d %b %Y, %H:%M").to_string(),
            short: when.format("%-d %b %H:%M").to_string(),
            explanation: None,
            explanation_html: None,
        }
    }

    /// A date looked up for prose: with its time when it has one, and how
    /// it was computed.
    pub fn of_anchor(a: &crate::schedule::AnchorDate) -> DateView {
        let view = match a.time {
            Some(t) => DateView::at(a.date.and_time(t)),
            None => DateView::day(a.date),
        };
        view.explained(a.explanation.clone())
    }

    pub fn explained(mut self, explanation: impl Into<String>) -> DateView {
        let e = explanation.into();
        if !e.trim().is_empty() {
            self.explanation_html = Some(text_with_times(&e));
            self.explanation = Some(e);
        }
        self
    }

    /// The `<time>` element, for HTML produced outside templates (dates in
    /// Markdown prose). `text` and `iso` are generated, never plan input.
    pub fn time_html(&self) -> String {
        format!("<time datetime=\"{}\">{}</time>", self.iso, self.text)
    }
}

impl From<&crate::schedule::Computed> for DateView {
    fn from(c: &crate::schedule::Computed) -> DateView {
        DateView::day(c.date).explained(c.explanation.clone())
    }
}

/// Plain text -> escaped HTML in which every `Fri 20 Nov 2026` (the
/// schedule's date format) is a `<time datetime="2026-11-20">` element.
pub fn text_with_times(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut plain = 0;
    let mut i = 0;
    while i < text.len() {
        if let Some((date, len)) = date_at(&text[i..]) {
            escape_into(&mut out, &text[plain..i]);
            out.push_str(&DateView::day(date).time_html());
            i += len;
            plain = i;
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    escape_into(&mut out, &text[plain..]);
    out
}

/// A `Www D Mmm YYYY` date at the start of `s` (weekday checked), and its length.
fn date_at(s: &str) -> Option<(NaiveDate, usize)> {
    const DAYS: [&str; 7] = ["Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun "];
    if !DAYS.iter().any(|d| s.starts_with(d)) {
        return None;
    }
    let (date, rest) = NaiveDate::parse_and_remainder(s, "%a %d %b %Y").ok()?;
    // `%Y` would also take "20261": the year must end the match.
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((date, s.len() - rest.len()))
}

pub use crate::render::labels::thousands;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn formats() {
        let v = DateView::day(d("2026-11-20"));
        assert_eq!(v.iso, "2026-11-20");
        assert_eq!(v.text, "Fri 20 Nov 2026");
        assert_eq!(v.short, "20 Nov");
        assert_eq!(
            v.time_html(),
            r#"<time datetime="2026-11-20">Fri 20 Nov 2026</time>"#
        );
        let t = DateView::at(d("2027-01-15").and_hms_opt(18, 0, 0).unwrap());
        assert_eq!(t.iso, "2027-01-15T18:00");
        assert_eq!(t.text, "Fri 15 Jan 2027, 18:00");
    }

    #[test]
    fn dates_in_explanations_become_times() {
        let html = text_with_times(
            "6 weeks before migration (Sat 16 Jan 2027) = Sat 5 Dec 2026, moved <back> to Fri 4 Dec 2026",
        );
        assert_eq!(
            html,
            "6 weeks before migration (<time datetime=\"2027-01-16\">Sat 16 Jan 2027</time>) = \
             <time datetime=\"2026-12-05\">Sat 5 Dec 2026</time>, moved &lt;back&gt; to \
             <time datetime=\"2026-12-04\">Fri 4 Dec 2026</time>"
        );
        // A wrong weekday is not a date; neither is a bare word.
        assert_eq!(text_with_times("Mon 20 Nov 2026"), "Mon 20 Nov 2026");
        assert_eq!(text_with_times("Fri day"), "Fri day");
    }

    #[test]
    fn numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(12450), "12,450");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
