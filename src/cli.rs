//! Command line -> options structs for `migplan::cmd`. The only place that
//! knows about clap, the clock and the terminal.

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use migplan::cmd::{self, Exit, Term};
use migplan::report::Style;

#[derive(Parser, Debug)]
#[command(
    name = "migplan",
    version,
    about = "Compile a data-migration plan into a versioned site, a PDF Solution Document and schedule exports"
)]
struct Cli {
    /// Print how long each stage took (also: MIGPLAN_PROFILE=1)
    #[arg(long, global = true)]
    profile: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write an example plan project into DIR (default: the current folder)
    Init {
        /// Folder to write `content/` into
        dir: Option<PathBuf>,
    },
    /// Load, validate and schedule the plan; print every problem
    Check {
        #[command(flatten)]
        common: Common,
        /// Treat warnings as errors (exit code 1)
        #[arg(long)]
        deny_warnings: bool,
        /// Exit 1 when work is overdue as of the as-of date
        #[arg(long)]
        deny_overdue: bool,
        /// Output format for diagnostics
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Build the site, PDF and exports into output/<version>/
    Build {
        #[command(flatten)]
        common: Common,
        /// Output folder (default: <root>/output)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Start schedule.csv with a UTF-8 byte order mark (Excel needs it to read accents)
        #[arg(long)]
        csv_bom: bool,
    },
    /// Write only the PDF Solution Document
    Pdf {
        #[command(flatten)]
        common: Common,
        /// Where to write it (default: <root>/<title-slug>-<version>.pdf)
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// Check output/ against its manifest: every file present and unchanged
    Verify {
        /// Project folder whose output/ to check (default: the current folder)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: <root>/output)
        #[arg(long)]
        out: Option<PathBuf>,
        /// A root hash recorded outside output/ (as `build` prints it): the
        /// archive's history must contain it
        #[arg(long, value_name = "ROOT")]
        expect: Option<String>,
    },
    /// Print what changed between two built versions
    Diff {
        /// Project folder whose output/ holds the versions (default: the current folder)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder holding the versions (default: <root>/output)
        #[arg(long)]
        out: Option<PathBuf>,
        /// The earlier version, e.g. 1.0.0
        from: String,
        /// The later version, e.g. 1.1.0
        to: String,
        /// Output format
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// Print the status report: done, in progress, blocked, overdue, due soon, variance
    Status {
        #[command(flatten)]
        common: Common,
        /// The previous report's date: "done" lists work finished since then (default: the project start)
        #[arg(long, value_parser = parse_date)]
        since: Option<NaiveDate>,
        /// Output format (markdown: ready to paste into an e-mail; pdf: needs --output)
        #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
        format: StatusFormat,
        /// Write the report to FILE instead of stdout
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
    },
    /// Record that a task has started (appends to content/progress.yaml)
    Start {
        #[command(flatten)]
        event: EventArgs,
    },
    /// Record that a task is done (appends to content/progress.yaml)
    Done {
        #[command(flatten)]
        event: EventArgs,
    },
    /// Sign the current content as a stakeholder, with their SSH key
    Sign {
        /// The plan project (the folder holding content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The signer's stakeholder id
        #[arg(long)]
        by: String,
        /// Their OpenSSH private key file (not passphrase-protected); the
        /// sign-off is appended to content/signoffs.yaml
        #[arg(long, required_unless_present = "statement")]
        key: Option<PathBuf>,
        /// Only print the statement to sign (e.g. with `ssh-keygen -Y sign`)
        #[arg(long, conflicts_with_all = ["key", "comment"])]
        statement: bool,
        /// The decision
        #[arg(long, value_enum, default_value_t = SignDecision::Approved)]
        decision: SignDecision,
        /// The sign-off's date (YYYY-MM-DD; default: today)
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Their reasons or conditions
        #[arg(long)]
        comment: Option<String>,
    },
    /// Import a process table (xlsx, xls, ods, csv) as a new schedule file
    Import {
        /// The spreadsheet or CSV file
        file: PathBuf,
        /// The plan project (the folder holding content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The sheet to read (default: the first)
        #[arg(long)]
        sheet: Option<String>,
        /// The file to write (default: content/schedule/<file name>.yaml); never overwritten
        #[arg(long)]
        into: Option<PathBuf>,
        /// FIELD=COLUMN: read a task field from a column of another name,
        /// e.g. --map Due=Deadline (repeatable)
        #[arg(long = "map", value_name = "FIELD=COLUMN", value_parser = parse_map)]
        maps: Vec<(String, String)>,
    },
    /// Live preview: serve the site, rebuilt and reloaded on every save
    Serve {
        #[command(flatten)]
        common: Common,
        /// Port to listen on (0: any free port)
        #[arg(long, default_value_t = cmd::serve::PORT)]
        port: u16,
        /// Address to listen on (default: this machine only)
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the default browser
        #[arg(long)]
        open: bool,
    },
    /// Print the computed schedule
    Schedule {
        #[command(flatten)]
        common: Common,
        /// Output format
        #[arg(long, value_enum, default_value_t = ScheduleFormat::Table)]
        format: ScheduleFormat,
        /// With --format csv: start with a UTF-8 byte order mark (for Excel)
        #[arg(long)]
        csv_bom: bool,
        /// Only the tasks and runbook steps of this stakeholder (id) or owner label
        #[arg(long, value_name = "ID|LABEL")]
        owner: Option<String>,
    },
}

#[derive(clap::Args, Debug)]
struct Common {
    /// The plan project (the folder holding content/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Date to compute overdue tasks against (YYYY-MM-DD; default: today)
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
}

#[derive(clap::Args, Debug)]
struct EventArgs {
    /// The task's id
    task: String,
    /// The plan project (the folder holding content/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// When it happened: YYYY-MM-DD or "YYYY-MM-DD HH:MM" (default: today)
    #[arg(long)]
    on: Option<String>,
    /// Who records it (a stakeholder id)
    #[arg(long)]
    by: Option<String>,
    /// A note for the status report
    #[arg(long)]
    note: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum StatusFormat {
    Text,
    Markdown,
    Json,
    Pdf,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum SignDecision {
    Approved,
    Rejected,
    ChangesRequested,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum DiffFormat {
    Text,
    Markdown,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ScheduleFormat {
    Table,
    Json,
    Csv,
    Ics,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    match migplan::model::Date::parse(s) {
        Some(d) if migplan::model::in_plan_range(d) => Ok(d),
        Some(_) => Err(migplan::model::out_of_range_message(s)),
        None => Err(format!(
            "`{s}` is not a date: write YYYY-MM-DD, e.g. 2026-11-20"
        )),
    }
}

fn parse_map(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((f, c)) if !f.trim().is_empty() && !c.trim().is_empty() => {
            Ok((f.trim().to_string(), c.trim().to_string()))
        }
        _ => Err(format!("`{s}` is not FIELD=COLUMN, e.g. Due=Deadline")),
    }
}

/// `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) as a date, if set.
fn source_date_epoch() -> Option<NaiveDate> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    chrono::DateTime::from_timestamp(secs, 0).map(|t| t.date_naive())
}

/// `<root>/output`, written `output` for the current folder.
fn output_of(root: &std::path::Path) -> PathBuf {
    if root == std::path::Path::new(".") {
        PathBuf::from("output")
    } else {
        root.join("output")
    }
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// `migplan start` / `migplan done`: the clock is read here, never in the
/// library (the event's date defaults to today, and must not be after it).
fn progress_event(e: EventArgs, status: migplan::model::TaskStatus, term: &mut Term) -> Exit {
    cmd::progress::run(
        &cmd::progress::Options {
            root: e.root,
            task: e.task,
            status,
            on: e.on,
            by: e.by,
            note: e.note,
            today: today(),
        },
        term,
    )
}

pub fn run() -> Exit {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Usage
            } else {
                Exit::Ok
            };
        }
    };
    let profiling = cli.profile || std::env::var_os("MIGPLAN_PROFILE").is_some_and(|v| v == "1");
    if profiling {
        migplan::profile::enable();
    }
    let exit = run_command(cli.command);
    if profiling {
        eprint!("{}", migplan::profile::report());
    }
    exit
}

fn run_command(command: Command) -> Exit {
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let stdout_color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut term = Term {
        out: &mut stdout,
        err: &mut stderr,
        style: Style { color },
    };
    match command {
        Command::Init { dir } => cmd::init::run(
            &cmd::init::Options {
                dir: dir.unwrap_or_else(|| PathBuf::from(".")),
            },
            &mut term,
        ),
        Command::Check {
            common,
            deny_warnings,
            deny_overdue,
            format,
        } => cmd::check::run(
            &cmd::check::Options {
                root: common.root,
                as_of: common.as_of.unwrap_or_else(today),
                deny_warnings,
                deny_overdue,
                format: match format {
                    CheckFormat::Text => cmd::check::Format::Text,
                    CheckFormat::Json => cmd::check::Format::Json,
                },
            },
            &mut term,
        ),
        Command::Build {
            common,
            out,
            csv_bom,
        } => cmd::build::run(
            &cmd::build::Options {
                root: common.root,
                out,
                as_of: common.as_of.unwrap_or_else(today),
                build_date: source_date_epoch(),
                csv_bom,
            },
            &mut term,
        ),
        Command::Pdf { common, output } => cmd::pdf::run(
            &cmd::pdf::Options {
                root: common.root,
                output,
                as_of: common.as_of.unwrap_or_else(today),
                build_date: source_date_epoch(),
            },
            &mut term,
        ),
        Command::Verify { root, out, expect } => cmd::verify::run(
            &cmd::verify::Options {
                out: out.unwrap_or_else(|| output_of(&root)),
                expect,
            },
            &mut term,
        ),
        Command::Diff {
            root,
            out,
            from,
            to,
            format,
        } => cmd::diff::run(
            &cmd::diff::Options {
                out: out.unwrap_or_else(|| output_of(&root)),
                from,
                to,
                format: match format {
                    DiffFormat::Text => migplan::diff::Format::Text,
                    DiffFormat::Markdown => migplan::diff::Format::Markdown,
                    DiffFormat::Json => migplan::diff::Format::Json,
                },
            },
            &mut term,
        ),
        Command::Status {
            common,
            since,
            format,
            output,
        } => cmd::status::run(
            &cmd::status::Options {
                root: common.root,
                as_of: common.as_of.unwrap_or_else(today),
                since,
                format: match format {
                    StatusFormat::Text => cmd::status::Format::Text,
                    StatusFormat::Markdown => cmd::status::Format::Markdown,
                    StatusFormat::Json => cmd::status::Format::Json,
                    StatusFormat::Pdf => cmd::status::Format::Pdf,
                },
                output,
            },
            &mut term,
        ),
        Command::Start { event } => {
            progress_event(event, migplan::model::TaskStatus::Doing, &mut term)
        }
        Command::Done { event } => {
            progress_event(event, migplan::model::TaskStatus::Done, &mut term)
        }
        Command::Sign {
            root,
            by,
            key,
            statement: _,
            decision,
            date,
            comment,
        } => cmd::sign::run(
            &cmd::sign::Options {
                root,
                by,
                // clap requires `--key` unless `--statement` is given.
                action: match key {
                    Some(key) => cmd::sign::Action::Sign { key },
                    None => cmd::sign::Action::Statement,
                },
                decision: match decision {
                    SignDecision::Approved => migplan::model::Decision::Approved,
                    SignDecision::Rejected => migplan::model::Decision::Rejected,
                    SignDecision::ChangesRequested => migplan::model::Decision::ChangesRequested,
                },
                date: date.unwrap_or_else(today),
                comment,
            },
            &mut term,
        ),
        Command::Import {
            file,
            root,
            sheet,
            into,
            maps,
        } => cmd::import::run(
            &cmd::import::Options {
                // `--into` is relative to the current folder, as FILE is.
                root,
                file,
                sheet,
                into,
                maps,
            },
            &mut term,
        ),
        Command::Serve {
            common,
            port,
            bind,
            open,
        } => cmd::serve::run(
            &cmd::serve::Options {
                root: common.root,
                as_of: common.as_of.unwrap_or_else(today),
                bind,
                port,
                open,
            },
            &mut term,
        ),
        Command::Schedule {
            common,
            format,
            csv_bom,
            owner,
        } => {
            // The table is coloured only when stdout itself is a terminal.
            term.style.color = stdout_color && matches!(format, ScheduleFormat::Table);
            cmd::schedule::run(
                &cmd::schedule::Options {
                    root: common.root,
                    as_of: common.as_of.unwrap_or_else(today),
                    format: match format {
                        ScheduleFormat::Table => cmd::schedule::Format::Table,
                        ScheduleFormat::Json => cmd::schedule::Format::Json,
                        ScheduleFormat::Csv => cmd::schedule::Format::Csv,
                        ScheduleFormat::Ics => cmd::schedule::Format::Ics,
                    },
                    csv_bom,
                    owner,
                },
                &mut term,
            )
        }
    }
}
