//! Plan + Schedule -> CSV (RFC 4180: quoted fields, CRLF), one row per task
//! in plan order, for spreadsheets.

use crate::model::Plan;
use crate::schedule::Schedule;

use super::rows;

pub const HEADER: &[&str] = &[
    "id",
    "title",
    "phase",
    "parent",
    "owner",
    "start",
    "due",
    "status",
    "overdue",
    "explanation",
    "baseline_due",
    "actual_start",
    "actual_finish",
    "variance",
];

pub fn render(plan: &Plan, schedule: &Schedule) -> Vec<u8> {
    let mut out = String::new();
    line(&mut out, HEADER.iter().map(|s| s.to_string()));
    for r in rows::in_plan_order(plan, schedule) {
        line(
            &mut out,
            [
                r.id.to_string(),
                r.title.to_string(),
                r.phase.unwrap_or("").to_string(),
                r.parent.unwrap_or("").to_string(),
                r.owner.unwrap_or("").to_string(),
                r.start.map(|d| d.to_string()).unwrap_or_default(),
                r.due.to_string(),
                r.status.to_string(),
                if r.overdue { "yes" } else { "no" }.to_string(),
                r.explanation.to_string(),
                r.baseline_due.map(|d| d.to_string()).unwrap_or_default(),
                r.actual_start.clone().unwrap_or_default(),
                r.actual_finish.clone().unwrap_or_default(),
                r.variance.map(|v| v.to_string()).unwrap_or_default(),
            ],
        );
    }
    out.into_bytes()
}

fn line(out: &mut String, fields: impl IntoIterator<Item = String>) {
    let mut first = true;
    for f in fields {
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&field(&f));
    }
    out.push_str("\r\n");
}

/// Quotes when needed; a leading `=`, `+` or `@` would be read as a formula
/// by spreadsheets, so such text gets a leading apostrophe.
fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn quoting() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
    }
}
