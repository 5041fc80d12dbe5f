//! Per-file `PlanFile`s -> one [`Plan`]: list keys concatenate in path order,
//! map keys may be defined in one file only.

use crate::diag::{Diagnostic, Location, Severity, Sources};
use crate::model::{Plan, PlanFile, Section, Sp};

/// Merges in the order given (path order). Returns the plan, or the errors
/// that prevent building one.
pub fn merge(
    files: Vec<PlanFile>,
    sections: Vec<Section>,
    sources: &Sources,
) -> Result<Plan, Vec<Diagnostic>> {
    let (plan, errors) = merge_all(files, sections, sources);
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

/// [`merge`], giving the plan (a placeholder where a part is missing) with
/// the errors: for checking the files that parsed when others did not.
pub fn merge_all(
    files: Vec<PlanFile>,
    mut sections: Vec<Section>,
    sources: &Sources,
) -> (Plan, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut meta = None;
    let mut calendar = None;
    let mut milestones = None;
    let mut key_questions = None;
    let mut plan = Plan {
        meta: Sp::new(placeholder_meta(), Default::default()),
        calendar: Default::default(),
        milestones: Vec::new(),
        milestone_titles: Vec::new(),
        key_questions: None,
        inventory: Vec::new(),
        datasets: Vec::new(),
        freeze: Vec::new(),
        addons: Vec::new(),
        stakeholders: Vec::new(),
        signoffs: Vec::new(),
        phases: Vec::new(),
        tasks: Vec::new(),
        revisions: Vec::new(),
        risks: Vec::new(),
        runbooks: Vec::new(),
        rehearsals: Vec::new(),
        progress: Vec::new(),
        sections: Vec::new(),
    };
    for f in files {
        once("plan", &mut meta, f.plan, sources, &mut errors);
        once("calendar", &mut calendar, f.calendar, sources, &mut errors);
        once(
            "milestones",
            &mut milestones,
            f.milestones,
            sources,
            &mut errors,
        );
        once(
            "key_questions",
            &mut key_questions,
            f.key_questions,
            sources,
            &mut errors,
        );
        plan.inventory.extend(f.inventory.unwrap_or_default());
        plan.datasets.extend(f.datasets.unwrap_or_default());
        plan.freeze.extend(f.freeze.unwrap_or_default());
        plan.addons.extend(f.addons.unwrap_or_default());
        plan.stakeholders.extend(f.stakeholders.unwrap_or_default());
        plan.signoffs.extend(f.signoffs.unwrap_or_default());
        plan.phases.extend(f.phases.unwrap_or_default());
        plan.tasks.extend(f.tasks.unwrap_or_default());
        plan.revisions.extend(f.revisions.unwrap_or_default());
        plan.risks.extend(f.risks.unwrap_or_default());
        plan.runbooks.extend(f.runbooks.unwrap_or_default());
        plan.rehearsals.extend(f.rehearsals.unwrap_or_default());
        plan.progress.extend(f.progress.unwrap_or_default());
    }
    match meta {
        Some(m) => plan.meta = m,
        None => errors.push(
            Diagnostic::new(
                Severity::Error,
                Location::Project,
                "no `plan:` found in any YAML file under content/",
            )
            .with_hint(
                "add a file such as content/plan.yaml with `plan:` and its `title` and `version`",
            ),
        ),
    }
    plan.calendar = calendar.map(|c| c.value).unwrap_or_default();
    for (id, def) in milestones.map(|m| m.value.0).unwrap_or_default() {
        // A lone when-rule has no position of its own: the value's.
        let when = if def.value.when.pos.is_known() {
            def.value.when.clone()
        } else {
            Sp::new(def.value.when.value.clone(), def.pos)
        };
        if let Some(t) = def
            .value
            .title
            .as_ref()
            .filter(|t| !t.value.trim().is_empty())
        {
            plan.milestone_titles
                .push((id.value.clone(), t.value.trim().to_string()));
        }
        plan.milestones.push((id, when));
    }
    plan.key_questions = key_questions;
    sections.sort_by(|a, b| (a.order, sources.path(a.file)).cmp(&(b.order, sources.path(b.file))));
    plan.sections = sections;
    (plan, errors)
}

/// A map key seen a second time is an error naming both files.
fn once<T>(
    key: &str,
    slot: &mut Option<Sp<T>>,
    value: Option<Sp<T>>,
    sources: &Sources,
    errors: &mut Vec<Diagnostic>,
) {
    let Some(value) = value else { return };
    match slot {
        None => *slot = Some(value),
        Some(first) => {
            // Point at the key itself, not at its value's first line.
            let at = |p: crate::diag::Pos| {
                sources
                    .find_top_key_before(p.file, p.line, key)
                    .unwrap_or(p)
            };
            errors.push(
                Diagnostic::error(
                    at(value.pos),
                    format!(
                        "`{key}` is defined again here; it was already defined in {}",
                        sources.path(first.pos.file).display()
                    ),
                )
                .with_note(Some(at(first.pos)), format!("first definition of `{key}`"))
                .with_hint(format!(
                    "`{key}` may appear in one file only: merge the two definitions"
                )),
            );
        }
    }
}

fn placeholder_meta() -> crate::model::PlanMeta {
    crate::model::PlanMeta {
        title: Sp::new(String::new(), Default::default()),
        client: None,
        document: None,
        version: Sp::new(
            crate::model::Version(semver::Version::new(0, 0, 0)),
            Default::default(),
        ),
        status: None,
        owner: None,
        strategy: None,
        theme: None,
        paper: None,
        summary: None,
        site_url: None,
    }
}
