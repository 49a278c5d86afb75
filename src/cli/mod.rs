//! The command line: `pmlint [OPTIONS] [PATH ...]`, `pmlint rules`, `pmlint explain CODE`,
//! `pmlint config [PATH]`, `pmlint init`.
//! `pmlint new [--profile NAME|PATH]`.
//!
//! Exit status (the contract in `shared/spec/PRODUCT.md`): 0 no error-severity finding, 1 at least
//! one, 2 usage, configuration or I/O error (every other file is still linted and reported).
//! `--fail-on warning` makes warnings count for exit status 1 too.

mod commands;
mod configure;
mod fixing;
mod generate;
mod inputs;
mod parallel;
mod remote;
mod report;

use crate::facts::Postmortem;
use crate::fix::FixMode;
use crate::lint::{check_facts, lint};
use crate::output::{self, FileReport, Format};
use crate::rule::Severity;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use configure::ConfigArgs;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

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
    /// Print the effective configuration for a file or folder, and where each value comes from
    Config {
        /// A file or folder [default: the current directory]
        path: Option<PathBuf>,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Write a commented .pmlint.toml in the current directory (never overwrites one)
    Init,
    /// Print a postmortem skeleton for a profile, with placeholders to replace
    New {
        /// Profile: the name of a built-in profile or the path of a profile TOML file
        #[arg(long, default_value = "default")]
        profile: String,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) on standard output
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff, section 1) on standard output
    Man,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("fixing").multiple(true)))]
struct CheckArgs {
    /// Files (any extension) or directories (walked for *.md and *.markdown, honouring
    /// .gitignore and .ignore); `-` reads standard input. Default: the current directory
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    #[command(flatten)]
    config: ConfigArgs,
    /// Path to report (and resolve relative images against) for standard input
    #[arg(long)]
    stdin_filename: Option<PathBuf>,
    /// When to color the human format
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Apply safe fixes and write the files back (standard input: print the fixed text, and the
    /// report on standard error); the findings left are reported
    #[arg(long, group = "fixing")]
    fix: bool,
    /// Print a unified diff of what --fix would change, write nothing; exit 1 if there is any
    #[arg(long, group = "fixing")]
    diff: bool,
    /// With --fix or --diff, apply unsafe fixes too (they may change the meaning)
    #[arg(long, requires = "fixing")]
    unsafe_fixes: bool,
    /// Write the report (or the diff) to FILE, replaced atomically, instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Seconds allowed for one HTTP request of the remote checks
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    remote_timeout: u64,
    /// Directory where the remote checks keep the URLs found to serve an image
    #[arg(long, value_name = "DIR")]
    remote_cache: Option<PathBuf>,
    /// Hours after which a cached image URL is checked again
    #[arg(long, value_name = "HOURS", default_value_t = 24)]
    remote_cache_max_age: u64,
    /// The lowest severity that makes the exit status 1
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
}

impl CheckArgs {
    fn remote_options(&self) -> crate::remote::RemoteOptions {
        crate::remote::RemoteOptions {
            timeout: std::time::Duration::from_secs(self.remote_timeout),
            cache_dir: self.remote_cache.clone(),
            cache_max_age: std::time::Duration::from_secs(
                self.remote_cache_max_age.saturating_mul(3600),
            ),
            ..Default::default()
        }
    }
}

/// `--fail-on`: which findings make the exit status 1 (`error` is the contract's default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// Error-severity findings only
    Error,
    /// Warning- and error-severity findings
    Warning,
}

impl FailOn {
    fn threshold(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
        }
    }
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
        Some(Command::Config { path, config }) => configure::show(path.as_deref(), &config),
        Some(Command::Init) => configure::init(),
        Some(Command::New { profile }) => {
            match crate::config::resolve::load_profile(&profile, std::path::Path::new(".")) {
                Ok(p) => commands::new(&p),
                Err(e) => {
                    error(&e);
                    EXIT_ERROR
                }
            }
        }
        Some(Command::Completions { shell }) => generate::completions(shell, Cli::command()),
        Some(Command::Man) => generate::man(Cli::command()),
        None => check(cli.check),
    };
    ExitCode::from(code)
}

/// With `--check-remote`: each document is still parsed once — facts first, then the network
/// checks of every document's image URLs at once, then the rules on those same facts (so every
/// document's facts are held in memory until the checks are done).
fn lint_with_remote_checks(
    read: Vec<(
        inputs::Document,
        crate::source::SourceFile,
        std::sync::Arc<crate::config::Effective>,
    )>,
    options: &crate::remote::RemoteOptions,
) -> Vec<FileReport> {
    let findings: Vec<_> = {
        let mut facts: Vec<Postmortem> = read
            .iter()
            .map(|(doc, source, effective)| {
                Postmortem::build(source, &effective.settings.profile, doc.disk_path())
            })
            .collect();
        let results = remote::run(&read, &facts, options);
        facts
            .iter_mut()
            .zip(&read)
            .map(|(pm, (_, _, effective))| {
                pm.remote = results.as_ref();
                check_facts(pm, &effective.settings)
            })
            .collect()
    };
    read.into_iter()
        .zip(findings)
        .map(|((_, source, _), diagnostics)| FileReport {
            source,
            diagnostics,
        })
        .collect()
}

fn check(args: CheckArgs) -> u8 {
    let configs = match args.config.configs() {
        Ok(c) => Arc::new(Mutex::new(c)),
        Err(e) => {
            error(&e);
            return EXIT_ERROR;
        }
    };
    // Shared with the directory walker, which asks which paths the configuration excludes.
    let excluded: inputs::Excluded = {
        let c = configs.clone();
        Arc::new(move |p: &Path| {
            let mut c = c.lock().unwrap_or_else(|e| e.into_inner());
            c.excluded(p).is_some()
        })
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
    } = inputs::collect(&paths, args.stdin_filename.as_deref(), &excluded);
    let mut io_error = !errors.is_empty();
    for e in errors.iter().chain(&notes) {
        error(e);
    }
    // Reports go out in path order.
    inputs::sort_by_name(&mut docs);
    // Each document with the configuration that governs it.
    let mut planned = Vec::new();
    for doc in docs {
        let effective = configs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .for_dir(doc.config_dir());
        match effective {
            Some(e) => planned.push((doc, e)),
            None => io_error = true, // its configuration file is invalid: reported below, once
        }
    }
    let config_errors = configs
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take_errors();
    for e in config_errors {
        error(&e);
        io_error = true;
    }
    let fail_on = args.fail_on.threshold();
    let remote_on = planned
        .iter()
        .any(|(_, e)| e.settings.check_remote && e.settings.enabled.contains(&"PM406"));
    if args.fix || args.diff || remote_on {
        return check_collected(&args, planned, io_error);
    }
    // The common case: lint in parallel, write each file's report as soon as it and every file
    // before it are done, and drop its source (memory stays bounded however many files).
    let color = match args.color {
        ColorChoice::Always if args.output.is_none() => true,
        ColorChoice::Auto if args.output.is_none() => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
        _ => false,
    };
    // `--output FILE` is written at the end, atomically; standard output as reports come.
    let mut buffer: Vec<u8> = Vec::new();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let target: &mut dyn Write = if args.output.is_some() {
        &mut buffer
    } else {
        &mut stdout
    };
    let mut stream = output::Stream::new(args.format, color);
    // The first write error; after it nothing more is written (linting goes on for the exit status).
    let mut write_error: Option<std::io::Error> = None;
    let mut fails = false;
    parallel::lint_in_order(&planned, LINT_CHUNK, args.format, |outcome, chunk_done| {
        match outcome {
            parallel::Outcome::Linted(report) => {
                fails |= report.diagnostics.iter().any(|d| d.severity >= fail_on);
                if write_error.is_none() {
                    write_error = stream.report(&report, target).err();
                }
            }
            parallel::Outcome::Rendered { output, worst } => {
                fails |= worst.is_some_and(|s| s >= fail_on);
                if write_error.is_none() {
                    write_error = target.write_all(&output).err();
                }
            }
            parallel::Outcome::Skipped(note) => error(&note),
            parallel::Outcome::Failed(e) => {
                error(&e);
                io_error = true;
            }
        }
        // A panic while linting the next chunk ends the process at once (`panic = "abort"`): the
        // reports written so far are out by then, as unwinding would have flushed them.
        if chunk_done && write_error.is_none() {
            write_error = target.flush().err();
        }
    });
    if write_error.is_none() {
        write_error = stream.finish(target).and_then(|_| target.flush()).err();
    }
    if let Some(e) = write_error {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            error(&format!("cannot write output: {e}"));
            return EXIT_ERROR;
        }
    }
    if let Some(path) = &args.output {
        if !report::write_file(path, &buffer) {
            return EXIT_ERROR;
        }
    }
    if io_error {
        EXIT_ERROR
    } else if fails {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// `--fix`, `--diff` and `--check-remote`: every document is read first (fixing compares the file
/// with what was read before writing it back; remote checks fetch every document's image URLs
/// at once), then the reports are written together.
fn check_collected(
    args: &CheckArgs,
    planned: Vec<(inputs::Document, std::sync::Arc<crate::config::Effective>)>,
    mut io_error: bool,
) -> u8 {
    let mut read = Vec::new();
    for (doc, effective) in planned {
        match doc.read_snapshot() {
            Ok(Some((source, snapshot))) => read.push((doc, source, snapshot, effective)),
            Ok(None) => error(&format!(
                "{}: skipped: binary file (contains NUL bytes)",
                doc.display_name()
            )),
            Err(e) => {
                error(&e);
                io_error = true;
            }
        }
    }
    let mut fixer = (args.fix || args.diff).then(|| {
        fixing::Fixer::new(
            FixMode {
                unsafe_fixes: args.unsafe_fixes,
            },
            args.diff,
        )
    });
    let mut reports: Vec<FileReport> = match fixer.as_mut() {
        // Fixing re-lints each fixed text; remote checks are not combined with it.
        Some(f) => read
            .into_iter()
            .map(|(doc, source, snapshot, effective)| {
                let mut run = |s: &crate::SourceFile| lint(s, doc.disk_path(), &effective.settings);
                let (source, diagnostics) = f.document(&doc, source, snapshot, &mut run);
                FileReport {
                    source,
                    diagnostics,
                }
            })
            .collect(),
        None => {
            let read: Vec<_> = read
                .into_iter()
                .map(|(doc, source, _, effective)| (doc, source, effective))
                .collect();
            lint_with_remote_checks(read, &args.remote_options())
        }
    };
    reports.sort_by(|a, b| a.source.name.cmp(&b.source.name));
    if let Some(f) = fixer {
        return report::after_fixing(args, &reports, f, io_error);
    }
    if let Some(path) = &args.output {
        return report::to_file(
            path,
            args.format,
            &reports,
            io_error,
            args.fail_on.threshold(),
        );
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    if let Err(e) =
        output::write(args.format, &reports, color, &mut lock).and_then(|_| lock.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            error(&format!("cannot write output: {e}"));
            return EXIT_ERROR;
        }
    }
    exit_status(&reports, io_error, args.fail_on.threshold())
}

/// 2 after an I/O or configuration error, else 1 when any finding is at `fail_on` severity or
/// above (`--fail-on`, default error), else 0.
fn exit_status(reports: &[FileReport], io_error: bool, fail_on: Severity) -> u8 {
    let fails = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= fail_on);
    if io_error {
        EXIT_ERROR
    } else if fails {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
