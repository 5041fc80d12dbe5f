//! The HTML site: Plan + Schedule + Theme -> the pages and assets of
//! `output/<version>/` as [`Artifact`]s (and the version index page for
//! `output/index.html`).
//!
//! Each page's view (the template API, `view.rs` and one file per page) is
//! built from the plan and schedule, serialized into a Tera context and
//! rendered with the theme's template of the same name. Templates never see
//! the plan itself. Nothing here touches the disk.

mod addons;
mod breaks;
mod cell_labels;
mod changes;
mod components;
mod ctx;
mod data;
pub mod dates;
pub mod escape;
mod freeze;
pub(crate) mod gantt;
mod gantt_html;
mod inventory;
pub mod links;
mod markdown;
pub mod notice;
mod overview;
pub mod people;
pub mod progress;
mod risks;
mod runbook;
mod runbook_chart;
mod schedule;
mod schedule_html;
mod search;
mod sections;
mod signoff;
mod status;
mod versions;
pub mod view;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_layout;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diag::{Diagnostic, Location, Severity};
use crate::model::{Plan, PlanStatus};
use crate::render::Artifact;
use crate::schedule::Schedule;
use crate::theme::Theme;

pub use addons::{AddonRow, AddonsView, StatusCount};
pub use data::{DataView, DatasetRow, MethodCount, PriorityView};
pub use dates::DateView;
pub use freeze::{FreezeView, FreezeWindowView, MilestoneRef};
pub use gantt::{
    AsOfView, BandView, Bar, ChartView, DepView, GanttView, LegendItem, RowView, TextView, TickView,
};
pub use inventory::{CategoryView, InventoryView, SystemRow};
pub use overview::{Counts, KeyDate, KeyQuestion, OverviewView};
pub use risks::{MatrixCell, MatrixRow, RiskLink, RiskRow, RisksView};
pub use runbook::{DayView, RehearsalView, RunbookPageView, RunbookView, StepView};
pub use schedule::{OwnerView, PhaseView, ScheduleView, TaskRow};
pub use sections::{DownloadView, DownloadsView, PageLink, SectionView};
pub use signoff::{DecisionView, RevisionView, SignoffView, StakeholderView};
pub use versions::{VersionIndex, VersionRow, VersionsView, render_latest, render_version_index};
pub use view::{LinkView, NavGroup, NavItem, PageView, SiteView, SystemRef, TaskRef, VersionLink};

use ctx::Ctx;

/// Everything the site is made from.
pub struct SiteInput<'a> {
    pub plan: &'a Plan,
    /// The plan's computed schedule (its `as_of` is the site's as-of date).
    pub schedule: &'a Schedule,
    pub theme: &'a Theme,
    pub build: &'a BuildInfo,
}

/// Facts about the build that are not in the plan.
#[derive(Debug, Clone, Default)]
pub struct BuildInfo {
    /// The versions published in `output/` (this one is added if missing),
    /// for the version list in each page's footer.
    pub versions: Vec<VersionEntry>,
    /// A hash of the plan's content, shown in the footer when given.
    pub content_hash: Option<String>,
    /// The PDF's file name in the version folder, when one is built.
    pub pdf: Option<String>,
    /// What changed since the previous published version, when there is
    /// one: adds the "Changes" page.
    pub changes: Option<crate::diff::ChangeSummary>,
    /// The dated status reports already archived (date, version), oldest
    /// first: the status page lists them, and the newest one before the
    /// as-of date is where its "done since" starts.
    pub reports: Vec<(chrono::NaiveDate, String)>,
}

impl BuildInfo {
    /// The date of the newest archived report before `as_of`.
    pub fn previous_report(&self, as_of: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
        self.reports
            .iter()
            .map(|(d, _)| *d)
            .filter(|d| *d < as_of)
            .max()
    }
}

/// One published version (for the footer list and the version index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionEntry {
    /// The plan's `version` ("1.2.0").
    pub version: String,
    pub status: PlanStatus,
    /// When it was published (or its revision date).
    pub date: Option<NaiveDate>,
    /// The PDF's file name inside that version's folder, if it has one.
    pub pdf: Option<String>,
}

/// The search index's path in the version folder (see `search.rs`).
pub const SEARCH_INDEX: &str = "search-index.js";

/// The fixed pages: (kind, title, path, nav group).
const PAGES: &[(&str, &str, &str, &str)] = &[
    ("overview", "Overview", "index.html", "Plan"),
    ("schedule", "Schedule", "schedule.html", "Plan"),
    ("gantt", "Gantt chart", "gantt.html", "Plan"),
    ("risks", "Risks", "risks.html", "Plan"),
    ("signoff", "Sign-off", "signoff.html", "Plan"),
    ("changes", "Changes", "changes.html", "Plan"),
    ("runbook", "Cutover runbook", "runbook.html", "Plan"),
    ("raci", "Responsibilities", "raci.html", "Plan"),
    (
        "inventory",
        "Inventory",
        "inventory.html",
        "Systems and data",
    ),
    ("data", "Data priorities", "data.html", "Systems and data"),
    (
        "freeze",
        "Freeze windows",
        "freeze.html",
        "Systems and data",
    ),
    ("addons", "Add-ons", "addons.html", "Systems and data"),
    ("downloads", "Downloads", "downloads.html", "Files"),
];

/// Renders the whole site for one version: every page (paths relative to
/// `output/<version>/`) and the theme's static files under `assets/`.
///
/// `Ok` carries the artifacts and any warnings (e.g. a refused resource
/// link); `Err` carries every problem when at least one is an error (an
/// unknown anchor in prose, a template that fails), in which case nothing
/// should be published.
pub fn render_site(input: &SiteInput) -> Result<(Vec<Artifact>, Vec<Diagnostic>), Vec<Diagnostic>> {
    render_site_with(input, true)
}

/// [`render_site`], with the large pages' content written without Tera
/// (`native`, when their templates are the built-in ones) or always
/// through the theme's templates (to check that both agree).
fn render_site_with(
    input: &SiteInput,
    native: bool,
) -> Result<(Vec<Artifact>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let SiteInput {
        plan,
        schedule,
        theme,
        build,
    } = *input;
    if schedule.tasks.len() != plan.tasks.len() || schedule.freezes.len() != plan.freeze.len() {
        return Err(vec![Diagnostic::new(
            Severity::Error,
            Location::Project,
            "internal error: the schedule does not match the plan (task or freeze counts differ)",
        )]);
    }
    let mut ctx = Ctx::new(plan, schedule, sections::paths(&plan.sections));
    ctx.changes_from = build.changes.as_ref().map(|c| c.from.clone());
    let site = site_view(plan, schedule, build);
    let mut diags = Vec::new();
    let r = Renderer {
        theme,
        site: &site,
        ctx: &ctx,
        native,
    };
    let mut pages = Pages {
        r: &r,
        out: Vec::new(),
        errors: Vec::new(),
    };
    // The Gantt page (its layout and its SVG) is drawn on a second thread
    // while this one renders the schedule and the rest; it takes its place
    // after the schedule page.
    std::thread::scope(|scope| {
        let gantt = scope.spawn(|| {
            let view = gantt::build(&ctx);
            r.native("gantt", &view, |v, _| Native {
                head: Some(gantt_html::head(v)),
                content: gantt_html::content(v),
            })
        });

        let overview = overview::build(&ctx, &mut diags);
        pages.render("overview", &overview);
        let report =
            crate::status::build(plan, schedule, None, build.previous_report(schedule.as_of));
        let mut view = status::build(&ctx, &report);
        view.earlier = status::earlier(
            &build.reports,
            &plan.meta.version.value.to_string(),
            schedule.as_of,
        );
        view.pdf = build
            .pdf
            .is_some()
            .then(|| status::pdf_name(schedule.as_of));
        pages.render_page(
            "status",
            &format!("Status as of {}", schedule.as_of),
            &status::path(schedule.as_of),
            "status",
            &view,
        );
        let schedule_view = schedule::build(&ctx, "", &mut diags);
        let page = r.native("schedule", &schedule_view, |v, root| Native {
            head: None,
            content: schedule_html::content(v, root),
        });
        pages.push(page);
        let gantt = gantt
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        pages.push(gantt);
        let risks = (!plan.risks.is_empty()).then(|| {
            let mut v = risks::build(&plan.risks);
            for r in &mut v.risks {
                r.owners = ctx.label_parts(r.owner.as_deref());
            }
            v
        });
        if let Some(risks) = &risks {
            pages.render("risks", risks);
        }
        let signoff = signoff::build(plan);
        pages.render("signoff", &signoff);
        if let Some(c) = &build.changes {
            pages.render("changes", &changes::build(c, plan));
        }
        if !plan.runbooks.is_empty() {
            pages.render("runbook", &runbook::build(&ctx));
        }
        let mut person_views = Vec::new();
        if !plan.stakeholders.is_empty() {
            pages.render("raci", &people::raci(&ctx));
            for (i, s) in plan.stakeholders.iter().enumerate() {
                let view = people::person(&ctx, i);
                pages.render_page(
                    "person",
                    s.display_name(),
                    &people::page_path(&s.id.value),
                    "person",
                    &view,
                );
                person_views.push(view);
            }
        }
        let inventory = inventory::build(plan);
        pages.render("inventory", &inventory);
        let data = data::build(&ctx);
        pages.render("data", &data);
        let freeze = freeze::build(&ctx);
        pages.render("freeze", &freeze);
        let addons = addons::build(&ctx);
        pages.render("addons", &addons);
        pages.render(
            "downloads",
            &sections::build_downloads(&ctx, build.pdf.as_deref()),
        );
        let mut section_views = Vec::new();
        for (i, s) in plan.sections.iter().enumerate() {
            let path = &ctx.section_paths[i];
            let root = "../".repeat(path.matches('/').count());
            let view = sections::build_section(&ctx, i, &root, &mut diags);
            pages.render_page("section", &s.title.value, path, "section", &view);
            section_views.push(view);
        }
        let search_index = search::index_js(&search::Sources {
            pages: nav(&ctx, "", "")
                .into_iter()
                .flat_map(|g| g.items)
                .map(|i| (i.title, i.href))
                .collect(),
            overview: &overview,
            schedule: &schedule_view,
            risks: risks.as_ref(),
            inventory: &inventory,
            data: &data,
            freeze: &freeze,
            addons: &addons,
            people: &person_views,
            sections: section_views
                .iter()
                .zip(&ctx.section_paths)
                .map(|(v, p)| (v, p.as_str()))
                .collect(),
        });
        let Pages {
            mut out, errors, ..
        } = pages;
        diags.extend(errors);
        if crate::diag::has_errors(&diags) {
            crate::diag::sort(&mut diags);
            return Err(diags);
        }
        out.push(Artifact::new(SEARCH_INDEX, search_index));
        for (path, bytes) in theme.assets() {
            out.push(Artifact::new(format!("assets/{path}"), bytes.to_vec()));
        }
        crate::diag::sort(&mut diags);
        Ok((out, diags))
    })
}

/// The status page alone (`status/<as-of>.html`) for the report `report`
/// (built with [`crate::status::build`], e.g. with the previous report's
/// date): for archiving dated reports beside the site.
pub fn render_status_html(
    input: &SiteInput,
    report: &crate::status::StatusReport,
) -> Result<Artifact, Vec<Diagnostic>> {
    let ctx = Ctx::new(
        input.plan,
        input.schedule,
        sections::paths(&input.plan.sections),
    );
    let site = site_view(input.plan, input.schedule, input.build);
    let r = Renderer {
        theme: input.theme,
        site: &site,
        ctx: &ctx,
        native: true,
    };
    let mut pages = Pages {
        r: &r,
        out: Vec::new(),
        errors: Vec::new(),
    };
    pages.render_page(
        "status",
        &format!("Status as of {}", report.as_of),
        &status::path(report.as_of),
        "status",
        &status::build(&ctx, report),
    );
    match pages.out.pop() {
        Some(a) if pages.errors.is_empty() => Ok(a),
        _ => Err(pages.errors),
    }
}

/// Renders one page at a time into an artifact; shared by the threads
/// that render pages side by side.
struct Renderer<'a> {
    theme: &'a Theme,
    site: &'a SiteView,
    ctx: &'a Ctx<'a>,
    /// Write the large pages' content without Tera while their templates
    /// are the built-in ones (false in tests that compare both ways).
    native: bool,
}

type Page = Result<Artifact, Diagnostic>;

/// Stands for a natively written page's content while its shell renders.
const CONTENT_MARK: &str = "\u{1}migplan:native-content\u{1}";

impl Renderer<'_> {
    /// A fixed page: its view goes into the context under the page's kind.
    fn fixed<T: Serialize>(&self, kind: &'static str, view: &T) -> Page {
        let (_, title, path, _) = PAGES.iter().find(|p| p.0 == kind).expect("a listed page");
        self.page(kind, title, path, kind, view)
    }

    /// A fixed page that is large on a large plan (thousands of rows): while
    /// the theme's template for it and `components.html` are the built-in
    /// ones, `write` writes what they would (much faster than Tera
    /// interprets them) and only the page around it goes through the
    /// theme's `base.html`. A theme that overrides either template is
    /// rendered by its own template, as any other page.
    fn native<T: Serialize>(
        &self,
        kind: &'static str,
        view: &T,
        write: impl FnOnce(&T, &str) -> Native,
    ) -> Page {
        let builtin = self.native
            && self.theme.is_builtin(&format!("templates/{kind}.html"))
            && self.theme.is_builtin("templates/components.html");
        if !builtin {
            return self.fixed(kind, view);
        }
        let (_, title, path, _) = PAGES.iter().find(|p| p.0 == kind).expect("a listed page");
        let page = self.page_view(kind, title, path);
        let native = write(view, &page.root);
        let mut context = tera::Context::new();
        context.insert("site", self.site);
        context.insert("page", &page);
        let template = match &native.head {
            Some(head) => {
                context.insert("head_html", head);
                crate::theme::NATIVE_PAGE_HEAD
            }
            None => crate::theme::NATIVE_PAGE,
        };
        // The shell is rendered around a marker and the content (18 MB on
        // a plan of 10,000 tasks) put in its place: not copied into Tera's
        // context and again into Tera's growing output. The same bytes; a
        // shell that shows the marker other than once gets the content
        // through Tera.
        context.insert("content_html", CONTENT_MARK);
        let shell = match self.theme.render(template, &context) {
            Ok(shell) => shell,
            Err(e) => return finish(path, Err(e)),
        };
        if let Some((before, after)) = shell.split_once(CONTENT_MARK)
            && !after.contains(CONTENT_MARK)
        {
            let mut html = String::with_capacity(before.len() + native.content.len() + after.len());
            html.push_str(before);
            html.push_str(&native.content);
            drop(native);
            html.push_str(after);
            return finish(path, Ok(html));
        }
        context.insert("content_html", &native.content);
        drop(native);
        finish(path, self.theme.render(template, &context))
    }

    fn page<T: Serialize>(
        &self,
        kind: &str,
        title: &str,
        path: &str,
        key: &'static str,
        view: &T,
    ) -> Page {
        let page = self.page_view(kind, title, path);
        let mut context = tera::Context::new();
        context.insert("site", self.site);
        context.insert("page", &page);
        context.insert(key, view);
        finish(path, self.theme.render(&format!("{kind}.html"), &context))
    }

    fn page_view(&self, kind: &str, title: &str, path: &str) -> PageView {
        let root = "../".repeat(path.matches('/').count());
        PageView {
            kind: kind.to_string(),
            title: title.to_string(),
            path: path.to_string(),
            nav: nav(self.ctx, path, &root),
            root,
        }
    }
}

fn finish(path: &str, html: Result<String, crate::theme::ThemeError>) -> Page {
    html.map(|html| Artifact::new(path, breaks::long_words(&html)))
        .map_err(|e| e.diagnostic())
}

/// The rendered pages in order, and the template errors.
struct Pages<'a> {
    r: &'a Renderer<'a>,
    out: Vec<Artifact>,
    errors: Vec<Diagnostic>,
}

impl Pages<'_> {
    fn push(&mut self, page: Page) {
        match page {
            Ok(a) => self.out.push(a),
            Err(e) => self.errors.push(e),
        }
    }

    fn render<T: Serialize>(&mut self, kind: &'static str, view: &T) {
        let page = self.r.fixed(kind, view);
        self.push(page);
    }

    fn render_page<T: Serialize>(
        &mut self,
        kind: &str,
        title: &str,
        path: &str,
        key: &'static str,
        view: &T,
    ) {
        let page = self.r.page(kind, title, path, key, view);
        self.push(page);
    }
}

/// A large page's HTML written by migplan: the theme's `head` block (None:
/// the template does not fill it) and its `content` block.
struct Native {
    head: Option<String>,
    content: String,
}

/// The navigation as seen from the page at `current` (version-relative).
fn nav(ctx: &Ctx, current: &str, root: &str) -> Vec<NavGroup> {
    let mut groups: Vec<NavGroup> = Vec::new();
    let mut push = |group: &str, title: &str, path: &str| {
        let item = NavItem {
            title: title.to_string(),
            href: format!("{root}{}", sections::href_of(path)),
            current: path == current,
        };
        match groups.iter_mut().find(|g| g.title == group) {
            Some(g) => g.items.push(item),
            None => groups.push(NavGroup {
                title: group.to_string(),
                items: vec![item],
            }),
        }
    };
    for (kind, title, path, group) in PAGES.iter().filter(|p| p.3 != "Files") {
        if *kind == "runbook" && ctx.plan.runbooks.is_empty() {
            continue;
        }
        if *kind == "changes" {
            match &ctx.changes_from {
                Some(from) => push(group, &format!("Changes since {from}"), path),
                None => continue,
            }
        } else if (*kind == "risks" && ctx.plan.risks.is_empty())
            || (*kind == "raci" && ctx.plan.stakeholders.is_empty())
        {
            continue;
        } else {
            push(group, title, path);
        }
    }
    for (s, path) in ctx.plan.sections.iter().zip(&ctx.section_paths) {
        push("Sections", &s.title.value, path);
    }
    for (_, title, path, group) in PAGES.iter().filter(|p| p.3 == "Files") {
        push(group, title, path);
    }
    groups
}

fn site_view(plan: &Plan, schedule: &Schedule, build: &BuildInfo) -> SiteView {
    let meta = &plan.meta.value;
    let status = meta.status();
    let (signers, approved) = signoff::signers_approved(plan);
    let outstanding = match signers - approved {
        0 if signers > 0 => "every signer has approved this version".to_string(),
        0 => "no one is required to sign".to_string(),
        1 => format!("1 of {signers} sign-offs outstanding"),
        n => format!("{n} of {signers} sign-offs outstanding"),
    };
    let status_note = match status {
        PlanStatus::Approved => format!("Approved: {outstanding}."),
        PlanStatus::Review => format!("In review, not yet approved: {outstanding}."),
        PlanStatus::Draft => format!("Draft, may still change: {outstanding}."),
    };
    let version = meta.version.value.to_string();
    SiteView {
        title: meta.title.value.clone(),
        client: meta.client.as_ref().map(|c| c.value.clone()),
        document: meta.document().to_string(),
        status: status.as_str().to_string(),
        status_label: view::status_label(status).to_string(),
        status_note,
        owner: meta.owner.as_ref().map(|o| o.value.clone()),
        owners: people::owner_parts(
            &crate::people::People::new(plan),
            meta.owner.as_ref().map(|o| o.value.as_str()),
        ),
        as_of: DateView::day(schedule.as_of),
        content_hash: build.content_hash.clone(),
        pdf: build.pdf.clone(),
        signers,
        signers_approved: approved,
        versions: versions::links(&build.versions, &version, status),
        version,
        generator: format!("migplan {}", env!("CARGO_PKG_VERSION")),
    }
}
