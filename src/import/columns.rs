//! A process table's header row -> which column holds which of our task
//! fields. Header names are matched case-insensitively, with the usual
//! synonyms ("Assignee" is the owner, "Task Description" the title);
//! `--map Due=Deadline` names a column explicitly.

/// A task field a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Phase,
    Title,
    Parent,
    Owner,
    Due,
    Start,
    Resources,
    Notes,
    Status,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Phase,
        Field::Title,
        Field::Parent,
        Field::Owner,
        Field::Due,
        Field::Start,
        Field::Resources,
        Field::Notes,
        Field::Status,
    ];

    /// The header names that mean this field (lower case).
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Phase => &["phase", "stage", "phase name"],
            Field::Title => &[
                "task",
                "title",
                "task description",
                "task name",
                "description",
                "activity",
                "step",
                "name",
            ],
            Field::Parent => &[
                "parent task",
                "parent",
                "parent task description",
                "subtask of",
            ],
            Field::Owner => &[
                "owner",
                "assignee",
                "assigned to",
                "responsible",
                "who",
                "role",
            ],
            Field::Due => &["due", "due date", "deadline", "when", "timing", "due by"],
            Field::Start => &["start", "start date", "begin", "starts"],
            Field::Resources => &[
                "resources",
                "resource",
                "links",
                "references",
                "documentation",
            ],
            Field::Notes => &["notes", "note", "comments", "comment", "remarks"],
            Field::Status => &["status", "state", "progress"],
        }
    }

    /// The field a `--map` name means: our field names and their synonyms.
    pub fn named(name: &str) -> Option<Field> {
        let n = clean(name);
        Field::ALL
            .into_iter()
            .find(|f| f.synonyms().contains(&n.as_str()) || f.label().eq_ignore_ascii_case(&n))
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Phase => "Phase",
            Field::Title => "Task",
            Field::Parent => "Parent Task",
            Field::Owner => "Owner",
            Field::Due => "Due",
            Field::Start => "Start",
            Field::Resources => "Resources",
            Field::Notes => "Notes",
            Field::Status => "Status",
        }
    }
}

/// Field -> column index.
#[derive(Debug, Clone, Default)]
pub struct Columns(pub Vec<(Field, usize)>);

impl Columns {
    pub fn get(&self, f: Field) -> Option<usize> {
        self.0.iter().find(|(g, _)| *g == f).map(|(_, i)| *i)
    }
}

/// Why the header does not do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnError {
    /// `--map` names a field we do not have.
    UnknownField(String),
    /// `--map` names a column the header does not have.
    NoSuchColumn { field: String, column: String },
    /// No column holds the task titles.
    NoTitle,
}

/// Matches `header` against the synonyms, after the explicit `maps`
/// (`("Due", "Deadline")`). A column is used once.
pub fn columns(header: &[String], maps: &[(String, String)]) -> Result<Columns, ColumnError> {
    let mut out: Vec<(Field, usize)> = Vec::new();
    let mut used = vec![false; header.len()];
    for (field, column) in maps {
        let f = Field::named(field).ok_or_else(|| ColumnError::UnknownField(field.clone()))?;
        let i = header
            .iter()
            .position(|h| clean(h) == clean(column))
            .ok_or_else(|| ColumnError::NoSuchColumn {
                field: field.clone(),
                column: column.clone(),
            })?;
        out.retain(|(g, _)| *g != f);
        out.push((f, i));
        used[i] = true;
    }
    for f in Field::ALL {
        if out.iter().any(|(g, _)| *g == f) {
            continue;
        }
        // Synonyms in order of preference: "Task" before "Name".
        let found = f.synonyms().iter().find_map(|syn| {
            header
                .iter()
                .enumerate()
                .position(|(i, h)| !used[i] && clean(h) == *syn)
        });
        if let Some(i) = found {
            used[i] = true;
            out.push((f, i));
        }
    }
    if !out.iter().any(|(f, _)| *f == Field::Title) {
        return Err(ColumnError::NoTitle);
    }
    out.sort();
    Ok(Columns(out))
}

/// Lower case, single spaces, no trailing colon or asterisk.
fn clean(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches([':', '*'])
        .trim()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn seed_header() {
        let c = columns(
            &h(&[
                "Phase",
                "Task Description",
                "Parent Task",
                "Assignee",
                "Due",
                "Resources",
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(c.get(Field::Phase), Some(0));
        assert_eq!(c.get(Field::Title), Some(1));
        assert_eq!(c.get(Field::Parent), Some(2));
        assert_eq!(c.get(Field::Owner), Some(3));
        assert_eq!(c.get(Field::Due), Some(4));
        assert_eq!(c.get(Field::Resources), Some(5));
        assert_eq!(c.get(Field::Start), None);
    }

    #[test]
    fn case_synonyms_and_maps() {
        let c = columns(&h(&["TASK", "owner ", "Deadline", "When"]), &[]).unwrap();
        assert_eq!(c.get(Field::Due), Some(2));
        let c = columns(
            &h(&["TASK", "owner ", "Deadline", "When"]),
            &[("Due".into(), "when".into())],
        )
        .unwrap();
        assert_eq!(c.get(Field::Due), Some(3));
        assert_eq!(
            columns(&h(&["Who", "Deadline"]), &[]).unwrap_err(),
            ColumnError::NoTitle
        );
        assert_eq!(
            columns(&h(&["Task"]), &[("Due".into(), "Deadline".into())]).unwrap_err(),
            ColumnError::NoSuchColumn {
                field: "Due".into(),
                column: "Deadline".into()
            }
        );
        assert!(matches!(
            columns(&h(&["Task"]), &[("Colour".into(), "Task".into())]),
            Err(ColumnError::UnknownField(_))
        ));
    }
}
