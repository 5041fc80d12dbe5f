//! YAML text -> the first line whose indentation fits no open block: a key
//! one space short of its siblings, a list item under nothing. The YAML
//! library reports such a line as something else (a missing key on the
//! line above, "mapping values are not allowed"); this finds the line
//! itself, as other YAML tools do.

/// A line that is indented wrongly: 0-based line, its indent, and the
/// indent of the block it most likely belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misaligned {
    pub line: usize,
    pub indent: usize,
    /// The columns it most likely meant (one, or two when it falls halfway).
    pub expected: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    /// Keys at this column.
    Map,
    /// `- ` items at this column.
    Seq,
}

/// The first misaligned line of a block-style YAML text, if any. Lines
/// inside block scalars (`|`, `>`), flow collections spanning lines and
/// plain continuation lines are not judged.
pub fn first_misaligned(text: &str) -> Option<Misaligned> {
    let mut stack: Vec<(usize, Block)> = Vec::new();
    // After `key:` with nothing on the line: a deeper block may open.
    let mut opens = false;
    // Inside a block scalar: lines deeper than this indent are its text.
    let mut scalar_until: Option<usize> = None;
    let mut flow_depth: i32 = 0;
    for (n, raw) in text.split('\n').enumerate() {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with("---") || trimmed.starts_with("...") || trimmed.starts_with('\t') {
            return None;
        }
        let indent = line.len() - trimmed.len();
        if let Some(limit) = scalar_until {
            if indent > limit {
                continue;
            }
            scalar_until = None;
        }
        if flow_depth > 0 {
            flow_depth += flow_balance(trimmed);
            continue;
        }
        let (is_item, after_dash) = match trimmed.strip_prefix('-') {
            Some(rest) if rest.is_empty() || rest.starts_with(' ') => (
                true,
                indent + 1 + (rest.len() - rest.trim_start_matches(' ').len()),
            ),
            _ => (false, indent),
        };
        let content = &line[after_dash.min(line.len())..];
        let is_key = key_len(content).is_some();
        if !is_item && !is_key {
            // A plain continuation line (or something the parser will
            // judge): no verdict.
            continue;
        }
        let want = if is_item { Block::Seq } else { Block::Map };
        let open = stack.clone();
        let fits = loop {
            match stack.last() {
                Some(&(col, kind)) if col == indent && kind == want => break true,
                // `key:` followed by `- item` at the key's own column.
                Some(&(col, Block::Map)) if col == indent && is_item && opens => break true,
                Some(&(col, _)) if col > indent => {
                    stack.pop();
                }
                Some(&(col, _)) if col < indent => break opens,
                None => break indent == 0 || opens,
                _ => break false,
            }
        };
        if !fits {
            let expected = nearest(&open, want, indent);
            return Some(Misaligned {
                line: n,
                indent,
                expected,
            });
        }
        if stack
            .last()
            .is_none_or(|&(col, kind)| col != indent || kind != want)
        {
            stack.push((indent, want));
        }
        if is_item && is_key {
            stack.push((after_dash, Block::Map));
        }
        let value = key_len(content).map_or(content, |k| content[k + 1..].trim());
        let value = value.split(" #").next().unwrap_or(value).trim();
        opens = is_key && value.is_empty() || is_item && content.trim().is_empty();
        if is_key && (value.starts_with('|') || value.starts_with('>')) {
            scalar_until = Some(if is_item { after_dash } else { indent });
        }
        if value.starts_with('[') || value.starts_with('{') {
            flow_depth = flow_balance(value).max(0);
        }
    }
    None
}

/// The columns a misaligned line most likely meant: the open blocks of its
/// kind (keys for a key, items for an item) closest to it; both when it
/// falls halfway between two.
fn nearest(open: &[(usize, Block)], want: Block, indent: usize) -> Vec<usize> {
    let mut cols: Vec<usize> = open
        .iter()
        .filter(|&&(c, kind)| kind == want && c != indent)
        .map(|&(c, _)| c)
        .collect();
    if cols.is_empty() {
        cols = open
            .iter()
            .map(|&(c, _)| c)
            .filter(|&c| c != indent)
            .collect();
    }
    let Some(best) = cols.iter().map(|c| c.abs_diff(indent)).min() else {
        return vec![0];
    };
    let mut out: Vec<usize> = cols
        .into_iter()
        .filter(|c| c.abs_diff(indent) == best)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// `key:` at the start of `s` (a plain key followed by `:` and a space or
/// the end): the key's length.
fn key_len(s: &str) -> Option<usize> {
    let s = s.trim_end();
    let end = s.find(':')?;
    let key = &s[..end];
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
        && !key.starts_with(' ');
    let followed = s[end + 1..].is_empty() || s[end + 1..].starts_with(' ');
    (plain && followed).then_some(end)
}

fn flow_balance(s: &str) -> i32 {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            (None, '#') => break,
            _ => {}
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    const TASKS: &str =
        "tasks:\n  - id: a\n    title: A\n    due: 2027-01-01\n  - id: b\n    title: B\n";

    fn at(text: &str) -> Option<(usize, usize, usize)> {
        first_misaligned(text).map(|m| (m.line, m.indent, m.expected[m.expected.len() - 1]))
    }

    #[test]
    fn well_formed_plans_have_none() {
        for text in [
            TASKS,
            "plan:\n  title: x\n  version: 1.0.0\n",
            "phases:\n- Planning\n- Cutover\n",
            "tasks:\n  - id: a\n    notes: |\n      Line one: with a colon\n        deeper: text\n    title: A\n",
            "tasks:\n  - id: a\n    after: [b,\n      c]\n    title: A\n",
            "milestones:\n  go-live: 2 days after migration # comment\n",
            "stakeholders:\n  -\n    id: x\n    name: X\n",
            "tasks:\n  - id: a\n    title: A long title\n      that continues\n",
        ] {
            assert_eq!(at(text), None, "{text}");
        }
    }

    #[test]
    fn a_key_one_space_short_or_over() {
        // `   title:` under `  - id: b` (keys at column 4).
        let short = TASKS.replace("    title: B", "   title: B");
        assert_eq!(at(&short), Some((5, 3, 4)));
        let over = TASKS.replace("    title: B", "     title: B");
        assert_eq!(at(&over), Some((5, 5, 4)));
    }

    #[test]
    fn a_key_at_the_items_column() {
        let text = TASKS.replace("    due: 2027", "  due: 2027");
        assert_eq!(at(&text), Some((3, 2, 4)));
    }

    #[test]
    fn a_top_level_key_indented() {
        assert_eq!(at("plan:\n  title: x\n risks: []\n"), Some((2, 1, 2)));
        let m = first_misaligned("plan:\n  title: x\n risks: []\n").unwrap();
        assert_eq!(m.expected, [0, 2], "halfway: both");
        assert_eq!(at(" plan:\n  title: x\n"), Some((0, 1, 0)));
    }

    #[test]
    fn a_list_item_misaligned() {
        let text = "tasks:\n  - id: a\n    title: A\n   - id: b\n    title: B\n";
        assert_eq!(at(text), Some((3, 3, 2)), "items are at 2");
    }
}
