//! The built-in `gantt.html`'s `head` and `content` blocks, written
//! directly: the chart draws several SVG elements per task (7.5 MB at
//! 10,000 tasks). Used only while the theme's `gantt.html` and
//! `components.html` are the built-in ones (see `Pages::render_native` in
//! `mod.rs`); a theme that overrides either is rendered by its own template
//! from the same `GanttView`.

use super::components::{Html, date, some};
use super::gantt::{BandView, ChartView, ChunkView, GanttView, TickView};

/// The `head` block.
pub(crate) fn head(g: &GanttView) -> String {
    let mut h = Html::default();
    if g.drawn {
        h.raw("\n<style>@media print {");
        for c in &g.charts {
            h.raw(" #")
                .text(&c.id)
                .raw(" .gantt-grid { zoom: ")
                .float(c.print_scale)
                .raw("; }");
        }
        h.raw(" }</style>");
    }
    h.raw("\n");
    h.0
}

/// The `content` block.
pub(crate) fn content(g: &GanttView) -> String {
    let rows: usize = g
        .charts
        .iter()
        .flat_map(|c| &c.chunks)
        .map(|k| k.rows.len())
        .sum();
    let mut h = Html::with_capacity(8_000 + rows * 800);
    if g.drawn {
        h.raw("\n<p class=\"lede\">Rows follow the schedule’s phases, in the schedule’s order; hover over a bar for its dates. The <a href=\"schedule.html\">schedule</a> lists the same tasks as a table.</p>");
        for (i, c) in g.charts.iter().enumerate() {
            chart(&mut h, c, i == 0);
        }
        match some(&g.as_of_note) {
            Some(note) => {
                h.raw("<p class=\"muted\">").text(note).raw("</p>");
            }
            None => {
                h.raw("<p class=\"muted\">The red line marks the as-of date, ");
                date(&mut h, &g.as_of);
                h.raw(".</p>");
            }
        }
    } else {
        h.raw("\n<p class=\"muted\">").text(&g.summary).raw("</p>");
    }
    h.raw("\n");
    h.0
}

fn chart(h: &mut Html, c: &ChartView, outer_first: bool) {
    h.raw("\n<section class=\"gantt-chart\" id=\"")
        .text(&c.id)
        .raw("\" aria-labelledby=\"")
        .text(&c.id)
        .raw("-title\">\n<h2 id=\"")
        .text(&c.id)
        .raw("-title\">")
        .text(&c.title)
        .raw("</h2>\n<p class=\"muted\">From ");
    date(h, &c.from);
    h.raw(" to ");
    date(h, &c.to);
    h.raw(", by ")
        .text(&c.scale)
        .raw(".</p>\n<ul class=\"legend\" aria-label=\"Legend: ")
        .text(&c.title)
        .raw("\">");
    for l in &c.legend {
        h.raw("\n  <li><span class=\"swatch swatch-")
            .text(&l.style)
            .raw("\"></span>")
            .text(&l.label)
            .raw("</li>");
    }
    if !c.lines.is_empty() {
        h.raw("<li><span class=\"swatch swatch-milestone\"></span>Milestone</li>");
    }
    if c.as_of.is_some() {
        h.raw("<li><span class=\"swatch swatch-asof\"></span>As-of date</li>");
    }
    if c.has_deps {
        h.raw("<li><span class=\"swatch swatch-dep\"></span>Follows (after)</li>");
    }
    h.raw("\n</ul>\n<div class=\"gantt");
    if c.print_own_page {
        h.raw(" print-own-page");
    }
    let (lw, ah, cw) = (c.label_width, c.axis_height, c.chart_width);
    h.raw("\" tabindex=\"0\" role=\"region\" aria-label=\"")
        .text(&c.summary)
        .raw("\">\n  <div class=\"gantt-grid\" style=\"--gantt-cols: ")
        .float(lw)
        .raw("fr ")
        .float(cw)
        .raw("fr\">\n    <svg class=\"gantt-corner\" aria-hidden=\"true\" focusable=\"false\" preserveAspectRatio=\"xMinYMin slice\" width=\"")
        .float(lw)
        .raw("\" height=\"")
        .float(ah)
        .raw("\" viewBox=\"0 0 ")
        .float(lw)
        .raw(" ")
        .float(ah)
        .raw("\">\n      <rect class=\"g-paper\" width=\"")
        .float(lw)
        .raw("\" height=\"")
        .float(ah)
        .raw("\"/>\n      <text class=\"g-corner-text\" x=\"6\" y=\"")
        .float(ah - 12.0)
        .raw("\">")
        .raw(if c.id == "migration-window" {
            "Step or task"
        } else {
            "Task"
        })
        .raw("</text>\n      <line class=\"g-rule\" x1=\"0\" x2=\"")
        .float(lw)
        .raw("\" y1=\"")
        .float(ah - 0.5)
        .raw("\" y2=\"")
        .float(ah - 0.5)
        .raw("\"/>\n    </svg>\n    <svg class=\"gantt-axis\" aria-hidden=\"true\" focusable=\"false\" width=\"")
        .float(cw)
        .raw("\" height=\"")
        .float(ah)
        .raw("\" viewBox=\"0 0 ")
        .float(cw)
        .raw(" ")
        .float(ah)
        .raw("\">\n      <rect class=\"g-paper\" width=\"")
        .float(cw)
        .raw("\" height=\"")
        .float(ah)
        .raw("\"/>");
    for b in c.bands.iter().filter(|b| b.kind == "freeze") {
        band(h, b, ah);
    }
    for t in &c.major {
        tick(h, t, "g-month-line", None, ah, "g-month");
    }
    for t in &c.minor {
        tick(h, t, "g-week-tick", Some(ah / 2.0), ah, "g-week");
    }
    h.raw("\n      <line class=\"g-rule\" x1=\"0\" x2=\"")
        .float(cw)
        .raw("\" y1=\"")
        .float(ah - 0.5)
        .raw("\" y2=\"")
        .float(ah - 0.5)
        .raw("\"/>\n    </svg>");
    for (i, k) in c.chunks.iter().enumerate() {
        chunk(h, c, k, i == 0 && outer_first);
    }
    h.raw("\n  </div>\n</div>\n</section>");
}

/// One slice of rows: its label SVG and its body SVG.
fn chunk(h: &mut Html, c: &ChartView, k: &ChunkView, defs: bool) {
    let (lw, cw, rows_height) = (c.label_width, c.chart_width, c.rows_height);
    h.raw("\n    <svg class=\"gantt-labels\" aria-hidden=\"true\" focusable=\"false\" preserveAspectRatio=\"xMinYMin slice\" width=\"")
        .float(lw)
        .raw("\" height=\"")
        .float(k.height)
        .raw("\" viewBox=\"0 ")
        .float(k.y)
        .raw(" ")
        .float(lw)
        .raw(" ")
        .float(k.height)
        .raw("\">\n      <rect class=\"g-paper\" y=\"")
        .float(k.y)
        .raw("\" width=\"")
        .float(lw)
        .raw("\" height=\"")
        .float(k.height)
        .raw("\"/>");
    for r in &k.rows {
        if r.kind == "group" {
            group_row(h, r.y, lw, r.height);
        }
        h.raw("\n      <text class=\"g-label g-label-")
            .text(&r.kind);
        if r.overdue {
            h.raw(" is-overdue");
        }
        h.raw("\"><title>").text(&r.tooltip).raw("</title>");
        for l in &r.lines {
            h.raw("<tspan x=\"")
                .float(l.x)
                .raw("\" y=\"")
                .float(l.y)
                .raw("\">")
                .text(&l.text)
                .raw("</tspan>");
        }
        h.raw("</text>");
    }
    h.raw("\n    </svg>\n    <svg class=\"gantt-body\" aria-hidden=\"true\" focusable=\"false\" width=\"")
        .float(cw)
        .raw("\" height=\"")
        .float(k.height)
        .raw("\" viewBox=\"0 ")
        .float(k.y)
        .raw(" ")
        .float(cw)
        .raw(" ")
        .float(k.height)
        .raw("\">");
    if defs {
        h.raw("\n      <defs>\n        <pattern id=\"g-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\n          <rect class=\"g-hatch-bg\" width=\"6\" height=\"6\"/>\n          <line class=\"g-hatch-line\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\"/>\n        </pattern>\n        <marker id=\"g-arrow\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\">\n          <path class=\"g-arrow-head\" d=\"M0 0L8 4L0 8z\"/>\n        </marker>\n      </defs>");
    }
    h.raw("\n      <rect class=\"g-paper\" y=\"")
        .float(k.y)
        .raw("\" width=\"")
        .float(cw)
        .raw("\" height=\"")
        .float(k.height)
        .raw("\"/>");
    for r in k.rows.iter().filter(|r| r.kind == "group") {
        group_row(h, r.y, cw, r.height);
    }
    for b in c.bands.iter().filter(|b| b.kind == "off") {
        band(h, b, rows_height);
    }
    for (class, ticks) in [("g-week-line", &c.minor), ("g-month-line", &c.major)] {
        for t in ticks {
            h.raw("\n      <line class=\"")
                .raw(class)
                .raw("\" x1=\"")
                .float(t.x)
                .raw("\" x2=\"")
                .float(t.x)
                .raw("\" y1=\"0\" y2=\"")
                .float(rows_height)
                .raw("\"/>");
        }
    }
    for b in c.bands.iter().filter(|b| b.kind != "off") {
        band(h, b, rows_height);
    }
    for &x in &c.lines {
        h.raw("\n      <line class=\"g-milestone-line\" x1=\"")
            .float(x)
            .raw("\" x2=\"")
            .float(x)
            .raw("\" y1=\"0\" y2=\"")
            .float(rows_height)
            .raw("\"/>");
    }
    if let Some(a) = &c.as_of {
        h.raw("\n      <line class=\"g-asof\" x1=\"")
            .float(a.x)
            .raw("\" x2=\"")
            .float(a.x)
            .raw("\" y1=\"0\" y2=\"")
            .float(rows_height + 4.0)
            .raw("\"/>");
        if k.last {
            h.raw("<text class=\"g-asof-label\" x=\"")
                .float(a.label.x)
                .raw("\" y=\"")
                .float(a.label.y)
                .raw("\">")
                .text(&a.label.text)
                .raw("</text>");
        }
    }
    for d in &k.deps {
        h.raw("\n      <path class=\"g-dep\" d=\"")
            .text(&d.d)
            .raw("\" marker-end=\"url(#g-arrow)\"><title>")
            .text(&d.label)
            .raw("</title></path>");
    }
    for r in &k.rows {
        if let Some(b) = &r.bar {
            h.raw("\n      <rect class=\"g-bar g-bar-").text(&r.kind);
            if let Some(s) = some(&r.status) {
                h.raw(" g-").text(s);
            }
            if r.overdue {
                h.raw(" is-overdue");
            }
            h.raw("\" x=\"")
                .float(b.x)
                .raw("\" y=\"")
                .float(b.y)
                .raw("\" width=\"")
                .float(b.width)
                .raw("\" height=\"")
                .float(b.height)
                .raw("\" rx=\"3\"><title>")
                .text(&r.tooltip)
                .raw("</title></rect>");
        }
        if let Some(d) = some(&r.diamond) {
            h.raw("\n      <polygon class=\"g-diamond\" points=\"")
                .text(d)
                .raw("\"><title>")
                .text(&r.tooltip)
                .raw("</title></polygon>");
        }
        if let Some(n) = &r.note {
            h.raw("\n      <text class=\"g-note");
            if r.overdue {
                h.raw(" is-overdue");
            }
            h.raw("\" x=\"")
                .float(n.x)
                .raw("\" y=\"")
                .float(n.y)
                .raw("\">")
                .text(&n.text)
                .raw("</text>");
        }
    }
    h.raw("\n    </svg>");
}

/// A band (days off, a freeze window) from the top, `height` tall, with
/// its label as a tooltip.
fn band(h: &mut Html, b: &BandView, height: f64) {
    h.raw("\n      <rect class=\"g-")
        .text(&b.kind)
        .raw("\" x=\"")
        .float(b.x)
        .raw("\" y=\"0\" width=\"")
        .float(b.width)
        .raw("\" height=\"")
        .float(height)
        .raw("\"><title>")
        .text(&b.label)
        .raw("</title></rect>");
}

/// A tick of the time axis: its line from `y1` (`None`: the top, written
/// `0` as the template writes it) to `y2`, then its label.
fn tick(h: &mut Html, t: &TickView, line: &str, y1: Option<f64>, y2: f64, label: &str) {
    h.raw("\n      <line class=\"")
        .raw(line)
        .raw("\" x1=\"")
        .float(t.x)
        .raw("\" x2=\"")
        .float(t.x)
        .raw("\" y1=\"");
    match y1 {
        Some(y) => h.float(y),
        None => h.raw("0"),
    };
    h.raw("\" y2=\"").float(y2).raw("\"/>");
    if let Some(l) = &t.label {
        h.raw("<text class=\"")
            .raw(label)
            .raw("\" x=\"")
            .float(l.x)
            .raw("\" y=\"")
            .float(l.y)
            .raw("\">")
            .text(&l.text)
            .raw("</text>");
    }
}

fn group_row(h: &mut Html, y: f64, width: f64, height: f64) {
    h.raw("\n      <rect class=\"g-group-row\" x=\"0\" y=\"")
        .float(y)
        .raw("\" width=\"")
        .float(width)
        .raw("\" height=\"")
        .float(height)
        .raw("\"/>");
}
