//! Column names on the body cells of Markdown tables: pulldown-cmark events
//! -> the same events, each body cell opened as `<td data-label="Header">`.
//!
//! On a narrow screen the theme shows a table as one card per row, each cell
//! labelled with its column's name from `data-label` (see the Tables part of
//! `style.css`); the tables the templates write carry it already, and this
//! gives prose tables the same.

use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

use super::escape::escape;

/// Rewrites the start of every body cell that has a non-empty header.
pub(crate) fn label_cells<'e>(events: impl IntoIterator<Item = Event<'e>>) -> Vec<Event<'e>> {
    let mut out = Vec::new();
    let mut aligns: Vec<Alignment> = Vec::new();
    let mut headers: Vec<String> = Vec::new();
    let (mut in_head, mut in_head_cell, mut col) = (false, false, 0usize);
    for ev in events {
        match &ev {
            Event::Start(Tag::Table(a)) => {
                aligns = a.clone();
                headers.clear();
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => col = 0,
            Event::Start(Tag::TableCell) if in_head => {
                in_head_cell = true;
                headers.push(String::new());
            }
            Event::End(TagEnd::TableCell) if in_head => in_head_cell = false,
            Event::Text(t) | Event::Code(t) if in_head_cell => {
                if let Some(h) = headers.last_mut() {
                    h.push_str(t);
                }
            }
            Event::Start(Tag::TableCell) => {
                let label = headers.get(col).map(|h| h.trim()).unwrap_or("");
                if !label.is_empty() {
                    // What pulldown-cmark writes for the cell, plus the label.
                    let style = match aligns.get(col) {
                        Some(Alignment::Left) => " style=\"text-align: left\"",
                        Some(Alignment::Center) => " style=\"text-align: center\"",
                        Some(Alignment::Right) => " style=\"text-align: right\"",
                        _ => "",
                    };
                    out.push(Event::Html(
                        format!("<td data-label=\"{}\"{style}>", escape(label)).into(),
                    ));
                    continue;
                }
            }
            Event::End(TagEnd::TableCell) => col += 1,
            _ => {}
        }
        out.push(ev);
    }
    out
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser, html};

    use super::label_cells;

    fn render(md: &str) -> String {
        let mut out = String::new();
        html::push_html(
            &mut out,
            label_cells(Parser::new_ext(md, Options::ENABLE_TABLES)).into_iter(),
        );
        out
    }

    #[test]
    fn body_cells_carry_their_column_names() {
        let out = render(
            "| Step | `Who` \"x\" | Records |\n| --- | --- | ---: |\n| Extract | Engineer | 1,600 |\n| Load | | 2 |\n",
        );
        assert!(
            out.contains(r#"<td data-label="Step">Extract</td>"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<td data-label="Who &quot;x&quot;">Engineer</td>"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<td data-label="Records" style="text-align: right">1,600</td>"#),
            "{out}"
        );
        assert!(out.contains(r#"<th>Step</th>"#), "{out}");
        assert_eq!(out.matches("data-label").count(), 6, "{out}");
    }

    #[test]
    fn a_column_without_a_header_gets_no_label() {
        let out = render("| | B |\n| - | - |\n| 1 | 2 |\n");
        assert!(out.contains("<td>1</td>"), "{out}");
        assert!(out.contains(r#"<td data-label="B">2</td>"#), "{out}");
    }
}
