//! A request URL -> the relative path of a file in the preview folder, or
//! why it is refused. Pure: no file system here. The second line of
//! defence (symbolic links that lead out of the folder) is in `http.rs`,
//! which resolves the path and checks it is still inside.

use std::path::PathBuf;

/// Why a URL is not served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// `..` (literal or percent-encoded) or a backslash, NUL or a drive
    /// letter: an attempt to leave the served folder.
    Outside,
    /// Not a path (no leading `/`, not UTF-8 after decoding).
    Malformed,
}

/// The path part of `url`, percent-decoded once, as a relative path; a
/// URL ending in `/` means its `index.html`. Every segment is checked
/// after decoding, so `%2e%2e` and `..%2f` are refused like `..`.
pub fn resolve(url: &str) -> Result<PathBuf, Refused> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(Refused::Malformed);
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| Refused::Malformed)?;
    let mut out = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(Refused::Outside),
            s if s.contains(['\\', '\0']) || s.contains(':') => return Err(Refused::Outside),
            s => out.push(s),
        }
    }
    if decoded.ends_with('/') || out.as_os_str().is_empty() {
        out.push("index.html");
    }
    Ok(out)
}

/// The content type of a served file, by its extension.
pub fn content_type(path: &std::path::Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "json" => "application/json",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths() {
        assert_eq!(resolve("/"), Ok(PathBuf::from("index.html")));
        assert_eq!(
            resolve("/1.0.0/schedule.html?x=1#top"),
            Ok(PathBuf::from("1.0.0/schedule.html"))
        );
        assert_eq!(resolve("/1.0.0/"), Ok(PathBuf::from("1.0.0/index.html")));
        assert_eq!(resolve("/a//./b"), Ok(PathBuf::from("a/b")));
        assert_eq!(resolve("/a%20b.html"), Ok(PathBuf::from("a b.html")));
    }

    #[test]
    fn leaving_the_folder_is_refused() {
        for url in [
            "/../etc/passwd",
            "/1.0.0/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2f..%2fetc/passwd",
            "/.%2e/x",
            "/a/..",
            "/..\\x",
            "/%5c..%5cx",
            "/x%00.html",
            "/C:/Windows",
        ] {
            assert_eq!(resolve(url), Err(Refused::Outside), "{url}");
        }
    }

    #[test]
    fn decoded_once_only() {
        // `%252e` is a literal `%2e` file name, not `..`: harmless.
        assert_eq!(resolve("/%252e%252e/x"), Ok(PathBuf::from("%2e%2e/x")));
    }

    #[test]
    fn malformed() {
        assert_eq!(resolve("index.html"), Err(Refused::Malformed));
        assert_eq!(resolve("/%ff"), Err(Refused::Malformed));
    }
}
