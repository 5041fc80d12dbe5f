//! A served HTML page -> the same page with the reload script and, when the
//! last rebuild failed, the error overlay. Only `serve` calls this: built
//! pages never carry the script.

use crate::render::html::escape::escape;

/// What the overlay shows, when the last rebuild failed.
#[derive(Debug, Clone, Copy)]
pub struct Errors<'a> {
    /// The diagnostics, as the terminal printed them (no colour).
    pub text: &'a str,
    /// The page underneath is a good build (not a placeholder).
    pub last_good: bool,
}

/// `page` with the script (and the overlay, if `errors`) before `</body>`.
/// `generation` is the build the page comes from: the script asks for
/// events after it, so a rebuild between serving the page and opening the
/// event stream is not missed.
pub fn inject(page: &str, generation: u64, errors: Option<Errors>) -> String {
    let mut add = String::new();
    if let Some(e) = errors {
        add.push_str(&overlay(e));
    }
    add.push_str(&format!(
        "<script>(function(){{var s=new EventSource(\"{}?since={generation}\");s.addEventListener(\"reload\",function(){{s.close();location.reload();}});}})();</script>\n",
        super::EVENTS
    ));
    match page.rfind("</body>") {
        Some(at) => format!("{}{add}{}", &page[..at], &page[at..]),
        None => format!("{page}{add}"),
    }
}

/// The diagnostics, as the terminal shows them (no colour), over the last
/// good page.
fn overlay(e: Errors) -> String {
    let underneath = if e.last_good {
        "the page underneath is the last good build"
    } else {
        "no build has succeeded yet"
    };
    format!(
        "<div id=\"migplan-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(24,24,24,.96);color:#fff;padding:1.5rem;font:14px/1.45 ui-monospace,monospace\"><p style=\"margin:0 0 1rem;font-weight:bold;color:#ff8a80\">migplan serve: the plan has errors; {underneath}. Fix the file and save: this closes by itself.</p><pre style=\"white-space:pre-wrap;margin:0\">{}</pre></div>\n",
        escape(e.text)
    )
}

/// A page for when there is no good build to show yet (the first build
/// failed) or the URL is not in the preview.
pub fn placeholder(title: &str, message: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n</head>\n<body>\n<main>\n<h1>{t}</h1>\n<p>{m} <a href=\"/\">The preview's start page.</a></p>\n</main>\n</body>\n</html>\n",
        t = escape(title),
        m = escape(message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_before_body_end() {
        let out = inject("<html><body><p>x</p></body></html>", 7, None);
        assert!(out.contains("/__migplan/events?since=7"));
        assert!(out.ends_with("</script>\n</body></html>"));
        assert!(!out.contains("migplan-overlay"));
    }

    #[test]
    fn overlay_is_escaped() {
        let out = inject(
            "<body></body>",
            1,
            Some(Errors {
                text: "plan.yaml:3:1: <b>bad</b> & worse",
                last_good: true,
            }),
        );
        assert!(out.contains("migplan-overlay"));
        assert!(out.contains("the page underneath is the last good build"));
        assert!(out.contains("plan.yaml:3:1: &lt;b&gt;bad&lt;/b&gt; &amp; worse"));
    }

    #[test]
    fn page_without_body() {
        assert!(inject("text", 1, None).starts_with("text<script>"));
    }
}
