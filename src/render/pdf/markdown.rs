//! Markdown prose -> PDF blocks: paragraphs, headings, lists, quotes, code,
//! tables and footnotes, with `{{ }}` expressions evaluated against the
//! computed plan first (the same expressions as the site).
//!
//! Raw HTML is not interpreted: its text is kept, its tags dropped, so
//! nothing a plan writes can become active content in the PDF.

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::model::Plan;
use crate::pdf::{Align, Block, Cell, Column, Inline, LinkTarget, Row, Table};
use crate::prose::{self, Origin, Piece, Value};
use crate::render::html::dates::DateView;
use crate::schedule::Schedule;

/// Converts Markdown. `heading_offset` is added to heading levels (a `#` in
/// a section becomes level 2 under the section's own level-1 heading);
/// `id_prefix` makes heading ids unique in the document.
pub fn blocks(
    src: &str,
    plan: &Plan,
    schedule: &Schedule,
    heading_offset: u8,
    id_prefix: &str,
) -> Vec<Block> {
    let text = expand(src, plan, schedule);
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut b = Builder {
        heading_offset,
        id_prefix: id_prefix.to_string(),
        ..Builder::default()
    };
    for ev in Parser::new_ext(&text, opts) {
        b.event(ev);
    }
    b.finish()
}

/// Replaces each `{{ ... }}` with its value as plain text; an expression
/// that fails (reported by `check`) stays as written.
fn expand(src: &str, plan: &Plan, schedule: &Schedule) -> String {
    let mut out = String::with_capacity(src.len());
    // Where the text came from matters only for errors, which `check`
    // has reported already.
    let origin = Origin::Value(Default::default());
    for piece in prose::expand(src, origin, plan, schedule, None) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            // A date never wraps across lines (no-break spaces; drawn as spaces).
            Piece::Value(Value::Date(d)) => {
                out.push_str(&DateView::of_anchor(&d).text.replace(' ', "\u{a0}"))
            }
            Piece::Value(Value::Text(t)) => out.push_str(&escape_md(&t)),
            Piece::Failed { written, .. } => out.push_str(written),
        }
    }
    out
}

/// Plan text inserted into Markdown must not turn into markup.
fn escape_md(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let esc = matches!(
                c,
                '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\' | '|' | '~'
            );
            esc.then_some('\\').into_iter().chain(std::iter::once(c))
        })
        .collect()
}

/// An open container being filled.
enum Frame {
    Paragraph(Vec<Inline>),
    Heading {
        level: u8,
        inlines: Vec<Inline>,
    },
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>, Vec<Inline>),
    Quote(Vec<Block>),
    Code(String),
    Table {
        aligns: Vec<Alignment>,
        header: Vec<Cell>,
        rows: Vec<Row>,
        row: Vec<Cell>,
        in_head: bool,
    },
    Cell(Vec<Inline>),
    Footnote(String, Vec<Block>),
    /// Inline styling: bold, italic, strikethrough or a link.
    Span(SpanKind, Vec<Inline>),
}

enum SpanKind {
    Bold,
    Italic,
    Struck,
    Link(String),
}

#[derive(Default)]
struct Builder {
    out: Vec<Block>,
    stack: Vec<Frame>,
    heading_offset: u8,
    id_prefix: String,
    headings: usize,
    footnotes: Vec<(String, Vec<Block>)>,
    footnote_numbers: Vec<String>,
}

impl Builder {
    fn event(&mut self, ev: Event) {
        match ev {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.inline(Inline::Text(t.into_string())),
            Event::Code(t) => self.inline(Inline::Code(t.into_string())),
            Event::SoftBreak => self.inline(Inline::text(" ")),
            Event::HardBreak => self.inline(Inline::LineBreak),
            Event::Rule => self.block(Block::Paragraph(vec![Inline::text("* * *")])),
            Event::Html(h) | Event::InlineHtml(h) => {
                let text = strip_tags(&h);
                if !text.trim().is_empty() {
                    self.inline(Inline::Text(text));
                }
            }
            Event::FootnoteReference(label) => {
                let n = self.footnote_number(&label);
                self.inline(Inline::text(format!("[{n}]")));
            }
            Event::TaskListMarker(done) => {
                self.inline(Inline::text(if done { "[x] " } else { "[ ] " }))
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.inline(Inline::Code(t.into_string()))
            }
        }
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        match self.footnote_numbers.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                self.footnote_numbers.push(label.to_string());
                self.footnote_numbers.len()
            }
        }
    }

    fn start(&mut self, tag: Tag) {
        let frame = match tag {
            Tag::Paragraph => Frame::Paragraph(Vec::new()),
            Tag::Heading { level, .. } => Frame::Heading {
                level: heading_level(level)
                    .saturating_add(self.heading_offset)
                    .min(4),
                inlines: Vec::new(),
            },
            Tag::BlockQuote(_) => Frame::Quote(Vec::new()),
            Tag::CodeBlock(_) => Frame::Code(String::new()),
            Tag::List(start) => Frame::List {
                ordered: start.is_some(),
                items: Vec::new(),
            },
            Tag::Item => Frame::Item(Vec::new(), Vec::new()),
            Tag::Table(aligns) => Frame::Table {
                aligns,
                header: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
                in_head: false,
            },
            Tag::TableHead => {
                if let Some(Frame::Table { in_head, .. }) = self.stack.last_mut() {
                    *in_head = true;
                }
                return;
            }
            Tag::TableRow => return,
            Tag::TableCell => Frame::Cell(Vec::new()),
            Tag::Emphasis => Frame::Span(SpanKind::Italic, Vec::new()),
            Tag::Strong => Frame::Span(SpanKind::Bold, Vec::new()),
            Tag::Strikethrough => Frame::Span(SpanKind::Struck, Vec::new()),
            Tag::Link { dest_url, .. } => {
                Frame::Span(SpanKind::Link(dest_url.into_string()), Vec::new())
            }
            Tag::Image { .. } => Frame::Span(SpanKind::Italic, Vec::new()),
            Tag::FootnoteDefinition(label) => Frame::Footnote(label.into_string(), Vec::new()),
            _ => return,
        };
        self.stack.push(frame);
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::TableHead => {
                if let Some(Frame::Table {
                    in_head,
                    row,
                    header,
                    ..
                }) = self.stack.last_mut()
                {
                    *header = std::mem::take(row);
                    *in_head = false;
                }
                return;
            }
            TagEnd::TableRow => {
                if let Some(Frame::Table { row, rows, .. }) = self.stack.last_mut() {
                    rows.push(Row {
                        cells: std::mem::take(row),
                        ..Row::default()
                    });
                }
                return;
            }
            TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => return,
            _ => {}
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match frame {
            Frame::Paragraph(i) => {
                if let Some(Frame::Item(_, pending)) = self.stack.last_mut() {
                    // A loose list item's paragraph.
                    pending.extend(i);
                    self.flush_item_text();
                } else {
                    self.block(Block::Paragraph(i));
                }
            }
            Frame::Heading { level, inlines } => {
                self.headings += 1;
                let text = plain(&inlines);
                let id = format!("{}h{}", self.id_prefix, self.headings);
                self.block(Block::Heading {
                    level: level.max(1),
                    text,
                    id,
                });
            }
            Frame::Quote(b) => self.block(Block::Quote(b)),
            Frame::Code(c) => self.block(Block::Code(c.trim_end_matches('\n').to_string())),
            Frame::List { ordered, items } => self.block(Block::List { ordered, items }),
            Frame::Item(mut blocks, pending) => {
                if !pending.is_empty() {
                    blocks.push(Block::Paragraph(pending));
                }
                if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                    items.push(blocks);
                }
            }
            Frame::Table {
                aligns,
                header,
                rows,
                ..
            } => {
                let columns = aligns
                    .iter()
                    .map(|a| {
                        Column::auto().align(match a {
                            Alignment::Right => Align::Right,
                            Alignment::Center => Align::Center,
                            _ => Align::Left,
                        })
                    })
                    .collect();
                self.block(Block::Table(Table {
                    columns,
                    header,
                    rows,
                }));
            }
            Frame::Cell(i) => {
                if let Some(Frame::Table { row, .. }) = self.stack.last_mut() {
                    row.push(Cell(i));
                }
            }
            Frame::Footnote(label, b) => self.footnotes.push((label, b)),
            Frame::Span(kind, content) => {
                let inline = match kind {
                    SpanKind::Bold => Inline::Bold(content),
                    SpanKind::Italic => Inline::Italic(content),
                    SpanKind::Struck => Inline::Italic(
                        std::iter::once(Inline::text("[struck out: "))
                            .chain(content)
                            .chain(std::iter::once(Inline::text("]")))
                            .collect(),
                    ),
                    SpanKind::Link(url) => link(url, content),
                };
                self.inline(inline);
            }
        }
    }

    /// Text directly inside a list item (tight lists have no paragraph).
    fn flush_item_text(&mut self) {
        if let Some(Frame::Item(blocks, pending)) = self.stack.last_mut()
            && !pending.is_empty()
        {
            blocks.push(Block::Paragraph(std::mem::take(pending)));
        }
    }

    fn inline(&mut self, i: Inline) {
        match self.stack.last_mut() {
            Some(Frame::Paragraph(v))
            | Some(Frame::Heading { inlines: v, .. })
            | Some(Frame::Cell(v))
            | Some(Frame::Span(_, v))
            | Some(Frame::Item(_, v)) => v.push(i),
            Some(Frame::Code(s)) => {
                if let Inline::Text(t) = i {
                    s.push_str(&t);
                }
            }
            _ => self.block(Block::Paragraph(vec![i])),
        }
    }

    fn block(&mut self, b: Block) {
        self.flush_item_text();
        match self.stack.last_mut() {
            Some(Frame::Quote(v)) | Some(Frame::Item(v, _)) | Some(Frame::Footnote(_, v)) => {
                v.push(b)
            }
            _ => self.out.push(b),
        }
    }

    fn finish(mut self) -> Vec<Block> {
        while !self.stack.is_empty() {
            let tag = match self.stack.last() {
                Some(Frame::Paragraph(_)) => TagEnd::Paragraph,
                _ => TagEnd::BlockQuote(None),
            };
            self.end(tag);
        }
        if !self.footnotes.is_empty() {
            let mut notes = std::mem::take(&mut self.footnotes);
            let order = self.footnote_numbers.clone();
            notes.sort_by_key(|(l, _)| order.iter().position(|o| o == l).unwrap_or(usize::MAX));
            self.out
                .push(Block::Paragraph(vec![Inline::Bold(vec![Inline::text(
                    "Notes",
                )])]));
            self.out.push(Block::List {
                ordered: true,
                items: notes.into_iter().map(|(_, b)| b).collect(),
            });
        }
        self.out
    }
}

/// Only web and mail links are live in the PDF; anything else is text.
fn link(url: String, content: Vec<Inline>) -> Inline {
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
    {
        Inline::Link {
            target: LinkTarget::Url(url.trim().to_string()),
            content,
        }
    } else {
        Inline::Italic(content)
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The text of inlines without styling.
pub fn plain(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => s.push_str(t),
            Inline::Bold(c) | Inline::Italic(c) | Inline::Link { content: c, .. } => {
                s.push_str(&plain(c))
            }
            Inline::LineBreak => s.push(' '),
        }
    }
    s
}

/// Text of an HTML fragment without its tags.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(src: &str) -> Vec<Block> {
        let mut opts = Options::empty();
        opts.insert(Options::ENABLE_TABLES);
        opts.insert(Options::ENABLE_FOOTNOTES);
        opts.insert(Options::ENABLE_STRIKETHROUGH);
        let mut b = Builder {
            heading_offset: 1,
            ..Builder::default()
        };
        for ev in Parser::new_ext(src, opts) {
            b.event(ev);
        }
        b.finish()
    }

    #[test]
    fn paragraphs_lists_and_tables() {
        let out = b(
            "# Title\n\nSome **bold** and *it*.\n\n- one\n- two\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n",
        );
        assert!(matches!(&out[0], Block::Heading { level: 2, text, .. } if text == "Title"));
        assert!(matches!(&out[1], Block::Paragraph(i) if plain(i) == "Some bold and it."));
        match &out[2] {
            Block::List {
                ordered: false,
                items,
            } => assert_eq!(items.len(), 2),
            other => panic!("{other:?}"),
        }
        match &out[3] {
            Block::Table(t) => {
                assert_eq!(t.header.len(), 2);
                assert_eq!(t.rows.len(), 1);
                assert_eq!(t.columns[1].align, Align::Right);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn html_is_inert_and_bad_links_are_text() {
        let out =
            b("Hi <script>alert(1)</script> [x](javascript:alert(1)) [y](https://example.org)");
        let Block::Paragraph(i) = &out[0] else {
            panic!()
        };
        assert!(!format!("{i:?}").contains("javascript"));
        assert!(i.iter().any(|x| matches!(x, Inline::Link { target: LinkTarget::Url(u), .. } if u == "https://example.org")));
    }

    #[test]
    fn footnotes_are_numbered_at_the_end() {
        let out = b("Text[^a].\n\n[^a]: The note.\n");
        assert!(matches!(&out[0], Block::Paragraph(i) if plain(i) == "Text[1]."));
        assert!(matches!(
            out.last(),
            Some(Block::List { ordered: true, .. })
        ));
    }
}
