//! Compiled plan -> the PDF's RACI section: tasks down (by phase, in
//! outline order), people across, one letter per cell. Many people are
//! split into several tables of a few columns each, so that no table is
//! wider than the page.

use crate::Compiled;
use crate::pdf::{Align, Block, Column, Inline};
use crate::people::People;
use crate::render::rows;

use super::sections::{h, row, table};

/// People per table: with the task column, what a portrait page holds
/// (fewer when names are long: a name's longest word is never broken).
fn per_table(names: &[&str]) -> usize {
    let longest = names
        .iter()
        .flat_map(|n| n.split_whitespace())
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    if longest > 12 { 4 } else { 6 }
}

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
    let names: Vec<&str> = involved
        .iter()
        .map(|&i| plan.stakeholders[i].display_name())
        .collect();
    for chunk in involved.chunks(per_table(&names)) {
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
            // The task titles get a third of the width whatever the
            // names; the people share the rest.
            let share = 0.64 / chunk.len().max(3) as f32;
            t.columns[0] = Column::fraction(0.36);
            for c in t.columns.iter_mut().skip(1) {
                *c = Column::fraction(share).align(Align::Center);
            }
        }
        out.push(t);
    }
    out
}
