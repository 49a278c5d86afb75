//! Where the report goes: `--output FILE` (replaced atomically, never colored), standard output,
//! or standard error when standard output carries the fixed text of standard input.

use super::fixing::Fixer;
use super::{error, exit_status, CheckArgs, ColorChoice, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::output::{self, FileReport, Format};
use crate::rule::Severity;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

/// A standard stream to write to.
#[derive(Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

impl Stream {
    fn is_terminal(self) -> bool {
        match self {
            Stream::Stdout => io::stdout().is_terminal(),
            Stream::Stderr => io::stderr().is_terminal(),
        }
    }

    /// Writes `bytes`; a closed pipe (`pmlint … | head`) is not an error.
    fn write(self, bytes: &[u8]) -> io::Result<()> {
        let result = match self {
            Stream::Stdout => {
                let mut out = io::stdout().lock();
                out.write_all(bytes).and_then(|_| out.flush())
            }
            Stream::Stderr => io::stderr().lock().write_all(bytes),
        };
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}

fn color(choice: ColorChoice, stream: Stream) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stream.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

fn render(format: Format, reports: &[FileReport], color: bool) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    output::write(format, reports, color, &mut buf)?;
    Ok(buf)
}

/// Replaces `path` with `bytes`; on failure prints a one-line error naming it and returns false.
pub(super) fn write_file(path: &Path, bytes: &[u8]) -> bool {
    match crate::atomic::write(path, bytes) {
        Ok(()) => true,
        Err(e) => {
            error(&format!("{}: cannot write output: {e}", path.display()));
            false
        }
    }
}

/// `--output FILE` without fixing: the report in `format`, without color, written atomically.
/// Returns the exit status.
pub(super) fn to_file(
    path: &Path,
    format: Format,
    reports: &[FileReport],
    io_error: bool,
    fail_on: Severity,
) -> u8 {
    let written = render(format, reports, false).is_ok_and(|bytes| write_file(path, &bytes));
    if !written {
        return EXIT_ERROR;
    }
    exit_status(reports, io_error, fail_on)
}

/// Output after `--fix` or `--diff`, and the exit status.
///
/// `--diff`: the diff goes to `--output` or standard output; the status is 1 when there is
/// anything to fix, else 0 (2 after an I/O error). `--fix`: the fixed standard input, if any, goes
/// to standard output and the report to standard error (or `--output`); otherwise the report goes
/// where it would without `--fix`; the status comes from the findings left. Either way a line on
/// standard error says how many findings were (or would be) fixed.
pub(super) fn after_fixing(
    args: &CheckArgs,
    reports: &[FileReport],
    fixer: Fixer,
    io_error: bool,
) -> u8 {
    let io_error = io_error || fixer.failed;
    let mut status = if args.diff {
        let written = match &args.output {
            Some(path) => write_file(path, fixer.diff.as_bytes()),
            None => report_stream_error(Stream::Stdout.write(fixer.diff.as_bytes())),
        };
        if !written || io_error {
            EXIT_ERROR
        } else if fixer.changed > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        }
    } else {
        let mut written = true;
        if let Some(text) = &fixer.stdin_text {
            written &= report_stream_error(Stream::Stdout.write(text));
        }
        written &= match &args.output {
            Some(path) => {
                render(args.format, reports, false).is_ok_and(|bytes| write_file(path, &bytes))
            }
            None => {
                let stream = if fixer.stdin_text.is_some() {
                    Stream::Stderr
                } else {
                    Stream::Stdout
                };
                let bytes = render(args.format, reports, color(args.color, stream));
                report_stream_error(bytes.and_then(|b| stream.write(&b)))
            }
        };
        if written {
            exit_status(reports, io_error, args.fail_on.threshold())
        } else {
            EXIT_ERROR
        }
    };
    if let Some(line) = fixer.summary() {
        if Stream::Stderr
            .write(format!("pmlint: {line}\n").as_bytes())
            .is_err()
        {
            status = EXIT_ERROR;
        }
    }
    status
}

/// Prints an error for a failed write to a standard stream; returns whether it succeeded.
fn report_stream_error(result: io::Result<()>) -> bool {
    match result {
        Ok(()) => true,
        Err(e) => {
            error(&format!("cannot write output: {e}"));
            false
        }
    }
}
