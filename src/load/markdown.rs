//! One Markdown file -> a [`Section`]: front matter (YAML between `---`
//! lines) and body, with the body's line number kept for diagnostics.

use serde::Deserialize;

use crate::diag::{Diagnostic, FileId, Pos};
use crate::model::{Section, Sp};

use super::yaml;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Sp<String>,
    order: Option<i64>,
}

/// Default `order` of a section that gives none.
pub const DEFAULT_ORDER: i64 = 100;

pub fn parse(file: FileId, slug: String, text: &str) -> Result<Section, Box<Diagnostic>> {
    let no_front_matter = || {
        Box::new(
            Diagnostic::error(
                Pos::new(file, 1, 1, 1),
                "a section must start with front matter giving its title",
            )
            .with_hint("begin the file with:\n---\ntitle: Rollback plan\norder: 40\n---"),
        )
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().ok_or_else(no_front_matter)?;
    if first.trim_end() != "---" {
        return Err(no_front_matter());
    }
    let mut yaml_len = 0;
    let mut line_no = 1u32;
    let mut closed = None;
    for line in lines {
        line_no += 1;
        let t = line.trim_end();
        if t == "---" || t == "..." {
            closed = Some(line_no);
            break;
        }
        yaml_len += line.len();
    }
    let Some(close_line) = closed else {
        return Err(Box::new(
            Diagnostic::error(Pos::new(file, 1, 1, 3), "the front matter is never closed")
                .with_hint("end the front matter with a line `---`"),
        ));
    };
    let yaml_start = first.len();
    let yaml_text = &text[yaml_start..yaml_start + yaml_len];
    let fm: FrontMatter = yaml::parse(file, 1, yaml_text).map_err(|d| {
        if d.message.starts_with("missing required key `title`") {
            Box::new(
                Diagnostic::error(Pos::new(file, 1, 1, 3), "the front matter has no `title`")
                    .with_hint("add `title: ...` between the `---` lines"),
            )
        } else {
            d
        }
    })?;
    let body_start = yaml_start
        + yaml_len
        + text[yaml_start + yaml_len..]
            .split_inclusive('\n')
            .next()
            .map_or(0, str::len);
    Ok(Section {
        file,
        slug,
        title: fm.title,
        order: fm.order.unwrap_or(DEFAULT_ORDER),
        body: text[body_start.min(text.len())..].to_string(),
        body_line: close_line + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = parse(
            FileId(0),
            "rollback".into(),
            "---\ntitle: Rollback plan\norder: 40\n---\nBody line\n",
        )
        .unwrap();
        assert_eq!(s.title.value, "Rollback plan");
        assert_eq!(s.title.pos.line, 2);
        assert_eq!(s.order, 40);
        assert_eq!(s.body, "Body line\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn default_order_and_crlf() {
        let s = parse(FileId(0), "x".into(), "---\r\ntitle: X\r\n---\r\nHi\r\n").unwrap();
        assert_eq!(s.order, DEFAULT_ORDER);
        assert_eq!(s.body, "Hi\r\n");
    }

    #[test]
    fn errors() {
        let e = parse(FileId(0), "x".into(), "# no front matter\n").unwrap_err();
        assert!(e.message.contains("front matter"));
        let e = parse(FileId(0), "x".into(), "---\ntitle: X\n").unwrap_err();
        assert!(e.message.contains("never closed"));
        let e = parse(FileId(0), "x".into(), "---\ntitel: X\n---\n").unwrap_err();
        assert_eq!(e.message, "unknown key `titel`");
        assert_eq!(e.pos().unwrap().line, 2);
        let e = parse(FileId(0), "x".into(), "---\norder: 3\n---\n").unwrap_err();
        assert!(e.message.contains("no `title`"), "{}", e.message);
    }
}
