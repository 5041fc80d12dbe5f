//! Structure marks: what the laid-out items mean -> the tag tree of a
//! tagged PDF (PDF/UA), built by the back end.
//!
//! Layout puts `Item::Mark`s into the item stream, around the items they
//! describe: `Open(role)` starts a structure element inside the current
//! one, `Close` ends it, `Resume` re-enters an element already made (a
//! table row split across pages). The stream is read in page order, which
//! is the reading order. Text belongs to the innermost open element;
//! graphics (rules, fills, bars) are decoration and become artifacts,
//! except inside a figure, whose drawing is its content. Page furniture
//! (running header, footer, page numbers, watermark, a table header
//! repeated on a new page) is wrapped in `Role::Artifact`.
//!
//! Because the marks sit on the same primitives every block uses (lines of
//! text, table rows, slices), new content drawn with them is tagged too.

use super::boxes::Item;
use super::flow::{Flow, Slice};

/// What a structure element is.
#[derive(Clone, Debug, PartialEq)]
pub enum Role {
    /// A heading of the given level (1 = chapter) and its text. The back
    /// end closes gaps in the levels (a level-4 heading right after a
    /// level-1 one is tagged H2), so the tags never skip a level.
    Heading(u8, String),
    /// The document's title on the cover.
    Title,
    Paragraph,
    List {
        ordered: bool,
    },
    ListItem,
    /// A list item's marker (bullet or number).
    Label,
    /// A list item's content.
    ListBody,
    Quote,
    Code,
    Table,
    TableHead,
    TableBody,
    TableRow,
    /// A header cell for its column (`Column`) or its row (`Row`).
    HeaderCell(Scope),
    Cell,
    /// A chart or drawing, with a text alternative.
    Figure(String),
    Toc,
    TocItem,
    /// A link: its text and its clickable area.
    Link,
    /// A generic group (a signature block).
    Division,
    /// Not content: its items are marked as artifacts of this kind.
    Artifact(ArtifactKind),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Column,
    Row,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArtifactKind {
    /// The running header.
    Header,
    /// The running footer.
    Footer,
    PageNumber,
    Watermark,
    /// Repeated for pagination (a table header on a continued page).
    Pagination,
    /// Typographic filler (TOC leader dots).
    Layout,
}

/// Which child of the current element `Resume` re-enters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Child {
    Last,
    /// The `n`th child element (0-based).
    Nth(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    Open(Role),
    /// Re-enters an element made earlier, as a child of the current one.
    Resume(Child),
    Close,
}

/// Puts `flows` inside a `role` element: opens it before the first slice's
/// items and closes it after the last slice's. Nothing when there is no
/// slice.
pub fn wrap(flows: &mut [Flow], role: Role) {
    let first = flows.iter().position(|f| matches!(f, Flow::Slice(_)));
    let last = flows.iter().rposition(|f| matches!(f, Flow::Slice(_)));
    let (Some(first), Some(last)) = (first, last) else {
        return;
    };
    if let Flow::Slice(s) = &mut flows[first] {
        s.items.insert(0, Item::Mark(Mark::Open(role)));
    }
    if let Flow::Slice(s) = &mut flows[last] {
        s.items.push(Item::Mark(Mark::Close));
    }
}

/// Puts all of `slices` (in order) inside a `role` element.
pub fn wrap_slices(slices: &mut [Slice], role: Role) {
    if slices.is_empty() {
        return;
    }
    slices[0].items.insert(0, Item::Mark(Mark::Open(role)));
    if let Some(last) = slices.last_mut() {
        last.items.push(Item::Mark(Mark::Close));
    }
}

/// Puts `items[from..]` inside a `role` element.
pub fn wrap_tail(items: &mut Vec<Item>, from: usize, role: Role) {
    items.insert(from.min(items.len()), Item::Mark(Mark::Open(role)));
    items.push(Item::Mark(Mark::Close));
}

/// `items` without their marks, as an artifact of `kind` (a copy of
/// content shown again, e.g. a table header repeated on a new page).
pub fn as_artifact(items: &mut Vec<Item>, kind: ArtifactKind) {
    items.retain(|i| !matches!(i, Item::Mark(_)));
    wrap_tail(items, 0, Role::Artifact(kind));
}

/// The longest text alternative written, in characters: a PDF string may
/// not pass 32,767 bytes (PDF/A), and a reader does not want a book.
pub const ALT_MAX: usize = 6_000;

/// `text` cut to `max` characters, with an ellipsis when cut.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}\u{2026}", &text[..at]),
        None => text.to_string(),
    }
}

/// A text alternative for a Gantt chart: what it spans and each row's
/// bars and milestones, so a reader who cannot see it gets the dates. Rows
/// past `ALT_MAX` characters are counted, not listed (the schedule's
/// tables list them all).
pub fn gantt_alt(g: &crate::pdf::doc::Gantt) -> String {
    let mut out = String::new();
    for chart in &g.charts {
        let head = if chart.summary.starts_with(&chart.title) {
            chart.summary.clone()
        } else {
            format!("{}: {}", chart.title, chart.summary)
        };
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&clip(&head, 1_000));
        for (i, row) in chart.rows.iter().enumerate() {
            if out.chars().count() > ALT_MAX {
                out.push_str(&format!(
                    " And {} more rows, as in the schedule.",
                    chart.rows.len() - i
                ));
                break;
            }
            out.push_str(&format!(
                " {}.",
                clip(row.tooltip.trim_end_matches('.'), 300)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_chart_has_a_bounded_alt_text() {
        use crate::render::gantt::{Chart, Row, RowKind};
        let at = |d: &str| {
            d.parse::<chrono::NaiveDate>()
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
        };
        let mut chart = Chart::empty("Whole plan", at("2026-10-01"), at("2026-12-31"));
        for i in 0..2000 {
            let mut row = Row::new(
                RowKind::Task,
                &format!("Task number {i} with a long name"),
                0,
            );
            row.tooltip = format!("Task number {i} with a long name: 1 Oct to 9 Oct, to do.");
            chart.rows.push(row);
        }
        let alt = gantt_alt(&crate::pdf::doc::Gantt {
            charts: vec![chart],
        });
        assert!(alt.chars().count() < ALT_MAX + 400, "{}", alt.len());
        assert!(
            alt.starts_with("Whole plan Task number 0 with a long name: 1 Oct to 9 Oct, to do."),
            "{alt}"
        );
        assert!(alt.ends_with("more rows, as in the schedule."), "{alt}");
        assert_eq!(clip("abcdef", 3), "abc\u{2026}");
        assert_eq!(clip("abc", 3), "abc");
    }

    #[test]
    fn a_repeated_header_loses_its_marks_and_becomes_an_artifact() {
        let mut items = vec![
            Item::Mark(Mark::Open(Role::TableHead)),
            Item::fill(0.0, 0.0, 1.0, 1.0, super::super::boxes::Color(0, 0, 0)),
            Item::Mark(Mark::Close),
        ];
        as_artifact(&mut items, ArtifactKind::Pagination);
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[0],
            Item::Mark(Mark::Open(Role::Artifact(ArtifactKind::Pagination)))
        );
        assert_eq!(items[2], Item::Mark(Mark::Close));
    }
}
