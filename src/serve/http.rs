//! One HTTP request -> its answer: a file of the preview (HTML pages with
//! the reload script), the Solution Document made on demand, or the stream
//! of reload events. GET and HEAD only; nothing outside the preview folder.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::inject;
use super::paths::{self, Refused};
use super::site::Preview;

/// How often an idle event stream sends a comment line: a closed browser
/// tab is noticed at the next write.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// Answers `req` (on its own thread: an event stream stays open).
pub fn handle(preview: &Arc<Preview>, req: Request) {
    if !matches!(req.method(), Method::Get | Method::Head) {
        let _ = req.respond(text(405, "only GET and HEAD\n"));
        return;
    }
    let url = req.url().to_string();
    let path_only = url.split(['?', '#']).next().unwrap_or("");
    if path_only == super::EVENTS {
        events(preview, req, since(&url));
        return;
    }
    let rel = match paths::resolve(&url) {
        Ok(rel) => rel,
        Err(Refused::Outside) => {
            let _ = req.respond(text(403, "refused: outside the preview\n"));
            return;
        }
        Err(Refused::Malformed) => {
            let _ = req.respond(text(400, "not a path\n"));
            return;
        }
    };
    let response = file(preview, &rel, path_only);
    let _ = req.respond(response);
}

/// The answer for a file of the preview.
fn file(preview: &Preview, rel: &Path, url_path: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let is_pdf = {
        let state = preview.state();
        // `/` goes straight to this version's pages: a preview is about
        // the version being edited.
        if url_path == "/"
            && let Some(good) = &state.good
        {
            return redirect(&format!("/{}/", good.version));
        }
        state.good.as_ref().is_some_and(|g| g.pdf_path == rel)
    };
    if is_pdf {
        return match preview.pdf() {
            Some(Ok(bytes)) => with_type(Response::from_data(bytes.to_vec()), "application/pdf"),
            Some(Err(e)) => text(500, &e),
            None => text(404, "no PDF\n"),
        };
    }
    let root = preview.dir();
    let state = preview.state();
    let generation = state.generation;
    let errors = state.errors.clone();
    let last_good = state.good.is_some();
    let Some(found) = inside(&root, &root.join(rel)) else {
        drop(state);
        return not_found(generation, errors.as_deref(), last_good);
    };
    // A folder: its index, at a URL ending in `/` so relative links work.
    if found.is_dir() {
        return redirect(&format!("/{}/", url_of(rel)));
    }
    let bytes = std::fs::read(&found);
    drop(state);
    let Ok(bytes) = bytes else {
        return not_found(generation, errors.as_deref(), last_good);
    };
    let kind = paths::content_type(&found);
    if kind.starts_with("text/html") {
        let page = String::from_utf8_lossy(&bytes);
        let errors = errors
            .as_deref()
            .map(|text| inject::Errors { text, last_good });
        let page = inject::inject(&page, generation, errors);
        return with_type(Response::from_data(page.into_bytes()), kind);
    }
    with_type(Response::from_data(bytes), kind)
}

/// `path` resolved (symbolic links followed), if it exists and is still
/// inside `root`: a link in the preview that leads out is refused.
pub fn inside(root: &Path, path: &Path) -> Option<std::path::PathBuf> {
    let root = root.canonicalize().ok()?;
    let real = path.canonicalize().ok()?;
    real.starts_with(&root).then_some(real)
}

fn not_found(
    generation: u64,
    errors: Option<&str>,
    last_good: bool,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let message = if last_good {
        "This page is not in the preview (a renamed section or version?)."
    } else {
        "No build has succeeded yet: fix the errors shown and save."
    };
    let page = inject::inject(
        &inject::placeholder("Not in the preview", message),
        generation,
        // A placeholder is not a good build.
        errors.map(|text| inject::Errors {
            text,
            last_good: false,
        }),
    );
    with_type(
        Response::from_data(page.into_bytes()),
        "text/html; charset=utf-8",
    )
    .with_status_code(StatusCode(404))
}

/// `since=N` of the event stream's URL (0 if absent).
fn since(url: &str) -> u64 {
    url.split_once('?')
        .map(|(_, q)| q)
        .unwrap_or("")
        .split('&')
        .find_map(|kv| kv.strip_prefix("since="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Server-sent events: one `reload` event once the generation is past
/// `since`, then the stream ends (the page reloads and opens a new one).
fn events(preview: &Preview, req: Request, since: u64) {
    let mut w = req.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    if w.write_all(head.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let now = preview.wait_past(since, KEEPALIVE);
        let line = if now > since {
            format!("event: reload\ndata: {now}\n\n")
        } else {
            ": waiting\n\n".to_string()
        };
        if w.write_all(line.as_bytes())
            .and_then(|_| w.flush())
            .is_err()
            || now > since
        {
            return;
        }
    }
}

/// A relative path as a URL path (percent-encoded, `/`-separated): the
/// redirect is built from what was resolved, never echoed from the
/// request.
fn url_of(rel: &Path) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_');
    rel.components()
        .map(|c| {
            percent_encoding::utf8_percent_encode(&c.as_os_str().to_string_lossy(), SEGMENT)
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn with_type<R: std::io::Read>(r: Response<R>, kind: &str) -> Response<R> {
    add(add(r, "Content-Type", kind), "Cache-Control", "no-store")
}

fn text(code: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    with_type(
        Response::from_data(body.as_bytes().to_vec()),
        "text/plain; charset=utf-8",
    )
    .with_status_code(StatusCode(code))
}

fn redirect(to: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    add(
        Response::from_data(Vec::new()).with_status_code(StatusCode(302)),
        "Location",
        to,
    )
}

/// `r` with the header (ours, ASCII: `from_bytes` refuses only non-ASCII).
fn add<R: std::io::Read>(r: Response<R>, name: &str, value: &str) -> Response<R> {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => r.with_header(h),
        Err(()) => r,
    }
}
