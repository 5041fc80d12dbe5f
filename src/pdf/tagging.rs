//! The structure marks of the laid-out pages (`layout::tags`) -> krilla's
//! tag tree, while the back end draws: which element (or artifact) each
//! drawn item belongs to, and the tree at the end.
//!
//! Rules: text belongs to the innermost open element; graphics are
//! decoration (artifacts) unless a figure is open; inside an artifact
//! everything is artifact. Heading levels are closed up so the tags never
//! skip one (H1 then a level-3 heading: H2). Empty elements are dropped,
//! except table cells (an empty cell keeps the columns aligned).

use std::num::NonZeroU16;

use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node as KNode, SpanTag,
    TableHeaderScope, Tag, TagGroup, TagKind, TagTree,
};

use crate::pdf::layout::boxes::Item;
use crate::pdf::layout::tags::{ArtifactKind, Child, Mark, Role, Scope};

/// Where a drawn item goes: into an element (by index) or an artifact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Element(usize),
    Artifact(ArtifactKind),
}

impl Target {
    /// How the item's marked content is opened in the page's content.
    pub fn content_tag(self) -> ContentTag<'static> {
        match self {
            Target::Element(_) => ContentTag::Span(SpanTag::empty()),
            Target::Artifact(kind) => ContentTag::Artifact(Artifact::with_kind(match kind {
                ArtifactKind::Header => ArtifactType::Header,
                ArtifactKind::Footer => ArtifactType::Footer,
                ArtifactKind::PageNumber => ArtifactType::PageNumber,
                ArtifactKind::Watermark => ArtifactType::Watermark,
                ArtifactKind::Pagination => ArtifactType::PaginationOther,
                ArtifactKind::Layout => ArtifactType::Layout,
            })),
        }
    }
}

enum Kid {
    Element(usize),
    Content(Identifier),
    /// A link annotation, by its index in `Tagger::annotations`.
    Annotation(usize),
}

struct Element {
    role: Role,
    kids: Vec<Kid>,
}

enum Frame {
    Element(usize),
    Artifact(ArtifactKind),
}

/// Builds the tag tree from the marks and drawn items, in reading order.
pub struct Tagger {
    /// Element 0 is the document itself.
    elements: Vec<Element>,
    stack: Vec<Frame>,
    /// How many open elements are figures (their drawing is content).
    figures: usize,
    /// The level the last heading was tagged with.
    heading: u16,
    /// Link annotations, filled in once their page is finished.
    annotations: Vec<Option<Identifier>>,
    /// Text drawn outside any element (each gets a paragraph of its own);
    /// layout never does this, `tests` check it.
    pub stray: usize,
}

impl Tagger {
    pub fn new() -> Self {
        Tagger {
            elements: vec![Element {
                role: Role::Division,
                kids: Vec::new(),
            }],
            stack: vec![Frame::Element(0)],
            figures: 0,
            heading: 0,
            annotations: Vec::new(),
            stray: 0,
        }
    }

    fn top(&self) -> &Frame {
        self.stack
            .last()
            .expect("the document frame is never closed")
    }

    fn current(&self) -> Option<usize> {
        match self.top() {
            Frame::Element(e) => Some(*e),
            Frame::Artifact(_) => None,
        }
    }

    fn add(&mut self, parent: usize, role: Role) -> usize {
        if matches!(role, Role::Figure(_)) {
            self.figures += 1;
        }
        self.elements.push(Element {
            role,
            kids: Vec::new(),
        });
        let e = self.elements.len() - 1;
        self.elements[parent].kids.push(Kid::Element(e));
        e
    }

    pub fn mark(&mut self, mark: &Mark) {
        match mark {
            Mark::Open(role) => {
                let frame = match (self.top(), role) {
                    (Frame::Artifact(kind), _) | (_, Role::Artifact(kind)) => {
                        Frame::Artifact(*kind)
                    }
                    (Frame::Element(parent), _) => {
                        let parent = *parent;
                        Frame::Element(self.add(parent, role.clone()))
                    }
                };
                self.stack.push(frame);
            }
            Mark::Resume(child) => {
                let frame = match self.top() {
                    Frame::Artifact(kind) => Frame::Artifact(*kind),
                    Frame::Element(parent) => {
                        let mut elements = self.elements[*parent].kids.iter().filter_map(|k| {
                            if let Kid::Element(e) = k {
                                Some(*e)
                            } else {
                                None
                            }
                        });
                        let found = match child {
                            Child::Last => elements.next_back(),
                            Child::Nth(n) => elements.nth(*n),
                        };
                        // Nothing to resume: stay in the parent.
                        Frame::Element(found.unwrap_or(*parent))
                    }
                };
                if let Frame::Element(e) = frame
                    && matches!(self.elements[e].role, Role::Figure(_))
                {
                    self.figures += 1;
                }
                self.stack.push(frame);
            }
            Mark::Close => {
                if self.stack.len() > 1
                    && let Some(Frame::Element(e)) = self.stack.pop()
                    && matches!(self.elements[e].role, Role::Figure(_))
                {
                    self.figures -= 1;
                }
            }
        }
    }

    /// Where `item` goes. Text outside any element gets a paragraph.
    pub fn target(&mut self, item: &Item) -> Target {
        let text = matches!(item, Item::Text { .. } | Item::RotatedText { .. });
        match self.top() {
            Frame::Artifact(kind) => Target::Artifact(*kind),
            Frame::Element(_) if !text && self.figures == 0 => {
                Target::Artifact(ArtifactKind::Layout)
            }
            Frame::Element(0) if text => {
                self.stray += 1;
                Target::Element(self.add(0, Role::Paragraph))
            }
            Frame::Element(e) => Target::Element(*e),
        }
    }

    /// Records marked content drawn for `target`'s element.
    pub fn content(&mut self, target: Target, id: Identifier) {
        if let Target::Element(e) = target {
            self.elements[e].kids.push(Kid::Content(id));
        }
    }

    /// A link annotation in the current element (or, inside an artifact,
    /// in the document); returns its index for `annotated`.
    pub fn annotation(&mut self) -> usize {
        let e = self.current().unwrap_or(0);
        self.annotations.push(None);
        let k = self.annotations.len() - 1;
        self.elements[e].kids.push(Kid::Annotation(k));
        k
    }

    /// The identifier of annotation `k`, once added to its page.
    pub fn annotated(&mut self, k: usize, id: Identifier) {
        self.annotations[k] = Some(id);
    }

    /// The finished tree, in `lang`.
    pub fn finish(mut self, lang: &str) -> TagTree {
        let kids = std::mem::take(&mut self.elements[0].kids);
        let mut tree = TagTree::new().with_lang(Some(lang.to_string()).filter(|l| !l.is_empty()));
        for kid in kids {
            if let Some(node) = self.node(kid) {
                tree.push(node);
            }
        }
        tree
    }

    fn node(&mut self, kid: Kid) -> Option<KNode> {
        match kid {
            Kid::Content(id) => Some(id.into()),
            Kid::Annotation(k) => self.annotations[k].map(Into::into),
            Kid::Element(e) => {
                let kids = std::mem::take(&mut self.elements[e].kids);
                let role = self.elements[e].role.clone();
                let children: Vec<KNode> = kids.into_iter().filter_map(|k| self.node(k)).collect();
                let cell = matches!(role, Role::Cell | Role::HeaderCell(_));
                if children.is_empty() && !cell {
                    return None;
                }
                let tag = self.tag(&role)?;
                Some(TagGroup::with_children(tag, children).into())
            }
        }
    }

    /// The krilla tag of `role`, in reading order (headings are levelled
    /// here, as they are met).
    fn tag(&mut self, role: &Role) -> Option<TagKind> {
        Some(match role {
            Role::Heading(level, title) => {
                let level = u16::from(*level).clamp(1, self.heading + 1);
                self.heading = level;
                Tag::Hn(NonZeroU16::new(level)?, Some(title.clone())).into()
            }
            Role::Title => Tag::Title.into(),
            Role::Paragraph => Tag::P.into(),
            Role::List { ordered } => Tag::L(if *ordered {
                ListNumbering::Decimal
            } else {
                ListNumbering::Disc
            })
            .into(),
            Role::ListItem => Tag::LI.into(),
            Role::Label => Tag::Lbl.into(),
            Role::ListBody => Tag::LBody.into(),
            Role::Quote => Tag::BlockQuote.into(),
            Role::Code => Tag::Code.into(),
            Role::Table => Tag::Table.into(),
            Role::TableHead => Tag::THead.into(),
            Role::TableBody => Tag::TBody.into(),
            Role::TableRow => Tag::TR.into(),
            Role::HeaderCell(scope) => Tag::TH(match scope {
                Scope::Column => TableHeaderScope::Column,
                Scope::Row => TableHeaderScope::Row,
            })
            .into(),
            Role::Cell => Tag::TD.into(),
            Role::Figure(alt) => Tag::Figure(Some(alt.clone())).into(),
            Role::Toc => Tag::TOC.into(),
            Role::TocItem => Tag::TOCI.into(),
            Role::Link => Tag::Link.into(),
            Role::Division => Tag::Div.into(),
            Role::Artifact(_) => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::boxes::Color;
    use crate::pdf::layout::measure::FontStyle;

    fn text() -> Item {
        Item::Text {
            x: 0.0,
            y: 0.0,
            text: "t".into(),
            font: FontStyle::Regular,
            size: 9.0,
            color: Color(0, 0, 0),
        }
    }

    fn open(t: &mut Tagger, role: Role) {
        t.mark(&Mark::Open(role));
    }

    #[test]
    fn text_goes_to_the_innermost_element_and_graphics_are_decoration() {
        let mut t = Tagger::new();
        open(&mut t, Role::Paragraph);
        let p = t.target(&text());
        assert_eq!(p, Target::Element(1));
        let rule = Item::fill(0.0, 0.0, 1.0, 1.0, Color(0, 0, 0));
        assert_eq!(t.target(&rule), Target::Artifact(ArtifactKind::Layout));
        t.mark(&Mark::Close);
        open(&mut t, Role::Figure("A chart".into()));
        assert_eq!(t.target(&rule), Target::Element(2), "a figure's drawing");
        open(&mut t, Role::Artifact(ArtifactKind::Watermark));
        open(&mut t, Role::Paragraph);
        assert_eq!(
            t.target(&text()),
            Target::Artifact(ArtifactKind::Watermark),
            "inside an artifact everything is artifact"
        );
        assert_eq!(t.stray, 0);
    }

    #[test]
    fn a_split_row_resumes_its_cells_and_stray_text_gets_a_paragraph() {
        let mut t = Tagger::new();
        open(&mut t, Role::TableRow);
        for _ in 0..2 {
            open(&mut t, Role::Cell);
            t.mark(&Mark::Close);
        }
        t.mark(&Mark::Close);
        // The row's second part: back into the row and its second cell.
        t.mark(&Mark::Resume(Child::Last));
        t.mark(&Mark::Resume(Child::Nth(1)));
        assert_eq!(t.target(&text()), Target::Element(3));
        t.mark(&Mark::Close);
        t.mark(&Mark::Close);
        t.mark(&Mark::Close); // one too many: the document stays open
        assert!(matches!(t.target(&text()), Target::Element(4)));
        assert_eq!(t.stray, 1);
    }

    #[test]
    fn heading_levels_never_skip_going_down() {
        // An identifier from a throwaway page: headings need content.
        let mut doc = krilla::Document::new();
        let mut page = doc.start_page();
        let mut surface = page.surface();
        let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
        surface.end_tagged();
        surface.finish();
        page.finish();
        let mut t = Tagger::new();
        for level in [2, 4, 1, 3, 6] {
            open(&mut t, Role::Heading(level, format!("H{level}")));
            let target = t.target(&text());
            t.content(target, id);
            t.mark(&Mark::Close);
        }
        let tree = t.finish("en");
        let levels: Vec<u16> = tree
            .children
            .iter()
            .map(|n| match n {
                KNode::Group(g) => match &g.tag {
                    TagKind::Hn(h) => h.level().get(),
                    other => panic!("{other:?}"),
                },
                KNode::Leaf(_) => panic!("a leaf"),
            })
            .collect();
        assert_eq!(levels, [1, 2, 1, 2, 3]);
    }
}
