//! Page furniture added once pagination is final: the running header (title
//! and version) and the footer ("Page X of Y") on every page but the cover,
//! and the diagonal watermark on every page when one is set. All of it is
//! tagged as artifacts (of the header, footer, page number, watermark), so
//! a reader hears the content once and without the furniture.

use super::boxes::{Item, Page};
use super::measure::{FontStyle, Measure};
use super::tags::{self, ArtifactKind, Role};
use super::theme;

pub struct Chrome<'a> {
    pub header_left: &'a str,
    pub header_right: String,
    pub footer_left: &'a str,
    pub watermark: Option<&'a str>,
}

pub fn apply(pages: &mut [Page], c: &Chrome, m: &dyn Measure) {
    let total = pages.len();
    let marked = c.watermark.is_some_and(|w| !w.trim().is_empty());
    for (i, page) in pages.iter_mut().enumerate() {
        // Room for exactly the items added below: growing every page's
        // list by doubling would cost a third of the layout's memory.
        page.items
            .reserve_exact(if i > 0 { RUNNING_ITEMS } else { 0 } + 3 * usize::from(marked));
        if i > 0 {
            running(page, i + 1, total, c, m);
        }
        if let Some(word) = c.watermark.filter(|w| !w.trim().is_empty()) {
            watermark(page, word, m);
        }
        // The page is final: give back what its list grew beyond it.
        page.items.shrink_to_fit();
    }
}

/// How many items `running` adds to a page (with their marks).
const RUNNING_ITEMS: usize = 11;

fn running(page: &mut Page, number: usize, total: usize, c: &Chrome, m: &dyn Measure) {
    let (left, right) = (theme::MARGIN_LEFT, page.width - theme::MARGIN_RIGHT);
    let size = theme::CHROME_SIZE;
    let text = |x: f32, y: f32, t: String, font: FontStyle| Item::Text {
        x,
        y,
        text: t,
        font,
        size,
        color: theme::MUTED,
    };
    let hy = theme::HEADER_BASELINE;
    let from = page.items.len();
    let rw = m.width(&c.header_right, FontStyle::Regular, size);
    let lmax = right - left - rw - 24.0;
    let lt = fit(c.header_left, FontStyle::Bold, size, lmax, m);
    page.items.push(text(left, hy, lt, FontStyle::Bold));
    page.items.push(text(
        right - rw,
        hy,
        c.header_right.clone(),
        FontStyle::Regular,
    ));
    page.items
        .push(Item::hrule(left, right, hy + 7.0, theme::hairline()));
    tags::wrap_tail(&mut page.items, from, Role::Artifact(ArtifactKind::Header));

    let fy = page.height - theme::FOOTER_BASELINE;
    let number = format!("Page {number} of {total}");
    let nw = m.width(&number, FontStyle::Regular, size);
    let from = page.items.len();
    page.items
        .push(text(right - nw, fy, number, FontStyle::Regular));
    tags::wrap_tail(
        &mut page.items,
        from,
        Role::Artifact(ArtifactKind::PageNumber),
    );
    let fl = fit(
        c.footer_left,
        FontStyle::Regular,
        size,
        right - left - nw - 24.0,
        m,
    );
    let from = page.items.len();
    page.items.push(text(left, fy, fl, FontStyle::Regular));
    tags::wrap_tail(&mut page.items, from, Role::Artifact(ArtifactKind::Footer));
}

fn watermark(page: &mut Page, word: &str, m: &dyn Measure) {
    let angle = (page.height / page.width).atan().to_degrees().min(55.0);
    let diagonal = page.width.hypot(page.height);
    let probe = m.width(word, FontStyle::Bold, 100.0).max(1.0);
    let size = (100.0 * diagonal * 0.5 / probe).min(150.0);
    let from = page.items.len();
    page.items.push(Item::RotatedText {
        cx: page.width / 2.0,
        cy: page.height / 2.0,
        angle,
        text: word.to_string(),
        font: FontStyle::Bold,
        size,
        color: theme::WATERMARK,
        opacity: theme::WATERMARK_OPACITY,
        width: m.width(word, FontStyle::Bold, size),
    });
    tags::wrap_tail(
        &mut page.items,
        from,
        Role::Artifact(ArtifactKind::Watermark),
    );
}

/// `text` shortened with an ellipsis to fit `max` points.
fn fit(text: &str, font: FontStyle, size: f32, max: f32, m: &dyn Measure) -> String {
    if m.width(text, font, size) <= max {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let s: String = chars.iter().collect::<String>().trim_end().to_string() + "\u{2026}";
        if m.width(&s, font, size) <= max {
            return s;
        }
    }
    String::new()
}
