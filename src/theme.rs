//! Themes: the built-in default theme (embedded in the binary) plus a
//! project's `themes/<name>/` overrides, file by file -> a [`Theme`] with
//! every template parsed and every static file in memory.
//!
//! A theme folder holds `templates/` (Tera templates, UTF-8) and `static/`
//! (CSS and other files, copied to `assets/` in the site); anything else in
//! it is ignored. Only `Theme::load` reads the project's theme folder.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Location, Severity};
use crate::suggest;

/// The default theme's files, path relative to `themes/default/`.
const BUILTIN: &[(&str, &[u8])] = &[
    (
        "templates/base.html",
        include_bytes!("../themes/default/templates/base.html"),
    ),
    (
        "templates/components.html",
        include_bytes!("../themes/default/templates/components.html"),
    ),
    (
        "templates/overview.html",
        include_bytes!("../themes/default/templates/overview.html"),
    ),
    (
        "templates/schedule.html",
        include_bytes!("../themes/default/templates/schedule.html"),
    ),
    (
        "templates/gantt.html",
        include_bytes!("../themes/default/templates/gantt.html"),
    ),
    (
        "templates/inventory.html",
        include_bytes!("../themes/default/templates/inventory.html"),
    ),
    (
        "templates/data.html",
        include_bytes!("../themes/default/templates/data.html"),
    ),
    (
        "templates/freeze.html",
        include_bytes!("../themes/default/templates/freeze.html"),
    ),
    (
        "templates/runbook.html",
        include_bytes!("../themes/default/templates/runbook.html"),
    ),
    (
        "templates/addons.html",
        include_bytes!("../themes/default/templates/addons.html"),
    ),
    (
        "templates/signoff.html",
        include_bytes!("../themes/default/templates/signoff.html"),
    ),
    (
        "templates/section.html",
        include_bytes!("../themes/default/templates/section.html"),
    ),
    (
        "templates/downloads.html",
        include_bytes!("../themes/default/templates/downloads.html"),
    ),
    (
        "templates/versions.html",
        include_bytes!("../themes/default/templates/versions.html"),
    ),
    (
        "templates/changes.html",
        include_bytes!("../themes/default/templates/changes.html"),
    ),
    (
        "templates/risks.html",
        include_bytes!("../themes/default/templates/risks.html"),
    ),
    (
        "templates/status.html",
        include_bytes!("../themes/default/templates/status.html"),
    ),
    (
        "templates/person.html",
        include_bytes!("../themes/default/templates/person.html"),
    ),
    (
        "templates/raci.html",
        include_bytes!("../themes/default/templates/raci.html"),
    ),
    (
        "static/style.css",
        include_bytes!("../themes/default/static/style.css"),
    ),
    (
        "static/search.js",
        include_bytes!("../themes/default/static/search.js"),
    ),
];

/// The templates that put content written by migplan into the theme's
/// `base.html`: `content_html` into the `content` block, and with
/// [`NATIVE_PAGE_HEAD`] `head_html` into the `head` block too. Their names
/// are no file's under `templates/`, and end in `.html`, which turns on
/// Tera's escaping for the values the theme's `base.html` shows.
pub const NATIVE_PAGE: &str = "migplan:page.html";
pub const NATIVE_PAGE_HEAD: &str = "migplan:page+head.html";
const NATIVE_PAGE_TEXT: &str = "{% extends \"base.html\" %}\
{% block content %}{{ content_html | safe }}{% endblock content %}";
const NATIVE_PAGE_HEAD_TEXT: &str = "{% extends \"base.html\" %}\
{% block head %}{{ head_html | safe }}{% endblock head %}\
{% block content %}{{ content_html | safe }}{% endblock content %}";

/// A loaded theme: parsed templates and static files.
pub struct Theme {
    name: String,
    tera: tera::Tera,
    /// Path under `static/` -> bytes.
    assets: BTreeMap<String, Vec<u8>>,
    /// Project files that replaced or added to the built-in ones.
    overrides: Vec<PathBuf>,
    /// Every file of the theme in use (theme path -> bytes), for the
    /// content hash.
    files: BTreeMap<String, Vec<u8>>,
    /// Files in the project's theme folder that are not under `templates/`
    /// or `static/`, so never used (reported as warnings).
    ignored: Vec<PathBuf>,
}

impl fmt::Debug for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Theme")
            .field("name", &self.name)
            .field("assets", &self.assets.keys().collect::<Vec<_>>())
            .field("overrides", &self.overrides)
            .finish()
    }
}

#[derive(Debug)]
pub enum ThemeError {
    /// The theme name is not a plain folder name.
    BadName {
        name: String,
    },
    /// `themes/<name>/` does not exist (and `name` is not `default`).
    NotFound {
        name: String,
        dir: PathBuf,
        available: Vec<String>,
    },
    Io {
        path: PathBuf,
        source: io::Error,
    },
    /// A path or symlink that leads outside the theme folder.
    Escapes {
        path: PathBuf,
    },
    /// A template that is not UTF-8 text.
    NotUtf8 {
        path: PathBuf,
    },
    /// Templates that do not parse, or a template that failed to render.
    /// `message` is Tera's report, naming the template (relative to
    /// `templates/`), line and column.
    Template {
        theme: String,
        message: String,
    },
}

impl fmt::Display for ThemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ThemeError::BadName { name } => write!(f, "theme name `{name}` is not a folder name"),
            ThemeError::NotFound { name, dir, .. } => {
                write!(
                    f,
                    "theme `{name}` not found: there is no folder {}",
                    dir.display()
                )
            }
            ThemeError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            ThemeError::Escapes { path } => {
                write!(f, "{}: leads outside the theme folder", path.display())
            }
            ThemeError::NotUtf8 { path } => {
                write!(f, "{}: a template must be UTF-8 text", path.display())
            }
            ThemeError::Template { theme, message } => write!(f, "theme `{theme}`: {message}"),
        }
    }
}

impl std::error::Error for ThemeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ThemeError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl ThemeError {
    /// The error as a diagnostic (with a hint where one helps).
    pub fn diagnostic(&self) -> Diagnostic {
        let (location, message, hint) = match self {
            ThemeError::BadName { name } => (
                Location::Project,
                format!("theme name `{name}` is not a folder name"),
                Some(
                    "`plan.theme` names a folder under themes/, e.g. `theme: lakeside`".to_string(),
                ),
            ),
            ThemeError::NotFound {
                name,
                dir,
                available,
            } => (
                Location::Path(dir.clone()),
                format!("theme `{name}` not found"),
                Some(
                    match suggest::did_you_mean(name, available.iter().map(String::as_str)) {
                        Some(h) => h,
                        None => format!(
                            "create themes/{name}/ with the files to override, or remove `theme:` to use the built-in theme"
                        ),
                    },
                ),
            ),
            ThemeError::Io { path, source } => {
                (Location::Path(path.clone()), source.to_string(), None)
            }
            ThemeError::Escapes { path } => (
                Location::Path(path.clone()),
                "leads outside the theme folder".to_string(),
                Some("copy the file into the theme folder instead of linking to it".to_string()),
            ),
            ThemeError::NotUtf8 { path } => (
                Location::Path(path.clone()),
                "a template must be UTF-8 text".to_string(),
                Some("save the file as UTF-8".to_string()),
            ),
            ThemeError::Template { theme, message } => (
                Location::Project,
                format!("theme `{theme}`: {message}"),
                Some(format!(
                    "templates are read from themes/{theme}/templates/, the rest are built in; see docs/theming.md"
                )),
            ),
        };
        let d = Diagnostic::new(Severity::Error, location, message);
        match hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    }
}

impl Theme {
    /// The built-in default theme alone.
    pub fn builtin() -> Theme {
        Theme::assemble("default", BTreeMap::new(), Vec::new())
            .expect("the built-in theme's templates parse (tested)")
    }

    /// The theme `name` for the project at `project_root`: the built-in
    /// files, each replaced by `themes/<name>/<same path>` when that exists.
    /// `default` without a folder is the built-in theme; any other name must
    /// have a folder.
    pub fn load(project_root: &Path, name: &str) -> Result<Theme, ThemeError> {
        let mut parts = Path::new(name).components();
        let plain = matches!(
            (parts.next(), parts.next()),
            (Some(Component::Normal(_)), None)
        );
        if !plain || name.starts_with('.') || name.contains(['/', '\\']) {
            return Err(ThemeError::BadName {
                name: name.to_string(),
            });
        }
        let themes = project_root.join("themes");
        let dir = themes.join(name);
        if !dir.exists() {
            if name == "default" {
                return Ok(Theme::builtin());
            }
            return Err(ThemeError::NotFound {
                name: name.to_string(),
                dir,
                available: folders(&themes),
            });
        }
        let io_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| ThemeError::Io { path, source }
        };
        let real_root = project_root.canonicalize().map_err(io_err(project_root))?;
        let real_dir = dir.canonicalize().map_err(io_err(&dir))?;
        if !real_dir.starts_with(&real_root) {
            return Err(ThemeError::Escapes { path: dir });
        }
        let mut files = BTreeMap::new();
        let mut overrides = Vec::new();
        let mut ignored = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(&dir).to_path_buf();
                ThemeError::Io {
                    path,
                    source: e.into(),
                }
            })?;
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let top = rel.components().next().and_then(|c| c.as_os_str().to_str());
            if entry.file_type().is_dir() {
                continue;
            }
            if !matches!(top, Some("templates" | "static")) {
                let hidden = rel
                    .components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
                if !hidden && !matches!(top, Some("README.md" | "LICENSE" | "LICENSE.txt")) {
                    ignored.push(entry.path().to_path_buf());
                }
                continue;
            }
            let real = entry.path().canonicalize().map_err(io_err(entry.path()))?;
            if !real.starts_with(&real_dir) {
                return Err(ThemeError::Escapes {
                    path: entry.path().to_path_buf(),
                });
            }
            if !real.is_file() {
                continue;
            }
            let key: Vec<&str> = rel
                .components()
                .filter_map(|c| c.as_os_str().to_str())
                .collect();
            if key.len() != rel.components().count() {
                // A non-UTF-8 file name cannot be named by a template.
                return Err(ThemeError::NotUtf8 {
                    path: entry.path().to_path_buf(),
                });
            }
            let bytes = std::fs::read(entry.path()).map_err(io_err(entry.path()))?;
            files.insert(key.join("/"), (entry.path().to_path_buf(), bytes));
        }
        for (_, (path, _)) in files.iter() {
            overrides.push(path.clone());
        }
        let mut theme = Theme::assemble(name, files, overrides)?;
        theme.ignored = ignored;
        Ok(theme)
    }

    /// Files of the project's theme folder that the theme does not use:
    /// only `templates/` and `static/` are read.
    pub fn ignored(&self) -> &[PathBuf] {
        &self.ignored
    }

    /// Built-in files overlaid with `files` (theme path -> (disk path, bytes)).
    fn assemble(
        name: &str,
        mut files: BTreeMap<String, (PathBuf, Vec<u8>)>,
        overrides: Vec<PathBuf>,
    ) -> Result<Theme, ThemeError> {
        for (path, bytes) in BUILTIN {
            files
                .entry(path.to_string())
                .or_insert_with(|| (PathBuf::from(format!("<built-in>/{path}")), bytes.to_vec()));
        }
        let mut templates = Vec::new();
        let mut assets = BTreeMap::new();
        let all: BTreeMap<String, Vec<u8>> = files
            .iter()
            .map(|(k, (_, b))| (k.clone(), b.clone()))
            .collect();
        for (key, (path, bytes)) in files {
            if let Some(tpl) = key.strip_prefix("templates/") {
                let text = String::from_utf8(bytes).map_err(|_| ThemeError::NotUtf8 { path })?;
                templates.push((tpl.to_string(), text));
            } else if let Some(asset) = key.strip_prefix("static/") {
                assets.insert(asset.to_string(), bytes);
            }
        }
        let mut tera = tera::Tera::new();
        // The shell of the pages whose content migplan writes itself (see
        // `Theme::is_builtin`): the theme's `base.html` around it.
        templates.push((NATIVE_PAGE.to_string(), NATIVE_PAGE_TEXT.to_string()));
        templates.push((
            NATIVE_PAGE_HEAD.to_string(),
            NATIVE_PAGE_HEAD_TEXT.to_string(),
        ));
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| ThemeError::Template {
                theme: name.to_string(),
                message: e.to_string(),
            })?;
        Ok(Theme {
            name: name.to_string(),
            tera,
            assets,
            overrides,
            files: all,
            ignored: Vec::new(),
        })
    }

    /// Every file of the theme in use (built-in and overrides), theme path
    /// and bytes, in path order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the theme's file at `path` (`templates/schedule.html`) is
    /// the built-in one, byte for byte: then migplan may write what that
    /// template would (the large pages' content, much faster than Tera)
    /// and render only the page around it with [`NATIVE_PAGE`].
    pub fn is_builtin(&self, path: &str) -> bool {
        BUILTIN
            .iter()
            .find(|(p, _)| *p == path)
            .is_some_and(|(_, bytes)| self.files.get(path).is_some_and(|f| f == bytes))
    }

    /// Renders `template` (a path under `templates/`, e.g. `schedule.html`).
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, ThemeError> {
        self.tera
            .render(template, context)
            .map(|page| match crate::render::text::without_bidi(&page) {
                std::borrow::Cow::Borrowed(_) => page,
                std::borrow::Cow::Owned(clean) => clean,
            })
            .map_err(|e| {
                let mut message = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    message.push_str(&format!("\n  caused by: {s}"));
                    source = s.source();
                }
                ThemeError::Template {
                    theme: self.name.clone(),
                    message,
                }
            })
    }

    /// Static files (path under `static/`, bytes), in path order.
    pub fn assets(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.assets.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    pub fn asset(&self, path: &str) -> Option<&[u8]> {
        self.assets.get(path).map(Vec::as_slice)
    }

    /// The project's files this theme uses instead of (or besides) built-in ones.
    pub fn overrides(&self) -> &[PathBuf] {
        &self.overrides
    }

    /// The project's theme files (path on disk, bytes), in path order: the
    /// theme sources a Solution Document embeds.
    pub fn project_files(&self) -> impl Iterator<Item = (&Path, &[u8])> {
        self.files.iter().filter_map(|(key, bytes)| {
            self.overrides
                .iter()
                .find(|p| p.ends_with(key))
                .map(|p| (p.as_path(), bytes.as_slice()))
        })
    }
}

/// Folder names under `themes/`, for "did you mean".
fn folders(themes: &Path) -> Vec<String> {
    let Ok(read) = std::fs::read_dir(themes) else {
        return Vec::new();
    };
    let mut names: Vec<String> = read
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "migplan-theme-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn write(path: &Path, bytes: &[u8]) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    #[test]
    fn builtin_list_matches_the_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = BUILTIN.iter().map(|(p, _)| p.to_string()).collect();
        listed.sort();
        assert_eq!(
            on_disk, listed,
            "BUILTIN in theme.rs must list every file of themes/default/"
        );
        Theme::builtin();
    }

    #[test]
    fn default_without_folder_is_builtin() {
        let dir = project();
        let t = Theme::load(&dir, "default").unwrap();
        assert!(t.overrides().is_empty());
        assert!(t.asset("style.css").is_some());
    }

    #[test]
    fn overrides_file_by_file() {
        let dir = project();
        write(
            &dir.join("themes/lakeside/static/style.css"),
            b"body{color:teal}",
        );
        write(&dir.join("themes/lakeside/static/logo.svg"), b"<svg/>");
        write(&dir.join("themes/lakeside/README.md"), b"ignored");
        let t = Theme::load(&dir, "lakeside").unwrap();
        assert_eq!(t.asset("style.css"), Some(&b"body{color:teal}"[..]));
        assert_eq!(t.asset("logo.svg"), Some(&b"<svg/>"[..]));
        assert_eq!(t.overrides().len(), 2);
        // Templates not overridden are still there.
        assert!(t.tera.get_template_names().any(|n| n == "schedule.html"));
    }

    #[test]
    fn builtin_means_the_same_bytes_as_the_built_in_file() {
        let dir = project();
        let builtin = |path: &str| BUILTIN.iter().find(|(p, _)| *p == path).unwrap().1;
        write(
            &dir.join("themes/mine/templates/schedule.html"),
            &[builtin("templates/schedule.html"), b" "].concat(),
        );
        write(
            &dir.join("themes/mine/templates/gantt.html"),
            builtin("templates/gantt.html"),
        );
        let t = Theme::load(&dir, "mine").unwrap();
        assert!(!t.is_builtin("templates/schedule.html"));
        assert!(t.is_builtin("templates/gantt.html"));
        assert!(t.is_builtin("templates/components.html"));
        assert!(!t.is_builtin("templates/mine.html"));
    }

    #[test]
    fn errors_name_the_problem() {
        let dir = project();
        std::fs::create_dir_all(dir.join("themes/lakeside")).unwrap();
        let e = Theme::load(&dir, "lakesid").unwrap_err();
        assert!(matches!(e, ThemeError::NotFound { .. }), "{e}");
        assert_eq!(
            e.diagnostic().hint.as_deref(),
            Some("did you mean `lakeside`?")
        );
        assert!(matches!(
            Theme::load(&dir, "../x"),
            Err(ThemeError::BadName { .. })
        ));
        assert!(matches!(
            Theme::load(&dir, "a/b"),
            Err(ThemeError::BadName { .. })
        ));

        write(
            &dir.join("themes/bad/templates/base.html"),
            b"\xff\xfe{{ x }}",
        );
        match Theme::load(&dir, "bad") {
            Err(ThemeError::NotUtf8 { path }) => assert!(path.ends_with("templates/base.html")),
            other => panic!("{other:?}"),
        }

        write(&dir.join("themes/broken/templates/base.html"), b"{% if %}");
        match Theme::load(&dir, "broken") {
            Err(ThemeError::Template { message, .. }) => {
                assert!(message.contains("base.html"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_are_refused() {
        let dir = project();
        let outside = dir.join("secret.txt");
        write(&outside, b"secret");
        std::fs::create_dir_all(dir.join("themes/leaky/static")).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("themes/leaky/static/style.css")).unwrap();
        match Theme::load(&dir, "leaky") {
            Err(ThemeError::Escapes { path }) => assert!(path.ends_with("static/style.css")),
            other => panic!("{other:?}"),
        }
    }
}
