//! `migplan serve`: the live preview. Binds the port, builds the site into
//! a temporary folder, serves it, and rebuilds on every save until Ctrl-C
//! (then removes the folder). The pieces are in [`crate::serve`].

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use chrono::NaiveDate;

use super::{Exit, Term};
use crate::serve::{http, site::Preview, watch};

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub as_of: NaiveDate,
    /// Default: 127.0.0.1 (this machine only).
    pub bind: IpAddr,
    /// 0: any free port.
    pub port: u16,
    /// Open the start page in the default browser.
    pub open: bool,
}

/// Default port (as `mdbook serve`'s, unlikely to clash with a database).
pub const PORT: u16 = 3000;

/// How long the files must be quiet before a rebuild: short, as the
/// preview should follow a save within 150 ms; long enough to catch the
/// few events of one save.
const QUIET: Duration = Duration::from_millis(30);

enum Msg {
    Changed,
    Stop,
}

pub fn run(opts: &Options, term: &mut Term) -> Exit {
    if !opts.root.join("content").is_dir() {
        let _ = writeln!(
            term.err,
            "error: {} has no content/ folder\n  hint: run `migplan serve` in a plan project, or name one with --root DIR (`migplan init DIR` makes one)",
            opts.root.display()
        );
        return Exit::Usage;
    }
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = match TcpListener::bind(addr) {
        Ok(l) => l,
        Err(e) => {
            let why = match e.kind() {
                std::io::ErrorKind::AddrInUse => {
                    "the port is in use (another `migplan serve`, or another program)".to_string()
                }
                std::io::ErrorKind::AddrNotAvailable => {
                    "this machine has no such address".to_string()
                }
                std::io::ErrorKind::PermissionDenied => {
                    "permission denied (ports below 1024 need privileges)".to_string()
                }
                _ => e.to_string(),
            };
            let _ = writeln!(
                term.err,
                "error: cannot listen on {addr}: {why}\n  hint: choose another port with --port N, or --port 0 for any free one"
            );
            return Exit::Usage;
        }
    };
    let local = listener.local_addr().unwrap_or(addr);
    let preview = match Preview::new(&opts.root, opts.as_of) {
        Ok(p) => Arc::new(p),
        Err(e) => {
            let _ = writeln!(term.err, "error: cannot make a temporary folder: {e}");
            return Exit::Usage;
        }
    };
    let (tx, rx) = mpsc::channel();
    let _watcher = match watch::watch(&opts.root, tx.clone(), || Msg::Changed) {
        Ok(w) => w,
        Err(e) => {
            let _ = writeln!(term.err, "error: {e}");
            return Exit::Usage;
        }
    };
    {
        let tx = tx.clone();
        // Only the binary gets here once; a second handler (tests calling
        // `run` twice) keeps the first, which also stops the loop.
        let _ = ctrlc::set_handler(move || {
            let _ = tx.send(Msg::Stop);
        });
    }
    say_rebuilt(term, &preview.rebuild(term.style));
    let server = match tiny_http::Server::from_listener(listener, None) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            let _ = writeln!(term.err, "error: cannot serve on {local}: {e}");
            return Exit::Usage;
        }
    };
    let url = format!("http://{local}/");
    let _ = writeln!(
        term.err,
        "migplan: serving {url} (rebuilt on every save under content/ and themes/; Ctrl-C stops)\nmigplan: preview files in {} (removed on exit; output/ is not touched)",
        preview.dir().display()
    );
    if !local.ip().is_loopback() {
        let _ = writeln!(
            term.err,
            "warning: listening on {}: anyone who can reach this address can read the plan",
            local.ip()
        );
    }
    if opts.open {
        open_browser(&url, term);
    }
    let stopping = Arc::new(AtomicBool::new(false));
    let accept = {
        let server = server.clone();
        let preview = preview.clone();
        let stopping = stopping.clone();
        std::thread::spawn(move || {
            loop {
                match server.recv() {
                    Ok(req) => {
                        let preview = preview.clone();
                        std::thread::spawn(move || http::handle(&preview, req));
                    }
                    // An accept error (e.g. out of file descriptors) is
                    // passing; the unblock at Ctrl-C is not.
                    Err(_) if stopping.load(Ordering::SeqCst) => break,
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        })
    };
    // The terminal belongs to this thread: rebuilds happen here, until
    // Ctrl-C (`Stop`) or the channel closes.
    while let Ok(Msg::Changed) = rx.recv() {
        // Debounce: wait until the files are quiet for `QUIET`, so that a
        // save (write, rename, chmod) is one rebuild.
        let mut stop = false;
        while let Ok(m) = rx.recv_timeout(QUIET) {
            stop |= matches!(m, Msg::Stop);
        }
        if stop {
            break;
        }
        say_rebuilt(term, &preview.rebuild(term.style));
    }
    stopping.store(true, Ordering::SeqCst);
    server.unblock();
    let _ = accept.join();
    let _ = writeln!(
        term.err,
        "migplan: stopped; removed {}",
        preview.tmp().display()
    );
    // Open event streams hold clones; the folder goes now, not with them.
    let _ = std::fs::remove_dir_all(preview.tmp());
    Exit::Ok
}

fn say_rebuilt(term: &mut Term, o: &crate::serve::site::Outcome) {
    let _ = term.err.write_all(o.report.as_bytes());
    let ms = o.elapsed.as_secs_f64() * 1000.0;
    if o.ok {
        let _ = writeln!(
            term.err,
            "migplan: rebuilt version {} in {ms:.0} ms: {} files",
            o.version.as_deref().unwrap_or("?"),
            o.files
        );
    } else {
        let _ = writeln!(
            term.err,
            "migplan: rebuild failed in {ms:.0} ms; the browser shows the errors over the last good build"
        );
    }
}

/// The platform's "open this URL" command; a failure is only a note.
fn open_browser(url: &str, term: &mut Term) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    if let Err(e) = cmd.arg(url).spawn() {
        let _ = writeln!(
            term.err,
            "migplan: could not open a browser ({e}); open {url} yourself"
        );
    }
}
