//! A [`Chart`] -> geometry, in the caller's unit (pixels, points): the
//! label column with every label wrapped to fit (never cut), rows as tall
//! as their labels, bars, diamonds, the two-row time axis with the labels
//! that fit, bands, dependency paths, the as-of line with its label under
//! the rows, and each row's note placed where it crosses nothing.
//!
//! Coordinates: the label column and the chart body each start at x = 0;
//! rows start at y = 0 under the axis (the axis has its own y from 0 to
//! `axis_height`); [`Laid::boxes`] and [`Laid::segments`] put everything
//! in one frame (label column left of the chart, axis above the rows) to
//! check that nothing overlaps.

use chrono::NaiveDateTime;

use super::{BandKind, Chart, RowKind, Style};

/// Sizes, in the caller's unit, and how to measure text.
pub struct Metrics<'a> {
    pub label_width: f64,
    /// The whole chart body, `right_room` included.
    pub chart_width: f64,
    /// Room right of the time axis for the notes of the last bars.
    pub right_room: f64,
    pub font: f64,
    pub small: f64,
    /// Line height of labels.
    pub line: f64,
    /// Space above and below a row's label.
    pub pad: f64,
    pub indent: f64,
    pub bar: f64,
    pub axis: f64,
    /// Room under the rows for the as-of label.
    pub foot: f64,
    /// `(text, size, bold) -> width`.
    pub measure: &'a dyn Fn(&str, f64, bool) -> f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
}

/// A line of text: its box (top-left, width, height) and baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub rect: Rect,
    pub baseline: f64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RowBox {
    pub kind: RowKind,
    pub y: f64,
    pub h: f64,
    /// The label's lines, in label-column coordinates.
    pub lines: Vec<Text>,
    pub bold: bool,
    pub bar: Option<(Rect, Style)>,
    /// Centre and radius.
    pub diamond: Option<(f64, f64, f64)>,
    pub note: Option<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AxisTick {
    pub x: f64,
    pub label: Option<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BandBox {
    pub kind: BandKind,
    pub x: f64,
    pub w: f64,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Laid {
    pub label_width: f64,
    pub chart_width: f64,
    pub axis_height: f64,
    pub body_height: f64,
    pub foot_height: f64,
    /// Axis ticks: the upper row (months, days) and the lower (weeks,
    /// days, hours), y within the axis.
    pub major: Vec<AxisTick>,
    pub minor: Vec<AxisTick>,
    pub bands: Vec<BandBox>,
    /// Milestone lines (x).
    pub lines: Vec<f64>,
    pub rows: Vec<RowBox>,
    /// The as-of line's x and its label (under the rows: y from
    /// `body_height`).
    pub as_of: Option<(f64, Text)>,
    /// Dependency arrows as polylines, ending at the arrow head.
    pub deps: Vec<Vec<(f64, f64)>>,
}

/// Greedy word wrap to `width`; a word wider than a line is broken
/// between characters.
pub fn wrap(
    text: &str,
    width: f64,
    size: f64,
    bold: bool,
    m: &dyn Fn(&str, f64, bool) -> f64,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if m(&candidate, size, bold) <= width {
            cur = candidate;
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        if m(word, size, bold) <= width {
            cur = word.to_string();
            continue;
        }
        // A word longer than the line: as many characters as fit, at
        // least one, per line.
        for ch in word.chars() {
            let mut next = cur.clone();
            next.push(ch);
            if !cur.is_empty() && m(&next, size, bold) > width {
                lines.push(std::mem::take(&mut cur));
                cur.push(ch);
            } else {
                cur = next;
            }
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Lays `chart` out with `m`.
pub fn lay_out(chart: &Chart, m: &Metrics) -> Laid {
    let time_w = (m.chart_width - m.right_room).max(1.0);
    let total = (chart.end - chart.start).num_minutes().max(1) as f64;
    let x = |t: NaiveDateTime| {
        ((t - chart.start).num_minutes() as f64 / total * time_w).clamp(0.0, time_w)
    };
    let text = |x: f64, y: f64, s: &str, size: f64, bold: bool| {
        let w = (m.measure)(s, size, bold);
        Text {
            rect: Rect {
                x,
                y,
                w,
                h: size * 1.2,
            },
            baseline: y + size * 0.95,
            text: s.to_string(),
        }
    };

    // Axis: a label right of its tick when it fits before the next tick;
    // one form for the whole row (the longest that fits every tick), and
    // the shortest form, or none, where even that does not fit.
    let axis_row = |ticks: &[super::scale::Tick], top: f64| -> Vec<AxisTick> {
        let xs: Vec<f64> = ticks.iter().map(|t| x(t.at)).collect();
        let limit = |k: usize| xs.get(k + 1).copied().unwrap_or(time_w + m.right_room) - 3.0;
        let fits = |k: usize, l: &str| xs[k] + 3.0 + (m.measure)(l, m.small, false) <= limit(k);
        let forms = ticks.iter().map(|t| t.labels.len()).max().unwrap_or(0);
        // Ticks squeezed at the chart's start (a partial month) do not
        // decide the row's form.
        let deciding = |k: usize| limit(k) - xs[k] > 2.0 * m.small;
        let form = (0..forms)
            .find(|&f| {
                ticks
                    .iter()
                    .enumerate()
                    .all(|(k, t)| !deciding(k) || t.labels.get(f).is_none_or(|l| fits(k, l)))
            })
            .unwrap_or(forms.saturating_sub(1));
        ticks
            .iter()
            .enumerate()
            .map(|(k, t)| {
                let label = t
                    .labels
                    .iter()
                    .skip(form)
                    .find(|l| fits(k, l))
                    .map(|l| text(xs[k] + 3.0, top, l, m.small, false));
                AxisTick { x: xs[k], label }
            })
            .collect()
    };
    let (major, minor) = chart.scale.ticks(chart.start, chart.end);
    let half = m.axis / 2.0;
    let major = axis_row(&major, (half - m.small * 1.2) / 2.0);
    let minor = axis_row(&minor, half + (half - m.small * 1.2) / 2.0);

    // Rows.
    let mut rows = Vec::with_capacity(chart.rows.len());
    let mut y = 0.0;
    for r in &chart.rows {
        let bold = r.kind == RowKind::Group;
        let lx = 6.0 + m.indent * r.depth.min(8) as f64;
        let room = (m.label_width - lx - 6.0).max(m.font * 3.0);
        let wrapped = wrap(&r.label, room, m.font, bold, m.measure);
        let h = (wrapped.len() as f64 * m.line + 2.0 * m.pad).max(m.bar + 2.0 * m.pad);
        let lines = wrapped
            .iter()
            .enumerate()
            .map(|(k, l)| {
                let top = y + m.pad + k as f64 * m.line + (m.line - m.font * 1.2) / 2.0;
                text(lx, top, l, m.font, bold)
            })
            .collect();
        let mid = y + h / 2.0;
        let bar = r.bar.as_ref().map(|b| {
            let x0 = x(b.start);
            let x1 = x(b.end).max(x0 + 2.0);
            (
                Rect {
                    x: x0,
                    y: mid - m.bar / 2.0,
                    w: x1 - x0,
                    h: m.bar,
                },
                b.style,
            )
        });
        let diamond = r.diamond.map(|d| (x(d), mid, m.bar * 0.6));
        rows.push(RowBox {
            kind: r.kind,
            y,
            h,
            lines,
            bold,
            bar,
            diamond,
            note: None,
        });
        y += h;
    }
    let body_height = y;

    let deps: Vec<Vec<(f64, f64)>> = chart
        .deps
        .iter()
        .filter_map(|&(a, b)| {
            let (ra, rb) = (rows.get(a)?, rows.get(b)?);
            let end = |r: &RowBox| {
                r.bar
                    .map(|(b, _)| (b.x + b.w, b.y + b.h / 2.0))
                    .or(r.diamond.map(|(cx, cy, rr)| (cx + rr, cy)))
            };
            let start = |r: &RowBox| {
                r.bar
                    .map(|(b, _)| (b.x, b.y + b.h / 2.0))
                    .or(r.diamond.map(|(cx, cy, rr)| (cx - rr, cy)))
            };
            let ((x1, y1), (x2, y2)) = (end(ra)?, start(rb)?);
            Some(if x2 - x1 >= 12.0 {
                vec![(x1, y1), (x1 + 6.0, y1), (x1 + 6.0, y2), (x2, y2)]
            } else {
                // Back around: between the rows, then in from the left.
                let between = if y2 > y1 { rb.y } else { rb.y + rb.h };
                vec![
                    (x1, y1),
                    (x1 + 6.0, y1),
                    (x1 + 6.0, between),
                    (x2 - 6.0, between),
                    (x2 - 6.0, y2),
                    (x2, y2),
                ]
            })
        })
        .collect();

    // What notes must keep clear of, per row: x ranges of the as-of line
    // and the arrows' segments that pass through the row.
    let mut blocked: Vec<Vec<(f64, f64)>> = vec![Vec::new(); rows.len()];
    let row_at = |yy: f64| rows.partition_point(|r| r.y + r.h <= yy);
    for path in &deps {
        for seg in path.windows(2) {
            let ((xa, ya), (xb, yb)) = (seg[0], seg[1]);
            let (lo, hi) = (ya.min(yb), ya.max(yb));
            let (first, last) = (row_at(lo), row_at(hi).min(rows.len().saturating_sub(1)));
            for (k, b) in blocked.iter_mut().enumerate().take(last + 1).skip(first) {
                let r = &rows[k];
                if r.y < hi + 1.0 && r.y + r.h > lo - 1.0 {
                    b.push((xa.min(xb) - 1.5, xa.max(xb) + 1.5));
                }
            }
        }
    }
    let as_of_x = chart.as_of.map(x);
    // Lines down every row: the as-of date, milestones, and the major
    // ticks (month or day starts) that renderers may draw over the rows.
    let mut everywhere: Vec<f64> = chart.lines.iter().map(|&l| x(l)).collect();
    everywhere.extend(major.iter().map(|t| t.x));
    everywhere.extend(as_of_x);
    for (k, r) in rows.iter_mut().enumerate() {
        let Some(note) = chart.rows[k].note.as_deref() else {
            continue;
        };
        let mark = r
            .bar
            .map(|(b, _)| (b.x, b.x + b.w))
            .or(r.diamond.map(|(cx, _, rr)| (cx - rr, cx + rr)));
        let Some((left, right)) = mark else { continue };
        let top = r.y + r.h / 2.0 - m.small * 0.6;
        let w = (m.measure)(note, m.small, false);
        // Obstacles in this row: lines down every row, arrow segments.
        let obstacles: Vec<(f64, f64)> = everywhere
            .iter()
            .map(|&a| (a - 1.5, a + 1.5))
            .chain(blocked[k].iter().copied())
            .collect();
        let hit = |x0: f64| {
            let x1 = x0 + w;
            obstacles
                .iter()
                .filter(|&&(b0, b1)| b1 >= x0 && b0 <= x1)
                .fold(None, |acc: Option<(f64, f64)>, &(b0, b1)| {
                    Some(acc.map_or((b0, b1), |(a0, a1)| (a0.min(b0), a1.max(b1))))
                })
        };
        let fits = |x0: f64| x0 >= 0.0 && x0 + w <= m.chart_width;
        let gap = 4.0;
        // Right of the mark, moved right past what it would cross (not
        // too far: it must still read as the mark's); else left of it.
        let reach = 6.0 * m.small;
        let mut place = None;
        let mut x0 = right + gap;
        while fits(x0) && x0 - right <= reach {
            match hit(x0) {
                None => {
                    place = Some(x0);
                    break;
                }
                Some((_, b1)) => x0 = b1 + 1.0,
            }
        }
        if place.is_none() {
            let mut x0 = left - gap - w;
            while fits(x0) && left - (x0 + w) <= reach {
                match hit(x0) {
                    None => {
                        place = Some(x0);
                        break;
                    }
                    Some((b0, _)) => x0 = b0 - 1.0 - w,
                }
            }
        }
        r.note = place.map(|x0| text(x0, top, note, m.small, false));
    }

    let as_of = chart.as_of.map(|d| {
        let ax = x(d);
        let label = format!("As of {}", d.format("%-d %b %Y"));
        let w = (m.measure)(&label, m.small, true);
        let lx = if ax + 3.0 + w <= m.chart_width {
            ax + 3.0
        } else {
            (ax - 3.0 - w).max(0.0)
        };
        (
            ax,
            text(
                lx,
                body_height + (m.foot - m.small * 1.2) / 2.0,
                &label,
                m.small,
                true,
            ),
        )
    });

    Laid {
        label_width: m.label_width,
        chart_width: m.chart_width,
        axis_height: m.axis,
        body_height,
        foot_height: m.foot,
        major,
        minor,
        bands: chart
            .bands
            .iter()
            .filter(|b| b.end > chart.start && b.start < chart.end)
            .map(|b| {
                let x0 = x(b.start);
                BandBox {
                    kind: b.kind,
                    x: x0,
                    w: (x(b.end) - x0).max(1.0),
                    label: b.label.clone(),
                }
            })
            .collect(),
        lines: chart.lines.iter().map(|&l| x(l)).collect(),
        rows,
        as_of,
        deps,
    }
}

impl Laid {
    /// Every piece of text, in one frame: the label column at the left,
    /// the chart right of it, the axis above the rows.
    pub fn boxes(&self) -> Vec<Rect> {
        let (cx, ry) = (self.label_width, self.axis_height);
        let shift = |r: Rect, dx: f64, dy: f64| Rect {
            x: r.x + dx,
            y: r.y + dy,
            ..r
        };
        let mut out = Vec::new();
        for t in self.major.iter().chain(&self.minor) {
            if let Some(l) = &t.label {
                out.push(shift(l.rect, cx, 0.0));
            }
        }
        for r in &self.rows {
            out.extend(r.lines.iter().map(|l| shift(l.rect, 0.0, ry)));
            if let Some(n) = &r.note {
                out.push(shift(n.rect, cx, ry));
            }
        }
        if let Some((_, l)) = &self.as_of {
            out.push(shift(l.rect, cx, ry));
        }
        out
    }

    /// The as-of line and every arrow segment, in the frame of
    /// [`Laid::boxes`], as thin rectangles.
    pub fn segments(&self) -> Vec<Rect> {
        let (cx, ry) = (self.label_width, self.axis_height);
        let mut out = Vec::new();
        if let Some((x, _)) = self.as_of {
            out.push(Rect {
                x: cx + x - 0.5,
                y: ry,
                w: 1.0,
                h: self.body_height,
            });
        }
        for path in &self.deps {
            for s in path.windows(2) {
                let ((xa, ya), (xb, yb)) = (s[0], s[1]);
                out.push(Rect {
                    x: cx + xa.min(xb) - 0.5,
                    y: ry + ya.min(yb) - 0.5,
                    w: (xa - xb).abs() + 1.0,
                    h: (ya - yb).abs() + 1.0,
                });
            }
        }
        out
    }

    /// Pairs of text boxes that overlap, texts outside their column, and
    /// texts a line crosses: empty when the chart is clean.
    pub fn collisions(&self) -> Vec<String> {
        let mut out = Vec::new();
        let boxes = self.boxes();
        let mut sorted: Vec<&Rect> = boxes.iter().collect();
        sorted.sort_by(|a, b| a.y.total_cmp(&b.y));
        for (i, a) in sorted.iter().enumerate() {
            for b in &sorted[i + 1..] {
                if b.y >= a.y + a.h {
                    break;
                }
                if a.overlaps(b) {
                    out.push(format!("text {a:?} overlaps {b:?}"));
                }
            }
        }
        for r in &self.rows {
            for l in &r.lines {
                if l.rect.x < 0.0 || l.rect.x + l.rect.w > self.label_width + 0.01 {
                    out.push(format!("label {:?} leaves the label column", l.text));
                }
            }
            if let Some(n) = &r.note
                && (n.rect.x < 0.0 || n.rect.x + n.rect.w > self.chart_width + 0.01)
            {
                out.push(format!("note {:?} leaves the chart", n.text));
            }
        }
        for s in self.segments() {
            for b in boxes.iter().filter(|b| b.overlaps(&s)) {
                out.push(format!("line {s:?} crosses text {b:?}"));
            }
        }
        out
    }
}
