//! `migplan serve`, the live preview: a changed file under `content/` or
//! `themes/` -> a rebuilt site in a temporary folder -> open pages reload.
//! Nothing here touches `output/`: serving publishes nothing.
//!
//! ```text
//! watch   content/, themes/        -> "something changed" messages  watch.rs
//! site    project + as-of date     -> the preview folder, or the    site.rs
//!                                     diagnostics of the last try
//! paths   request URL              -> a path inside the preview,    paths.rs
//!                                     or refused
//! inject  a served HTML page       -> the page + reload script      inject.rs
//!                                     (+ the error overlay)
//! http    requests                 -> files, the PDF on demand,     http.rs
//!                                     server-sent reload events
//! ```
//!
//! `cmd/serve.rs` wires them together.

pub mod http;
pub mod inject;
pub mod paths;
pub mod site;
pub mod watch;

/// The URL of the reload event stream (server-sent events).
pub const EVENTS: &str = "/__migplan/events";
