//! The command line: `pmlint [OPTIONS] [PATH ...]`, `pmlint rules`, `pmlint explain CODE`.
//!
//! Exit status (the contract in `shared/spec/PRODUCT.md`): 0 no error-severity finding, 1 at least
//! one, 2 usage, configuration or I/O error (every other file is still linted and reported).

mod commands;
mod inputs;
mod parallel;

use crate::lint::Settings;
use crate::output::{self, Format};
use crate::profile::Profile;
use crate::registry;
use crate::rule::Severity;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status: no error-severity finding.
pub const EXIT_CLEAN: u8 = 0;
/// Exit status: at least one error-severity finding.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: usage, configuration or I/O error.
pub const EXIT_ERROR: u8 = 2;

/// Documents linted in parallel at a time (see [`parallel::lint_in_order`]).
const LINT_CHUNK: usize = 256;

#[derive(Debug, Parser)]
#[command(
    name = "pmlint",
    version,
    about = "Lint incident postmortems written in Markdown: sections, timelines, images and durations",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List every rule: code, name, default severity, fixability and summary
    Rules,
    /// Print a rule's documentation
    Explain {
        /// A rule code (PM301) or name (timeline-out-of-order)
        rule: String,
    },
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files (any extension) or directories (walked for *.md and *.markdown, honouring
    /// .gitignore and .ignore); `-` reads standard input. Default: the current directory
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Only these rules: codes, names or families (PM3), comma-separated
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Skip these rules: codes, names or families, comma-separated
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Profile: the name of a built-in profile or the path of a profile TOML file
    #[arg(long, default_value = "default")]
    profile: String,
    /// Path to report (and resolve relative images against) for standard input
    #[arg(long)]
    stdin_filename: Option<PathBuf>,
    /// When to color the human format
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Prints `pmlint: <message>` on standard error.
fn error(message: &str) {
    eprintln!("pmlint: {message}");
}

/// Runs the command line and returns the exit status.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::Rules) => commands::rules(),
        Some(Command::Explain { rule }) => commands::explain(&rule),
        None => check(cli.check),
    };
    ExitCode::from(code)
}

fn load_profile(spec: &str) -> Result<Profile, String> {
    if let Some(p) = Profile::built_in(spec) {
        return Ok(p);
    }
    let path = std::path::Path::new(spec);
    if !path.exists() {
        let names: Vec<_> = Profile::built_in_names().collect();
        return Err(format!("unknown profile `{spec}`: expected a built-in profile ({}) or the path of a profile file", names.join(", ")));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read profile: {e}", path.display()))?;
    Profile::from_toml(&text).map_err(|e| format!("{}: invalid profile: {e}", path.display()))
}

fn settings(args: &CheckArgs) -> Result<Settings, String> {
    let mut settings = Settings::new(load_profile(&args.profile)?);
    if !args.select.is_empty() {
        let mut chosen = Vec::new();
        for s in &args.select {
            chosen.extend(registry::select(s)?.into_iter().map(|m| m.code));
        }
        settings.enabled.retain(|c| chosen.contains(c));
    }
    for s in &args.ignore {
        let skip: Vec<_> = registry::select(s)?.into_iter().map(|m| m.code).collect();
        settings.enabled.retain(|c| !skip.contains(c));
    }
    Ok(settings)
}

fn check(args: CheckArgs) -> u8 {
    let settings = match settings(&args) {
        Ok(s) => s,
        Err(e) => {
            error(&e);
            return EXIT_ERROR;
        }
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let inputs::Collected {
        mut docs,
        errors,
        notes,
    } = inputs::collect(&paths, args.stdin_filename.as_deref());
    let mut io_error = !errors.is_empty();
    for e in errors.iter().chain(&notes) {
        error(e);
    }
    // Reports go out in path order as they are linted; each source is dropped once written.
    docs.sort_by_cached_key(|d| d.display_name());
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut stream = output::Stream::new(args.format, color);
    // The first write error; after it nothing more is written (linting goes on for the exit status).
    let mut write_error: Option<std::io::Error> = None;
    let mut has_error = false;
    parallel::lint_in_order(&docs, &settings, LINT_CHUNK, |outcome| match outcome {
        parallel::Outcome::Linted(report) => {
            has_error |= report
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error);
            if write_error.is_none() {
                write_error = stream.report(&report, &mut out).err();
            }
        }
        parallel::Outcome::Skipped(note) => error(&note),
        parallel::Outcome::Failed(e) => {
            error(&e);
            io_error = true;
        }
    });
    if write_error.is_none() {
        write_error = stream.finish(&mut out).and_then(|_| out.flush()).err();
    }
    if let Some(e) = write_error {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            error(&format!("cannot write output: {e}"));
            return EXIT_ERROR;
        }
    }
    if io_error {
        EXIT_ERROR
    } else if has_error {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
