//! Compiled plan -> the PDF's RACI section: phases down (in outline
//! order), people across, every letter a person has in some task of the
//! phase. The PDF lists each task once, in the schedule table (which names
//! its owner); the site's Responsibilities page has the matrix task by
//! task. Many people are split into several tables of a few columns each,
//! so that no table is wider than the page.

use std::collections::{BTreeMap, BTreeSet};

use crate::Compiled;
use crate::pdf::{Align, Block, Column, Inline};
use crate::people::{People, Role};
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
    let roles: Vec<BTreeMap<usize, Role>> = plan.tasks.iter().map(|t| people.raci(t)).collect();
    let involved: Vec<usize> = (0..plan.stakeholders.len())
        .filter(|i| roles.iter().any(|r| r.contains_key(i)))
        .collect();
    if involved.is_empty() {
        return Vec::new();
    }
    let groups = rows::by_phase(plan, &c.schedule);
    let with_people = roles.iter().filter(|r| !r.is_empty()).count();
    // (phase, each person's letters), in display order.
    let mut lines: Vec<(String, BTreeMap<usize, BTreeSet<Role>>)> = Vec::new();
    for (phase, group) in &groups {
        let mut letters: BTreeMap<usize, BTreeSet<Role>> = BTreeMap::new();
        for r in group {
            for (p, role) in &roles[r.index] {
                letters.entry(*p).or_default().insert(*role);
            }
        }
        if !letters.is_empty() {
            lines.push((
                phase.unwrap_or(crate::render::tasks::NO_PHASE).to_string(),
                letters,
            ));
        }
    }
    let legend = format!(
        "R: responsible (the task's owner). A: accountable. C: consulted. I: informed. By phase: every role a person has in some task of the phase ({with_people} {} a person; the schedule names each task's owner and the site's Responsibilities page lists each task).",
        if with_people == 1 {
            "task names"
        } else {
            "tasks name"
        }
    );
    let mut out = vec![
        h(1, "Responsibilities (RACI)", "raci"),
        Block::Paragraph(vec![Inline::text(legend)]),
    ];
    let names: Vec<&str> = involved
        .iter()
        .map(|&i| plan.stakeholders[i].display_name())
        .collect();
    for chunk in involved.chunks(per_table(&names)) {
        let mut header: Vec<String> = vec!["Phase".into()];
        header.extend(
            chunk
                .iter()
                .map(|&i| plan.stakeholders[i].display_name().to_string()),
        );
        let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
        let body = lines
            .iter()
            .filter(|(_, letters)| chunk.iter().any(|p| letters.contains_key(p)))
            .map(|(first, letters)| {
                let mut cells = vec![first.clone()];
                cells.extend(chunk.iter().map(|p| {
                    letters.get(p).map_or(String::new(), |set| {
                        set.iter().map(|r| r.letter()).collect::<Vec<_>>().join(" ")
                    })
                }));
                row(cells)
            })
            .collect();
        let mut t = table(&header_refs, body);
        if let Block::Table(t) = &mut t {
            // The phase names get a third of the width whatever the
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
