//! The link policy: a URL written in the plan -> an `href` the site may
//! use, or `None`. Only `http(s):`, `mailto:` and relative links that stay
//! inside the published version folder get through.

/// Why a link was refused, for the warning shown to the plan's author.
pub const POLICY: &str = "only http(s), mailto and relative links inside the plan are allowed";

/// Checks `url` and returns the `href` to write, relative links prefixed
/// with `root` (the way from the current page back to the version folder,
/// `""` or `"../"`), so a link means the same on every page.
pub fn safe_href(url: &str, root: &str) -> Option<String> {
    let url = url.trim();
    // Browsers drop tabs and newlines inside URLs ("java\tscript:") and read
    // backslashes as slashes: refuse both rather than guess.
    if url.is_empty() || url.chars().any(|c| c.is_control() || c == '\\' || c == ' ') {
        return None;
    }
    if let Some(scheme) = scheme_of(url) {
        let rest = &url[scheme.len() + 1..];
        return match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" if rest.starts_with("//") && rest.len() > 2 => Some(url.to_string()),
            "mailto" if rest.contains('@') => Some(url.to_string()),
            _ => None,
        };
    }
    if url.starts_with('#') {
        return Some(url.to_string());
    }
    // `//host/x` leaves the site; `/x` is the file system root under file://.
    if url.starts_with('/') || !stays_inside(url) {
        return None;
    }
    Some(format!("{root}{url}"))
}

/// The scheme of an absolute URL (`https` in `https://...`), if any.
fn scheme_of(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        // `a/b:c` is a relative path whose segment holds a colon.
        && !url[..colon].contains('/'))
    .then_some(scheme)
}

/// True when a relative path never climbs above its starting folder, with
/// `%2e` read as `.` the way browsers do.
fn stays_inside(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let mut depth: i64 = 0;
    for segment in path.split('/') {
        match segment.to_ascii_lowercase().replace("%2e", ".").as_str() {
            ".." => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            "" | "." => {}
            _ => depth += 1,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_table() {
        let table: &[(&str, Option<&str>)] = &[
            ("https://example.org/db", Some("https://example.org/db")),
            ("HTTP://example.org", Some("HTTP://example.org")),
            (
                "mailto:office@example.org",
                Some("mailto:office@example.org"),
            ),
            ("guides/conversion.pdf", Some("../guides/conversion.pdf")),
            ("a/../b.html", Some("../a/../b.html")),
            ("#task-x", Some("#task-x")),
            ("javascript:alert(1)", None),
            ("JavaScript:alert(1)", None),
            ("java\tscript:alert(1)", None),
            (" javascript:alert(1)", None),
            ("data:text/html,<script>alert(1)</script>", None),
            ("vbscript:msgbox", None),
            ("file:///etc/passwd", None),
            ("ftp://example.org", None),
            ("https:", None),
            ("mailto:", None),
            ("//evil.example/x", None),
            ("/etc/passwd", None),
            ("../secret.txt", None),
            ("a/../../secret.txt", None),
            ("%2e%2e/secret.txt", None),
            ("a/%2E%2E/%2e%2e/x", None),
            ("..\\secret", None),
            ("", None),
        ];
        for (url, want) in table {
            assert_eq!(safe_href(url, "../").as_deref(), *want, "{url:?}");
        }
    }
}
