//! The text between `{{` and `}}` + the computed plan -> its value (a date
//! or a plan field), or an error message and hint. Dates come from the
//! computed schedule, so prose follows it; how a value is shown is the
//! renderers' business.
//!
//! Supported: `date(of="ANCHOR")`, where ANCHOR is any anchor of the
//! when-rule language (`migration`, `task-id`, `task-id.start`,
//! `task-id.due`, `2026-11-20`, runbook steps and runbooks with `.start` /
//! `.end`) or a freeze window's `freeze:NAME.start` / `.end`, looked up by
//! [`Schedule::lookup`]; and the plan fields `plan.title`, `plan.client`,
//! `plan.document`, `plan.version`, `plan.status`, `plan.owner`,
//! `plan.strategy`.

use crate::model::Plan;
use crate::render::labels::{plan_status_label, strategy_label};
use crate::schedule::{AnchorDate, Schedule};
use crate::suggest;

/// What an expression evaluates to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A date (with a time for freeze windows and runbook steps) and how
    /// it was computed.
    Date(AnchorDate),
    Text(String),
}

/// An expression that could not be evaluated: a message and maybe a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub message: String,
    pub hint: Option<String>,
}

const PLAN_FIELDS: &[&str] = &[
    "title", "client", "document", "version", "status", "owner", "strategy",
];

/// Evaluates the text between `{{` and `}}`.
pub fn eval(expr: &str, plan: &Plan, schedule: &Schedule) -> Result<Value, ExprError> {
    let expr = expr.trim();
    if let Some(anchor) = parse_date_call(expr) {
        return resolve_anchor(&anchor, plan, schedule).map(Value::Date);
    }
    if let Some(field) = expr.strip_prefix("plan.") {
        return plan_field(field.trim(), plan)
            .map(Value::Text)
            .ok_or_else(|| ExprError {
                message: format!("`plan.{field}` is not a plan field that prose can show"),
                hint: suggest::closest(field, PLAN_FIELDS.iter().copied())
                    .map(|c| format!("did you mean `plan.{c}`?"))
                    .or_else(|| Some(format!("use one of: plan.{}", PLAN_FIELDS.join(", plan.")))),
            });
    }
    Err(ExprError {
        message: format!("`{{{{ {expr} }}}}` is not an expression migplan understands"),
        hint: Some(
            "write `{{ date(of=\"go-live\") }}` for a date of the schedule, or `{{ plan.client }}`"
                .into(),
        ),
    })
}

/// `date(of="x")` or `date(of='x')`, spaces allowed -> `x`.
fn parse_date_call(expr: &str) -> Option<String> {
    let rest = expr.strip_prefix("date")?.trim_start();
    let rest = rest.strip_prefix('(')?.trim_start();
    let rest = rest.strip_prefix("of")?.trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    let end = rest.find(quote)?;
    let tail = rest[end + 1..].trim();
    (tail == ")").then(|| rest[..end].to_string())
}

fn plan_field(field: &str, plan: &Plan) -> Option<String> {
    let m = &plan.meta.value;
    let opt = |v: &Option<crate::model::Sp<String>>| v.as_ref().map(|s| s.value.clone());
    Some(match field {
        "title" => m.title.value.clone(),
        "client" => opt(&m.client).unwrap_or_default(),
        "document" => m.document().to_string(),
        "version" => m.version.value.to_string(),
        "status" => plan_status_label(m.status()).to_uppercase(),
        "owner" => opt(&m.owner).unwrap_or_default(),
        "strategy" => m
            .strategy
            .as_ref()
            .map(|s| strategy_label(s.value).to_string())
            .unwrap_or_default(),
        _ => return None,
    })
}

/// An anchor's date, by the schedule engine's own lookup (the same
/// anchors as when-rules, plus `freeze:NAME.start` / `.end`).
pub fn resolve_anchor(
    anchor: &str,
    plan: &Plan,
    schedule: &Schedule,
) -> Result<AnchorDate, ExprError> {
    match schedule.lookup(plan, anchor) {
        Ok(a) => Ok(a),
        Err(message) => Err(match message.split_once("; did you mean") {
            Some((m, rest)) => ExprError {
                message: m.to_string(),
                hint: Some(format!("did you mean{rest}")),
            },
            None => ExprError {
                message,
                hint: None,
            },
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_date_calls() {
        let table = [
            (r#"date(of="go-live")"#, Some("go-live")),
            (r#"date( of = 'go-live' )"#, Some("go-live")),
            (
                r#"date(of="freeze:PMS data freeze.end")"#,
                Some("freeze:PMS data freeze.end"),
            ),
            (r#"date(of="go-live""#, None),
            (r#"date(at="go-live")"#, None),
            (r#"dates(of="x")"#, None),
        ];
        for (src, want) in table {
            assert_eq!(parse_date_call(src).as_deref(), want, "{src}");
        }
    }
}
