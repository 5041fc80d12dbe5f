//! Fuzz harnesses: fuzzer bytes -> one run of a migplan stage, panicking
//! only when migplan misbehaves (a panic inside migplan, or unsafe HTML).
//!
//! Shared, as source, by the cargo-fuzz targets (`fuzz/fuzz_targets/*.rs`,
//! through `fuzz/src/lib.rs`) and by the regression test in
//! `tests/hostile.rs`, which replays every saved crash input in
//! `fuzz/regressions/<target>/` (via `#[path]`), so both run the same code.

#![allow(dead_code)]

use std::cell::RefCell;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use migplan::render::html::{BuildInfo, SiteInput, render_site};
use migplan::schedule::{Base, Calendar, parse_rule};
use migplan::theme::Theme;

/// The as-of date of every harness run.
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// One harness: fuzzer bytes in, a panic when migplan misbehaves.
pub type Harness = fn(&[u8]);

/// The harnesses by name (a folder name under `fuzz/regressions/`).
pub const TARGETS: &[(&str, Harness)] = &[
    ("when_rule", when_rule),
    ("schedule_rules", schedule_rules),
    ("yaml_loader", yaml_loader),
    ("markdown", markdown),
];

// ---------------------------------------------------------------------------
// when_rule: the when-rule parser and the calendar arithmetic

/// Parses the input as a when-rule (with and without `at HH:MM`) and, when
/// it parses, applies its offset with the calendar to a few dates, among
/// them the ends of the date range.
pub fn when_rule(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let chars = text.chars().count();
    for allow_time in [false, true] {
        match parse_rule(text, allow_time) {
            Ok(rule) => {
                let end = rule.anchor.span.offset + rule.anchor.span.len;
                assert!(
                    end <= chars,
                    "anchor span {:?} outside {chars} chars of {text:?}",
                    rule.anchor.span
                );
                if !allow_time {
                    assert!(
                        rule.time.is_none(),
                        "a time of day accepted without allow_time: {text:?}"
                    );
                }
                let Some(off) = rule.offset else { continue };
                let cal = Calendar::new(
                    &[true, true, true, true, true, false, false],
                    vec![ymd(2027, 1, 1), ymd(2026, 12, 25)],
                );
                let base = match rule.anchor.base {
                    Base::Date(d) => d,
                    Base::Id { .. } => ymd(2027, 1, 16),
                };
                for d in [
                    base,
                    NaiveDate::MIN,
                    NaiveDate::MAX,
                    ymd(9999, 12, 31),
                    ymd(1, 1, 1),
                ] {
                    // Out of range is an error, never a panic.
                    if let Ok(r) = cal.shift(d, off.n, off.unit, off.dir)
                        && off.unit.is_business()
                        && off.n > 0
                    {
                        assert!(
                            cal.is_working(r),
                            "{text:?} from {d}: {r} is not a working day"
                        );
                    }
                    let _ = cal.to_working_day(d, off.dir);
                }
            }
            Err(e) => {
                assert!(!e.message.is_empty(), "empty message for {text:?}");
                // A caret may sit just past the end ("missing anchor").
                assert!(
                    e.span.offset <= chars + 1,
                    "error span {:?} beyond the {chars} chars of {text:?}",
                    e.span
                );
            }
        }
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

// ---------------------------------------------------------------------------
// schedule_rules: rule strings from the fuzzer in a whole plan

/// Splits the input into up to five lines and uses them as when-rules of a
/// small plan (a milestone, a task's due and start, a freeze window's start
/// and end), with the calendar's workdays picked by the first byte; then
/// compiles it and looks up every anchor as prose would.
pub fn schedule_rules(data: &[u8]) {
    let (workdays, rest) = match data.split_first() {
        Some((b, rest)) => (*b, rest),
        None => (0b0001_1111, data),
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mut rules = text.split('\n').map(yaml_quote);
    let mut next = |default: &str| rules.next().unwrap_or_else(|| yaml_quote(default));
    let (m1, due, start, fstart, fend) = (
        next("2 weeks before migration"),
        next("3 business days before m1"),
        next("1 month before t1"),
        next("1 day before migration at 18:00"),
        next("2 days after migration at 07:00"),
    );
    let days: Vec<&str> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .enumerate()
        .filter(|(i, _)| workdays & (1 << i) != 0)
        .map(|(_, d)| *d)
        .collect();
    let plan = format!(
        "plan: {{title: Fuzz, version: 1.0.0}}\n\
         calendar: {{workdays: [{}], holidays: [2026-12-25, 2027-01-01]}}\n\
         milestones:\n  migration: 2027-01-16\n  m1: {m1}\n\
         tasks:\n  - id: t1\n    title: T1\n    due: {due}\n    start: {start}\n\
         \x20 - id: t2\n    title: T2\n    due: 1 week after t1.start\n    after: [t1]\n\
         freeze:\n  - name: F\n    start: {fstart}\n    end: {fend}\n",
        days.join(", ")
    );
    with_project(&[("plan.yaml", plan.as_bytes())], |root| {
        if let Ok(c) = migplan::compile(root, as_of()) {
            for anchor in [
                "migration",
                "m1",
                "t1",
                "t1.start",
                "t1.due",
                "t2.start",
                "freeze:F.start",
                "freeze:F.end",
            ] {
                let _ = c.schedule.lookup(&c.plan, anchor);
            }
            for t in &c.schedule.tasks {
                assert!(
                    !t.due.explanation.is_empty(),
                    "a due date without explanation"
                );
            }
        }
    });
}

/// A YAML double-quoted scalar holding `s` exactly.
pub fn yaml_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || (0x80..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------
// yaml_loader: bytes as a plan file

/// The input, byte for byte, as `content/plan.yaml`; then the whole
/// pipeline, and the exports when it compiles.
pub fn yaml_loader(data: &[u8]) {
    with_project(&[("plan.yaml", data)], |root| {
        if let Ok(c) = migplan::compile(root, as_of()) {
            let _ = migplan::render::ics::render(&c.plan, &c.schedule);
            let _ = migplan::render::csv::render(&c.plan, &c.schedule);
            let _ = render_site(&SiteInput {
                plan: &c.plan,
                schedule: &c.schedule,
                theme: &Theme::builtin(),
                build: &BuildInfo::default(),
            });
        }
    });
}

// ---------------------------------------------------------------------------
// markdown: a section body with expressions, rendered to HTML

/// A small valid plan with the input as a section's body (and in the plan's
/// summary); compiled and rendered to the HTML site, whose every page must
/// then be inert (see [`unsafe_html`]).
pub fn markdown(data: &[u8]) {
    markdown_rendered(data);
}

/// [`markdown`], saying whether the site was rendered (the plan compiled).
pub fn markdown_rendered(data: &[u8]) -> bool {
    let Ok(body) = std::str::from_utf8(data) else {
        return false;
    };
    let section = format!("---\ntitle: Fuzz\norder: 10\n---\n{body}");
    // One input in three also goes into the plan's summary (a YAML block
    // scalar): a body that is not valid there would stop the section from
    // being rendered at all.
    let plan = if body.len() % 3 == 0 {
        let summary: String = body.lines().map(|l| format!("    {l}\n")).collect();
        BASE_PLAN.replacen(
            "  status: review\n",
            &format!("  status: review\n  summary: |\n{summary}"),
            1,
        )
    } else {
        BASE_PLAN.to_string()
    };
    let files: [(&str, &[u8]); 3] = [
        ("plan.yaml", plan.as_bytes()),
        ("tasks.yaml", BASE_TASKS.as_bytes()),
        ("section.md", section.as_bytes()),
    ];
    let mut rendered = false;
    with_project(&files, |root| {
        let Ok(c) = migplan::compile(root, as_of()) else {
            return;
        };
        let Ok((artifacts, _)) = render_site(&SiteInput {
            plan: &c.plan,
            schedule: &c.schedule,
            theme: &Theme::builtin(),
            build: &BuildInfo::default(),
        }) else {
            return;
        };
        rendered = true;
        for a in &artifacts {
            if a.path.extension().is_some_and(|e| e == "html") {
                let html = String::from_utf8_lossy(&a.bytes);
                if let Some(why) = unsafe_html(&html) {
                    panic!("{}: {why}", a.path.display());
                }
            }
        }
    });
    rendered
}

pub const BASE_PLAN: &str = "\
plan:
  title: Fuzz plan
  client: Fuzz Clinic
  version: 1.0.0
  status: review
calendar:
  holidays: [2026-12-25]
milestones:
  migration: 2027-01-16
  go-live: 2 days after migration
freeze:
  - name: PMS data freeze
    start: 1 day before migration at 18:00
    end: go-live at 07:00
";

pub const BASE_TASKS: &str = "\
phases: [Planning]
tasks:
  - id: order-hardware
    title: Order hardware
    phase: Planning
    start: 3 weeks before migration
    due: 2 weeks before migration
";

// ---------------------------------------------------------------------------
// Checking HTML for anything that could run

/// Why `html` is not inert, if it is not: a `<script>` (or another element
/// that runs or embeds code), an `on...=` event handler attribute, a
/// `javascript:`/`vbscript:`/`data:` URL in a URL attribute, or a `style`
/// with `expression(`/`url(`. Text is not looked at: escaped text cannot
/// run. Tags are found the way a browser tokenizer does (quotes respected).
pub fn unsafe_html(html: &str) -> Option<String> {
    const ELEMENTS: &[&str] = &[
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base",
        "link", "template", "noscript", "portal",
    ];
    const URL_ATTRS: &[&str] = &[
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "background",
        "srcdoc",
        "srcset",
    ];
    // The theme's own search script, `<script src="(../)*assets/search.js"
    // defer></script>` exactly (empty, its closing tag right after it), is
    // allowed; any other script is not.
    let mut theme_script_close = None;
    for tag in tags(html) {
        let lower = tag.to_ascii_lowercase();
        let offset = tag.as_ptr() as usize - html.as_ptr() as usize;
        if theme_script_close == Some(offset) && lower == "/script" {
            theme_script_close = None;
            continue;
        }
        if is_theme_script(&lower) {
            // `>` then `<`: the closing tag must start right there.
            theme_script_close = Some(offset + tag.len() + 2);
            continue;
        }
        let name: String = lower
            .trim_start_matches('/')
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>')
            .collect();
        // The theme's own <link rel="stylesheet"> is fine; inline <svg> (the
        // Gantt chart) is checked like any element: attributes and children.
        let allowed_link =
            name == "link" && lower.contains("rel=\"stylesheet\"") && !lower.contains(':');
        if ELEMENTS.contains(&name.as_str()) && !allowed_link {
            return Some(format!("element <{name}> in `{}`", clip(tag)));
        }
        if name == "meta" && lower.contains("http-equiv") && !lower.contains("content=\"0; url=../")
        {
            return Some(format!("<meta http-equiv> in `{}`", clip(tag)));
        }
        for (attr, value) in attributes(tag) {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                return Some(format!("event handler `{attr}` in `{}`", clip(tag)));
            }
            let value = decode_entities(&value);
            let squashed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if URL_ATTRS.contains(&attr.as_str()) {
                for scheme in ["javascript:", "vbscript:", "data:", "livescript:"] {
                    if squashed.starts_with(scheme)
                        || (attr == "srcset" && squashed.contains(scheme))
                    {
                        return Some(format!("`{scheme}` URL in `{attr}` of `{}`", clip(tag)));
                    }
                }
            }
            if attr == "style"
                && (squashed.contains("expression(")
                    || squashed.contains("url(")
                    || squashed.contains("javascript:"))
            {
                return Some(format!("active style in `{}`", clip(tag)));
            }
        }
    }
    None
}

/// `script src="assets/search.js" defer`, with any number of `../` before
/// `assets/` (the tag's text without `<` and `>`, lower-cased).
fn is_theme_script(tag: &str) -> bool {
    let Some(rest) = tag.strip_prefix("script src=\"") else {
        return false;
    };
    let mut rest = rest;
    while let Some(r) = rest.strip_prefix("../") {
        rest = r;
    }
    rest == "assets/search.js\" defer"
}

fn clip(s: &str) -> String {
    s.chars().take(160).collect()
}

/// The tags of an HTML text (`<...>`, quotes respected), comments and
/// doctype left out.
fn tags(html: &str) -> Vec<&str> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        let next = b.get(i + 1).copied().unwrap_or(b' ');
        if !(next.is_ascii_alphabetic() || next == b'/') {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut j = start;
        let mut quote = None;
        while j < b.len() {
            match (quote, b[j]) {
                (None, b'"' | b'\'') => quote = Some(b[j]),
                (Some(q), c) if c == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            j += 1;
        }
        out.push(&html[start..j.min(b.len())]);
        i = j + 1;
    }
    out
}

/// `name=value` pairs of a tag's text (after its name).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let chars: Vec<char> = tag.chars().collect();
    let mut i = chars
        .iter()
        .position(|c| c.is_whitespace() || *c == '/')
        .unwrap_or(chars.len());
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
            i += 1;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' && chars[i] != '/' {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect();
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            if i < chars.len() && (chars[i] == '"' || chars[i] == '\'') {
                let q = chars[i];
                i += 1;
                while i < chars.len() && chars[i] != q {
                    value.push(chars[i]);
                    i += 1;
                }
                i += 1;
            } else {
                while i < chars.len() && !chars[i].is_whitespace() {
                    value.push(chars[i]);
                    i += 1;
                }
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
    out
}

/// Decodes `&#NN;`, `&#xNN;` and the few named entities that matter for
/// URL schemes, the way a browser reads an attribute value.
fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        rest = &rest[k..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |e| e + 1);
        let entity = &rest[1..end];
        let decoded = if let Some(hex) = entity
            .strip_prefix("#x")
            .or_else(|| entity.strip_prefix("#X"))
        {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = entity.strip_prefix('#') {
            dec.parse::<u32>().ok().and_then(char::from_u32)
        } else {
            match entity {
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                "amp" => Some('&'),
                "lpar" => Some('('),
                "rpar" => Some(')'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------
// A scratch project per thread

thread_local! {
    static ROOT: RefCell<Option<PathBuf>> = const { RefCell::new(None) };
}

/// Writes `files` into a fresh `content/` of a per-thread scratch project
/// (in /dev/shm when there is one) and runs `f` on the project root.
pub fn with_project(files: &[(&str, &[u8])], f: impl FnOnce(&Path)) {
    let root = ROOT.with(|r| {
        r.borrow_mut()
            .get_or_insert_with(|| {
                use std::sync::atomic::{AtomicUsize, Ordering};
                static NEXT: AtomicUsize = AtomicUsize::new(0);
                let base = if Path::new("/dev/shm").is_dir() {
                    PathBuf::from("/dev/shm")
                } else {
                    std::env::temp_dir()
                };
                base.join(format!(
                    "migplan-fuzz-{}-{}",
                    std::process::id(),
                    NEXT.fetch_add(1, Ordering::Relaxed)
                ))
            })
            .clone()
    });
    let content = root.join("content");
    let _ = fs::remove_dir_all(&content);
    fs::create_dir_all(&content).expect("scratch project");
    for (name, bytes) in files {
        fs::write(content.join(name), bytes).expect("scratch file");
    }
    f(&root);
}
