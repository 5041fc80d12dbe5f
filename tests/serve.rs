//! `migplan serve` through the real binary, on loopback: pages served with
//! the reload script, an edit reloads them with the change, a broken plan
//! shows the diagnostics over the last good site and fixing it clears
//! them, the PDF is made on demand, paths outside the preview are refused,
//! a port in use is a clear error, and Ctrl-C stops and cleans up.

mod common;
use common::copy_dir;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const AS_OF: &str = "2026-11-22";

/// A copy of the example plan (`content/`) in a fresh temporary folder.
fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("migplan-serve-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &dir.join("content"),
    );
    dir
}

/// A running `migplan serve`: its address, its preview folder, and its
/// stderr lines as they come.
struct Server {
    child: Child,
    addr: String,
    preview: PathBuf,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_migplan"))
            .env("NO_COLOR", "1")
            .args(["serve", "--root", root.to_str().unwrap(), "--as-of", AS_OF])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run migplan serve");
        let (tx, lines) = mpsc::channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut s = Server {
            child,
            addr: String::new(),
            preview: PathBuf::new(),
            lines,
            seen: Vec::new(),
        };
        let serving = s.wait_line("migplan: serving http://");
        s.addr = serving
            .split("http://")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_string();
        let files = s.wait_line("migplan: preview files in ");
        s.preview = PathBuf::from(
            files
                .trim_start_matches("migplan: preview files in ")
                .split(" (")
                .next()
                .unwrap(),
        );
        s
    }

    /// The next stderr line containing `needle` (all lines are kept).
    fn wait_line(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            match self.lines.recv_timeout(Duration::from_millis(200)) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        panic!(
            "no line with {needle:?}; stderr so far:\n{}",
            self.seen.join("\n")
        );
    }

    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        get(&self.addr, path)
    }

    /// Ctrl-C; the exit status and the rest of stderr.
    fn interrupt(mut self) -> (Option<i32>, String) {
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGINT);
        }
        let status = self.child.wait().unwrap();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.seen.push(line);
        }
        (status.code(), self.seen.join("\n"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A raw HTTP/1.0 GET (the path sent exactly as given): status, head, body.
fn get(addr: &str, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all).unwrap();
    let split = all
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP head");
    let head = String::from_utf8_lossy(&all[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head, all[split + 4..].to_vec())
}

fn page(s: &Server, path: &str) -> String {
    let (status, _, body) = s.get(path);
    assert_eq!(status, 200, "{path}");
    String::from_utf8(body).unwrap()
}

/// The generation a served page comes from (its script asks for events
/// after it).
fn generation(page: &str) -> u64 {
    page.split("events?since=")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|n| n.parse().ok())
        .expect("the reload script")
}

/// Opens the event stream after `since`; returns a receiver of "reload".
fn events(addr: &str, since: u64) -> mpsc::Receiver<Instant> {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /__migplan/events?since={since} HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if line == "event: reload" {
                let _ = tx.send(Instant::now());
                return;
            }
        }
    });
    // The stream is open once the server has answered its head; a short
    // pause is enough on loopback.
    std::thread::sleep(Duration::from_millis(100));
    rx
}

fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} in {}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn serve_reloads_on_save_shows_errors_and_stops_cleanly() {
    let root = project("live");
    let mut s = Server::start(&root, &["--port", "0"]);
    assert!(s.addr.starts_with("127.0.0.1:"), "{}", s.addr);

    // `/` goes to the version being edited; its pages carry the script.
    let (status, head, _) = s.get("/");
    assert_eq!(status, 302);
    assert!(head.contains("Location: /1.2.0/"), "{head}");
    let index = page(&s, "/1.2.0/");
    assert!(index.contains("Eaglesoft to Open Dental migration"));
    assert!(index.contains("new EventSource(\"/__migplan/events?since="));
    assert!(!index.contains("migplan-overlay"));
    let gen1 = generation(&index);
    // Other files are served as they are built.
    let (status, _, css) = s.get("/1.2.0/assets/style.css");
    assert_eq!(status, 200);
    assert!(!String::from_utf8_lossy(&css).contains("EventSource"));

    // An edit: the open page is told to reload, and shows the change.
    let reload = events(&s.addr, gen1);
    let saved = Instant::now();
    edit(
        &root.join("content/plan.yaml"),
        "title: Eaglesoft to Open Dental migration",
        "title: Eaglesoft to Open Dental move",
    );
    let at = reload
        .recv_timeout(Duration::from_secs(30))
        .expect("a reload event after the edit");
    let after = page(&s, "/1.2.0/");
    eprintln!(
        "save -> reload event {} ms; -> page {} ms",
        (at - saved).as_millis(),
        saved.elapsed().as_millis()
    );
    assert!(after.contains("Eaglesoft to Open Dental move"));
    let gen2 = generation(&after);
    assert!(gen2 > gen1);

    // A broken plan: the overlay with file:line:col, message and hint, as
    // on the terminal, over the last good page.
    let reload = events(&s.addr, gen2);
    edit(
        &root.join("content/plan.yaml"),
        "  status: review",
        "  status: reveiw",
    );
    reload
        .recv_timeout(Duration::from_secs(30))
        .expect("reload");
    let terminal = s.wait_line("error:");
    let broken = page(&s, "/1.2.0/");
    assert!(broken.contains("id=\"migplan-overlay\""));
    assert!(terminal.starts_with("content/plan.yaml:"), "{terminal}");
    assert!(
        unescape(&broken).contains(&terminal),
        "the overlay shows the terminal's line {terminal:?}"
    );
    assert!(broken.contains("hint:"), "{broken}");
    assert!(broken.contains("the page underneath is the last good build"));
    assert!(
        broken.contains("Eaglesoft to Open Dental move"),
        "the last good page is underneath"
    );
    let gen3 = generation(&broken);

    // Fixed: the overlay is gone.
    let reload = events(&s.addr, gen3);
    edit(
        &root.join("content/plan.yaml"),
        "  status: reveiw",
        "  status: review",
    );
    reload
        .recv_timeout(Duration::from_secs(30))
        .expect("reload");
    let fixed = page(&s, "/1.2.0/");
    assert!(!fixed.contains("migplan-overlay"));

    // The Solution Document at its usual link, made when asked for.
    let downloads = page(&s, "/1.2.0/downloads.html");
    let pdf = downloads
        .split("href=\"")
        .filter_map(|r| r.split('"').next())
        .find(|h| h.ends_with(".pdf"))
        .expect("a PDF link")
        .to_string();
    let (status, head, body) = s.get(&format!("/1.2.0/{pdf}"));
    assert_eq!(status, 200);
    assert!(head.contains("application/pdf"));
    assert!(body.starts_with(b"%PDF-"));

    // Serving publishes nothing.
    assert!(!root.join("output").exists());
    let preview = s.preview.clone();
    assert!(preview.join("1.2.0/index.html").is_file());
    let (code, stderr) = s.interrupt();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("migplan: stopped"), "{stderr}");
    assert!(!preview.exists(), "the preview folder is removed");

    // Built pages never carry the reload script or the overlay.
    let built = Command::new(env!("CARGO_BIN_EXE_migplan"))
        .env("NO_COLOR", "1")
        .args(["build", "--root", root.to_str().unwrap(), "--as-of", AS_OF])
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let index = fs::read_to_string(root.join("output/1.2.0/index.html")).unwrap();
    assert!(index.contains("Eaglesoft to Open Dental move"));
    assert!(!index.contains("EventSource") && !index.contains("__migplan"));
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn serve_refuses_paths_outside_the_preview() {
    let root = project("paths");
    let s = Server::start(&root, &["--port", "0"]);
    let secret = root.join("secret.txt");
    fs::write(&secret, "do not serve").unwrap();
    // A link inside the preview folder that leads out of it.
    std::os::unix::fs::symlink(&secret, s.preview.join("1.2.0/leak.txt")).unwrap();
    std::os::unix::fs::symlink(&root, s.preview.join("1.2.0/up")).unwrap();
    for path in [
        "/../secret.txt",
        "/1.2.0/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/1.2.0/..%2f..%2fsecret.txt",
        "/.%2e/secret.txt",
        "/..%5csecret.txt",
        "/1.2.0/leak.txt",
        "/1.2.0/up/secret.txt",
        "/1.2.0/up/content/plan.yaml",
    ] {
        let (status, _, body) = s.get(path);
        assert!(status == 403 || status == 404, "{path}: status {status}");
        assert!(
            !String::from_utf8_lossy(&body).contains("do not serve")
                && !String::from_utf8_lossy(&body).contains("title: Eaglesoft"),
            "{path} leaked"
        );
    }
    assert_eq!(s.get("/%2e%2e/secret.txt").0, 403);
    assert_eq!(s.get("/1.2.0/leak.txt").0, 404);
    // Only reading methods.
    let mut t = TcpStream::connect(&s.addr).unwrap();
    write!(t, "DELETE /1.2.0/index.html HTTP/1.0\r\n\r\n").unwrap();
    let mut answer = String::new();
    t.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.0 405 "), "{answer}");
    let (code, _) = s.interrupt();
    assert_eq!(code, Some(0));
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn serve_says_when_the_port_is_in_use() {
    let root = project("port");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_migplan"))
        .env("NO_COLOR", "1")
        .args(["serve", "--root", root.to_str().unwrap(), "--port", &port])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: cannot listen on 127.0.0.1:{port}: the port is in use (another `migplan serve`, or another program)\n  hint: choose another port with --port N, or --port 0 for any free one\n"
        )
    );
    drop(taken);
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn serve_starts_on_a_broken_plan_and_recovers() {
    let root = project("broken");
    edit(
        &root.join("content/plan.yaml"),
        "  status: review",
        "  status: reveiw",
    );
    let s = Server::start(&root, &["--port", "0"]);
    let (status, _, body) = s.get("/");
    let body = String::from_utf8(body).unwrap();
    assert_eq!(status, 404);
    assert!(body.contains("migplan-overlay") && body.contains("content/plan.yaml:"));
    assert!(body.contains("no build has succeeded yet"), "{body}");
    let reload = events(&s.addr, generation(&body));
    edit(
        &root.join("content/plan.yaml"),
        "  status: reveiw",
        "  status: review",
    );
    reload
        .recv_timeout(Duration::from_secs(30))
        .expect("reload");
    assert_eq!(s.get("/").0, 302);
    assert!(!page(&s, "/1.2.0/").contains("migplan-overlay"));
    let (code, _) = s.interrupt();
    assert_eq!(code, Some(0));
    let _ = fs::remove_dir_all(&root);
}
