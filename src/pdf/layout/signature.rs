//! Signature blocks: one signer -> one framed, unsplittable slice with the
//! printed name, role and organisation, what the signature means, the
//! recorded decision, and blank lines for a wet signature and the date.

use super::boxes::{Item, Stroke};
use super::flow::{Ctx, Flow, Slice};
use super::inline::{self, Run};
use super::measure::FontStyle;
use super::tags::{self, Mark, Role};
use super::theme;
use crate::pdf::doc::SignatureBlock;

const PAD: f32 = 14.0;
const SIGN_SPACE: f32 = 40.0;

pub fn layout<'a>(s: &SignatureBlock, width: f32, ctx: Ctx, out: &mut Vec<Flow<'a>>) {
    let m = ctx.m;
    let inner = width - 2.0 * PAD;
    // Tagged as a group of paragraphs (the lines to sign on are drawing).
    let mut items = vec![Item::Mark(Mark::Open(Role::Division))];
    let mut y = PAD;
    let line = |runs: &[Run], size: f32, leading: f32, y: &mut f32, items: &mut Vec<Item>| {
        let from = items.len();
        for l in inline::break_lines(runs, size, inner, m) {
            inline::emit_line(&l, PAD, *y + theme::baseline(leading, size), leading, items);
            *y += leading;
        }
        tags::wrap_tail(items, from, Role::Paragraph);
    };
    line(
        &[Run::plain(&s.name, FontStyle::Bold, theme::INK)],
        11.5,
        15.0,
        &mut y,
        &mut items,
    );
    let who = [s.role.as_str(), s.organization.as_str()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" \u{00b7} ");
    line(
        &[Run::plain(who, FontStyle::Regular, theme::MUTED)],
        9.0,
        13.0,
        &mut y,
        &mut items,
    );
    y += 5.0;
    line(
        &[Run::plain(&s.meaning, FontStyle::Italic, theme::INK)],
        9.4,
        13.5,
        &mut y,
        &mut items,
    );
    let decision = match &s.decision {
        Some(d) => vec![
            Run::plain("Recorded decision: ", FontStyle::Regular, theme::MUTED),
            Run::plain(
                format!("{} on {}", d.decision, d.date),
                FontStyle::Bold,
                theme::INK,
            ),
        ],
        None => vec![Run::plain(
            "No decision recorded yet.",
            FontStyle::Regular,
            theme::MUTED,
        )],
    };
    line(&decision, 9.0, 13.0, &mut y, &mut items);
    if let Some(d) = s.decision.as_ref().filter(|d| !d.recorded.is_empty()) {
        line(
            &[Run::plain(&d.recorded, FontStyle::Regular, theme::MUTED)],
            8.5,
            12.0,
            &mut y,
            &mut items,
        );
    }

    // Blank lines to sign and date on paper.
    y += SIGN_SPACE;
    let date_w = (inner * 0.3).min(150.0);
    let sign_w = inner - date_w - 24.0;
    let ink = Stroke::solid(theme::INK, 0.6);
    items.push(Item::hrule(PAD, PAD + sign_w, y, ink));
    items.push(Item::hrule(PAD + inner - date_w, PAD + inner, y, ink));
    let label = |x: f32, text: &str| Item::Text {
        x,
        y: y + 10.0,
        text: text.to_string(),
        font: FontStyle::Regular,
        size: 7.5,
        color: theme::MUTED,
    };
    for (x, text) in [(PAD, "Signature"), (PAD + inner - date_w, "Date")] {
        let from = items.len();
        items.push(label(x, text));
        tags::wrap_tail(&mut items, from, Role::Paragraph);
    }
    items.push(Item::Mark(Mark::Close));
    let height = y + 10.0 + PAD;
    items.insert(
        0,
        Item::Rect {
            x: 0.0,
            y: 0.0,
            w: width,
            h: height,
            fill: None,
            stroke: Some(Stroke::solid(theme::RULE, 0.8)),
        },
    );
    items.insert(0, Item::fill(0.0, 0.0, 3.0, height, theme::ACCENT));
    out.push(Flow::Slice(Slice {
        height,
        space_before: 4.0,
        space_after: 16.0,
        items,
        ..Slice::default()
    }));
}
