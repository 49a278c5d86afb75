//! Output formats. Each writes every finding of every file, in order, to a writer.

mod github;
mod human;
mod json;
pub mod paths;
pub mod sarif;
mod short;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use std::io::{self, Write};

/// The findings of one document, with its source for positions and snippets.
pub struct FileReport {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

/// `--format` values (the contract in `shared/spec/PRODUCT.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette's graphical report: snippet, labels and help.
    Human,
    /// `path:line:column: CODE message`, one line per finding.
    Short,
    /// A JSON array of findings.
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub's `upload-sarif`).
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::message`), shown as annotations.
    Github,
}

/// Writes `reports` (already in path order) in `format`; `color` applies to `human` only.
pub fn write(
    format: Format,
    reports: &[FileReport],
    color: bool,
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut stream = Stream::new(format, color);
    for r in reports {
        stream.report(r, w)?;
    }
    stream.finish(w)
}

/// The output of one file in a format where it depends on that file alone (`short`, `github`),
/// so that it can be rendered on the thread that linted the file (which then also frees the
/// file's source and findings); None for the other formats, which [`Stream`] writes.
pub fn render_alone(format: Format, r: &FileReport) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    match format {
        Format::Short => short::append(r, &mut out),
        Format::Github => github::report(r, &mut out).ok()?,
        Format::Human | Format::Json | Format::Sarif => return None,
    }
    Some(out)
}

/// Output written one file at a time, in path order, so that each file's source can be dropped
/// once it is written (memory stays bounded however many files there are). A format that needs
/// every finding before it writes anything keeps what it needs in its state.
pub struct Stream {
    state: State,
}

enum State {
    Human(Box<human::Human>),
    /// The line buffer, reused from one file to the next.
    Short(Vec<u8>),
    Json(json::Json),
    Sarif(sarif::Sarif),
    Github,
}

impl Stream {
    pub fn new(format: Format, color: bool) -> Self {
        let state = match format {
            Format::Human => State::Human(Box::new(human::Human::new(color))),
            Format::Short => State::Short(Vec::new()),
            Format::Json => State::Json(json::Json::new()),
            Format::Sarif => State::Sarif(sarif::Sarif::default()),
            Format::Github => State::Github,
        };
        Stream { state }
    }

    /// Writes the findings of the next file.
    pub fn report(&mut self, r: &FileReport, w: &mut dyn Write) -> io::Result<()> {
        match &mut self.state {
            State::Human(h) => h.report(r, w),
            State::Short(buffer) => short::report(r, buffer, w),
            State::Json(j) => j.report(r, w),
            State::Sarif(s) => {
                s.report(r);
                Ok(())
            }
            State::Github => github::report(r, w),
        }
    }

    /// Writes what comes after the last file (a summary, a closing bracket).
    pub fn finish(&self, w: &mut dyn Write) -> io::Result<()> {
        match &self.state {
            State::Human(h) => h.finish(w),
            State::Short(_) => Ok(()),
            State::Json(j) => j.finish(w),
            State::Sarif(s) => s.finish(w),
            State::Github => Ok(()),
        }
    }
}
