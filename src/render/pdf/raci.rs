//! Compiled plan -> the PDF's RACI section: tasks down (by phase, in
//! outline order), people across, one letter per cell. Many people are
//! split into several tables of a few columns each, so that no table is
//! wider than the page.

use crate::Compiled;
use crate::pdf::{Align, Block, Column, Inline};
use crate::people::People;
use crate::render::rows;

use super::sections::{h, row, table};

/// People per table: with the task column, what a portrait page holds.
const PER_TABLE: usize = 6;

pub fn raci(c: &Compiled) -> Vec<Block> {
    let plan = &c.plan;
    let people = People::new(plan);
    let roles: Vec<_> = plan.tasks.iter().map(|t| people.raci(t)).collect();
    let involved: Vec<usize> = (0..plan.stakeholders.len())
        .filter(|i| roles.iter().any(|r| r.contains_key(i)))
        .collect();
    if involved.is_empty() {
        return Vec::new();
    }
    let mut out = vec![
        h(1, "Responsibilities (RACI)", "raci"),
        Block::Paragraph(vec![Inline::text(
            "R: responsible (the task's owner). A: accountable. C: consulted. I: informed. Tasks whose owner names no person are left out.",
        )]),
    ];
    let groups = rows::by_phase(plan, &c.schedule);
    for chunk in involved.chunks(PER_TABLE) {
        let mut header: Vec<String> = vec!["Task".into()];
        header.extend(
            chunk
                .iter()
                .map(|&i| plan.stakeholders[i].display_name().to_string()),
        );
        let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut body = Vec::new();
        for (_, group) in &groups {
            for r in group {
                let role = &roles[r.index];
                if !chunk.iter().any(|p| role.contains_key(p)) {
                    continue;
                }
                let mut cells = vec![format!("{}{}", "  ".repeat(r.depth), r.title)];
                cells.extend(
                    chunk
                        .iter()
                        .map(|p| role.get(p).map_or("", |x| x.letter()).to_string()),
                );
                body.push(row(cells));
            }
        }
        let mut t = table(&header_refs, body);
        if let Block::Table(t) = &mut t {
            for c in t.columns.iter_mut().skip(1) {
                *c = Column::auto().align(Align::Center);
            }
        }
        out.push(t);
    }
    out
}
