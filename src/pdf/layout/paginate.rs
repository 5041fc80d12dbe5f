//! The flow of slices -> pages of positioned items, and where each anchor
//! landed.
//!
//! Rules, in order: a forced page break starts a page; a slice marked
//! `keep_with_next` goes to a new page unless it, the slices glued to it and
//! the first free one all fit (if that chain is taller than a page, it is
//! broken where it must be); space between slices is dropped at page edges;
//! a table row that starts a page gets its table's header above it. A
//! heading glued to a Gantt chart moves onto the chart's landscape page.

use std::collections::BTreeMap;

use super::boxes::{Item, Page};
use super::flow::{Flow, Slice};
use super::gantt;
use super::measure::Measure;
use super::tags::{self, ArtifactKind, Mark, Role};
use super::theme;

/// Anchor id -> (page index, y of the target on that page).
pub type Anchors = BTreeMap<String, (usize, f32)>;

struct Paginator<'p> {
    pages: &'p mut Vec<Page>,
    anchors: &'p mut Anchors,
    size: (f32, f32),
    /// Only find where pages break and anchors land: pages stay empty and
    /// the flows are left as they are.
    dry: bool,
    /// Index of the page being filled, if any.
    open: Option<usize>,
    /// Cursor below the content area's top edge.
    y: f32,
    prev_after: f32,
}

/// Appends the pages of `flows` (portrait `size`) to `pages`. The items of
/// the slices are moved onto the pages (the flows keep their geometry).
pub fn paginate(
    flows: &mut [Flow],
    size: (f32, f32),
    m: &dyn Measure,
    pages: &mut Vec<Page>,
    anchors: &mut Anchors,
) {
    run(flows, size, m, pages, anchors, false);
}

/// Where `paginate` would put the anchors, and how many pages it would
/// append (as empty pages), without placing any item.
pub fn dry_run(
    flows: &mut [Flow],
    size: (f32, f32),
    m: &dyn Measure,
    pages: &mut Vec<Page>,
    anchors: &mut Anchors,
) {
    run(flows, size, m, pages, anchors, true);
}

fn run(
    flows: &mut [Flow],
    size: (f32, f32),
    m: &dyn Measure,
    pages: &mut Vec<Page>,
    anchors: &mut Anchors,
    dry: bool,
) {
    let mut p = Paginator {
        pages,
        anchors,
        size,
        dry,
        open: None,
        y: 0.0,
        prev_after: 0.0,
    };
    let avail = size.1 - theme::MARGIN_TOP - theme::MARGIN_BOTTOM;
    let mut i = 0;
    while i < flows.len() {
        match &flows[i] {
            Flow::PageBreak => p.close(),
            Flow::Gantt(g) => {
                let g = *g;
                p.close();
                gantt_pages(&mut p, g, &mut [], m);
            }
            Flow::Slice(s) => {
                let (chain, end) = chain(flows, i);
                let glued = matches!(&flows[end - 1], Flow::Slice(last) if last.keep_with_next);
                if let (true, Some(Flow::Gantt(g))) = (glued, flows.get(end)) {
                    // Headings glued to a chart go with it to its page.
                    let g = *g;
                    let mut carried: Vec<&mut Slice> = slices(&mut flows[i..end]).collect();
                    p.close();
                    gantt_pages(&mut p, g, &mut carried, m);
                    i = end + 1;
                    continue;
                }
                let gap = p.gap(s);
                let need = if chain <= avail { chain } else { s.height };
                if p.open.is_some() && p.y + gap + need > avail + 0.01 {
                    p.close();
                }
                let Flow::Slice(s) = &mut flows[i] else {
                    unreachable!("matched a slice above")
                };
                p.place(s);
            }
        }
        i += 1;
    }
}

fn slices<'f>(flows: &'f mut [Flow]) -> impl Iterator<Item = &'f mut Slice> {
    flows.iter_mut().filter_map(|f| {
        if let Flow::Slice(s) = f {
            Some(s)
        } else {
            None
        }
    })
}

/// Height of the slice at `i` with everything glued to it (the slices that
/// keep with their next, and the first that does not); and the index after
/// the chain. A forced break or a chart ends the chain.
fn chain(flows: &[Flow], i: usize) -> (f32, usize) {
    let mut height = 0.0;
    let mut prev_after: Option<f32> = None;
    let mut j = i;
    while let Some(Flow::Slice(s)) = flows.get(j) {
        height += prev_after.map_or(0.0, |a| a + s.space_before) + s.height;
        prev_after = Some(s.space_after);
        j += 1;
        if !s.keep_with_next {
            break;
        }
    }
    (height, j)
}

/// Moves the items of `s` by (`dx`, `dy`) onto `out` (freeing the slice's
/// own buffer).
fn move_items(s: &mut Slice, dx: f32, dy: f32, out: &mut Vec<Item>) {
    out.extend(
        std::mem::take(&mut s.items)
            .into_iter()
            .map(|mut it: Item| {
                it.translate(dx, dy);
                it
            }),
    );
}

impl Paginator<'_> {
    fn gap(&self, s: &Slice) -> f32 {
        if self.open.is_some() && self.y > 0.0 {
            self.prev_after + s.space_before
        } else {
            0.0
        }
    }

    fn close(&mut self) {
        self.open = None;
        self.y = 0.0;
        self.prev_after = 0.0;
    }

    fn page(&mut self) -> usize {
        match self.open {
            Some(i) => i,
            None => {
                let (width, height) = self.size;
                self.pages.push(Page {
                    width,
                    height,
                    items: Vec::new(),
                });
                let i = self.pages.len() - 1;
                self.open = Some(i);
                i
            }
        }
    }

    /// Places `s` below the cursor on the open page (opening one if needed,
    /// with the table header repeated when `s` continues a table).
    fn place(&mut self, s: &mut Slice) {
        let fresh = self.open.is_none() || self.y == 0.0;
        let page = self.page();
        if fresh && let Some(header) = &s.header {
            let mut h = if self.dry {
                // Geometry only: a dry run places no items.
                Slice {
                    height: header.height,
                    space_after: header.space_after,
                    anchors: header.anchors.clone(),
                    ..Slice::default()
                }
            } else {
                // Shown again, not read again: an artifact.
                let mut h = (**header).clone();
                tags::as_artifact(&mut h.items, ArtifactKind::Pagination);
                h
            };
            h.x = s.x;
            self.put(page, &mut h, 0.0);
            self.prev_after = 0.0;
        }
        let gap = self.gap(s);
        self.put(page, s, gap);
    }

    fn put(&mut self, page: usize, s: &mut Slice, gap: f32) {
        let top = theme::MARGIN_TOP + self.y + gap;
        let left = theme::MARGIN_LEFT + s.x;
        for id in &s.anchors {
            if !self.anchors.contains_key(id) {
                self.anchors.insert(id.clone(), (page, top));
            }
        }
        if !self.dry {
            move_items(s, left, top, &mut self.pages[page].items);
        }
        self.y += gap + s.height;
        self.prev_after = s.space_after;
    }
}

/// Lays out a chart on landscape pages, `carried` slices (its heading) on
/// top of the first one.
fn gantt_pages(
    p: &mut Paginator,
    g: &crate::pdf::doc::Gantt,
    carried: &mut [&mut Slice],
    m: &dyn Measure,
) {
    let (w, h) = (p.size.1, p.size.0);
    let first = p.pages.len();
    p.pages.push(Page {
        width: w,
        height: h,
        items: Vec::new(),
    });
    let mut y = 0.0;
    let mut prev_after: Option<f32> = None;
    for s in carried.iter_mut() {
        let gap = prev_after.map_or(0.0, |a| a + s.space_before);
        let top = theme::MARGIN_TOP + y + gap;
        for id in &s.anchors {
            if !p.anchors.contains_key(id) {
                p.anchors.insert(id.clone(), (first, top));
            }
        }
        if !p.dry {
            move_items(s, theme::MARGIN_LEFT + s.x, top, &mut p.pages[first].items);
        }
        y += gap + s.height;
        prev_after = Some(s.space_after);
    }
    let reserved = y + prev_after.unwrap_or(0.0);
    if p.dry {
        let n = gantt::page_count(g, (w, h), reserved, m);
        for _ in 1..n {
            p.pages.push(Page {
                width: w,
                height: h,
                items: Vec::new(),
            });
        }
        p.close();
        return;
    }
    // The chart, over all its pages, is one figure with a text alternative.
    let mut chart = gantt::layout(g, (w, h), reserved, m);
    if let Some(first) = chart.first_mut() {
        first.insert(0, Item::Mark(Mark::Open(Role::Figure(tags::gantt_alt(g)))));
    }
    if let Some(last) = chart.last_mut() {
        last.push(Item::Mark(Mark::Close));
    }
    for (k, items) in chart.into_iter().enumerate() {
        if k > 0 {
            p.pages.push(Page {
                width: w,
                height: h,
                items: Vec::new(),
            });
        }
        p.pages
            .last_mut()
            .expect("a page was pushed")
            .items
            .extend(items);
    }
    p.close();
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;

    const SIZE: (f32, f32) = (400.0, theme::MARGIN_TOP + theme::MARGIN_BOTTOM + 100.0);

    fn slice(h: f32) -> Slice {
        Slice {
            height: h,
            items: vec![Item::fill(
                0.0,
                0.0,
                1.0,
                h,
                super::super::boxes::Color(0, 0, 0),
            )],
            ..Slice::default()
        }
    }

    fn run(flows: &[Flow]) -> Vec<Page> {
        let m = crate::pdf::layout::measure::FixedMeasure(0.5);
        let (mut dry, mut dry_anchors) = (Vec::new(), Anchors::new());
        dry_run(&mut flows.to_vec(), SIZE, &m, &mut dry, &mut dry_anchors);
        let mut pages = Vec::new();
        let mut anchors = Anchors::new();
        paginate(&mut flows.to_vec(), SIZE, &m, &mut pages, &mut anchors);
        assert_eq!(dry.len(), pages.len(), "a dry run counts the same pages");
        assert_eq!(dry_anchors, anchors, "and finds the same anchors");
        pages
    }

    fn heights(p: &Page) -> Vec<f32> {
        p.items
            .iter()
            .filter_map(|i| {
                if let Item::Rect { h, .. } = i {
                    Some(*h)
                } else {
                    None
                }
            })
            .collect()
    }

    #[test]
    fn fills_pages_and_breaks_when_full() {
        let flows: Vec<Flow> = (0..5).map(|_| Flow::Slice(slice(30.0))).collect();
        let pages = run(&flows);
        assert_eq!(pages.len(), 2);
        assert_eq!(heights(&pages[0]).len(), 3);
    }

    #[test]
    fn keep_with_next_moves_a_heading_off_the_page_bottom() {
        let mut heading = slice(10.0);
        heading.keep_with_next = true;
        let flows = vec![
            Flow::Slice(slice(85.0)),
            Flow::Slice(heading),
            Flow::Slice(slice(20.0)),
        ];
        let pages = run(&flows);
        assert_eq!(pages.len(), 2);
        assert_eq!(heights(&pages[0]), [85.0]);
        assert_eq!(heights(&pages[1]), [10.0, 20.0]);
    }

    #[test]
    fn an_over_tall_chain_is_broken_rather_than_looping() {
        let mut flows = Vec::new();
        for _ in 0..6 {
            let mut s = slice(30.0);
            s.keep_with_next = true;
            flows.push(Flow::Slice(s));
        }
        assert_eq!(run(&flows).len(), 2);
    }

    #[test]
    fn table_rows_starting_a_page_repeat_the_header() {
        let mut header = slice(7.0);
        header.keep_with_next = true;
        let header_rc = Rc::new(header.clone());
        let mut flows = vec![Flow::Slice(header)];
        for _ in 0..10 {
            let mut row = slice(20.0);
            row.header = Some(header_rc.clone());
            flows.push(Flow::Slice(row));
        }
        let pages = run(&flows);
        assert_eq!(pages.len(), 3);
        for p in &pages {
            assert_eq!(heights(p)[0], 7.0, "each page starts with the header");
        }
        let rows: usize = pages
            .iter()
            .map(|p| heights(p).iter().filter(|h| **h == 20.0).count())
            .sum();
        assert_eq!(rows, 10);
    }

    #[test]
    fn only_slices_glued_to_a_chart_move_to_its_page() {
        let chart = crate::pdf::doc::Gantt { charts: vec![] };
        let mut heading = slice(10.0);
        heading.keep_with_next = true;
        let flows = vec![
            Flow::Slice(slice(20.0)),
            Flow::Gantt(&chart),
            Flow::Slice(heading),
            Flow::Gantt(&chart),
        ];
        let pages = run(&flows);
        assert_eq!(pages.len(), 3);
        assert_eq!(
            heights(&pages[0]),
            [20.0],
            "a plain slice stays on its page"
        );
        assert!(
            heights(&pages[2]).contains(&10.0),
            "the heading moved to the chart"
        );
    }

    #[test]
    fn spacing_is_dropped_at_the_top_of_a_page() {
        let mut second = slice(30.0);
        second.space_before = 50.0;
        let flows = vec![
            Flow::Slice(slice(90.0)),
            Flow::Slice(second),
            Flow::PageBreak,
            Flow::PageBreak,
        ];
        let pages = run(&flows);
        assert_eq!(pages.len(), 2);
        let Item::Rect { y, .. } = pages[1].items[0] else {
            panic!()
        };
        assert_eq!(y, theme::MARGIN_TOP);
    }
}
