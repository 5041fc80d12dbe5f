//! One YAML text -> a small tree of its nodes with their byte ranges:
//! what the hash (which ranges to leave out) and `migplan done` (where to
//! append an event) need to know about a file's layout. Built from
//! granit-parser's events, the parser serde-saphyr itself uses.

use std::ops::Range;

use granit_parser::{Event, Parser, StructureStyle};

/// The parts of a YAML document this needs: scalars (keys) and the byte
/// range of every node.
pub enum Node {
    Scalar {
        text: String,
        range: Range<usize>,
    },
    Seq {
        items: Vec<Node>,
        range: Range<usize>,
    },
    Map {
        entries: Vec<(Node, Node)>,
        style: StructureStyle,
        range: Range<usize>,
    },
}

impl Node {
    pub fn range(&self) -> Range<usize> {
        match self {
            Node::Scalar { range, .. } | Node::Seq { range, .. } | Node::Map { range, .. } => {
                range.clone()
            }
        }
    }

    pub fn scalar(&self) -> Option<&str> {
        match self {
            Node::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }
}

/// Deeper than the loader's own budget (48): such a file never loads.
const MAX_DEPTH: usize = 64;

/// The first document of `text` as a [`Node`] tree.
pub fn tree(text: &str) -> Option<Node> {
    let mut events = Vec::new();
    for ev in Parser::new_from_str(text) {
        let (ev, span) = ev.ok()?;
        let range = span.byte_range()?;
        match ev {
            Event::Scalar(s, ..) => events.push(Ev::Scalar(s.into_owned(), range)),
            Event::Alias(_) | Event::UnresolvedAlias(_) => {
                events.push(Ev::Scalar(String::new(), range))
            }
            Event::SequenceStart(style, ..) => events.push(Ev::SeqStart(style, range)),
            Event::MappingStart(style, ..) => events.push(Ev::MapStart(style, range)),
            Event::SequenceEnd | Event::MappingEnd => events.push(Ev::End(range)),
            Event::DocumentEnd => break,
            _ => {}
        }
    }
    let mut it = events.into_iter().peekable();
    node(&mut it, 0)
}

enum Ev {
    Scalar(String, Range<usize>),
    SeqStart(StructureStyle, Range<usize>),
    MapStart(StructureStyle, Range<usize>),
    End(Range<usize>),
}

fn node(it: &mut std::iter::Peekable<std::vec::IntoIter<Ev>>, depth: usize) -> Option<Node> {
    if depth > MAX_DEPTH {
        return None;
    }
    match it.next()? {
        Ev::Scalar(text, range) => Some(Node::Scalar { text, range }),
        Ev::SeqStart(style, start) => {
            let mut items = Vec::new();
            loop {
                if let Some(Ev::End(_)) = it.peek() {
                    let Some(Ev::End(close)) = it.next() else {
                        unreachable!()
                    };
                    let end = close_end(style, &close, items.last().map(Node::range), &start);
                    return Some(Node::Seq {
                        items,
                        range: start.start..end,
                    });
                }
                items.push(node(it, depth + 1)?);
            }
        }
        Ev::MapStart(style, start) => {
            let mut entries = Vec::new();
            loop {
                if let Some(Ev::End(_)) = it.peek() {
                    let Some(Ev::End(close)) = it.next() else {
                        unreachable!()
                    };
                    let end = close_end(
                        style,
                        &close,
                        entries.last().map(|(_, v): &(Node, Node)| v.range()),
                        &start,
                    );
                    return Some(Node::Map {
                        entries,
                        style,
                        range: start.start..end,
                    });
                }
                let k = node(it, depth + 1)?;
                let v = node(it, depth + 1)?;
                entries.push((k, v));
            }
        }
        Ev::End(_) => None,
    }
}

/// Where a collection ends: a flow collection at its closing bracket; a
/// block one with its last child (its end event sits wherever the next
/// token starts, after any comments).
fn close_end(
    style: StructureStyle,
    close: &Range<usize>,
    last: Option<Range<usize>>,
    start: &Range<usize>,
) -> usize {
    match style {
        StructureStyle::Flow => close.end,
        _ => last.map_or(start.end, |r| r.end),
    }
}
