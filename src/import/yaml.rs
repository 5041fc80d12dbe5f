//! Imported tasks -> the text of a schedule file in our format: a comment
//! naming where it came from, the new phases, the tasks. Strings are
//! written plain when YAML reads them back as the same text, otherwise
//! double-quoted (JSON string syntax, which YAML reads too).

use std::fmt::Write;

use super::Imported;

pub fn render(imported: &Imported, source: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Imported by `migplan import` from {source}.");
    if !imported.problems.is_empty() {
        let _ = writeln!(
            out,
            "# Rows with text migplan could not convert keep it in their notes: see\n# the list `migplan import` printed, and `migplan check`."
        );
    }
    out.push('\n');
    if !imported.new_phases.is_empty() {
        out.push_str("phases:\n");
        for p in &imported.new_phases {
            let _ = writeln!(out, "  - {}", scalar(p));
        }
        out.push('\n');
    }
    out.push_str("tasks:\n");
    for (i, t) in imported.tasks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "  - id: {}", scalar(&t.id));
        let mut field = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                let _ = writeln!(out, "    {k}: {}", scalar(v));
            }
        };
        field("parent", &t.parent);
        field("title", &Some(t.title.clone()));
        field("phase", &t.phase);
        field("owner", &t.owner);
        field("start", &t.start);
        field("due", &t.due);
        field("during", &t.during);
        field("status", &t.status);
        if !t.resources.is_empty() {
            out.push_str("    resources:\n");
            for r in &t.resources {
                let _ = writeln!(out, "      - {}", scalar(r));
            }
        }
        if !t.notes.is_empty() {
            let _ = writeln!(out, "    notes: {}", scalar(&t.notes.join("\n")));
        }
    }
    out
}

/// `s` as a YAML scalar that reads back as exactly `s`.
pub fn scalar(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
    }
}

/// Plain style only for unremarkable text: starts with a letter, no `: `
/// or ` #`, no characters YAML treats specially, not a word YAML reads as
/// a boolean or null.
fn plain_ok(s: &str) -> bool {
    let lower = s.to_lowercase();
    // A leading digit is fine when a letter follows somewhere and there is
    // no colon: "8 weeks before migration" cannot be a number, date or time.
    let start_ok = s.starts_with(|c: char| c.is_ascii_alphabetic())
        || (s.starts_with(|c: char| c.is_ascii_digit())
            && s.contains(' ')
            && s.chars().any(|c| c.is_alphabetic())
            && !s.contains(':'));
    start_ok
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && s.chars().all(|c| {
            c.is_alphanumeric()
                || matches!(
                    c,
                    ' ' | '-' | '_' | '.' | ',' | '/' | '(' | ')' | '\'' | '&' | ';'
                )
        })
        && !matches!(
            lower.as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        )
}

#[cfg(test)]
mod tests {
    use super::scalar;

    #[test]
    fn quoting() {
        assert_eq!(
            scalar("8 weeks before migration"),
            "8 weeks before migration"
        );
        assert_eq!(scalar("2026-10-05"), "\"2026-10-05\"");
        assert_eq!(scalar("12"), "\"12\"");
        assert_eq!(scalar("Schedule migration"), "Schedule migration");
        assert_eq!(
            scalar("Physical Servers: Order hardware"),
            "\"Physical Servers: Order hardware\""
        );
        assert_eq!(scalar("No"), "\"No\"");
        assert_eq!(scalar("a \"b\"\nc"), "\"a \\\"b\\\"\\nc\"");
        assert_eq!(scalar("C:\\LWD"), "\"C:\\\\LWD\"");
        assert_eq!(scalar("Engineer/Tech"), "Engineer/Tech");
    }
}
